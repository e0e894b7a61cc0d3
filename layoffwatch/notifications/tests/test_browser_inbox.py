"""The inbox on a liaison's phone (plan S1): each notice reads across the screen; a table's time
column once left its title and text two or three characters a line."""

import pytest
from django.utils import timezone

from layoffwatch.conftest import browser_login
from layoffwatch.notifications.services import notify

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

BODY = "一次性裁减 58 人，达到 20 人，须立即报告区人力社保局（预案三（一）1）；请核实并跟进。"


def test_a_notice_reads_across_a_phones_screen(page, people):
    notify(
        users=[people.tina], title="新发布 2 级预警", body=BODY, at=timezone.now(), webhook=False
    )
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, "tina")
    page.goto(f"{page.base}/notifications/")
    body = page.locator("[data-testid=notification-body]")
    assert body.inner_text() == BODY
    assert body.evaluate("e => e.getBoundingClientRect().width") >= 280  # of 360 px
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.is_visible("text=新发布 2 级预警") and page.is_visible("text=未读")
