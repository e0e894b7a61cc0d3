"""The alert list as a spreadsheet, with each alert's overdue case items."""

from layoffwatch.alerts.spreadsheet import alerts_xlsx
from layoffwatch.audit.services import audit_record

from ..selectors import overdue_count


def alerts_export(*, actor, alerts, filters: dict, request=None) -> bytes:
    """The filtered alert list as XLSX, with each alert's overdue case items; the export itself
    is audited (who, which filters, how many)."""
    rows = [(a, overdue_count(a)) for a in alerts]
    data = alerts_xlsx(rows)
    audit_record(
        action="export",
        actor=actor,
        object_type="alerts.alert",
        summary=f"导出预警清单 {len(rows)} 条",
        after={"filters": {k: v for k, v in filters.items() if v}, "rows": len(rows)},
        request=request,
    )
    return data
