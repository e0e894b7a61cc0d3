"""Writes of assistance (plan S2.2, S4.2–S4.6): people, 一人一策 plans and measures,
unemployment insurance, vacancies, matching referrals and placements, job fairs, training,
and 一企一策 enterprise support. Every change is audited; refusals are audited "rejected"
outside the rolled-back transaction (audit.refusals.guarded) and leave nothing behind.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.accounts.roles import require_writer
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_record, diff, snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.core.pii import keyed_hash, mask_id_number
from layoffwatch.core.validators import id_number_facts, validate_id_number, validate_phone
from layoffwatch.enterprises.selectors import NOT_IN_SCOPE_ENTERPRISE, enterprise_visible_to
from layoffwatch.policy.rules import InvalidFact, layoff_rate_screen, ui_entitlement
from layoffwatch.policy.selectors import policy_in_force

from .models import (
    AffectedWorker,
    AssistancePlan,
    Course,
    Enrolment,
    EnterpriseSupportPlan,
    FairInvite,
    JobFair,
    Measure,
    Referral,
    SupportItem,
    Vacancy,
)
from .params import assistance_params
from .selectors import open_positions, score, workers_visible_to


def _day(at: dt.datetime) -> dt.date:
    return local_day(at)


def _audit(action: str, *, actor, obj, summary: str, before=None, after=None) -> None:
    real = actor if getattr(actor, "is_authenticated", False) else None
    audit_record(
        action=action,
        actor=real,
        obj=obj,
        summary=summary,
        before=before,
        after=after,
        actor_label="" if real else "系统（就业帮扶）",
    )


def _worker_snapshot(worker: AffectedWorker) -> dict:
    return snapshot(worker, AffectedWorker.AUDIT_FIELDS)


# ADR 0082: every write checks the scope of what it touches with the readers' selectors, and a
# refusal never names the object: "not there" and "not yours" read the same (ADR 0002).
NOT_IN_SCOPE_PERSON = "该职工不存在或不在您的数据权限范围内，不能{what}"
REGISTERED_ELSEWHERE = "该人员不能在此登记，请联系区就业和人才中心"


def _require_worker_scope(actor, worker: AffectedWorker, what: str) -> None:
    require_writer(actor, what)
    if not (worker.pk and workers_visible_to(actor).filter(pk=worker.pk).exists()):
        raise PermissionDenied(NOT_IN_SCOPE_PERSON.format(what=what))


def _require_enterprise_scope(actor, enterprise, what: str) -> None:
    """`enterprise` may be unsaved: a code typed on a form that is not in the registry
    (EnterpriseByCode) is refused here with the same words as one outside the scope."""
    require_writer(actor, what)
    if not (enterprise.pk and enterprise_visible_to(actor).filter(pk=enterprise.pk).exists()):
        raise PermissionDenied(NOT_IN_SCOPE_ENTERPRISE.format(what=what))


# ------------------------------------------------------------------ people


def _clean_person(*, id_number: str, phone: str, on: dt.date) -> tuple[str, str, dict]:
    errors = {}
    try:
        number = validate_id_number(id_number)
    except ValidationError as exc:
        errors["id_number"] = exc.messages
        number = ""
    if phone:
        try:
            phone = validate_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return number, phone, id_number_facts(number, on=on)


def _duplicate_message(existing: AffectedWorker, number: str, *, actor=None) -> str:
    """Who the person already is — only to a user who may see that record (ADR 0082): anyone
    else learns nothing about a person registered elsewhere, only whom to ask."""
    if actor is not None and not workers_visible_to(actor).filter(pk=existing.pk).exists():
        return REGISTERED_ELSEWHERE
    where = f"，原单位 {existing.enterprise.name}" if existing.enterprise_id else ""
    return (
        f"身份证号码 {mask_id_number(number)} 的职工已登记（{existing.name}{where}，"
        f"登记编号 {existing.pk}）：同一人只登记一次，请在其档案中继续帮扶"
    )


def _open_plan(worker: AffectedWorker, *, adviser, at: dt.datetime) -> AssistancePlan:
    days = assistance_params(_day(at))["follow_up_days"]
    return AssistancePlan.objects.create(
        worker=worker,
        adviser=adviser if getattr(adviser, "is_authenticated", False) else None,
        opened_at=at,
        next_follow_up=_day(at) + dt.timedelta(days=days),
    )


def _create_worker(*, fields: dict, actor, at: dt.datetime) -> AffectedWorker:
    worker = AffectedWorker(created_at=at, updated_at=at, **fields)
    worker.full_clean()
    worker.save()
    _open_plan(worker, adviser=actor, at=at)
    return worker


@guarded("登记受影响职工")
def worker_create(
    *,
    actor,
    name: str,
    id_number: str,
    at: dt.datetime,
    phone: str = "",
    education: str = "",
    occupation: str = "",
    skills: str = "",
    town=None,
    household_code: str = "",
    zero_employment_family: bool = False,
    hardship: bool = False,
    intention: str = AffectedWorker.Intention.JOB,
    expected_wage: int | None = None,
    enterprise=None,
    alert=None,
) -> AffectedWorker:
    """plan S4.2: a person entered by staff (or added later to a layoff); opens the 一人一策 plan."""
    require_writer(actor, "登记受影响职工")
    if enterprise is not None:
        _require_enterprise_scope(actor, enterprise, "登记该企业的受影响职工")
    number, phone, facts = _clean_person(id_number=id_number, phone=phone, on=_day(at))
    digest = keyed_hash(number)
    existing = AffectedWorker.objects.filter(id_hash=digest).select_related("enterprise").first()
    if existing is not None:
        raise ValidationError({"id_number": _duplicate_message(existing, number, actor=actor)})
    worker = _create_worker(
        fields={
            "name": (name or "").strip(),
            "id_number": number,
            "id_hash": digest,
            "phone": phone,
            "sex": facts["sex"],
            "birth_date": facts["birth_date"],
            "education": education,
            "occupation": occupation,
            "skills": skills,
            "town": town,
            "household_code": household_code,
            "zero_employment_family": zero_employment_family,
            "hardship": hardship,
            "intention": intention,
            "expected_wage": expected_wage,
            "source": AffectedWorker.Source.STAFF,
            "enterprise": enterprise,
            "alert": alert,
        },
        actor=actor,
        at=at,
    )
    # the town of residence too: a person the actor could not see once registered is refused
    # (the transaction rolls back) — the same selector as every read (ADR 0082)
    _require_worker_scope(actor, worker, "登记居住在其他镇街的职工")
    _audit(
        "create",
        actor=actor,
        obj=worker,
        summary=f"登记受影响职工 {worker.name}（{worker.masked_id}），建立一人一策帮扶计划",
        after=_worker_snapshot(worker),
    )
    return worker


def _reopen_worker(worker: AffectedWorker, *, report, actor, at: dt.datetime) -> AffectedWorker:
    """A placed person laid off again: same record, new layoff, plan reopened (plan S4.5)."""
    before = _worker_snapshot(worker)
    worker.enterprise, worker.report, worker.alert = report.enterprise, report, report.alert
    worker.status, worker.updated_at = AffectedWorker.Status.UNEMPLOYED, at
    worker.save(update_fields=["enterprise", "report", "alert", "status", "updated_at"])
    days = assistance_params(_day(at))["follow_up_days"]
    # why conditional: only a closed plan is reopened; an open one means a true duplicate.
    AssistancePlan.objects.filter(worker=worker, status=AssistancePlan.Status.CLOSED).update(
        status=AssistancePlan.Status.OPEN,
        closed_at=None,
        closed_reason="",
        opened_at=at,
        next_follow_up=_day(at) + dt.timedelta(days=days),
    )
    _audit(
        "update",
        actor=actor,
        obj=worker,
        summary=f"{worker.name}（{worker.masked_id}）再次被裁减（{report.receipt_no}），重新打开一人一策帮扶计划",
        before=before,
        after=_worker_snapshot(worker),
    )
    return worker


@guarded("导入裁员报告职工名单")
def workers_from_report(*, report, actor, at: dt.datetime) -> list[AffectedWorker]:
    """plan S4.2: a layoff report's roster becomes affected workers, all or nothing.

    A person whose 一人一策 plan is still open (another layoff, or this roster imported before) is
    a duplicate: the whole import is refused with one message per person, nothing is created.
    A person registered before whose plan is closed (placed, then laid off again) keeps the one
    record: it is linked to this layoff, set back to unemployed and the plan is reopened."""
    _require_enterprise_scope(actor, report.enterprise, "导入该企业的职工名单")
    rows = list(report.roster.all())
    if not rows:
        raise ValidationError({"roster": "该裁员报告没有受影响职工名单"})
    existing = {
        w.id_hash: w
        for w in AffectedWorker.objects.filter(
            id_hash__in=[r.id_hash for r in rows]
        ).select_related("enterprise", "plan")
    }
    problems = [
        f"第 {i} 人 {r.name}：{_duplicate_message(existing[r.id_hash], r.id_number, actor=actor)}"
        for i, r in enumerate(rows, start=1)
        if r.id_hash in existing and existing[r.id_hash].plan.status == AssistancePlan.Status.OPEN
    ]
    if problems:
        raise ValidationError({"roster": problems})
    made = []
    for r in rows:
        if r.id_hash in existing:
            made.append(_reopen_worker(existing[r.id_hash], report=report, actor=actor, at=at))
            continue
        facts = id_number_facts(r.id_number, on=_day(at))
        intention = r.intention if r.intention in AffectedWorker.Intention.values else "none"
        made.append(
            _create_worker(
                fields={
                    "name": r.name,
                    "id_number": r.id_number,
                    "id_hash": r.id_hash,
                    "phone": r.phone,
                    "sex": facts["sex"],
                    "birth_date": facts["birth_date"],
                    # the roster has no address: the enterprise's town until staff correct it
                    "town": report.enterprise.town,
                    "intention": intention,
                    "source": AffectedWorker.Source.ROSTER,
                    "enterprise": report.enterprise,
                    "report": report,
                    "alert": report.alert,
                },
                actor=actor,
                at=at,
            )
        )
    _audit(
        "create",
        actor=actor,
        obj=report,
        summary=f"由裁员报告 {report.receipt_no} 的职工名单登记受影响职工 {len(made)} 人，各建立一人一策帮扶计划",
        after={"workers": [w.pk for w in made]},
    )
    return made


EDITABLE = [
    "phone", "education", "occupation", "skills", "town", "household_code",
    "zero_employment_family", "hardship", "intention", "expected_wage",
]  # fmt: skip


@guarded("修改受影响职工信息")
def worker_update(*, worker: AffectedWorker, actor, at: dt.datetime, **fields) -> AffectedWorker:
    worker = AffectedWorker.objects.select_for_update().get(pk=worker.pk)
    _require_worker_scope(actor, worker, "修改该职工信息")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError({"__all__": f"不能修改：{'、'.join(sorted(unknown))}"})
    if worker.zero_employment_family and fields.get("zero_employment_family") is False:
        # plan S4.5: a family leaves the zero-employment list only when a member is placed
        raise ValidationError(
            {
                "zero_employment_family": "零就业家庭只有在家庭成员实现就业后才能移出清单，不能直接取消标记"
            }
        )
    if fields.get("phone"):
        fields["phone"] = validate_phone(fields["phone"])
    before = _worker_snapshot(worker)
    for k, v in fields.items():
        setattr(worker, k, v)
    worker.updated_at = at
    worker.full_clean()
    worker.save()
    _require_worker_scope(actor, worker, "将职工的居住镇街改为您的数据权限范围外")
    b, a = diff(before, _worker_snapshot(worker))
    _audit(
        "update",
        actor=actor,
        obj=worker,
        summary=f"修改受影响职工 {worker.name} 的信息",
        before=b,
        after=a,
    )
    return worker


# Statuses staff set directly; a job (placed) only through a placement with its vacancy.
DIRECT_STATUSES = {
    AffectedWorker.Status.UNEMPLOYED,
    AffectedWorker.Status.SELF_EMPLOYED,
    AffectedWorker.Status.NOT_SEEKING,
}


def _set_status(worker: AffectedWorker, status: str, *, at: dt.datetime) -> None:
    worker.status, worker.updated_at = status, at
    worker.save(update_fields=["status", "updated_at"])
    if worker.is_working:
        _close_plan(worker, reason=f"已实现就业（{worker.get_status_display()}）", at=at)


def _close_plan(worker: AffectedWorker, *, reason: str, at: dt.datetime) -> None:
    # why conditional: a placement and a manual closure may race; the first one closes the plan
    AssistancePlan.objects.filter(worker=worker, status=AssistancePlan.Status.OPEN).update(
        status=AssistancePlan.Status.CLOSED, closed_at=at, closed_reason=reason, next_follow_up=None
    )


@guarded("变更就业状态")
def worker_status_set(
    *, worker: AffectedWorker, status: str, actor, at: dt.datetime, note: str = ""
) -> AffectedWorker:
    worker = AffectedWorker.objects.select_for_update().get(pk=worker.pk)
    _require_worker_scope(actor, worker, "变更就业状态")
    if status == AffectedWorker.Status.PLACED:
        raise ValidationError(
            {"status": "登记就业须选择录用的岗位（用工需求），请通过“登记就业”办理"}
        )
    if status == AffectedWorker.Status.PUBLIC_WELFARE:
        raise ValidationError({"status": "公益性岗位安置请通过帮扶措施“公益性岗位安置”办理"})
    if status == AffectedWorker.Status.TRAINING:
        raise ValidationError({"status": "参加培训请通过培训报名办理"})
    if status not in DIRECT_STATUSES:
        raise ValidationError({"status": f"未知的就业状态 {status}"})
    before = worker.status
    _set_status(worker, status, at=at)
    if status == AffectedWorker.Status.SELF_EMPLOYED:
        Measure.objects.create(
            plan=worker.plan,
            kind=Measure.Kind.ENTREPRENEURSHIP,
            date=_day(at),
            outcome=Measure.Outcome.SUCCEEDED,
            note=note or "自主创业",
            recorded_by=actor,
            recorded_at=at,
        )
    _audit(
        "update",
        actor=actor,
        obj=worker,
        summary=f"{worker.name} 就业状态：{AffectedWorker.Status(before).label} → {worker.get_status_display()}"
        + (f"（{note}）" if note else ""),
        before={"status": before},
        after={"status": status},
    )
    return worker


# ------------------------------------------------------------------ 一人一策 measures


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
    _require_worker_scope(actor, worker, "登记帮扶措施")
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
    if date > _day(at):
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
        _set_status(worker, AffectedWorker.Status.PUBLIC_WELFARE, at=at)
    if kind == Measure.Kind.FOLLOW_UP:
        days = assistance_params(_day(at))["follow_up_days"]
        AssistancePlan.objects.filter(pk=plan.pk, status=AssistancePlan.Status.OPEN).update(
            next_follow_up=date + dt.timedelta(days=days)
        )
    _audit(
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
    _require_worker_scope(actor, worker, "登记帮扶措施结果")
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
        _set_status(worker, AffectedWorker.Status.PUBLIC_WELFARE, at=at)
    b, a = diff(before, snapshot(measure))
    _audit(
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
    _require_worker_scope(actor, plan.worker, "结案帮扶计划")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "结案须写明原因（如：已就业、暂不求职、迁出本区）"})
    if plan.status != AssistancePlan.Status.OPEN:
        raise ValidationError({"plan": "帮扶计划已结案"})
    _close_plan(plan.worker, reason=reason[:200], at=at)
    plan.refresh_from_db()
    _audit(
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
    _require_worker_scope(actor, plan.worker, "指定帮扶人员")
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
    _audit(
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
    from layoffwatch.notifications.services import notify

    today = _day(at)
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
            title=f"一人一策跟踪回访：{plan.worker.name}（{plan.next_follow_up} 到期）",
            body="请联系该职工了解求职、培训情况，并登记“跟踪回访”措施。",
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


# ------------------------------------------------------------------ unemployment insurance (S4.6)


def contribution_months_from_feed(worker: AffectedWorker) -> int | None:
    """Months with a contribution in the social-insurance feed (the lake holds keyed hashes of ID
    numbers, never the numbers); None when the feed has not been imported."""
    from layoffwatch.monitoring import lake

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
    _require_worker_scope(actor, worker, "核定失业保险待遇")
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
            on=_day(at),
            policy=policy_in_force(),
        )
    except InvalidFact as exc:
        raise ValidationError({"contribution_months": exc.zh})
    worker.contribution_months, worker.contribution_source = contribution_months, source
    worker.ui_eligible, worker.ui_months = result.eligible, result.max_months
    worker.ui_reasons, worker.ui_policy_version = result.reasons, result.version
    worker.ui_checked_on, worker.updated_at = _day(at), at
    worker.save()
    Measure.objects.create(
        plan=worker.plan,
        kind=Measure.Kind.BENEFIT,
        date=_day(at),
        outcome=Measure.Outcome.SUCCEEDED if result.eligible else Measure.Outcome.FAILED,
        note="；".join(result.reasons)[:500],
        amount=Decimal(str(result.max_total_amount)) if result.max_total_amount else None,
        recorded_by=actor,
        recorded_at=at,
    )
    _audit(
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


# ------------------------------------------------------------------ vacancies (S4.2, S4.3)

VACANCY_FIELDS = [
    "occupation", "skills", "count", "town", "wage_min", "wage_max", "requirements",
    "valid_until", "is_gig", "gig_days",
]  # fmt: skip


def _vacancy(*, enterprise, fields: dict, source: str, actor, at: dt.datetime) -> Vacancy:
    vacancy = Vacancy(enterprise=enterprise, source=source, created_by=actor, created_at=at)
    for k in VACANCY_FIELDS:
        if k in fields:
            setattr(vacancy, k, fields[k])
    errors = {}
    try:
        vacancy.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if vacancy.wage_min and vacancy.wage_max and vacancy.wage_min > vacancy.wage_max:
        errors.setdefault("wage_max", []).append("月薪上限不能低于下限")
    if vacancy.valid_until and vacancy.valid_until < _day(at):
        errors.setdefault("valid_until", []).append("有效期不能早于今天")
    if vacancy.count == 0:
        errors.setdefault("count", []).append("招聘人数至少 1 人")
    if vacancy.is_gig and not vacancy.gig_days:
        errors.setdefault("gig_days", []).append("零工岗位须填写用工天数")
    if errors:
        raise ValidationError(errors)
    vacancy.save()
    return vacancy


def _require_vacancy_scope(actor, enterprise) -> None:
    """Bureau writers for any enterprise in scope; an enterprise or agency account for its own."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("请先登录")
    if actor.is_superuser or actor.role in ("admin", "section_staff", "town_liaison"):
        _require_enterprise_scope(actor, enterprise, "发布该企业的用工需求")
    elif actor.role in ("enterprise", "agency") and actor.enterprise_id:
        if not (enterprise.pk and enterprise_visible_to(actor).filter(pk=enterprise.pk).exists()):
            raise PermissionDenied(NOT_IN_SCOPE_ENTERPRISE.format(what="发布该企业的用工需求"))
    else:
        raise PermissionDenied("您的角色不能发布用工需求")


