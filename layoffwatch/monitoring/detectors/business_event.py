"""plan S3.1.3: deregistration, revocation, bankruptcy or abnormal status of an employer with
enough insured staff (sql/business_event.sql; sql/business_event_registry_only.sql when the lake
has no contributions for the two months)."""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from layoffwatch.core.recorded import Recorded, recorded, term
from layoffwatch.monitoring.detection import (
    Detector,
    Feed,
    Finding,
    Inputs,
    doublings,
    plain,
    run,
    score,
)

EVENT_LABELS = {
    "deregistered": N_("注销"),
    "revoked": N_("吊销"),
    "abnormal": N_("列入经营异常"),
    "bankruptcy": N_("破产"),
    "suspended": N_("歇业"),
    "moved_out": N_("迁出"),
}


def rows(i: Inputs) -> list[dict]:
    path = i.path("business_registration", i.period)
    min_insured = i.t["distress"]["min_insured"]
    si_paths = i.existing("social_insurance", [i.prev, i.period])
    if si_paths:
        return run(i.con, "business_event", si_paths=si_paths, path=path, min_insured=min_insured)
    return run(i.con, "business_event_registry_only", path=path, min_insured=min_insured)


def _insured(r: dict) -> Recorded:
    """The headcount with its source and month (ADR 0096)."""
    if r["insured_source"] == "social_insurance":
        return recorded(
            N_("社保数据 %(period)s：参保 %(insured)s 人"),
            period=r["insured_period"],
            insured=r["insured"],
        )
    return recorded(N_("企业名录：参保 %(insured)s 人"), insured=r["insured"])


def finding(r: dict, i: Inputs) -> Finding:
    return Finding(
        kind="business_event",
        summary=recorded(
            N_("%(enterprise)s %(event)s（%(insured)s）"),
            enterprise=r["employer_uscc"],
            event=term(EVENT_LABELS.get(r["event"], r["event"])),
            insured=_insured(r),
        ),
        employer_uscc=r["employer_uscc"],
        count=r["insured"],
        score=score(20 + 8 * doublings(r["insured"], i.t["distress"]["min_insured"])),
        figures=plain(r),
    )


DETECTOR = Detector(
    name="business_event",
    order=50,
    feed=Feed("business_registration", "市场监管变更"),
    thresholds=("distress.min_insured",),
    tables=("_registry",),
    queries=("business_event_registry_only",),
    rows=rows,
    finding=finding,
)
