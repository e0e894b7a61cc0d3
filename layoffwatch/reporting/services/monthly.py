"""Monthly employment reports (月度用工报告, plan S3.1.1): validate and store one in a transaction;
a second report for the same month is its correction. Its cuts may raise a missing-report
finding (`findings.findings_raise`)."""

import datetime as dt

from django.db import transaction

from layoffwatch.audit.services import audit_batch, audit_record, snapshot
from layoffwatch.enterprises.models import Enterprise

from ..models import MonthlyReport, Receipt
from ..validation import clean_monthly
from .common import (
    Idempotency,
    Submitted,
    check_fields,
    lock_enterprise,
    receipt_issue,
    rejection_audited,
    remember,
    require_channel,
    require_scope,
    submitter,
)
from .corrections import monthly_report_supersede, require_monthly_code
from .findings import findings_raise

# what the "create" audit entry keeps of a new monthly report
AUDITED_FIELDS = [
    "receipt_no",
    "series_no",
    "version",
    "enterprise",
    "period",
    "channel",
    "headcount_start",
    "headcount_end",
    "separations",
    "planned_cuts_next",
    "headcount_gap",
    "headcount_gap_note",
]


def gap_summary(report: MonthlyReport) -> str:
    """ADR 0056: a report stored although its headcount does not add up says so in the audit."""
    if not report.headcount_gap:
        return ""
    return f"，人数不平（相差 {report.headcount_gap:+d} 人，报告人已确认：{report.headcount_gap_note[:100]}）"


def _store_monthly_rows(*, enterprise, fields, channel, actor, at, attachment) -> Submitted:
    lock_enterprise(enterprise)
    previous = monthly_report_supersede(enterprise, fields["period"])
    receipt_no = receipt_issue(Receipt.Kind.MONTHLY, at)
    report = MonthlyReport(
        receipt_no=receipt_no,
        series_no=previous.series_no if previous else receipt_no,
        version=previous.version + 1 if previous else 1,
        enterprise=enterprise,
        channel=channel,
        submitted_by=submitter(actor),
        submitted_at=at,
        **fields,
    )
    if attachment:
        report.attachment = attachment
    check_fields(report)
    report.save()
    findings_raise(reports=[report], at=at)
    audit_record(
        action="create",
        actor=actor,
        obj=report,
        summary=f"{enterprise.name} {report.period} 月度用工报告 {receipt_no}"
        + (f"（更正第 {report.version} 版）" if report.version > 1 else "")
        + gap_summary(report),
        after=snapshot(report, AUDITED_FIELDS),
    )
    return Submitted(report=report)


@transaction.atomic
def _store_monthly(*, idempotency=None, **kwargs) -> Submitted:
    with audit_batch():
        submitted = _store_monthly_rows(**kwargs)
        remember(idempotency, submitted)
    return submitted


def monthly_report_submit(
    *,
    enterprise: Enterprise,
    data: dict,
    channel: str,
    actor,
    at: dt.datetime,
    attachment=None,
    request=None,
    idempotency: Idempotency | None = None,
) -> Submitted:
    """Store a monthly employment report for `data["period"]` (YYYY-MM); a repeat is a correction.
    With `idempotency`, raises KeyAlreadyUsed (nothing stored) if the key was used before."""
    with rejection_audited(
        kind="monthlyreport", enterprise=enterprise, channel=channel, actor=actor, request=request
    ):
        require_scope(actor, enterprise)
        require_channel(channel)
        fields = clean_monthly(data=data, enterprise=enterprise, at=at)
        if actor is None:
            require_monthly_code(enterprise, fields["period"], data.get("correction_code") or "")
        return _store_monthly(
            enterprise=enterprise,
            fields=fields,
            channel=channel,
            actor=actor,
            at=at,
            attachment=attachment,
            idempotency=idempotency,
        )
