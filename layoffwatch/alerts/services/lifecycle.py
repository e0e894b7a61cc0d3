"""The alert's lifecycle (plan S5.1–S5.3): raised → responding → under control → lifted, by the
task force, or for a level that needs it, by a leader's approval of a lift request. Apps later in
the flow follow each change and check the open work before a lift (`hooks`, ADR 0088)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.audit.refusals import guarded
from layoffwatch.core.recorded import recorded
from layoffwatch.enterprises.selectors import responsible_people

from .. import hooks
from ..assessment import assessment_recompute
from ..models import Alert, AlertEvent, LiftRequest
from ..notify import send
from ..permissions import has_role, is_task_force
from ..selectors import lifting_rule
from .common import alert_event, alert_link


def _level(alert: Alert):
    """The alert's level as interface text (its label, translated where it is shown, ADR 0100)."""
    return Alert.Level(alert.level).label


def _status_changed(
    alert: Alert, *, actor, at: dt.datetime, unfinished_reasons: dict[str, str] | None = None
) -> None:
    """ADR 0088: apps later in the flow follow the alert's status (response's case, plan S5)."""
    for handler in hooks.on_alert_status_changed.handlers:
        handler(alert=alert, actor=actor, at=at, unfinished_reasons=unfinished_reasons)


@guarded("变更预警状态", subject=lambda kw: kw["alert"])
def alert_transition(
    *, alert: Alert, to_status: str, actor, note: str = "", at: dt.datetime
) -> Alert:
    """raised → responding → under control (→ responding again). Task force only."""
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以变更预警状态")
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if to_status == Alert.Status.LIFTED:
        raise ValidationError({"status": "解除预警须通过“解除预警”办理"})
    if not alert.can_move_to(to_status):
        raise ValidationError(
            {
                "status": f"预警当前为“{alert.get_status_display()}”，不能变为“{Alert.Status(to_status).label}”"
            }
        )
    old = alert.status
    # why conditional: two staff pressing the button at once must not both move it (one wins).
    moved = Alert.objects.filter(pk=alert.pk, status=old).update(status=to_status, updated_at=at)
    if not moved:
        raise ValidationError({"status": "预警状态已被他人变更，请刷新后重试"})
    alert.refresh_from_db()
    alert_event(
        alert=alert,
        kind=AlertEvent.Kind.STATUS,
        at=at,
        actor=actor,
        from_status=old,
        to_status=to_status,
        summary=recorded(
            N_("%(enterprise)s 预警状态：%(old)s → %(new)s（%(note)s）")
            if note
            else N_("%(enterprise)s 预警状态：%(old)s → %(new)s"),
            enterprise=alert.enterprise.name,
            old=Alert.Status(old).label,
            new=Alert.Status(alert.status).label,
            **({"note": note} if note else {}),
        ),
        data={"note": note} if note else None,
    )
    _status_changed(alert, actor=actor, at=at)
    assessment_recompute(at=at, trigger=f"{alert.enterprise.name} {alert.get_status_display()}")
    return alert


def _unfinished_check(alert: Alert, reasons: dict[str, str] | None) -> None:
    """ADR 0053: refuse, naming them, open steps and tasks without a reason, and (plan S5.3) a
    level-1 lift before the onward report to 市委、市政府 is done. The checks are response's,
    registered through `hooks.on_lift_check` (ADR 0088)."""
    for handler in hooks.on_lift_check.handlers:
        handler(alert=alert, reasons=reasons or {})


def _do_lift(
    *,
    alert: Alert,
    actor,
    reason: str,
    at: dt.datetime,
    approval=None,
    unfinished_reasons: dict[str, str] | None = None,
) -> Alert:
    old = alert.status
    moved = Alert.objects.filter(pk=alert.pk, status=Alert.Status.UNDER_CONTROL).update(
        status=Alert.Status.LIFTED,
        lifted_at=at,
        lifted_by=actor,
        lift_reason=reason,
        updated_at=at,
    )
    if not moved:  # why: another request lifted or reopened it between our read and this write
        raise ValidationError({"status": "预警状态已被他人变更，请刷新后重试"})
    alert.refresh_from_db()
    data = {"reason": reason}
    if approval is not None:
        data |= {
            "requested_by": str(approval.requested_by),
            "approved_by": str(approval.decided_by),
            "approval_note": approval.decision_note,
        }
    alert_event(
        alert=alert,
        kind=AlertEvent.Kind.LIFTED,
        at=at,
        actor=actor,
        from_status=old,
        to_status=alert.status,
        summary=recorded(
            N_("%(enterprise)s %(level)s解除：%(reason)s"),
            enterprise=alert.enterprise.name,
            level=_level(alert),
            reason=reason,
        ),
        data=data,
    )
    _status_changed(alert, actor=actor, at=at, unfinished_reasons=unfinished_reasons)
    assessment_recompute(at=at, trigger=f"{alert.enterprise.name} 预警解除")
    send(
        users=responsible_people(alert.enterprise),
        title=recorded(
            N_("%(enterprise)s %(level)s已解除"),
            enterprise=alert.enterprise.name,
            level=_level(alert),
        ),
        body=recorded(N_("解除理由：%(reason)s"), reason=reason),
        link=alert_link(alert),
        kind="alert_lifted",
        at=at,
    )
    return alert


def _lift_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "请填写解除理由（风险已得到控制、企业恢复正常秩序的情况）"}
        )
    return reason


