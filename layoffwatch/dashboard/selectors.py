"""The home page's figures. ADR 0055: each is counted by the selector of the page its tile links
to (the enterprise list's flags, the alert list's open alerts and overdue items, the family list),
so a tile and the list behind it always agree."""

from django.db.models import Count, Q

from layoffwatch.alerts.selectors import open_alerts_by_level
from layoffwatch.core.clock import local_month
from layoffwatch.enterprises.selectors import FLAG_FIELDS, enterprise_visible_to
from layoffwatch.monitoring.selectors import people_by_period, signals_search
from layoffwatch.reporting.selectors import layoff_reports_visible_to, planned_cuts, report_search
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
    month = local_month(now)
    reported = planned_cuts(
        report_search(
            layoff_reports_visible_to(user), month_from=month, month_to=month, counted=True
        )
    )
    detected_period, detected = detected_cuts(user=user)
    return {
        "detected_period": detected_period,
        "detected_cuts": detected,
        "assessment": assessment,
        "levels": list(by_level.items()),
        "open_alerts": sum(by_level.values()),
        "overdue": overdue,
        "month": month,
        "reported_cuts": reported,
    }


def detected_cuts(*, user) -> tuple[str | None, int]:
    """plan S3.1.3: people in contribution stoppages found by the data comparison, for the latest
    period the feeds cover (social-insurance data for a month arrives after it), within scope;
    dismissed and merged signals do not count — the signal list's 社保断缴 · 计入人数 filter for
    that month, which the figure links to (ADR 0098)."""
    signals = signals_search(user=user, kind="stoppage", status="counted")
    period = signals.order_by("-period").values_list("period", flat=True).first()
    if period is None:
        return None, 0
    return period, people_by_period(signals.filter(period=period)).get(period, 0)
