"""plan S3.1.1: a monthly report showing a cut of 20+ without a layoff report is a finding."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from layoffwatch.accounts.models import Section
from layoffwatch.accounts.services import user_create
from layoffwatch.audit.models import AuditEntry
from layoffwatch.notifications.models import Notification
from layoffwatch.reporting.models import MissingReportFinding
from layoffwatch.reporting.services import (
    finding_resolve,
    layoff_report_submit,
    monthly_report_submit,
)
from layoffwatch.testing.reports import layoff_body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def november(time_machine):
    time_machine.move_to("2026-11-05 10:00 +08:00", tick=False)


def monthly(enterprise, actor, **values):
    data = {"period": "2026-10", "headcount_start": 120, "hires": 0, "separations": 5} | values
    # the headcount adds up (ADR 0056): 月末 = 月初 + 本月新增 − 本月减少
    data.setdefault("headcount_end", data["headcount_start"] + data["hires"] - data["separations"])
    return monthly_report_submit(
        enterprise=enterprise, data=data, channel="api", actor=actor, at=timezone.now()
    ).report


def test_20_separations_without_a_layoff_report_raise_a_finding_and_tell_the_town(people):
    report = monthly(people.guilin_factory, people.ed, separations=20, dispatched_separations=4)
    finding = MissingReportFinding.objects.get()
    assert finding.monthly_report == report and finding.basis == "separations"
    assert finding.count == 20 and finding.dispatched == 4 and finding.status == "open"
    assert any("达到 20 人" in r for r in finding.reasons)
    told = Notification.objects.get(kind="finding")
    assert told.recipient == people.tina and "未见裁员报告" in told.title


def test_19_separations_and_dispatched_included_next_month_cuts_are_judged_by_the_policy(people):
    monthly(people.guilin_factory, people.ed, separations=19)
    assert not MissingReportFinding.objects.exists()
    monthly(
        people.zitong_factory,
        people.sam,
        planned_cuts_next=25,
        planned_dispatched_cuts_next=25,
    )
    finding = MissingReportFinding.objects.get()
    assert (finding.period, finding.basis, finding.dispatched) == ("2026-11", "planned_cuts", 25)


def test_no_finding_when_the_layoff_report_is_in(people):
    layoff_report_submit(
        enterprise=people.guilin_factory,
        data=layoff_body(people.guilin_factory, effective_date="2026-10-20"),
        channel="api",
        actor=people.ed,
        at=timezone.now(),
    )
    monthly(people.guilin_factory, people.ed, separations=25)
    assert not MissingReportFinding.objects.exists()


def test_a_correction_does_not_repeat_the_finding(people):
    monthly(people.guilin_factory, people.ed, separations=25)
    monthly(people.guilin_factory, people.ed, separations=26)
    assert MissingReportFinding.objects.count() == 1


def test_a_late_layoff_report_closes_the_finding(people):
    monthly(people.guilin_factory, people.ed, planned_cuts_next=30)
    submitted = layoff_report_submit(
        enterprise=people.guilin_factory,
        data=layoff_body(people.guilin_factory, planned_cut=30, effective_date="2026-11-20"),
        channel="api",
        actor=people.ed,
        at=timezone.now(),
    )
    finding = MissingReportFinding.objects.get()
    assert finding.status == "resolved" and finding.layoff_report == submitted.report
    assert finding.resolution == "reported"


def test_staff_resolve_a_finding_with_a_note_and_it_is_audited(people, login):
    monthly(people.guilin_factory, people.ed, separations=25)
    finding = MissingReportFinding.objects.get()
    client = login(people.tina)
    assert "桂林食品有限公司" in client.get("/reporting/findings/").content.decode()
    empty = client.post(f"/reporting/findings/{finding.pk}/", {"resolution": "not_layoff"})
    assert empty.status_code == 200 and "这个字段是必填项" in empty.content.decode()
    done = client.post(
        f"/reporting/findings/{finding.pk}/",
        {"resolution": "not_layoff", "note": "电话核实：10 月合同到期 25 人，非裁员"},
        follow=True,
    )
    assert "经核实不属于裁员" in done.content.decode()
    finding.refresh_from_db()
    assert finding.status == "resolved" and finding.resolved_by == people.tina
    assert AuditEntry.objects.filter(
        action="update", summary__contains="电话核实：10 月合同到期"
    ).exists()
    with pytest.raises(Exception, match="已被处理"):
        finding_resolve(
            finding=finding, actor=people.sam, resolution="other", note="再次", at=timezone.now()
        )


def test_findings_stay_within_scope_and_away_from_enterprises(people, login):
    monthly(people.zitong_factory, people.sam, separations=30)
    finding = MissingReportFinding.objects.get()
    assert login(people.tina).get(f"/reporting/findings/{finding.pk}/").status_code == 404
    assert login(people.ed).get("/reporting/findings/").status_code == 403
    with pytest.raises(PermissionDenied):
        finding_resolve(
            finding=finding, actor=people.ed, resolution="other", note="x", at=timezone.now()
        )


def test_the_responsible_section_is_told_too(people):
    emma = user_create(
        username="emma",
        password="correct-horse-battery",
        role="section_staff",
        section=Section.objects.get(code="employment"),
    )
    monthly(people.guilin_factory, people.ed, separations=40)
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        emma.pk,
        people.tina.pk,
    }
    assert MissingReportFinding.objects.get().raised_at.date() == dt.date(2026, 11, 5)


def test_a_findings_reasons_are_kept_in_chinese_and_read_in_the_readers_language(people, login):
    """ADR 0100: the policy's reasons are stored in Chinese whoever filed the monthly report,
    and the finding's page and the inbox say them in the reader's language."""
    with translation.override("en"):
        monthly(people.guilin_factory, people.ed, separations=20, dispatched_separations=4)
    finding = MissingReportFinding.objects.get()
    zh = "一次性裁减 20 人（含派遣人员 4 人），达到 20 人，须立即报告区人力社保局（预案三（一）1）"
    en = (
        "A one-time cut of 20 people (4 dispatched workers included) reaches 20: it must be "
        "reported to the district Human Resources and Social Security Bureau at once"
    )
    assert finding.reasons[0] == zh
    told = Notification.objects.get(kind="finding")
    assert told.body.startswith(zh)
    pages = {}
    for language in ("en", "zh-hans"):
        client = login(people.sam)
        client.cookies["django_language"] = language
        pages[language] = client.get(f"/reporting/findings/{finding.pk}/").content.decode()
    assert en in pages["en"] and zh not in pages["en"]
    assert zh in pages["zh-hans"]
    client = login(people.tina)
    client.cookies["django_language"] = "en"
    assert en in client.get("/notifications/").content.decode()
