from django.db.models import Count, Q

from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.selectors import enterprise_visible_to


def home_counts(*, user) -> dict:
    """Real counts from the database, within the user's data scope."""
    agg = enterprise_visible_to(user).aggregate(
        total=Count("id"),
        key_samples=Count("id", filter=Q(is_key_sample=True)),
        watch_list=Count("id", filter=Q(on_watch_list=True)),
        labour_intensive=Count("id", filter=Q(is_labour_intensive=True)),
        agencies=Count("id", filter=Q(is_hr_agency=True)),
    )
    return agg


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
    import datetime as dt

    from django.db.models import Sum
    from django.utils import timezone

    from layoffwatch.alerts.models import Alert
    from layoffwatch.response.models import CaseStep, CaseTask
    from layoffwatch.response.selectors import cases_visible_to

    alerts = Alert.objects.filter(enterprise__in=enterprise_visible_to(user), status__in=Alert.OPEN)
    by_level = dict(alerts.values_list("level").annotate(n=Count("id")))
    cases = cases_visible_to(user)
    overdue = (
        CaseStep.objects.filter(case__in=cases, done_at__isnull=True, due_at__lt=now).count()
        + CaseTask.objects.filter(
            case__in=cases.filter(status="open"), done_at__isnull=True, due_at__lt=now
        ).count()
    )
    today = local_day(now)
    start = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time()))
    from layoffwatch.reporting.models import LayoffReport

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
        "levels": [(level, by_level.get(level, 0)) for level in (1, 2, 3)],
        "open_alerts": sum(by_level.values()),
        "overdue": overdue,
        "reported_cuts": reported or 0,
    }


def detected_cuts(*, user) -> tuple[str | None, int]:
    """plan S3.1.3: people in contribution stoppages found by the data comparison, for the latest
    period the feeds cover (social-insurance data for a month arrives after it), within scope;
    dismissed and merged signals do not count."""
    from django.db.models import Sum

    from layoffwatch.monitoring.models import Signal

    signals = Signal.objects.filter(
        enterprise__in=enterprise_visible_to(user),
        kind__in=[Signal.Kind.MASS_STOPPAGE, Signal.Kind.WORKFORCE_STOP],
    ).exclude(status__in=[Signal.Status.DISMISSED, Signal.Status.MERGED])
    period = signals.order_by("-period").values_list("period", flat=True).first()
    if period is None:
        return None, 0
    return period, signals.filter(period=period).aggregate(n=Sum("count"))["n"] or 0
