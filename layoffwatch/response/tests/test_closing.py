"""Closing a case with work undone (ADR 0053): lifting an alert closes its case, so the person who
lifts it — the approving leader for a level-1 alert (plan S5.3 “经报批预警可以解除”) — sees every
step and annex task still open and completes or explains each; the reasons are kept on the items,
in the case's record and for the written report (plan S6.2). A level-1 alert is not lifted before
the onward report to 市委、市政府 (plan S5.3 “区党委、政府和市人力社保局按规定报市委、市政府”).
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from layoffwatch.alerts.models import Alert, LiftRequest
from layoffwatch.alerts.services import (
    alert_lift,
    alert_transition,
    lift_request_create,
    lift_request_decide,
)
from layoffwatch.audit.models import AuditEntry
from layoffwatch.response.models import CaseEvent, CaseStep, CaseTask, ResponseCase
from layoffwatch.response.selectors import case_unfinished_items
from layoffwatch.response.services import filing_record, task_complete
from layoffwatch.testing.cases import local, report, staff, unfinished_reasons

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)
T1 = local(2026, 3, 30, 10, 0)  # a month later: the risk is under control


def level_1_under_control(people):
    """A level-1 alert (250 cut) under control, its lift asked for by 就业科's emma."""
    people.guilin_factory.insured_headcount = 900
    people.guilin_factory.save()
    emma = staff("emma", "employment")
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=250, on=dt.date(2026, 3, 20), at=T0).alert
        alert_transition(alert=alert, to_status="responding", actor=emma, at=T0)
    with time_machine.travel(T1, tick=False):
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=T1)
        request = lift_request_create(
            alert=alert, actor=emma, reason="企业恢复正常生产，职工已妥善安置", at=T1
        )
    return alert, request, emma


def onward_report(alert, emma):
    """plan S5.3: the district and the municipal bureau reported on to 市委 and 市政府."""
    step = CaseStep.objects.get(case__alert=alert, level=1, key="escalate")
    for body in step.external_bodies:
        filing_record(
            step=step,
            actor=emma,
            recipient=body,
            channel="document",
            sent_at=T1,
            document_title="潼府文〔2026〕3号",
            at=T1,
        )
    return step


def test_it_refuses_an_approval_without_reasons_naming_each_open_item_and_audits_it(people):
    alert, request, emma = level_1_under_control(people)
    onward_report(alert, emma)
    with time_machine.travel(T1, tick=False):
        with pytest.raises(ValidationError) as refused:
            lift_request_decide(
                request=request, actor=people.li, approve=True, note="区委、区政府已批准", at=T1
            )
    message = "；".join(refused.value.messages)
    assert "请逐项办结或填写未完成原因" in message
    assert "任务分解表第7项（就业和人才中心牵头）" in message
    assert "一级响应步骤“市、区两级共同研究制定风险防控方案”" in message
    # nothing changed: still level 1 under control, the request waiting, the case open
    alert.refresh_from_db()
    request.refresh_from_db()
    assert (alert.level, alert.status) == (1, Alert.Status.UNDER_CONTROL)
    assert request.decision == LiftRequest.Decision.PENDING
    assert ResponseCase.objects.get(alert=alert).status == "open"
    assert not CaseTask.objects.exclude(unfinished_reason="").exists()
    refusal = AuditEntry.objects.get(action="rejected", summary__startswith="拒绝审批解除预警")
    assert refusal.actor_id == people.li.pk and "任务分解表第7项" in refusal.summary


def test_it_refuses_a_level_1_lift_before_the_onward_report_whatever_the_reasons(people):
    alert, request, _emma = level_1_under_control(people)
    reasons = unfinished_reasons(alert)
    escalate = CaseStep.objects.get(case__alert=alert, level=1, key="escalate")
    assert f"step-{escalate.pk}" in reasons  # a reason is offered for it too, and does not count
    with time_machine.travel(T1, tick=False):
        with pytest.raises(ValidationError) as refused:
            lift_request_decide(
                request=request,
                actor=people.li,
                approve=True,
                note="区委、区政府已批准",
                at=T1,
                unfinished_reasons=reasons,
            )
    message = "；".join(refused.value.messages)
    assert "区委、区政府和市人力社保局按规定报告市委、市政府" in message
    assert "预案五（三）" in message and "不能以说明未完成原因代替" in message
    assert "市委、市政府的报送记录" in message
    alert.refresh_from_db()
    assert alert.status == Alert.Status.UNDER_CONTROL and alert.lifted_at is None
    assert AuditEntry.objects.filter(
        action="rejected", summary__contains="不能以说明未完成原因代替"
    ).exists()


