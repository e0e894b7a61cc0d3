"""Queue side of the analysis (Huey, ADR 0003): the forecasts (plan S3.1.3 预测, ADR 0105) and the
enterprise risk ranking's training (plan S2.3, ADR 0106), each monthly and on demand. Each run is
an `AnalysisJob` (analysis.jobs): the page that asked for it shows it queued, running, or failed
and why, until its run is kept."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from layoffwatch.monitoring import lake

from . import jobs, risk
from .models import AnalysisJob
from .services import forecast_make

Kind = AnalysisJob.Kind


def _jobs() -> int:
    """One process: the queue's worker runs tasks in threads, and statsforecast's process pool
    forks from that thread — in a walk of the demo the third run's forked children crashed
    (BrokenProcessPool) and every run after it failed. The command (`layoffwatch forecast
    --jobs`), a process of its own, may use more (ADR 0105)."""
    return 1


def _monthly(kind: str, period: str = "") -> tuple[AnalysisJob | None, str]:
    """The monthly run, recorded as the system's job and started at once; (None, why) when one
    of the same kind (and month) waits already: that one does the work."""
    try:
        job = jobs.job_request(kind=kind, period=period, at=timezone.now(), enqueue=False)
    except ValidationError as exc:
        return None, "；".join(exc.messages)
    return jobs.job_start(job.pk), ""


def _forecast(job: AnalysisJob) -> int | None:
    def make():
        return forecast_make(job.period, actor=job.requested_by, at=timezone.now(), jobs=_jobs())

    try:
        return jobs.job_run(job, make).pk
    except ValidationError:  # refused (no feed for the month…): said on the job, audited
        return None


@db_task()
def forecast_on_demand(job_id: int) -> int | None:
    """1. staff (or the demo) asked for the forecasts after the job's month; 2. make and keep
    them; 3. the month page shows the newest run, or the job while it waits or if it failed."""
    job = jobs.job_start(job_id)
    return _forecast(job) if job else None


@db_periodic_task(crontab(day="6", hour="19", minute="0"))  # the 7th, 03:00 Asia/Shanghai (UTC)
def forecast_monthly() -> int | None:
    """Every month, after the month's feeds are in: the forecasts after the newest
    social-insurance month held."""
    held = lake.lake_periods("social_insurance")
    if not held:
        return None
    job, _busy = _monthly(Kind.FORECAST, max(held))
    return _forecast(job) if job else None


def _train(job: AnalysisJob | None, busy: str = "") -> dict:
    """1. check there is enough history; 2. train and back-test; 3. store the model and its ranking.
    Too little history is a result, not an error: the job fails with the reason, which the page
    shows."""
    if job is None:
        return {"trained": False, "reason": busy}
    try:
        model = jobs.job_run(job, lambda: risk.train(requested_by=job.requested_by))
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
    return _train(*_monthly(Kind.RISK))


@db_task()
def risk_train_on_demand(job_id: int) -> dict:
    """1. staff (or the demo) asked for a new model; 2. train it as the monthly run does; 3. the
    ranking page shows it, or the job while it waits or if it failed."""
    job = jobs.job_start(job_id)
    return _train(job, "") if job else {"trained": False, "reason": ""}
