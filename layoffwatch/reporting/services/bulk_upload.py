"""Bulk upload of monthly reports (批量上传, ADR 0042): many monthly reports from the XLSX template,
all or nothing. The rows are checked by `reporting.bulk.check_bulk`."""

import datetime as dt
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction

from layoffwatch.audit.refusals import refusals_recorded
from layoffwatch.audit.services import audit_record_many
from layoffwatch.enterprises.importing import (
    NOT_XLSX,
    ImportRejected,
    Problem,
    import_rejection_audited,
)
from layoffwatch.enterprises.models import Enterprise

from ..bulk import check_bulk
from ..models import Channel, MonthlyReport, Receipt
from .findings import findings_raise
from .monthly import gap_summary


def may_bulk_upload(actor) -> bool:
    return actor is not None and (
        actor.is_superuser or actor.role in ("admin", "section_staff", "town_liaison", "agency")
    )


def monthly_reports_bulk_submit(
    *, actor, data: bytes, filename: str, at: dt.datetime, request=None
) -> list[MonthlyReport]:
    """Store many monthly reports from the XLSX template (channel "bulk"), all or nothing.

    Every row is checked first (bulk.check_bulk); any problem stores nothing, audits one "rejected"
    entry and raises ImportRejected with the row-by-row list.
    """
    if not may_bulk_upload(actor):
        raise PermissionDenied("您的角色不能批量上传月度用工报告")
    with refusals_recorded(
        partial(
            import_rejection_audited,
            what="批量上传月度用工报告",
            actor=actor,
            object_type="reporting.monthlyreport",
            file_name=filename,
            request=request,
        ),
        kinds=(ImportRejected,),
    ):
        if data and not filename.lower().endswith(".xlsx"):
            raise ImportRejected([Problem(None, "", NOT_XLSX)])
        rows = check_bulk(actor=actor, data=data, at=at)
    return _store_bulk(actor=actor, rows=rows, filename=filename, at=at, request=request)


def _previous_versions(rows) -> dict:
    """The current report of each row's enterprise and month, locked and current no more: the
    row corrects it."""
    ids = sorted({r.enterprise.pk for r in rows})
    # why sorted: two uploads that share enterprises lock them in the same order (no deadlock).
    list(Enterprise.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    periods = {r.fields["period"] for r in rows}
    previous = {
        (m.enterprise_id, m.period): m
        for m in MonthlyReport.objects.filter(
            enterprise_id__in=ids, period__in=periods, is_current=True
        )
    }
    MonthlyReport.objects.filter(pk__in=[m.pk for m in previous.values()]).update(is_current=False)
    return previous


def _audit_stored(reports, *, actor, filename: str, request) -> None:
    """One "create" entry per report, then one "import" entry for the file."""
    audit_record_many(
        [
            {
                "action": "create",
                "actor": actor,
                "obj": r,
                "summary": f"{r.enterprise.name} {r.period} 月度用工报告 {r.receipt_no}"
                + (f"（更正第 {r.version} 版）" if r.version > 1 else "")
                + gap_summary(r)
                + f"，批量上传（{filename}）",
                "request": request,
            }
            for r in reports
        ]
        + [
            {
                "action": "import",
                "actor": actor,
                "object_type": "reporting.monthlyreport",
                "object_id": filename[:80],
                "summary": f"批量上传月度用工报告（{filename}）：{len(reports)} 份",
                "request": request,
            }
        ]
    )


@transaction.atomic
def _store_bulk(*, actor, rows, filename: str, at: dt.datetime, request=None):
    previous = _previous_versions(rows)
    receipts = Receipt.objects.bulk_create(
        [Receipt(kind=Receipt.Kind.MONTHLY, issued_at=at) for _ in rows]
    )
    reports = []
    for row, receipt in zip(rows, receipts, strict=True):
        before = previous.get((row.enterprise.pk, row.fields["period"]))
        reports.append(
            MonthlyReport(
                receipt_no=receipt.number,
                series_no=before.series_no if before else receipt.number,
                version=before.version + 1 if before else 1,
                enterprise=row.enterprise,
                channel=Channel.BULK,
                submitted_by=actor,
                submitted_at=at,
                **row.fields,
            )
        )
    reports = MonthlyReport.objects.bulk_create(reports, batch_size=500)
    findings_raise(reports=reports, at=at)
    _audit_stored(reports, actor=actor, filename=filename, request=request)
    return reports
