"""The layoff report list as XLSX (openpyxl): what the list shows, with the same filters, for
staff to file or pass on (plan S3.1.1)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from layoffwatch.core.clock import local_datetime
from layoffwatch.core.spreadsheets import append_row

HEADER = [
    "回执编号", "企业名称", "统一社会信用代码", "镇街", "计划裁减人数", "报告渠道", "版本",
    "状态", "预警等级", "提交时间",
]  # fmt: skip
WIDTHS = [24, 30, 22, 12, 10, 12, 6, 16, 16, 18]


def _state(report) -> str:
    if report.withdrawn:
        return "已撤回"
    return "现行" if report.is_current else "已更正"


def layoff_reports_xlsx(reports) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "裁员报告"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in reports:
        e = r.enterprise
        append_row(
            ws,
            [
                r.receipt_no, e.name, e.uscc, e.town.name if e.town_id else None, r.planned_cut,
                r.get_channel_display(), r.version, _state(r),
                r.alert.get_level_display() if r.alert_id else None,
                local_datetime(r.submitted_at).replace(tzinfo=None),
            ],
        )  # fmt: skip
    for col, width in zip("ABCDEFGHIJ", WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
