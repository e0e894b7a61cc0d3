"""Writes: adding a dated version of a parameter file (administrators only, validated, audited)."""

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.clock import local_day

from .loader import check_revision
from .models import PolicyRevision
from .selectors import policy_in_force, policy_revisions


@guarded("修订政策参数")
def policy_revision_add(
    *,
    actor,
    file_key: str,
    yaml_text: str,
    effective_date: dt.date,
    note: str,
    today: dt.date | None = None,
    request=None,
) -> PolicyRevision:
    """Register `yaml_text` as the version of `file_key` from `effective_date` (ADR 0013).

    Refused unless it validates like a bundled file, takes effect after today, does not overlap
    a registered version, and leaves every value dated before `effective_date` as it was.
    """
    if actor is None or not getattr(actor, "is_admin", False):
        raise PermissionDenied("只有系统管理员可以修订政策参数")
    today = today or local_day()
    yaml_text = yaml_text.replace("\r\n", "\n")
    # why: lock the file's revisions so two administrators cannot both add "the next" version.
    pending = list(
        policy_revisions(file_key).select_for_update().values_list("effective_date", flat=True)
    )
    problems = check_revision(
        policy_in_force(),
        key=file_key,
        text=yaml_text,
        effective=effective_date,
        today=today,
        pending=pending,
    )
    if problems:
        errors: dict[str, list[str]] = {}
        for p in problems:
            field = "effective_date" if p.key == "effective_date" else "yaml_text"
            errors.setdefault(field, []).append(str(p))
        raise ValidationError(errors)
    revision = PolicyRevision(
        file_key=file_key,
        effective_date=effective_date,
        yaml_text=yaml_text,
        note=note.strip(),
        author=actor,
        sha256=hashlib.sha256(yaml_text.encode()).hexdigest(),
    )
    revision.full_clean()
    revision.save()
    audit_record(
        action="create",
        actor=actor,
        obj=revision,
        summary=f"新增政策参数版本 {file_key}.yaml，{effective_date} 起施行：{revision.note}",
        after=snapshot(revision, ["file_key", "effective_date", "note", "sha256"]),
        request=request,
    )
    return revision
