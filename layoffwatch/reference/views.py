from django.http import JsonResponse

from layoffwatch.core.forms import search_text

from .selectors import industry_search


def industry_lookup(request):
    """Search industries by code or name (used by the enterprise form's autocomplete)."""
    results = [
        {"code": i.code, "name": i.name_shown, "level": i.get_level_display()}
        for i in industry_search(search_text(request.GET.get("q")))
    ]
    return JsonResponse({"results": results})
