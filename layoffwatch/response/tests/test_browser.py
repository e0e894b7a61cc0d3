"""The case page in a real browser (ADR 0051): the timeline, the steps, and the lead unit
completing its task (plan S5, annex)."""

import datetime as dt

import pytest
from django.utils import timezone

from layoffwatch.conftest import browser_login
from layoffwatch.response.models import CaseTask, ResponseCase
from layoffwatch.testing.cases import report

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_it_shows_the_case_and_lets_the_lead_unit_complete_its_task(page, people):
    at = timezone.now()
    alert = report(
        people.guilin_factory, cut=30, on=timezone.localdate() + dt.timedelta(days=10), at=at
    ).alert
    case = ResponseCase.objects.get(alert=alert)
    browser_login(page, "sam")
    page.goto(f"{page.base}/alerts/{alert.pk}/")
    page.click("#alert-case")  # the alert's page opens its case
    page.wait_for_url(f"**/response/cases/{case.pk}/")
    assert "三级预警" in page.inner_text("[data-testid=case-level]")
    assert "启动3级预警处置" in page.inner_text("[data-testid=timeline]")
    assert page.locator("[data-testid=steps] tr[data-key=plan]").count() == 1
    assert page.locator("#task-done-5").count() == 0  # 法制和劳动关系科's task: no button for sam
    page.click("#task-open-7")  # the task's row opens its own dialog
    page.fill("#task-note-7", "已兑现社保补贴 3 户")
    page.click("#task-done-7")
    assert "任务已办结" in page.inner_text("main")
    assert "办结任务分解表第7项" in page.inner_text("[data-testid=timeline]")
    assert CaseTask.objects.get(case=case, number=7).done_by == people.sam
