"""Periodic jobs of the response stage (Huey; ADR 0003)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import overdue_escalate


@db_periodic_task(crontab(hour="1", minute="0"))  # 09:00 Asia/Shanghai (Huey runs in UTC)
def escalate_overdue_daily() -> dict:
    """Every morning: overdue steps and tasks go to the section head, then the leader."""
    return overdue_escalate(at=timezone.now())