@guarded("发布用工需求")
def vacancy_create(
    *, enterprise, actor, at: dt.datetime, source: str = Vacancy.Source.FORM, **fields
) -> Vacancy:
    _require_vacancy_scope(actor, enterprise)
    vacancy = _vacancy(enterprise=enterprise, fields=fields, source=source, actor=actor, at=at)
    _audit(
        "create",
        actor=actor,
        obj=vacancy,
        summary=f"发布{'零工' if vacancy.is_gig else '用工'}需求：{vacancy}（{vacancy.count} 人）",
        after=snapshot(vacancy),
    )
    return vacancy


@guarded("导入用工需求")
def vacancies_import(*, data: bytes, actor, at: dt.datetime) -> list[Vacancy]:
    """The XLSX template (spreadsheet.py), all or nothing, every problem with its row number."""
    from .spreadsheet import parse_vacancies

    rows = parse_vacancies(data, user=actor, on=_day(at))
    made, problems = [], []
    for number, enterprise, fields in rows:
        try:
            _require_vacancy_scope(actor, enterprise)
            made.append(
                _vacancy(
                    enterprise=enterprise,
                    fields=fields,
                    source=Vacancy.Source.XLSX,
                    actor=actor,
                    at=at,
                )
            )
        except ValidationError as exc:
            problems += [f"第 {number} 行：{m}" for m in exc.messages]
        except PermissionDenied as exc:
            problems.append(f"第 {number} 行：{exc}")
    if problems:
        raise ValidationError({"file": problems[:50]})
    _audit(
        "import",
        actor=actor,
        obj=None,
        summary=f"导入用工需求 {len(made)} 条",
        after={"vacancies": [v.pk for v in made]},
    )
    return made


