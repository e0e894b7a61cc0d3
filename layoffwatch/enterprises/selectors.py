"""Reads of the registry. Every read goes through enterprise_visible_to(user): the data scope lives here."""

from django.db.models import Q, QuerySet

from layoffwatch.accounts.roles import Role

from .models import DispatchRelation, Enterprise


def enterprise_visible_to(user) -> QuerySet[Enterprise]:
    """The enterprises a user may see.

    administrator, leader, section staff: the whole district;
    town liaison: enterprises of their town;
    service commissioner: enterprises assigned to them;
    HR service agency: itself and the user enterprises it dispatches staff to;
    enterprise reporter: its own enterprise.
    """
    qs = Enterprise.objects.select_related("town", "industry")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_district_wide:
        return qs
    if user.role == Role.TOWN_LIAISON and user.town_id:
        return qs.filter(town_id=user.town_id)
    if user.role == Role.COMMISSIONER:
        return qs.filter(commissioner=user)
    if user.role == Role.AGENCY and user.enterprise_id:
        served = DispatchRelation.objects.filter(agency_id=user.enterprise_id).values("user_enterprise_id")
        return qs.filter(Q(pk=user.enterprise_id) | Q(pk__in=served))
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(pk=user.enterprise_id)
    return qs.none()


def enterprise_editable_by(user) -> QuerySet[Enterprise]:
    """The enterprises a user may change: registry editors, town liaisons in their own town."""
    if user is None or not user.is_authenticated or not user.can_edit_registry:
        return Enterprise.objects.none()
    return enterprise_visible_to(user)


FLAG_FIELDS = {
    "key_sample": "is_key_sample",
    "watch": "on_watch_list",
    "labour": "is_labour_intensive",
    "agency": "is_hr_agency",
    "platform": "is_platform_employer",
}


def enterprise_search(
    *,
    user,
    q: str = "",
    town: str = "",
    industry: str = "",
    flags: list[str] | None = None,
    ownership: str = "",
    min_headcount: int | None = None,
    max_headcount: int | None = None,
    order: str = "name",
) -> QuerySet[Enterprise]:
    """Search by name or USCC, filter by town, industry (any level: C, 36, 367, 3670), flags."""
    qs = enterprise_visible_to(user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper()))
    if town:
        qs = qs.filter(town_id=town)
    if industry:
        code = industry.strip().upper()
        qs = qs.filter(industry__section=code) if code.isalpha() else qs.filter(industry_id__startswith=code)
    for flag in flags or []:
        if flag in FLAG_FIELDS:
            qs = qs.filter(**{FLAG_FIELDS[flag]: True})
    if ownership:
        qs = qs.filter(ownership=ownership)
    if min_headcount is not None:
        qs = qs.filter(insured_headcount__gte=min_headcount)
    if max_headcount is not None:
        qs = qs.filter(insured_headcount__lte=max_headcount)
    allowed = {"name", "-insured_headcount", "insured_headcount", "uscc", "town", "-updated_at"}
    return qs.order_by(order if order in allowed else "name", "pk")


def enterprise_get(*, user, uscc: str) -> Enterprise | None:
    """One enterprise by USCC, or None when it does not exist or lies outside the user's scope."""
    return enterprise_visible_to(user).filter(uscc=(uscc or "").strip().upper()).first()
