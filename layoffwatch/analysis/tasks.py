"""Queue side of the analysis (Huey, ADR 0003): the forecasts, monthly and on demand (plan S3.1.3
预测, ADR 0105)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from layoffwatch.monitoring import lake

from .services import forecast_make


def _jobs() -> int:
    import os

    return max(1, min(2, os.cpu_count() or 1))


@db_task()
def forecast_on_demand(period: str, user_id: int | None = None) -> int:
    """1. staff asked for the forecasts after `period`; 2. make and keep them; 3. the month page
    shows the newest run."""
    from layoffwatch.accounts.models import User

    actor = User.objects.get(pk=user_id) if user_id else None
    return forecast_make(period, actor=actor, at=timezone.now(), jobs=_jobs()).pk


@db_periodic_task(crontab(day="6", hour="19", minute="0"))  # the 7th, 03:00 Asia/Shanghai (UTC)
def forecast_monthly() -> int | None:
    """Every month, after the month's feeds are in: the forecasts after the newest
    social-insurance month held."""
    held = lake.lake_periods("social_insurance")
    if not held:
        return None
    return forecast_make(max(held), at=timezone.now(), jobs=_jobs()).pk
