"""Working-day calendar (工作日历): statutory holidays and make-up working days.

Order of authority for a date: the administrator's Holiday table, then the chinese-calendar
package, then (for years neither covers) plain weekdays — and the caller is told the result is
an estimate (`is_resolved`), so deadlines can be shown as provisional.

A year counts as covered by the table once the administrator has entered any date of it: the
State Council publishes a whole year's arrangement at once, and the admin enters it at once.

Days are days in Asia/Shanghai (settings.TIME_ZONE): an aware datetime is converted before its
date is taken, so a deadline computed from timezone.now() (UTC) still turns over at local midnight.
"""

import datetime as dt

import chinese_calendar
from django.utils import timezone

from layoffwatch.core.clock import local_datetime

from .models import Holiday


def _package_says(day: dt.date) -> bool | None:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # the package raises for years it has no data for
        return None


class WorkingCalendar:
    """One reading of the Holiday table, a year at a time (one query per year, not per date)."""

    def __init__(self) -> None:
        self._years: dict[int, dict[dt.date, bool]] = {}

    def _table(self, year: int) -> dict[dt.date, bool]:
        if year not in self._years:
            self._years[year] = dict(
                Holiday.objects.filter(date__year=year).values_list("date", "is_working_day")
            )
        return self._years[year]

    def is_working_day(self, day: dt.date) -> bool:
        entry = self._table(day.year).get(day)
        if entry is not None:
            return entry
        package = _package_says(day)
        if package is not None:
            return package
        return day.weekday() < 5

    def is_resolved(self, day: dt.date) -> bool:
        return bool(self._table(day.year)) or _package_says(day) is not None


def is_working_day(day: dt.date) -> bool:
    return WorkingCalendar().is_working_day(day)


def is_resolved(day: dt.date) -> bool:
    """True when the table or the package knows this date; False means weekday fallback."""
    return WorkingCalendar().is_resolved(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted). days >= 0.

    Example: a plan due "within 3 working days" of 2026-09-30 is due on 2026-10-10 (a make-up
    working day), because 1–7 October 2026 is the National Day holiday.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    calendar = WorkingCalendar()
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if calendar.is_working_day(current):
            remaining -= 1
    return current


def deadline_after_hours(
    start: dt.datetime, hours: float, *, working_days_only: bool = False
) -> dt.datetime:
    """Deadline `hours` after `start`.

    Urgent reports (plan S5.2: "立即报告") run on the clock: working_days_only=False.
    With working_days_only=True only time on working days counts, so a 24-hour deadline that
    starts on the eve of a holiday resumes after it. An aware `start` is read in local time and
    the deadline comes back in local time.
    """
    if hours < 0:
        raise ValueError("hours must be >= 0")
    if not working_days_only:
        return start + dt.timedelta(hours=hours)
    if timezone.is_aware(start):
        start = local_datetime(start)
    calendar = WorkingCalendar()
    remaining = dt.timedelta(hours=hours)
    current = start
    while True:
        # why combine with tzinfo and not add 24 h: a day is midnight to midnight on the wall clock.
        day_end = dt.datetime.combine(
            current.date() + dt.timedelta(days=1), dt.time(0), tzinfo=current.tzinfo
        )
        if calendar.is_working_day(current.date()):
            available = day_end - current
            if remaining <= available:
                return current + remaining
            remaining -= available
        current = day_end
