"""plan S3.1.3: a labour-intensive employer whose monthly revenue fell by a share or more against
last month (sql/tax_drop.sql)."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from layoffwatch.core.recorded import recorded
from layoffwatch.monitoring.detection import Detector, Feed, Finding, Inputs, plain, score


def params(i: Inputs) -> dict:
    return {
        "prev_path": i.path("tax", i.prev),
        "cur_path": i.path("tax", i.period),
        "drop_share": i.t["distress"]["tax_drop_share"],
    }


def finding(r: dict, i: Inputs) -> Finding:
    return Finding(
        kind="tax_drop",
        summary=recorded(
            N_("%(enterprise)s 营业收入环比下降 %(share)s%%（劳动密集型）"),
            enterprise=r["employer_uscc"],
            share=f"{float(r['drop_share']) * 100:.0f}",
        ),
        employer_uscc=r["employer_uscc"],
        score=score(float(r["drop_share"]) * 60),
        figures=plain(r),
    )


DETECTOR = Detector(
    name="tax_drop",
    order=60,
    feed=Feed("tax", "税务数据", months=2),
    thresholds=("distress.tax_drop_share",),
    tables=("_registry",),
    params=params,
    finding=finding,
)
