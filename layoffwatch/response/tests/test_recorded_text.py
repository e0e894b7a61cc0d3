"""What the system writes at the moment something happens — a case's timeline, an alert's
history, an in-app notification — is stored in Chinese and read in the reader's language (ADR
0100, amended 2026-12-07 (2)); a row written before its message was kept reads as stored."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from layoffwatch.alerts.models import AlertEvent
from layoffwatch.notifications.models import Notification
from layoffwatch.response.models import CaseEvent, ResponseCase
from layoffwatch.testing.cases import local, report

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)

RAISED_ZH = "发布三级预警（轻微）：计算期内合计裁员 30 人"
RAISED_EN = "Level 3 alert (minor) raised: 30 people cut in the counting period"
OPENED_ZH = "桂林食品有限公司 启动3级预警处置"
OPENED_EN = "桂林食品有限公司: level 3 alert response opened"
TOLD_ZH = "桂林食品有限公司 发布三级预警（轻微）：计划裁员合计 30 人"
TOLD_EN = "桂林食品有限公司: Level 3 alert (minor) raised, 30 planned cuts in all"


@pytest.fixture(params=["en", "zh-hans"])
def raised(request, people):
    """A report filed while the writer reads English or Chinese: an alert, its case, its
    notifications."""
    with time_machine.travel(T0, tick=False), translation.override(request.param):
        filed = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0)
    return filed.alert


def _page(login, user, url: str, language: str) -> str:
    client = login(user)
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_the_records_are_stored_in_chinese_whoever_wrote_them(raised):
    assert AlertEvent.objects.get(alert=raised, kind="raised").summary == RAISED_ZH
    opened = CaseEvent.objects.get(case__alert=raised, kind="opened")
    assert opened.summary.startswith(OPENED_ZH)
    assert opened.data["message"]["args"]["enterprise"] == "桂林食品有限公司"
    titles = set(
        Notification.objects.filter(link=f"/alerts/{raised.pk}/").values_list("title", flat=True)
    )
    assert titles == {TOLD_ZH}


def test_the_case_page_reads_its_timeline_in_the_readers_language(login, people, raised):
    case = ResponseCase.objects.get(alert=raised)
    english = _page(login, people.sam, f"/response/cases/{case.pk}/", "en")
    assert RAISED_EN in english and OPENED_EN in english
    assert "计算期内合计裁员" not in english and "预警处置" not in english
    chinese = _page(login, people.sam, f"/response/cases/{case.pk}/", "zh-hans")
    assert RAISED_ZH in chinese and OPENED_ZH in chinese


def test_the_alert_page_reads_its_history_in_the_readers_language(login, people, raised):
    english = _page(login, people.sam, f"/alerts/{raised.pk}/", "en")
    assert RAISED_EN in english and RAISED_ZH not in english
    assert RAISED_ZH in _page(login, people.sam, f"/alerts/{raised.pk}/", "zh-hans")


def test_the_inbox_reads_the_notification_in_the_readers_language(login, raised):
    told = Notification.objects.filter(link=f"/alerts/{raised.pk}/").first()
    english = _page(login, told.recipient, "/notifications/", "en")
    assert TOLD_EN in english and TOLD_ZH not in english
    assert TOLD_ZH in _page(login, told.recipient, "/notifications/", "zh-hans")


def test_a_record_without_its_message_reads_as_it_was_stored(login, people, raised):
    case = ResponseCase.objects.get(alert=raised)
    CaseEvent.objects.create(case=case, at=T0, kind="note", summary="旧记录：电话联系企业")
    AlertEvent.objects.filter(alert=raised, kind="raised").update(data={})
    english = _page(login, people.sam, f"/response/cases/{case.pk}/", "en")
    assert "旧记录：电话联系企业" in english and RAISED_ZH in english
