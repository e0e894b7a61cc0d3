"""Affected workers (plan S4.2, S4.5): a person registered by staff or from a layoff report's
roster, once only (a person laid off again keeps the record and the plan reopens), the
details staff may correct, and the employment statuses staff set directly."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from layoffwatch.accounts.roles import require_writer
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import diff
from layoffwatch.core.clock import local_day
from layoffwatch.core.pii import keyed_hash, mask_id_number
from layoffwatch.core.validators import id_number_facts, validate_id_number, validate_phone

from ..models import AffectedWorker, AssistancePlan, Measure
from ..selectors import workers_visible_to
from .common import (
    REGISTERED_ELSEWHERE,
    audit_change,
    next_follow_up,
    require_enterprise_scope,
    require_worker_scope,
    set_status,
    worker_snapshot,
)


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
    return AssistancePlan.objects.create(
        worker=worker,
        adviser=adviser if getattr(adviser, "is_authenticated", False) else None,
        opened_at=at,
        next_follow_up=next_follow_up(local_day(at), at=at),
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
        require_enterprise_scope(actor, enterprise, "登记该企业的受影响职工")
    number, phone, facts = _clean_person(id_number=id_number, phone=phone, on=local_day(at))
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
    require_worker_scope(actor, worker, "登记居住在其他镇街的职工")
    audit_change(
        "create",
        actor=actor,
        obj=worker,
        summary=f"登记受影响职工 {worker.name}（{worker.masked_id}），建立一人一策帮扶计划",
        after=worker_snapshot(worker),
    )
    return worker


def _reopen_worker(worker: AffectedWorker, *, report, actor, at: dt.datetime) -> AffectedWorker:
    """A placed person laid off again: same record, new layoff, plan reopened (plan S4.5)."""
    before = worker_snapshot(worker)
    worker.enterprise, worker.report, worker.alert = report.enterprise, report, report.alert
    worker.status, worker.updated_at = AffectedWorker.Status.UNEMPLOYED, at
    worker.save(update_fields=["enterprise", "report", "alert", "status", "updated_at"])
    # why conditional: only a closed plan is reopened; an open one means a true duplicate.
    AssistancePlan.objects.filter(worker=worker, status=AssistancePlan.Status.CLOSED).update(
        status=AssistancePlan.Status.OPEN,
        closed_at=None,
        closed_reason="",
        opened_at=at,
        next_follow_up=next_follow_up(local_day(at), at=at),
    )
    audit_change(
        "update",
        actor=actor,
        obj=worker,
        summary=f"{worker.name}（{worker.masked_id}）再次被裁减（{report.receipt_no}），重新打开一人一策帮扶计划",
        before=before,
        after=worker_snapshot(worker),
    )
    return worker


@guarded("导入裁员报告职工名单")
def workers_from_report(*, report, actor, at: dt.datetime) -> list[AffectedWorker]:
    """plan S4.2: a layoff report's roster becomes affected workers, all or nothing.

    A person whose 一人一策 plan is still open (another layoff, or this roster imported before) is
    a duplicate: the whole import is refused with one message per person, nothing is created.
    A person registered before whose plan is closed (placed, then laid off again) keeps the one
    record: it is linked to this layoff, set back to unemployed and the plan is reopened."""
    require_enterprise_scope(actor, report.enterprise, "导入该企业的职工名单")
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
        facts = id_number_facts(r.id_number, on=local_day(at))
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
    audit_change(
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
    require_worker_scope(actor, worker, "修改该职工信息")
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
    before = worker_snapshot(worker)
    for k, v in fields.items():
        setattr(worker, k, v)
    worker.updated_at = at
    worker.full_clean()
    worker.save()
    require_worker_scope(actor, worker, "将职工的居住镇街改为您的数据权限范围外")
    b, a = diff(before, worker_snapshot(worker))
    audit_change(
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


@guarded("变更就业状态")
def worker_status_set(
    *, worker: AffectedWorker, status: str, actor, at: dt.datetime, note: str = ""
) -> AffectedWorker:
    worker = AffectedWorker.objects.select_for_update().get(pk=worker.pk)
    require_worker_scope(actor, worker, "变更就业状态")
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
    set_status(worker, status, at=at)
    if status == AffectedWorker.Status.SELF_EMPLOYED:
        Measure.objects.create(
            plan=worker.plan,
            kind=Measure.Kind.ENTREPRENEURSHIP,
            date=local_day(at),
            outcome=Measure.Outcome.SUCCEEDED,
            note=note or "自主创业",
            recorded_by=actor,
            recorded_at=at,
        )
    audit_change(
        "update",
        actor=actor,
        obj=worker,
        summary=f"{worker.name} 就业状态：{AffectedWorker.Status(before).label} → {worker.get_status_display()}"
        + (f"（{note}）" if note else ""),
        before={"status": before},
        after={"status": status},
    )
    return worker
