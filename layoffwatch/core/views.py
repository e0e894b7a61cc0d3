from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from .health import readiness
from .navigation import stage_by_key, stages_for


def stage_not_built(request, key: str):
    """Placeholder for a stage of the flow that is not built yet: says so, shows no figures."""
    stage = stage_by_key(key)
    if stage is None or stage.url_name is not None or stage not in stages_for(request.user):
        raise Http404
    return render(request, "core/not_built.html", {"stage": stage, "active": key})


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