# ------------------------------------------------------------------ referrals and placements


@guarded("推荐岗位")
def referral_create(
    *, worker: AffectedWorker, vacancy: Vacancy, actor, at: dt.datetime, agency=None
) -> Referral:
    """plan S4.3: refer a person to a vacancy; the matching reasons are kept with the referral."""
    worker = AffectedWorker.objects.select_for_update().get(pk=worker.pk)
    _require_worker_scope(actor, worker, "推荐岗位")
    if worker.is_working:
        raise ValidationError({"worker": f"{worker.name} 已就业，无需再推荐岗位"})
    if vacancy.valid_until < _day(at):
        raise ValidationError({"vacancy": "该用工需求已过有效期"})
    if open_positions(vacancy) == 0:
        raise ValidationError({"vacancy": "该岗位已招满"})
    if Referral.objects.filter(worker=worker, vacancy=vacancy).exists():
        raise ValidationError({"vacancy": f"已向 {worker.name} 推荐过该岗位"})
    if agency is not None and not agency.is_hr_agency:
        raise ValidationError({"agency": f"{agency.name} 不是人力资源服务机构"})
    _points, reasons = score(worker, vacancy, on=_day(at))
    referral = Referral.objects.create(
        worker=worker,
        vacancy=vacancy,
        agency=agency,
        referred_at=at,
        referred_by=actor,
        reasons=reasons,
    )
    Measure.objects.create(
        plan=worker.plan,
        kind=Measure.Kind.JOB_REFERRAL,
        date=_day(at),
        note=f"推荐至 {vacancy}"[:500],
        recorded_by=actor,
        recorded_at=at,
    )
    _audit(
        "create",
        actor=actor,
        obj=referral,
        summary=f"向 {worker.name} 推荐岗位 {vacancy}",
        after={"worker": worker.pk, "vacancy": vacancy.pk, "reasons": reasons},
    )
    return referral


