"""plan S3.1.4: a key sample enterprise's monthly job-loss rate (岗位流失率, from contributions)
at or above the threshold (sql/key_sample_job_loss.sql)."""

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
)


def params(i: Inputs) -> dict:
    return {
        "prev_path": i.path("social_insurance", i.prev),
        "cur_path": i.path("social_insurance", i.period),
        "rate": i.t["distress"]["key_sample_job_loss_rate"],
    }


def finding(r: dict, i: Inputs) -> Finding:
    rate = float(r["job_loss_rate"])
    return Finding(
        kind="key_sample_job_loss",
        summary=recorded(
            N_(
                "%(enterprise)s 重点样本企业岗位流失率 %(rate)s%%"
                "（社保数据 %(prev)s 参保 %(before)s 人→%(period)s %(now)s 人）"
            ),
            enterprise=r["employer_uscc"],
            rate=f"{rate * 100:.1f}",
            prev=i.prev,
            before=r["headcount_before"],
            period=i.period,
            now=r["headcount_now"],
        ),
        employer_uscc=r["employer_uscc"],
        count=r["jobs_lost"],
        score=score(25 + 15 * doublings(rate, i.t["distress"]["key_sample_job_loss_rate"])),
        figures=plain(r),
    )


DETECTOR = Detector(
    name="key_sample_job_loss",
    order=20,
    feed=Feed("social_insurance", "参保缴费明细", months=2),
    skipped_as="mass_stoppage",  # the same two months of contributions
    superseded_by=("restructuring",),  # staff moved whole to a successor: no jobs lost
    thresholds=("distress.key_sample_job_loss_rate",),
    tables=("_registry",),
    params=params,
    finding=finding,
)
