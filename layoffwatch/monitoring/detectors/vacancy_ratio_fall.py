"""plan S3.1.3: the vacancy-to-seeker ratio (求人倍率) of a town, or of the district, falling by a
share or more against last month (sql/vacancy_ratio_fall.sql)."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from layoffwatch.core.recorded import recorded, term
from layoffwatch.monitoring.detection import Detector, Feed, Finding, Inputs, plain, score


def params(i: Inputs) -> dict:
    return {
        "paths": [i.path("hr_market", i.prev), i.path("hr_market", i.period)],
        "period": i.period,
        "prev_period": i.prev,
        "fall_share": i.t["area"]["vacancy_ratio_fall_share"],
    }


def finding(r: dict, i: Inputs) -> Finding:
    return Finding(
        kind="vacancy_ratio_fall",
        summary=recorded(
            N_("%(town)s 求人倍率 %(last)s→%(ratio)s"),
            town=r["town_code"] or term(N_("全区")),
            last=r["ratio_last_month"],
            ratio=r["ratio"],
        ),
        town_code=r["town_code"],
        score=score((1 - float(r["ratio"]) / float(r["ratio_last_month"])) * 100),
        figures=plain(r),
    )


DETECTOR = Detector(
    name="vacancy_ratio_fall",
    order=90,
    feed=Feed("hr_market", "人力资源市场供求", months=2),
    thresholds=("area.vacancy_ratio_fall_share",),
    params=params,
    finding=finding,
)
