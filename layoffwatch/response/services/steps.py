"""Completing a procedure step (plan S5.1–S5.3): by the task force or the step's section."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.refusals import guarded
from layoffwatch.core.recorded import recorded, term

from ..models import CaseStep
from ..permissions import in_section, is_task_force
from .common import SECTION_NAMES, case_event, require_open


@guarded("办结处置步骤", subject=lambda kw: kw["step"])
def step_complete(
    *, step: CaseStep, actor, note: str = "", attachment=None, at: dt.datetime
) -> CaseStep:
    step = CaseStep.objects.select_for_update().select_related("case").get(pk=step.pk)
    require_open(step.case, closure_ok=step.from_closure)
    owner_is_section = step.actor in SECTION_NAMES
    if not (is_task_force(actor) or (owner_is_section and in_section(actor, step.actor))):
        raise PermissionDenied(f"该步骤由{step.actor_name}办理，您无权办结")
    if step.done_at is not None:
        raise ValidationError({"step": "该步骤已办结"})
    if step.needs_filings:
        raise ValidationError(
            {"step": f"该步骤须向{'、'.join(step.notify_names)}报送，请逐一登记报送记录"}
        )
    step.done_at, step.done_by, step.note = at, actor, (note or "").strip()
    if attachment:
        step.attachment = attachment
    step.save(update_fields=["done_at", "done_by", "note", "attachment"])
    late = step.due_at is not None and at > step.due_at
    case_event(
        case=step.case,
        kind="step",
        at=at,
        actor=actor,
        summary=recorded(
            N_("办结：%(step)s（逾期）") if late else N_("办结：%(step)s"), step=term(step.title)
        ),
        data={"step": step.pk, "late": late, "note": step.note},
    )
    return step
