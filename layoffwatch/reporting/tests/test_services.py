"""plan S3.1.1, S3.1.2, S3.2: a layoff report is graded through the policy app on arrival."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from layoffwatch.alerts.models import Alert
from layoffwatch.audit.models import AuditEntry
from layoffwatch.notifications.models import Notification
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.reporting.models import LayoffReport, LayoffWave, MonthlyReport
from layoffwatch.reporting.services import (
    layoff_report_submit,
    layoff_report_withdraw,
    monthly_report_submit,
)
from layoffwatch.testing.reports import layoff_body, soon

pytestmark = pytest.mark.django_db


def submit(enterprise, actor=None, channel="staff", **overrides):
    data = layoff_body(enterprise, **overrides)
    return layoff_report_submit(
        enterprise=enterprise, data=data, channel=channel, actor=actor, at=timezone.now()
    )


def test_it_raises_no_alert_for_19_and_a_level_3_alert_for_20(people):
    """S3.2: 20 is the lower bound of level 3 (“20人以上” includes 20)."""
    nineteen = submit(people.guilin_factory, people.sam, planned_cut=19)
    assert nineteen.alert is None
    assert Alert.objects.count() == 0
    twenty = submit(people.zitong_factory, people.sam, planned_cut=20)
    assert twenty.alert is not None
    assert (twenty.alert.level, twenty.alert.total_in_window, twenty.alert.split) == (3, 20, False)
    assert twenty.report.policy_version == policy_in_force().version(dt.date.fromisoformat(soon()))
    assert twenty.alert.policy_version == twenty.report.policy_version
    assert twenty.report.receipt_no.startswith("ZB-")


def test_it_adds_up_waves_inside_the_window_into_one_split_level_2_alert(people):
    """S3.2 + ADR 0011: 30 + 25 within 30 days are one cut of 55: level 2, split."""
    first = submit(people.guilin_factory, people.sam, planned_cut=30, effective_date=soon(5))
    assert first.alert.level == 3
    second = submit(people.guilin_factory, people.sam, planned_cut=25, effective_date=soon(20))
    assert second.alert.pk == first.alert.pk
    alert = Alert.objects.get()
    assert (alert.level, alert.total_in_window, alert.split) == (2, 55, True)


def test_it_keeps_waves_outside_the_window_apart(people):
    submit(people.guilin_factory, people.sam, planned_cut=30, effective_date=soon(1))
    later = submit(people.guilin_factory, people.sam, planned_cut=25, effective_date=soon(60))
    assert later.alert.level == 3
    assert Alert.objects.count() == 2


def test_it_grades_the_waves_of_one_report_together(people):
    result = submit(
        people.guilin_factory,
        people.sam,
        planned_cut=60,
        effective_date=None,
        waves=[{"date": soon(3), "count": 30}, {"date": soon(10), "count": 30}],
    )
    assert (result.alert.level, result.alert.total_in_window, result.alert.split) == (2, 60, True)
    assert LayoffWave.objects.filter(report=result.report).count() == 2


def test_it_never_lowers_an_alert_and_notifies_the_responsible_people(people, make_enterprise):
    from layoffwatch.accounts.models import Section
    from layoffwatch.accounts.services import user_create

    emp = user_create(
        username="emma",
        password="correct-horse-battery",
        role="section_staff",
        section=Section.objects.get(code="employment"),
    )
    big = submit(people.guilin_factory, people.sam, planned_cut=90)
    assert big.alert.level == 2
    small = submit(people.guilin_factory, people.sam, planned_cut=20, effective_date=soon(12))
    assert small.alert.level == 2
    assert small.alert.total_in_window == 110
    # emma (就业促进和职业能力建设科) and tina (桂林街道 liaison) are told; sam (人才中心) is not
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert Notification.objects.filter(title__contains="二级预警").count() == 2
    assert recipients == {emma.username for emma in [emp]} | {"tina"}


def test_it_stores_nothing_on_bad_input_but_audits_the_rejection(people):
    with pytest.raises(ValidationError) as caught:
        submit(
            people.guilin_factory,
            people.sam,
            planned_cut=-3,
            dispatched_cut=200_000,
            contact_phone="12",
            effective_date=(timezone.localdate() - dt.timedelta(days=400)).isoformat(),
        )
    errors = caught.value.message_dict
    assert "不能为负数" in errors["planned_cut"][0]
    assert "100,000" in errors["dispatched_cut"][0]
    assert "contact_phone" in errors
    assert LayoffReport.objects.count() == 0
    entry = AuditEntry.objects.get(action="rejected")
    assert entry.object_type == "reporting.layoffreport"
    assert {e["field"] for e in entry.after["errors"]} >= {"planned_cut", "dispatched_cut"}


def test_it_refuses_a_cut_larger_than_the_headcount_and_old_waves(people, time_machine):
    # 01:00 in Tongnan is 17:00 UTC the day before: "91 days ago" counts from the local day.
    time_machine.move_to("2026-04-01 01:00 +08:00", tick=False)
    with pytest.raises(ValidationError) as caught:
        submit(people.guilin_factory, people.sam, planned_cut=500)  # 120 insured
    assert "超过企业参保人数" in caught.value.message_dict["planned_cut"][0]
    old = (timezone.localdate() - dt.timedelta(days=91)).isoformat()
    with pytest.raises(ValidationError) as caught:
        submit(people.guilin_factory, people.sam, effective_date=old)
    assert "超过补报期限" in caught.value.message_dict["effective_date"][0]
    with pytest.raises(ValidationError) as caught:
        submit(
            people.guilin_factory,
            people.sam,
            planned_cut=30,
            effective_date=None,
            waves=[{"date": soon(1), "count": 10}, {"date": old, "count": 10}],
        )
    errors = caught.value.message_dict
    assert "waves.1.date" in errors and "与计划裁减人数 30 人不一致" in errors["waves"][0]


def test_it_keeps_every_version_of_a_correction_and_counts_the_latest(people):
    first = submit(people.guilin_factory, people.sam, planned_cut=20)
    corrected = layoff_report_submit(
        enterprise=people.guilin_factory,
        data=layoff_body(people.guilin_factory, planned_cut=60, corrects=first.receipt_no),
        channel="phone",
        actor=people.sam,
        at=timezone.now(),
    )
    first.report.refresh_from_db()
    assert not first.report.is_current and corrected.report.is_current
    assert corrected.report.version == 2 and corrected.report.series_no == first.report.receipt_no
    assert LayoffReport.objects.filter(series_no=first.report.receipt_no).count() == 2
    assert corrected.alert.pk == first.alert.pk and corrected.alert.level == 2
    assert corrected.alert.total_in_window == 60  # the superseded 20 no longer counts


def test_it_lets_only_staff_withdraw_and_only_with_a_reason(people):
    result = submit(people.guilin_factory, people.ed, channel="qr", planned_cut=20)
    with pytest.raises(PermissionDenied):
        layoff_report_withdraw(
            report=result.report, actor=people.ed, reason="填错", at=timezone.now()
        )
    with pytest.raises(ValidationError):
        layoff_report_withdraw(
            report=result.report, actor=people.sam, reason=" ", at=timezone.now()
        )
    layoff_report_withdraw(
        report=result.report, actor=people.sam, reason="企业来电称误报", at=timezone.now()
    )
    result.report.refresh_from_db()
    assert result.report.withdrawn and result.report.withdrawn_reason == "企业来电称误报"
    again = submit(people.guilin_factory, people.sam, planned_cut=20, effective_date=soon(11))
    assert again.alert.total_in_window == 20  # the withdrawn 20 does not count


def test_it_counts_an_agency_co_report_and_the_enterprise_report_once(people):
    """S3.1.2: the agency reports the dispatched cut; the enterprise's own report includes it."""
    agency = submit(
        people.zitong_factory, people.agnes, channel="api", planned_cut=25, dispatched_cut=25
    )
    # the agency's report is passed in as the user's report: no agency kwarg → set it
    LayoffReport.objects.filter(pk=agency.report.pk).update(agency=people.agency_firm)
    own = submit(people.zitong_factory, people.sam, planned_cut=25, dispatched_cut=25)
    agency.report.refresh_from_db()
    assert agency.report.counted_in_id == own.report.pk
    alert = Alert.objects.get(pk=own.alert.pk)
    assert alert.total_in_window == 25


def test_it_stores_a_monthly_report_and_a_second_one_for_the_month_as_a_correction(people):
    month = f"{timezone.localdate():%Y-%m}"
    data = {
        "period": month,
        "headcount_start": 120,
        "headcount_end": 118,
        "hires": 2,
        "separations": 4,
        "planned_cuts_next": 5,
    }
    first = monthly_report_submit(
        enterprise=people.guilin_factory,
        data=data,
        channel="staff",
        actor=people.sam,
        at=timezone.now(),
    )
    second = monthly_report_submit(
        enterprise=people.guilin_factory,
        data=data | {"separations": 5, "headcount_end": 117},
        channel="staff",
        actor=people.sam,
        at=timezone.now(),
    )
    assert second.report.version == 2 and second.report.series_no == first.receipt_no
    assert MonthlyReport.objects.filter(is_current=True).get().separations == 5
    with pytest.raises(ValidationError) as caught:
        monthly_report_submit(
            enterprise=people.guilin_factory,
            data=data | {"period": "2026-13", "separations": 500, "dispatched_hires": 9},
            channel="staff",
            actor=people.sam,
            at=timezone.now(),
        )
    assert set(caught.value.message_dict) >= {"period", "dispatched_hires"}
