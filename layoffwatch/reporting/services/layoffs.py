"""Layoff reports (裁员报告, plan S3.1.1–S3.1.2, S3.2): validate, store, grade and raise the alert
in one transaction; staff withdraw one with a reason.

A rejected submission stores nothing; it is audited (action "rejected") after the failed
transaction has rolled back, so that the trace survives. The alert is raised by the handler
alerts registers on `reporting.hooks.on_layoff_report_graded` (ADR 0090), inside that
transaction.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_batch, audit_record, snapshot
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.policy.rules import InvalidFact, grade_waves, reporting_duty
from layoffwatch.policy.selectors import policy_in_force

from .. import hooks
from ..models import Channel, LayoffReport, LayoffWave, Receipt
from ..validation import clean_layoff
from .common import (
    Idempotency,
    Submitted,
    check_fields,
    lock_enterprise,
    receipt_issue,
    rejection_audited,
    remember,
    require_channel,
    require_record_scope,
    require_scope,
    submitter,
)
from .corrections import layoff_report_corrected, layoff_report_supersede
from .findings import findings_resolve_by_report
from .rosters import roster_read, roster_store

# what the "create" audit entry keeps of a new layoff report
AUDITED_FIELDS = [
    "receipt_no",
    "series_no",
    "version",
    "enterprise",
    "agency",
    "channel",
    "planned_cut",
    "dispatched_cut",
    "is_closure",
    "policy_version",
    "alert",
]
# plan S3.1.2: an agency's report and the enterprise's own one are the same cut when their waves
# lie within this many days of each other
CO_REPORT_REACH = dt.timedelta(days=30)


def counted_waves(enterprise: Enterprise, *, start: dt.date, end: dt.date):
    """Waves that count for grading: current, not withdrawn, not merged into another report."""
    return LayoffWave.objects.filter(
        report__enterprise=enterprise,
        report__is_current=True,
        report__withdrawn_at__isnull=True,
        report__counted_in__isnull=True,
        date__gte=start,
        date__lte=end,
    )


def _grade(report: LayoffReport, waves: list[tuple[dt.date, int]], *, staff: int | None):
    """plan S3.2 via the policy app: the waves of this enterprise near the new ones, graded."""
    policy = policy_in_force()
    first, last = waves[0][0], waves[-1][0]
    window = policy.at(first)["alert_levels"]["window_days"] or 1
    reach = dt.timedelta(days=window - 1)
    near = [
        (w.date, w.count)
        for w in counted_waves(report.enterprise, start=first - reach, end=last + reach)
    ]
    on = max([d for d, _c in near] + [last])
    grade = grade_waves(near, on=on, policy=policy)
    try:
        duty = reporting_duty(
            cut=report.planned_cut,
            dispatched=report.dispatched_cut,
            staff=staff,
            on=first,
            policy=policy,
        ).to_dict()
    except InvalidFact as exc:  # e.g. an outdated headcount in the registry: grade anyway
        duty = {"reasons": [exc.zh]}
    return grade, duty


def _grade_and_raise(
    report: LayoffReport, waves, *, staff: int | None, at: dt.datetime
) -> models.Model | None:
    """Grade the report, raise or escalate its alert (unless it is counted in another report) and
    keep both on the report. Returns the alert."""
    grade, duty = _grade(report, waves, staff=staff)
    alert = None
    if report.counted_in_id is None:
        # ADR 0090: alerts registers alert_raise_or_escalate (reporting may not import alerts);
        # it runs here, inside the report's transaction, with the enterprise's row lock held
        for raise_alert in hooks.on_layoff_report_graded.handlers:
            alert = raise_alert(
                enterprise=report.enterprise,
                report=report,
                grade=grade,
                at=at,
                enterprise_locked=True,
            )
    report.policy_version = grade.version
    report.grading = {"waves": grade.to_dict(), "duty": duty}
    report.alert = alert
    report.save(update_fields=["policy_version", "grading", "alert"])
    return alert


def _link_co_reports(report: LayoffReport, waves) -> None:
    """plan S3.1.2: an agency's report and the enterprise's own one are counted once."""
    if report.counted_in_id or not waves:
        return
    first, last = waves[0][0], waves[-1][0]
    near = {"waves__date__gte": first - CO_REPORT_REACH, "waves__date__lte": last + CO_REPORT_REACH}
    if report.agency_id and report.agency_id != report.enterprise_id:
        own = (
            LayoffReport.objects.filter(
                enterprise=report.enterprise,
                agency__isnull=True,
                is_current=True,
                withdrawn_at__isnull=True,
                **near,
            )
            .exclude(pk=report.pk)
            .order_by("-submitted_at")
            .first()
        )
        if own is not None:
            report.counted_in = own
            report.save(update_fields=["counted_in"])
    elif report.agency_id is None:
        LayoffReport.objects.filter(
            enterprise=report.enterprise,
            agency__isnull=False,
            is_current=True,
            withdrawn_at__isnull=True,
            counted_in__isnull=True,
            **near,
        ).exclude(pk=report.pk).update(counted_in=report)


def _new_report(
    *,
    enterprise,
    fields,
    channel,
    actor,
    at,
    agency,
    corrects,
    attachment,
    resettlement_file=None,
) -> LayoffReport:
    """The report, saved with its receipt number; a correction continues the corrected version's
    series and keeps its resettlement plan unless it brings a new one."""
    receipt_no = receipt_issue(Receipt.Kind.LAYOFF, at)
    report = LayoffReport(
        receipt_no=receipt_no,
        series_no=corrects.series_no if corrects is not None else receipt_no,
        version=corrects.version + 1 if corrects is not None else 1,
        enterprise=enterprise,
        agency=agency,
        channel=channel,
        submitted_by=submitter(actor),
        submitted_at=at,
        **fields,
    )
    if attachment:
        report.attachment = attachment
    if resettlement_file:
        report.resettlement_file = resettlement_file
    elif corrects is not None and corrects.resettlement_file:
        report.resettlement_file = corrects.resettlement_file.name  # a correction keeps the plan
    check_fields(report)
    report.save()
    return report


def _audit_created(report: LayoffReport, *, waves, roster: int, actor) -> None:
    audit_record(
        action="create",
        actor=actor,
        obj=report,
        summary=f"{report.enterprise.name} 裁员报告 {report.receipt_no}"
        + (f"（更正第 {report.version} 版）" if report.version > 1 else "")
        + f"：计划裁减 {report.planned_cut} 人，{Channel(report.channel).label}",
        after=snapshot(report, AUDITED_FIELDS)
        | {"waves": [[d.isoformat(), c] for d, c in waves], "roster": roster},
    )


def _store_layoff_rows(
    *, enterprise, waves, actor, at, corrects, staff, roster_rows=None, **report_fields
) -> Submitted:
    lock_enterprise(enterprise)
    if corrects is not None:
        corrects = layoff_report_supersede(corrects)
    report = _new_report(
        enterprise=enterprise, actor=actor, at=at, corrects=corrects, **report_fields
    )
    LayoffWave.objects.bulk_create(LayoffWave(report=report, date=d, count=c) for d, c in waves)
    roster_rows = roster_store(report, roster_rows, corrects=corrects)
    if corrects is not None:
        # the enterprise's co-reports follow its latest version
        LayoffReport.objects.filter(counted_in=corrects).update(counted_in=report)
    _link_co_reports(report, waves)
    alert = _grade_and_raise(report, waves, staff=staff, at=at)
    findings_resolve_by_report(report, waves, at=at)
    _audit_created(report, waves=waves, roster=len(roster_rows or []), actor=actor)
    _tell_later_stages(report, change="received", at=at)
    return Submitted(report=report, alert=alert)


def _tell_later_stages(report: LayoffReport, *, change: str, at: dt.datetime) -> None:
    """ADR 0096: monitoring matches its stoppage signals to the reports again (it registers on
    hooks.on_layoff_reports_changed; reporting may not import it)."""
    for handler in hooks.on_layoff_reports_changed.handlers:
        handler(enterprise=report.enterprise, report=report, change=change, at=at)


@transaction.atomic
def _store_layoff(*, idempotency=None, **kwargs) -> Submitted:
    # why one audit batch: the report's and the alert's entries are chained and written together
    # at the end, one short lock on the audit chain per report (ADR 0046)
    with audit_batch():
        submitted = _store_layoff_rows(**kwargs)
        remember(idempotency, submitted)
    return submitted


def _layoff_checked(enterprise, data: dict, *, actor, at: dt.datetime, roster: bytes | None):
    """Every problem of the submission at once, each under its field (the report it corrects,
    the fields and waves, the roster): ValidationError, or (fields, waves, corrects, roster rows).
    """
    errors: dict = {}
    corrects = layoff_report_corrected(enterprise, data, actor=actor, errors=errors)
    try:
        fields, waves = clean_layoff(data=data, enterprise=enterprise, at=at)
    except ValidationError as exc:
        errors.update(exc.error_dict)  # the errors, not their text: said when read (ADR 0100)
    roster_rows = roster_read(roster, data, errors=errors)
    if errors:
        raise ValidationError(errors)
    return fields, waves, corrects, roster_rows


def layoff_report_submit(
    *,
    enterprise: Enterprise,
    data: dict,
    channel: str,
    actor,
    at: dt.datetime,
    agency: Enterprise | None = None,
    attachment=None,
    resettlement_file=None,
    roster: bytes | None = None,
    request=None,
    idempotency: Idempotency | None = None,
) -> Submitted:
    """Store a layoff report (or a correction), grade it and raise the alert.

    `data` uses the API's field names (planned_cut, dispatched_cut, waves or effective_date,
    is_closure, reasons, …; `corrects`: the receipt number of the enterprise's report that this
    one corrects — a new version of it, the old one kept and no longer counted). Raises
    ValidationError naming each field; nothing is stored then.
    With `idempotency`, raises KeyAlreadyUsed (nothing stored) if the key was used before.
    """
    with rejection_audited(
        kind="layoffreport", enterprise=enterprise, channel=channel, actor=actor, request=request
    ):
        require_scope(actor, enterprise, agency=agency)
        require_channel(channel)
        if agency is not None and not agency.is_hr_agency:
            raise ValidationError({"agency_uscc": f"{agency.name} 不是人力资源服务机构"})
        fields, waves, corrects, roster_rows = _layoff_checked(
            enterprise, data, actor=actor, at=at, roster=roster
        )
        return _store_layoff(
            enterprise=enterprise,
            fields=fields,
            waves=waves,
            channel=channel,
            actor=actor,
            at=at,
            agency=agency if agency is not None and agency.pk != enterprise.pk else None,
            corrects=corrects,
            staff=data.get("headcount") or None,
            attachment=attachment,
            resettlement_file=resettlement_file,
            roster_rows=roster_rows,
            idempotency=idempotency,
        )


@guarded("撤回裁员报告")
def layoff_report_withdraw(
    *, report: LayoffReport, actor, reason: str, at: dt.datetime
) -> LayoffReport:
    """Staff only, with a reason. The alert it raised stays: lifting is a decision (plan S5.3)."""
    if actor is None or not getattr(actor, "is_bureau", False) or actor.role == "commissioner":
        raise PermissionDenied("只有区人力社保局工作人员可以撤回报告")
    require_record_scope(actor, report.enterprise_id, "报告")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因"})
    report = LayoffReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_current:
        raise ValidationError({"reason": "只能撤回现行版本"})
    if report.withdrawn:
        raise ValidationError({"reason": "该报告已撤回"})
    report.withdrawn_at, report.withdrawn_by, report.withdrawn_reason = at, actor, reason[:500]
    report.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    # agency co-reports merged into it count on their own again
    LayoffReport.objects.filter(counted_in=report).update(counted_in=None)
    audit_record(
        action="update",
        actor=actor,
        obj=report,
        summary=f"撤回裁员报告 {report.receipt_no}：{reason}",
        before={"withdrawn_at": None},
        after={"withdrawn_at": at, "withdrawn_reason": reason},
    )
    _tell_later_stages(report, change="withdrawn", at=at)
    return report
