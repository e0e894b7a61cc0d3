"""The QR code encodes the public address set for the deployment (LAYOFFWATCH_PUBLIC_BASE_URL,
docs/deploy.md); while it is a loopback one, staff are warned before printing. The notice gives
the bureau's phone only when one is set (plan S3.1.2)."""

import re

import pytest
from django.utils import timezone

from layoffwatch.reporting.services import qr_link_create

pytestmark = pytest.mark.django_db
WARNING = "二维码地址为本机地址，打印后手机无法打开"


@pytest.fixture
def qr(people):
    return qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())


def pages(client, people):
    base = f"/reporting/qr/{people.guilin_factory.uscc}/"
    kw = {"HTTP_HOST": "127.0.0.1:8000"}
    return client.get(base, **kw).content.decode(), client.get(
        base + "notice/", **kw
    ).content.decode()


def test_a_loopback_address_is_flagged_on_the_qr_page_and_notice(people, qr, login, settings):
    settings.PUBLIC_BASE_URL = ""
    page, notice = pages(login(people.sam), people)
    url = re.search(r'<code id="qr-url">([^<]+)</code>', page).group(1)
    assert url == f"http://127.0.0.1:8000/public/report/{qr.token}/"
    assert WARNING in page and WARNING in notice


def test_the_qr_encodes_the_public_address_set_for_the_deployment(people, qr, login, settings):
    settings.PUBLIC_BASE_URL = "https://report.tongnan.example"
    page, notice = pages(login(people.sam), people)
    expected = f"https://report.tongnan.example/public/report/{qr.token}/"
    assert f'<code id="qr-url">{expected}</code>' in page
    assert f'<p class="url">{expected}</p>' in notice
    assert WARNING not in page and WARNING not in notice


def test_the_notice_gives_the_bureau_phone_only_when_one_is_set(people, qr, login, settings):
    client = login(people.sam)
    settings.BUREAU_PHONE = ""
    assert "联系电话" not in pages(client, people)[1]
    settings.BUREAU_PHONE = "023-4455-6677"
    assert "联系电话：023-4455-6677。" in pages(client, people)[1]
