"""Writes of alerts: raise or escalate on a graded report, the lifecycle (raised → responding →
under control → lifted, plan S5.1–S5.3), lifting with approval, and the district assessment
(plan S3.2), recomputed whenever an alert changes.

Every transition goes through `_event` (an AlertEvent and an audit entry). A refused action raises
ValidationError or PermissionDenied; it is audited after its transaction has rolled back
(`audit.refusals.guarded`), so the trace survives and nothing else changed.
"""

import datetime as dt
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.policy.rules import response_procedure
from layoffwatch.policy.selectors import policy_in_force

from . import hooks
from .models import Alert, AlertEvent, DistrictAssessment, LiftRequest
from .notify import send
from .permissions import has_role, is_task_force
from .selectors import district_assessment_at

# plan annex: 就业促进和职业能力建设科 leads the warning response; the town liaison acts on the spot.
RESPONSIBLE_SECTION = "employment"


def _wave_dates(grade) -> list[dt.date]:
    return [row["date"] for row in grade.timeline]


def _facts(*, grade, report) -> dict:
    data = grade.to_dict()
    data["report"] = getattr(report, "receipt_no", None)
    return data


def responsible_people(enterprise: Enterprise):
    """Section staff of 就业促进和职业能力建设科 and the liaison(s) of the enterprise's town."""
    return User.objects.filter(is_active=True).filter(
        Q(section__code=RESPONSIBLE_SECTION, role=Role.SECTION_STAFF)
        | Q(role=Role.TOWN_LIAISON, town_id=enterprise.town_id)
    )


def _notify(*, alert: Alert, title: str, at: dt.datetime) -> int:
    # Through the notifications app like every other message: in-app in this transaction, email
    # and group-chat robots through the task queue after it commits (ADR 0041).
    return send(
        users=responsible_people(alert.enterprise),
        title=title,
        body="；".join(alert.facts.get("reasons", [])[-2:]),
        link=alert_link(alert),
        kind="alert",
        at=at,
    )


def alert_link(alert: Alert) -> str:
    return f"/alerts/{alert.pk}/"


def _label(actor) -> str:
    if actor is None:
        return "系统"
    return str(actor)[:80]


def _event(
    *,
    alert: Alert,
    kind: str,
    at: dt.datetime,
    summary: str,
    actor=None,
    actor_label: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict | None = None,
) -> AlertEvent:
    """Append the event and the audit entry for one change of an alert."""
    event = AlertEvent.objects.create(
        alert=alert,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or _label(actor),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        summary=summary[:500],
        data=data or {},
    )
    audit_record(
        action="create" if kind == AlertEvent.Kind.RAISED else "update",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        obj=alert,
        summary=summary,
        before={"status": from_status} if from_status else None,
        after=({"status": to_status} if to_status else {}) | (data or {}),
        actor_label="" if getattr(actor, "is_authenticated", False) else (actor_label or "系统"),
    )
    return event


def assessment_recompute(*, at: dt.datetime, trigger: str = "") -> DistrictAssessment:
    """plan S3.2: store the district's grade after an alert changed (the grade's history, with
    what triggered it). Pages and the API never read this back: they compute the grade from the
    record (`selectors.district_assessment_at`, ADR 0055), so the two cannot differ."""
    row = district_assessment_at(at=at)
    row.trigger = trigger[:200]
    row.full_clean()
    row.save()
    return row


def _raised_or_escalated(alert: Alert, *, at: dt.datetime) -> None:
    """ADR 0088: apps later in the flow react to the new or raised alert inside the report's
    transaction (response queues its case after commit, ADR 0045)."""
    for handler in hooks.on_alert_raised_or_escalated.handlers:
        handler(alert=alert, at=at)


def _status_changed(
    alert: Alert, *, actor, at: dt.datetime, unfinished_reasons: dict[str, str] | None = None
) -> None:
    """ADR 0088: apps later in the flow follow the alert's status (response's case, plan S5)."""
    for handler in hooks.on_alert_status_changed.handlers:
        handler(alert=alert, actor=actor, at=at, unfinished_reasons=unfinished_reasons)


def _assessment_later(*, at: dt.datetime, trigger: str) -> None:
    """ADR 0047: after a report raised or escalated an alert, the district assessment is
    recomputed in the queue once the report's transaction committed (it is derived data; the
    intake path stays short). Lifecycle decisions by staff still recompute it at once."""
    from .tasks import assessment_enqueue

    transaction.on_commit(partial(assessment_enqueue, at, trigger), robust=True)


