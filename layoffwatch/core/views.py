from django.http import HttpResponse, JsonResponse

from .health import readiness


def healthz(request):
    """Liveness: the process answers. No database, no login (docs/deploy.md)."""
    return HttpResponse("ok", content_type="text/plain")


def readyz(request):
    """Readiness: database, queue and data lake each usable; 503 naming the part that is not."""
    checks = readiness()
    ready = all(c["ok"] for c in checks.values())
    response = JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)
    response.headers["Cache-Control"] = "no-store"
    return response
