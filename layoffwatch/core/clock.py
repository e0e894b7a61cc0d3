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
