"""Hotspots (plan S6.1, ADR 0104): a town or industry whose month is unusual against its own
history, by the dated rules in analysis.yaml; a steady area or a small change is not one."""

import pytest

from layoffwatch.analysis import hotspots
from layoffwatch.analysis.indicators import (
    DISTRICT,
    INDICATORS,
    TOWN,
    Figure,
    MonthIndicators,
    NoData,
    Row,
)
from layoffwatch.conftest import GUILIN, ZITONG

pytestmark = pytest.mark.django_db


def _month(period, losses: dict[str, int | None]) -> MonthIndicators:
    rows = [Row(DISTRICT, "", "全区", {i.key: Figure(0) for i in INDICATORS})]
    for code, n in losses.items():
        values = {i.key: Figure(0) for i in INDICATORS}
        values["job_losses"] = Figure(n, "" if n is not None else "未导入")
        values["insured"] = Figure(1000)
        rows.append(Row(TOWN, code, code, values))
    return MonthIndicators(period, None, rows, [], True)


@pytest.fixture
def history(monkeypatch):
    months = {
        "2026-02": _month("2026-02", {GUILIN: 10, ZITONG: 10}),
        "2026-01": _month("2026-01", {GUILIN: 12, ZITONG: 11}),
        "2025-12": _month("2025-12", {GUILIN: 11, ZITONG: 9}),
    }

    def fake(period, *, town=None):
        if period not in months:
            raise NoData(period)
        return months[period]

    monkeypatch.setattr(hotspots, "month_indicators", fake)
    return months


def test_a_town_far_above_its_usual_losses_is_a_hotspot(history):
    found = hotspots.month_hotspots(_month("2026-03", {GUILIN: 45, ZITONG: 12}))
    assert [(h.code, h.indicator) for h in found] == [(GUILIN, "job_losses")]
    assert found[0].usual == 11 and found[0].months == 3


def test_a_rise_under_the_minimum_people_is_not_one(history):
    # 11 on average; 20 is far out in deviations but only 9 people more (min_people is 10)
    assert hotspots.month_hotspots(_month("2026-03", {GUILIN: 20, ZITONG: 12})) == []


def test_too_little_history_is_not_judged(history):
    del history["2025-12"]
    assert hotspots.month_hotspots(_month("2026-03", {GUILIN: 45, ZITONG: 12})) == []


def test_an_unknown_month_is_not_a_hotspot(history):
    assert hotspots.month_hotspots(_month("2026-03", {GUILIN: None, ZITONG: 12})) == []
