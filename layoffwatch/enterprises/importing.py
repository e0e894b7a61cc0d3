"""Checking an enterprise import file (ADR 0020): one validation per file, returning a plan or every problem.

All-or-nothing: `check_import` reads the whole file, validates every row and either returns the
plan (what to create, what to update, how many rows are unchanged) or raises ImportRejected with a
row-by-row Chinese list of problems. It writes nothing. Lookups are bulk (towns, industries and
commissioners loaded once; existing enterprises fetched in chunks), never one query per row, so
a 10,000-row file with one bad row is refused in a second or two.
"""

import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from openpyxl import load_workbook

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.audit.services import audit_record
from layoffwatch.core.validators import normalize_uscc, validate_phone, validate_uscc
from layoffwatch.reference.models import Industry, Town

from .models import Enterprise
from .spreadsheet import (
    BY_HEADER,
    COLUMNS,
    DATA_SHEET,
    EXAMPLE_USCC,
    FALSE_WORDS,
    OWNERSHIP_BY_WORD,
    REQUIRED,
    TRUE_WORDS,
    cell_text,
)

MAX_ROWS = 200_000
CHUNK = 500  # USCCs per IN (...) query: well under SQLite's parameter limit
NOT_XLSX = gettext_lazy(
    "文件不是有效的 XLSX 工作簿。请下载模板，在 Excel / WPS 中填写后另存为 .xlsx 再上传（不支持 CSV、XLS 或改了扩展名的文件）"
)
HEADER_OF = {c.key: c.header for c in COLUMNS if c.key}
# clean_fields() reports by model field; the user reads column headers.
FIELD_HEADER = HEADER_OF | {"town_id": HEADER_OF["town"], "industry_id": HEADER_OF["industry"]}

# ADR 0082: a code registered to an enterprise the user cannot see is refused without saying that
# it exists (for a town's liaison, a data conflict for district staff to settle); who may see it
# (district staff, the enterprise's own town) is told it is taken.
CODE_NOT_HERE = gettext_lazy("该统一社会信用代码不能在此登记，请联系区人力社保局")


@dataclass
class Problem:
    row: int | None  # the spreadsheet's row number (1 = the header row); None: the file as a whole
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportRejected(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message if problems else "")
        self.problems = problems


def import_rejection_audited(
    exc: ImportRejected,
    *,
    what: str,
    actor,
    object_type: str,
    file_name: str,
    request=None,
    actor_label: str = "",
) -> None:
    """The one "rejected" entry of a refused file (`what`: 批量上传月度用工报告, 导入舆情信息 …):
    its first problems by row and column, in Chinese whatever the uploader's language (ADR 0100:
    the audit log keeps the bureau's words; the page shows the same problems in the reader's)."""
    with override(settings.LANGUAGE_CODE):
        problems = [
            {"row": p.row, "column": str(p.column), "message": str(p.message)}
            for p in exc.problems[:50]
        ]
    audit_record(
        action="rejected",
        actor=actor,
        actor_label=actor_label,
        object_type=object_type,
        object_id=file_name[:80],
        summary=f"{what}被拒绝（{file_name}）：{len(exc.problems)} 处问题："
        + "；".join(
            (f"第 {p['row']} 行 " if p["row"] else "") + f"{p['column']} {p['message']}"
            for p in problems[:5]
        ),
        after={"problems": problems},
        request=request,
    )


