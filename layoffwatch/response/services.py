"""Writes of response cases (plan S5.0–S5.3, S6.2): open and escalate with the policy's procedure,
complete steps and annex tasks, record filings and major problems, close, the written report,
and the daily escalation of overdue work.

Keyword-only, typed, transactional; every change appends a CaseEvent and an audit entry. A
refused action raises ValidationError or PermissionDenied and is audited after its transaction
has rolled back (`audit.refusals.guarded`), so nothing changed but the trace survives.
"""

import datetime as dt
import json
from collections.abc import Callable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.accounts.sections import SECTIONS
from layoffwatch.alerts.models import Alert
from layoffwatch.alerts.notify import send
from layoffwatch.alerts.spreadsheet import alerts_xlsx
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.policy.rules import (
    InvalidFact,
    annex_tasks_for,
    response_procedure,
    written_report_sections,
)
from layoffwatch.policy.selectors import policy_in_force

from .deadlines import due_at
from .documents import TO_FILL, draft_sections, missing_facts, short_report_text
from .models import (
    EXTERNAL_BODIES,
    Assignment,
    CaseEvent,
    CaseStep,
    CaseTask,
    Channel,
    Filing,
    MajorProblem,
    ResponseCase,
    TaskNote,
    WrittenReport,
)
from .permissions import TASK_FORCE_SECTION, can_work_on, has_role, in_section, is_task_force
from .selectors import UnfinishedItem, case_unfinished_items, overdue_count

SECTION_NAMES = {code: name for code, name, _k, _o in SECTIONS}
ISSUING_UNIT = "潼南区人力资源和社会保障局"
RECIPIENT = "市人力社保局"


def case_link(case: ResponseCase) -> str:
    return f"/response/cases/{case.pk}/"