def test_it_lifts_with_a_reason_for_each_open_item_and_keeps_the_reasons(people):
    alert, request, emma = level_1_under_control(people)
    onward_report(alert, emma)
    with time_machine.travel(T1, tick=False):
        task_complete(
            task=CaseTask.objects.get(case__alert=alert, number=7),
            actor=people.sam,
            note="已摸清职工求职意向",
            at=T1,
        )
        reasons = unfinished_reasons(alert)
        lift_request_decide(
            request=request,
            actor=people.li,
            approve=True,
            note="区委、区政府已批准（潼委〔2026〕9号）",
            at=T1,
            unfinished_reasons=reasons,
        )
    alert.refresh_from_db()
    case = ResponseCase.objects.get(alert=alert)
    assert (alert.status, case.status) == (Alert.Status.LIFTED, "closed")
    task7, task8 = (
        CaseTask.objects.get(case=case, number=7),
        CaseTask.objects.get(case=case, number=8),
    )
    assert task7.unfinished_reason == ""  # completed before the approval: no reason asked
    assert task8.unfinished_reason.startswith("已纳入常态化就业服务")
    assert (task8.unfinished_reason_by, task8.unfinished_reason_at) == (people.li, T1)
    # for the written report (plan S6.2): every item left open, with its reason and who gave it
    left = case_unfinished_items(case)
    assert {i.key for i in left} == set(reasons)
    assert all(i.reason == reasons[i.key] and i.reason_by == str(people.li) for i in left)
    assert "任务分解表第7项（就业和人才中心牵头）" not in [i.label for i in left]
    # and in the case's record
    events = CaseEvent.objects.filter(case=case, kind="unfinished")
    assert events.count() == len(reasons)
    assert events.filter(summary__contains="任务分解表第8项").exists()


def test_it_refuses_lifting_a_level_3_alert_with_open_work_and_no_reasons(people):
    emma = staff("emma", "employment")
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
        alert_transition(alert=alert, to_status="responding", actor=emma, at=T0)
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=T0)
        with pytest.raises(ValidationError, match="尚有 .* 项未办结"):
            alert_lift(alert=alert, actor=emma, reason="已安置", at=T0)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.UNDER_CONTROL
    assert ResponseCase.objects.get(alert=alert).is_open
    assert AuditEntry.objects.filter(action="rejected", summary__startswith="拒绝解除预警").exists()


# ------------------------------------------------------------------ on the pages


def test_the_approval_page_lists_each_open_item_with_a_field_for_its_reason(login, people):
    alert, request, _emma = level_1_under_control(people)
    case = ResponseCase.objects.get(alert=alert)
    page = login(people.li).get(f"/response/cases/{case.pk}/")
    html = page.content.decode()
    assert "审批时须逐项办结或说明原因" in html and 'id="decide-open"' in html
    html = login(people.li).get(f"/response/cases/{case.pk}/lift/{request.pk}/decide/").content
    html = html.decode()
    for item in case_unfinished_items(case):
        assert item.label in html
        if not item.required:
            assert f'name="unfinished-{item.key}"' in html
    # the onward report has no reason field: it must be done (plan S5.3)
    escalate = CaseStep.objects.get(case=case, level=1, key="escalate")
    assert f'name="unfinished-step-{escalate.pk}"' not in html
    assert "须先办结，不能说明原因代替" in html


def test_it_shows_the_refusal_on_the_approval_page_and_keeps_what_was_typed(login, people):
    alert, request, emma = level_1_under_control(people)
    onward_report(alert, emma)
    case = ResponseCase.objects.get(alert=alert)
    task8 = CaseTask.objects.get(case=case, number=8)
    url = f"/response/cases/{case.pk}/lift/{request.pk}/decide/"
    response = login(people.li).post(
        url,
        {"approve": "1", "note": "已批准", f"unfinished-task-{task8.pk}": "并入第7项办理"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "请逐项办结或填写未完成原因" in html and "任务分解表第9项" in html
    assert "并入第7项办理</textarea>" in html  # the reason typed is still there
    alert.refresh_from_db()
    assert alert.status == Alert.Status.UNDER_CONTROL


def test_a_leader_approves_with_reasons_and_the_case_page_shows_them(login, people):
    alert, request, emma = level_1_under_control(people)
    onward_report(alert, emma)
    case = ResponseCase.objects.get(alert=alert)
    data = {"approve": "1", "note": "区委、区政府已批准（潼委〔2026〕9号）"}
    data |= {f"unfinished-{k}": v for k, v in unfinished_reasons(alert, "企业已恢复生产").items()}
    client = login(people.li)
    response = client.post(
        f"/response/cases/{case.pk}/lift/{request.pk}/decide/", data, follow=True
    )
    html = response.content.decode()
    assert "已审批" in html
    assert 'data-testid="alert-status">已解除' in html
    assert "结案时未办结，原因：企业已恢复生产（任务分解表第8项（就业和人才中心牵头））" in html
    assert "结案时未办结：任务分解表第8项" in html  # the timeline


def test_the_task_force_lifts_a_level_3_alert_on_its_page_after_explaining_open_work(login, people):
    emma = staff("emma", "employment")
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
    case = ResponseCase.objects.get(alert=alert)
    client = login(emma)
    client.post(f"/response/cases/{case.pk}/status/", {"to_status": "responding"})
    client.post(f"/response/cases/{case.pk}/status/", {"to_status": "under_control"})
    assert 'id="lift-open"' in client.get(f"/response/cases/{case.pk}/").content.decode()
    page = client.get(f"/response/cases/{case.pk}/lift/").content.decode()
    assert "研究制定风险防控方案" in page and "任务分解表第13项" in page
    refused = client.post(f"/response/cases/{case.pk}/lift/", {"reason": "职工已安置"})
    assert "请逐项办结或填写未完成原因" in refused.content.decode()
    data = {"reason": "职工已安置"}
    data |= {f"unfinished-{k}": v for k, v in unfinished_reasons(alert).items()}
    response = client.post(f"/response/cases/{case.pk}/lift/", data, follow=True)
    assert "预警已解除，处置结案" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "closed"
