"""Raising an alert, or escalating the open one, on a graded layoff report or a confirmed signal
(plan S3.2): the level only rises; apps later in the flow react through `hooks` (ADR 0088) and
the district assessment is recomputed on the queue after the report commits (ADR 0047)."""

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.recorded import MESSAGE_KEY, recorded
from layoffwatch.enterprises.models import Enterprise

from .. import hooks
from ..models import Alert, AlertEvent
from ..tasks import assessment_enqueue
from .common import notify_responsible

# the label of the system's own changes here: the grading of a report (or of a confirmed signal)
BY_GRADING = "系统（直报定级）"


def _wave_dates(grade) -> list[dt.date]:
    return [row["date"] for row in grade.timeline]


def _facts(*, grade, report) -> dict:
    data = grade.to_dict()
    data["report"] = getattr(report, "receipt_no", None)
    return data


def _raised_or_escalated(alert: Alert, *, at: dt.datetime) -> None:
    """ADR 0088: apps later in the flow react to the new or raised alert inside the report's
    transaction (response queues its case after commit, ADR 0045)."""
    for handler in hooks.on_alert_raised_or_escalated.handlers:
        handler(alert=alert, at=at)


def _assessment_later(*, at: dt.datetime, trigger: str) -> None:
    """ADR 0047: after a report raised or escalated an alert, the district assessment is
    recomputed in the queue once the report's transaction committed (it is derived data; the
    intake path stays short). Lifecycle decisions by staff still recompute it at once."""
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
    facts = _facts(grade=grade, report=report)
    if alert is None:
        return _alert_open(
            enterprise=enterprise, grade=grade, facts=facts, first=first, last=last, at=at
        )
    alert.enterprise = enterprise  # why: already loaded; saves a query in the messages below
    return _alert_take_waves(
        alert,
        enterprise=enterprise,
        report=report,
        grade=grade,
        facts=facts,
        first=first,
        last=last,
        at=at,
    )


def _alert_open(
    *, enterprise: Enterprise, grade, facts: dict, first: dt.date, last: dt.date, at: dt.datetime
) -> Alert:
    """A new alert for the graded waves: audited, in its timeline, followed by the apps later in
    the flow, and its responsible people told."""
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
        actor_label=BY_GRADING,
    )
    raised = recorded(
        N_("发布%(level)s：计算期内合计裁员 %(total)s 人"),
        level=Alert.Level(alert.level).label,
        total=grade.total,
    )
    AlertEvent.objects.create(
        alert=alert,
        at=at,
        actor_label=BY_GRADING,
        kind=AlertEvent.Kind.RAISED,
        to_status=alert.status,
        summary=raised.text,
        data={
            "level": alert.level,
            "total": grade.total,
            "report": facts.get("report"),
            MESSAGE_KEY: raised.message,
        },
    )
    _raised_or_escalated(alert, at=at)
    _assessment_later(at=at, trigger=f"{enterprise.name} 发布{alert.get_level_display()}")
    notify_responsible(
        alert=alert,
        title=recorded(
            N_("%(enterprise)s 发布%(level)s：计划裁员合计 %(total)s 人"),
            enterprise=enterprise.name,
            level=Alert.Level(alert.level).label,
            total=grade.total,
        ),
        at=at,
    )
    return alert


def _alert_take_waves(
    alert: Alert,
    *,
    enterprise: Enterprise,
    report,
    grade,
    facts: dict,
    first: dt.date,
    last: dt.date,
    at: dt.datetime,
) -> Alert:
    """The open alert takes the graded waves: its level rises if the grade is higher (never
    lowers), an alert under control goes back into the response, and the change is recorded."""
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
        _alert_escalated(alert, enterprise=enterprise, old_level=old_level, facts=facts, at=at)
    else:
        version = getattr(report, "version", 1)
        summary = (
            recorded(
                N_(
                    "报告 %(series)s 更正为第 %(version)s 版（回执 %(receipt)s），"
                    "按更正后计算期内合计 %(total)s 人；预警等级只升不降，仍为%(level)s"
                ),
                series=report.series_no,
                version=version,
                receipt=report.receipt_no,
                total=grade.total,
                level=Alert.Level(alert.level).label,
            )
            if version > 1
            else recorded(
                N_("新一批裁员计入本预警，计算期内合计 %(total)s 人，等级不变"),
                total=alert.total_in_window,
            )
        )
        AlertEvent.objects.create(
            alert=alert,
            at=at,
            actor_label=BY_GRADING,
            kind=AlertEvent.Kind.WAVE,
            summary=summary.text,
            data={
                "total": alert.total_in_window,
                "report": facts.get("report"),
                MESSAGE_KEY: summary.message,
            },
        )
        # the open alerts by level did not change: the district assessment stays as it is
    return alert


def _alert_escalated(
    alert: Alert, *, enterprise: Enterprise, old_level: int, facts: dict, at: dt.datetime
) -> None:
    """The alert's level rose: in its timeline, followed by the apps later in the flow, audited,
    and its responsible people told."""
    escalated = recorded(
        N_("新一批裁员计入，预警由%(old)s级升为%(new)s级（合计 %(total)s 人）"),
        old=old_level,
        new=alert.level,
        total=alert.total_in_window,
    )
    AlertEvent.objects.create(
        alert=alert,
        at=at,
        actor_label=BY_GRADING,
        kind=AlertEvent.Kind.ESCALATED,
        summary=escalated.text,
        data={
            "from": old_level,
            "to": alert.level,
            "report": facts.get("report"),
            MESSAGE_KEY: escalated.message,
        },
    )
    _raised_or_escalated(alert, at=at)
    _assessment_later(at=at, trigger=f"{enterprise.name} 预警升级为{alert.get_level_display()}")
    audit_record(
        action="update",
        obj=alert,
        summary=f"{enterprise.name} 预警升级：{old_level}级 → {alert.level}级（合计 {alert.total_in_window} 人）",
        before={"level": old_level},
        after={"level": alert.level, "total_in_window": alert.total_in_window},
        actor_label=BY_GRADING,
    )
    notify_responsible(
        alert=alert,
        title=recorded(
            N_("%(enterprise)s 预警升级为%(level)s：合计 %(total)s 人"),
            enterprise=enterprise.name,
            level=Alert.Level(alert.level).label,
            total=alert.total_in_window,
        ),
        at=at,
    )
