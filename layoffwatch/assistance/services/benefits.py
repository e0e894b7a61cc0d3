"""Unemployment insurance (plan S4.6): whether a person may draw the benefit, and for how long,
from the months of contribution in the social-insurance feed or entered by staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

from layoffwatch.audit.refusals import guarded
from layoffwatch.core.clock import local_day
from layoffwatch.monitoring import lake
from layoffwatch.policy.rules import InvalidFact, ui_entitlement
from layoffwatch.policy.selectors import policy_in_force

from ..models import AffectedWorker, Measure
from .common import audit_change, require_worker_scope


def contribution_months_from_feed(worker: AffectedWorker) -> int | None:
    """Months with a contribution in the social-insurance feed (the lake holds keyed hashes of ID
    numbers, never the numbers); None when the feed has not been imported."""
    periods = lake.lake_periods("social_insurance")
    if not periods:
        return None
    paths = [str(lake.lake_path("social_insurance", p)) for p in periods]
    con = lake.connect()
    row = con.execute(
        "SELECT count(DISTINCT period) FROM read_parquet($p) WHERE person_id = $h",
        {"p": paths, "h": worker.id_hash},
    ).fetchone()
    return int(row[0]) if row and row[0] else None


@guarded("核定失业保险待遇")
def ui_check(
    *,
    worker: AffectedWorker,
    actor,
    at: dt.datetime,
    contribution_months: int | None = None,
    involuntary: bool = True,
) -> AffectedWorker:
    """plan S4.6: whether the person may draw unemployment insurance benefit, and how long —
    by the policy app's `ui_entitlement` with the parameters in force today."""
    worker = AffectedWorker.objects.select_for_update().get(pk=worker.pk)
    require_worker_scope(actor, worker, "核定失业保险待遇")
    source = "entered"
    if contribution_months is None:
        contribution_months = contribution_months_from_feed(worker)
        source = "feed"
    if contribution_months is None:
        raise ValidationError(
            {"contribution_months": "社保缴费数据中没有该职工的记录，请填写累计缴费月数"}
        )
    try:
        result = ui_entitlement(
            contribution_months=contribution_months,
            involuntary=involuntary,
            on=local_day(at),
            policy=policy_in_force(),
        )
    except InvalidFact as exc:
        raise ValidationError({"contribution_months": exc.zh})
    worker.contribution_months, worker.contribution_source = contribution_months, source
    worker.ui_eligible, worker.ui_months = result.eligible, result.max_months
    worker.ui_reasons, worker.ui_policy_version = result.reasons, result.version
    worker.ui_checked_on, worker.updated_at = local_day(at), at
    worker.save()
    Measure.objects.create(
        plan=worker.plan,
        kind=Measure.Kind.BENEFIT,
        date=local_day(at),
        outcome=Measure.Outcome.SUCCEEDED if result.eligible else Measure.Outcome.FAILED,
        note="；".join(result.reasons)[:500],
        amount=Decimal(str(result.max_total_amount)) if result.max_total_amount else None,
        recorded_by=actor,
        recorded_at=at,
    )
    audit_change(
        "update",
        actor=actor,
        obj=worker,
        summary=f"{worker.name} 失业保险待遇核定："
        + (f"可领取，最长 {result.max_months} 个月" if result.eligible else "不符合领取条件"),
        after={
            "contribution_months": contribution_months,
            "source": source,
            "eligible": result.eligible,
            "months": result.max_months,
            "version": result.version,
        },
    )
    return worker
