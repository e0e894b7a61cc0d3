"""The enterprise picker in a real browser: type part of a name, pick, read 已选：…, save."""

import pytest

from layoffwatch.conftest import browser_login
from layoffwatch.reporting.models import LayoffReport
from layoffwatch.testing.reports import soon

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_staff_pick_an_enterprise_by_name_for_a_phone_report(page, people):
    browser_login(page, "sam")
    page.goto(f"{page.base}/reporting/new/")
    page.locator("#id_enterprise_uscc").press_sequentially("梓潼汽")
    option = page.locator("[data-pick-code]")
    option.first.wait_for()
    assert option.count() == 1
    assert "梓潼汽配有限公司" in option.inner_text()
    assert people.zitong_factory.uscc in option.inner_text()
    option.click()
    e = people.zitong_factory
    assert page.input_value("#id_enterprise_uscc") == e.uscc
    chosen = page.inner_text("[data-testid=picker-chosen]")
    assert chosen == f"已选：梓潼汽配有限公司（{e.town.name}，{e.uscc}）"
    page.select_option("#id_channel", "phone")
    page.click("#submit-report")  # the caller's name is missing: the page comes back
    assert "来电人/联系人：电话报告须填写来电人姓名" in page.inner_text("[data-testid=form-errors]")
    # the code picked is kept, and the page says again which enterprise it is
    assert page.input_value("#id_enterprise_uscc") == e.uscc
    assert page.inner_text("[data-testid=picker-chosen]") == chosen
    page.fill("#id_contact_name", "王芳")
    page.fill("#id_contact_phone", "13800000000")
    page.fill("#id_planned_cut", "30")
    page.fill("#id_wave_date_1", soon(7))
    page.click("#submit-report")
    page.wait_for_selector("text=已登记")
    assert LayoffReport.objects.get().enterprise == e


def test_a_liaison_is_offered_only_her_towns_enterprises(page, people):
    browser_login(page, "tina")
    page.goto(f"{page.base}/reporting/new/")
    page.locator("#id_enterprise_uscc").press_sequentially("有限公司")
    page.locator("[data-pick-code]").first.wait_for()
    listed = page.inner_text("[data-testid=picker-result]")
    assert "桂林食品有限公司" in listed and "梓潼汽配有限公司" not in listed
