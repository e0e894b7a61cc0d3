"""Lifting a level-1 alert in a real browser (ADR 0050, plan S5.3): the task force asks, the
leader — not the requester — sees the work still open, explains each item (ADR 0053), approves
with the district's approval noted, and the case closes with the reasons on its page."""

import datetime as dt

import pytest
from django.utils import timezone

from layoffwatch.alerts.models import Alert, LiftRequest
from layoffwatch.alerts.services import alert_transition
from layoffwatch.conftest import browser_login
from layoffwatch.response.models import CaseStep, ResponseCase
from layoffwatch.response.services import filing_record
from layoffwatch.testing.cases import report, staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_it_lifts_a_level_1_alert_through_request_and_approval(page, people):
    people.guilin_factory.insured_headcount = 900
    people.guilin_factory.save()
    at = timezone.now()
    alert = report(
        people.guilin_factory, cut=250, on=timezone.localdate() + dt.timedelta(days=10), at=at
    ).alert
    assert alert.level == 1
    emma = staff("emma", "employment")
    alert_transition(alert=alert, to_status="responding", actor=emma, at=at)
    alert_transition(alert=alert, to_status="under_control", actor=emma, at=at)
    case = ResponseCase.objects.get(alert=alert)

    # plan S5.3: the district has reported on to 市委、市政府 (without it no approval is possible)
    escalate = CaseStep.objects.get(case=case, level=1, key="escalate")
    for body in escalate.external_bodies:
        filing_record(step=escalate, actor=emma, recipient=body, channel="document",
                      sent_at=at, document_title="潼府文〔2026〕3号", at=at)  # fmt: skip

    browser_login(page, "emma")
    page.goto(f"{page.base}/response/cases/{case.pk}/")
    assert "申请解除（报批）" in page.inner_text("#lift-open")
    page.click("#lift-open")
    page.fill("#lift-reason", "企业恢复生产，职工已全部安置")
    page.click("#lift-submit")
    assert "已提交解除申请，待局领导审批" in page.inner_text("main")
    assert "企业恢复生产，职工已全部安置" in page.inner_text("#pending-lift")
    assert page.locator("#decide-open").count() == 0  # the requester cannot approve

    page.context.clear_cookies()
    browser_login(page, "li")
    page.goto(f"{page.base}/response/cases/{case.pk}/")
    page.click("#decide-open")
    assert "任务分解表第7项（就业和人才中心牵头）" in page.inner_text("[data-testid=unfinished]")
    page.fill("#decision-note", "经区政府同意，批准解除")
    page.click("#decide-submit")  # no reasons yet: refused, nothing changed
    assert "请逐项办结或填写未完成原因" in page.inner_text("main")
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.UNDER_CONTROL
    reasons = page.locator("textarea[name^=unfinished-]")
    for i in range(reasons.count()):
        reasons.nth(i).fill("已转入常态化就业服务")
    page.click("#decide-submit")
    assert "已审批" in page.inner_text("main")
    assert "已解除" in page.inner_text("[data-testid=alert-status]")
    assert "已结案" in page.inner_text("[data-testid=case-status]")
    assert "结案时未办结，原因：已转入常态化就业服务" in page.inner_text("#task-7")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.LIFTED
    decision = LiftRequest.objects.get(alert=alert)
    assert (decision.requested_by, decision.decided_by) == (emma, people.li)
