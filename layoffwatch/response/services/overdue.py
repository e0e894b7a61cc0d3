"""The daily escalation of overdue work: each overdue step or annex task goes one rung up per
day, from the owning section's head to the responsible leader."""

import datetime as dt

from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.alerts.notify import send
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.core.recorded import recorded, term

from ..hooks import overdue_work
from ..models import Assignment, CaseStep, CaseTask, ResponseCase
from ..permissions import TASK_FORCE_SECTION
from .common import SECTION_NAMES, case_event, case_link


def section_heads(code: str):
    """The section's assigned heads; without an assignment, all of its staff (nobody is missed)."""
    assigned = User.objects.filter(
        is_active=True, duties__kind=Assignment.Kind.SECTION_HEAD, duties__key=code
    )
    if assigned.exists():
        return assigned
    return User.objects.filter(is_active=True, role=Role.SECTION_STAFF, section__code=code)


def responsible_leaders(leader_role: str | None):
    """The leaders assigned to the annex's leader role; without one, every bureau leader."""
    if leader_role:
        assigned = User.objects.filter(
            is_active=True, duties__kind=Assignment.Kind.LEADER, duties__key=leader_role
        )
        if assigned.exists():
            return assigned
    return User.objects.filter(is_active=True, role=Role.LEADER)


def _escalate_one(item, *, kind: str, at: dt.datetime) -> bool:
    model = type(item)
    if item.escalation == 0:
        rung = 1
        section = (
            item.lead
            if kind == "task"
            else (item.actor if item.actor in SECTION_NAMES else TASK_FORCE_SECTION)
        )
        people = section_heads(section)
        who = recorded(N_("%(section)s负责人"), section=term(SECTION_NAMES.get(section, section)))
    elif item.escalation == 1 and local_day(item.escalated_at) < local_day(at):
        rung = 2
        people = responsible_leaders(item.leader_role if kind == "task" else None)
        who = term(item.leader_role_name if kind == "task" else "局领导")
    else:
        return False
    # why conditional: two runs of the job (two workers) must escalate each rung once
    moved = model.objects.filter(
        pk=item.pk, escalation=item.escalation, done_at__isnull=True
    ).update(escalation=rung, escalated_at=at)
    if not moved:
        return False
    case = item.case
    what = (
        recorded(
            N_("任务分解表第%(number)s项（%(lead)s牵头）"),
            number=item.number,
            lead=term(item.lead_name),
        )
        if kind == "task"
        else term(item.title)
    )
    title = recorded(
        N_("逾期催办：%(enterprise)s %(what)s"), enterprise=case.alert.enterprise.name, what=what
    )
    send(
        users=people,
        title=title,
        body=recorded(
            N_("时限 %(due)s，尚未办结"), due=f"{local_datetime(item.due_at):%Y-%m-%d %H:%M}"
        ),
        link=case_link(case),
        kind="overdue",
        at=at,
    )
    case_event(
        case=case,
        kind="escalation",
        at=at,
        summary=recorded(N_("%(title)s：已提醒%(who)s"), title=title, who=who),
        data={kind: item.pk, "rung": rung},
    )
    return True


def overdue_escalate(*, at: dt.datetime) -> dict:
    """The daily job: each overdue step or task goes up one rung per day.

    1. Overdue and never escalated: tell the owning section's head (rung 1).
    2. Still overdue on a later day: tell the responsible leader (rung 2).
    3. The overdue work of later apps (`hooks.overdue_work`, ADR 0088), e.g. a consultation's
       actions (plan S6.1), goes up the same way.
    """
    counts = {"steps": 0, "tasks": 0}
    steps = CaseStep.objects.filter(
        done_at__isnull=True, due_at__lt=at, escalation__lt=2
    ).select_related("case__alert__enterprise")
    for step in steps:
        if (step.case.is_open or step.from_closure) and _escalate_one(step, kind="step", at=at):
            counts["steps"] += 1
    tasks = CaseTask.objects.filter(
        done_at__isnull=True,
        due_at__lt=at,
        escalation__lt=2,
        case__status=ResponseCase.Status.OPEN,
    ).select_related("case__alert__enterprise")
    for task in tasks:
        if _escalate_one(task, kind="task", at=at):
            counts["tasks"] += 1
    for handler in overdue_work.handlers:
        counts.update(handler(at=at))
    return counts
