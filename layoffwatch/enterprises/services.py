"""Writes to the registry: keyword-only, validated with full_clean(), transactional, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from layoffwatch.audit.services import audit_record, diff, snapshot
from layoffwatch.reference.models import Industry

from .models import Enterprise

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


@transaction.atomic
def enterprise_create(*, actor, source: str = Enterprise.Source.MANUAL, **fields) -> Enterprise:
    enterprise = Enterprise(source=source, **fields)
    if "is_labour_intensive" not in fields and enterprise.industry_id:
        # default from the industry (plan S3.1.3); staff can override the flag.
        enterprise.is_labour_intensive = Industry.objects.filter(
            code=enterprise.industry_id, labour_intensive=True
        ).exists()
    enterprise.uscc = (enterprise.uscc or "").strip().upper()
    _check_scope(actor=actor, enterprise=enterprise)
    enterprise.full_clean()
    enterprise.save()
    audit_record(
        action="create", actor=actor, obj=enterprise, summary=f"新增企业 {enterprise.name}", after=snapshot(enterprise)
    )
    return enterprise


@transaction.atomic
def enterprise_update(*, actor, enterprise: Enterprise, **fields) -> Enterprise:
    _check_scope(actor=actor, enterprise=enterprise)
    before = snapshot(enterprise)
    for key, value in fields.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError({key: "该字段不可修改"})
        setattr(enterprise, key, value)
    enterprise.uscc = (enterprise.uscc or "").strip().upper()
    _check_scope(actor=actor, enterprise=enterprise)  # may not move an enterprise out of one's town
    enterprise.updated_at = timezone.now()
    enterprise.full_clean()
    enterprise.save()
    old, new = diff(before, snapshot(enterprise))
    old.pop("updated_at", None), new.pop("updated_at", None)
    if new:
        audit_record(action="update", actor=actor, obj=enterprise, summary=f"修改企业 {enterprise.name}", before=old, after=new)
    return enterprise
