"""Reads of rights cases, within the user's enterprise scope."""

import datetime as dt

from django.db.models import QuerySet

from layoffwatch.enterprises.selectors import enterprise_visible_to

from .models import RightsCase


def rights_cases_visible_to(user) -> QuerySet[RightsCase]:
    if user is None or not getattr(user, "is_bureau", False):
        return RightsCase.objects.none()
    return RightsCase.objects.filter(enterprise__in=enterprise_visible_to(user)).select_related(
        "enterprise", "alert"
    )


def rights_rows(*, user, now: dt.datetime, kind: str = "", overdue: bool = False) -> list[dict]:
    qs = rights_cases_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    rows = []
    for case in qs[:500]:
        late = case.overdue_stages(now=now)
        if overdue and not late:
            continue
        rows.append({"case": case, "overdue": late})
    return rows
