from django.db.models import Q, QuerySet

from .models import Industry, Town


def towns() -> QuerySet[Town]:
    return Town.objects.all()


def industry_search(query: str, *, limit: int = 20) -> QuerySet[Industry]:
    """Find industries by code prefix (C, 36, 367, 3670) or by a part of the name."""
    query = (query or "").strip().upper()
    if not query:
        return Industry.objects.none()
    return Industry.objects.filter(Q(code__startswith=query) | Q(name__contains=query)).order_by("code")[:limit]


def industry_get(code: str) -> Industry | None:
    return Industry.objects.filter(code=(code or "").strip().upper()).first()
