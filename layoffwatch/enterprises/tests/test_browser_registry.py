"""The registry journey in a real browser (Debian chromium via Playwright): the CI journey (ADR 0020)."""

import pytest

from layoffwatch.conftest import browser_login
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.tests.test_import_export import row, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_searches_the_registry_and_opens_an_enterprise(page, people):
    browser_login(page, "sam")
    page.click("#sidebar >> text=企业名录")
    page.fill("#id_q", "梓潼")
    page.click("#search-submit")
    table = page.inner_text("[data-testid=enterprise-table]")
    assert "梓潼汽配有限公司" in table and "桂林食品有限公司" not in table
    assert "共 1 家企业" in page.inner_text("[data-testid=total]")
    page.click("text=梓潼汽配有限公司")
    assert page.inner_text("[data-testid=enterprise-name]") == "梓潼汽配有限公司"
    assert "潼南人力资源服务有限公司" in page.inner_text("[data-testid=dispatches]")


def test_it_filters_by_industry_code_typed_in_the_form(page, people):
    browser_login(page, "sam")
    page.goto(page.base + "/enterprises/")
    page.fill("#id_industry", "36")
    page.click("#search-submit")
    table = page.inner_text("[data-testid=enterprise-table]")
    assert "梓潼汽配有限公司" in table and "桂林食品有限公司" not in table


def test_it_shows_the_error_list_of_a_bad_import_and_imports_nothing(page, people, tmp_path):
    path = tmp_path / "企业导入.xlsx"
    path.write_bytes(xlsx([row(**{"企业名称": "好企业"}), row(**{"镇街": "火星街道"})]))
    before = Enterprise.objects.count()
    browser_login(page, "tina")
    page.goto(page.base + "/enterprises/")
    page.click("[data-testid=import]")
    page.set_input_files("#id_file", str(path))
    page.click("#import-submit")
    errors = page.inner_text("[data-testid=import-errors]")
    assert "第 3 行" in errors and "镇街" in errors and "未知的镇街“火星街道”" in errors
    assert "没有任何改动" in page.inner_text("[data-testid=import-rejected]")
    assert Enterprise.objects.count() == before


def test_it_imports_a_good_file_and_shows_the_counts(page, people, tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(xlsx([row(**{"企业名称": "浏览器导入企业"})]))
    browser_login(page, "tina")
    page.goto(page.base + "/enterprises/import/")
    page.set_input_files("#id_file", str(path))
    page.click("#import-submit")
    assert "新增 1 家" in page.inner_text("[role=alert]")
    assert Enterprise.objects.filter(name="浏览器导入企业", town_id="500152001000").exists()


def test_it_creates_an_enterprise_with_the_industry_lookup(page, people):
    from layoffwatch.conftest import make_uscc

    uscc = make_uscc()
    browser_login(page, "sam")
    page.goto(page.base + "/enterprises/new/")
    page.fill("#id_uscc", uscc)
    page.fill("#id_name", "浏览器新建汽配有限公司")
    page.select_option("#id_town", "500152002000")
    page.type("#id_industry_code", "汽车零")
    page.wait_for_selector("#industry-options option[value='3670']", state="attached")
    page.fill("#id_industry_code", "3670")
    page.fill("#id_insured_headcount", "88")
    page.fill("#id_contact_phone", "13900001111")
    page.click("#save")
    assert page.inner_text("[data-testid=enterprise-name]") == "浏览器新建汽配有限公司"
    assert Enterprise.objects.get(uscc=uscc).industry_id == "3670"
