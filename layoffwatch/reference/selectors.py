from django.db.models import QuerySet

from .models import Industry, Town


def towns() -> QuerySet[Town]:
    return Town.objects.all()


def industry_search(query: str, *, limit: int = 20) -> list[Industry]:
    """Find industries by code prefix (C, 36, 367, 3670) or by a part of the name.

    Code matches come first; then name matches with checked names before the placeholder names
    of groups (e.g. "汽车制造业（中类 361）"), so that a search for 汽车 shows 汽车修理与维护
    rather than six placeholders.
    """
    query = (query or "").strip().upper()
    if not query:
        return []
    by_code = list(Industry.objects.filter(code__startswith=query).order_by("code")[:limit])
    by_name = Industry.objects.filter(name__contains=query).exclude(code__startswith=query)
    by_name = by_name.order_by("-name_is_official", "code")[: limit - len(by_code)]
    return by_code + list(by_name)