def _hire(referral: Referral, *, actor, at: dt.datetime) -> None:
    vacancy = Vacancy.objects.select_for_update().get(pk=referral.vacancy_id)
    if open_positions(vacancy) == 0:
        raise ValidationError(
            {"vacancy": f"{vacancy} 已招满（{vacancy.count} 人），不能再登记录用"}
        )
    referral.outcome, referral.outcome_at = Referral.Outcome.HIRED, at
    referral.save(update_fields=["outcome", "outcome_at"])
    worker = referral.worker
    Measure.objects.filter(
        plan__worker=worker,
        kind=Measure.Kind.JOB_REFERRAL,
        outcome=Measure.Outcome.PENDING,
        note__startswith=f"推荐至 {vacancy}"[:30],
    ).update(outcome=Measure.Outcome.SUCCEEDED)
    _set_status(worker, AffectedWorker.Status.PLACED, at=at)


@guarded("登记推荐结果")
def referral_outcome_set(*, referral: Referral, outcome: str, actor, at: dt.datetime) -> Referral:
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("worker", "vacancy")
        .get(pk=referral.pk)
    )
    _require_worker_scope(actor, referral.worker, "登记推荐结果")
    if outcome not in Referral.Outcome.values or outcome == Referral.Outcome.PENDING:
        raise ValidationError({"outcome": "请选择推荐结果"})
    if referral.outcome == Referral.Outcome.HIRED:
        raise ValidationError({"outcome": "已登记录用，不能再修改"})
    before = referral.outcome
    if outcome == Referral.Outcome.HIRED:
        if referral.worker.is_working:
            raise ValidationError({"outcome": f"{referral.worker.name} 已就业"})
        _hire(referral, actor=actor, at=at)
    else:
        referral.outcome, referral.outcome_at = outcome, at
        referral.save(update_fields=["outcome", "outcome_at"])
    _audit(
        "update",
        actor=actor,
        obj=referral,
        summary=f"{referral.worker.name} 推荐至 {referral.vacancy}：{referral.get_outcome_display()}",
        before={"outcome": before},
        after={"outcome": outcome},
    )
    return referral


