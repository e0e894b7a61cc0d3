"""Writes of rights cases (plan S4.1, S4.6; annex tasks 5, 6, 13, 14). Each stage of the "four
fast" mechanism (快立、快调、快审、快结) is a timestamp set once, in order, through one service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from layoffwatch.assistance.services import audit_change, require_enterprise_scope
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import snapshot
from layoffwatch.core.clock import local_datetime

from .models import STAGES, ArrearsPayment, RightsCase

ORDER = [key for key, _label, _base in STAGES]
LABELS = {key: label for key, label, _base in STAGES}


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value or 0))
    except (InvalidOperation, TypeError):
        raise ValidationError({field: "金额应为数字"})
    if amount < 0:
        raise ValidationError({field: "金额不能为负数"})
    return amount


@guarded("登记权益维护案件")
def rights_case_create(
    *,
    kind: str,
    dispute_type: str,
    enterprise,
    summary: str,
    workers_involved: int,
    received_at: dt.datetime,
    actor,
    at: dt.datetime,
    alert=None,
    amount_claimed=0,
    amount_owed=0,
    migrant_workers: bool = False,
) -> RightsCase:
    require_enterprise_scope(actor, enterprise, "登记该企业的案件")
    if received_at > at:
        raise ValidationError({"received_at": "收到时间不能晚于现在"})
    if alert is not None and alert.enterprise_id != enterprise.pk:
        raise ValidationError({"alert": "关联预警不是该企业的预警"})
    case = RightsCase(
        kind=kind,
        dispute_type=dispute_type,
        enterprise=enterprise,
        alert=alert,
        summary=summary,
        workers_involved=workers_involved,
        migrant_workers=migrant_workers,
        amount_claimed=_money(amount_claimed, "amount_claimed"),
        amount_owed=_money(amount_owed, "amount_owed"),
        received_at=received_at,
        created_by=actor,
    )
    case.full_clean()
    if workers_involved < 1:
        raise ValidationError({"workers_involved": "涉及人数至少 1 人"})
    if kind == RightsCase.Kind.WAGE_ARREARS and case.amount_owed <= 0:
        raise ValidationError({"amount_owed": "欠薪案件须填写欠薪金额"})
    case.save()
    audit_change(
        "create",
        actor=actor,
        obj=case,
        summary=f"登记{case.get_kind_display()}：{enterprise.name}，涉及 {workers_involved} 人",
        after=snapshot(case),
    )
    return case


def _check_stage(
    case: RightsCase, stage: str, *, when: dt.datetime, at: dt.datetime, outcome: str
) -> None:
    """A stage is known, not yet recorded, after filing (but the filing itself), and at a time
    between the stage before it and now; closing needs the outcome."""
    if stage not in ORDER:
        raise ValidationError({"stage": f"未知的环节 {stage}"})
    if case.closed_at is not None:
        raise ValidationError({"stage": "案件已结案"})
    if getattr(case, f"{stage}_at") is not None:
        raise ValidationError({"stage": f"“{LABELS[stage]}”环节已登记"})
    if stage != "filed" and case.filed_at is None:
        raise ValidationError({"stage": "案件尚未立案，请先登记“快立”"})
    if when > at:
        raise ValidationError({"when": "时间不能晚于现在"})
    earlier = [getattr(case, f"{k}_at") for k in ORDER[: ORDER.index(stage)]] + [case.received_at]
    if when < max(t for t in earlier if t is not None):
        raise ValidationError({"when": "时间不能早于前一环节"})
    if stage == "closed" and not (outcome or "").strip():
        raise ValidationError({"outcome": "结案须填写处理结果"})


@guarded("登记案件环节")
def rights_stage_record(
    *,
    case: RightsCase,
    stage: str,
    actor,
    at: dt.datetime,
    when: dt.datetime | None = None,
    outcome: str = "",
) -> RightsCase:
    """Record that a stage happened at `when` (default now). Stages go in order; mediation or
    hearing may be skipped when a case closes without them."""
    case = (
        RightsCase.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=case.pk)
    )
    require_enterprise_scope(actor, case.enterprise, "办理该案件")
    when = when or at
    _check_stage(case, stage, when=when, at=at, outcome=outcome)
    setattr(case, f"{stage}_at", when)
    if outcome:
        case.outcome = outcome[:500]
    case.save()
    overdue = case.overdue_stages(now=at)
    audit_change(
        "update",
        actor=actor,
        obj=case,
        summary=f"{case} {LABELS[stage]}：{local_datetime(when):%Y-%m-%d %H:%M}"
        + (f"（超时：{'、'.join(overdue)}）" if overdue else ""),
        after={f"{stage}_at": when, "outcome": case.outcome},
    )
    return case


@guarded("登记欠薪清偿")
def arrears_payment_add(
    *, case: RightsCase, paid_on: dt.date, amount, actor, at: dt.datetime, workers: int = 0
) -> ArrearsPayment:
    case = (
        RightsCase.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=case.pk)
    )
    require_enterprise_scope(actor, case.enterprise, "办理该案件")
    if case.closed_at is not None:
        raise ValidationError({"amount": "案件已结案，不再登记清偿"})
    amount = _money(amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": "清偿金额应大于 0"})
    if case.amount_owed <= 0:
        raise ValidationError({"amount": "该案件没有登记欠薪金额"})
    if case.amount_paid + amount > case.amount_owed:
        raise ValidationError(
            {
                "amount": f"累计清偿 {case.amount_paid + amount} 元将超过欠薪金额 {case.amount_owed} 元"
            }
        )
    payment = ArrearsPayment.objects.create(
        case=case, paid_on=paid_on, amount=amount, workers=workers, recorded_by=actor
    )
    case.amount_paid += amount
    case.save(update_fields=["amount_paid"])
    audit_change(
        "create",
        actor=actor,
        obj=case,
        summary=f"{case} 清偿欠薪 {amount} 元（累计 {case.amount_paid}/{case.amount_owed} 元）",
        after={"paid": str(amount), "total_paid": str(case.amount_paid)},
    )
    return payment


__all__ = ["rights_case_create", "rights_stage_record", "arrears_payment_add"]
