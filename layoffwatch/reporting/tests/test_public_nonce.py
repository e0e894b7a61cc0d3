"""The public QR form stays quiet (ADR 0086): showing it stores nothing, its one-time nonce is
signed and expires, a replay shows the first receipt, and sent nonces are purged once expired."""

import datetime as dt
import re

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from layoffwatch.audit.models import AuditEntry
from layoffwatch.reporting.models import FormNonce, LayoffReport
from layoffwatch.reporting.nonces import NONCE_MAX_AGE
from layoffwatch.reporting.services import qr_link_create
from layoffwatch.reporting.tasks import form_nonces_purge_daily
from layoffwatch.testing.reports import soon

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def form_data(**overrides):
    data = {
        "planned_cut": "30",
        "dispatched_cut": "0",
        "wave_date_1": soon(7),
        "reasons": ["orders"],
        "contact_name": "王芳",
        "contact_phone": "13800000000",
    }
    return data | overrides


def nonce_of(response) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', response.content.decode()).group(1)


def rows() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


@pytest.fixture
def qr(people):
    return qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())


def test_a_hundred_anonymous_views_of_the_form_store_nothing(qr):
    before = rows()
    for path in (f"/public/report/{qr.token}/", f"/public/report/{qr.token}/monthly/"):
        for _ in range(50):
            assert Client().get(path).status_code == 200
    assert rows() == before


def test_a_form_sent_twice_makes_one_report_and_shows_the_first_receipt(qr):
    browser = Client()
    data = form_data(nonce=nonce_of(browser.get(f"/public/report/{qr.token}/")))
    first = browser.post(f"/public/report/{qr.token}/", data)
    report = LayoffReport.objects.get()
    again = browser.post(f"/public/report/{qr.token}/", data)
    assert again["Location"] == first["Location"] and report.receipt_no in again["Location"]
    assert LayoffReport.objects.count() == 1 and FormNonce.objects.count() == 1


@pytest.mark.parametrize("spoil", ["altered", "other link", "expired", "missing"])
def test_it_refuses_a_nonce_that_was_altered_expired_or_not_this_forms(people, qr, spoil):
    browser = Client()
    other = qr_link_create(enterprise=people.zitong_factory, actor=people.sam, at=timezone.now())
    with time_machine.travel(T0, tick=False):
        nonce = nonce_of(browser.get(f"/public/report/{qr.token}/"))
        nonce = {
            "altered": nonce[:-1] + ("A" if nonce[-1] != "A" else "B"),
            "other link": nonce_of(browser.get(f"/public/report/{other.token}/")),
            "expired": nonce,
            "missing": "",
        }[spoil]
    later = T0 + (NONCE_MAX_AGE + dt.timedelta(minutes=1) if spoil == "expired" else dt.timedelta())
    with time_machine.travel(later, tick=False):
        response = browser.post(f"/public/report/{qr.token}/", form_data(nonce=nonce))
    assert response.status_code == 200
    assert "表单已过期或无效，请核对后重新提交" in response.content.decode()
    assert LayoffReport.objects.count() == 0 and FormNonce.objects.count() == 0


def test_a_refused_report_leaves_its_nonce_free_to_send_again(qr):
    browser = Client()
    nonce = nonce_of(browser.get(f"/public/report/{qr.token}/"))
    browser.post(f"/public/report/{qr.token}/", form_data(nonce=nonce, planned_cut="-4"))
    assert FormNonce.objects.count() == 0
    browser.post(f"/public/report/{qr.token}/", form_data(nonce=nonce))
    assert LayoffReport.objects.count() == 1


def test_a_bad_plan_file_on_the_public_form_is_refused_and_audited(qr):
    browser = Client()
    page = browser.get(f"/public/report/{qr.token}/")
    fake = SimpleUploadedFile("方案.pdf", b"<html><script>alert(1)</script></html>")
    response = browser.post(
        f"/public/report/{qr.token}/", form_data(nonce=nonce_of(page), resettlement_file=fake)
    )
    assert "职工安置方案附件只能是 PDF、Word、JPG、PNG 文件" in response.content.decode()
    assert LayoffReport.objects.count() == 0
    entry = AuditEntry.objects.get(action="rejected")
    assert entry.actor_label == "扫码填报" and "职工安置方案附件只能是" in entry.summary


def test_the_nightly_purge_forgets_only_nonces_that_can_no_longer_be_sent(qr):
    browser = Client()
    with time_machine.travel(T0, tick=False):
        browser.post(
            f"/public/report/{qr.token}/",
            form_data(nonce=nonce_of(browser.get(f"/public/report/{qr.token}/"))),
        )
    with time_machine.travel(T0 + dt.timedelta(hours=20), tick=False):
        browser.post(
            f"/public/report/{qr.token}/",
            form_data(nonce=nonce_of(browser.get(f"/public/report/{qr.token}/")), planned_cut="31"),
        )
    assert FormNonce.objects.count() == 2
    with time_machine.travel(T0 + NONCE_MAX_AGE + dt.timedelta(hours=1), tick=False):
        form_nonces_purge_daily.call_local()
    assert list(FormNonce.objects.values_list("issued_at", flat=True)) == [
        T0 + dt.timedelta(hours=20)
    ]
    assert LayoffReport.objects.count() == 2
