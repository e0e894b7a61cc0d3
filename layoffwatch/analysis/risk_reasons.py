"""The risk ranking's reasons (ADR 0106, docs/models.md): what a feature's value says, kept as data
and said in the reader's language when shown.

A reason is stored with the ranking (`RiskModel.ranking`) and copied to a planned visit
(`RiskVisit.reasons`) as `[feature, number]`: the feature whose sentence is said and the number
the sentence needs, rounded as it is said (None for a flag). `reason_text` says it in the active
language: the page and the visit's page in the reader's, “我的任务” in the commissioner's, the
`risk` command in the command's. A reason stored as text (a model trained before the reasons were
data) reads as stored.

Light on purpose (no numpy, no scikit-learn): the template filters load it in every process.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from django.utils.translation import gettext_lazy, ngettext_lazy

from layoffwatch.core.recorded import joined

# what a feature's value must be to say something bad
COUNT = "count"  # at least 1; the number rounded to a whole
NONZERO = "nonzero"  # anything but 0; the number rounded to a whole
FALL = "fall"  # a share that fell by more than `below`; the fall as a whole percentage
POINTS = "points"  # above 0; the number with one decimal
FLAG = "flag"  # set; the sentence needs no number


class Reason(NamedTuple):
    # a lazy msgid with one placeholder, `key` (none for a FLAG); a count's is plural (English
    # says "1 person", "3 people"), chosen by the number
    message: object
    test: str
    key: str = "n"
    below: float = 0.0  # FALL only


REASONS = {
    "insured_change_3m": Reason(gettext_lazy("近3个月参保人数下降%(pct)s%%"), FALL, "pct", 0.005),
    "stopped": Reason(ngettext_lazy("本月停缴社保%(n)s人", "本月停缴社保%(n)s人", "n"), COUNT),
    "dismissed": Reason(
        ngettext_lazy("本月因辞退减员%(n)s人", "本月因辞退减员%(n)s人", "n"), NONZERO
    ),
    "contract_ended": Reason(
        ngettext_lazy("本月合同到期减员%(n)s人", "本月合同到期减员%(n)s人", "n"), NONZERO
    ),
    "base_cuts": Reason(
        ngettext_lazy("本月%(n)s人缴费基数下调10%%以上", "本月%(n)s人缴费基数下调10%%以上", "n"),
        NONZERO,
    ),
    "contribution_gap": Reason(gettext_lazy("本月未缴社保（上月仍有人参保）"), FLAG),
    "revenue_change_1m": Reason(gettext_lazy("营业收入较上月下降%(pct)s%%"), FALL, "pct", 0.05),
    "revenue_change_3m": Reason(gettext_lazy("营业收入较3个月前下降%(pct)s%%"), FALL, "pct", 0.05),
    "business_events": Reason(
        ngettext_lazy("本月经营异常等登记变更%(n)s项", "本月经营异常等登记变更%(n)s项", "n"),
        NONZERO,
    ),
    "capacity_fall": Reason(gettext_lazy("所在行业产能利用率下降%(x)s个百分点"), POINTS, "x"),
    "claims_3m": Reason(
        ngettext_lazy("近3个月%(n)s名原职工办理失业登记", "近3个月%(n)s名原职工办理失业登记", "n"),
        NONZERO,
    ),
    "arrears_cases_3m": Reason(
        ngettext_lazy("近3个月拖欠工资案件%(n)s件", "近3个月拖欠工资案件%(n)s件", "n"), NONZERO
    ),
    "arrears_workers_3m": Reason(
        ngettext_lazy("近3个月欠薪案件涉及%(n)s人", "近3个月欠薪案件涉及%(n)s人", "n"), NONZERO
    ),
    "disputes_3m": Reason(
        ngettext_lazy("近3个月劳动争议案件%(n)s件", "近3个月劳动争议案件%(n)s件", "n"), NONZERO
    ),
    "monthly_missed": Reason(gettext_lazy("未报送上月月报"), FLAG),
    "monthly_missed_3m": Reason(
        ngettext_lazy(
            "近3个月%(n)s次未报送月报（按报告所属月的次月计）",
            "近3个月%(n)s次未报送月报（按报告所属月的次月计）",
            "n",
        ),
        NONZERO,
    ),
    "reported_arrears_months": Reason(
        ngettext_lazy("上月月报填报欠薪%(n)s个月", "上月月报填报欠薪%(n)s个月", "n"), NONZERO
    ),
    "planned_cuts_next": Reason(
        ngettext_lazy("上月月报填报本月计划减员%(n)s人", "上月月报填报本月计划减员%(n)s人", "n"),
        NONZERO,
    ),
    "clues_3m": Reason(
        ngettext_lazy("近3个月收到线索%(n)s条", "近3个月收到线索%(n)s条", "n"), NONZERO
    ),
    "signals_3m": Reason(
        ngettext_lazy("近3个月监测信号%(n)s个", "近3个月监测信号%(n)s个", "n"), NONZERO
    ),
    "detector_score": Reason(gettext_lazy("本月监测信号风险分%(x)s"), NONZERO, "x"),
}
# a feature that says nothing on its own speaks through its sibling's sentence (said once); the
# size ("insured") is no warning sign and gives no reason
SAID_BY = {"stopped_share": "stopped", "base_cut_share": "base_cuts", "claims": "claims_3m"}


def _unknown(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _number(reason: Reason, v: float):
    """The number the sentence says, or False when the value says nothing bad."""
    if reason.test == FALL:
        return round(-v * 100) if v < -reason.below else False
    if reason.test == COUNT:
        return int(round(v)) if v >= 1 else False
    if reason.test == POINTS:
        return round(v, 1) if v > 0 else False
    if reason.test == FLAG:
        return None if v else False
    return int(round(v)) if v else False  # NONZERO


def reason_of(name: str, values: dict) -> list | None:
    """The reason feature `name` gives a row (`values`: its features by name) as
    [the feature whose sentence is said, its number]; None when the value says nothing bad or is
    unknown."""
    speaker = SAID_BY.get(name, name)
    if speaker not in REASONS or _unknown(values.get(name)) or _unknown(values.get(speaker)):
        return None
    number = _number(REASONS[speaker], values[speaker])
    return None if number is False else [speaker, number]


def reason_text(reason) -> str:
    """A stored reason said in the active language: a text one (stored before reasons were data)
    as it is; "" for a feature this version no longer says."""
    if isinstance(reason, str):
        return reason
    try:
        name, number = reason
        said = REASONS[name]
    except (KeyError, TypeError, ValueError):
        return ""
    if said.test == FLAG:
        return str(said.message)
    return str(said.message % {said.key: number})  # a plural message picks its form by number


def reasons_said(reasons) -> list[str]:
    """Stored reasons as sentences in the active language, those that cannot be said left out."""
    return [t for t in (reason_text(r) for r in reasons or []) if t]


def reasons_joined(reasons) -> str:
    """Stored reasons as one line (；in Chinese, "; " in English); "" when there is none."""
    return joined(reasons_said(reasons), "；")
