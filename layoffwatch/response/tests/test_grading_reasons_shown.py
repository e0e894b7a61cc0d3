"""A grading's reasons (policy.rules) are stored in Chinese whoever filed the report, with their
messages beside them, and read in the reader's language on the alert page, in the inbox and in
the policy page's trial (ADR 0100); an alert graded before the messages were kept reads as
stored."""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from layoffwatch.alerts.models import Alert
from layoffwatch.notifications.models import Notification
from layoffwatch.policy.wording import clause_label
from layoffwatch.reporting.models import LayoffReport
from layoffwatch.testing.cases import local, report

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)
DAY = dt.date(2026, 3, 20)

ONE_WAVE_ZH = [
    "合并计算期为连续 30 天（含首尾两天）",
    "2026-03-20 裁员 30 人，计算期内共 1 批合计 30 人：三级预警（轻微）",
    "按最高达到的等级定级：三级预警（轻微）（合计 30 人）；等级只升不降，解除须按处置程序办理",
]
ONE_WAVE_EN = [
    "Waves are added up over 30 consecutive days (both ends included)",
    "2026-03-20: 30 people cut; 30 people in all over the period (waves: 1): Level 3 alert (minor)",
    "Graded by the highest level reached: Level 3 alert (minor) (30 people in all)",
]
SPLIT_ZH = "单批最多 30 人，分批合计后才达到该等级：标记为“分批裁员”"
SPLIT_EN = "No single wave is more than 30 people; only the waves added up reach this level"


def _page(login, user, url: str, language: str) -> str:
    client = login(user)
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


@pytest.fixture(params=["en", "zh-hans"])
def language(request):
    return request.param


def _file(enterprise, cut: int, on: dt.date, language: str):
    with time_machine.travel(T0, tick=False), translation.override(language):
        return report(enterprise, cut=cut, on=on, at=T0)


def test_the_reasons_are_stored_in_chinese_whoever_filed_the_report(people, language):
    filed = _file(people.guilin_factory, 30, DAY, language)
    assert filed.alert.facts["reasons"] == ONE_WAVE_ZH
    assert len(filed.alert.facts["reason_messages"]) == 3
    grading = LayoffReport.objects.get(pk=filed.report.pk).grading
    assert grading["waves"]["reasons"] == ONE_WAVE_ZH
    duty = grading["duty"]
    assert (
        duty["reasons"][0].startswith("一次性裁减 30 人")
        and "（预案三（一）1）" in duty["reasons"][0]
    )
    assert len(duty["reason_messages"]) == len(duty["reasons"])


def test_the_alert_page_reads_the_reasons_in_the_readers_language(login, people, language):
    alert = _file(people.guilin_factory, 30, DAY, language).alert
    english = _page(login, people.sam, f"/alerts/{alert.pk}/", "en")
    assert all(r in english for r in ONE_WAVE_EN)
    assert not any(r in english for r in ONE_WAVE_ZH)
    chinese = _page(login, people.sam, f"/alerts/{alert.pk}/", "zh-hans")
    assert all(r in chinese for r in ONE_WAVE_ZH)


def test_waves_added_up_read_in_the_readers_language(login, people, language):
    _file(people.guilin_factory, 30, DAY, language)
    alert = _file(people.guilin_factory, 25, DAY + dt.timedelta(days=5), language).alert
    assert SPLIT_ZH in alert.facts["reasons"]
    english = _page(login, people.sam, f"/alerts/{alert.pk}/", "en")
    assert SPLIT_EN in english and "Level 2 alert" in english and SPLIT_ZH not in english
    assert SPLIT_ZH in _page(login, people.sam, f"/alerts/{alert.pk}/", "zh-hans")


def test_the_inbox_quotes_the_reasons_in_the_readers_language(login, people, language):
    alert = _file(people.guilin_factory, 30, DAY, language).alert
    told = Notification.objects.filter(link=f"/alerts/{alert.pk}/").first()
    assert told.body == "；".join(ONE_WAVE_ZH[-2:])
    english = _page(login, told.recipient, "/notifications/", "en")
    assert ONE_WAVE_EN[-1] in english and ONE_WAVE_ZH[-1] not in english
    assert ONE_WAVE_ZH[-1] in _page(login, told.recipient, "/notifications/", "zh-hans")


def test_an_alert_graded_before_the_messages_reads_as_stored(login, people):
    alert = _file(people.guilin_factory, 30, DAY, "zh-hans").alert
    facts = {k: v for k, v in alert.facts.items() if k != "reason_messages"}
    Alert.objects.filter(pk=alert.pk).update(facts=facts)
    english = _page(login, people.sam, f"/alerts/{alert.pk}/", "en")
    assert all(r in english for r in ONE_WAVE_ZH)


def test_the_trial_says_the_plans_clauses_as_the_policy_page_does(login, people):
    english = _page(login, people.sam, "/policy/?cut=60&staff=400&dispatched=0", "en")
    with translation.override("en"):
        grading, duty = f"({clause_label('S3.2')})", f"({clause_label('S3.1.1')})"
    trial = english.split('data-testid="trial-result"')[1].split("</div>")[0]
    assert "A one-time cut of 60 people falls in the 51–200 people bracket" in trial
    assert grading in trial and duty in trial and "预案" not in trial
    chinese = _page(login, people.sam, "/policy/?cut=60&staff=400&dispatched=0", "zh-hans")
    assert "一次性裁员 60 人，属于 51–200 人档，为二级预警（较重）（预案三（二））" in chinese
