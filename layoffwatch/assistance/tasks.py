"""Periodic jobs of assistance (Huey; ADR 0003)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import follow_up_reminders


@db_periodic_task(crontab(hour="1", minute="30"))  # 09:30 Asia/Shanghai (Huey runs in UTC)
def remind_follow_ups_daily() -> int:
    """Every morning: advisers of open 一人一策 plans due for a follow-up get a reminder."""
    return follow_up_reminders(at=timezone.now())