@guarded("登记就业")
def placement_record(
    *, worker: AffectedWorker, vacancy: Vacancy | None, actor, at: dt.datetime, agency=None
) -> Referral:
    """A person placed in a job: always against a vacancy (so that placements can be counted per
    enterprise and, with `agency`, for the agency's job-referral subsidy, plan S4.3)."""
    worker = AffectedWorker.objects.select_for_update().get(pk=worker.pk)
    _require_worker_scope(actor, worker, "登记就业")
    if vacancy is None:
        raise ValidationError(
            {"vacancy": "登记就业须选择录用该职工的岗位（用工需求）；没有岗位的，请先发布用工需求"}
        )
    if worker.is_working:
        raise ValidationError({"worker": f"{worker.name} 已就业（{worker.get_status_display()}）"})
    if agency is not None and not agency.is_hr_agency:
        raise ValidationError({"agency": f"{agency.name} 不是人力资源服务机构"})
    referral, created = Referral.objects.get_or_create(
        worker=worker,
        vacancy=vacancy,
        defaults={"referred_at": at, "referred_by": actor, "agency": agency},
    )
    if agency is not None and referral.agency_id is None:
        referral.agency = agency
        referral.save(update_fields=["agency"])
    if created:
        Measure.objects.create(
            plan=worker.plan,
            kind=Measure.Kind.JOB_REFERRAL,
            date=_day(at),
            note=f"推荐至 {vacancy}"[:500],
            recorded_by=actor,
            recorded_at=at,
        )
    _hire(referral, actor=actor, at=at)
    _audit(
        "update",
        actor=actor,
        obj=worker,
        summary=f"{worker.name} 实现就业：{vacancy}"
        + (f"（人力资源服务机构 {agency.name} 介绍）" if agency else ""),
        after={
            "status": worker.status,
            "vacancy": vacancy.pk,
            "agency": agency.pk if agency else None,
        },
    )
    return referral


