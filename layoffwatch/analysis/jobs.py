"""The queue's analysis work as jobs a page can show (ADR 0105, 0106): the forecasts after a month
(plan S3.1.3 预测) and a new risk ranking model (plan S2.3), asked for on a page or run monthly.

Nothing a user was told was received is lost: each request is an `AnalysisJob` from the click to
its end, and its page shows it until a newer run replaces it.

1. `job_request` (the page's click, the demo, the monthly run): the job, queued on commit; one
   of the same kind (and month) queued or running already is a refusal naming when and by whom
   it was asked for (audited, nothing queued). A job still waiting STALE_AFTER after it was
   asked for (or started) is taken as lost (a worker that died with it) and marked failed, so
   that it never blocks a new request;
2. `job_start` (the worker): running; a job no longer queued (marked lost) is left alone;
3. `job_run`: the work; its run kept → done, with the run; a refusal (ValidationError, the
   ranking's RiskError: too little history) → failed, with its Chinese message; any other error
   → failed with a plain message (the traceback goes to the log only), then raised again;
4. `job_shown`: what the page says of the newest job (queued / running since / failed and why).

Every change of a job's state is audited (object type analysis.analysisjob).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, override

from layoffwatch.audit.services import audit_record, refusal_message
from layoffwatch.core.clock import local_datetime
from layoffwatch.core.recorded import Recorded, recorded, shown

from .indicators import PERIOD
from .models import AnalysisJob, ForecastRun, RiskModel
from .refusals import refusals_audited
from .risk import RiskError
from .risk_visits import can_train
from .services import can_write

log = logging.getLogger(__name__)

Kind, Status = AnalysisJob.Kind, AnalysisJob.Status
OBJECT_TYPE = "analysis.analysisjob"
# a job waiting longer than this after it was asked for (or started) is taken as lost: the
# forecasts take minutes and a training under a minute (ADR 0105, 0106)
STALE_AFTER = dt.timedelta(hours=1)
# what a refusal of the request is audited as
REQUEST = {Kind.FORECAST: "提交就业形势预测", Kind.RISK: "提交重新训练风险排序模型"}
SAID = (ValidationError, RiskError)  # refusals: their message is the job's


def _label(job: AnalysisJob) -> str:
    """The job's kind in Chinese (for the audit's summary)."""
    with override(settings.LANGUAGE_CODE):
        return str(job.get_kind_display())


def _who(job: AnalysisJob):
    """Who asked: the person, or the system (the monthly run, the demo) in the reader's words."""
    return str(job.requested_by) if job.requested_by_id else _("系统")


def _at(when: dt.datetime | None) -> str:
    return f"{local_datetime(when):%Y-%m-%d %H:%M}" if when else ""


def _waiting(kind: str, period: str) -> models.QuerySet:
    return AnalysisJob.objects.filter(kind=kind, period=period, status__in=AnalysisJob.WAITING)


def _busy(job: AnalysisJob | None) -> ValidationError:
    """The refusal of a second request while `job` waits: when and by whom it was asked for."""
    if job is None:  # a request made at the same moment, not yet visible
        return ValidationError(_("已有相同的任务在排队，完成后刷新本页即可看到结果，无需再次提交"))
    params = {"what": job.get_kind_display(), "who": _who(job), "at": _at(job.requested_at)}
    if job.status == Status.RUNNING:
        return ValidationError(
            _(
                "%(what)s正在运行（%(who)s于%(at)s提交，%(started)s开始），"
                "完成后刷新本页即可看到结果，无需再次提交"
            ),
            params=params | {"started": _at(job.started_at)},
        )
    return ValidationError(
        _("%(what)s已在排队（%(who)s于%(at)s提交），完成后刷新本页即可看到结果，无需再次提交"),
        params=params,
    )


def _check(kind: str, period: str, actor) -> None:
    if kind == Kind.FORECAST:
        if actor is not None and not can_write(actor):
            raise PermissionDenied(_("只有科室工作人员、局领导和系统管理员可以生成预测"))
        if not PERIOD.fullmatch(period or ""):
            raise ValidationError(_("月份：应为“YYYY-MM”格式，如 2026-03"))
    elif kind == Kind.RISK:
        if actor is not None and not can_train(actor):
            raise PermissionDenied(_("您的角色不能重新训练风险排序模型"))
        if period:
            raise ValidationError(_("重新训练风险排序模型不按月份提交"))
    else:
        raise ValidationError(_("没有这种分析任务"))


def job_request(
    *, kind: str, period: str = "", actor=None, at: dt.datetime, enqueue: bool = True
) -> AnalysisJob:
    """Ask the queue for `kind`'s work (the forecasts after `period`; a training: no period):
    the job, queued when the transaction commits (`enqueue` False: the caller runs it itself, as
    the monthly run does). `actor` None is the system (the monthly run, the demo). Refused, and
    nothing queued, while one of the same kind and month waits."""
    with refusals_audited(
        REQUEST.get(kind, "提交分析任务"),
        actor=actor,
        object_type=OBJECT_TYPE,
        obj=lambda: _waiting(kind, period).first(),
    ):
        _check(kind, period, actor)
        with transaction.atomic():
            _fail_lost(kind, period, at=at, actor=actor)
            busy = (
                _waiting(kind, period)
                .select_for_update(of=("self",))
                .select_related("requested_by")
            )
            if busy := busy.first():
                raise _busy(busy)
            try:
                with transaction.atomic():  # the one-waiting constraint catches a request racing
                    job = AnalysisJob.objects.create(
                        kind=kind, period=period, requested_by=actor, requested_at=at
                    )
            except IntegrityError:
                raise _busy(_waiting(kind, period).select_related("requested_by").first())
            audit_record(
                action="create",
                actor=actor,
                actor_label="" if actor is not None else "系统",
                obj=job,
                summary=f"提交{_label(job)}" + (f"（截至{period}）" if period else ""),
                after={"status": job.status, "kind": kind, "period": period},
            )
            if enqueue:
                transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: AnalysisJob) -> None:
    from . import tasks  # the queue's task module loads huey (and imports this one)

    task = tasks.forecast_on_demand if job.kind == Kind.FORECAST else tasks.risk_train_on_demand
    task(job.pk)


