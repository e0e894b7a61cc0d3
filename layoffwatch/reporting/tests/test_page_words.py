"""The report forms, a report's page and its audit trail speak in words: a refused report says
what to fill in by the field's name on the form, never the API's field names (effective_date,
waves); the policy version behind a grading reads as the date of the rules used."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from layoffwatch.audit.models import AuditEntry
from layoffwatch.reporting.services import qr_link_create
from layoffwatch.testing.reports import soon

pytestmark = pytest.mark.django_db
FIELD_NAMES = re.compile(r"effective_date|waves|\(date\)|（date）|（count）|planned_cut")


def visible(page: str) -> str:
    page = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def form_data(nonce: str, **overrides) -> dict:
    data = {
        "planned_cut": "30",
        "dispatched_cut": "0",
        "wave_date_1": "",
        "reasons": ["orders"],
        "contact_name": "王芳",
        "contact_phone": "13800000000",
        "nonce": nonce,
    }
    return data | overrides


def test_a_public_report_without_a_date_asks_for_it_in_words(people):
    qr = qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())
    browser = Client()
    shown = browser.get(f"/public/report/{qr.token}/").content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', shown).group(1)
    page = visible(browser.post(f"/public/report/{qr.token}/", form_data(nonce)).content.decode())
    assert "请填写裁员日期，或分批裁员的每批日期和人数" in page
    assert not FIELD_NAMES.search(page), FIELD_NAMES.search(page)
    # the audit log's entry of the refusal says the same, without the field names
    rejected = AuditEntry.objects.filter(action="rejected").latest("seq")
    assert "请填写裁员日期" in rejected.summary and not FIELD_NAMES.search(rejected.summary)


def test_a_report_page_names_the_rules_it_was_graded_by_not_their_version_id(people, login):
    from layoffwatch.reporting.models import LayoffReport

    qr = qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())
    browser = Client()
    shown = browser.get(f"/public/report/{qr.token}/").content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', shown).group(1)
    browser.post(f"/public/report/{qr.token}/", form_data(nonce, wave_date_1=soon(7)))
    report = LayoffReport.objects.get()
    page = visible(login(people.sam).get(f"/reporting/{report.receipt_no}/").content.decode())
    since = re.search(r"@(\d{4}-\d\d-\d\d)#", report.policy_version).group(1)
    assert f"{since} 起施行的政策参数" in page
    assert report.policy_version not in page and "tongnan@" not in page
