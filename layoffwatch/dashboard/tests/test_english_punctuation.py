"""English pages set English punctuation between their labels and the data (ADR 0007, ADR 0100):
the home page's district grade, an alert's window and lifting, a signal's title, lead unit,
match and figures read "label: value", "value (note)" in English, and exactly as before — with
：（）— in Chinese."""

import datetime as dt
import re

import pytest
import time_machine

from layoffwatch.alerts.models import Alert
from layoffwatch.monitoring import services
from layoffwatch.monitoring.models import Signal
from layoffwatch.testing.cases import local, report

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


def _page(login, user, url: str, language: str) -> str:
    client = login(user)
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


@pytest.fixture
def alerts(people, make_enterprise):
    """An open level 2 and level 3 alert: a district grade with more than one reason."""
    on = dt.date(2026, 3, 20)
    with time_machine.travel(T0, tick=False):
        return [
            report(people.zitong_factory, cut=60, on=on, at=T0).alert,
            report(people.guilin_factory, cut=30, on=on, at=T0).alert,
        ]


def test_the_home_pages_district_grade_reads_with_the_readers_punctuation(login, people, alerts):
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        english = _page(login, people.sam, "/", "en")
        chinese = _page(login, people.sam, "/", "zh-hans")
    assert "District overall assessment: <strong" in english
    assert " (assessed at <span" in english and "</span>)</div>" in english
    reasons = english.split('data-testid="district-grade-reasons">')[1].split("</div>")[0]
    assert "; " in reasons and not {"：", "；", "（", "）"} & set(reasons)
    assert "Level 2 alert" in english and not re.search(r"Level.[123] warning", english)
    assert "全区综合评定：<strong" in chinese
    reasons = chinese.split('data-testid="district-grade-reasons">')[1].split("</div>")[0]
    assert "；" in reasons and "（评定于 <span" in reasons and "</span>）" in reasons


def test_the_home_pages_enterprise_count_groups_its_thousands(login, people, make_enterprise):
    from layoffwatch.enterprises.models import Enterprise

    have = Enterprise.objects.count()
    for _ in range(1000 - have):
        make_enterprise()
    for language in ("en", "zh-hans"):
        home = _page(login, people.sam, "/", language)
        assert 'data-testid="count-enterprises"><a href="/enterprises/">1,000</a>' in home


def test_an_alerts_window_and_lifting_read_with_the_readers_punctuation(login, people, alerts):
    alert = alerts[0]
    Alert.objects.filter(pk=alert.pk).update(
        status=Alert.Status.LIFTED, lifted_at=T0 + dt.timedelta(days=3), lifted_by=people.li
    )
    english = _page(login, people.sam, f"/alerts/{alert.pk}/", "en")
    chinese = _page(login, people.sam, f"/alerts/{alert.pk}/", "zh-hans")
    assert " (window of 30 days)" in english and "（window" not in english
    assert f" (2026-03-05 09:00 by {people.li})" in english
    assert "（计算期 30 天）" in chinese and f"（2026-03-05 09:00 {people.li}）" in chinese


@pytest.fixture
def signal(settings, tmp_path, people):
    settings.LAKE_DIR = tmp_path / "lake"
    found = services.clue_file(
        actor=people.sam,
        at=T0,
        channel="broker",
        received_on=dt.date(2026, 3, 1),
        description="劳务经纪人反映该厂下月将裁员约40人",
        enterprise=people.guilin_factory,
        reported_count=40,
    ).signal
    figures = {**found.figures, "employer_uscc": people.guilin_factory.uscc, "headcount_now": 400}
    Signal.objects.filter(pk=found.pk).update(figures=figures)
    return found


def test_a_signals_page_reads_with_the_readers_punctuation(login, people, signal):
    english = _page(login, people.sam, f"/monitoring/signals/{signal.pk}/", "en")
    chinese = _page(login, people.sam, f"/monitoring/signals/{signal.pk}/", "zh-hans")
    name, uscc = people.guilin_factory.name, people.guilin_factory.uscc
    assert f"Signal #{signal.pk}: " in english and "Signals #" not in english
    assert f" (annex task {signal.annex_task})" in english
    assert f"{name} ({uscc})" in english and f" (Social insurance data {signal.period})" in english
    assert "<th>Reason</th>" in english
    heading = english.split('<h1 class="h4">')[1].split("</h1>")[0]
    facts = english.split('id="signal-facts"')[1].split('id="verifications"')[0]
    assert "：" not in heading and not {"：", "（", "）"} & set(facts.replace(name, ""))
    assert (
        f"监测信号 #{signal.pk}：" in chinese
        and f"（任务分解表第{signal.annex_task}项）" in chinese
    )
    assert f"{name}（{uscc}）" in chinese and f"（社保数据 {signal.period}）" in chinese
