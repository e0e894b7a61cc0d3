from django.http import JsonResponse

from .selectors import industry_search


def industry_lookup(request):
    """Search industries by code or name (used by the enterprise form's autocomplete)."""
    results = [
        {"code": i.code, "name": i.name, "level": i.get_level_display()}
        for i in industry_search(request.GET.get("q", ""))
    ]
    return JsonResponse({"results": results})
