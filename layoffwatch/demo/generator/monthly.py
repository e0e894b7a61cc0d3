"""Last month's monthly employment reports (ADR 0042), through the real service."""

import datetime as dt

from django.contrib.auth import get_user_model

from layoffwatch.enterprises.models import HeadcountRecord
from layoffwatch.reporting.selectors import due_date, obliged_enterprises
from layoffwatch.reporting.services import monthly_report_submit

from .clock import OFFICE_DAY, DemoClock, stream
from .plan import add_months


def generate_monthly_reports(
    *, clock: DemoClock, seed: int, period: dt.date, summary: dict, every: int = 5
):
    """Last month's 月度用工报告 of the obliged enterprises, through the real service, from their
    insured-headcount history: all but every `every`-th (by credit code) have reported — the rest
    are on the overdue list. Most came by QR code, some by phone (entered by 就业科). A month with
    20+ separations and no layoff report raises a "report missing" finding, as it would live.

    They arrive in office hours between the first of this month and the due day (ADR 0042), up
    to now; early in a month (nothing open since the first yet) over the last working day.
    A story for `in_time_order` (see generate_cases); fills `summary`."""
    staff = get_user_model().objects.filter(username="employment").first()
    before = add_months(period, -1)
    counts = {
        (r.enterprise_id, r.period): r
        for r in HeadcountRecord.objects.filter(period__in=[before, period])
    }
    tz = clock.now.tzinfo
    opened = dt.datetime.combine(add_months(period, 1), dt.time(0), tzinfo=tz)
    due = dt.datetime.combine(
        due_date(f"{period:%Y-%m}") + dt.timedelta(days=1), dt.time(0), tzinfo=tz
    )
    # the window, in office minutes before now: from `latest` (the due day's end, or now) back
    # to the first of the month, at least one working day long
    latest = clock.room(due) if due < clock.now else 0.0
    since_first = clock.room(opened) if opened < clock.now else 0.0
    earliest = max(since_first, latest + OFFICE_DAY)
    rng = stream(seed, "monthly")
    due_reports = []
    for n, enterprise in enumerate(obliged_enterprises().order_by("uscc")):
        last, now = counts.get((enterprise.pk, before)), counts.get((enterprise.pk, period))
        if n % every == every - 1 or last is None or now is None:
            continue
        phone = staff is not None and n % 7 == 0
        data = {
            "period": f"{period:%Y-%m}",
            "headcount_start": last.insured_headcount,
            "headcount_end": now.insured_headcount,
            "hires": now.hires,
            "separations": min(now.separations, last.insured_headcount + now.hires),
            "operating_status": "reduced" if now.separations > now.hires * 2 else "normal",
        }
        if phone:
            data["source_note"] = "演示数据：人事负责人电话报告"
        at = clock.back(rng.uniform(latest, earliest)).replace(microsecond=0)
        due_reports.append((at, n, enterprise, data, phone))
    summary.update({"monthly_reports": len(due_reports), "period": f"{period:%Y-%m}"})
    for at, _n, enterprise, data, phone in sorted(due_reports, key=lambda r: (r[0], r[1])):
        yield at
        monthly_report_submit(
            enterprise=enterprise,
            data=data,
            channel="phone" if phone else "qr",
            actor=staff if phone else None,
            at=at,
        )
