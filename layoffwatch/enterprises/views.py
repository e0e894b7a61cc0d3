from django.http import Http404
from django.shortcuts import render

from .selectors import enterprise_get, enterprise_search


def enterprise_list(request):
    qs = enterprise_search(user=request.user, q=request.GET.get("q", ""))[:50]
    return render(request, "enterprises/list.html", {"enterprises": qs, "active": "enterprises"})


def enterprise_detail(request, uscc: str):
    enterprise = enterprise_get(user=request.user, uscc=uscc)
    if enterprise is None:
        raise Http404
    return render(request, "enterprises/detail.html", {"enterprise": enterprise, "active": "enterprises"})
