"""Lifting a level-1 alert in a real browser (issue 6, plan S5.3): the task force asks, the
leader — not the requester — approves with the district's approval noted, and the case closes."""

import datetime as dt

import pytest
from django.utils import timezone

from layoffwatch.alerts.models import Alert, LiftRequest
from layoffwatch.alerts.services import alert_transition
from layoffwatch.conftest import browser_login
from layoffwatch.response.models import ResponseCase

from .helpers import report, staff

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

    browser_login(page, "emma")
    page.goto(f"{page.base}/response/cases/{case.pk}/")
    assert "申请解除（报批）" in page.inner_text("#lift-submit")
    page.fill("#lift-reason", "企业恢复生产，职工已全部安置")
    page.click("#lift-submit")
    assert "已提交解除申请，待局领导审批" in page.inner_text("main")
    assert "企业恢复生产，职工已全部安置" in page.inner_text("#pending-lift")
    assert page.locator("#decide-submit").count() == 0  # the requester cannot approve

    page.context.clear_cookies()
    browser_login(page, "li")
    page.goto(f"{page.base}/response/cases/{case.pk}/")
    page.fill("#decision-note", "经区政府同意，批准解除")
    page.click("#decide-submit")
    assert "已审批" in page.inner_text("main")
    assert "已解除" in page.inner_text("[data-testid=alert-status]")
    assert "已结案" in page.inner_text("[data-testid=case-status]")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.LIFTED
    decision = LiftRequest.objects.get(alert=alert)
    assert (decision.requested_by, decision.decided_by) == (emma, people.li)
