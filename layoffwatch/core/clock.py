"""Tongnan's day, month and wall-clock time of an instant: the one way to say "today" (ADR 0009).

Instants are stored and compared in UTC (USE_TZ). Whenever the plan or a person means a day
("今天", a wave's date, "本月", a deadline's date, a time on a page or in an export), it is the day
on the wall clock in Tongnan: settings.TIME_ZONE, Asia/Shanghai (UTC+8, no daylight saving).

Not `aware_datetime.date()`: that is the UTC date, a day behind from 00:00 to 08:00 Beijing time.
Not `datetime.date.today()`: that follows the process's TZ, which a script or a container may set
to UTC. The default zone, not the "current" one: a report's day is the district's day, whoever
looks at it.
"""

import datetime as dt

from django.utils import timezone


def local_datetime(at: dt.datetime | None = None) -> dt.datetime:
    """The instant `at` (default: now) on Tongnan's wall clock, as an aware datetime."""
    return timezone.localtime(at, timezone.get_default_timezone())


def local_day(at: dt.datetime | None = None) -> dt.date:
    """The day in Tongnan at the instant `at` (default: today)."""
    return local_datetime(at).date()


def local_month(at: dt.datetime | None = None) -> str:
    """The month in Tongnan at the instant `at` (default: this month), as a period "YYYY-MM"."""
    return f"{local_day(at):%Y-%m}"


def day_start(day: dt.date) -> dt.datetime:
    """The instant Tongnan's day `day` begins: 00:00 local."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_default_timezone())


def month_start(period: str) -> dt.datetime:
    """The instant Tongnan's month `period` ("YYYY-MM") begins: 00:00 local on its first day."""
    first = dt.date(int(period[:4]), int(period[5:7]), 1)
    return timezone.make_aware(
        dt.datetime.combine(first, dt.time()), timezone.get_default_timezone()
    )


def month_after(period: str) -> str:
    """The month after `period`, as "YYYY-MM"."""
    year, month = int(period[:4]), int(period[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def month_span(first: str, last: str | None = None) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of Tongnan's months `first` to `last` (default: `first` alone): the range a
    list filters on so that it holds exactly what a chart counts in those local months."""
    return month_start(first), month_start(month_after(last or first))


def last_months(n: int, at: dt.datetime | None = None) -> list[str]:
    """The `n` months up to and including Tongnan's month at `at` (default: now), oldest first."""
    today = local_day(at)
    year, month = today.year, today.month
    months = []
    for _ in range(n):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]
