"""plan S3.1.3: unemployment registrations naming the same last employer within a rolling window
(sql/claims_cluster.sql; 5 weeks, the US BLS mass-layoff rule of thumb)."""

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


def params(i: Inputs) -> dict:
    c = i.t["claims"]
    # this month and the latest month before it that the lake has (a window crosses months)
    recent = i.existing("unemployment_registration", [shift(i.period, -n) for n in range(4)])
    return {
        "paths": recent[:2],
        "window_days": c["window_days"],
        "min_count": c["min_count"],
        "period_start": i.start,
        "period_end": i.end,
    }


def finding(r: dict, i: Inputs) -> Finding:
    c = i.t["claims"]
    return Finding(
        kind="claims_cluster",
        summary=recorded(
            N_("%(enterprise)s %(days)s 天内 %(n)s 人办理失业登记"),
            enterprise=r["employer_uscc"],
            days=c["window_days"],
            n=r["registrations"],
        ),
        employer_uscc=r["employer_uscc"],
        count=r["registrations"],
        score=score(30 + 10 * doublings(r["registrations"], c["min_count"])),
        figures=plain(r),
    )


DETECTOR = Detector(
    name="claims_cluster",
    order=30,
    feed=Feed("unemployment_registration", "失业登记"),
    thresholds=("claims.window_days", "claims.min_count"),
    params=params,
    finding=finding,
)
