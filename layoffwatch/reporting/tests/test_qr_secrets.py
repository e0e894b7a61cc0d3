"""ADR 0083: the public QR link reports, but only the receipt's correction code (更正码) corrects or
shows a receipt anonymously; QR links expire after reporting.qr_link_valid_days and are rotated.

Each test is an anonymous phone (a fresh django Client) unless it logs a persona in."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from layoffwatch.audit.models import AuditEntry
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.reporting.models import LayoffReport, QrLink
from layoffwatch.reporting.services import qr_link_create

from .test_pages import correction_code_on, form_data, nonce_of

pytestmark = pytest.mark.django_db

NOON = "2026-12-07 12:00 +08:00"


@pytest.fixture
def qr(people, time_machine):
    time_machine.move_to(NOON, tick=False)
    return qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())


def send(browser, token, **overrides):
    page = browser.get(f"/public/report/{token}/")
    return browser.post(
        f"/public/report/{token}/", form_data(nonce=nonce_of(page), **overrides), follow=True
    )


def page_text(response) -> str:
    """The page as a reader sees it (without the form's one-time CSRF value)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def errors_on(response) -> str:
    found = re.search(
        r'data-testid="form-errors">(.*?)</div>\s*</div>', response.content.decode(), re.S
    )
    return found.group(1) if found else ""


def test_it_corrects_a_report_from_another_phone_with_the_code_the_receipt_shows(people, qr):
    receipt = send(Client(), qr.token, planned_cut="30")
    first = LayoffReport.objects.get()
    code = correction_code_on(receipt)
    assert first.receipt_no not in code and len(code) >= 8
    # typed on another phone, in small letters: the same code
    send(
        Client(),
        qr.token,
        planned_cut="25",
        corrects=first.receipt_no,
        correction_code=code.lower(),
    )
    current = LayoffReport.objects.get(is_current=True)
    assert current.version == 2 and current.series_no == first.receipt_no
    assert current.planned_cut == 25


def test_a_guessed_receipt_without_the_right_code_changes_nothing_and_is_audited(people, qr):
    send(Client(), qr.token, planned_cut="30")
    first = LayoffReport.objects.get()
    stranger = Client()  # holds the token from the notice board and guesses the number
    no_code = send(stranger, qr.token, planned_cut="0", corrects=first.receipt_no)
    wrong = send(
        stranger, qr.token, planned_cut="0", corrects=first.receipt_no, correction_code="ABCD2345"
    )
    unknown_no = first.receipt_no[:-1] + ("7" if first.receipt_no[-1] != "7" else "8")
    unknown = send(stranger, qr.token, planned_cut="0", corrects=unknown_no, correction_code="X")
    for refused in (no_code, wrong):
        assert "更正码" in errors_on(refused)
        # an unknown receipt number reads the same: nothing tells the stranger which exists
        assert errors_on(refused) == errors_on(unknown).replace(unknown_no, first.receipt_no)
    first.refresh_from_db()
    assert list(LayoffReport.objects.all()) == [first] and first.is_current
    assert first.planned_cut == 30
    assert (
        AuditEntry.objects.filter(action="rejected", object_id=people.guilin_factory.uscc).count()
        == 3
    )


def test_a_stranger_sees_no_receipt_without_its_code(people, qr):
    send(Client(), qr.token, planned_cut="30")
    first = LayoffReport.objects.get()
    url = f"/public/report/{qr.token}/receipt/{first.receipt_no}/"
    stranger = Client()
    blind = stranger.get(url)
    unknown = stranger.get(url.replace(first.receipt_no, "ZB-20261207-999999"))
    assert blind.status_code == unknown.status_code == 404
    assert page_text(blind) == page_text(unknown).replace("ZB-20261207-999999", first.receipt_no)
    assert (
        "三级预警" not in blind.content.decode()
        and first.correction_code not in blind.content.decode()
    )
    wrong = stranger.post(url, {"correction_code": "ABCD2345"})
    assert wrong.status_code == 404 and "更正码相符" in wrong.content.decode()
    assert AuditEntry.objects.filter(action="denied", object_type="reporting.receipt").exists()
    right = stranger.post(url, {"correction_code": first.correction_code})
    assert right.status_code == 200 and "三级预警" in right.content.decode()


def test_staff_and_the_enterprise_reporter_correct_without_the_code(people, qr, login):
    send(Client(), qr.token, planned_cut="30")
    first = LayoffReport.objects.get()
    send(login(people.ed), qr.token, planned_cut="28", corrects=first.receipt_no)
    second = LayoffReport.objects.get(is_current=True)
    assert second.version == 2 and second.submitted_by == people.ed


def test_an_expired_link_says_so_and_whom_to_ask(people, qr, time_machine):
    days = policy_in_force().at(qr.created_at.date())["reporting"]["qr_link_valid_days"]
    time_machine.move_to(qr.created_at + dt.timedelta(days=days, seconds=-60), tick=False)
    assert Client().get(f"/public/report/{qr.token}/").status_code == 200
    time_machine.move_to(qr.created_at + dt.timedelta(days=days, seconds=60), tick=False)
    phone = Client()
    page = phone.get(f"/public/report/{qr.token}/")
    text = page.content.decode()
    assert page.status_code == 410 and "已于" in text and "到期" in text and "镇街" in text
    refused = phone.post(f"/public/report/{qr.token}/", form_data(nonce="x"))
    assert refused.status_code == 410 and LayoffReport.objects.count() == 0


def test_staff_rotate_a_link_and_the_old_token_stops_at_once(people, qr, login):
    staff = login(people.sam)
    staff.post(f"/reporting/qr/{people.guilin_factory.uscc}/", {"action": "create"})
    new = QrLink.objects.get(revoked_at__isnull=True)
    assert new.token != qr.token
    assert Client().get(f"/public/report/{qr.token}/").status_code == 404
    assert send(Client(), new.token, planned_cut="30").status_code == 200
    assert LayoffReport.objects.count() == 1
    assert AuditEntry.objects.filter(summary__startswith="更换 桂林食品有限公司").exists()


def test_the_printed_notice_shows_the_expiry_date(people, qr, login):
    staff = login(people.sam)
    notice = staff.get(f"/reporting/qr/{people.guilin_factory.uscc}/notice/").content.decode()
    day = qr.expires_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    assert f"本二维码有效期至 {day.year}年{day.month}月{day.day}日" in notice
    assert day > qr.created_at.date()
    # the notice tells the reader that a correction needs the receipt's code (ADR 0083)
    assert "原回执编号和更正码" in notice and "勿告诉他人" in notice


def send_monthly(browser, token, **overrides):
    url = f"/public/report/{token}/monthly/"
    data = {"period": "2026-11", "headcount_start": "120", "headcount_end": "117"}
    data |= {"separations": "3", "operating_status": "normal", "wages_paid_in_full": "yes"}
    page = browser.get(url)
    return browser.post(url, data | {"nonce": nonce_of(page)} | overrides, follow=True)


def test_a_month_already_reported_is_corrected_through_the_link_only_with_its_code(people, qr):
    from layoffwatch.reporting.models import MonthlyReport

    receipt = send_monthly(Client(), qr.token)
    first = MonthlyReport.objects.get()
    code = correction_code_on(receipt)
    # anyone else holding the notice board's link: refused on 更正码, nothing changed, audited
    for wrong in ("", "ABCD2345"):
        refused = send_monthly(
            Client(), qr.token, headcount_end="60", separations="60", correction_code=wrong
        )
        assert "更正码" in errors_on(refused) or "更正码" in page_text(refused)
        assert MonthlyReport.objects.get(is_current=True).pk == first.pk
    assert AuditEntry.objects.filter(action="rejected", summary__contains="月度").exists()
    # with the code printed on the receipt, the month is corrected (a new version, the old kept)
    send_monthly(Client(), qr.token, headcount_end="118", separations="2", correction_code=code)
    current = MonthlyReport.objects.get(is_current=True)
    assert current.pk != first.pk and current.version == 2 and current.headcount_end == 118
    # another month needs no code
    send_monthly(Client(), qr.token, period="2026-10")
    assert MonthlyReport.objects.filter(period="2026-10", is_current=True).exists()


def test_the_enterprise_reporter_corrects_a_month_without_the_code(people, qr, login):
    from layoffwatch.reporting.models import MonthlyReport

    send_monthly(Client(), qr.token)
    ed = login(people.ed)
    send_monthly(ed, qr.token, headcount_end="118", separations="2")
    assert MonthlyReport.objects.get(is_current=True).version == 2
