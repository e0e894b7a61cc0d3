"""Jobs of the response stage (Huey; ADR 0003, ADR 0045)."""

import datetime as dt
import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from layoffwatch.alerts.models import Alert

from .services import case_open_for_alert, cases_catch_up, overdue_escalate

log = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=10)
def case_open(alert_id: int, level: int, at) -> int | None:
    """ADR 0045: open or escalate the alert's case after the report committed (idempotent)."""
    case = case_open_for_alert(alert_id=alert_id, level=level, at=at)
    return case.pk if case else None


def case_open_enqueue(alert_id: int, level: int, at) -> None:
    """on_commit callback of `case_open_on_commit`: hand the case to the queue; never fail the
    request."""
    try:
        case_open(alert_id, level, at)
    except Exception:  # why: the report and alert are committed; the sweep opens the case later
        log.exception("could not enqueue case opening of alert %s; the sweep will", alert_id)


def case_open_on_commit(*, alert: Alert, at: dt.datetime) -> None:
    """ADR 0045, 0088 (`alerts.hooks.on_alert_raised_or_escalated`): the response case (steps,
    annex tasks, deadlines) opens after the report's transaction commits, through the queue; the
    alert and its in-app notifications commit with the report. The task is idempotent and a
    periodic sweep catches up a lost queue entry."""
    transaction.on_commit(partial(case_open_enqueue, alert.pk, alert.level, at), robust=True)


@db_periodic_task(crontab(minute="*/5"))
def catch_up_cases() -> int:
    """Every five minutes: open alerts whose case was lost on the way (queue down)."""
    return cases_catch_up(at=timezone.now())


@db_periodic_task(crontab(hour="1", minute="0"))  # 09:00 Asia/Shanghai (Huey runs in UTC)
def escalate_overdue_daily() -> dict:
    """Every morning: overdue steps and tasks go to the section head, then the leader."""
    return overdue_escalate(at=timezone.now())
