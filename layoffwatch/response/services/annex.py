"""The annex tasks of a case (任务分解表): measures that open more of them, their deadlines, their
completion by the lead unit and progress notes by the lead and cooperating units."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.refusals import guarded
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.core.recorded import recorded, term
from layoffwatch.policy.rules import InvalidFact, annex_tasks_for
from layoffwatch.policy.selectors import policy_in_force

from ..models import CaseTask, ResponseCase, TaskNote
from ..permissions import in_section, is_task_force
from .common import case_event, require_open
from .procedure import add_tasks


@guarded("选用处置措施", subject=lambda kw: kw["case"])
def case_measures_choose(*, case: ResponseCase, measures, actor, at: dt.datetime) -> list[int]:
    """Annex: a measure chosen during the response opens the tasks it needs even when the
    warning's level alone would not (annex_tasks.yaml › opens_for_measures). Task force only."""
    case = ResponseCase.objects.select_for_update().get(pk=case.pk)
    require_open(case)
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以选用处置措施")
    measures = [m for m in dict.fromkeys(measures) if m]
    if not measures:
        raise ValidationError({"measures": "请选择处置措施"})
    on = local_day(case.opened_at)
    try:
        annex = annex_tasks_for(case.level, on=on, measures=measures, policy=policy_in_force())
    except InvalidFact as exc:
        raise ValidationError({"measures": exc.zh})
    known = policy_in_force().at(on)["annex_tasks"]["measures"] or {}
    names = "、".join(known.get(m, m) for m in measures)
    added = add_tasks(case, level=case.level, on=on, start=at, measures=measures)
    if not added:
        opened = sorted(
            t["number"] for t in annex.tasks if set(t["opens_for_measures"]) & set(measures)
        )
        raise ValidationError(
            {
                "measures": f"选用“{names}”需要的任务已经启动（任务分解表第 {'、'.join(map(str, opened))} 项），没有新增任务"
            }
        )
    case_event(
        case=case,
        kind="measures",
        at=at,
        actor=actor,
        summary=recorded(
            N_("选用处置措施：%(measures)s；启动任务分解表第 %(tasks)s 项"),
            measures=[term(known.get(m, m)) for m in measures],
            tasks=list(added),
        ),
        data={"measures": measures, "tasks": added},
    )
    return added


@guarded("调整任务时限", subject=lambda kw: kw["task"])
def task_due_set(
    *, task: CaseTask, due_at: dt.datetime, reason: str, actor, at: dt.datetime
) -> CaseTask:
    """The task force moves an annex task's deadline, with a reason; audited before → after."""
    task = CaseTask.objects.select_for_update().select_related("case").get(pk=task.pk)
    require_open(task.case)
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以调整任务时限")
    if task.done_at is not None:
        raise ValidationError({"task": f"第{task.number}项任务已办结，不能调整时限"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写调整时限的原因"})
    if due_at is None or due_at <= task.opened_at:
        raise ValidationError({"due_at": "新的时限须晚于任务启动时间"})
    if due_at == task.due_at:
        raise ValidationError({"due_at": "新的时限与原时限相同"})
    before = task.due_at
    task.due_at, task.due_provisional = due_at, False
    fields = ["due_at", "due_provisional"]
    if due_at > at:
        # the daily escalation starts again from the new deadline
        task.escalation, task.escalated_at = 0, None
        fields += ["escalation", "escalated_at"]
    task.save(update_fields=fields)
    old = local_datetime(before).strftime("%Y-%m-%d %H:%M") if before else "无"
    new = local_datetime(due_at).strftime("%Y-%m-%d %H:%M")
    case_event(
        case=task.case,
        kind="task_due",
        at=at,
        actor=actor,
        obj=task,
        summary=recorded(
            N_("调整任务分解表第%(number)s项（%(lead)s）时限：%(old)s → %(new)s（%(reason)s）"),
            number=task.number,
            lead=term(task.lead_name),
            old=old if before else term(old),
            new=new,
            reason=reason,
        ),
        data={
            "task": task.number,
            "before": before.isoformat() if before else None,
            "after": due_at.isoformat(),
            "reason": reason,
        },
    )
    return task


@guarded("办结任务", subject=lambda kw: kw["task"])
def task_complete(*, task: CaseTask, actor, note: str, at: dt.datetime) -> CaseTask:
    """Only the lead unit's staff complete an annex task."""
    task = CaseTask.objects.select_for_update().select_related("case").get(pk=task.pk)
    require_open(task.case)
    if not in_section(actor, task.lead):
        raise PermissionDenied(
            f"第{task.number}项任务由{task.lead_name}牵头，只有该单位工作人员可以办结"
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写办结情况"})
    # why conditional: a second click (or colleague) must not complete it twice
    done = CaseTask.objects.filter(pk=task.pk, done_at__isnull=True).update(
        done_at=at, done_by=actor
    )
    if not done:
        raise ValidationError({"task": "该任务已办结"})
    TaskNote.objects.create(task=task, at=at, author=actor, text=f"【办结】{note}")
    task.refresh_from_db()
    case_event(
        case=task.case,
        kind="task",
        at=at,
        actor=actor,
        obj=task,
        summary=recorded(
            N_("%(lead)s办结任务分解表第%(number)s项：%(note)s（逾期）")
            if task.due_at and at > task.due_at
            else N_("%(lead)s办结任务分解表第%(number)s项：%(note)s"),
            lead=term(task.lead_name),
            number=task.number,
            note=note,
        ),
        data={"task": task.number},
    )
    return task


@guarded("填写任务进展", subject=lambda kw: kw["task"])
def task_note_add(
    *, task: CaseTask, actor, text: str, attachment=None, at: dt.datetime
) -> TaskNote:
    task = CaseTask.objects.select_related("case").get(pk=task.pk)
    require_open(task.case)
    codes = [task.lead, *task.cooperating]
    if not (is_task_force(actor) or any(in_section(actor, c) for c in codes)):
        raise PermissionDenied(f"只有{task.lead_name}及配合单位可以填写第{task.number}项任务的进展")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写进展情况"})
    note = TaskNote(task=task, at=at, author=actor, text=text)
    if attachment:
        note.attachment = attachment
    note.full_clean(exclude=["task", "author"])
    note.save()
    case_event(
        case=task.case,
        kind="note",
        at=at,
        actor=actor,
        obj=note,
        summary=recorded(
            N_("第%(number)s项任务进展：%(text)s（附件）")
            if attachment
            else N_("第%(number)s项任务进展：%(text)s"),
            number=task.number,
            text=text[:200],
        ),
    )
    return note
