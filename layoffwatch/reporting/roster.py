"""The optional roster of affected workers attached to a layoff report (受影响职工名单, XLSX).

Columns: 姓名, 身份证号码, 联系电话, 意向 (就业 / 培训 / 创业 / 暂无). The registry import's reader
checks size and file type (enterprises/importing.py); each row is checked here and every problem
is reported with its row number, without ever repeating an ID number in a message (messages end up
in the audit log). ID numbers are checked by core.validators.validate_id_number, which accepts
Tongnan's old birthplace codes 500223 and 510227.
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop as N_
from openpyxl import Workbook
from openpyxl.styles import Font

from layoffwatch.core.clock import local_day
from layoffwatch.core.pii import keyed_hash
from layoffwatch.core.recorded import Recorded, listed, recorded
from layoffwatch.core.validators import validate_id_number, validate_phone
from layoffwatch.enterprises.importing import ImportRejected, _open_rows
from layoffwatch.enterprises.spreadsheet import cell_text
from layoffwatch.policy.selectors import reporting_limits

from .models import AffectedWorker
from .said import error_said, said

SHEET = "受影响职工名单"
HEADERS = {"姓名": "name", "身份证号码": "id_number", "联系电话": "phone", "意向": "intention"}
REQUIRED = ["姓名", "身份证号码"]
MAX_MESSAGES = 50
INTENTIONS = (
    {str(label): value for value, label in AffectedWorker.Intention.choices}
    | {value: value for value in AffectedWorker.Intention.values}
    | {"无": "none", "": "none"}
)
FIELD = "roster_file"


def template_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCD", (12, 24, 16, 10), strict=True):
        ws.column_dimensions[col].width = width
    max_rows = reporting_limits(local_day()).roster_max_rows
    for row in ws.iter_rows(min_row=2, max_row=max_rows + 1, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "@"  # ID numbers as text: Excel would round 18 digits
    ws.append(["（示例，请删除）张三", "", "13800000000", "就业"])
    ws["E1"] = "意向可填：就业、培训、创业、暂无；身份证号码请按文本格式填写"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _header_index(data: bytes):
    """The rows after the header and where each known column is; ValidationError on `roster_file`
    for a file that is not a readable XLSX or lacks a required column."""
    try:
        rows = _open_rows(data)
        header = [cell_text(h) for h in next(rows, None) or ()]
    except ImportRejected as exc:
        raise ValidationError(
            {
                FIELD: [
                    said(N_("受影响职工名单：%(problem)s"), problem=p.message) for p in exc.problems
                ]
            }
        )
    except Exception:
        raise ValidationError({FIELD: [said(N_("受影响职工名单不是有效的 XLSX 工作簿"))]})
    index = {name: i for i, name in enumerate(header) if name in HEADERS}
    missing = [h for h in REQUIRED if h not in index]
    if missing:
        raise ValidationError(
            {
                FIELD: [
                    said(
                        N_("受影响职工名单缺少列：%(columns)s（请使用名单模板）"),
                        columns=listed(missing),
                    )
                ]
            }
        )
    return rows, index


def _name(values: dict, bad: list) -> str:
    name = values.get("name", "")
    if not name:
        bad.append(recorded(N_("姓名不能为空")))
    elif len(name) > 40:
        bad.append(recorded(N_("姓名超过 40 个字")))
    return name


def _id_number(values: dict, bad: list) -> str | None:
    try:
        return validate_id_number(values.get("id_number", ""))
    except ValidationError as exc:
        bad.append(error_said(exc))
        return None


def _phone(values: dict, bad: list) -> str:
    phone = values.get("phone", "")
    if phone:
        try:
            phone = validate_phone(phone)
        except ValidationError as exc:
            bad.append(error_said(exc))
    return phone


def _intention(values: dict, bad: list) -> str | None:
    intention = INTENTIONS.get(values.get("intention", ""))
    if intention is None:
        bad.append(recorded(N_("意向应为 就业、培训、创业 或 暂无")))
    return intention


def _worker(
    values: dict, number: int, first_row_of: dict[str, int]
) -> tuple[dict, list[Recorded | str]]:
    """One row checked column by column: the worker's fields and what is wrong with them (each
    quoted by the row's message). An ID number seen on an earlier row is named by that row, never
    repeated (messages are audited)."""
    bad: list[Recorded | str] = []
    name = _name(values, bad)
    number_id = _id_number(values, bad)
    phone = _phone(values, bad)
    intention = _intention(values, bad)
    digest = None
    if number_id is not None:
        digest = keyed_hash(number_id)
        if digest in first_row_of:
            bad.append(recorded(N_("身份证号码与第 %(row)s 行重复"), row=first_row_of[digest]))
        else:
            first_row_of[digest] = number
    worker = {
        "name": name,
        "id_number": number_id,
        "id_hash": digest,
        "phone": phone,
        "intention": intention,
    }
    return worker, bad


def _workers(rows, index: dict[str, int], problems: list) -> list[dict]:
    """Every data row read; each problem goes into `problems` as "第 n 行：…", said in the
    language it is read in (`said`)."""
    out: list[dict] = []
    first_row_of: dict[str, int] = {}
    max_rows = reporting_limits(local_day()).roster_max_rows  # policy reporting.yaml, ADR 0092
    try:
        for number, row in enumerate(rows, start=2):
            values = {
                HEADERS[h]: cell_text(row[i] if i < len(row) else None) for h, i in index.items()
            }
            if not any(values.values()) or values.get("name", "").startswith("（示例"):
                continue
            if len(out) + len(problems) >= max_rows:
                raise ValidationError(
                    {FIELD: [said(N_("受影响职工名单超过 %(n)s 行"), n=max_rows)]}
                )
            worker, bad = _worker(values, number, first_row_of)
            if bad:
                problems += [
                    said(N_("第 %(row)s 行：%(problem)s"), row=number, problem=m) for m in bad
                ]
            else:
                out.append(worker)
    except ValidationError:
        raise
    except Exception:
        raise ValidationError({FIELD: [said(N_("受影响职工名单已损坏，无法读取"))]})
    return out


def parse_roster(data: bytes, *, planned_cut: int | None) -> list[dict]:
    """The roster's rows as AffectedWorker fields (id_hash included), or ValidationError on
    `roster_file` listing every problem by row: each message said when it is read, in the
    form's language on the page and in Chinese in the audit log (ADR 0100)."""
    rows, index = _header_index(data)
    problems: list = []
    out = _workers(rows, index, problems)
    if not problems and not out:
        problems.append(said(N_("受影响职工名单中没有数据行")))
    if not problems and planned_cut is not None and len(out) > planned_cut:
        problems.append(
            said(N_("名单共 %(n)s 人，多于计划裁减人数 %(cut)s 人"), n=len(out), cut=planned_cut)
        )
    if problems:
        shown = problems[:MAX_MESSAGES]
        if len(problems) > MAX_MESSAGES:
            shown.append(said(N_("……共 %(n)s 处问题"), n=len(problems)))
        raise ValidationError({FIELD: shown})
    return out
