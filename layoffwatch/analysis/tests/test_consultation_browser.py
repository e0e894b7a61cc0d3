"""A consultation recorded on a 360-px phone screen (plan S6.1), its action then in the owner's
“我的任务”."""

import datetime as dt

import pytest
from django.utils import timezone

from layoffwatch.conftest import browser_login

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_it_records_a_consultation_on_a_phone_and_the_owner_sees_the_action(page, people):
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, "sam")
    page.goto(page.base + "/analysis/consultations/")
    page.click("#consultation-new")
    page.wait_for_url("**/analysis/consultations/new/")
    assert fits(page)
    page.fill("#id_subject", "三月就业形势会商")
    page.check("#participants input[value='section:talent_center']")
    page.check("#participants input[value='dept:tax']")
    page.fill("#id_input_dept__tax", "两户企业申报工资总额下降三成")
    page.fill("#id_conclusions", "形势总体稳定")
    page.fill("#id_action_1_text", "核实两户企业的用工")
    page.select_option("#id_action_1_owner", str(people.sam.pk))
    due = timezone.localdate() + dt.timedelta(days=7)
    page.fill("#id_action_1_due_on", due.isoformat())
    page.click("#consultation-submit")
    page.wait_for_url("**/analysis/consultations/*/")
    assert "会商已录入" in page.inner_text("main")
    assert "区税务局" in page.inner_text("#consultation-participants")
    assert fits(page)

    page.goto(page.base + "/response/")
    row = page.inner_text("#my-consultation-actions")
    assert "核实两户企业的用工" in row and f"{due:%Y-%m-%d}" in row
    assert fits(page)
