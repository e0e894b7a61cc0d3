"""plan S3.1.3: unemployment registrations surging in a town against the mean of the months
before (sql/registration_surge.sql)."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from layoffwatch.core.recorded import recorded
from layoffwatch.monitoring.detection import (
    Detector,
    Feed,
    Finding,
    Inputs,
    doublings,
    plain,
    score,
    shift,
)


def _paths(i: Inputs) -> list[str]:
    """This month and up to three before it, those the lake has."""
    return i.existing("unemployment_registration", [shift(i.period, -n) for n in range(4)])


def _base_months(i: Inputs) -> int:
    return len(_paths(i)) - 1  # at least 1: the feed check wants last month's file


def params(i: Inputs) -> dict:
    a = i.t["area"]
    return {
        "paths": _paths(i),
        "period": i.period,
        "base_months": _base_months(i),
        "min_count": a["registration_surge_min"],
        "ratio": a["registration_surge_ratio"],
    }


def finding(r: dict, i: Inputs) -> Finding:
    return Finding(
        kind="registration_surge",
        summary=recorded(
            N_("%(town)s 本月失业登记 %(n)s 人（前 %(months)s 个月平均 %(baseline)s）"),
            town=r["town_code"],
            n=r["registrations"],
            months=_base_months(i),
            baseline=r["baseline"],
        ),
        town_code=r["town_code"],
        count=r["registrations"],
        score=score(20 + 15 * doublings(r["registrations"], max(float(r["baseline"]), 1))),
        figures=plain(r),
    )


DETECTOR = Detector(
    name="registration_surge",
    order=40,
    # last month too: without a month before there is nothing to surge against (no "average 0")
    feed=Feed("unemployment_registration", "失业登记", months=2),
    thresholds=("area.registration_surge_min", "area.registration_surge_ratio"),
    params=params,
    finding=finding,
)
