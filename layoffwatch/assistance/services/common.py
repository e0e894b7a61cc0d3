"""What every assistance write shares: the audit entry it leaves, the scope checks it makes
before touching a person or an enterprise (ADR 0082), and the employment status that closes a
plan. `audit_change` and `require_enterprise_scope` are public: rights and credit write the
same entries and make the same check."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from layoffwatch.accounts.roles import require_writer
from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.selectors import NOT_IN_SCOPE_ENTERPRISE, enterprise_visible_to

from ..models import AffectedWorker, AssistancePlan
from ..params import assistance_params
from ..selectors import workers_visible_to

# ADR 0082: every write checks the scope of what it touches with the readers' selectors, and a
# refusal never names the object: "not there" and "not yours" read the same (ADR 0002).
NOT_IN_SCOPE_PERSON = "该职工不存在或不在您的数据权限范围内，不能{what}"
REGISTERED_ELSEWHERE = "该人员不能在此登记，请联系区就业和人才中心"


def audit_change(action: str, *, actor, obj, summary: str, before=None, after=None) -> None:
    """Audit one change made by `actor`; with no one signed in (a queued job, monitoring's
    reconciliation) the entry names the system, "系统（就业帮扶）". Rights and credit use it
    too, so that their entries read like assistance's."""
    real = actor if getattr(actor, "is_authenticated", False) else None
    audit_record(
        action=action,
        actor=real,
        obj=obj,
        summary=summary,
        before=before,
        after=after,
        actor_label="" if real else "系统（就业帮扶）",
    )


def require_enterprise_scope(actor, enterprise, what: str) -> None:
    """Refuse (PermissionDenied) unless `actor` may write (accounts.roles.require_writer) and
    sees `enterprise` through the readers' selector (ADR 0082); `what` ends the message
    ("不能{what}"). `enterprise` may be unsaved: a code typed on a form that is not in the
    registry (EnterpriseByCode) is refused with the same words as one outside the scope."""
    require_writer(actor, what)
    if not (enterprise.pk and enterprise_visible_to(actor).filter(pk=enterprise.pk).exists()):
        raise PermissionDenied(NOT_IN_SCOPE_ENTERPRISE.format(what=what))


def require_worker_scope(actor, worker: AffectedWorker, what: str) -> None:
    """The same for a registered person, through workers_visible_to."""
    require_writer(actor, what)
    if not (worker.pk and workers_visible_to(actor).filter(pk=worker.pk).exists()):
        raise PermissionDenied(NOT_IN_SCOPE_PERSON.format(what=what))


def worker_snapshot(worker: AffectedWorker) -> dict:
    return snapshot(worker, AffectedWorker.AUDIT_FIELDS)


def next_follow_up(after: dt.date, *, at: dt.datetime) -> dt.date:
    """The day a plan's next follow-up is due, by the interval in force on the day of `at`."""
    return after + dt.timedelta(days=assistance_params(local_day(at))["follow_up_days"])


def set_status(worker: AffectedWorker, status: str, *, at: dt.datetime) -> None:
    """A new employment status; a person now working has the plan closed."""
    worker.status, worker.updated_at = status, at
    worker.save(update_fields=["status", "updated_at"])
    if worker.is_working:
        close_plan(worker, reason=f"已实现就业（{worker.get_status_display()}）", at=at)


def close_plan(worker: AffectedWorker, *, reason: str, at: dt.datetime) -> None:
    # why conditional: a placement and a manual closure may race; the first one closes the plan
    AssistancePlan.objects.filter(worker=worker, status=AssistancePlan.Status.OPEN).update(
        status=AssistancePlan.Status.CLOSED, closed_at=at, closed_reason=reason, next_follow_up=None
    )
