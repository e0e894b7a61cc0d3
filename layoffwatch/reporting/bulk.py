"""Bulk upload of monthly employment reports (批量上传, ADR 0042): the XLSX template and its check.

The enterprise import's approach and reader (ADR 0020, enterprises/importing.py): the same size and
file-type checks, the same row-by-row `Problem` list, all-or-nothing. Each row is checked with the
same `clean_monthly` as the forms and the API, so a row gets exactly the message a form would show,
under the column header the user sees. `check_bulk` writes nothing. The file's own messages are
said when read (`said`): in the uploader's language on the page, in Chinese in the audit log
(ADR 0100); column headers are the template's Chinese names.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import listed
from layoffwatch.core.validators import normalize_uscc, uscc_with_check_digit, validate_uscc
from layoffwatch.enterprises.importing import ImportRejected, Problem, _open_rows
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.enterprises.spreadsheet import FALSE_WORDS, TRUE_WORDS, cell_text
from layoffwatch.policy.selectors import reporting_limits

from .models import MonthlyReport
from .said import error_said, said, said_list
from .validation import clean_monthly

DATA_SHEET = "月度用工报告"
HELP_SHEET = "填写说明"
CHUNK = 500
EXAMPLE_USCC = uscc_with_check_digit("91500152MA5U00000")
OPERATING = {str(label): value for value, label in MonthlyReport.Operating.choices} | {
    value: value for value in MonthlyReport.Operating.values
}


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # the field name of clean_monthly's data ("" = read for the user only)
    kind: str  # code, info, period, int, choice, decimal, bool, text
    required: bool
    help: str
    width: int = 12


COLUMNS = [
    Column("统一社会信用代码", "enterprise_uscc", "code", True, "18 位，企业须已在企业名录中", 22),
    Column("企业名称", "", "info", False, "仅供核对，导入时不读取（以信用代码为准）", 28),
    Column(
        "报告月份", "period", "period", True, "YYYY-MM，如 2026-10；同一企业同月再次上传即为更正"
    ),
    Column("月初职工人数", "headcount_start", "int", True, "含派遣人员"),
    Column("月末职工人数", "headcount_end", "int", True, "含派遣人员"),
    Column("本月新增", "hires", "int", False, "留空按 0"),
    Column("本月减少", "separations", "int", False, "含派遣人员；留空按 0"),
    Column("其中派遣新增", "dispatched_hires", "int", False, ""),
    Column("其中派遣减少", "dispatched_separations", "int", False, ""),
    Column(
        "人数核对无误",
        "confirm_headcount_gap",
        "bool",
        False,
        "月初 + 本月新增 − 本月减少 ≠ 月末时，核对无误填“是”并填写原因；否则该行不保存",
        14,
    ),
    Column("人数不平的原因", "headcount_gap_note", "text", False, "人数不平且确认无误时必填", 24),
    Column("经营状况", "operating_status", "choice", False, "正常 / 减产 / 停产；留空按正常"),
    Column("营业收入同比变化（%）", "revenue_change_pct", "decimal", False, "如 -12.5", 16),
    Column("工资足额按时发放", "wages_paid_in_full", "bool", False, "是 / 否；留空按是", 14),
    Column("欠薪金额（元）", "wage_arrears_amount", "decimal", False, "未足额发放时填写", 14),
    Column("欠薪月数", "wage_arrears_months", "int", False, "未足额发放时填写"),
    Column("下月计划新增", "planned_hires_next", "int", False, ""),
    Column("下月计划减少", "planned_cuts_next", "int", False, "含派遣人员"),
    Column("下月其中派遣新增", "planned_dispatched_hires_next", "int", False, "", 14),
    Column("下月其中派遣减少", "planned_dispatched_cuts_next", "int", False, "", 14),
    Column("备注", "remarks", "text", False, "最多 2000 字", 30),
]
BY_HEADER = {c.header: c for c in COLUMNS}
HEADER_OF = {c.key: c.header for c in COLUMNS if c.key}
REQUIRED = [c.header for c in COLUMNS if c.required]


def template_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append([c.header for c in COLUMNS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for i, c in enumerate(COLUMNS, start=1):
        ws.cell(row=1, column=i).font, ws.cell(row=1, column=i).fill = bold, fill
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.freeze_panes = "A2"
    example = {
        "enterprise_uscc": EXAMPLE_USCC,
        "": "（示例）潼南某某食品有限公司",
        "period": "2026-10",
        "headcount_start": 120,
        "headcount_end": 118,
        "hires": 3,
        "separations": 5,
        "dispatched_hires": 0,
        "dispatched_separations": 1,
        "confirm_headcount_gap": "",
        "headcount_gap_note": "",
        "operating_status": "正常",
        "revenue_change_pct": -3.5,
        "wages_paid_in_full": "是",
        "wage_arrears_amount": "",
        "wage_arrears_months": "",
        "planned_hires_next": 2,
        "planned_cuts_next": 0,
        "planned_dispatched_hires_next": 0,
        "planned_dispatched_cuts_next": 0,
        "remarks": "",
    }
    ws.append([example[c.key] for c in COLUMNS])
    for row in ws.iter_rows(min_row=2, max_row=2, max_col=3):
        for cell in row:
            cell.number_format = (
                "@"  # codes and months as text: Excel must not turn them into numbers
            )
    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.append(["月度用工报告批量上传说明"])
    help_ws["A1"].font = Font(bold=True, size=14)
    for line in [
        "1. 在“月度用工报告”工作表中每行填写一家企业一个月的报告；第 1 行列名不可修改；示例行（第 2 行）请删除或改写。",
        "2. 整个文件全部通过检查才会保存；只要有一处错误，不保存任何报告，并逐行列出错误。",
        "3. 同一企业同一月份已报告过的，本次上传作为更正（新版本），以前的版本全部保留。",
        "4. 本月减少或下月计划减少达到 20 人（含派遣人员）的，还须另行提交裁员报告。",
        "5. 月初职工人数 + 本月新增 − 本月减少应等于月末职工人数（均含派遣人员）。对不上的行不保存；"
        "如数字确实无误，请在“人数核对无误”填“是”并填写“人数不平的原因”。",
    ]:
        help_ws.append([line])
    help_ws.append([])
    help_ws.append(["列名", "是否必填", "填写要求"])
    for cell in help_ws[help_ws.max_row]:
        cell.font = bold
    for c in COLUMNS:
        help_ws.append([c.header, "必填" if c.required else "选填", c.help])
    help_ws.column_dimensions["A"].width = 24
    help_ws.column_dimensions["C"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class Row:
    number: int
    enterprise: Enterprise
    fields: dict  # clean_monthly's output


def _period(value) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%Y-%m}"
    text = cell_text(value)
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", text) or re.fullmatch(
        r"(\d{4})(\d{2})", text
    )
    return f"{m.group(1)}-{int(m.group(2)):02d}" if m else text


def _row_data(values: dict, number: int, problems: list[Problem]) -> dict:
    data: dict = {}
    for header, raw in values.items():
        col = BY_HEADER[header]
        if col.kind == "info":
            continue
        text = cell_text(raw)
        if col.kind == "period":
            data["period"] = _period(raw)
        elif not text:
            continue  # blank optional cell: clean_monthly's default; blank required: its message
        elif col.kind == "code":
            data[col.key] = normalize_uscc(text)
        elif col.kind == "choice":
            if text not in OPERATING:
                problems.append(
                    Problem(
                        number,
                        header,
                        said(N_("“%(text)s”不是有效的经营状况，可填：正常、减产、停产"), text=text),
                    )
                )
            else:
                data[col.key] = OPERATING[text]
        elif col.kind == "bool":
            if text.lower() in TRUE_WORDS:
                data[col.key] = True
            elif text.lower() in FALSE_WORDS:
                data[col.key] = False
            else:
                problems.append(
                    Problem(number, header, said(N_("应填“是”或“否”，实际为“%(text)s”"), text=text))
                )
        else:
            data[col.key] = text.replace(",", "").replace("，", "") if col.kind != "text" else text
    return data


def _read_header(rows) -> dict[str, int]:
    try:
        header = next(rows, None)
    except Exception:
        raise ImportRejected([Problem(None, "", said(N_("文件不是有效的 XLSX 工作簿")))])
    names = [cell_text(h) for h in header or ()]
    problems, index = [], {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name not in BY_HEADER:
            problems.append(
                Problem(1, name, said(N_("无法识别的列“%(name)s”，请使用模板中的列名"), name=name))
            )
        elif name in index:
            problems.append(Problem(1, name, said(N_("列“%(name)s”重复出现"), name=name)))
        else:
            index[name] = i
    missing = [h for h in REQUIRED if h not in index]
    if missing:
        problems.insert(
            0,
            Problem(
                1,
                said_list(missing),
                said(N_("缺少必填列：%(columns)s"), columns=listed(missing)),
            ),
        )
    if problems:
        raise ImportRejected(problems)
    return index


def _code_problems(uscc: str, number: int) -> list[Problem]:
    header = HEADER_OF["enterprise_uscc"]
    if not uscc:
        return [Problem(number, header, said(N_("统一社会信用代码不能为空")))]
    problems = []
    try:
        validate_uscc(uscc)
    except Exception as exc:
        problems.append(
            Problem(
                number,
                header,
                said(N_("“%(code)s”：%(problem)s"), code=uscc, problem=error_said(exc)),
            )
        )
    if uscc == EXAMPLE_USCC:
        problems.append(
            Problem(number, header, said(N_("这是模板中的示例行，请删除或改写后再上传")))
        )
    return problems


def _fields(data_row: dict, number: int, at: dt.datetime, problems: list[Problem]) -> dict | None:
    """The row through the forms' and the API's own check (clean_monthly), its messages under
    the column headers the user sees; None when it fails."""
    try:
        return clean_monthly(data=data_row, enterprise=None, at=at)
    except Exception as exc:  # ValidationError: one message per field
        # the errors, not their text: each message is said when read (ADR 0100)
        for field, errors in exc.error_dict.items():
            problems += [Problem(number, HEADER_OF.get(field, field), e.message) for e in errors]
        return None


class _Rows:
    """The data rows read so far: those that passed, each problem, the first row of each
    enterprise and month (a second one is refused), how many were not blank."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.parsed: list[tuple[int, dict, dict]] = []
        self.first_row_of: dict[tuple[str, str], int] = {}
        self.seen = 0

    def check(self, values: dict, number: int, at: dt.datetime) -> None:
        before = len(self.problems)
        data_row = _row_data(values, number, self.problems)
        uscc = data_row.get("enterprise_uscc", "")
        self.problems += _code_problems(uscc, number)
        fields = _fields(data_row, number, at, self.problems)
        key = (uscc, data_row.get("period", ""))
        if uscc and key in self.first_row_of:
            self.problems.append(
                Problem(
                    number,
                    HEADER_OF["enterprise_uscc"],
                    said(
                        N_("与第 %(row)s 行是同一企业同一月份的报告"),
                        row=self.first_row_of[key],
                    ),
                )
            )
        elif uscc:
            self.first_row_of[key] = number
        if len(self.problems) == before and fields is not None:
            self.parsed.append((number, data_row, fields))


