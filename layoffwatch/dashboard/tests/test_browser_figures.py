"""A level-1 lift approved in a real browser (plan S5.3): the home page the leader opens next and
GET /api/v1/assessment no longer count the alert (ADR 0055)."""

import datetime as dt

import pytest
from django.utils import timezone

from layoffwatch.alerts.services import alert_transition, lift_request_create
from layoffwatch.conftest import browser_login
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.response.models import ResponseCase
from layoffwatch.testing.cases import report, staff
from layoffwatch.testing.reports import issue

from .test_figures_agree import finish_case

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_after_the_leader_approves_the_lift_the_home_page_and_the_api_stop_counting_it(
    page, people, client, make_enterprise
):
    factory = make_enterprise(name="潼南某电子厂", insured_headcount=900)
    at = timezone.now()
    alert = report(factory, cut=250, on=local_day() + dt.timedelta(days=10), at=at).alert
    report(people.zitong_factory, cut=60, on=local_day() + dt.timedelta(days=10), at=at)
    emma = staff("emma", "employment")
    alert_transition(alert=alert, to_status="responding", actor=emma, at=at)
    alert_transition(alert=alert, to_status="under_control", actor=emma, at=at)
    finish_case(alert, actor=emma, at=at)
    lift_request_create(alert=alert, actor=emma, reason="企业恢复生产，职工已全部安置", at=at)
    case = ResponseCase.objects.get(alert=alert)

    browser_login(page, "li")
    page.goto(f"{page.base}/")
    assert "第一等次（严重）" in page.inner_text("[data-testid=district-grade]")
    assert page.inner_text("[data-testid=open-level-1]").strip() == "1"
    page.goto(f"{page.base}/response/cases/{case.pk}/")
    page.click("#decide-open")  # every step and task is done: no reason is asked (ADR 0053)
    page.fill("#decision-note", "经区政府同意，批准解除")
    page.click("#decide-submit")
    assert "已解除" in page.inner_text("[data-testid=alert-status]")

    page.goto(f"{page.base}/")
    assert page.inner_text("[data-testid=open-level-1]").strip() == "0"
    assert "第二等次（较重）" in page.inner_text("[data-testid=district-grade]")
    shown_at = page.inner_text("[data-testid=district-grade-at]")
    assert dt.datetime.strptime(shown_at, "%Y-%m-%d %H:%M") <= local_datetime().replace(tzinfo=None)
    page.click("[data-testid=open-level-1] a")
    assert "共 0 条预警" in page.inner_text("[data-testid=alert-total]")

    token = issue("li")
    grade = client.get("/api/v1/assessment", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert grade["grade"] == 2 and grade["open_alerts"]["1"] == 0
