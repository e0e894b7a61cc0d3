from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static

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


def favicon(request):
    """The browser asks /favicon.ico of every site on its own: sent to the icon that every page's
    head links (static lw/favicon.svg), rather than a 404 in the log and the console."""
    return HttpResponsePermanentRedirect(static("lw/favicon.svg"))
