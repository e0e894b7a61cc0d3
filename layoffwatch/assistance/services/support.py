"""一企一策 enterprise support (plan S2.2, S4.2): a plan for an enterprise about to cut, the
subsidies offered (the job-retention refund screened by layoff rate) and the enterprise's
decision, which records the cut avoided."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.policy.rules import InvalidFact, layoff_rate_screen
from layoffwatch.policy.selectors import policy_in_force

from ..models import EnterpriseSupportPlan, SupportItem
from .common import audit_change, require_enterprise_scope


@guarded("制定一企一策稳岗方案")
def support_plan_create(
    *, enterprise, planned_cut: int, actor, at: dt.datetime, alert=None
) -> EnterpriseSupportPlan:
    require_enterprise_scope(actor, enterprise, "制定稳岗方案")
    plan = EnterpriseSupportPlan(
        enterprise=enterprise, planned_cut=planned_cut, alert=alert, created_by=actor, created_at=at
    )
    plan.full_clean()
    if planned_cut < 1:
        raise ValidationError({"planned_cut": "原计划裁减人数至少 1 人"})
    plan.save()
    audit_change(
        "create",
        actor=actor,
        obj=plan,
        summary=f"为 {enterprise.name} 制定一企一策稳岗方案（原计划裁减 {planned_cut} 人）",
        after=snapshot(plan),
    )
    return plan


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError({"amount": "金额应为数字"})
    if amount <= 0:
        raise ValidationError({"amount": "金额应大于 0"})
    return amount


@guarded("登记稳岗补贴")
def support_item_add(
    *,
    plan: EnterpriseSupportPlan,
    kind: str,
    amount,
    actor,
    at: dt.datetime,
    insured_at_start: int | None = None,
    insured_at_end: int | None = None,
) -> SupportItem:
    """A subsidy offered; the job-retention refund must pass the policy's layoff-rate screen."""
    plan = (
        EnterpriseSupportPlan.objects.select_for_update()
        .select_related("enterprise")
        .get(pk=plan.pk)
    )
    require_enterprise_scope(actor, plan.enterprise, "登记稳岗补贴")
    if plan.status != EnterpriseSupportPlan.Status.DRAFT:
        raise ValidationError({"plan": "方案已有企业决定，不能再增加补贴项目"})
    if kind not in SupportItem.Kind.values:
        raise ValidationError({"kind": "请选择补贴项目"})
    amount = _amount(amount)
    screening = {}
    if kind == SupportItem.Kind.RETENTION_REFUND:
        if insured_at_start is None or insured_at_end is None:
            raise ValidationError(
                {"insured_at_start": "稳岗返还须填写期初和期末参保人数，用于裁员率筛查"}
            )
        try:
            result = layoff_rate_screen(
                insured_at_start=insured_at_start,
                insured_at_end=insured_at_end,
                on=local_day(at),
                policy=policy_in_force(),
            )
        except InvalidFact as exc:
            raise ValidationError({"insured_at_start": exc.zh})
        if not result.eligible:
            raise ValidationError({"kind": "；".join(result.reasons)})
        screening = result.to_dict()
    item = SupportItem.objects.create(plan=plan, kind=kind, amount=amount, screening=screening)
    audit_change(
        "create",
        actor=actor,
        obj=item,
        summary=f"{plan.enterprise.name} 一企一策：{item.get_kind_display()} {amount} 元"
        + (f"（{screening['reasons'][0]}）" if screening else ""),
        after={"kind": kind, "amount": str(amount), "screening": screening},
    )
    return item


@guarded("登记企业决定")
def support_plan_decide(
    *,
    plan: EnterpriseSupportPlan,
    accepted: bool,
    actor,
    at: dt.datetime,
    final_cut: int | None = None,
    note: str = "",
) -> EnterpriseSupportPlan:
    """The enterprise's decision and the effect: cut reduced from N to M (plan S4.2)."""
    plan = (
        EnterpriseSupportPlan.objects.select_for_update()
        .select_related("enterprise")
        .get(pk=plan.pk)
    )
    require_enterprise_scope(actor, plan.enterprise, "登记企业决定")
    if plan.status != EnterpriseSupportPlan.Status.DRAFT:
        raise ValidationError({"plan": "企业已作出决定"})
    if accepted:
        if not plan.items.exists():
            raise ValidationError({"plan": "方案还没有任何补贴项目"})
        if final_cut is None:
            raise ValidationError({"final_cut": "请填写采纳方案后的实际裁减人数"})
        if final_cut > plan.planned_cut:
            raise ValidationError(
                {"final_cut": f"实际裁减人数不能多于原计划 {plan.planned_cut} 人"}
            )
    plan.status = (
        EnterpriseSupportPlan.Status.ACCEPTED if accepted else EnterpriseSupportPlan.Status.DECLINED
    )
    plan.final_cut = final_cut if accepted else None
    plan.decided_at, plan.decision_note = at, note[:500]
    plan.save()
    audit_change(
        "update",
        actor=actor,
        obj=plan,
        summary=f"{plan.enterprise.name} {plan.get_status_display()}一企一策方案"
        + (f"：裁员由 {plan.planned_cut} 人减至 {final_cut} 人" if accepted else ""),
        after={"status": plan.status, "final_cut": plan.final_cut},
    )
    return plan