def _event(
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


def _require_open(case: ResponseCase, *, closure_ok: bool = False) -> None:
    if not case.is_open and not closure_ok:
        raise ValidationError({"case": "处置已结案，不能再修改（书面报告除外）"})


# ------------------------------------------------------------------ opening and escalation


# why bulk (ADR 0045): opening a case ran an .exists(), a full_clean() and an INSERT per step and
# per annex task (50+ queries), and the one queue worker that opens cases shares the cores with
# the web workers. A run now reads what the case already has once, then inserts one batch per table.


def _deadlines(start: dt.datetime) -> Callable[[dict | None], tuple[dt.datetime | None, bool]]:
    """`due_at` for one run, each distinct rule worked out once: a working-day rule reads the
    holiday table, and the plan, the filing and every annex task usually share the same rule."""
    memo: dict[str, tuple[dt.datetime | None, bool]] = {}

    def due(deadline: dict | None) -> tuple[dt.datetime | None, bool]:
        key = json.dumps(deadline, sort_keys=True)
        if key not in memo:
            memo[key] = due_at(deadline, start=start)
        return memo[key]

    return due


def _add_steps(
    case: ResponseCase,
    *,
    level: int,
    procedure,
    start: dt.datetime,
    due: Callable[[dict | None], tuple[dt.datetime | None, bool]],
    fresh: bool = False,
    started: str = "",
) -> list[str]:
    """Copy the level's procedure steps the case does not have yet; the titles added.

    `fresh`: the case row was inserted by this still uncommitted transaction, so no other one
    can have given it steps: there is nothing to look up.
    `started`: the response is already running, so “启动预警响应” is done at `start` with this note.
    """
    have: set[str] = set()
    # plan S6.2, ADR 0053/0054: the case has one written report, so a step counted from closure
    # (书面报送) is one step of the case: escalating moves it to the new level instead of adding
    # a second copy that nobody could ever complete
    closure_steps: dict[str, CaseStep] = {}
    if not fresh:
        have = set(
            CaseStep.objects.filter(case=case, level=level).order_by().values_list("key", flat=True)
        )
        closure_steps = {
            s.key: s
            for s in CaseStep.objects.filter(case=case).exclude(level=level)
            if s.from_closure
        }
    if started and "start_response" in have:
        CaseStep.objects.filter(
            case=case, level=level, key="start_response", done_at__isnull=True
        ).update(done_at=start, note=started)
    rows = []
    for order, step in enumerate(procedure.steps):
        if step["key"] in have:
            continue
        have.add(step["key"])
        deadline = step["deadline"]
        moved = closure_steps.get(step["key"])
        if moved is not None and deadline and deadline.get("from") == "closure":
            moved.level, moved.order, moved.deadline = level, order, deadline
            for field in ("title", "actor", "actor_name", "notify", "notify_names", "clause"):
                setattr(moved, field, step[field])
            moved.document = step["document"] or ""
            moved.document_name = step["document_name"] or ""
            moved.deadline_text = step["deadline_text"]
            moved.save()
            continue
        step_due, provisional = (None, False)
        if deadline and deadline.get("from") != "closure":
            step_due, provisional = due(deadline)
        row = CaseStep(
            case=case,
            level=level,
            order=order,
            key=step["key"],
            title=step["title"],
            actor=step["actor"],
            actor_name=step["actor_name"],
            notify=step["notify"],
            notify_names=step["notify_names"],
            document=step["document"] or "",
            document_name=step["document_name"] or "",
            clause=step["clause"],
            deadline=deadline,
            deadline_text=step["deadline_text"],
            due_at=step_due,
            due_provisional=provisional,
        )
        if started and step["key"] == "start_response":
            row.done_at, row.note = start, started
        # why no unique/constraint validation here (it would cost a query per row): the keys the
        # case has were read above, every run for one alert holds the alert's row lock, and the
        # step_once_per_level constraint still refuses a duplicate in the database — a race
        # fails the run (the queue retries; the retry finds the rows), never stores a step twice.
        row.full_clean(exclude=["case"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    CaseStep.objects.bulk_create(rows)
    return [row.title for row in rows]


def _task_deadline(level: int, on: dt.date, *, policy=None, procedure=None) -> dict | None:
    """ADR 0051: an annex task is first due with the level's risk-control plan (its measures go
    into the plan), counted in working days from when the task opens."""
    if procedure is None:
        policy = policy_in_force() if policy is None else policy
        procedure = response_procedure(level, on=on, policy=policy)
    plan = next((s for s in procedure.steps if s["key"] == "plan"), None)
    return plan["deadline"] if plan and plan["deadline"] else None


def _add_tasks(
    case: ResponseCase,
    *,
    level: int,
    on: dt.date,
    start: dt.datetime,
    measures=(),
    policy=None,
    procedure=None,
    due: Callable[[dict | None], tuple[dt.datetime | None, bool]] | None = None,
    fresh: bool = False,
) -> list[int]:
    """Open the annex tasks of `level` and `measures` the case does not have yet; their numbers.

    `policy`, `procedure` and `due` let one run share what it already worked out; `fresh` as
    in `_add_steps`.
    """
    policy = policy_in_force() if policy is None else policy
    annex = annex_tasks_for(level, on=on, measures=list(measures), policy=policy)
    deadline = _task_deadline(level, on, policy=policy, procedure=procedure)
    due = due or _deadlines(start)
    have: set[int] = set()
    if not fresh:
        have = set(CaseTask.objects.filter(case=case).order_by().values_list("number", flat=True))
    rows = []
    for task in annex.tasks:
        if task["number"] in have:
            continue
        have.add(task["number"])
        task_due, provisional = due(deadline)
        row = CaseTask(
            case=case,
            number=task["number"],
            category_name=task["category_name"],
            content=task["content"],
            lead=task["lead"],
            lead_name=task["lead_name"],
            cooperating=list(task["cooperating"]),
            cooperating_names=task["cooperating_names"],
            leader_role=task["leader_role"],
            leader_role_name=task["leader_role_name"],
            clause=task["clause"],
            why=task["why"],
            opened_at=start,
            due_at=task_due,
            due_provisional=provisional,
        )
        # why no unique/constraint validation: as in _add_steps; task_once_per_case guards.
        row.full_clean(exclude=["case"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    CaseTask.objects.bulk_create(rows)
    return [row.number for row in rows]


def _add_level(
    case: ResponseCase, *, level: int, on: dt.date, at: dt.datetime, fresh=False, started=""
) -> tuple[list[str], list[int]]:
    """The level's steps and annex tasks, with the policy read and each deadline worked out once."""
    policy = policy_in_force()
    procedure = response_procedure(level, on=on, policy=policy)
    due = _deadlines(at)
    steps = _add_steps(
        case, level=level, procedure=procedure, start=at, due=due, fresh=fresh, started=started
    )
    tasks = _add_tasks(
        case, level=level, on=on, start=at, policy=policy, procedure=procedure, due=due, fresh=fresh
    )
    return steps, tasks


def case_open_for_alert(*, alert_id: int, level: int, at: dt.datetime) -> ResponseCase | None:
    """Queue side of ADR 0045: open or escalate the case of a committed alert to `level`.

    Run by `response.tasks.case_open` after the report's transaction commits (and by the sweep
    `cases_catch_up`). Idempotent: the alert row lock serialises runs for one alert, the
    OneToOne on ResponseCase.alert allows one case per alert, and steps/tasks are unique per
    (case, level, key) / (case, number), so a repeated or late run adds nothing twice.
    `at` is when the alert was raised or escalated, so deadlines run from the report, not the queue.
    """
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update()
            .select_related("enterprise")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None:
            return None
        return case_open_or_escalate(alert=alert, at=at, level=level)


def cases_catch_up(*, at: dt.datetime) -> int:
    """Sweep: open alerts whose case is missing or below the alert's level (a lost queue entry)."""
    from django.db.models import F, Q

    behind = Alert.objects.filter(status__in=Alert.OPEN).filter(
        Q(case__isnull=True) | Q(case__level__gt=F("level"))
    )
    done = 0
    for alert_id, level, opened_at, updated_at, has_case in behind.values_list(
        "pk", "level", "opened_at", "updated_at", "case__pk"
    ):
        case_open_for_alert(
            alert_id=alert_id, level=level, at=updated_at if has_case else opened_at
        )
        done += 1
    return done


def case_open_or_escalate(
    *, alert: Alert, at: dt.datetime, level: int | None = None
) -> ResponseCase:
    """Open the alert's case with its level's steps and tasks, or add a higher level's.

    Since ADR 0045 called from the queue after the alert's transaction committed
    (`case_open_for_alert`), with the alert row locked; `level` is the level the alert had when
    the task was enqueued (default: its level now). plan S5.1–S5.3, annex.
    """
    level = alert.level if level is None else level
    on = local_day(alert.opened_at)
    case = ResponseCase.objects.select_for_update().filter(alert=alert).first()
    if case is None:
        case = ResponseCase(
            alert=alert, level=level, opened_at=at, policy_version=alert.policy_version
        )
        case.full_clean(exclude=["alert"])
        case.save()
        # the alert may have moved on before the queue ran (ADR 0045): catch the case up with it
        started = ""
        if alert.status in (Alert.Status.RESPONDING, Alert.Status.UNDER_CONTROL):
            started = "响应已在处置开启前启动"
        steps, tasks = _add_level(case, level=level, on=on, at=at, fresh=True, started=started)
        _event(
            case=case,
            kind="opened",
            at=at,
            summary=f"{alert.enterprise.name} 启动{level}级预警处置：{len(steps)} 个步骤，任务分解表第 {'、'.join(map(str, tasks)) or '—'} 项",
            data={"level": level, "steps": steps, "tasks": tasks},
        )
        if alert.status == Alert.Status.LIFTED:
            _close(case, actor=None, at=at)
        return case
    if level >= case.level:
        return case
    old = case.level
    # why conditional: the level only rises, and only one run moves it (ADR 0045: a repeated task
    # finds nothing to update and adds no steps twice; the unique constraints back this up)
    if not ResponseCase.objects.filter(pk=case.pk, level__gt=level).update(level=level):
        return case
    case.level = level  # why not refresh_from_db: the row is locked above and only level moved
    # the response is already running: the higher level's “启动预警响应” is met at once
    started = "响应已在进行中，按新等级继续处置" if alert.status == Alert.Status.RESPONDING else ""
    steps, tasks = _add_level(case, level=level, on=on, at=at, started=started)
    _event(
        case=case,
        kind="escalated",
        at=at,
        summary=f"处置由{old}级升为{level}级：新增 {len(steps)} 个步骤"
        + (f"，任务分解表第 {'、'.join(map(str, tasks))} 项" if tasks else ""),
        data={"from": old, "to": level, "steps": steps, "tasks": tasks},
    )
    return case


def case_on_alert_status(
    *, alert: Alert, actor, at: dt.datetime, unfinished_reasons: Mapping[str, str] | None = None
) -> ResponseCase | None:
    """Follow the alert: responding completes “启动预警响应”; lifted closes the case (plan S5),
    recording why each step or task still open stays undone (`unfinished_reasons`, ADR 0053)."""
    case = ResponseCase.objects.select_for_update().filter(alert=alert).first()
    if case is None:
        return None
    if alert.status == Alert.Status.RESPONDING:
        started = CaseStep.objects.filter(case=case, key="start_response", done_at__isnull=True)
        if started.update(done_at=at, done_by=actor):
            _event(case=case, kind="step", at=at, actor=actor, summary="已启动预警响应")
    if alert.status == Alert.Status.LIFTED and case.is_open:
        _close(case, actor=actor, at=at, reasons=unfinished_reasons)
    return case


# a case opened by the queue after its alert was already lifted (ADR 0045) closes at once: nobody
# could work on it in the system, and nobody was asked at the lifting
OPENED_AFTER_LIFTING = "预警在处置开启前已解除，此项未在系统中办理"


def case_closure_check(
    *, alert: Alert, reasons: Mapping[str, str]
) -> list[tuple[UnfinishedItem, str]]:
    """ADR 0053: what lifting the alert (closing its case) needs: every step and annex task not
    done has a reason from the person closing it, and the steps the lifting rule requires done —
    plan S5.3 “区党委、政府和市人力社保局按规定报市委、市政府”, the onward report of a level-1
    alert — are done; no reason waives those. `reasons` maps an item's key ("step-<pk>",
    "task-<pk>", `selectors.case_unfinished_items`) to its reason.

    Raises ValidationError naming each item missing; returns the open items with their reasons.
    """
    case = ResponseCase.objects.filter(alert=alert).select_related("alert").first()
    if case is None or not case.is_open:
        return []
    items = case_unfinished_items(case)
    problems = []
    required = [i for i in items if i.required]
    if required:
        bodies = "、".join(i.detail for i in required if i.detail)
        problems.append(
            f"{alert.get_level_display()}解除前须完成{'、'.join(i.label for i in required)}"
            "（预案五（三）），不能以说明未完成原因代替"
            + (f"：请先在该步骤中登记向{bodies}的报送记录" if bodies else "")
        )
    missing = [i for i in items if not i.required and not (reasons.get(i.key) or "").strip()]
    if missing:
        problems.append(
            f"尚有 {len(missing)} 项未办结，请逐项办结或填写未完成原因："
            + "；".join(i.label for i in missing)
        )
    if problems:
        raise ValidationError({"unfinished": problems})
    return [(i, reasons[i.key].strip()) for i in items]


def _close(
    case: ResponseCase, *, actor, at: dt.datetime, reasons: Mapping[str, str] | None = None
) -> None:
    if actor is None:
        pairs = [(i, OPENED_AFTER_LIFTING) for i in case_unfinished_items(case)]
    else:
        # the callers (alert_lift, lift_request_decide) checked already; this keeps any other
        # path that closes a case from closing it with work undone and unexplained
        pairs = case_closure_check(alert=case.alert, reasons=reasons or {})
    moved = ResponseCase.objects.filter(pk=case.pk, status=ResponseCase.Status.OPEN).update(
        status=ResponseCase.Status.CLOSED, closed_at=at
    )
    if not moved:
        return
    case.refresh_from_db()
    real = actor if getattr(actor, "is_authenticated", False) else None
    for item, reason in pairs:
        model = CaseStep if item.kind == "step" else CaseTask
        # why conditional: an item completed since it was read keeps no reason
        if model.objects.filter(pk=item.pk, done_at__isnull=True).update(
            unfinished_reason=reason, unfinished_reason_by=real, unfinished_reason_at=at
        ):
            _event(
                case=case,
                kind="unfinished",
                at=at,
                actor=actor,
                summary=f"结案时未办结：{item.label}。原因：{reason}",
                data={"item": item.key, "reason": reason},
            )
    # plan S6.2: the written report is due counted from the closure
    for step in case.steps.filter(done_at__isnull=True):
        if step.from_closure:
            step.due_at, step.due_provisional = due_at(step.deadline, start=at)
            step.save(update_fields=["due_at", "due_provisional"])
    content = written_report_sections(on=local_day(at), policy=policy_in_force())
    enterprise = case.alert.enterprise
    report = WrittenReport(
        case=case,
        title=f"关于{enterprise.name}规模性裁员风险处置情况的报告",
        recipient=RECIPIENT,
        issuing_unit=ISSUING_UNIT,
        report_date=local_day(at),
        sections=draft_sections(case, content.sections),
        policy_version=content.version,
        updated_at=at,
    )
    report.full_clean(exclude=["case", "updated_by", "signed_by"])
    report.save()
    _event(
        case=case,
        kind="closed",
        at=at,
        actor=actor,
        summary="预警解除，处置结案；已生成书面报告草稿，待修改和签发后报送市人力社保局",
    )


# ------------------------------------------------------------------ steps


@guarded("办结处置步骤", subject=lambda kw: kw["step"])
def step_complete(
    *, step: CaseStep, actor, note: str = "", attachment=None, at: dt.datetime
) -> CaseStep:
    step = CaseStep.objects.select_for_update().select_related("case").get(pk=step.pk)
    _require_open(step.case, closure_ok=step.from_closure)
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
    _event(
        case=step.case,
        kind="step",
        at=at,
        actor=actor,
        summary=f"办结：{step.title}" + ("（逾期）" if late else ""),
        data={"step": step.pk, "late": late, "note": step.note},
    )
    return step


# ------------------------------------------------------------------ filings and reports out

STEP_FILING_KIND = {
    "report": Filing.Kind.ALERT_REPORT,
    "filing": Filing.Kind.PLAN_FILING,
    "escalate": Filing.Kind.ONWARD_REPORT,
    "written_report": Filing.Kind.WRITTEN_REPORT,
}


def _body_name(case: ResponseCase, code: str) -> str:
    for step in case.steps.all():
        for c, n in zip(step.notify, step.notify_names, strict=False):
            if c == code:
                return n
    return code


@guarded("登记报送记录", subject=lambda kw: kw["step"].case)
def filing_record(
    *,
    step: CaseStep,
    actor,
    recipient: str,
    channel: str,
    sent_at: dt.datetime,
    document_title: str = "",
    document=None,
    at: dt.datetime,
) -> Filing:
    """Record a report or filing sent out for `step` (plan S5.1–S5.3, S6.2); late if past due."""
    step = CaseStep.objects.select_for_update().select_related("case").get(pk=step.pk)
    case = step.case
    _require_open(case, closure_ok=step.from_closure)
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以登记报送记录")
    if recipient not in step.external_bodies:
        raise ValidationError(
            {"recipient": f"该步骤的报送对象为：{'、'.join(step.notify_names) or '无'}"}
        )
    if channel not in Channel.values:
        raise ValidationError({"channel": "请选择报送方式"})
    if sent_at > at + dt.timedelta(minutes=5):
        raise ValidationError({"sent_at": "报送时间不能晚于现在"})
    if step.from_closure and case.is_open:
        raise ValidationError({"step": "书面报告在处置结束后报送"})
    if step.key == "written_report":
        report = getattr(case, "written_report", None)
        if report is None or report.status != WrittenReport.Status.SIGNED:
            raise ValidationError({"step": "书面报告须经局领导签发后方可报送"})
    filing = Filing(
        case=case,
        step=step,
        kind=STEP_FILING_KIND.get(step.key, Filing.Kind.OTHER),
        recipient=recipient,
        recipient_name=_body_name(case, recipient),
        sent_at=sent_at,
        channel=channel,
        document_title=(document_title or "").strip() or step.document_name,
        due_at=step.due_at,
        late=step.due_at is not None and sent_at > step.due_at,
        recorded_by=actor,
        recorded_at=at,
    )
    if document:
        filing.document = document
    filing.full_clean(exclude=["case", "step", "recorded_by"])
    filing.save()
    _event(
        case=case,
        kind="filing",
        at=at,
        actor=actor,
        obj=filing,
        summary=f"{filing.get_kind_display()}：{local_datetime(sent_at):%Y-%m-%d %H:%M} 以{filing.get_channel_display()}报送{filing.recipient_name}（{filing.document_title}）"
        + ("，逾期" if filing.late else ""),
        data={"filing": filing.pk, "late": filing.late},
    )
    sent = set(step.filings.values_list("recipient", flat=True))
    if step.done_at is None and set(step.external_bodies) <= sent:
        # why conditional: two filings recorded at once must complete the step only once
        CaseStep.objects.filter(pk=step.pk, done_at__isnull=True).update(
            done_at=max(step.filings.values_list("sent_at", flat=True)), done_by=actor
        )
        _event(case=case, kind="step", at=at, actor=actor, summary=f"办结：{step.title}")
    return filing


def _body_names(on: dt.date) -> dict[str, str]:
    return dict(policy_in_force().at(on)["response"]["bodies"] or {})


FREE_FILING_KINDS = {Filing.Kind.OTHER, Filing.Kind.MAJOR_PROBLEM}


@guarded("登记报送记录", subject=lambda kw: kw["case"])
def filing_record_other(
    *,
    case: ResponseCase,
    actor,
    kind: str,
    recipient: str,
    channel: str,
    sent_at: dt.datetime,
    document_title: str = "",
    document=None,
    problem: MajorProblem | None = None,
    at: dt.datetime,
) -> Filing:
    """A filing not tied to a procedure step (plan S6.2 “加强情况报告”): another report to a body
    outside the bureau, or the short report of a major problem sent on (“实时报送”)."""
    case = ResponseCase.objects.select_for_update().get(pk=case.pk)
    _require_open(case)
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以登记报送记录")
    if kind not in FREE_FILING_KINDS:
        raise ValidationError(
            {
                "kind": "预案规定的报告和备案请在对应的处置步骤中登记；此处只登记其他报送和重大问题报送"
            }
        )
    if recipient not in EXTERNAL_BODIES:
        raise ValidationError(
            {"recipient": "请选择报送对象（区委、区政府、市人力社保局、市委、市政府）"}
        )
    if channel not in Channel.values:
        raise ValidationError({"channel": "请选择报送方式"})
    if sent_at > at + dt.timedelta(minutes=5):
        raise ValidationError({"sent_at": "报送时间不能晚于现在"})
    title = (document_title or "").strip()
    if kind == Filing.Kind.MAJOR_PROBLEM:
        if problem is None or problem.case_id != case.pk:
            raise ValidationError({"problem": "请选择本处置中报告的重大问题"})
        if sent_at < problem.at - dt.timedelta(minutes=5):
            raise ValidationError({"sent_at": "报送时间不能早于发现问题的时间"})
        title = title or f"关于{problem.summary}的简要报告"
    elif not title:
        raise ValidationError({"document_title": "请填写报送文书的标题或文号"})
    filing = Filing(
        case=case,
        step=None,
        kind=kind,
        recipient=recipient,
        recipient_name=_body_names(local_day(at)).get(recipient, recipient),
        sent_at=sent_at,
        channel=channel,
        document_title=title[:200],
        due_at=None,
        late=False,
        recorded_by=actor,
        recorded_at=at,
    )
    if document:
        filing.document = document
    filing.full_clean(exclude=["case", "step", "recorded_by"])
    filing.save()
    _event(
        case=case,
        kind="filing",
        at=at,
        actor=actor,
        obj=filing,
        summary=f"{filing.get_kind_display()}：{local_datetime(sent_at):%Y-%m-%d %H:%M} 以{filing.get_channel_display()}报送{filing.recipient_name}（{filing.document_title}）",
        data={"filing": filing.pk, "problem": problem.pk if problem else None},
    )
    return filing


# ------------------------------------------------------------------ annex tasks


@guarded("选用处置措施", subject=lambda kw: kw["case"])
def case_measures_choose(*, case: ResponseCase, measures, actor, at: dt.datetime) -> list[int]:
    """Annex: a measure chosen during the response opens the tasks it needs even when the
    warning's level alone would not (annex_tasks.yaml › opens_for_measures). Task force only."""
    case = ResponseCase.objects.select_for_update().get(pk=case.pk)
    _require_open(case)
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
    added = _add_tasks(case, level=case.level, on=on, start=at, measures=measures)
    if not added:
        opened = sorted(
            t["number"] for t in annex.tasks if set(t["opens_for_measures"]) & set(measures)
        )
        raise ValidationError(
            {
                "measures": f"选用“{names}”需要的任务已经启动（任务分解表第 {'、'.join(map(str, opened))} 项），没有新增任务"
            }
        )
    _event(
        case=case,
        kind="measures",
        at=at,
        actor=actor,
        summary=f"选用处置措施：{names}；启动任务分解表第 {'、'.join(map(str, added))} 项",
        data={"measures": measures, "tasks": added},
    )
    return added


@guarded("调整任务时限", subject=lambda kw: kw["task"])
def task_due_set(
    *, task: CaseTask, due_at: dt.datetime, reason: str, actor, at: dt.datetime
) -> CaseTask:
    """The task force moves an annex task's deadline, with a reason; audited before → after."""
    task = CaseTask.objects.select_for_update().select_related("case").get(pk=task.pk)
    _require_open(task.case)
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
    _event(
        case=task.case,
        kind="task_due",
        at=at,
        actor=actor,
        obj=task,
        summary=f"调整任务分解表第{task.number}项（{task.lead_name}）时限：{old} → {new}（{reason}）",
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
    _require_open(task.case)
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
    _event(
        case=task.case,
        kind="task",
        at=at,
        actor=actor,
        obj=task,
        summary=f"{task.lead_name}办结任务分解表第{task.number}项：{note}"
        + ("（逾期）" if task.due_at and at > task.due_at else ""),
        data={"task": task.number},
    )
    return task


@guarded("填写任务进展", subject=lambda kw: kw["task"])
def task_note_add(
    *, task: CaseTask, actor, text: str, attachment=None, at: dt.datetime
) -> TaskNote:
    task = CaseTask.objects.select_related("case").get(pk=task.pk)
    _require_open(task.case)
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
    _event(
        case=task.case,
        kind="note",
        at=at,
        actor=actor,
        obj=note,
        summary=f"第{task.number}项任务进展：{text[:200]}" + ("（附件）" if attachment else ""),
    )
    return note


# ------------------------------------------------------------------ major problems (S6.2)


@guarded("报告重大问题", subject=lambda kw: kw["case"])
def problem_report(
    *, case: ResponseCase, actor, summary: str, details: str, at: dt.datetime
) -> MajorProblem:
    case = ResponseCase.objects.select_related("alert__enterprise").get(pk=case.pk)
    _require_open(case)
    if not can_work_on(actor, case):
        raise PermissionDenied("您不是该处置的参与人员，不能报告重大问题")
    summary, details = (summary or "").strip(), (details or "").strip()
    if not summary or not details:
        raise ValidationError({"summary": "请填写问题概要和详细情况"})
    problem = MajorProblem(
        case=case,
        at=at,
        reported_by=actor,
        summary=summary[:200],
        details=details,
        short_report=short_report_text(case=case, summary=summary, details=details, at=at),
    )
    problem.full_clean(exclude=["case", "reported_by"])
    problem.save()
    _event(
        case=case,
        kind="problem",
        at=at,
        actor=actor,
        obj=problem,
        summary=f"重大问题：{summary}（已生成简要报告，实时报送）",
    )
    # plan S6.2 “实时报送”: the leadership and the task force are told at once
    people = User.objects.filter(is_active=True, role=Role.LEADER) | User.objects.filter(
        is_active=True, role=Role.SECTION_STAFF, section__code=TASK_FORCE_SECTION
    )
    send(
        users=people,
        title=f"重大问题：{case.alert.enterprise.name} {summary}",
        body=problem.short_report,
        link=case_link(case),
        kind="major_problem",
        at=at,
    )
    return problem


# ------------------------------------------------------------------ written report (S6.2)


@guarded("修改书面报告", subject=lambda kw: kw["report"])
def written_report_update(
    *, report: WrittenReport, actor, title: str = "", sections: dict, at: dt.datetime
) -> WrittenReport:
    report = WrittenReport.objects.select_for_update().get(pk=report.pk)
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以修改书面报告")
    if report.status != WrittenReport.Status.DRAFT:
        raise ValidationError({"report": "书面报告已签发，不能再修改"})
    rows = []
    for row in report.sections:
        text = (sections.get(row["key"], row["text"]) or "").strip()
        if not text:
            raise ValidationError({row["key"]: f"“{row['title']}”不能为空（预案六（二））"})
        rows.append({**row, "text": text})
    before = {"title": report.title, "sections": report.sections}
    report.title = (title or report.title).strip()[:200]
    report.sections, report.updated_at, report.updated_by = rows, at, actor
    report.save(update_fields=["title", "sections", "updated_at", "updated_by"])
    _event(
        case=report.case,
        kind="report_edit",
        at=at,
        actor=actor,
        obj=report,
        summary="修改书面报告",
        data={"before_title": before["title"]},
    )
    return report


@guarded("签发书面报告", subject=lambda kw: kw["report"])
def written_report_sign(*, report: WrittenReport, actor, at: dt.datetime) -> WrittenReport:
    if not has_role(actor, Role.LEADER):
        raise PermissionDenied("书面报告须由局领导签发")
    report = WrittenReport.objects.select_for_update().get(pk=report.pk)
    if report.status != WrittenReport.Status.DRAFT:
        raise ValidationError({"report": "书面报告已签发"})
    # plan S6.2, ADR 0054: the report states only what the record or the task force says; a fact
    # still 待填写 keeps it unsigned
    missing = missing_facts(title=report.title, sections=report.sections)
    if missing:
        by_section: dict[str, list[str]] = {}
        for section, fact in missing:
            by_section.setdefault(section, []).append(f"“{fact}”")
        raise ValidationError(
            {
                "report": f"书面报告还有 {len(missing)} 处“{TO_FILL}”，不能签发："
                + "；".join(f"{name}：{'、'.join(facts)}" for name, facts in by_section.items())
                + "。请工作专班修改书面报告、填入实际情况后再签发"
            }
        )
    # why conditional: it is signed once, by whoever signs first. The report is dated the day it
    # is signed (GB/T 9704-2012 7.3.5: 成文日期 is the day the head of the issuing body signs)
    signed = WrittenReport.objects.filter(pk=report.pk, status=WrittenReport.Status.DRAFT).update(
        status=WrittenReport.Status.SIGNED, signed_at=at, signed_by=actor, report_date=local_day(at)
    )
    if not signed:
        raise ValidationError({"report": "书面报告已签发"})
    report.refresh_from_db()
    _event(
        case=report.case,
        kind="report_signed",
        at=at,
        actor=actor,
        obj=report,
        summary="局领导签发书面报告，可报送市人力社保局",
    )
    return report


# ------------------------------------------------------------------ daily escalation


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
        who = f"{SECTION_NAMES.get(section, section)}负责人"
    elif item.escalation == 1 and local_day(item.escalated_at) < local_day(at):
        rung = 2
        people = responsible_leaders(item.leader_role if kind == "task" else None)
        who = item.leader_role_name if kind == "task" else "局领导"
    else:
        return False
    # why conditional: two runs of the job (two workers) must escalate each rung once
    moved = model.objects.filter(
        pk=item.pk, escalation=item.escalation, done_at__isnull=True
    ).update(escalation=rung, escalated_at=at)
    if not moved:
        return False
    case = item.case
    what = f"任务分解表第{item.number}项（{item.lead_name}牵头）" if kind == "task" else item.title
    title = f"逾期催办：{case.alert.enterprise.name} {what}"
    send(
        users=people,
        title=title,
        body=f"时限 {local_datetime(item.due_at):%Y-%m-%d %H:%M}，尚未办结",
        link=case_link(case),
        kind="overdue",
        at=at,
    )
    _event(
        case=case,
        kind="escalation",
        at=at,
        summary=f"{title}：已提醒{who}",
        data={kind: item.pk, "rung": rung},
    )
    return True


def overdue_escalate(*, at: dt.datetime) -> dict:
    """The daily job: each overdue step or task goes up one rung per day.

    1. Overdue and never escalated: tell the owning section's head (rung 1).
    2. Still overdue on a later day: tell the responsible leader (rung 2).
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
    return counts


def alerts_export(*, actor, alerts, filters: dict, request=None) -> bytes:
    """The filtered alert list as XLSX, with each alert's overdue case items; the export itself
    is audited (who, which filters, how many)."""
    rows = [(a, overdue_count(a)) for a in alerts]
    data = alerts_xlsx(rows)
    audit_record(
        action="export",
        actor=actor,
        object_type="alerts.alert",
        summary=f"导出预警清单 {len(rows)} 条",
        after={"filters": {k: v for k, v in filters.items() if v}, "rows": len(rows)},
        request=request,
    )
    return data