# ------------------------------------------------------------------ job fairs (S4.3)


@guarded("创建招聘活动")
def fair_create(
    *, name: str, date: dt.date, town, actor, at: dt.datetime, venue: str = ""
) -> JobFair:
    require_writer(actor, "创建招聘活动")
    if (
        getattr(actor, "role", "") == "town_liaison"
        and town is not None
        and town.pk != actor.town_id
    ):
        raise PermissionDenied("镇街联络员只能在本镇街举办招聘活动")
    fair = JobFair(name=name, date=date, town=town, venue=venue, created_by=actor, created_at=at)
    fair.full_clean()
    fair.save()
    _audit(
        "create",
        actor=actor,
        obj=fair,
        summary=f"创建招聘活动 {fair.name}（{date}）",
        after=snapshot(fair),
    )
    return fair


@guarded("邀请参加招聘活动")
def fair_invite(
    *, fair: JobFair, actor, at: dt.datetime, enterprises=(), workers=()
) -> list[FairInvite]:
    require_writer(actor, "邀请参加招聘活动")
    made = []
    for e in enterprises:
        _require_enterprise_scope(actor, e, "邀请该企业")
        invite, created = FairInvite.objects.get_or_create(fair=fair, enterprise=e)
        if created:
            made.append(invite)
    for w in workers:
        _require_worker_scope(actor, w, "邀请该职工")
        invite, created = FairInvite.objects.get_or_create(fair=fair, worker=w)
        if created:
            made.append(invite)
    _audit(
        "update",
        actor=actor,
        obj=fair,
        summary=f"{fair.name} 邀请 {len(made)} 个单位和个人",
        after={"invites": [i.pk for i in made]},
    )
    return made


