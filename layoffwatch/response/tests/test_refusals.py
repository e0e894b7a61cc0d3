"""Bad input (ADR 0051): refused with a clear message, nothing changed, audited.

plan S5.3 (lifting a level-1 alert needs approval), annex (lead units complete their tasks),
S5 deadlines for a year the calendar cannot resolve.
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.accounts.roles import Role
from layoffwatch.alerts.models import Alert, LiftRequest
from layoffwatch.alerts.services import (
    alert_lift,
    alert_transition,
    lift_request_create,
    lift_request_decide,
)
from layoffwatch.audit.models import AuditEntry
from layoffwatch.response.models import CaseStep, CaseTask, ResponseCase, TaskNote
from layoffwatch.response.services import (
    filing_record,
    overdue_escalate,
    task_complete,
    task_note_add,
)
from layoffwatch.testing.cases import inbox, local, report, staff, unfinished_reasons

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


def level_1(people):
    people.guilin_factory.insured_headcount = 900
    people.guilin_factory.save()
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=250, on=dt.date(2026, 3, 20), at=T0).alert
        emma = staff("emma", "employment")
        alert_transition(alert=alert, to_status="responding", actor=emma, at=T0)
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=T0)
    return alert, emma


def test_it_refuses_to_complete_another_units_task_and_audits_it(people):
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
        task = CaseTask.objects.get(case__alert=alert, number=13)  # 劳动人事争议仲裁院 leads
        with pytest.raises(PermissionDenied, match="劳动人事争议仲裁院牵头"):
            task_complete(task=task, actor=people.sam, note="已受理", at=T0)
    task.refresh_from_db()
    assert task.done_at is None and not TaskNote.objects.exists()
    assert AuditEntry.objects.filter(action="denied", summary__contains="拒绝办结任务").exists()


def test_it_refuses_to_lift_a_level_1_alert_without_approval(people):
    alert, emma = level_1(people)
    with pytest.raises(ValidationError, match="须经报批"):
        alert_lift(alert=alert, actor=emma, reason="已恢复", at=T0)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.UNDER_CONTROL
    assert AuditEntry.objects.filter(action="rejected", summary__contains="拒绝解除预警").exists()


def test_it_refuses_a_leader_approving_her_own_request_and_lets_another_leader_approve(people):
    alert, _emma = level_1(people)
    with time_machine.travel(T0, tick=False):
        request = lift_request_create(alert=alert, actor=people.li, reason="已恢复正常", at=T0)
        with pytest.raises(PermissionDenied, match="不能审批本人"):
            lift_request_decide(request=request, actor=people.li, approve=True, note="同意", at=T0)
        request.refresh_from_db()
        assert request.decision == LiftRequest.Decision.PENDING
        # a section head may not approve either: the policy names the leader role
        with pytest.raises(PermissionDenied):
            lift_request_decide(request=request, actor=people.sam, approve=True, note="同意", at=T0)
        zhang = staff("zhang", "leadership", role=Role.LEADER)
        # plan S5.3: reported on to 市委、市政府 first; the rest left open is explained (ADR 0053)
        escalate = CaseStep.objects.get(case__alert=alert, level=1, key="escalate")
        for body in escalate.external_bodies:
            filing_record(step=escalate, actor=people.li, recipient=body, channel="document",
                          sent_at=T0, document_title="潼府文〔2026〕3号", at=T0)  # fmt: skip
        lift_request_decide(
            request=request,
            actor=zhang,
            approve=True,
            note="区委、区政府已批准（潼委〔2026〕9号）",
            at=T0,
            unfinished_reasons=unfinished_reasons(alert),
        )
    alert.refresh_from_db()
    assert (alert.status, alert.lifted_by) == (Alert.Status.LIFTED, zhang)
    assert ResponseCase.objects.get(alert=alert).status == "closed"
    assert AuditEntry.objects.filter(action="denied", summary__contains="不能审批本人").exists()


def test_it_refuses_to_edit_a_closed_case(people):
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
        emma = staff("emma", "employment")
        alert_transition(alert=alert, to_status="responding", actor=emma, at=T0)
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=T0)
        alert_lift(
            alert=alert,
            actor=emma,
            reason="已安置",
            at=T0,
            unfinished_reasons=unfinished_reasons(alert),
        )
        task = CaseTask.objects.get(case__alert=alert, number=7)
        with pytest.raises(ValidationError, match="已结案"):
            task_note_add(task=task, actor=people.sam, text="补充", at=T0)
        with pytest.raises(ValidationError, match="已结案"):
            task_complete(task=task, actor=people.sam, note="补办", at=T0)
    assert not TaskNote.objects.exists()
    assert AuditEntry.objects.filter(action="rejected", summary__contains="已结案").count() == 2


def test_it_flags_deadlines_in_a_year_without_holiday_data_as_provisional(people):
    at = local(2027, 3, 1, 9, 0)  # chinese-calendar has no 2027 data; the Holiday table is empty
    with time_machine.travel(at, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2027, 3, 10), at=at).alert
    steps = {s.key: s for s in ResponseCase.objects.get(alert=alert).steps.all()}
    assert steps["plan"].due_at == local(2027, 3, 8, 23, 59, 59)  # weekdays only: the fallback
    assert steps["plan"].due_provisional
    assert not steps["report"].due_provisional  # 12 hours on the clock need no calendar


def test_it_escalates_an_overdue_task_to_the_section_head_then_the_leader(people):
    from layoffwatch.response.models import Assignment

    head = staff("hu", "talent_center")
    Assignment.objects.create(kind="section_head", key="talent_center", user=head)
    Assignment.objects.create(kind="leader", key="leader_employment", user=people.li)
    with time_machine.travel(T0, tick=False):
        report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0)

    def told(user, text):
        return any(text in title and title.startswith("逾期催办") for title in inbox(user))

    first = local(2026, 3, 10, 9, 0)  # the tasks were due on 9 March (5 working days)
    overdue_escalate(at=first)
    assert told(head, "第7项") and not told(people.li, "第7项")
    overdue_escalate(at=first + dt.timedelta(hours=1))  # same day: no second rung yet
    assert not told(people.li, "第7项")
    overdue_escalate(at=first + dt.timedelta(days=1))
    assert told(people.li, "第7项")
    assert CaseTask.objects.get(number=7).escalation == 2
