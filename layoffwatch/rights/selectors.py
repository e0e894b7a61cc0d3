"""Reads of rights cases, within the user's enterprise scope."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from layoffwatch.alerts.models import Alert
from layoffwatch.assistance.params import four_fast_targets
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
    targets: dict[dt.date, dict] = {}
    for case in qs[:500]:
        day = case.received_day
        if day not in targets:
            targets[day] = four_fast_targets(day)
        late = case.overdue_stages(now=now, targets=targets[day])
        if overdue and not late:
            continue
        rows.append({"case": case, "overdue": late})
    return rows


def case_dispute_figures(*, alert: Alert) -> dict:
    """The wage disputes of an alert or its enterprise for the written report of the alert's
    response case (plan S6.2 处理结果, S4): how many, how many closed, the amounts claimed, owed
    and paid. Registered with `response.hooks.written_report_figures` (ADR 0088)."""
    disputes = RightsCase.objects.filter(Q(alert=alert) | Q(enterprise=alert.enterprise_id))
    d = disputes.aggregate(
        n=Count("pk"),
        closed=Count("pk", filter=Q(closed_at__isnull=False)),
        claimed=Sum("amount_claimed"),
        owed=Sum("amount_owed"),
        paid=Sum("amount_paid"),
    )
    return {
        "disputes": d["n"] or 0,
        "disputes_closed": d["closed"] or 0,
        "amount_claimed": d["claimed"] or Decimal(0),
        "wages_owed": d["owed"] or Decimal(0),
        "wages_paid": d["paid"] or Decimal(0),
    }
