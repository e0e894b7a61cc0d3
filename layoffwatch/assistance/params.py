"""Dated parameters of the assistance and rights apps, registered with the policy (ADR 0070, 0092).

`assistance/parameters/assistance.yaml` (follow-up interval, matching weights) and
`rights/parameters/four_fast.yaml` (plan S4.6 快立、快调、快审、快结) are checked by
`layoffwatch policy check`, shown on the policy page with their dates and sources, and revised
there like any policy file; the accessors below read them with the administrator's revisions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from layoffwatch.policy.loader import (
    Ctx,
    DatedS,
    Int,
    Num,
    Record,
    change_dates,
    register_parameters,
)
from layoffwatch.policy.selectors import policy_in_force

APPS_DIR = Path(__file__).resolve().parent.parent


def _value(inner) -> DatedS:
    # why not retirable: the plans, the matching and the case timetable compute with every value.
    return DatedS(inner, retirable=False)


POS = _value(Int(min=1))
WEIGHT = _value(Num(min=0))

ASSISTANCE = Record(
    {
        "follow_up_days": POS,
        "matching": Record(
            {
                "occupation": WEIGHT,
                "skills": WEIGHT,
                "town": WEIGHT,
                "wage": WEIGHT,
                "intention": WEIGHT,
                "min_score": WEIGHT,
            }
        ),
    }
)
MATCH_WEIGHTS = ("occupation", "skills", "town", "wage", "intention")

FOUR_FAST = Record(
    {"targets_days": Record({"filed": POS, "mediated": POS, "heard": POS, "closed": POS})}
)


def assistance_cross_check(ctx: Ctx, tree: dict) -> None:
    """A vacancy can reach the lowest recommended score (plan S4.3: otherwise nobody is matched)."""
    matching = tree["matching"]
    for on in change_dates(matching):
        full = sum(matching[k].at(on) or 0 for k in MATCH_WEIGHTS)
        least = matching["min_score"].at(on)
        if least is not None and least > full:
            ctx.add(
                "matching.min_score",
                f"自 {on} 起推荐的最低分 {least} 高于满分 {full}，任何岗位都不会被推荐",
                f"from {on} the minimum score {least} is above the full score {full}: nothing would ever be recommended",
            )


def four_fast_cross_check(ctx: Ctx, tree: dict) -> None:
    """Mediation and hearing fall within the time allowed to close the case (ADR 0072)."""
    targets = tree["targets_days"]
    for on in change_dates(targets):
        closed = targets["closed"].at(on)
        for stage in ("mediated", "heard"):
            days = targets[stage].at(on)
            if closed is not None and days is not None and days > closed:
                ctx.add(
                    f"targets_days.{stage}",
                    f"自 {on} 起该环节时限（{days} 天）不能长于结案时限（{closed} 天）",
                    f"from {on} this stage ({days} days) cannot take longer than closing ({closed} days)",
                )


ASSISTANCE_FILE = register_parameters(
    key="assistance",
    title=_("一人一策跟踪回访与人岗匹配"),
    path=APPS_DIR / "assistance" / "parameters" / "assistance.yaml",
    schema=ASSISTANCE,
    cross=assistance_cross_check,
    labels={
        "follow_up_days": (_("一人一策跟踪回访周期"), _("天")),
        "matching.occupation": (_("人岗匹配权重：职业（工种）相符"), _("分")),
        "matching.skills": (_("人岗匹配权重：技能相符"), _("分")),
        "matching.town": (_("人岗匹配权重：同一镇街"), _("分")),
        "matching.wage": (_("人岗匹配权重：工资符合期望"), _("分")),
        "matching.intention": (_("人岗匹配权重：有就业意向"), _("分")),
        "matching.min_score": (_("推荐岗位的最低得分"), _("分")),
    },
).path
FOUR_FAST_FILE = register_parameters(
    key="four_fast",
    title=_("欠薪争议“四快”时限"),
    path=APPS_DIR / "rights" / "parameters" / "four_fast.yaml",
    schema=FOUR_FAST,
    cross=four_fast_cross_check,
    labels={
        "targets_days.filed": (_("快立：收到申请后立案"), _("天内")),
        "targets_days.mediated": (_("快调：立案后调解"), _("天内")),
        "targets_days.heard": (_("快审：立案后开庭审理"), _("天内")),
        "targets_days.closed": (_("快结：立案后结案"), _("天内")),
    },
).path


def assistance_params(on: dt.date) -> dict:
    """Follow-up interval of a 一人一策 plan and the matching weights in force on `on`."""
    return policy_in_force().at(on)["assistance"]


def four_fast_targets(on: dt.date) -> dict:
    """plan S4.6 快立、快调、快审、快结: days allowed for each stage, in force on `on`."""
    return policy_in_force().at(on)["four_fast"]["targets_days"]
