"""Due times of steps and tasks from the policy's deadline rules and the working-day calendar.

plan S5.1–S5.3 (ADR 0015): `hours` run on the clock from the start ("立即报告"), plus the grace
of a step due at once (ADR 0053); `working_days` are counted with reference/calendar.py and fall
due at the end of the last working day. When the calendar cannot resolve a day in between (no
holiday data for that year yet), the result is the weekday fallback and is flagged provisional
so the page can say "待核定".
"""

import datetime as dt

from django.utils import timezone

from layoffwatch.core.clock import local_day
from layoffwatch.reference.calendar import WorkingCalendar, add_working_days, deadline_after_hours


def due_at(deadline: dict | None, *, start: dt.datetime) -> tuple[dt.datetime | None, bool]:
    """(due time, provisional) for a deadline rule such as {"hours": 2} or {"working_days": 5}."""
    if not deadline:
        return None, False
    if "hours" in deadline:
        # ADR 0053: a step due “立即” (hours 0) carries the policy's grace (response.yaml ›
        # immediate_grace_hours, copied into the case's step when it opened); the due time shown,
        # the overdue marks and the daily escalation all read this one due time
        hours = float(deadline["hours"]) + float(deadline.get("grace_hours") or 0)
        return deadline_after_hours(start, hours), False
    days = int(deadline["working_days"])
    first = local_day(start)
    last = add_working_days(first, days)
    calendar = WorkingCalendar()
    provisional = any(
        not calendar.is_resolved(first + dt.timedelta(days=n))
        for n in range(1, (last - first).days + 1)
    )
    end = timezone.make_aware(dt.datetime.combine(last, dt.time(23, 59, 59)))
    return end, provisional