def _fail_lost(kind: str, period: str, *, at: dt.datetime, actor) -> None:
    """Jobs waiting longer than STALE_AFTER are taken as lost (their worker died): failed."""
    lost = recorded(
        gettext_noop("超过%(hours)s小时仍未完成，视为中断（任务队列可能已重启），请重新提交"),
        hours=int(STALE_AFTER.total_seconds() // 3600),
    )
    for job in _waiting(kind, period).select_for_update():
        if (job.started_at or job.requested_at) < at - STALE_AFTER:
            _move(job, Status.FAILED, at=at, said=lost, actor=actor)


def _move(
    job: AnalysisJob,
    status: str,
    *,
    at: dt.datetime,
    said: Recorded | None = None,
    made: ForecastRun | RiskModel | None = None,
    actor=None,
) -> None:
    """Change a job's state and audit it."""
    before = job.status
    job.status = status
    fields = ["status"]
    if status == Status.RUNNING:
        job.started_at = at
        fields.append("started_at")
    else:
        job.finished_at = at
        fields.append("finished_at")
    if said is not None:
        job.message, job.message_data = said.text[:500], said.message
        fields += ["message", "message_data"]
    if isinstance(made, ForecastRun):
        job.forecast = made
        fields.append("forecast")
    elif isinstance(made, RiskModel):
        job.risk_model = made
        fields.append("risk_model")
    job.save(update_fields=fields)
    with override(settings.LANGUAGE_CODE):
        state = str(job.get_status_display())
    audit_record(
        action="update",
        actor=actor,
        actor_label="" if actor is not None else "系统",
        obj=job,
        summary=f"{_label(job)}{state}" + (f"：{said.text}" if said is not None else ""),
        before={"status": before},
        after={"status": status} | ({"made": made.pk} if made is not None else {}),
    )


def job_start(job_id: int) -> AnalysisJob | None:
    """The worker takes the job: running. None when it is not there or no longer queued (taken
    as lost meanwhile, `_fail_lost`): the worker then does nothing."""
    with transaction.atomic():
        job = (
            AnalysisJob.objects.select_for_update(of=("self",))  # the join to a user may be empty
            .select_related("requested_by")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != Status.QUEUED:
            return None
        _move(job, Status.RUNNING, at=timezone.now())
    return job


def job_run(job: AnalysisJob, work: Callable[[], ForecastRun | RiskModel]):
    """Run a started job's work in the bureau's language: done with what it made, or failed
    with why — a refusal (SAID) with its message, any other error with a plain one (its
    traceback in the log). Either failure is raised again for the caller (the task)."""
    try:
        with override(settings.LANGUAGE_CODE):
            made = work()
    except SAID as exc:
        _move(job, Status.FAILED, at=timezone.now(), said=_refused(job, exc))
        raise
    except Exception:
        log.exception("analysis job %s (%s %s) failed", job.pk, job.kind, job.period)
        said = recorded(
            gettext_noop(
                "%(what)s出错，未能完成（错误已记入系统日志）。请稍后重新提交；再次出错请联系系统管理员"
            ),
            what=Kind(job.kind).label,  # lazy: said again in the reader's language
        )
        _move(job, Status.FAILED, at=timezone.now(), said=said)
        raise
    _move(job, Status.DONE, at=timezone.now(), made=made)
    return made


def _refused(job: AnalysisJob, exc: Exception) -> Recorded:
    """Why a refused job did not finish, kept to be said again in the reader's language."""
    reason: Recorded | str
    if isinstance(exc, ValidationError) and hasattr(exc, "message"):
        with override(settings.LANGUAGE_CODE):  # the msgid is the Chinese
            reason = recorded(str(exc.message), **(exc.params or {}))
    elif isinstance(exc, ValidationError):
        with override(settings.LANGUAGE_CODE):
            reason = refusal_message(exc)
    else:  # RiskError: its msgid and values
        reason = recorded(exc.message, **exc.params)
    return recorded(
        gettext_noop("%(what)s未完成：%(reason)s"), what=Kind(job.kind).label, reason=reason
    )


def job_shown(kind: str, period: str = "", *, newest: ForecastRun | RiskModel | None) -> dict:
    """What a page says of the newest `kind` job ({} when nothing): queued, or running since
    (and whether it has run so long it is probably lost), or failed and why — a failure only
    while no run was kept after it (`newest`: the newest run the page shows)."""
    job = AnalysisJob.objects.filter(kind=kind, period=period).select_related("requested_by")
    job = job.first()
    if job is None or job.status == Status.DONE:
        return {}
    if job.status == Status.FAILED and newest is not None and newest.made_at > job.finished_at:
        return {}
    now = timezone.now()
    return {
        "job": {
            "pk": job.pk,
            "status": job.status,
            "what": job.get_kind_display(),
            "who": _who(job),
            "requested_at": job.requested_at,
            "started_at": job.started_at,
            "finished_at": job.finished_at,
            "message": shown(job.message_data, job.message),
            "minutes": int((now - job.started_at).total_seconds() // 60) if job.started_at else 0,
            "lost": job.waiting and (job.started_at or job.requested_at) < now - STALE_AFTER,
            "hours": int(STALE_AFTER.total_seconds() // 3600),
        }
    }
