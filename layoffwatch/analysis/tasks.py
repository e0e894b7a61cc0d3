"""Queue side of the analysis (Huey, ADR 0003): the forecasts (plan S3.1.3 预测, ADR 0105) and the
enterprise risk ranking's training (plan S2.3, ADR 0106), each monthly and on demand."""

import os

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from layoffwatch.accounts.models import User
from layoffwatch.monitoring import lake

from . import risk
from .services import forecast_make


def _jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


@db_task()
def forecast_on_demand(period: str, user_id: int | None = None) -> int:
    """1. staff asked for the forecasts after `period`; 2. make and keep them; 3. the month page
    shows the newest run."""
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


def _train(user=None) -> dict:
    """1. check there is enough history; 2. train and back-test; 3. store the model and its ranking.
    Too little history is a result, not a failure: the page says why."""
    try:
        model = risk.train(requested_by=user)
    except risk.RiskError as e:
        return {"trained": False, "reason": str(e)}
    return {
        "trained": True,
        "model": model.pk,
        "period": model.period,
        "checks": model.metrics["checks"],
    }


@db_periodic_task(crontab(day="15", hour="19", minute="0"))  # 03:00 on the 16th in Tongnan (UTC+8)
def risk_train_monthly() -> dict:
    """Monthly, after the month's feeds are in (the 15th) and detection ran on them (the queue's
    db_periodic_task closes stale connections around it)."""
    return _train()


@db_task()
def risk_train_on_demand(user_id: int | None = None) -> dict:
    """1. staff (or the demo, with no one) asked for a new model; 2. train it as the monthly run
    does; 3. the ranking page shows it."""
    return _train(User.objects.filter(pk=user_id).first() if user_id else None)