def _locked_under_control(alert: Alert, *, to: str) -> Alert:
    """The alert, row-locked; refused unless it is under control (only then may one `to` it)."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != Alert.Status.UNDER_CONTROL:
        raise ValidationError(
            {"status": f"只有“已控制”的预警可以{to}，当前为“{alert.get_status_display()}”"}
        )
    return alert


@guarded("解除预警", subject=lambda kw: kw["alert"])
def alert_lift(
    *,
    alert: Alert,
    actor,
    reason: str,
    at: dt.datetime,
    unfinished_reasons: dict[str, str] | None = None,
) -> Alert:
    """Lift an alert under control whose level needs no approval (plan S5.1, S5.2).

    `unfinished_reasons`: why each step or task still open stays undone, by item key
    (`response.selectors.case_unfinished_items`); each open item needs one (ADR 0053)."""
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以解除预警")
    reason = _lift_reason(reason)
    alert = _locked_under_control(alert, to="解除")
    rule = lifting_rule(alert)
    if rule["requires_approval"]:
        # plan S5.3 “经报批预警可以解除”: a level-1 alert is lifted by approving a lift request.
        raise ValidationError(
            {
                "status": f"{alert.get_level_display()}须经报批方可解除：请提交解除申请，由{'、'.join(rule['approval_body_names'])}批准后经局领导在系统中审批"
            }
        )
    _unfinished_check(alert, unfinished_reasons)
    return _do_lift(
        alert=alert, actor=actor, reason=reason, at=at, unfinished_reasons=unfinished_reasons
    )


@guarded("申请解除预警", subject=lambda kw: kw["alert"])
def lift_request_create(*, alert: Alert, actor, reason: str, at: dt.datetime) -> LiftRequest:
    """plan S5.3: the task force asks to lift an alert that needs approval."""
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以申请解除预警")
    reason = _lift_reason(reason)
    alert = _locked_under_control(alert, to="申请解除")
    if alert.lift_requests.filter(decision=LiftRequest.Decision.PENDING).exists():
        raise ValidationError({"status": "已有待审批的解除申请"})
    request = LiftRequest(alert=alert, requested_by=actor, requested_at=at, reason=reason)
    request.full_clean()
    request.save()
    rule = lifting_rule(alert)
    alert_event(
        alert=alert,
        kind=AlertEvent.Kind.LIFT_REQUESTED,
        at=at,
        actor=actor,
        summary=recorded(N_("申请解除%(level)s：%(reason)s"), level=_level(alert), reason=reason),
        data={"request": request.pk, "approver_role": rule.get("approver_role")},
    )
    approvers = User.objects.filter(is_active=True, role=rule.get("approver_role") or Role.LEADER)
    send(
        users=[u for u in approvers if u.pk != actor.pk],
        title=recorded(
            N_("待审批：解除 %(enterprise)s %(level)s"),
            enterprise=alert.enterprise.name,
            level=_level(alert),
        ),
        body=reason,
        link=alert_link(alert),
        kind="lift_request",
        at=at,
    )
    return request


@guarded("审批解除预警", subject=lambda kw: kw["request"].alert)
def lift_request_decide(
    *,
    request: LiftRequest,
    actor,
    approve: bool,
    note: str,
    at: dt.datetime,
    unfinished_reasons: dict[str, str] | None = None,
) -> LiftRequest:
    """A user of the approver role (not the requester) approves — which lifts — or refuses.

    Approving needs a reason for each step or task still open (`unfinished_reasons`, as for
    `alert_lift`) and, for a level-1 alert, the onward report to 市委、市政府 done (plan S5.3)."""
    request = LiftRequest.objects.select_for_update().select_related("alert").get(pk=request.pk)
    alert = Alert.objects.select_for_update().get(pk=request.alert_id)
    rule = lifting_rule(alert)
    role = rule.get("approver_role") or Role.LEADER
    if not has_role(actor, role):
        raise PermissionDenied(f"只有{Role(role).label}可以审批解除预警")
    if request.requested_by_id == actor.pk:
        # why: four eyes — the plan's “报批” means someone other than the requester decides.
        raise PermissionDenied("不能审批本人提出的解除申请")
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {
                "note": f"请填写审批意见（含{'、'.join(rule.get('approval_body_names', []))}批准情况）"
            }
        )
    if approve:
        if alert.status != Alert.Status.UNDER_CONTROL:
            raise ValidationError({"status": f"预警当前为“{alert.get_status_display()}”，不能解除"})
        # ADR 0053: the approving leader sees the open work and completes or explains each item
        _unfinished_check(alert, unfinished_reasons)
    # why conditional: two leaders deciding at once — the first decision stands.
    decided = LiftRequest.objects.filter(
        pk=request.pk, decision=LiftRequest.Decision.PENDING
    ).update(
        decision=LiftRequest.Decision.APPROVED if approve else LiftRequest.Decision.REFUSED,
        decided_by=actor,
        decided_at=at,
        decision_note=note,
    )
    if not decided:
        raise ValidationError({"status": "该申请已审批"})
    request.refresh_from_db()
    alert_event(
        alert=alert,
        kind=AlertEvent.Kind.LIFT_APPROVED if approve else AlertEvent.Kind.LIFT_REFUSED,
        at=at,
        actor=actor,
        summary=recorded(
            N_("批准解除%(level)s：%(note)s") if approve else N_("不予批准解除%(level)s：%(note)s"),
            level=_level(alert),
            note=note,
        ),
        data={"request": request.pk, "requested_by": str(request.requested_by)},
    )
    if approve:
        _do_lift(
            alert=alert,
            actor=actor,
            reason=request.reason,
            at=at,
            approval=request,
            unfinished_reasons=unfinished_reasons,
        )
    else:
        send(
            users=[request.requested_by],
            title=recorded(
                N_("解除 %(enterprise)s %(level)s的申请未获批准"),
                enterprise=alert.enterprise.name,
                level=_level(alert),
            ),
            body=note,
            link=alert_link(alert),
            kind="lift_request",
            at=at,
        )
    return request
