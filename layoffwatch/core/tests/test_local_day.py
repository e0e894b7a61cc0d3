"""ADR 0009: "today" and "this month" are the day and month on Tongnan's wall clock (UTC+8).

Each test freezes the clock on both sides of Beijing midnight (16:00 UTC) and of UTC midnight
(08:00 Beijing): between 00:00 and 08:00 Beijing time the UTC date is still yesterday, and a
check that used it refused today's wave, this month's report and a baby born today.
"""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from layoffwatch.alerts.spreadsheet import alerts_xlsx
from layoffwatch.core.clock import local_datetime, local_day, local_month
from layoffwatch.core.validators import id_number_with_check_digit, validate_id_number
from layoffwatch.monitoring.selectors import detection_context
from layoffwatch.reporting.services import layoff_report_submit, monthly_report_submit
from layoffwatch.testing.reports import layoff_body


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


# (instant, the day in Tongnan, the month in Tongnan)
INSTANTS = [
    pytest.param(utc(2026, 3, 31, 15, 59, 59), dt.date(2026, 3, 31), "2026-03", id="23:59:59 Beijing"),
    pytest.param(utc(2026, 3, 31, 16, 0, 1), dt.date(2026, 4, 1), "2026-04", id="00:00:01 Beijing"),
    pytest.param(utc(2026, 3, 31, 23, 59), dt.date(2026, 4, 1), "2026-04", id="23:59 UTC"),
    pytest.param(utc(2026, 4, 1, 0, 1), dt.date(2026, 4, 1), "2026-04", id="00:01 UTC"),
]  # fmt: skip
JUST_AFTER_LOCAL_MIDNIGHT = utc(2026, 3, 31, 16, 0, 1)


@pytest.mark.parametrize(("instant", "day", "month"), INSTANTS)
def test_it_says_today_and_this_month_as_a_clock_in_tongnan_would(
    time_machine, instant, day, month
):
    time_machine.move_to(instant, tick=False)
    assert (local_day(), local_month()) == (day, month)
    assert (local_day(instant), local_month(instant)) == (day, month)
    assert local_datetime().utcoffset() == dt.timedelta(hours=8)
    assert local_datetime(instant).replace(tzinfo=None) == instant.replace(
        tzinfo=None
    ) + dt.timedelta(hours=8)


