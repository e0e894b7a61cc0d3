"""一人一策 plans (plan S4.2, S4.5, S4.6): measures and their outcomes, the adviser, closing
a plan, and the daily reminder of follow-ups due."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_record, diff, snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import recorded
from layoffwatch.notifications.services import notify

from ..models import AffectedWorker, AssistancePlan, Measure
from .common import audit_change, close_plan, next_follow_up, require_worker_scope, set_status


@guarded("登记帮扶措施")
def measure_add(
    *,
    plan: AssistancePlan,
    kind: str,
    date: dt.date,
    actor,
    at: dt.datetime,
    outcome: str = Measure.Outcome.PENDING,
    note: str = "",
    amount=None,
) -> Measure:
    """plan S4.5/S4.6: a measure of the plan (relief referral to civil affairs included)."""
    plan = (
        AssistancePlan.objects.select_for_update(of=("self",))
        .select_related("worker")
        .get(pk=plan.pk)
    )
    worker = plan.worker
    require_worker_scope(actor, worker, "登记帮扶措施")
    if plan.status != AssistancePlan.Status.OPEN and kind != Measure.Kind.FOLLOW_UP:
        raise ValidationError({"plan": "帮扶计划已结案，不能再登记帮扶措施"})
    if kind == Measure.Kind.PUBLIC_WELFARE and not worker.hardship:
        # plan S4.5: public-welfare jobs are the last resort for eligible people in hardship
        raise ValidationError(
            {"kind": "公益性岗位仅用于托底安置符合条件的就业困难人员；该职工未认定为就业困难人员"}
        )
    if kind in (Measure.Kind.JOB_REFERRAL, Measure.Kind.TRAINING):
        raise ValidationError(
            {"kind": "岗位推荐请在“人岗匹配”中选择岗位办理，培训请通过培训报名办理"}
        )
    if kind == Measure.Kind.BENEFIT:
        raise ValidationError({"kind": "失业保险金请通过“失业保险待遇核定”办理"})
    if date > local_day(at):
        raise ValidationError({"date": "措施日期不能晚于今天"})
    measure = Measure(
        plan=plan,
        kind=kind,
        date=date,
        outcome=outcome,
        note=note,
        amount=amount,
        recorded_by=actor,
        recorded_at=at,
    )
    measure.full_clean()
    measure.save()
    if kind == Measure.Kind.PUBLIC_WELFARE and outcome == Measure.Outcome.SUCCEEDED:
        set_status(worker, AffectedWorker.Status.PUBLIC_WELFARE, at=at)
    if kind == Measure.Kind.FOLLOW_UP:
        AssistancePlan.objects.filter(pk=plan.pk, status=AssistancePlan.Status.OPEN).update(
            next_follow_up=next_follow_up(date, at=at)
        )
    audit_change(
        "create",
        actor=actor,
        obj=measure,
        summary=f"{worker.name} 一人一策：{measure.get_kind_display()}（{measure.get_outcome_display()}）{note}",
        after=snapshot(measure),
    )
    return measure


@guarded("登记帮扶措施结果")
def measure_outcome_set(
    *, measure: Measure, outcome: str, actor, at: dt.datetime, note: str = "", amount=None
) -> Measure:
    measure = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("plan__worker")
        .get(pk=measure.pk)
    )
    worker = measure.plan.worker
    require_worker_scope(actor, worker, "登记帮扶措施结果")
    if outcome not in Measure.Outcome.values or outcome == Measure.Outcome.PENDING:
        raise ValidationError({"outcome": "结果应为“已落实”或“未成功”"})
    if measure.outcome != Measure.Outcome.PENDING:
        raise ValidationError({"outcome": "该措施已有结果，不能重复登记"})
    before = snapshot(measure)
    measure.outcome = outcome
    if note:
        measure.note = (measure.note + "；" + note).strip("；")[:500]
    if amount is not None:
        measure.amount = amount
    measure.full_clean()
    measure.save()
    if (
        measure.kind == Measure.Kind.PUBLIC_WELFARE
        and outcome == Measure.Outcome.SUCCEEDED
        and not worker.is_working
    ):
        set_status(worker, AffectedWorker.Status.PUBLIC_WELFARE, at=at)
    b, a = diff(before, snapshot(measure))
    audit_change(
        "update",
        actor=actor,
        obj=measure,
        summary=f"{worker.name} {measure.get_kind_display()}：{measure.get_outcome_display()}",
        before=b,
        after=a,
    )
    return measure


@guarded("结案帮扶计划")
def plan_close(*, plan: AssistancePlan, reason: str, actor, at: dt.datetime) -> AssistancePlan:
    plan = (
        AssistancePlan.objects.select_for_update(of=("self",))
        .select_related("worker")
        .get(pk=plan.pk)
    )
    require_worker_scope(actor, plan.worker, "结案帮扶计划")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "结案须写明原因（如：已就业、暂不求职、迁出本区）"})
    if plan.status != AssistancePlan.Status.OPEN:
        raise ValidationError({"plan": "帮扶计划已结案"})
    close_plan(plan.worker, reason=reason[:200], at=at)
    plan.refresh_from_db()
    audit_change(
        "update",
        actor=actor,
        obj=plan,
        summary=f"{plan.worker.name} 一人一策帮扶计划结案：{reason}",
        after={"status": plan.status, "closed_reason": plan.closed_reason},
    )
    return plan


@guarded("指定帮扶人员")
def plan_adviser_set(*, plan: AssistancePlan, adviser, actor, at: dt.datetime) -> AssistancePlan:
    plan = (
        AssistancePlan.objects.select_for_update(of=("self",))
        .select_related("worker")
        .get(pk=plan.pk)
    )
    require_worker_scope(actor, plan.worker, "指定帮扶人员")
    adviser_ok = (
        adviser is not None
        and adviser.is_active
        and (adviser.is_superuser or adviser.role in ("admin", "section_staff", "town_liaison"))
    )
    if not adviser_ok:
        raise ValidationError(
            {"adviser": "帮扶人员须为在岗的就业服务工作人员（科室人员或镇街联络员）"}
        )
    if adviser.pk == plan.adviser_id:
        raise ValidationError({"adviser": f"{adviser} 已是该职工的帮扶人员"})
    before = plan.adviser_id
    plan.adviser = adviser
    plan.save(update_fields=["adviser"])
    audit_change(
        "update",
        actor=actor,
        obj=plan,
        summary=f"{plan.worker.name} 的帮扶人员改为 {adviser}",
        before={"adviser": before},
        after={"adviser": adviser.pk},
    )
    return plan


def follow_up_reminders(*, at: dt.datetime) -> int:
    """Remind each adviser of the open plans due for a follow-up (Huey, daily). Placed people and
    closed plans get none: their plan is no longer open. Idempotent per day."""
    today = local_day(at)
    due = AssistancePlan.objects.filter(
        status=AssistancePlan.Status.OPEN, next_follow_up__lte=today, adviser__isnull=False
    ).exclude(last_reminded_on=today)
    sent = 0
    for plan in due.select_related("worker", "adviser"):
        # why conditional: two workers of the queue must not remind twice on one day
        if (
            not AssistancePlan.objects.filter(pk=plan.pk)
            .exclude(last_reminded_on=today)
            .update(last_reminded_on=today)
        ):
            continue
        notify(
            users=[plan.adviser],
            title=recorded(
                N_("一人一策跟踪回访：%(worker)s（%(due)s 到期）"),
                worker=plan.worker.name,
                due=str(plan.next_follow_up),
            ),
            body=recorded(N_("请联系该职工了解求职、培训情况，并登记“跟踪回访”措施。")),
            link=f"/assistance/workers/{plan.worker_id}/",
            kind="assistance_follow_up",
            at=at,
            webhook=False,
        )
        sent += 1
    if sent:
        audit_record(
            action="update",
            actor_label="系统（就业帮扶）",
            object_type="assistance.assistanceplan",
            summary=f"提醒帮扶人员跟踪回访 {sent} 人",
        )
    return sent
