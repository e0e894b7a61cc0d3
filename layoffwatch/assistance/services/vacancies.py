"""Vacancies, referrals and placements (plan S4.2, S4.3): enterprises' demand (form, XLSX or
API), a person referred to a vacancy with the matching reasons, and a placement always
against a vacancy (counted per enterprise and, with an agency, for its job-referral subsidy)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.selectors import NOT_IN_SCOPE_ENTERPRISE, enterprise_visible_to

from ..models import AffectedWorker, Measure, Referral, Vacancy
from ..selectors import open_positions, score
from ..spreadsheet import parse_vacancies
from .common import audit_change, require_enterprise_scope, require_worker_scope, set_status

# plan S4.3: a placement is always against a vacancy (counted per enterprise and agency)
NO_VACANCY = "登记就业须选择录用该职工的岗位（用工需求）；没有岗位的，请先发布用工需求"

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
    if vacancy.valid_until and vacancy.valid_until < local_day(at):
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
        require_enterprise_scope(actor, enterprise, "发布该企业的用工需求")
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
    audit_change(
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
    rows = parse_vacancies(data, user=actor, on=local_day(at))
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
    audit_change(
        "import",
        actor=actor,
        obj=None,
        summary=f"导入用工需求 {len(made)} 条",
        after={"vacancies": [v.pk for v in made]},
    )
    return made


# ------------------------------------------------------------------ referrals and placements


def _referral_measure(worker: AffectedWorker, vacancy: Vacancy, *, actor, at: dt.datetime) -> None:
    """The plan's job-referral measure; a hire marks it succeeded by its note (_hire)."""
    Measure.objects.create(
        plan=worker.plan,
        kind=Measure.Kind.JOB_REFERRAL,
        date=local_day(at),
        note=f"推荐至 {vacancy}"[:500],
        recorded_by=actor,
        recorded_at=at,
    )


@guarded("推荐岗位")
def referral_create(
    *, worker: AffectedWorker, vacancy: Vacancy, actor, at: dt.datetime, agency=None
) -> Referral:
    """plan S4.3: refer a person to a vacancy; the matching reasons are kept with the referral."""
    worker = AffectedWorker.objects.select_for_update().get(pk=worker.pk)
    require_worker_scope(actor, worker, "推荐岗位")
    if worker.is_working:
        raise ValidationError({"worker": f"{worker.name} 已就业，无需再推荐岗位"})
    if vacancy.valid_until < local_day(at):
        raise ValidationError({"vacancy": "该用工需求已过有效期"})
    if open_positions(vacancy) == 0:
        raise ValidationError({"vacancy": "该岗位已招满"})
    if Referral.objects.filter(worker=worker, vacancy=vacancy).exists():
        raise ValidationError({"vacancy": f"已向 {worker.name} 推荐过该岗位"})
    if agency is not None and not agency.is_hr_agency:
        raise ValidationError({"agency": f"{agency.name} 不是人力资源服务机构"})
    with translation.override(settings.LANGUAGE_CODE):  # the record keeps the bureau's words
        _points, reasons = score(worker, vacancy, on=local_day(at))
    referral = Referral.objects.create(
        worker=worker,
        vacancy=vacancy,
        agency=agency,
        referred_at=at,
        referred_by=actor,
        reasons=reasons,
    )
    _referral_measure(worker, vacancy, actor=actor, at=at)
    audit_change(
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
    set_status(worker, AffectedWorker.Status.PLACED, at=at)


@guarded("登记推荐结果")
def referral_outcome_set(*, referral: Referral, outcome: str, actor, at: dt.datetime) -> Referral:
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("worker", "vacancy")
        .get(pk=referral.pk)
    )
    require_worker_scope(actor, referral.worker, "登记推荐结果")
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
    audit_change(
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
    require_worker_scope(actor, worker, "登记就业")
    if vacancy is None:
        raise ValidationError({"vacancy": NO_VACANCY})
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
        _referral_measure(worker, vacancy, actor=actor, at=at)
    _hire(referral, actor=actor, at=at)
    audit_change(
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
