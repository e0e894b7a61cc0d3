"""Verification of a signal (plan S3.1.3, S3.1.5): tip → assigned → confirmed / dismissed / merged.

Every status change goes through `_transition` (a conditional UPDATE, a SignalEvent and an audit
entry). Only the signal's lead unit works on it; a refusal is audited after the transaction
rolled back (audit.refusals.guarded).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.recorded import Recorded, recorded, text_and_message
from layoffwatch.policy.rules import grade_waves
from layoffwatch.policy.selectors import policy_in_force

from .. import hooks
from ..models import Signal, Verification
from ..selectors import signals_visible_to
from .actors import actor_label, signed_in
from .events import signal_event


def can_work_on(user, signal: Signal) -> bool:
    """Who verifies: staff of the assigned lead unit, the administrator and the leaders."""
    if not getattr(user, "is_authenticated", False) or not user.is_bureau:
        return False
    if user.is_superuser or user.role in ("admin", "leader"):
        return True
    return user.section_id == signal.assigned_unit_id


def _transition(
    *, signal: Signal, to: str, actor, at: dt.datetime, summary: Recorded | str, data=None, **fields
) -> Signal:
    if not signal.can_move_to(to):
        raise ValidationError(
            f"信号当前为“{signal.get_status_display()}”，不能改为“{Signal.Status(to).label}”"
        )
    old = signal.status
    # why conditional: two staff acting at once; the second finds the status changed and is refused.
    if not Signal.objects.filter(pk=signal.pk, status=old).update(
        status=to, updated_at=at, **fields
    ):
        raise ValidationError("该信号刚刚已被他人处理，请刷新后再试")
    signal.refresh_from_db()
    event = signal_event(
        signal=signal,
        at=at,
        actor=signed_in(actor),
        actor_label=actor_label(actor),
        from_status=old,
        to_status=to,
        summary=summary,
        data=data,
    )
    event.save()
    audit_record(
        action="update",
        actor=signed_in(actor),
        obj=signal,
        summary=event.summary,
        before={"status": old},
        after={"status": to} | (data or {}),
    )
    return signal


def _lead_unit_only(what: str):
    """A signal's verification is the work of its lead unit (can_work_on): refused before the
    transaction opens, and audited on the signal like any refusal (audit.refusals.guarded)."""

    def check(kwargs: dict) -> None:
        signal, actor = kwargs["signal"], kwargs["actor"]
        if not can_work_on(actor, signal):
            raise PermissionDenied(f"只有{signal.assigned_unit.name}的工作人员可以{what}")

    return guarded(what, subject=lambda kwargs: kwargs["signal"], check=check)


@_lead_unit_only("认领核实")
def signal_take(*, signal: Signal, actor, at: dt.datetime) -> Signal:
    """A staff member of the lead unit takes the tip to verify it."""
    return _transition(
        signal=signal,
        to=Signal.Status.ASSIGNED,
        actor=actor,
        at=at,
        summary=recorded(N_("认领核实")),
        assigned_to=actor,
    )


@_lead_unit_only("记录核实情况")
def verification_record(
    *,
    signal: Signal,
    actor,
    at: dt.datetime,
    method: str,
    contacted_on: dt.date,
    reason: str,
    affected: int,
    separation_from: dt.date | None = None,
    separation_to: dt.date | None = None,
    recall_expected: bool = False,
    contact: str = "",
    notes: str = "",
) -> Verification:
    """A phone call or visit; a tip is taken by whoever records the first check."""
    if not signal.is_open:
        raise ValidationError("信号已办结，不能再记录核实情况")
    if separation_from and separation_to and separation_to < separation_from:
        raise ValidationError("减员结束日期不能早于开始日期")
    v = Verification(
        signal=signal,
        method=method,
        contacted_on=contacted_on,
        contact=contact,
        reason=reason,
        affected=affected,
        separation_from=separation_from,
        separation_to=separation_to,
        recall_expected=recall_expected,
        notes=notes,
        by=actor,
        at=at,
    )
    v.full_clean()
    v.save()
    if signal.status == Signal.Status.TIP:
        _transition(
            signal=signal,
            to=Signal.Status.ASSIGNED,
            actor=actor,
            at=at,
            summary=recorded(N_("认领核实")),
            assigned_to=actor,
        )
    signal_event(
        signal=signal,
        at=at,
        actor=actor,
        actor_label=actor_label(actor),
        summary=recorded(
            N_("%(method)s：%(reason)s，涉及 %(affected)s 人，预计召回")
            if recall_expected
            else N_("%(method)s：%(reason)s，涉及 %(affected)s 人"),
            method=Verification.Method(v.method).label,
            reason=reason,
            affected=affected,
        ),
        data={"verification": v.pk},
    ).save()
    audit_record(
        action="create",
        actor=actor,
        obj=v,
        summary=f"核实信号 #{signal.pk}：{reason}"[:500],
        after=snapshot(v),
    )
    return v


@_lead_unit_only("确认信号")
def signal_confirm(*, signal: Signal, actor, at: dt.datetime, outcome: str = "") -> Signal:
    """Confirmed by a verification: an alert is raised through the same service as a layoff report."""
    latest = signal.verifications.order_by("-at", "-pk").first()
    if latest is None:
        raise ValidationError("确认前须先记录电话核实或实地走访情况")
    alert = None
    if signal.enterprise_id:
        day = latest.separation_to or latest.separation_from or latest.contacted_on
        grade = grade_waves([(day, latest.affected)], on=day, policy=policy_in_force())
        # ADR 0088: alerts registers alert_raise_or_escalate (monitoring may not import alerts)
        for raise_alert in hooks.on_signal_confirmed.handlers:
            alert = raise_alert(enterprise=signal.enterprise, report=signal, grade=grade, at=at)
    # an outcome a person typed is kept as typed; the one the system words is recorded
    said = outcome or recorded(
        N_("核实确认：%(reason)s，涉及 %(affected)s 人"),
        reason=latest.reason,
        affected=latest.affected,
    )
    text, _message = text_and_message(said)
    signal = _transition(
        signal=signal,
        to=Signal.Status.CONFIRMED,
        actor=actor,
        at=at,
        summary=recorded(N_("%(outcome)s；已发布预警 #%(alert)s"), outcome=said, alert=alert.pk)
        if alert
        else said,
        data={"alert": alert.pk if alert else None, "affected": latest.affected},
        outcome=text[:500],
        alert=alert,
    )
    return signal


@_lead_unit_only("排除信号")
def signal_dismiss(*, signal: Signal, actor, at: dt.datetime, reason: str) -> Signal:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("排除信号须写明理由")
    return _transition(
        signal=signal,
        to=Signal.Status.DISMISSED,
        actor=actor,
        at=at,
        summary=recorded(N_("排除：%(reason)s"), reason=reason),
        outcome=reason[:500],
    )


@_lead_unit_only("合并信号")
def signal_merge(*, signal: Signal, actor, at: dt.datetime, into: Signal) -> Signal:
    """A duplicate joins the signal that is being (or was) verified."""
    if into.pk == signal.pk:
        raise ValidationError("不能与自身合并")
    # ADR 0082: the signal merged into is one the actor may read; one outside the scope reads
    # as one that does not exist, and neither is named
    if into.pk is None or not signals_visible_to(actor).filter(pk=into.pk).exists():
        raise ValidationError("找不到要并入的信号")
    if into.status in (Signal.Status.MERGED, Signal.Status.DISMISSED):
        raise ValidationError(f"信号 #{into.pk} 已{into.get_status_display()}，不能并入")
    return _transition(
        signal=signal,
        to=Signal.Status.MERGED,
        actor=actor,
        at=at,
        summary=recorded(N_("与信号 #%(into)s 重复，已合并"), into=into.pk),
        data={"merged_into": into.pk},
        merged_into=into,
        outcome=f"并入 #{into.pk}",
    )
