"""The layoff report list exported, and the export audited (who, which filters, how many)."""

from layoffwatch.audit.services import audit_record

from ..exports import layoff_reports_xlsx


def layoff_reports_export(*, actor, reports, filters: dict, request=None) -> bytes:
    rows = list(reports.select_related("enterprise__town", "alert"))
    data = layoff_reports_xlsx(rows)
    audit_record(
        action="export",
        actor=actor,
        object_type="reporting.layoffreport",
        summary=f"导出裁员报告清单 {len(rows)} 份",
        after={"filters": {k: v for k, v in filters.items() if v}, "rows": len(rows)},
        request=request,
    )
    return data
