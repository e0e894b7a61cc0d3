"""The monthly analysis drafted from the month's tables (plan S6.1 研判就业形势).

Every figure of the draft is a figure of `MonthIndicators` (the district row), of the month's
hotspots or of its largest events, written the way the indicator pages show it: people as whole
numbers, rates as percentages with one decimal (17.1%), 求人倍率 with two. A figure the month does
not hold is written “暂无数据（<why>）”, never 0 (ADR 0104). The draft is a Chinese official
document: its text is Chinese whatever language the person drafting reads the pages in, as the
written report of a case is (response.documents). 下一步工作建议 is left empty: the bureau's
proposals are staff's to write, and a leader cannot sign the analysis until they are.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .hotspots import Event, Hotspot
from .indicators import BY_KEY, DIVISION, SOURCE_NAMES, TOWN, MonthIndicators, Row, shift_period

SECTIONS = [
    ("overall", _("总体情况")),
    ("areas", _("重点行业和区域")),
    ("enterprises", _("风险企业")),
    ("next_steps", _("下一步工作建议")),
]
SECTION_KEYS = [key for key, _title in SECTIONS]
# the sections staff write themselves: never drafted, kept when the draft is refreshed
STAFF_WRITTEN = {"next_steps"}

UNKNOWN = "暂无数据"


def section_title(key: str) -> str:
    return str(dict(SECTIONS)[key])


def period_name(period: str) -> str:
    """2026-03 → 2026年3月."""
    return f"{int(period[:4])}年{int(period[5:7])}月"


def number(value, *, rate: bool = False, ratio: bool = False) -> str:
    """A known figure as the draft writes it: 17.1% for a rate, 0.90 for 求人倍率, else the
    number (a whole number without decimals, a mean with at most one)."""
    if rate:
        return f"{value * 100:.1f}%"
    if ratio:
        return f"{value:.2f}"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def unknown(why: str) -> str:
    return f"{UNKNOWN}（{why}）"


def _figure(row: Row, key: str, unit: str = "") -> str:
    """One indicator of the row: “1234人”, “17.1%”, or 暂无数据 with the reason."""
    figure = row.values[key]
    if figure.value is None:
        return unknown(figure.unknown_because)
    indicator = BY_KEY[key]
    return number(figure.value, rate=indicator.is_rate, ratio=key == "demand_ratio") + unit


def _change(delta: int | None, why: str, *, since: str) -> str:
    """“比上月减少7人” / “同比增加3人” / “与上月持平”, or 暂无数据 with the reason."""
    if delta is None:
        return f"{since}增减{unknown(why)}"
    if delta == 0:
        return f"{since}持平" if since == "同比" else f"与{since[1:]}持平"
    return f"{since}{'增加' if delta > 0 else '减少'}{abs(delta)}人"


def _missing_month(period: str) -> str:
    return f"{period}的{SOURCE_NAMES['social_insurance']}尚未导入"


def _overall(m: MonthIndicators) -> str:
    d = m.district
    insured = d.values["insured"]
    # why the change is unknown: this month's figure, or the month compared with
    mom_why = insured.unknown_because or _missing_month(shift_period(m.period, -1))
    yoy_why = insured.unknown_because or _missing_month(shift_period(m.period, -12))
    return (
        f"{period_name(m.period)}，全区参保人数{_figure(d, 'insured', '人')}，"
        f"{_change(d.insured_mom, mom_why, since='比上月')}，"
        f"{_change(d.insured_yoy, yoy_why, since='同比')}。"
        f"岗位流失人数{_figure(d, 'job_losses', '人')}，"
        f"岗位流失率{_figure(d, 'job_loss_rate')}。"
        f"办理失业登记{_figure(d, 'registrations', '人')}，"
        f"申领失业保险金{_figure(d, 'benefit_claims', '人')}。"
        f"人力资源市场求人倍率{_figure(d, 'demand_ratio')}。"
        f"企业直报计划裁减{_figure(d, 'reported_cuts', '人')}，"
        f"大数据监测发现断缴{_figure(d, 'detected_cuts', '人')}。"
        f"月末仍未解除的预警：一级（严重）{_figure(d, 'alerts_1', '个')}、"
        f"二级（较重）{_figure(d, 'alerts_2', '个')}、"
        f"三级（轻微）{_figure(d, 'alerts_3', '个')}。"
    )


def _hotspot(h: Hotspot) -> str:
    indicator = BY_KEY[h.indicator]
    unit = "" if indicator.is_rate else str(indicator.unit)
    shown = number(h.value, rate=indicator.is_rate) + unit
    usual = number(h.usual, rate=indicator.is_rate) + unit
    where = "镇街" if h.area == TOWN else "行业"
    above = "高于" if h.value > h.usual else "低于"
    return f"{where}{h.name}{indicator.label}{shown}，{above}此前{h.months}个月平均水平（{usual}）"


def _areas(hotspots: list[Hotspot]) -> str:
    spots = [h for h in hotspots if h.area in (TOWN, DIVISION)]
    if not spots:
        return "本月各镇街和行业的主要指标未见明显异常。"
    return (
        f"本月指标明显异常的镇街和行业{len(spots)}处："
        + "；".join(_hotspot(h) for h in spots)
        + "。"
    )


def _event(e: Event) -> str:
    what = "企业直报计划裁减" if e.kind == "reported" else "大数据监测发现断缴"
    where = f"（{e.town}）" if e.town else ""
    return f"{e.enterprise}{where}{what}{e.people}人"


def _enterprises(events: list[Event]) -> str:
    if not events:
        return "本月没有企业直报裁员，大数据监测也未发现断缴。"
    return "本月涉及人数较多的企业：" + "；".join(_event(e) for e in events) + "。"


def draft_sections(
    m: MonthIndicators, hotspots: list[Hotspot], events: list[Event]
) -> list[dict[str, str]]:
    """The sections of the month's analysis in the bureau's order (SECTIONS), drafted from the
    month's tables; 下一步工作建议 empty for staff to write."""
    with translation.override(settings.LANGUAGE_CODE):
        texts = {
            "overall": _overall(m),
            "areas": _areas(hotspots),
            "enterprises": _enterprises(events),
        }
    return [{"key": key, "text": texts.get(key, "")} for key in SECTION_KEYS]
