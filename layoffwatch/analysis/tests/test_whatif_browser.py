"""The policy what-if in a real browser, on a phone (plan S3.1.3, ADR 0101)."""

import datetime as dt

from django.utils import timezone

from layoffwatch.conftest import browser_login
from layoffwatch.core.clock import local_day
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.testing.cases import layoff_data


def test_on_a_phone_a_draft_band_shows_the_alert_that_would_rise_and_fits(page, people):
    layoff_report_submit(
        enterprise=people.guilin_factory,
        data=layoff_data(people.guilin_factory, cut=45, on=local_day() - dt.timedelta(days=3)),
        channel="staff",
        actor=people.sam,
        at=timezone.now(),
    )
    draft = "\n".join(
        line + ("\n      2099-01-01: {value: 40, reference: 草案}" if "{value: 51," in line else "")
        for line in policy_in_force().files["alert_levels"].text.splitlines()
    )
    page.set_viewport_size({"width": 360, "height": 780})
    browser_login(page, "sam")
    page.goto(f"{page.base}/policy/")
    page.click("[data-testid=whatif]")
    # choosing the file loads its text in force
    page.select_option("#whatif-file-key", "alert_levels")
    page.click("#whatif-load")
    page.wait_for_url("**/policy/whatif/?file=alert_levels")
    assert "{value: 51," in page.input_value("#id_yaml_text")
    page.fill("#id_yaml_text", draft)
    page.click("#whatif-submit")
    changes = page.inner_text("#alert-changes")
    assert "桂林食品有限公司" in changes and "二级预警" in changes
    assert page.inner_text("#alert-totals tr[data-level='2']").split() == ["二级预警", "0", "1"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
