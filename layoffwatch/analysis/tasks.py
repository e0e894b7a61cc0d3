"""The analysis app's queue jobs: the enterprise risk ranking's monthly retraining and the one a
staff member asks for (plan S2.3, S3.1.3 预测; ADR 0106)."""

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from layoffwatch.accounts.models import User

from . import risk


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
    """Monthly, after the month's feeds are in (the 15th) and detection ran on them."""
    close_old_connections()
    return _train()


@db_task()
def risk_train_on_demand(user_id: int) -> dict:
    return _train(User.objects.filter(pk=user_id).first())
