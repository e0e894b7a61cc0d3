"""The month's analysis in a real browser on a phone (plan S6.1): staff open 形势分析 from the
menu, read the figures and the chart, draft the analysis and write the next steps; the leader
signs it off."""

import pytest

from layoffwatch.conftest import browser_login

from .conftest import Month

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_staff_draft_the_month_on_a_phone_and_the_leader_signs_it(
    page, people, make_enterprise, tmp_path
):
    Month(make_enterprise, tmp_path).social_insurance()
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, "sam")
    # the home page loaded, its deferred scripts run: the menu button opens the menu (a click
    # before bootstrap's script did nothing, on a loaded runner)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.click("#menu-open")
    page.click("#sidebar a[href='/analysis/']")
    page.wait_for_url("**/analysis/2026-03/")
    insured = page.inner_text("#analysis-district tr[data-indicator='insured']")
    assert "28" in insured
    registrations = page.inner_text("#analysis-district tr[data-indicator='registrations']")
    assert "暂无数据" in registrations and "0" not in registrations.split("暂无数据")[0]
    page.wait_for_selector("#chart-trend canvas")
    assert fits(page)

    page.click("#analysis-redraft")
    page.wait_for_selector("#section-overall")
    assert "28" in page.input_value("#section-overall")
    page.fill("#section-next_steps", "走访梓潼街道的汽配企业，核实减员原因。")
    page.click("#analysis-save")
    page.wait_for_selector(".alert-success")
    assert fits(page)

    page.context.clear_cookies()
    browser_login(page, "li")
    page.goto(page.base + "/analysis/2026-03/")
    page.click("#analysis-sign")
    page.wait_for_selector("#analysis-draft .text-bg-success")
    assert "走访梓潼街道的汽配企业" in page.inner_text("#analysis-draft")
    assert fits(page)