# why savepoint=False: callers (reporting, monitoring) run this inside their own transaction and
# never continue after an error from it; a SAVEPOINT/RELEASE pair per call was two round trips.
@transaction.atomic(savepoint=False)
def alert_raise_or_escalate(
    *, enterprise: Enterprise, report, grade, at: dt.datetime, enterprise_locked: bool = False
) -> Alert | None:
    """Open an alert for `grade` (policy.rules.WaveGrade) or raise the open one; None below level 3.

    One open alert per enterprise within the window: an open alert whose waves lie within
    `window_days` of the graded waves takes them; the level only rises (1 is the most severe).
    `enterprise_locked`: the caller already holds the enterprise's row lock in this transaction.
    """
    if grade.level is None:
        return None
    dates = _wave_dates(grade)
    first, last = min(dates), max(dates)
    reach = dt.timedelta(days=max((grade.window_days or 1) - 1, 0))
    # why lock the enterprise row: two reports of one enterprise arriving together must not both
    # open an alert, nor both read the old level; the second waits here until the first commits
    # (PostgreSQL row lock; SQLite's IMMEDIATE transactions already serialise writers).
    if not enterprise_locked:
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
    alert = (
        Alert.objects.select_for_update()
        .filter(
            enterprise=enterprise,
            status__in=Alert.OPEN,
            last_wave_on__gte=first - reach,
            first_wave_on__lte=last + reach,
        )
        .order_by("level", "-last_wave_on")
        .first()
    )
    if alert is not None:
        alert.enterprise = enterprise  # why: already loaded; saves a query in the messages below
    facts = _facts(grade=grade, report=report)
    if alert is None:
        alert = Alert(
            enterprise=enterprise,
            level=grade.level,
            total_in_window=grade.total,
            split=grade.split,
            first_wave_on=first,
            last_wave_on=last,
            facts=facts,
            policy_version=grade.version,
            opened_at=at,
            updated_at=at,
        )
        # why no full_clean: every field comes from the policy's grading of waves that reporting
        # (or monitoring) validated in this same transaction, and the enterprise row is locked
        # above; full_clean would only repeat the FK and CHECK-constraint queries (4 per alert)
        # that the database enforces anyway on the INSERT.
        alert.save()
        audit_record(
            action="create",
            obj=alert,
            summary=f"{enterprise.name} {alert.get_level_display()}（合计 {grade.total} 人）",
            after=snapshot(
                alert, ["enterprise", "level", "total_in_window", "split", "policy_version"]
            ),
            actor_label="系统（直报定级）",
        )
        AlertEvent.objects.create(
            alert=alert,
            at=at,
            actor_label="系统（直报定级）",
            kind=AlertEvent.Kind.RAISED,
            to_status=alert.status,
            summary=f"发布{alert.get_level_display()}：计算期内合计裁员 {grade.total} 人",
            data={"level": alert.level, "total": grade.total, "report": facts.get("report")},
        )
        _raised_or_escalated(alert, at=at)
        _assessment_later(at=at, trigger=f"{enterprise.name} 发布{alert.get_level_display()}")
        _notify(
            alert=alert,
            title=f"{enterprise.name} 发布{alert.get_level_display()}：计划裁员合计 {grade.total} 人",
            at=at,
        )
        return alert
    old_level = alert.level
    new_level = min(old_level, grade.level)
    # why conditional: the filter on level makes "never lowers" hold in SQL even if this row was
    # read before another transaction raised it (belt and braces with the row lock above).
    changes = dict(
        level=new_level,
        total_in_window=max(alert.total_in_window, grade.total),
        split=grade.split if new_level < old_level else (alert.split or grade.split),
        first_wave_on=min(alert.first_wave_on, first),
        last_wave_on=max(alert.last_wave_on, last),
        facts=facts,
        updated_at=at,
    )
    if Alert.objects.filter(pk=alert.pk, level__gte=new_level).update(**changes):
        # why not refresh_from_db: the row is locked (select_for_update above), so what was just
        # written is what the row holds; re-reading it cost a query per report
        for name, value in changes.items():
            setattr(alert, name, value)
    else:
        alert.refresh_from_db()
    if alert.level < old_level and alert.status == Alert.Status.UNDER_CONTROL:
        # a new wave means the risk is not under control any more: back into the response
        if Alert.objects.filter(pk=alert.pk, status=Alert.Status.UNDER_CONTROL).update(
            status=Alert.Status.RESPONDING
        ):
            alert.status = Alert.Status.RESPONDING
        else:
            alert.refresh_from_db()
    if alert.level < old_level:
        AlertEvent.objects.create(
            alert=alert,
            at=at,
            actor_label="系统（直报定级）",
            kind=AlertEvent.Kind.ESCALATED,
            summary=f"新一批裁员计入，预警由{old_level}级升为{alert.level}级（合计 {alert.total_in_window} 人）",
            data={"from": old_level, "to": alert.level, "report": facts.get("report")},
        )
        _raised_or_escalated(alert, at=at)
        _assessment_later(at=at, trigger=f"{enterprise.name} 预警升级为{alert.get_level_display()}")
        audit_record(
            action="update",
            obj=alert,
            summary=f"{enterprise.name} 预警升级：{old_level}级 → {alert.level}级（合计 {alert.total_in_window} 人）",
            before={"level": old_level},
            after={"level": alert.level, "total_in_window": alert.total_in_window},
            actor_label="系统（直报定级）",
        )
        _notify(
            alert=alert,
            title=f"{enterprise.name} 预警升级为{alert.get_level_display()}：合计 {alert.total_in_window} 人",
            at=at,
        )
    else:
        version = getattr(report, "version", 1)
        summary = (
            f"报告 {report.series_no} 更正为第 {version} 版（回执 {report.receipt_no}），"
            f"按更正后计算期内合计 {grade.total} 人；预警等级只升不降，仍为{alert.get_level_display()}"
            if version > 1
            else f"新一批裁员计入本预警，计算期内合计 {alert.total_in_window} 人，等级不变"
        )
        AlertEvent.objects.create(
            alert=alert,
            at=at,
            actor_label="系统（直报定级）",
            kind=AlertEvent.Kind.WAVE,
            summary=summary,
            data={"total": alert.total_in_window, "report": facts.get("report")},
        )
        # the open alerts by level did not change: the district assessment stays as it is
    return alert