@dataclass
class Plan:
    creates: list[Enterprise] = field(default_factory=list)
    # (enterprise with the new values set, the values before, the changed attnames)
    updates: list[tuple[Enterprise, dict, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    rows: int = 0


def _open_rows(data: bytes):
    if not data:
        raise ImportRejected([Problem(None, "", _("文件是空的（0 字节），请选择填好的 XLSX 文件"))])
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportRejected(
            [
                Problem(
                    None,
                    "",
                    _("文件超过 %(mb)s MB 的上限，请分批导入") % {"mb": f"{limit / 1048576:g}"},
                )
            ]
        )
    if not data.startswith(b"PK\x03\x04"):  # an XLSX is a ZIP package; CSV or random bytes are not
        raise ImportRejected([Problem(None, "", str(NOT_XLSX))])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = (
            workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        )
        return sheet.iter_rows(values_only=True)
    # why so broad: openpyxl raises many kinds of error on a damaged or foreign ZIP (KeyError for a
    # missing part, BadZipFile, XML errors); each of them means the same thing to the user.
    except Exception:
        raise ImportRejected([Problem(None, "", str(NOT_XLSX))])


def _read_header(rows) -> dict[str, int]:
    try:
        header = next(rows, None)
    except Exception:
        raise ImportRejected([Problem(None, "", str(NOT_XLSX))])
    names = [cell_text(h) for h in header or ()]
    if not any(names):
        raise ImportRejected([Problem(1, "", _("工作表是空的：第 1 行应为模板中的列名"))])
    problems, index = [], {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name not in BY_HEADER:
            problems.append(
                Problem(1, name, _("无法识别的列“%(name)s”，请使用模板中的列名") % {"name": name})
            )
        elif name in index:
            problems.append(Problem(1, name, _("列“%(name)s”重复出现") % {"name": name}))
        else:
            index[name] = i
    missing = [h for h in REQUIRED if h not in index]
    if missing:
        problems.insert(
            0,
            Problem(
                1,
                "、".join(missing),
                _("缺少必填列：%(columns)s") % {"columns": "、".join(missing)},
            ),
        )
    if problems:
        raise ImportRejected(problems)
    return index


class _Lookups:
    """Everything a row refers to, loaded once per file."""

    def __init__(self):
        towns = list(Town.objects.all())
        self.town_names = "、".join(t.name for t in towns[:3]) + "…"
        self.towns = {t.code: t.code for t in towns} | {t.name: t.code for t in towns}
        self.industries = dict(Industry.objects.values_list("code", "labour_intensive"))
        self.commissioners = dict(
            User.objects.filter(role=Role.COMMISSIONER, is_active=True).values_list(
                "username", "pk"
            )
        )


# One parser per column kind (spreadsheet.COLUMNS): (the column, the cell's text, the lookups)
# → ({attname: value}, [Chinese messages naming each problem]). Blank cells never reach them.
Parsed = tuple[dict, list[str]]


def _code(col, text: str, lk: _Lookups) -> Parsed:
    code = normalize_uscc(text)
    out, bad = {}, []
    try:
        out["uscc"] = validate_uscc(code)
    except ValidationError as exc:
        bad.append(f"“{text}”：{exc.messages[0]}")
    if code == EXAMPLE_USCC:
        bad.append(_("这是模板中的示例行，请删除或改写后再导入"))
    return out, bad


def _town(col, text: str, lk: _Lookups) -> Parsed:
    town = lk.towns.get(text)
    if town is None:
        message = _(
            "未知的镇街“%(text)s”：应为潼南区镇街的名称或 12 位统计用区划代码（如 %(examples)s，见模板“填写说明”表）"
        ) % {"text": text, "examples": lk.town_names}
        return {}, [message]
    return {"town_id": town}, []


def _industry(col, text: str, lk: _Lookups) -> Parsed:
    code = text.upper()
    if code not in lk.industries:
        hint = _("（以 0 开头的代码请按文本格式填写）") if re.fullmatch(r"\d{1,3}", code) else ""
        message = _("未知的行业代码“%(text)s”：不是 GB/T 4754-2017 中的代码") % {"text": text}
        return {}, [message + hint]
    return {"industry_id": code}, []


def _ownership(col, text: str, lk: _Lookups) -> Parsed:
    if text not in OWNERSHIP_BY_WORD:
        labels = "、".join(str(label) for _value, label in Enterprise.Ownership.choices)
        return {}, [
            _("未知的经济类型“%(text)s”，可填：%(labels)s") % {"text": text, "labels": labels}
        ]
    return {"ownership": OWNERSHIP_BY_WORD[text]}, []


def _headcount(col, text: str, lk: _Lookups) -> Parsed:
    digits = text.replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d+", digits) or int(digits) > 1_000_000:
        return {}, [_("应为 0 到 1000000 之间的整数，实际为“%(text)s”") % {"text": text}]
    return {"insured_headcount": int(digits)}, []


def _yes_no(col, text: str, lk: _Lookups) -> Parsed:
    word = text.lower()
    if word in TRUE_WORDS:
        return {col.key: True}, []
    if word in FALSE_WORDS:
        return {col.key: False}, []
    return {}, [_("应填“是”或“否”，实际为“%(text)s”") % {"text": text}]


def _commissioner(col, text: str, lk: _Lookups) -> Parsed:
    pk = lk.commissioners.get(text)
    if pk is None:
        return {}, [_("找不到账号为“%(text)s”的服务专员") % {"text": text}]
    return {"commissioner_id": pk}, []


def _text_value(col, text: str, lk: _Lookups) -> Parsed:
    if col.key == "contact_phone":
        try:
            return {"contact_phone": validate_phone(text)}, []
        except ValidationError as exc:
            return {}, [f"“{text}”：{exc.messages[0]}"]
    return {col.key: text}, []


PARSERS = {
    "code": _code,
    "town": _town,
    "industry": _industry,
    "choice": _ownership,
    "int": _headcount,
    "bool": _yes_no,
    "user": _commissioner,
}


def _model_checks(out: dict, bad) -> None:
    """Lengths and the model's own validators, without any query (FKs were checked above)."""
    probe = Enterprise(
        **{k: v for k, v in out.items() if k not in ("town_id", "industry_id", "commissioner_id")}
    )
    checked = {k for k in out if not k.endswith("_id")}
    try:
        probe.clean_fields(
            exclude=[f.name for f in Enterprise._meta.fields if f.name not in checked]
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name in ("uscc", "contact_phone"):
                continue  # already reported above with the cell's text
            bad(FIELD_HEADER.get(name, name), "；".join(messages))


def _parse_row(
    values: dict[str, object], number: int, lk: _Lookups, problems: list[Problem]
) -> dict:
    """The row's provided values keyed by model attname. Blank optional cells are left out."""
    out: dict[str, object] = {}

    def bad(header: str, message: str) -> None:
        problems.append(Problem(number, header, message))

    for header, raw in values.items():
        col = BY_HEADER[header]
        text = cell_text(raw)
        if col.kind == "info":
            continue
        if not text:
            if col.required:
                bad(header, _("%(column)s不能为空") % {"column": header})
            continue
        values_read, messages = PARSERS.get(col.kind, _text_value)(col, text, lk)
        out.update(values_read)
        for message in messages:
            bad(header, message)
    _model_checks(out, bad)
    return out


def _existing(usccs: list[str]) -> dict[str, Enterprise]:
    found: dict[str, Enterprise] = {}
    for i in range(0, len(usccs), CHUNK):
        for e in Enterprise.objects.filter(uscc__in=usccs[i : i + CHUNK]):
            found[e.uscc] = e
    return found


def _read(rows, index: dict[str, int], lk: _Lookups, problems: list[Problem]):
    """Every data row parsed (blank rows skipped): (how many rows, the rows without a problem as
    (row number, values)). A code repeated within the file is a problem of the later row."""
    parsed: list[tuple[int, dict]] = []
    seen = 0
    first_row_of: dict[str, int] = {}
    try:
        for number, row in enumerate(rows, start=2):
            if row is None or not any(cell_text(v) for v in row):
                continue  # blank lines (and Excel's formatted-but-empty rows) are not data
            seen += 1
            if seen > MAX_ROWS:
                raise ImportRejected(
                    [Problem(None, "", _("数据超过 %(n)s 行的上限，请分批导入") % {"n": MAX_ROWS})]
                )
            values = {h: (row[i] if i < len(row) else None) for h, i in index.items()}
            before = len(problems)
            out = _parse_row(values, number, lk, problems)
            uscc = out.get("uscc")
            if uscc and uscc in first_row_of:
                problems.append(
                    Problem(
                        number,
                        HEADER_OF["uscc"],
                        _("统一社会信用代码 %(code)s 与第 %(row)s 行重复")
                        % {"code": uscc, "row": first_row_of[uscc]},
                    )
                )
            elif uscc:
                first_row_of[uscc] = number
            if len(problems) == before:
                parsed.append((number, out))
    except ImportRejected:
        raise
    except Exception:  # a damaged sheet part surfaces only while streaming the rows
        raise ImportRejected([Problem(None, "", str(NOT_XLSX))])
    if not seen:
        raise ImportRejected([Problem(None, "", _("文件中没有数据行：请在列名下方逐行填写企业"))])
    return seen, parsed


def _outside_town(actor, current: Enterprise | None, out: dict, number: int) -> Problem | None:
    """ADR 0082: a town's liaison imports only her own town's enterprises; a code registered in
    another town is refused without saying that it exists there."""
    if actor is None or actor.is_district_wide:
        return None
    if current is not None and current.town_id != actor.town_id:
        return Problem(number, HEADER_OF["uscc"], str(CODE_NOT_HERE))
    if out["town_id"] != actor.town_id:
        return Problem(
            number,
            HEADER_OF["town"],
            _("您只能导入本镇街（%(town)s）的企业") % {"town": actor.town},
        )
    return None


def _plan_row(plan: Plan, current: Enterprise | None, out: dict, lk: _Lookups, now) -> None:
    """A new code is created; a known one is updated with what changed, or counted unchanged."""
    if current is None:
        values = dict(out)
        values.setdefault("is_labour_intensive", lk.industries[out["industry_id"]])
        plan.creates.append(
            Enterprise(source=Enterprise.Source.IMPORT, created_at=now, updated_at=now, **values)
        )
        return
    changed = [k for k, v in out.items() if getattr(current, k) != v]
    if not changed:
        plan.unchanged += 1
        return
    before = {k: getattr(current, k) for k in changed}
    for k in changed:
        setattr(current, k, out[k])
    current.updated_at = now
    plan.updates.append((current, before, changed))


def check_import(*, actor, data: bytes) -> Plan:
    """Validate a whole import file for `actor`. Returns the plan; raises ImportRejected. Writes nothing."""
    rows = _open_rows(data)
    index = _read_header(rows)
    lk = _Lookups()
    problems: list[Problem] = []
    seen, parsed = _read(rows, index, lk, problems)
    existing = _existing([out["uscc"] for _, out in parsed])
    plan = Plan(rows=seen)
    now = timezone.now()
    for number, out in parsed:
        current = existing.get(out["uscc"])
        if (refused := _outside_town(actor, current, out, number)) is not None:
            problems.append(refused)
            continue
        _plan_row(plan, current, out, lk, now)
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise ImportRejected(problems)
    return plan
