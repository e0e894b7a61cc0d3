"""The home page's figures. ADR 0055: each is counted by the selector of the page its tile links
to (the enterprise list's flags, the alert list's open alerts and overdue items, the family list),
so a tile and the list behind it always agree."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils import timezone

from layoffwatch.alerts.selectors import open_alerts_by_level
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.selectors import FLAG_FIELDS, enterprise_visible_to
from layoffwatch.monitoring.models import Signal
from layoffwatch.reporting.models import LayoffReport
from layoffwatch.response.selectors import cases_visible_to, overdue_items

# the home tiles' names → the enterprise list's flag filter (enterprises.selectors.FLAG_FIELDS)
HOME_FLAGS = {
    "key_samples": "key_sample",
    "watch_list": "watch",
    "labour_intensive": "labour",
    "agencies": "agency",
}


def home_counts(*, user) -> dict:
    """Enterprises within the user's scope, and those with each flag the tiles show: the same
    filter as the enterprise list's 标志 (its total is the tile's number)."""
    return enterprise_visible_to(user).aggregate(
        total=Count("id"),
        **{
            name: Count("id", filter=Q(**{FLAG_FIELDS[flag]: True}))
            for name, flag in HOME_FLAGS.items()
        },
    )


def enterprises_by_town(*, user) -> list[dict]:
    return list(
        enterprise_visible_to(user)
        .values("town__code", "town__name")
        .annotate(n=Count("id"))
        .order_by("town__code")
    )


def alert_figures(*, user, now, assessment) -> dict:
    """plan S3.2 + S5: the district grade, open alerts by level, overdue items, this month's cuts
    (within the user's scope; the district grade is the district's)."""
    by_level = open_alerts_by_level(user=user)
    cases = cases_visible_to(user)
    steps, tasks = overdue_items(now)
    overdue = steps.filter(case__in=cases).count() + tasks.filter(case__in=cases).count()
    today = local_day(now)
    start = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time()))
    reported = LayoffReport.objects.filter(
        enterprise__in=enterprise_visible_to(user),
        submitted_at__gte=start,
        is_current=True,
        withdrawn_at__isnull=True,
        counted_in__isnull=True,
    ).aggregate(n=Sum("planned_cut"))["n"]
    detected_period, detected = detected_cuts(user=user)
    return {
        "detected_period": detected_period,
        "detected_cuts": detected,
        "assessment": assessment,
        "levels": list(by_level.items()),
        "open_alerts": sum(by_level.values()),
        "overdue": overdue,
        "reported_cuts": reported or 0,
    }


def detected_cuts(*, user) -> tuple[str | None, int]:
    """plan S3.1.3: people in contribution stoppages found by the data comparison, for the latest
    period the feeds cover (social-insurance data for a month arrives after it), within scope;
    dismissed and merged signals do not count."""
    signals = Signal.objects.filter(
        enterprise__in=enterprise_visible_to(user),
        kind__in=[Signal.Kind.MASS_STOPPAGE, Signal.Kind.WORKFORCE_STOP],
    ).exclude(status__in=[Signal.Status.DISMISSED, Signal.Status.MERGED])
    period = signals.order_by("-period").values_list("period", flat=True).first()
    if period is None:
        return None, 0
    return period, signals.filter(period=period).aggregate(n=Sum("count"))["n"] or 0
