"""Working-day calendar (工作日历): statutory holidays and make-up working days.

Order of authority for a date: the administrator's Holiday table, then the chinese-calendar
package, then (for years neither covers) plain weekdays — and the caller is told the result is
an estimate (`is_resolved`), so deadlines can be shown as provisional.
"""

import datetime as dt

import chinese_calendar

from .models import Holiday


def _table_entry(day: dt.date) -> bool | None:
    entry = Holiday.objects.filter(date=day).values_list("is_working_day", flat=True).first()
    return entry


def _package_says(day: dt.date) -> bool | None:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # the package raises for years it has no data for
        return None


def is_resolved(day: dt.date) -> bool:
    """True when the table or the package knows this date; False means weekday fallback."""
    return _package_says(day) is not None or _table_entry(day) is not None or _year_in_table(day.year)


def _year_in_table(year: int) -> bool:
    return Holiday.objects.filter(date__year=year).exists()


def is_working_day(day: dt.date) -> bool:
    entry = _table_entry(day)
    if entry is not None:
        return entry
    package = _package_says(day)
    if package is not None:
        return package
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted). days >= 0.

    Example: a plan due "within 3 working days" of 2026-09-30 is due on 2026-10-10 (a make-up
    working day), because 1–7 October 2026 is the National Day holiday.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def deadline_after_hours(start: dt.datetime, hours: float, *, working_days_only: bool = False) -> dt.datetime:
    """Deadline `hours` after `start`.

    Urgent reports (plan S5.2: "立即报告") run on the clock: working_days_only=False.
    With working_days_only=True only time on working days counts, so a 24-hour deadline that
    starts on the eve of a holiday resumes after it.
    """
    if hours < 0:
        raise ValueError("hours must be >= 0")
    if not working_days_only:
        return start + dt.timedelta(hours=hours)
    remaining = dt.timedelta(hours=hours)
    current = start
    while True:
        day_end = dt.datetime.combine(current.date() + dt.timedelta(days=1), dt.time(0), tzinfo=current.tzinfo)
        if is_working_day(current.date()):
            available = day_end - current
            if remaining <= available:
                return current + remaining
            remaining -= available
        current = day_end
