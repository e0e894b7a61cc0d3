"""Writes to the registry: keyword-only, validated with full_clean(), transactional, audited.

Refusals are audited after the transaction (or before it began), so that the trace survives
(audit.refusals, ADR 0082): a role or town that may not edit the registry, a code refused by
`_check_code_free` (the audit log, not the answer, keeps that the code belongs to another record)
and a rejected import file (one "rejected" entry listing its first problems). Other bad input is
the form's to show and leaves no entry.
"""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from layoffwatch.audit.refusals import refusals_audited, refusals_recorded
from layoffwatch.audit.services import audit_record, audit_record_many, diff, snapshot
from layoffwatch.reference.models import Industry, Town

from .importing import CODE_NOT_HERE, ImportRejected, Plan, Problem, check_import
from .models import Enterprise
from .selectors import enterprise_visible_to
from .spreadsheet import export_xlsx

EDITABLE_FIELDS = [
    "uscc",
    "name",
    "town",
    "industry",
    "ownership",
    "insured_headcount",
    "address",
    "legal_representative",
    "contact_name",
    "contact_phone",
    "is_key_sample",
    "on_watch_list",
    "is_labour_intensive",
    "is_hr_agency",
    "is_platform_employer",
    "commissioner",
]


def _check_scope(*, actor, enterprise: Enterprise) -> None:
    if actor is None:  # system jobs (imports from feeds, demo generator)
        return
    if not actor.can_edit_registry:
        raise PermissionDenied("您的角色不能修改企业名录")
    if not actor.is_district_wide and enterprise.town_id != actor.town_id:
        raise PermissionDenied("只能维护本镇街的企业")


def _check_code_free(*, actor, enterprise: Enterprise) -> None:
    taken = Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk)
    if actor is None or not taken.exists():
        return  # full_clean's uniqueness check answers those who may see the other record
    if not enterprise_visible_to(actor).filter(uscc=enterprise.uscc).exists():
        raise ValidationError({"uscc": ValidationError(CODE_NOT_HERE, code="not_here")})


def _may_register(what: str, *, actor, enterprise: Enterprise) -> None:
    """The role, the town and the code: refused (PermissionDenied, or ValidationError on `uscc`)
    and audited. Call it before the write's transaction begins."""
    with refusals_audited(what, actor=actor, object_type="enterprises.enterprise"):
        _check_scope(actor=actor, enterprise=enterprise)
        _check_code_free(actor=actor, enterprise=enterprise)


def enterprise_create(*, actor, source: str = Enterprise.Source.MANUAL, **fields) -> Enterprise:
    enterprise = Enterprise(source=source, **fields)
    if "is_labour_intensive" not in fields and enterprise.industry_id:
        # default from the industry (plan S3.1.3); staff can override the flag.
        enterprise.is_labour_intensive = Industry.objects.filter(
            code=enterprise.industry_id, labour_intensive=True
        ).exists()
    enterprise.uscc = (enterprise.uscc or "").strip().upper()
    _may_register("登记企业", actor=actor, enterprise=enterprise)
    return _create(actor=actor, enterprise=enterprise)


@transaction.atomic
def _create(*, actor, enterprise: Enterprise) -> Enterprise:
    enterprise.full_clean()
    enterprise.save()
    audit_record(
        action="create",
        actor=actor,
        obj=enterprise,
        summary=f"新增企业 {enterprise.name}",
        after=snapshot(enterprise),
    )
    return enterprise


def enterprise_update(*, actor, enterprise: Enterprise, **fields) -> Enterprise:
    with refusals_audited("修改企业名录", actor=actor, object_type="enterprises.enterprise"):
        _check_scope(actor=actor, enterprise=enterprise)
    before = snapshot(enterprise)
    for key, value in fields.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError({key: "该字段不可修改"})
        setattr(enterprise, key, value)
    enterprise.uscc = (enterprise.uscc or "").strip().upper()
    # checked again with the new values: one may not move an enterprise out of one's town
    _may_register("修改企业名录", actor=actor, enterprise=enterprise)
    return _update(actor=actor, enterprise=enterprise, before=before)


@transaction.atomic
def _update(*, actor, enterprise: Enterprise, before: dict) -> Enterprise:
    enterprise.updated_at = timezone.now()
    enterprise.full_clean()
    enterprise.save()
    old, new = diff(before, snapshot(enterprise))
    old.pop("updated_at", None), new.pop("updated_at", None)
    if new:
        audit_record(
            action="update",
            actor=actor,
            obj=enterprise,
            summary=f"修改企业 {enterprise.name}",
            before=old,
            after=new,
        )
    return enterprise


IMPORT_OBJECT = "enterprises.import"
CHANGED_MEANWHILE = "导入期间企业名录被他人修改（统一社会信用代码冲突），未导入任何数据，请重试"


