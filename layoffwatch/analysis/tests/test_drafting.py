"""The monthly analysis drafted from the month's tables (plan S6.1): every figure of the draft is
the table's, and a figure the month does not hold is written 暂无数据 with its reason, never 0
(ADR 0104)."""

import re

import pytest

from layoffwatch.analysis.drafting import SECTION_KEYS, draft_sections
from layoffwatch.analysis.hotspots import Event, Hotspot, largest_events, month_hotspots
from layoffwatch.analysis.indicators import TOWN, month_indicators
from layoffwatch.conftest import GUILIN
from layoffwatch.reporting.models import Channel
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.testing.reports import layoff_body

from .conftest import NOW

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"\d+(?:\.\d+)?")
UNKNOWN = re.compile(r"暂无数据（[^）]*）")


def _draft(period="2026-03"):
    m = month_indicators(period)
    sections = draft_sections(m, month_hotspots(m), largest_events(period))
    return m, {row["key"]: row["text"] for row in sections}


def _expected_numbers(m) -> list[str]:
    """The overall section's figures, formatted here from the table in the order the text
    gives them (a year ago was never imported: that change is unknown, not a number)."""
    d = m.district
    year, month = m.period.split("-")
    out = [year, str(int(month)), str(d.value("insured"))]
    if d.insured_mom:
        out.append(str(abs(d.insured_mom)))
    assert d.insured_yoy is None
    out += [
        str(d.value("job_losses")),
        f"{d.value('job_loss_rate') * 100:.1f}",
        str(d.value("registrations")),
        str(d.value("benefit_claims")),
        f"{d.value('demand_ratio'):.2f}",
        str(d.value("reported_cuts")),
        str(d.value("detected_cuts")),
    ]
    return out + [str(d.value(f"alerts_{n}")) for n in (1, 2, 3)]


def test_every_number_of_the_overall_section_is_a_figure_of_the_table(month, people):
    month.social_insurance()
    month.registrations()
    month.market()
    layoff_report_submit(
        enterprise=month.foods,
        data=layoff_body(month.foods, planned_cut=25),
        channel=Channel.STAFF,
        actor=people.sam,
        at=NOW,
    )
    m, texts = _draft()
    overall = texts["overall"]
    # the figures as a reader sees them
    assert "全区参保人数28人，比上月减少7人" in overall
    assert "岗位流失人数6人，岗位流失率17.1%" in overall
    assert "办理失业登记3人，申领失业保险金2人" in overall
    assert "求人倍率0.90" in overall and "企业直报计划裁减25人" in overall
    # and every number in the text is one of the table's, in its place: a number not from the
    # table (or one left out) fails
    assert NUMBER.findall(UNKNOWN.sub("", overall)) == _expected_numbers(m)
    # the largest events name the enterprise and its people
    assert "桂林食品有限公司（桂林街道）企业直报计划裁减25人" in texts["enterprises"]


def test_a_figure_the_month_does_not_hold_is_unknown_with_its_reason_never_zero(month):
    month.social_insurance(form="snapshot")
    _m, texts = _draft()
    overall = texts["overall"]
    assert "同比增减暂无数据（2025-03的社保参保缴费数据尚未导入）" in overall
    assert "岗位流失人数暂无数据（该月社保数据不含变动原因，无法剔除退休、死亡和转出）" in overall
    assert "办理失业登记暂无数据（2026-03的失业登记数据尚未导入）" in overall
    assert "求人倍率暂无数据（2026-03的人力资源市场供求数据尚未导入）" in overall
    for zero in ("岗位流失人数0", "失业登记0", "申领失业保险金0", "求人倍率0"):
        assert zero not in overall
    # nothing reported or detected: said in words
    assert texts["enterprises"] == "本月没有企业直报裁员，大数据监测也未发现断缴。"


def test_the_sections_are_in_the_bureau_s_order_and_next_steps_is_left_to_staff(month):
    month.social_insurance()
    m = month_indicators("2026-03")
    sections = draft_sections(m, [], [])
    assert [row["key"] for row in sections] == SECTION_KEYS
    assert sections[-1] == {"key": "next_steps", "text": ""}
    assert sections[1]["text"] == "本月各镇街和行业的主要指标未见明显异常。"


def test_hotspots_and_events_are_named_with_their_figures(month):
    month.social_insurance()
    m = month_indicators("2026-03")
    spots = [
        Hotspot(TOWN, GUILIN, "桂林街道", "job_losses", 12, 3.5, 6),
        Hotspot(TOWN, GUILIN, "桂林街道", "job_loss_rate", 0.171, 0.02, 5),
    ]
    events = [Event("detected", 1, "梓潼汽配有限公司", "梓潼街道", 5)]
    texts = {row["key"]: row["text"] for row in draft_sections(m, spots, events)}
    assert "镇街桂林街道岗位流失人数12人，高于此前6个月平均水平（3.5人）" in texts["areas"]
    assert "岗位流失率17.1%，高于此前5个月平均水平（2.0%）" in texts["areas"]
    assert "梓潼汽配有限公司（梓潼街道）大数据监测发现断缴5人" in texts["enterprises"]