# ------------------------------------------------------------------ lifecycle (plan S5.1–S5.3)


def _lifting_rule(alert: Alert) -> dict:
    """The lifting rule of the procedure in force on the alert's date for its current level."""
    return response_procedure(
        alert.level, on=local_day(alert.opened_at), policy=policy_in_force()
    ).lifting


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
    _event(
        alert=alert,
        kind=AlertEvent.Kind.STATUS,
        at=at,
        actor=actor,
        from_status=old,
        to_status=to_status,
        summary=f"{alert.enterprise.name} 预警状态：{Alert.Status(old).label} → {alert.get_status_display()}"
        + (f"（{note}）" if note else ""),
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
    _event(
        alert=alert,
        kind=AlertEvent.Kind.LIFTED,
        at=at,
        actor=actor,
        from_status=old,
        to_status=alert.status,
        summary=f"{alert.enterprise.name} {alert.get_level_display()}解除：{reason}",
        data=data,
    )
    _status_changed(alert, actor=actor, at=at, unfinished_reasons=unfinished_reasons)
    assessment_recompute(at=at, trigger=f"{alert.enterprise.name} 预警解除")
    send(
        users=responsible_people(alert.enterprise),
        title=f"{alert.enterprise.name} {alert.get_level_display()}已解除",
        body=f"解除理由：{reason}",
        link=alert_link(alert),
        kind="alert_lifted",
        at=at,
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
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "请填写解除理由（风险已得到控制、企业恢复正常秩序的情况）"}
        )
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != Alert.Status.UNDER_CONTROL:
        raise ValidationError(
            {"status": f"只有“已控制”的预警可以解除，当前为“{alert.get_status_display()}”"}
        )
    rule = _lifting_rule(alert)
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
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "请填写解除理由（风险已得到控制、企业恢复正常秩序的情况）"}
        )
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != Alert.Status.UNDER_CONTROL:
        raise ValidationError(
            {"status": f"只有“已控制”的预警可以申请解除，当前为“{alert.get_status_display()}”"}
        )
    if alert.lift_requests.filter(decision=LiftRequest.Decision.PENDING).exists():
        raise ValidationError({"status": "已有待审批的解除申请"})
    request = LiftRequest(alert=alert, requested_by=actor, requested_at=at, reason=reason)
    request.full_clean()
    request.save()
    rule = _lifting_rule(alert)
    _event(
        alert=alert,
        kind=AlertEvent.Kind.LIFT_REQUESTED,
        at=at,
        actor=actor,
        summary=f"申请解除{alert.get_level_display()}：{reason}",
        data={"request": request.pk, "approver_role": rule.get("approver_role")},
    )
    approvers = User.objects.filter(is_active=True, role=rule.get("approver_role") or Role.LEADER)
    send(
        users=[u for u in approvers if u.pk != actor.pk],
        title=f"待审批：解除 {alert.enterprise.name} {alert.get_level_display()}",
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
    rule = _lifting_rule(alert)
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
    _event(
        alert=alert,
        kind=AlertEvent.Kind.LIFT_APPROVED if approve else AlertEvent.Kind.LIFT_REFUSED,
        at=at,
        actor=actor,
        summary=f"{'批准' if approve else '不予批准'}解除{alert.get_level_display()}：{note}",
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
            title=f"解除 {alert.enterprise.name} {alert.get_level_display()}的申请未获批准",
            body=note,
            link=alert_link(alert),
            kind="lift_request",
            at=at,
        )
    return request
