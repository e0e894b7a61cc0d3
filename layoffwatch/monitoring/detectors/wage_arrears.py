"""plan S3.1.1 月报, S4.6 根治欠薪: wages in arrears in the enterprises' monthly reports
(sql/wage_arrears.sql; database facts only, so it runs every month)."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from layoffwatch.core.recorded import recorded
from layoffwatch.monitoring.detection import Detector, Finding, Inputs, plain, score


def params(i: Inputs) -> dict:
    return {"period": i.period, "min_months": i.t["distress"]["wage_arrears_months"]}


def finding(r: dict, i: Inputs) -> Finding:
    return Finding(
        kind="wage_arrears",
        summary=recorded(
            N_("%(enterprise)s 月报欠薪 %(months)s 个月"),
            enterprise=r["employer_uscc"],
            months=r["wage_arrears_months"],
        ),
        employer_uscc=r["employer_uscc"],
        count=r["headcount"],
        score=score(30 + r["wage_arrears_months"] * 15),
        figures=plain(r),
    )


DETECTOR = Detector(
    name="wage_arrears",
    order=70,
    thresholds=("distress.wage_arrears_months",),
    tables=("_monthly",),
    params=params,
    finding=finding,
)