@guarded("登记招聘活动结果")
def fair_result(
    *,
    invite: FairInvite,
    actor,
    at: dt.datetime,
    attended: bool,
    offers: int = 0,
    placed_vacancy: Vacancy | None = None,
    placed: bool = False,
) -> FairInvite:
    """Attendance and offers; a person placed at the fair is placed against a vacancy."""
    invite = (
        FairInvite.objects.select_for_update(of=("self",))
        .select_related("fair", "worker")
        .get(pk=invite.pk)
    )
    require_writer(actor, "登记招聘活动结果")
    if invite.worker is not None:
        _require_worker_scope(actor, invite.worker, "登记该职工的招聘活动结果")
    else:
        _require_enterprise_scope(actor, invite.enterprise, "登记该企业的招聘活动结果")
    if offers is None or offers < 0:
        raise ValidationError({"offers": "达成意向人数不能为负数"})
    if placed and invite.placed:
        raise ValidationError({"placed": "已登记现场录用"})
    if placed and invite.worker is None:
        raise ValidationError({"placed": "录用登记在求职者的邀请上"})
    if placed and not attended:
        raise ValidationError({"placed": "未到场的求职者不能登记现场录用"})
    invite.attended, invite.offers = attended, offers
    if placed:
        if placed_vacancy is None:
            raise ValidationError(
                {
                    "vacancy": "登记就业须选择录用该职工的岗位（用工需求）；没有岗位的，请先发布用工需求"
                }
            )
        placement_record(worker=invite.worker, vacancy=placed_vacancy, actor=actor, at=at)
        invite.placed = True
    invite.save()
    who = invite.worker.name if invite.worker else str(invite.enterprise)
    _audit(
        "update",
        actor=actor,
        obj=invite,
        summary=f"{invite.fair.name}：{who} {'到场' if attended else '未到场'}"
        + (f"，达成意向 {offers} 人" if offers else "")
        + ("，现场录用" if invite.placed else ""),
        after={"attended": attended, "offers": offers, "placed": invite.placed},
    )
    return invite


# ------------------------------------------------------------------ training (S4.4)


@guarded("新建培训课程")
def course_create(*, actor, at: dt.datetime, **fields) -> Course:
    require_writer(actor, "新建培训课程")
    if fields.get("enterprise") is not None:
        _require_enterprise_scope(actor, fields["enterprise"], "为该企业新建项目制培训")
    course = Course(created_at=at, **fields)
    course.full_clean()
    if course.ends_on < course.starts_on:
        raise ValidationError({"ends_on": "结业日期不能早于开班日期"})
    if course.kind == Course.Kind.PROJECT and course.enterprise is None:
        raise ValidationError({"enterprise": "项目制培训须选择灵活减员的企业"})
    course.save()
    _audit(
        "create",
        actor=actor,
        obj=course,
        summary=f"新建培训课程 {course.name}（{course.capacity} 人）",
        after=snapshot(course),
    )
    return course


