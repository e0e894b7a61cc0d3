"""What every write of a response case shares: the event and audit entry of each change, the
open-case check, the case's link and the names on its documents."""

import datetime as dt

from django.core.exceptions import ValidationError

from layoffwatch.accounts.sections import SECTIONS
from layoffwatch.audit.services import audit_record

from ..models import CaseEvent, ResponseCase

SECTION_NAMES = {code: name for code, name, _k, _o in SECTIONS}
ISSUING_UNIT = "潼南区人力资源和社会保障局"
RECIPIENT = "市人力社保局"


def case_link(case: ResponseCase) -> str:
    return f"/response/cases/{case.pk}/"


def case_event(
    *, case: ResponseCase, kind: str, at: dt.datetime, summary: str, actor=None, data=None, obj=None
) -> CaseEvent:
    real = actor if getattr(actor, "is_authenticated", False) else None
    event = CaseEvent.objects.create(
        case=case,
        at=at,
        actor=real,
        actor_label=str(real)[:80] if real else "系统",
        kind=kind,
        summary=summary[:500],
        data=data or {},
    )
    audit_record(
        action="create" if kind in ("opened", "filing", "problem", "note") else "update",
        actor=real,
        obj=obj or case,
        summary=f"处置 #{case.pk} {summary}",
        after=data or None,
        actor_label="" if real else "系统（应急处置）",
    )
    return event


def require_open(case: ResponseCase, *, closure_ok: bool = False) -> None:
    if not case.is_open and not closure_ok:
        raise ValidationError({"case": "处置已结案，不能再修改（书面报告除外）"})