def _rejection_record(exc: ImportRejected, *, actor, filename: str, request) -> None:
    """The one "rejected" entry of a refused import file: how many problems, the first ones."""
    problems = exc.problems
    first = problems[0]
    where = f"第 {first.row} 行 " if first.row else ""
    audit_record(
        action="rejected",
        actor=actor,
        object_type=IMPORT_OBJECT,
        object_id=filename[:80],
        summary=f"企业名录导入被拒绝（{filename}）：共 {len(problems)} 处问题；{where}{first.column} {first.message}",
        after={
            "filename": filename,
            "problems": len(problems),
            "first": [p.as_dict() for p in problems[:20]],
        },
        request=request,
    )


def enterprise_import(*, actor, data: bytes, filename: str, request=None) -> Plan:
    """Import enterprises from an XLSX made from the template (ADR 0020).

    All or nothing: every row is checked first; any problem writes nothing but one "rejected"
    audit entry and raises ImportRejected with the row-by-row list. Otherwise, in one transaction,
    rows whose USCC is new are created and rows whose USCC exists are updated in place (blank
    optional cells keep the current value); rows that change nothing are counted, not written.
    Each created or updated enterprise gets its own audit entry (so its history shows the import),
    followed by one "import" entry with the counts.
    """
    with refusals_audited("导入企业名录", actor=actor, object_type="enterprises.enterprise"):
        if actor is not None and not actor.can_edit_registry:
            raise PermissionDenied("您的角色不能导入企业名录")
    with refusals_recorded(
        partial(_rejection_record, actor=actor, filename=filename, request=request),
        kinds=(ImportRejected,),
    ):
        plan = check_import(actor=actor, data=data)
        try:
            _apply_import(actor=actor, plan=plan, filename=filename, request=request)
        except IntegrityError as exc:
            # why: another user registered one of the codes between our check and our write.
            raise ImportRejected([Problem(None, "", CHANGED_MEANWHILE)]) from exc
    return plan


@transaction.atomic
def _apply_import(*, actor, plan: Plan, filename: str, request=None) -> None:
    # why no full_clean() per row: it would run three queries a row; check_import ran the same
    # field validators and did the FK and uniqueness checks in bulk.
    created = Enterprise.objects.bulk_create(plan.creates, batch_size=500)
    if any(e.pk is None for e in created):  # a backend without RETURNING: read the ids back
        ids = dict(
            Enterprise.objects.filter(uscc__in=[e.uscc for e in created]).values_list("uscc", "pk")
        )
        for e in created:
            e.pk = ids[e.uscc]
    fields = sorted(
        {f for _, _, changed in plan.updates for f in changed}
        | ({"updated_at"} if plan.updates else set())
    )
    if plan.updates:
        Enterprise.objects.bulk_update([e for e, _, _ in plan.updates], fields, batch_size=500)
    # Per-record entries so each record's history shows the import, then the summary; appended in
    # one go: audit_record per row would update the chain head 10,000 times in one transaction,
    # which PostgreSQL makes quadratic (every update leaves a row version to walk past).
    records = [
        {
            "action": "create",
            "actor": actor,
            "obj": e,
            "summary": f"导入新增企业 {e.name}（{filename}）",
            "after": snapshot(e),
            "request": request,
        }
        for e in created
    ]
    records += [
        {
            "action": "update",
            "actor": actor,
            "obj": e,
            "summary": f"导入修改企业 {e.name}（{filename}）",
            "before": before,
            "after": {k: getattr(e, k) for k in changed},
            "request": request,
        }
        for e, before, changed in plan.updates
    ]
    records.append(
        {
            "action": "import",
            "actor": actor,
            "object_type": IMPORT_OBJECT,
            "object_id": filename[:80],
            "summary": f"导入企业名录（{filename}）：{plan.rows} 行，新增 {len(created)} 家，"
            f"更新 {len(plan.updates)} 家，未变 {plan.unchanged} 家",
            "after": {
                "filename": filename,
                "rows": plan.rows,
                "created": len(created),
                "updated": len(plan.updates),
                "unchanged": plan.unchanged,
            },
            "request": request,
        }
    )
    audit_record_many(records)


def enterprise_export(*, actor, enterprises, filters: dict, request=None) -> bytes:
    """The given (already scoped and filtered) enterprises as an XLSX in the import template's layout.

    Audited as "export" with the filters and the row count (plan: every export is in the log).
    """
    rows = list(enterprises.select_related("town", "industry", "commissioner"))
    data = export_xlsx(enterprises=rows, towns=Town.objects.all())
    shown = {k: v for k, v in filters.items() if v not in (None, "", [])}
    audit_record(
        action="export",
        actor=actor,
        object_type="enterprises.enterprise",
        object_id="xlsx",
        summary=f"导出企业名录 {len(rows)} 家",
        after={"filters": shown, "rows": len(rows)},
        request=request,
    )
    return data
