"""A signal's history is written in Chinese whatever the writer's language and read in the
reader's: each event's summary by its recorded message, and who did it — a person by name, the
system by its label in the reader's language (ADR 0100, amended 2026-12-07 (2))."""

import datetime as dt

import pytest
from django.utils import translation

from layoffwatch.monitoring import services
from layoffwatch.monitoring.models import SignalEvent

from .conftest import NOW
from .test_signal_words import record, stoppage, visible

pytestmark = pytest.mark.django_db

FOUND_ZH = "系统（数据比对）：发现：桂林食品有限公司 社保断缴 58 人"
FOUND_EN = "System (data matching): Found: 桂林食品有限公司 社保断缴 58 人"
AGAIN_ZH = "系统（数据比对）：重新比对：数据更新（涉及人数、触发数据）"
CALLED_ZH = "电话核实：订单减少，涉及 20 人，预计召回"
CALLED_EN = "Phone call: 订单减少, 20 people affected, recall expected"
DISMISSED_ZH = "排除：订单回升，已复工"
DISMISSED_EN = "Dismissed: 订单回升，已复工"


@pytest.fixture
def signal(people):
    """A stoppage found, found again with other figures, checked by phone and dismissed by Sam
    while he reads English."""
    found = stoppage(people)
    record(found)
    found.figures = {**found.figures, "hires": 13}
    found.count = 59
    (signal,) = record(found)
    signal.assigned_unit = people.sam.section
    signal.save()
    with translation.override("en"):
        services.verification_record(
            signal=signal,
            actor=people.sam,
            at=NOW,
            method="call",
            contacted_on=dt.date(2026, 3, 4),
            reason="订单减少",
            affected=20,
            recall_expected=True,
        )
        services.signal_dismiss(signal=signal, actor=people.sam, at=NOW, reason="订单回升，已复工")
    return signal


def _history(login, user, signal, language: str) -> str:
    client = login(user)
    client.cookies["django_language"] = language
    page = client.get(f"/monitoring/signals/{signal.pk}/").content.decode()
    start = page.index('id="signal-events"')
    return visible(page[start : page.index("</ul>", start)])


def test_the_history_is_stored_in_chinese_whoever_wrote_it(signal):
    summaries = list(signal.events.values_list("summary", flat=True))
    assert "重新比对：数据更新（涉及人数、触发数据）" in summaries
    assert CALLED_ZH in summaries and DISMISSED_ZH in summaries
    called = SignalEvent.objects.get(signal=signal, summary=CALLED_ZH)
    assert called.data["message"]["args"]["reason"] == "订单减少"
    assert called.data["verification"]  # the event's own data kept beside its message


def test_the_signal_page_reads_its_history_in_the_readers_language(login, people, signal):
    english = _history(login, people.sam, signal, "en")
    assert FOUND_EN in english and CALLED_EN in english and DISMISSED_EN in english
    assert "System (data matching): Matched again: data updated (" in english
    assert f"{people.sam}: {CALLED_EN}" in english  # a person's name is shown as recorded
    assert "系统" not in english and "排除" not in english and "核实" not in english
    chinese = _history(login, people.sam, signal, "zh-hans")
    assert FOUND_ZH in chinese and AGAIN_ZH in chinese
    assert f"{people.sam}：{CALLED_ZH}" in chinese and f"{people.sam}：{DISMISSED_ZH}" in chinese


def test_an_event_without_its_message_reads_as_stored(login, people, signal):
    SignalEvent.objects.filter(signal=signal, summary=DISMISSED_ZH).update(data={})
    assert DISMISSED_ZH in _history(login, people.sam, signal, "en")
