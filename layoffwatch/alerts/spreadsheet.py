"""The alert list as XLSX (openpyxl), for the bureau and the municipal bureau."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from layoffwatch.core.clock import local_datetime
from layoffwatch.core.spreadsheets import append_row

HEADER = [
    "预警编号", "企业名称", "统一社会信用代码", "镇街", "行业", "预警等级", "状态",
    "计算期内合计裁员人数", "分批裁员", "首批日期", "末批日期", "发布时间", "解除时间",
    "处置等级", "逾期事项", "政策参数版本",
]  # fmt: skip


def alerts_xlsx(rows) -> bytes:
    """`rows`: (alert, overdue count) pairs."""
    wb = Workbook()
    ws = wb.active
    ws.title = "预警清单"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for alert, overdue in rows:
        e = alert.enterprise
        case = getattr(alert, "case", None)
        append_row(
            ws,
            [
                alert.pk, e.name, e.uscc, e.town.name, f"{e.industry_id} {e.industry.name}",
                alert.get_level_display(), alert.get_status_display(), alert.total_in_window,
                "是" if alert.split else "否", alert.first_wave_on, alert.last_wave_on,
                local_datetime(alert.opened_at).replace(tzinfo=None),
                local_datetime(alert.lifted_at).replace(tzinfo=None) if alert.lifted_at else None,
                # the level the case is at (its steps are that level's and the lower ones')
                str(alert.Level(case.level).label) if case else None, overdue, alert.policy_version,
            ]
        )  # fmt: skip
    for col, width in zip(
        "ABCDEFGHIJKLMNOP",
        [8, 30, 22, 12, 28, 16, 8, 10, 8, 12, 12, 18, 18, 16, 8, 26],
        strict=True,
    ):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
