"""ADR 0056: the verification and clue forms prefill their dates as YYYY-MM-DD, the one form a
browser's date input accepts (was 2026/12/07 on Chinese pages: the field looked empty and saving
failed without a word); an empty date is refused on the page, by name, and nothing is stored."""

import re

import pytest
from django.utils import timezone

from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import browser_login
from layoffwatch.monitoring import services
from layoffwatch.monitoring.models import Clue, Signal, Verification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def december(time_machine):
    # 07:30 in Tongnan is still the day before in UTC: the prefilled day must be Tongnan's
    time_machine.move_to("2026-12-07 07:30 +08:00", tick=False)


@pytest.fixture
def signal(people):
    clue = services.clue_file(
        actor=people.sam,
        at=timezone.now(),
        channel="broker",
        received_on=timezone.localdate(),
        description="劳务经纪人反映该厂下月将裁员约40人",
        enterprise=people.guilin_factory,
        reported_count=40,
    )
    return clue.signal


def date_input(page: str, name: str) -> str:
    """The <input> tag of the field `name` in the page."""
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_the_verification_form_offers_today_in_the_form_the_date_input_accepts(
    login, people, signal
):
    page = login(people.alice).get(f"/monitoring/signals/{signal.pk}/").content.decode()
    tag = date_input(page, "contacted_on")
    assert 'type="date"' in tag and 'value="2026-12-07"' in tag


def test_a_verification_without_its_date_is_refused_by_name_and_nothing_is_stored(
    login, people, signal
):
    response = login(people.alice).post(
        f"/monitoring/signals/{signal.pk}/verify/",
        {"method": "call", "contacted_on": "", "reason": "订单减少", "affected": "25"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请填写核实日期" in page and "未保存，请按提示修正后重新提交。" in page
    # what was typed is still there, so only the date has to be filled in
    assert 'value="订单减少"' in page and 'value="25"' in page
    assert not Verification.objects.exists()
    assert Signal.objects.get(pk=signal.pk).status == "tip"
    refused = AuditEntry.objects.get(action="rejected")
    assert "拒绝记录核实情况" in refused.summary and "核实日期" in refused.summary


def test_the_clue_form_offers_today_in_the_form_the_date_input_accepts(login, people):
    page = login(people.sam).get("/monitoring/clues/").content.decode()
    tag = date_input(page, "received_on")
    assert 'type="date"' in tag and 'value="2026-12-07"' in tag
    assert 'id="clue-form" novalidate' in page  # the page, not the browser, says what is missing


def test_a_clue_without_its_date_is_refused_by_name_and_nothing_is_stored(login, people):
    response = login(people.sam).post(
        "/monitoring/clues/",
        {"channel": "broker", "received_on": "", "description": "反映将裁员约40人"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "请填写收到日期" in page
    assert not Clue.objects.exists() and not Signal.objects.exists()
    assert AuditEntry.objects.filter(action="rejected", summary__contains="收到日期").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_date_is_filled_and_an_emptied_one_is_named_on_the_page(
    people, page, time_machine
):
    time_machine.move_to("2026-12-07 07:30 +08:00", tick=True)
    browser_login(page, "sam")
    page.goto(f"{page.base}/monitoring/clues/")
    # the browser kept the prefilled value (it drops any other form of date)
    assert page.input_value("#id_received_on") == "2026-12-07"
    page.fill("#id_description", "劳务经纪人反映该厂下月将裁员约40人")
    page.fill("#id_received_on", "")
    page.click("#clue-submit")
    page.wait_for_selector("[data-testid=form-errors]")
    assert "请填写收到日期" in page.inner_text("#clue-form")
    assert not Clue.objects.exists()
