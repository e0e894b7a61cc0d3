"""A worker's 一人一策 plan and the public blacklist in a real browser (ADR 0070, ADR 0073)."""

import datetime as dt

import pytest
from django.utils import timezone

from layoffwatch.assistance import services as s
from layoffwatch.assistance.models import Measure
from layoffwatch.conftest import browser_login
from layoffwatch.credit import services as c
from layoffwatch.testing.people import id_number

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_it_works_a_workers_plan_in_the_browser(page, people):
    """plan S4.5/S4.6: masked ID, a relief referral recorded, a placement refused without a job."""
    now = timezone.now()
    number = id_number()
    worker = s.worker_create(
        actor=people.sam, name="张三", id_number=number, at=now, hardship=True, occupation="焊工"
    )
    browser_login(page, "sam")
    page.goto(f"{page.base}/assistance/")
    page.click("text=张三")
    assert page.inner_text("[data-testid=masked-id]") == worker.masked_id
    assert number not in page.content()
    page.select_option("#measure-form select[name=kind]", "relief")
    page.fill("#measure-form input[name=note]", "转介民政临时救助")
    page.click("#measure-submit")
    assert "临时救助转介（民政）" in page.inner_text("#measures"), page.inner_text("main")[:300]
    page.click("#place-submit")  # no vacancy chosen
    assert "登记就业须选择录用该职工的岗位" in page.inner_text("main")
    assert page.inner_text("[data-testid=worker-status]") == "未就业"
    page.fill("#ui-form input[name=contribution_months]", "72")
    page.click("#ui-submit")
    assert "最长 18 个月" in page.inner_text("[data-testid=ui-result]")
    assert Measure.objects.filter(plan__worker=worker, kind="relief").exists()


def test_it_shows_the_public_blacklist_without_login(page, people):
    """plan S6.3: the public page names only listed enterprises and nothing internal."""
    now = timezone.now()
    entry = c.blacklist_candidate_add(
        enterprise=people.guilin_factory,
        reason="unreported",
        evidence="社保数据比对：减员 40 人未报告",
        source="reconciliation",
        actor=None,
        at=now - dt.timedelta(days=2),
    )
    c.blacklist_candidate_add(
        enterprise=people.zitong_factory,
        reason="late",
        evidence="迟报",
        source="staff",
        actor=people.sam,
        at=now,
    )
    c.blacklist_explanation_record(
        entry=entry, explanation="企业称未知悉", actor=people.sam, at=now
    )
    c.blacklist_decide(
        entry=entry, list_it=True, note="同意", actor=people.li, at=now, bad_social_impact=True
    )
    c.blacklist_publish(entry=entry, actor=people.sam, at=now)
    page.goto(f"{page.base}/public/blacklist/")
    table = page.inner_text("#public-blacklist")
    assert people.guilin_factory.name in table and people.guilin_factory.uscc in table
    assert people.zitong_factory.name not in table  # a candidate is not published
    assert "社保数据比对" not in page.content() and "企业称未知悉" not in page.content()
    assert page.locator("#sidebar").count() == 0
