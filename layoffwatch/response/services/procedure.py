"""A level's procedure on a case (plan S5.1–S5.3, annex): its steps and annex tasks with their
deadlines in working days (`response.deadlines`), added once each."""

import datetime as dt
import json
from collections.abc import Callable

from layoffwatch.policy.rules import annex_tasks_for, response_procedure
from layoffwatch.policy.selectors import policy_in_force

from ..deadlines import due_at
from ..models import CaseStep, CaseTask, ResponseCase

# a deadline rule → (due time, provisional?), as `response.deadlines.due_at` works it out
Due = Callable[[dict | None], tuple[dt.datetime | None, bool]]

# why bulk (ADR 0045): opening a case ran an .exists(), a full_clean() and an INSERT per step and
# per annex task (50+ queries), and the one queue worker that opens cases shares the cores with
# the web workers. A run now reads what the case already has once, then inserts one batch per table.


def _deadlines(start: dt.datetime) -> Due:
    """`due_at` for one run, each distinct rule worked out once: a working-day rule reads the
    holiday table, and the plan, the filing and every annex task usually share the same rule."""
    memo: dict[str, tuple[dt.datetime | None, bool]] = {}

    def due(deadline: dict | None) -> tuple[dt.datetime | None, bool]:
        key = json.dumps(deadline, sort_keys=True)
        if key not in memo:
            memo[key] = due_at(deadline, start=start)
        return memo[key]

    return due


def _move_closure_step(moved: CaseStep, step: dict, *, level: int, order: int) -> None:
    """The case's one step counted from closure becomes the new level's (see `_add_steps`)."""
    moved.level, moved.order, moved.deadline = level, order, step["deadline"]
    for field in ("title", "actor", "actor_name", "notify", "notify_names", "clause"):
        setattr(moved, field, step[field])
    moved.document = step["document"] or ""
    moved.document_name = step["document_name"] or ""
    moved.deadline_text = step["deadline_text"]
    moved.save()


def _step_row(
    case: ResponseCase,
    step: dict,
    *,
    level: int,
    order: int,
    due: Due,
) -> CaseStep:
    """The unsaved row of one procedure step; a step counted from closure has no due time yet."""
    deadline = step["deadline"]
    step_due, provisional = (None, False)
    if deadline and deadline.get("from") != "closure":
        step_due, provisional = due(deadline)
    return CaseStep(
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


def _add_steps(
    case: ResponseCase,
    *,
    level: int,
    procedure,
    start: dt.datetime,
    due: Due,
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
            _move_closure_step(moved, step, level=level, order=order)
            continue
        row = _step_row(case, step, level=level, order=order, due=due)
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


def add_tasks(
    case: ResponseCase,
    *,
    level: int,
    on: dt.date,
    start: dt.datetime,
    measures=(),
    policy=None,
    procedure=None,
    due: Due | None = None,
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


def add_level(
    case: ResponseCase, *, level: int, on: dt.date, at: dt.datetime, fresh=False, started=""
) -> tuple[list[str], list[int]]:
    """The level's steps and annex tasks, with the policy read and each deadline worked out once."""
    policy = policy_in_force()
    procedure = response_procedure(level, on=on, policy=policy)
    due = _deadlines(at)
    steps = _add_steps(
        case, level=level, procedure=procedure, start=at, due=due, fresh=fresh, started=started
    )
    tasks = add_tasks(
        case, level=level, on=on, start=at, policy=policy, procedure=procedure, due=due, fresh=fresh
    )
    return steps, tasks
