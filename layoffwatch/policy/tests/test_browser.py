"""A real browser: the administrator adds a dated version; section staff read the page (plan S3.2, S5)."""

import datetime as dt

import pytest

from layoffwatch.conftest import browser_login
from layoffwatch.policy.models import PolicyRevision

from .helpers import level3_threshold_revised

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_adds_a_version_that_staff_then_see_as_pending(page, people):
    effective = dt.date.today() + dt.timedelta(days=60)
    browser_login(page, "alice")
    page.goto(page.base + "/policy/")
    page.click("[data-testid=new-revision]")
    page.select_option("#id_file_key", "alert_levels")
    page.fill("#id_effective_date", effective.isoformat())
    page.fill("#id_note", "试行期满后提高三级预警门槛")
    page.fill("#id_yaml_text", "brackets: [")
    page.click("#revision-submit")
    assert "YAML 格式错误" in page.inner_text("#revision-form")
    assert not PolicyRevision.objects.exists()

    page.fill("#id_yaml_text", level3_threshold_revised(effective, 30))
    page.click("#revision-submit")
    assert "新版本" in page.inner_text("main")
    assert "试行期满后提高三级预警门槛" in page.inner_text("[data-testid=revisions]")

    page.goto(page.base + f"/policy/?on={effective.isoformat()}&cut=25")
    assert "不预警" in page.inner_text("[data-testid=trial-result]")
    page.goto(page.base + f"/policy/?on={(effective - dt.timedelta(days=1)).isoformat()}&cut=25")
    assert "三级预警（轻微）" in page.inner_text("[data-testid=trial-result]")


def test_the_policy_page_fits_a_desktop_screen(page, people):
    """The file list's descriptions and sources wrap: the page is no wider than a 1440 px
    screen, and each file's 查看全文 link is on screen without scrolling sideways."""
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(page, "alice")
    page.goto(page.base + "/policy/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    link = page.locator("[data-testid=files] a", has_text="查看全文").first
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1440
