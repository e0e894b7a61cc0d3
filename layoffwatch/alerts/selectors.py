"""Reads of alerts (scope: the enterprises the user may see).

ADR 0055: every figure of open alerts — the home page's tiles, the alert list's 未解除 filter and
total, GET /api/v1/alerts and the district assessment (plan S3.2) — counts `open_alerts`."""

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils import timezone

from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.policy.rules import district_assessment, response_procedure
from layoffwatch.policy.selectors import policy_in_force

from .models import Alert, DistrictAssessment


def alerts_visible_to(user):
    return Alert.objects.filter(enterprise__in=enterprise_visible_to(user)).select_related(
        "enterprise"
    )


def open_alerts(*, user=None) -> QuerySet[Alert]:
    """Alerts not lifted (raised, responding, under control), within `user`'s scope; with no
    user, the whole district's (the district assessment's, plan S3.2)."""
    qs = Alert.objects.all() if user is None else alerts_visible_to(user)
    return qs.filter(status__in=Alert.OPEN)


def open_alerts_by_level(*, user=None) -> dict[int, int]:
    """{1: n, 2: n, 3: n}: the open alerts of each level (counted in SQL, ADR 0012)."""
    counts = dict(open_alerts(user=user).order_by().values_list("level").annotate(n=Count("pk")))
    return {level: counts.get(level, 0) for level in Alert.Level.values}


def district_assessment_at(*, at: dt.datetime | None = None) -> DistrictAssessment:
    """plan S3.2 综合评定 computed from the record when called: the district's alerts open (not
    lifted) at this moment, graded by the policy in force on `at`'s day (default: now).

    Nothing is stored: the home page, the alert list and GET /api/v1/assessment show this with
    `at` = now, so a lifted alert stops counting the moment it is lifted whether or not the task
    queue has run, and 评定于 is never a stored time lying ahead of the clock (ADR 0055). The
    stored history of the grade is `alerts.services.assessment_recompute`'s."""
    at = at or timezone.now()
    result = district_assessment(
        open_alerts=open_alerts_by_level(), on=local_day(at), policy=policy_in_force()
    )
    return DistrictAssessment(
        at=at,
        grade=result.grade,
        label=result.label,
        score=float(result.score),
        open_alerts={str(k): v for k, v in result.open_alerts.items()},
        reasons=result.reasons,
        policy_version=result.version,
    )


def lifting_rule(alert: Alert) -> dict:
    """The lifting rule (response.yaml › levels › N › lifting) of the alert's current level, on
    the alert's date: what lifting it needs (plan S5.1–S5.3)."""
    return response_procedure(
        alert.level, on=local_day(alert.opened_at), policy=policy_in_force()
    ).lifting