@guarded("培训报名")
def enrol(*, course: Course, worker: AffectedWorker, actor, at: dt.datetime) -> Enrolment:
    """Enrol a person from their plan; the course's capacity is enforced under a row lock."""
    # why lock the course: two enrolments for the last seat must not both succeed
    course = Course.objects.select_for_update().get(pk=course.pk)
    worker = AffectedWorker.objects.select_for_update().get(pk=worker.pk)
    _require_worker_scope(actor, worker, "培训报名")
    taken = course.enrolments.exclude(status=Enrolment.Status.DROPPED).count()
    if taken >= course.capacity:
        raise ValidationError(
            {"course": f"《{course.name}》名额已满（{course.capacity} 人），不能再报名"}
        )
    if course.ends_on < _day(at):
        raise ValidationError({"course": f"《{course.name}》已结业，不能报名"})
    if course.enrolments.filter(worker=worker).exists():
        raise ValidationError({"course": f"{worker.name} 已报名《{course.name}》"})
    if worker.is_working:
        raise ValidationError({"worker": f"{worker.name} 已就业"})
    enrolment = Enrolment.objects.create(course=course, worker=worker, enrolled_at=at)
    _set_status(worker, AffectedWorker.Status.TRAINING, at=at)
    Measure.objects.create(
        plan=worker.plan,
        kind=Measure.Kind.TRAINING,
        date=_day(at),
        note=f"报名《{course.name}》"[:500],
        recorded_by=actor,
        recorded_at=at,
    )
    _audit(
        "create",
        actor=actor,
        obj=enrolment,
        summary=f"{worker.name} 报名培训《{course.name}》（{taken + 1}/{course.capacity}）",
        after={"course": course.pk, "worker": worker.pk},
    )
    return enrolment


@guarded("登记培训结业")
def enrolment_complete(
    *, enrolment: Enrolment, actor, at: dt.datetime, completed: bool = True, certificate: str = ""
) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("worker", "course")
        .get(pk=enrolment.pk)
    )
    worker = enrolment.worker
    _require_worker_scope(actor, worker, "登记培训结业")
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError({"enrolment": "该报名已结业或退训"})
    enrolment.status = Enrolment.Status.COMPLETED if completed else Enrolment.Status.DROPPED
    enrolment.completed_at, enrolment.certificate = at, certificate[:100]
    enrolment.save()
    outcome = Measure.Outcome.SUCCEEDED if completed else Measure.Outcome.FAILED
    Measure.objects.filter(
        plan__worker=worker, kind=Measure.Kind.TRAINING, outcome=Measure.Outcome.PENDING
    ).update(outcome=outcome)
    if worker.status == AffectedWorker.Status.TRAINING:
        # back to looking for work: placement after training is the next step (plan S4.2)
        _set_status(worker, AffectedWorker.Status.UNEMPLOYED, at=at)
    _audit(
        "update",
        actor=actor,
        obj=enrolment,
        summary=f"{worker.name} 《{enrolment.course.name}》{enrolment.get_status_display()}"
        + (f"，证书 {certificate}" if certificate else ""),
        after={"status": enrolment.status},
    )
    return enrolment


# ------------------------------------------------------------------ 一企一策 (S2.2, S4.2)


@guarded("制定一企一策稳岗方案")
def support_plan_create(
    *, enterprise, planned_cut: int, actor, at: dt.datetime, alert=None
) -> EnterpriseSupportPlan:
    _require_enterprise_scope(actor, enterprise, "制定稳岗方案")
    plan = EnterpriseSupportPlan(
        enterprise=enterprise, planned_cut=planned_cut, alert=alert, created_by=actor, created_at=at
    )
    plan.full_clean()
    if planned_cut < 1:
        raise ValidationError({"planned_cut": "原计划裁减人数至少 1 人"})
    plan.save()
    _audit(
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
    _require_enterprise_scope(actor, plan.enterprise, "登记稳岗补贴")
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
                on=_day(at),
                policy=policy_in_force(),
            )
        except InvalidFact as exc:
            raise ValidationError({"insured_at_start": exc.zh})
        if not result.eligible:
            raise ValidationError({"kind": "；".join(result.reasons)})
        screening = result.to_dict()
    item = SupportItem.objects.create(plan=plan, kind=kind, amount=amount, screening=screening)
    _audit(
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
    _require_enterprise_scope(actor, plan.enterprise, "登记企业决定")
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
    _audit(
        "update",
        actor=actor,
        obj=plan,
        summary=f"{plan.enterprise.name} {plan.get_status_display()}一企一策方案"
        + (f"：裁员由 {plan.planned_cut} 人减至 {final_cut} 人" if accepted else ""),
        after={"status": plan.status, "final_cut": plan.final_cut},
    )
    return plan
