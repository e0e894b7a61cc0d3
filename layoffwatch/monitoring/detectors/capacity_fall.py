"""plan S3.1.3, S2.3: the capacity utilisation of a labour-intensive industry falling by some
points against last month (sql/capacity_fall.sql); storing the signal puts the industry's
enterprises on the watch list (services.signals_record)."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from layoffwatch.core.recorded import recorded
from layoffwatch.monitoring.detection import Detector, Feed, Finding, Inputs, plain, score


def params(i: Inputs) -> dict:
    return {
        "prev_path": i.path("industry_capacity", i.prev),
        "cur_path": i.path("industry_capacity", i.period),
        "fall_points": i.t["area"]["capacity_fall_points"],
    }


def finding(r: dict, i: Inputs) -> Finding:
    return Finding(
        kind="capacity_fall",
        summary=recorded(
            N_("行业 %(industry)s 产能利用率 %(before)s%%→%(now)s%%"),
            industry=r["industry_code"],
            before=r["utilisation_last_month"],
            now=r["utilisation"],
        ),
        industry_code=r["industry_code"],
        score=score(float(r["fall_points"]) * 3),
        figures=plain(r),
    )


DETECTOR = Detector(
    name="capacity_fall",
    order=100,
    feed=Feed("industry_capacity", "行业产能", months=2),
    thresholds=("area.capacity_fall_points",),
    tables=("_industries",),
    params=params,
    finding=finding,
)
