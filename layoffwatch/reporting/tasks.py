"""Periodic jobs of direct reporting (Huey, ADR 0003). Worker: `layoffwatch run_huey`."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import reminders_send


@db_periodic_task(crontab(hour="1", minute="5"))  # 09:05 Asia/Shanghai (Huey runs in UTC)
def monthly_reminders_daily() -> str:
    """Every morning: once the due day has passed, remind who has not reported last month.

    Runs daily so that a day the queue was down is caught up the next morning; the ReminderRun
    row makes the second and later runs of a month do nothing.
    """
    run = reminders_send(at=timezone.now())
    return f"{run.period}: {run.overdue}" if run else "nothing due"
