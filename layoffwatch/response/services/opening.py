"""Opening and escalating a case with its alert (plan S5.1–S5.3, ADR 0045): on the queue after
the report commits, the sweep that catches up a lost queue entry, and following the alert's
status (ADR 0088: registered in `response.apps`)."""

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_noop as N_

from layoffwatch.alerts.models import Alert
from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import recorded

from ..models import CaseStep, ResponseCase
from .closure import close_case
from .common import case_event
from .procedure import add_level


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
        steps, tasks = add_level(case, level=level, on=on, at=at, fresh=True, started=started)
        case_event(
            case=case,
            kind="opened",
            at=at,
            summary=recorded(
                N_(
                    "%(enterprise)s 启动%(level)s级预警处置：%(steps)s 个步骤，任务分解表第 %(tasks)s 项"
                ),
                enterprise=alert.enterprise.name,
                level=level,
                steps=len(steps),
                tasks=list(tasks) or "—",
            ),
            data={"level": level, "steps": steps, "tasks": tasks},
        )
        if alert.status == Alert.Status.LIFTED:
            close_case(case, actor=None, at=at)
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
    steps, tasks = add_level(case, level=level, on=on, at=at, started=started)
    case_event(
        case=case,
        kind="escalated",
        at=at,
        summary=recorded(
            N_("处置由%(old)s级升为%(new)s级：新增 %(steps)s 个步骤，任务分解表第 %(tasks)s 项")
            if tasks
            else N_("处置由%(old)s级升为%(new)s级：新增 %(steps)s 个步骤"),
            old=old,
            new=level,
            steps=len(steps),
            **({"tasks": list(tasks)} if tasks else {}),
        ),
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
            case_event(
                case=case, kind="step", at=at, actor=actor, summary=recorded(N_("已启动预警响应"))
            )
    if alert.status == Alert.Status.LIFTED and case.is_open:
        close_case(case, actor=actor, at=at, reasons=unfinished_reasons)
    return case
