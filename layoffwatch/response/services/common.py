"""What every write of a response case shares: the event and audit entry of each change, the
open-case check, the case's link and the names on its documents."""

import datetime as dt

from django.core.exceptions import ValidationError

from layoffwatch.accounts.sections import SECTIONS
from layoffwatch.audit.services import audit_record
from layoffwatch.core.recorded import MESSAGE_KEY, Recorded, text_and_message

from ..models import CaseEvent, ResponseCase

SECTION_NAMES = {code: name for code, name, _k, _o in SECTIONS}
ISSUING_UNIT = "潼南区人力资源和社会保障局"
RECIPIENT = "市人力社保局"


def case_link(case: ResponseCase) -> str:
    return f"/response/cases/{case.pk}/"


def case_event(
    *,
    case: ResponseCase,
    kind: str,
    at: dt.datetime,
    summary: Recorded | str,
    actor=None,
    data=None,
    obj=None,
) -> CaseEvent:
    """The event (its summary in Chinese, with the recorded message beside it in `data` so a page
    says it in the reader's language, ADR 0100) and the audit entry of one change of a case."""
    real = actor if getattr(actor, "is_authenticated", False) else None
    summary, message = text_and_message(summary)
    event = CaseEvent.objects.create(
        case=case,
        at=at,
        actor=real,
        actor_label=str(real)[:80] if real else "系统",
        kind=kind,
        summary=summary[:500],
        data=(data or {}) | ({MESSAGE_KEY: message} if message else {}),
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