def _read(rows, index: dict[str, int], at: dt.datetime) -> _Rows:
    """Every data row checked (blank rows skipped); ImportRejected for a file over the row limit
    (policy reporting.yaml, ADR 0092),
    a damaged one or one without data rows."""
    read = _Rows()
    max_rows = reporting_limits(local_day(at)).monthly_bulk_max_rows
    try:
        for number, row in enumerate(rows, start=2):
            if row is None or not any(cell_text(v) for v in row):
                continue
            read.seen += 1
            if read.seen > max_rows:
                raise ImportRejected(
                    [
                        Problem(
                            None,
                            "",
                            said(N_("数据超过 %(n)s 行的上限，请分批上传"), n=max_rows),
                        )
                    ]
                )
            values = {h: (row[i] if i < len(row) else None) for h, i in index.items()}
            read.check(values, number, at)
    except ImportRejected:
        raise
    except Exception:  # a damaged sheet part surfaces only while streaming the rows
        raise ImportRejected([Problem(None, "", said(N_("文件不是有效的 XLSX 工作簿，或已损坏")))])
    if not read.seen:
        raise ImportRejected(
            [Problem(None, "", said(N_("文件中没有数据行：请在列名下方逐行填写报告")))]
        )
    return read


def _in_scope(read: _Rows, actor) -> list[Row]:
    """The rows whose enterprise the actor may see (looked up in chunks); the others are
    problems, in the same words as an unknown code (ADR 0082)."""
    visible: dict[str, Enterprise] = {}
    usccs = sorted({d["enterprise_uscc"] for _n, d, _f in read.parsed})
    scope = enterprise_visible_to(actor)
    for i in range(0, len(usccs), CHUNK):
        for e in scope.filter(uscc__in=usccs[i : i + CHUNK]):
            visible[e.uscc] = e
    out = []
    for number, data_row, fields in read.parsed:
        enterprise = visible.get(data_row["enterprise_uscc"])
        if enterprise is None:
            read.problems.append(
                Problem(
                    number,
                    HEADER_OF["enterprise_uscc"],
                    said(
                        N_("%(code)s 不在企业名录中，或不在您的数据权限范围内"),
                        code=data_row["enterprise_uscc"],
                    ),
                )
            )
        else:
            out.append(Row(number=number, enterprise=enterprise, fields=fields))
    return out


def check_bulk(*, actor, data: bytes, at: dt.datetime) -> list[Row]:
    """Every row checked, or ImportRejected with each problem by row and column. Writes nothing."""
    rows = _open_rows(data)  # size limit (IMPORT_MAX_BYTES), XLSX or not: the registry's reader
    index = _read_header(rows)
    read = _read(rows, index, at)
    out = _in_scope(read, actor)
    if read.problems:
        read.problems.sort(key=lambda p: p.row or 0)
        raise ImportRejected(read.problems)
    return out
