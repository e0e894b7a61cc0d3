from django.http import Http404, HttpResponse
from django.shortcuts import render

from .navigation import stage_by_key, stages_for


def stage_not_built(request, key: str):
    """Placeholder for a stage of the flow that is not built yet: says so, shows no figures."""
    stage = stage_by_key(key)
    if stage is None or stage.url_name is not None or stage not in stages_for(request.user):
        raise Http404
    return render(request, "core/not_built.html", {"stage": stage, "active": key})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
