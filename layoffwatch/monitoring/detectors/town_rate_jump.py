"""plan S3.1.3: a town whose surveyed unemployment rate rises suddenly, month on month or against
its own trailing baseline (sql/town_rate_jump.sql)."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from layoffwatch.core.recorded import recorded
from layoffwatch.monitoring.detection import Detector, Feed, Finding, Inputs, plain, score, shift


def params(i: Inputs) -> dict:
    a = i.t["area"]
    months = [shift(i.period, -n) for n in range(a["baseline_months"], -1, -1)]
    return {
        "paths": i.existing("unemployment_rate", months),
        "period": i.period,
        "prev_period": i.prev,
        "jump_points": a["rate_jump_points"],
        "baseline_points": a["baseline_jump_points"],
    }


def finding(r: dict, i: Inputs) -> Finding:
    jump = max(float(r["jump_month"] or 0), float(r["jump_baseline"] or 0))
    return Finding(
        kind="town_rate_jump",
        summary=recorded(
            N_("%(town)s 调查失业率 %(rate)s%%（上月 %(last)s%%，基线 %(baseline)s%%）"),
            town=r["town_code"],
            rate=r["rate"],
            last=r["rate_last_month"],
            baseline=r["baseline"],
        ),
        town_code=r["town_code"],
        score=score(jump * 30),
        figures=plain(r),
    )


DETECTOR = Detector(
    name="town_rate_jump",
    order=80,
    feed=Feed("unemployment_rate", "调查失业率"),
    thresholds=("area.baseline_months", "area.rate_jump_points", "area.baseline_jump_points"),
    params=params,
    finding=finding,
)
