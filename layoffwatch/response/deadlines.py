"""Due times of steps and tasks from the policy's deadline rules and the working-day calendar.

plan S5.1–S5.3 (ADR 0015): `hours` run on the clock from the start ("立即报告"); `working_days`
are counted with reference/calendar.py and fall due at the end of the last working day. When the
calendar cannot resolve a day in between (no holiday data for that year yet), the result is the
weekday fallback and is flagged provisional so the page can say "待核定".
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
        return deadline_after_hours(start, float(deadline["hours"])), False
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