def submit_layoff(people, **overrides):
    data = layoff_body(people.guilin_factory, **({"planned_cut": 5} | overrides))
    return layoff_report_submit(
        enterprise=people.guilin_factory,
        data=data,
        channel="staff",
        actor=people.sam,
        at=timezone.now(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("instant", "day", "month"), INSTANTS)
def test_a_late_or_far_ahead_wave_is_judged_from_tongnans_day(
    people, time_machine, instant, day, month
):
    """ADR 0040: a wave may be reported up to 90 days late and planned up to 730 days ahead,
    counted from today in Tongnan."""
    time_machine.move_to(instant, tick=False)
    oldest, furthest = day - dt.timedelta(days=90), day + dt.timedelta(days=730)
    assert submit_layoff(people, effective_date=oldest.isoformat()).report.pk
    assert submit_layoff(people, effective_date=furthest.isoformat()).report.pk
    with pytest.raises(ValidationError) as caught:
        submit_layoff(people, effective_date=(oldest - dt.timedelta(days=1)).isoformat())
    assert "超过补报期限" in caught.value.message_dict["effective_date"][0]
    with pytest.raises(ValidationError) as caught:
        submit_layoff(people, effective_date=(furthest + dt.timedelta(days=1)).isoformat())
    assert "晚于今天 730 天以上" in caught.value.message_dict["effective_date"][0]


@pytest.mark.django_db
def test_just_after_beijing_midnight_the_receipt_and_the_limits_are_the_new_days(
    people, time_machine
):
    """At 00:00:01 on 1 April in Tongnan (still 31 March in UTC), 31 Dec 2025 is 91 days ago."""
    time_machine.move_to(JUST_AFTER_LOCAL_MIDNIGHT, tick=False)
    done = submit_layoff(people, effective_date="2026-04-01")
    assert done.receipt_no.startswith("ZB-20260401-")
    assert submit_layoff(people, effective_date="2026-01-01").report.pk
    assert submit_layoff(people, effective_date="2028-03-31").report.pk
    with pytest.raises(ValidationError) as caught:
        submit_layoff(people, effective_date="2025-12-31")
    assert "日期 2025-12-31 早于今天 90 天以上" in caught.value.message_dict["effective_date"][0]


MONTHLY = {"headcount_start": 120, "headcount_end": 118, "hires": 2, "separations": 4}


@pytest.mark.django_db
@pytest.mark.parametrize(("instant", "day", "month"), INSTANTS)
def test_this_months_report_is_taken_and_next_months_is_not_yet(
    people, time_machine, instant, day, month
):
    time_machine.move_to(instant, tick=False)
    done = monthly_report_submit(
        enterprise=people.guilin_factory,
        data=MONTHLY | {"period": month},
        channel="staff",
        actor=people.sam,
        at=timezone.now(),
    )
    assert done.report.period == month
    following = f"{(day.replace(day=28) + dt.timedelta(days=7)):%Y-%m}"
    with pytest.raises(ValidationError) as caught:
        monthly_report_submit(
            enterprise=people.guilin_factory,
            data=MONTHLY | {"period": following},
            channel="staff",
            actor=people.sam,
            at=timezone.now(),
        )
    assert caught.value.message_dict["period"] == [f"报告月份 {following} 尚未到来"]


@pytest.mark.django_db
def test_april_reports_are_taken_from_beijing_midnight_on_the_first(people, time_machine):
    time_machine.move_to(JUST_AFTER_LOCAL_MIDNIGHT, tick=False)
    done = monthly_report_submit(
        enterprise=people.guilin_factory,
        data=MONTHLY | {"period": "2026-04"},
        channel="staff",
        actor=people.sam,
        at=timezone.now(),
    )
    assert done.report.period == "2026-04"


@pytest.mark.django_db
def test_detection_dates_a_report_without_waves_on_the_day_it_arrived_in_tongnan(
    people, time_machine
):
    """Monitoring matches a social-insurance drop with reports around the month (plan S3.1.3);
    a report with no wave dates counts on the day it was submitted, in Tongnan."""
    time_machine.move_to(JUST_AFTER_LOCAL_MIDNIGHT, tick=False)
    done = submit_layoff(people, effective_date="2026-04-20")
    done.report.waves.all().delete()
    reports = detection_context().reports.to_pylist()
    assert [(r["receipt_no"], r["first_wave"], r["last_wave"]) for r in reports] == [
        (done.receipt_no, dt.date(2026, 4, 1), dt.date(2026, 4, 1))
    ]


@pytest.mark.parametrize(("instant", "day", "month"), INSTANTS)
def test_an_id_number_may_carry_todays_birth_date_but_not_tomorrows(
    time_machine, instant, day, month
):
    time_machine.move_to(instant, tick=False)
    born_today = id_number_with_check_digit(f"500223{day:%Y%m%d}001")
    assert validate_id_number(born_today) == born_today
    tomorrow = id_number_with_check_digit(f"500223{day + dt.timedelta(days=1):%Y%m%d}001")
    with pytest.raises(ValidationError) as caught:
        validate_id_number(tomorrow)
    assert caught.value.messages == ["身份证号码中的出生日期不合理"]


@pytest.mark.django_db
def test_the_alert_list_export_shows_beijing_time(people, time_machine):
    time_machine.move_to(utc(2026, 3, 31, 16, 30), tick=False)
    alert = submit_layoff(people, planned_cut=25, effective_date="2026-04-10").alert
    sheet = load_workbook(io.BytesIO(alerts_xlsx([(alert, 0)]))).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["发布时间"] == dt.datetime(2026, 4, 1, 0, 30)


@pytest.mark.django_db
def test_the_audit_log_names_a_rights_cases_stage_in_beijing_time(people, time_machine):
    """plan S4.6 “四快”: 快立 recorded at 00:30 on 1 April in Tongnan, 16:30 UTC the day before."""
    from layoffwatch.audit.models import AuditEntry
    from layoffwatch.rights import services as rights

    time_machine.move_to(utc(2026, 3, 31, 16, 30), tick=False)
    case = rights.rights_case_create(
        kind="wage_arrears",
        dispute_type="wages",
        enterprise=people.guilin_factory,
        summary="拖欠 12 名农民工两个月工资",
        workers_involved=12,
        received_at=timezone.now() - dt.timedelta(hours=1),
        actor=people.sam,
        at=timezone.now(),
        amount_owed=96000,
        migrant_workers=True,
    )
    rights.rights_stage_record(case=case, stage="filed", actor=people.sam, at=timezone.now())
    entry = AuditEntry.objects.filter(action="update").latest("pk")
    assert "快立：2026-04-01 00:30" in entry.summary
