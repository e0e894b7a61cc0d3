"""Working days across the 2026 National Day holiday and into 2027, which chinese-calendar does not
cover yet (it raises NotImplementedError for dates after 2026)."""

import datetime as dt
import zoneinfo

import chinese_calendar
import pytest

from layoffwatch.reference.calendar import (
    add_working_days,
    deadline_after_hours,
    is_resolved,
    is_working_day,
)
from layoffwatch.reference.models import Holiday

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def test_the_package_agrees_with_the_state_councils_2026_arrangement():
    # 2026: Mid-Autumn Friday 25 September off; National Day 1–7 October off;
    # Sunday 20 September and Saturday 10 October are make-up working days.
    assert not chinese_calendar.is_workday(D(2026, 9, 25))
    assert not any(chinese_calendar.is_workday(D(2026, 10, n)) for n in range(1, 8))
    assert chinese_calendar.is_workday(D(2026, 10, 10))
    assert chinese_calendar.is_workday(D(2026, 9, 20))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2027, 1, 4))


def test_it_knows_the_national_day_holiday_and_the_make_up_day():
    assert not is_working_day(D(2026, 10, 1))
    assert not is_working_day(D(2026, 10, 5))  # a Monday, but a holiday
    assert is_working_day(D(2026, 10, 10))  # a Saturday, but a make-up working day
    assert not is_working_day(D(2026, 10, 11))
    assert is_resolved(D(2026, 10, 1))


def test_it_counts_working_days_across_national_day():
    # a plan due within 3 working days of 30 September is due on the make-up Saturday
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 9, 30), 4) == D(2026, 10, 12)
    # Friday 25 September is the Mid-Autumn Festival, then a weekend
    assert add_working_days(D(2026, 9, 24), 1) == D(2026, 9, 28)
    assert add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)


def test_it_refuses_negative_days():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 9, 30), -1)
    with pytest.raises(ValueError):
        deadline_after_hours(at(2026, 9, 30, 9), -1)


def test_it_runs_urgent_deadlines_on_the_clock_through_the_holiday():
    assert deadline_after_hours(at(2026, 9, 30, 20), 12) == at(2026, 10, 1, 8)


def test_it_pauses_working_hour_deadlines_over_the_holiday():
    # 4 hours left of 30 September, then nothing until 8 October
    assert deadline_after_hours(at(2026, 9, 30, 20), 24, working_days_only=True) == at(
        2026, 10, 8, 20
    )
    # 8 October (24 h) + 9 October (24 h) + 2 h of the make-up Saturday
    assert deadline_after_hours(at(2026, 10, 3, 9), 50, working_days_only=True) == at(
        2026, 10, 10, 2
    )


def test_it_reads_an_aware_utc_start_in_shanghai_time():
    start = at(2026, 9, 30, 20).astimezone(dt.UTC)  # 12:00 UTC, still 30 September in Tongnan
    deadline = deadline_after_hours(start, 24, working_days_only=True)
    assert deadline == at(2026, 10, 8, 20)
    assert deadline.utcoffset() == dt.timedelta(hours=8)


def test_it_falls_back_to_weekdays_in_2027_and_says_so():
    assert Holiday.objects.count() == 0
    assert is_working_day(D(2027, 1, 1))  # a Friday: the weekday fallback cannot know New Year
    assert not is_working_day(D(2027, 1, 2))
    assert not is_resolved(D(2027, 1, 1))
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert add_working_days(D(2026, 12, 31), 2) == D(2027, 1, 4)
    assert deadline_after_hours(at(2026, 12, 31, 20), 6, working_days_only=True) == at(
        2027, 1, 1, 2
    )


def test_it_honours_the_administrators_holiday_table_for_2027():
    Holiday.objects.create(date=D(2027, 1, 1), is_working_day=False, name="元旦")
    assert not is_working_day(D(2027, 1, 1))
    assert is_resolved(D(2027, 1, 1))
    assert is_resolved(D(2027, 3, 3))  # the year has been entered
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert deadline_after_hours(at(2026, 12, 31, 20), 6, working_days_only=True) == at(
        2027, 1, 4, 2
    )


def test_it_honours_a_make_up_working_day_in_the_table():
    Holiday.objects.create(date=D(2027, 1, 2), is_working_day=True, name="元旦调休上班")
    assert is_working_day(D(2027, 1, 2))
    assert add_working_days(D(2027, 1, 1), 1) == D(2027, 1, 2)


def test_the_table_overrides_the_package():
    Holiday.objects.create(date=D(2026, 10, 9), is_working_day=False, name="假设的临时放假")
    assert add_working_days(D(2026, 9, 30), 2) == D(2026, 10, 10)


def test_it_counts_a_month_of_working_days_with_few_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert add_working_days(D(2026, 9, 1), 30) == D(2026, 10, 19)
