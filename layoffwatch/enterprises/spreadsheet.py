"""The registry's XLSX format: one list of columns shared by the template, the export and the import.

ADR 0020: the export writes exactly these columns, so an exported file imports again unchanged.
The headers are a file format, not UI text: they stay Chinese whatever the UI language, so that a
file made in the English UI imports in the Chinese one.
"""

import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from layoffwatch.core.spreadsheets import append_row
from layoffwatch.core.validators import uscc_with_check_digit

from .models import Enterprise

DATA_SHEET = "企业名录"
HELP_SHEET = "填写说明"
YES, NO = "是", "否"
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×"}
# The template's example row; importing it unchanged is refused so it never lands in the registry.
EXAMPLE_USCC = uscc_with_check_digit("91500152MA5U00000")


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # model field name, or "" for a column the import does not read
    kind: str  # text, code, int, bool, choice, town, industry, user, info
    required: bool
    help: str
    width: int = 14


COLUMNS: list[Column] = [
    Column(
        "统一社会信用代码",
        "uscc",
        "code",
        True,
        "18 位，按 GB 32100 校验位检查；各登记机关代码（91、92、12、51、N2、Y1…）均可",
        22,
    ),
    Column("企业名称", "name", "text", True, "全称，最多 100 字", 32),
    Column("镇街", "town", "town", True, "潼南区镇街名称或 12 位统计用区划代码（见下表）", 14),
    Column(
        "行业代码",
        "industry",
        "industry",
        True,
        "GB/T 4754-2017 任意层级代码：C、36、367、3670（请按文本格式填写，保留开头的 0）",
        10,
    ),
    Column("行业名称", "", "info", False, "仅供阅读，导入时不读取（以行业代码为准）", 24),
    Column(
        "经济类型",
        "ownership",
        "choice",
        False,
        "可填：" + "、".join(str(label) for _, label in Enterprise.Ownership.choices),
        12,
    ),
    Column("参保人数", "insured_headcount", "int", False, "0–1000000 的整数", 10),
    Column("地址", "address", "text", False, "", 30),
    Column("法定代表人", "legal_representative", "text", False, "", 12),
    Column("联系人", "contact_name", "text", False, "", 10),
    Column(
        "联系电话",
        "contact_phone",
        "text",
        False,
        "手机 11 位，或区号-座机号（如 023-44551234）",
        16,
    ),
    Column("重点样本企业", "is_key_sample", "bool", False, "是 / 否（计划 S3.1.4）", 12),
    Column(
        "重点关注企业", "on_watch_list", "bool", False, "是 / 否（重点关注企业清单，计划 S2.3）", 12
    ),
    Column(
        "劳动密集型", "is_labour_intensive", "bool", False, "是 / 否；新增企业留空时按行业判断", 12
    ),
    Column("人力资源服务机构", "is_hr_agency", "bool", False, "是 / 否（计划 S3.1.2）", 14),
    Column("平台/新就业形态用工", "is_platform_employer", "bool", False, "是 / 否", 16),
    Column("服务专员账号", "commissioner", "user", False, "稳企惠企服务专员的登录账号", 14),
]
HEADERS = [c.header for c in COLUMNS]
BY_HEADER = {c.header: c for c in COLUMNS}
REQUIRED = [c.header for c in COLUMNS if c.required]
OWNERSHIP_BY_WORD = {str(label): value for value, label in Enterprise.Ownership.choices} | {
    value: value for value in Enterprise.Ownership.values
}


def row_of(e: Enterprise) -> list[Any]:
    """One enterprise as a row of the sheet (strings for codes, so Excel never rounds them)."""
    values = {
        "uscc": e.uscc,
        "name": e.name,
        "town": e.town.name,
        "industry": e.industry_id,
        "": e.industry.name,
        "ownership": str(e.get_ownership_display()),
        "insured_headcount": e.insured_headcount,
        "address": e.address,
        "legal_representative": e.legal_representative,
        "contact_name": e.contact_name,
        "contact_phone": e.contact_phone,
        "commissioner": e.commissioner.username if e.commissioner_id else "",
    }
    out = []
    for c in COLUMNS:
        if c.kind == "bool":
            out.append(YES if getattr(e, c.key) else NO)
        else:
            out.append(values[c.key])
    return out


def _header(ws) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ws.append(HEADERS)
    for i, c in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.freeze_panes = "A2"


def _help_sheet(wb: Workbook, towns) -> None:
    ws = wb.create_sheet(HELP_SHEET)
    ws.append(["企业名录导入说明"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            "1. 在“企业名录”工作表中每行填写一家企业；第 1 行列名不可修改；示例行（第 2 行）请删除或改写后再导入。"
        ]
    )
    ws.append(["2. 按统一社会信用代码匹配：名录中没有的新增，已有的更新；选填列留空表示保持原值。"])
    ws.append(["3. 整个文件全部通过检查才会导入；只要有一处错误，什么都不导入，并逐行列出错误。"])
    ws.append([])
    ws.append(["列名", "是否必填", "填写要求"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for c in COLUMNS:
        ws.append([c.header, "必填" if c.required else "选填", c.help])
    ws.append([])
    ws.append(["镇街名称", "12 位统计用区划代码", "类型"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for t in towns:
        ws.append([t.name, t.code, t.kind])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 70


def _bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def template_xlsx(*, towns) -> bytes:
    """The downloadable import template: header, one example row, and the help sheet with the towns."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    _header(ws)
    ws.append(
        [
            EXAMPLE_USCC,
            "（示例）潼南某某食品有限公司",
            "桂林街道",
            "1361",
            "肉制品及副产品加工",
            "私营",
            120,
            "重庆市潼南区桂林街道示例路 1 号",
            "张三",
            "李四",
            "023-44550000",
            NO,
            NO,
            YES,
            NO,
            NO,
            "",
        ]
    )
    _help_sheet(wb, towns)
    return _bytes(wb)


def export_xlsx(*, enterprises, towns) -> bytes:
    """The registry rows in the template's layout (same sheet, same columns, same help sheet)."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    _header(ws)
    for e in enterprises:
        append_row(ws, row_of(e))  # user text stays text (ADR 0081)
    _help_sheet(wb, towns)
    return _bytes(wb)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without '.0', None as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
