"""Periodic jobs of direct reporting (Huey, ADR 0003). Worker: `layoffwatch run_huey`."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .nonces import form_nonces_purge
from .services import reminders_send


@db_periodic_task(crontab(hour="1", minute="5"))  # 09:05 Asia/Shanghai (Huey runs in UTC)
def monthly_reminders_daily() -> str:
    """Every morning: once the due day has passed, remind who has not reported last month.

    Runs daily so that a day the queue was down is caught up the next morning; the ReminderRun
    row makes the second and later runs of a month do nothing.
    """
    run = reminders_send(at=timezone.now())
    return f"{run.period}: {run.overdue}" if run else "nothing due"


@db_periodic_task(crontab(hour="19", minute="15"))  # 03:15 Asia/Shanghai (Huey runs in UTC)
def form_nonces_purge_daily() -> str:
    """Every night: forget the public form's sent nonces that can no longer be sent (ADR 0086)."""
    return f"{form_nonces_purge(at=timezone.now())} purged"
