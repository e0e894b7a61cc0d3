"""Read a feed file (CSV, XLSX, Parquet), validate every row in DuckDB, write a Parquet temp file.

No database writes here (services.source_import does those and publishes the file). The whole
file is checked in bulk SQL, one expression per column, so a 10-million-row file is checked at
DuckDB's speed, not Python's (ADR 0062). Problems name the spreadsheet row (header = row 1) and the
column; any problem rejects the whole file (all-or-nothing) and leaves the lake untouched.
A clean file is read, checked, hashed and written in one streaming pass; only a file that fails
it is read into a table and searched for its bad rows (ADR 0062).

A file may hold several months (an insurance agency's quarter or half year; plan S3.1.3,
ADR 0097): it is checked and written as one, then split into one temp file per month; a bad row
in any month rejects the whole file. `convert` takes one month's file, `convert_months` any.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import pyexpat
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import iterparse

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
from django.utils.translation import gettext_noop as N_
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import from_ISO8601

from layoffwatch.core.pii import pii_subkey
from layoffwatch.core.recorded import Recorded, listed, recorded, shown, term, text_and_message

from . import lake
from .sources import Column, Source
from .sources.base import normalise_header

MAX_PROBLEMS = 100
FORMATS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


# a problem's place in the file, before its message (ADR 0100, amended 2026-12-07 (2))
WHERE = {
    (True, True): N_("第 %(row)s 行 “%(label)s”列（%(column)s）：%(message)s"),
    (True, False): N_("第 %(row)s 行：%(message)s"),
    (False, True): N_("文件 “%(label)s”列（%(column)s）：%(message)s"),
    (False, False): N_("文件：%(message)s"),
}

# the checks' messages, written by the SQL of `value_and_message` (each a msgid as it is)
CELL_MESSAGES = (
    N_("身份证号码应为18位（前17位为数字，最后一位为数字或X）"),
    N_("身份证号码中的出生日期不存在"),
    N_("身份证号码校验位错误"),
    N_("统一社会信用代码应为18位数字或大写字母"),
    N_("统一社会信用代码校验位错误"),
    N_("无法识别的月份（应写作 YYYY-MM）"),
    N_("无法识别的日期（应写作 YYYY-MM-DD）"),
    N_("不是数字"),
    N_("不能为负数"),
    N_("应为整数"),
    N_("失业率应在 0–100（%）之间"),
    N_("应填“是”或“否”"),
    N_("不是潼南区的镇街代码"),
    N_("不是国民经济行业代码（GB/T 4754-2017）"),
    N_("必填项为空"),
)
UNKNOWN_VALUE = re.compile(r"^不认识的取值“(?P<value>.*)”（可填：(?P<choices>[^（）]*)）$", re.S)


@dataclass(frozen=True)
class Problem:
    """One problem of a file: its Chinese `message` (as before) and its message `said`, to say
    it again in the reader's language (ADR 0100, amended 2026-12-07 (2))."""

    row: int | None  # spreadsheet row (header is row 1); None = the whole file
    column: str  # canonical name, or "" for the file
    label: str
    message: str
    said: dict | None = None

    @classmethod
    def of(cls, row: int | None, column: str, label: str, message: Recorded | str) -> Problem:
        text, said = text_and_message(message)
        return cls(row, column, label, text, said)

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        col = f"“{self.label}”列（{self.column}）" if self.column else ""
        return f"{where}{' ' + col if col else ''}：{self.message}"

    def recorded(self) -> Recorded:
        """The whole line (row, column, message) as a recorded message: its text is str(self)."""
        message = Recorded(self.message, self.said) if self.said else self.message
        params = {"message": message}
        if self.row:
            params["row"] = self.row
        if self.column:
            params.update(label=term(self.label), column=self.column)
        return recorded(WHERE[bool(self.row), bool(self.column)], **params)

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "message": str(self),
            "said": self.recorded().message,
        }

    def shown(self) -> str:
        return problem_shown(self.as_dict())


def problem_shown(problem) -> str:
    """A problem as a page shows it (a stored `Problem.as_dict()`, a Problem, or the text of
    one), in the reader's language; a problem stored without its message (an older run) reads
    as stored."""
    if isinstance(problem, Problem):
        return problem.shown()
    if isinstance(problem, dict):
        return shown(problem.get("said"), str(problem.get("message", "")))
    return str(problem)


def cell_said(text: str) -> Recorded | str:
    """A check's message (from the SQL of `value_and_message`) as a recorded message."""
    if text in CELL_MESSAGES:
        return recorded(text)
    if found := UNKNOWN_VALUE.match(text or ""):
        return recorded(
            N_("不认识的取值“%(value)s”（可填：%(choices)s）"),
            value=found["value"],
            choices=listed(found["choices"].split("、")),
        )
    return text


class ImportRejected(Exception):
    def __init__(self, problems: list[Problem], *, rows_read: int = 0, total: int | None = None):
        self.problems = problems[:MAX_PROBLEMS]
        self.total = total if total is not None else len(problems)
        self.rows_read = rows_read
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Converted:
    kind: str
    period: str
    rows_read: int
    temp: Path
    employers: list[str] = field(default_factory=list)
    sha256: str = ""
    size: int = 0

    @property
    def target(self) -> Path:
        """Where publishing puts the temp file: the kind's month in the lake."""
        return lake.lake_path(self.kind, self.period)


@dataclass(frozen=True)
class Progress:
    """How far a conversion is, for a person waiting on it (the command's lines, the import page).

    `step`: "read" (reading and checking: `percent` of the file, DuckDB's estimate, or `rows`
    read so far from an Excel sheet), "checked" (every row read and checked: `rows`, `months`),
    "split" (`written` of the `months` written to their own file), "published" (the months are
    in the lake)."""

    step: str
    rows: int | None = None
    percent: float | None = None
    months: tuple[tuple[str, int], ...] = ()  # (YYYY-MM, rows) in month order
    written: int = 0

    def __str__(self) -> str:
        n = len(self.months)
        if self.step == "read":
            if self.rows is not None:
                return f"正在读取文件：已读取 {self.rows:,} 行"
            return f"正在读取并检查文件：{self.percent or 0:.0f}%"
        if self.step == "checked":
            listed = "、".join(p for p, _rows in self.months)
            return f"已读取并检查 {self.rows or 0:,} 行，{n} 个月份：{listed}"
        if self.step == "split":
            return f"已写出 {self.written}/{n} 个月份"
        return f"已发布到数据湖：{n} 个月份"


# a progress callback (called from a helper thread while DuckDB reads: it must not use the database)
ProgressFn = Callable[[Progress], None]
# how often the helper thread asks DuckDB how far its query is
PROGRESS_POLL_SECONDS = 0.5


@contextmanager
def _progress_of(con, progress: ProgressFn | None) -> Iterator[None]:
    """While the block runs DuckDB queries on `con`, report their progress (percent of the file
    read) every PROGRESS_POLL_SECONDS from a helper thread. No callback: nothing is started."""
    if progress is None:
        yield
        return
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    stop = threading.Event()

    def watch() -> None:
        last = -1.0
        while not stop.wait(PROGRESS_POLL_SECONDS):
            percent = con.query_progress()
            # only forward: the checks after the pass are queries of their own, from 0 again
            if percent >= 0 and int(percent) > int(last):
                last = percent
                progress(Progress("read", percent=percent))

    watcher = threading.Thread(target=watch, name="import-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()


def _file_problem(message: Recorded | str) -> ImportRejected:
    return ImportRejected([Problem.of(None, "", "", message)])


class _HeaderError(ValueError):
    """A header the reader refuses, with its message (quoted in 无法打开 Excel 文件：…)."""

    def __init__(self, said: Recorded):
        self.said = said
        super().__init__(said.text)


def _reason(exc: Exception) -> Recorded | str:
    return exc.said if isinstance(exc, _HeaderError) else str(exc)


# ---------------------------------------------------------------- SQL per column type


def _q(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _ident(name: str) -> str:
    """A column name as a DuckDB identifier: in double quotes, inner ones doubled (a header is
    whatever the file's author typed)."""
    return '"' + str(name).replace('"', '""') + '"'


def _raw(c: Column) -> str:
    """The cell as _rows has it: trimmed, '' as NULL, upper-cased for codes (see _prepared)."""
    return _ident(c.name)


def _prepared(c: Column, header: str) -> str:
    """_rows' expressions for column c, computed once per row (the checks refer to them by name:
    repeating trim/upper inside 17 check-digit terms made the old checks ~6× slower)."""
    clean = f"nullif(trim({_ident(header)}), '')"
    if c.type in ("person_id", "uscc"):
        clean = f"upper({clean})"
    out = f"{clean} AS {_ident(c.name)}"
    if c.type == "person_id":
        out += f", {_id_digits(clean)} AS {_ident(c.name + '__digits')}"
    elif c.type in NUMERIC_TYPES:
        out += f", {_number(clean)} AS {_ident(c.name + '__number')}"
    return out


NUMERIC_TYPES = ("money", "number", "int")


def _id_check(v: str) -> str:
    total = " + ".join(f"substr({v}, {i + 1}, 1)::INT * {w}" for i, w in enumerate(ID_WEIGHTS))
    return f"substr('10X98765432', (({total}) % 11) + 1, 1)"


def _id_digits(v: str) -> str:
    """The first 17 digits of an ID number as one BIGINT (integer arithmetic beats 17 substr casts)."""
    return f"try_cast(left({v}, 17) AS BIGINT)"


def _id_check_int(x: str) -> str:
    total = " + ".join(f"(({x} // {10 ** (16 - i)}) % 10) * {w}" for i, w in enumerate(ID_WEIGHTS))
    return f"substr('10X98765432', (({total}) % 11)::BIGINT + 1, 1)"


def _uscc_check(v: str) -> str:
    a = _q(USCC_ALPHABET)
    total = " + ".join(
        f"(instr({a}, substr({v}, {i + 1}, 1)) - 1) * {w}" for i, w in enumerate(USCC_WEIGHTS)
    )
    return f"substr({a}, ((31 - (({total}) % 31)) % 31) + 1, 1)"


def _birth(v: str) -> str:
    return f"try_strptime(substr({v}, 7, 8), '%Y%m%d')::DATE"


def _date(v: str) -> str:
    return f"try_strptime({v}, ['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d', '%Y-%m-%d %H:%M:%S'])::DATE"


def _period(v: str) -> str:
    return f"strftime(try_strptime({v}, ['%Y-%m', '%Y%m', '%Y/%m', '%Y年%m月']), '%Y-%m')"


def _code(c: Column, v: str) -> str:
    if not c.value_aliases:
        return f"lower({v})"
    whens = " ".join(f"WHEN {_q(k.lower())} THEN {_q(val)}" for k, val in c.value_aliases.items())
    return f"CASE lower({v}) {whens} ELSE lower({v}) END"


def _number(v: str) -> str:
    return f"try_cast(replace(replace({v}, ',', ''), '，', '') AS DOUBLE)"


def value_and_message(c: Column) -> tuple[str, str]:
    """(typed value expression, Chinese message expression or NULL) for one column."""
    v = _raw(c)
    t = c.type
    if t == "person_id":
        u = v
        digits = _ident(c.name + "__digits")
        value = u
        message = (
            f"CASE WHEN NOT regexp_full_match({u}, '\\d{{17}}[\\dX]') "
            f"THEN '身份证号码应为18位（前17位为数字，最后一位为数字或X）' "
            f"WHEN {_birth(u)} IS NULL OR year({_birth(u)}) < 1900 THEN '身份证号码中的出生日期不存在' "
            f"WHEN {_id_check_int(digits)} <> right({u}, 1) THEN '身份证号码校验位错误' END"
        )
    elif t == "uscc":
        u = v
        value = u
        message = (
            f"CASE WHEN NOT regexp_full_match({u}, '[0-9A-HJ-NPQRTUWXY]{{18}}') "
            f"THEN '统一社会信用代码应为18位数字或大写字母' "
            f"WHEN {_uscc_check(u)} <> substr({u}, 18, 1) THEN '统一社会信用代码校验位错误' END"
        )
    elif t == "period":
        value = _period(v)
        message = f"CASE WHEN {value} IS NULL THEN '无法识别的月份（应写作 YYYY-MM）' END"
    elif t == "date":
        value = _date(v)
        message = f"CASE WHEN {value} IS NULL THEN '无法识别的日期（应写作 YYYY-MM-DD）' END"
    elif t in ("money", "number"):
        value = _ident(c.name + "__number")
        message = f"CASE WHEN {value} IS NULL OR isnan({value}) THEN '不是数字' WHEN {value} < 0 THEN '不能为负数' END"
    elif t == "int":
        n = _ident(c.name + "__number")
        value = f"try_cast({n} AS BIGINT)"
        message = (
            f"CASE WHEN {n} IS NULL OR {n} <> floor({n}) THEN '应为整数' "
            f"WHEN {n} < 0 THEN '不能为负数' END"
        )
    elif t == "rate":
        value = _number(f"replace({v}, '%', '')")
        message = f"CASE WHEN {value} IS NULL THEN '不是数字' WHEN {value} < 0 OR {value} > 100 THEN '失业率应在 0–100（%）之间' END"
    elif t == "code":
        value = _code(c, v)
        allowed = ", ".join(_q(x) for x in c.choices)
        shown = (
            "、".join([*c.value_aliases, *c.choices]) if c.value_aliases else "、".join(c.choices)
        )
        message = f"CASE WHEN {value} NOT IN ({allowed}) THEN '不认识的取值“' || {v} || '”（可填：{shown}）' END"
    elif t == "bool":
        value = (
            f"CASE WHEN lower({v}) IN ('是', '1', 'true', 'y', 'yes') THEN true "
            f"WHEN lower({v}) IN ('否', '0', 'false', 'n', 'no') THEN false END"
        )
        message = f"CASE WHEN ({value}) IS NULL THEN '应填“是”或“否”' END"
    elif t == "town":
        value = f"CASE WHEN length({v}) = 9 THEN {v} || '000' ELSE {v} END"
        message = (
            f"CASE WHEN {value} NOT IN (SELECT code FROM _towns) THEN '不是潼南区的镇街代码' END"
        )
    elif t == "industry":
        value = v
        message = f"CASE WHEN {value} NOT IN (SELECT code FROM _industries) THEN '不是国民经济行业代码（GB/T 4754-2017）' END"
    else:
        value, message = v, "NULL"
    required = "'必填项为空'" if c.required else "NULL"
    return value, f"CASE WHEN {v} IS NULL THEN {required} ELSE {message} END"


# ---------------------------------------------------------------- reading the file


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# rows per batch written to the XLSX's spool file: memory holds one batch, not the sheet
XLSX_BATCH = 20_000
# DuckDB's memory for checking an XLSX's rows (at most `imports.max_xlsx_rows`; it spills to
# the lake's scratch folder beyond this): with the workbook's strings, under 500 MB (ADR 0081)
XLSX_DUCKDB_MEMORY = "256MB"


# Excel's widest sheet (column XFD): a first row claiming more columns is not a spreadsheet
XLSX_MAX_COLUMNS = 16_384
_REL_WORKSHEET = "/worksheet"
_REL_SHARED_STRINGS = "/sharedStrings"
_CT_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _local(tag: str) -> str:
    """An XML name without its namespace ("{…main}row" → "row")."""
    return tag.rpartition("}")[2]


def _xml(book, name: str):
    """Events (start, end) of one part of the XLSX (a zip of XML files), read as they are
    needed. The parts are user-uploaded XML: expat expands no external entity, and from 2.4.0
    on stops entity-expansion ("billion laughs") documents, which `_xlsx_header` insists on."""
    return iterparse(book.open(name), events=("start", "end"))


def _text_content(element) -> str:
    """A string item's text as openpyxl reads it: the plain <t> and the rich-text runs' <t>, not
    the phonetic guide (<rPh>)."""
    plain = [c.text or "" for c in element if _local(c.tag) == "t"]
    runs = [
        t.text or "" for r in element if _local(r.tag) == "r" for t in r if _local(t.tag) == "t"
    ]
    return "".join(plain + runs).replace("x005F_", "")


def _rels(book, name: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target as a path in the zip) of a .rels part."""
    base = posixpath.dirname(posixpath.dirname(name))  # xl/_rels/workbook.xml.rels → xl
    out = {}
    for event, el in _xml(book, name):
        if event == "end" and _local(el.tag) == "Relationship":
            target = el.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            out[el.get("Id", "")] = (el.get("Type", ""), posixpath.normpath(path))
    return out


def _first_worksheet(book) -> tuple[str, str | None]:
    """(the first worksheet's part, the shared-strings part or None), from the workbook's list of
    sheets and its relationships, as openpyxl's `worksheets[0]` (chart sheets are skipped)."""
    workbook = "xl/workbook.xml"
    for _, (kind, target) in _rels(book, "_rels/.rels").items():
        if kind.endswith("/officeDocument"):
            workbook = target
    folder, file = posixpath.split(workbook)
    rels = _rels(book, posixpath.join(folder, "_rels", file + ".rels"))
    strings = next((t for k, t in rels.values() if k.endswith(_REL_SHARED_STRINGS)), None)
    if strings is None:  # openpyxl finds the table by its content type alone
        for event, el in _xml(book, "[Content_Types].xml"):
            if event == "end" and el.get("ContentType") == _CT_SHARED_STRINGS:
                strings = el.get("PartName", "").lstrip("/")
    for event, el in _xml(book, workbook):
        if event == "end" and _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
            kind, target = rels.get(rid, ("", ""))
            if kind.endswith(_REL_WORKSHEET):
                return target, strings
    raise ValueError("工作簿中没有工作表")


def _header_value(cell, shared: dict[int, str | None], column: int):
    """One header cell's value as openpyxl gives it (data only: a formula's cached value); a
    shared string is left as its index in `shared`, resolved once the table has been read."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((c for c in cell if _local(c.tag) == "is"), None)
        return None if inline is None else _text_content(inline)
    value = next((c.text for c in cell if _local(c.tag) == "v"), None) or None
    if value is None:
        return None
    if kind == "s":
        shared[column] = int(value)
        return None
    if kind == "n":
        return float(value) if any(c in value for c in ".eE") else int(value)
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return from_ISO8601(value)
    return value  # "str" (a formula's text), "e" (an error such as #N/A)


def _xlsx_header(path: Path) -> list[str]:
    """The first row of an XLSX's first sheet (trailing blank cells dropped), read straight from
    the file: the sheet's XML up to the end of its first row, then the shared-strings table only
    up to the last string that row uses. A bad header is thus refused in the time of reading
    one row, however large the file (ADR 0081); openpyxl would read the whole strings table
    first. Row 1 missing (the sheet starts lower) gives an empty header, as openpyxl."""
    if pyexpat.version_info < (2, 4, 0):  # no guard against entity-expansion bombs
        raise _file_problem(
            recorded(N_("服务器的 XML 解析组件版本过旧，暂不能导入 Excel 文件：请改用 CSV 文件"))
        )
    try:
        with zipfile.ZipFile(path) as book:
            sheet, strings = _first_worksheet(book)
            values, shared = _first_row(book, sheet)
            if shared:
                values.update(_shared_header_strings(book, strings, shared))
    except Exception as exc:  # zipfile, expat and the header checks: a damaged or foreign file
        raise _file_problem(recorded(N_("无法打开 Excel 文件：%(reason)s"), reason=_reason(exc)))
    width = max((c + 1 for c, v in values.items() if _cell_text(v)), default=0)
    return [_cell_text(values.get(i)) or "" for i in range(width)]


def _first_row(book, sheet: str) -> tuple[dict[int, object], dict[int, int]]:
    """(column → value, column → index in the shared-strings table) of the sheet's row 1, read
    up to the end of that row and no further; a sheet whose first row is lower has none."""
    values: dict[int, object] = {}
    shared: dict[int, int] = {}
    column = -1
    for event, el in _xml(book, sheet):
        name = _local(el.tag)
        if event == "start" and name == "row" and el.get("r", "1") != "1":
            break  # row 1 is empty
        if event == "end" and name == "c":
            column = _header_column(el, column)
            values[column] = _header_value(el, shared, column)
            el.clear()
        elif event == "end" and name == "row":
            break  # the header row is read: nothing after it
    return values, shared


def _header_column(cell, previous: int) -> int:
    """A header cell's column (0 = A): from its reference, or the one after the previous cell's
    when it has none."""
    ref = cell.get("r")
    column = coordinate_to_tuple(ref)[1] - 1 if ref else previous + 1
    if column >= XLSX_MAX_COLUMNS:
        raise _HeaderError(recorded(N_("第 1 行超过 %(n)s 列"), n=f"{XLSX_MAX_COLUMNS:,}"))
    return column


def _shared_header_strings(book, strings: str | None, shared: dict[int, int]) -> dict[int, str]:
    """column → text of the header cells kept in the shared-strings table, reading the table
    only up to the last string they use."""
    if strings is None:
        raise _HeaderError(recorded(N_("缺少共享字符串表")))
    wanted = {i: None for i in shared.values()}
    last, index = max(wanted), -1
    for event, el in _xml(book, strings):
        if event == "end" and _local(el.tag) == "si":
            index += 1
            if index in wanted:
                wanted[index] = _text_content(el)
            el.clear()
            if index == last:
                break  # the strings the header needs are read: stop
    if index < last:
        raise _HeaderError(recorded(N_("第 1 行引用的共享字符串不存在")))
    return {c: wanted[i] for c, i in shared.items()}


class _XlsxRows:
    """An XLSX sheet whose header row has been read straight from the file and nothing else
    (`_xlsx_header`): the header is checked (`_mapping`) before the workbook is opened, so a bad
    header is refused without reading the rows or the shared-strings table; `spool` then streams
    the rows in openpyxl's read-only mode (ADR 0081)."""

    def __init__(self, path: Path):
        self.path = path
        self.book = None
        header = _xlsx_header(path)
        # a streamed sheet's merged ranges come after its rows: a merged header cell shows as
        # an empty one between two named columns
        blank = [_column_letter(i) for i, h in enumerate(header) if not h.strip()]
        if blank:
            raise _file_problem(
                recorded(
                    N_(
                        "第 1 行表头第 %(columns)s 列没有列名（可能是合并单元格）："
                        "请取消合并，每列一个列名"
                    ),
                    columns=listed(blank),
                )
            )
        self.header = header

    def close(self) -> None:
        book = getattr(self, "book", None)
        if book is not None:
            book.close()

    def _data_rows(self):
        """The sheet's rows after the header, streamed (openpyxl read-only mode)."""
        try:
            self.book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            ws = self.book.worksheets[0]
            # why reset: read-only mode trusts the file's stated used range, which some
            # programs write wrongly (A1:A1); without it, rows are read as they are
            ws.reset_dimensions()
            rows = ws.iter_rows(values_only=True)
            header = [_cell_text(h) or "" for h in next(rows, ())]
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise _file_problem(
                recorded(N_("无法打开 Excel 文件：%(reason)s"), reason=_reason(exc))
            )
        while header and not header[-1]:
            header.pop()
        if header != self.header:  # the two readers must agree on the columns checked
            raise _file_problem(
                recorded(N_("无法读取 Excel 文件的表头：请在 Excel 中另存为 .xlsx 文件后再导入"))
            )
        return rows

    def spool(
        self, target: Path, *, max_rows: int | None, progress: ProgressFn | None = None
    ) -> int:
        """Write the data rows (blank rows skipped) to a Parquet file of text columns c0, c1, …
        batch by batch; stop at the row cap while reading. The number of rows written; each
        batch written is reported to `progress` (rows read so far)."""
        width = len(self.header)
        schema = pa.schema([(f"c{i}", pa.string()) for i in range(width)])
        count = 0
        batch: list[list[str | None]] = [[] for _ in range(width)]
        try:
            rows = self._data_rows()
            with pq.ParquetWriter(target, schema) as writer:
                for row in rows:
                    if row is None or all(v is None for v in row):
                        continue
                    count += 1
                    if max_rows is not None and count > max_rows:
                        raise _file_problem(
                            recorded(
                                N_(
                                    "文件的数据行超过 %(n)s 行的上限：请按月或按单位拆分，"
                                    "或改用 CSV、Parquet 文件导入"
                                ),
                                n=f"{max_rows:,}",
                            )
                        )
                    for i in range(width):
                        batch[i].append(_cell_text(row[i]) if i < len(row) else None)
                    if len(batch[0]) >= XLSX_BATCH:
                        writer.write_table(pa.table(batch, schema=schema))
                        batch = [[] for _ in range(width)]
                        if progress is not None:
                            progress(Progress("read", rows=count))
                if batch[0]:
                    writer.write_table(pa.table(batch, schema=schema))
        except ImportRejected:
            target.unlink(missing_ok=True)
            raise
        except Exception as exc:  # a damaged part of the sheet shows only when it is read
            target.unlink(missing_ok=True)
            raise _file_problem(recorded(N_("无法读取 Excel 文件：%(reason)s"), reason=str(exc)))
        finally:
            self.close()
            # the workbook keeps the file's shared strings (every distinct text): let them go
            # before DuckDB checks the rows
            self.book = rows = None
        return count


def _open(con, path: Path, fmt: str) -> tuple[list[str], str]:
    """(the header as written, a relation of the file's rows: all VARCHAR, in file order).

    Nothing is read beyond the header here: the one-pass conversion streams the relation, and
    only a file that fails it is materialised (`_materialise`) to find its bad rows. (An XLSX is
    opened by `_XlsxRows` instead, which DuckDB cannot stream.)"""
    p = _q(path.as_posix())
    if fmt == "csv":
        with open(path, "rb") as f:
            head = f.read(65536)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a cut multi-byte character at the end is fine
                raise _file_problem(
                    recorded(
                        N_(
                            "CSV 文件不是 UTF-8 编码（可能是 GBK）："
                            "请在 Excel 中另存为“CSV UTF-8”后再导入"
                        )
                    )
                )
        source = f"read_csv({p}, all_varchar = true, header = true, auto_detect = true, strict_mode = false)"
    else:
        source = f"read_parquet({p})"
    try:
        names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except Exception as exc:
        raise _file_problem(
            recorded(N_("无法读取文件：%(reason)s"), reason=str(exc).splitlines()[0])
        )
    cast = ", ".join(f"{_ident(n)}::VARCHAR AS {_ident(n)}" for n in names)
    return names, f"(SELECT {cast} FROM {source})"


def _materialise(con, relation: str) -> None:
    """Table _input, read once and kept in memory (spilling if needed) for the full check: each
    check scans it, and its rowid is the file order (preserve_insertion_order), so row numbers
    need no window function."""
    try:
        con.execute(f"CREATE TEMP TABLE _input AS SELECT * FROM {relation}")
    except Exception as exc:
        raise _file_problem(
            recorded(N_("无法读取文件：%(reason)s"), reason=str(exc).splitlines()[0])
        )


def _mapping(source: Source, header: list[str]) -> dict[str, str]:
    """Canonical column → header as written; misnamed, missing or repeated columns are problems."""
    aliases = source.header_map()
    found: dict[str, str] = {}
    problems = []
    for i, h in enumerate(header):
        canonical = aliases.get(normalise_header(h))
        letter = _column_letter(i)
        if canonical is None:
            problems.append(
                Problem.of(
                    1,
                    "",
                    "",
                    recorded(
                        N_(
                            "第 %(letter)s 列的列名“%(header)s”无法识别（%(source)s可用的列：%(known)s）"
                        ),
                        letter=letter,
                        header=h,
                        source=term(source.label),
                        known=_known(source),
                    ),
                )
            )
        elif canonical in found:
            problems.append(
                Problem.of(
                    1,
                    canonical,
                    source.column(canonical).label,
                    recorded(N_("第 %(letter)s 列与前面的列重复"), letter=letter),
                )
            )
        else:
            found[canonical] = h
    for c in source.columns:
        if c.required and c.name not in found:
            problems.append(Problem.of(1, c.name, c.label, recorded(N_("缺少此列"))))
    if problems:
        raise ImportRejected(problems)
    return found


def _known(source: Source):
    return listed(
        recorded(N_("%(label)s（%(name)s）"), label=term(c.label), name=c.name)
        for c in source.columns
    )


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


# ---------------------------------------------------------------- the conversion


def person_key_sql(expr: str) -> str:
    """The lake's person key: the first 8 bytes of core.pii.keyed_hash as UBIGINT (ADR 0061).

    One SHA-256 block per ID in SQL; `lake.person_key(keyed_hash(id))` gives the same number in
    Python, so lake rows still join with the app's records."""
    key = pii_subkey().hex()
    return f"('0x' || left(sha256(unhex('{key}') || encode({expr})), 16))::UBIGINT"


def convert(
    *,
    source: Source,
    path: Path,
    period: str | None,
    max_bytes: int,
    max_xlsx_bytes: int,
    towns: list[str],
    industries: list[str],
    max_xlsx_rows: int | None = None,
    con=None,
    one_pass: bool = True,
) -> Converted:
    """One month's file, as `convert_months` takes it: a file of several months is refused,
    naming them (the benchmarks and the test that both routes write the same file use this;
    imports go through `convert_months`)."""
    months = convert_months(
        source=source,
        path=path,
        period=period,
        max_bytes=max_bytes,
        max_xlsx_bytes=max_xlsx_bytes,
        towns=towns,
        industries=industries,
        max_xlsx_rows=max_xlsx_rows,
        con=con,
        one_pass=one_pass,
    )
    if len(months) == 1:
        return months[0]
    _discard(months)
    lake.discard_batch(months[0].temp.parent)
    pcol = source.column(source.period_column)
    periods = listed(
        recorded(N_("%(period)s（%(n)s 行）"), period=m.period, n=m.rows_read) for m in months[:12]
    )
    said = recorded(N_("文件包含多个月份：%(months)s。请按月分别导入"), months=periods)
    raise ImportRejected(
        [Problem.of(None, pcol.name, pcol.label, said)],
        rows_read=sum(m.rows_read for m in months),
    )


def convert_months(
    *,
    source: Source,
    path: Path,
    period: str | None,
    max_bytes: int,
    max_xlsx_bytes: int,
    towns: list[str],
    industries: list[str],
    max_xlsx_rows: int | None = None,
    con=None,
    one_pass: bool = True,
    progress: ProgressFn | None = None,
) -> list[Converted]:
    """Validate `path` as a `source` feed and write each of its months as Parquet to a temp file
    in the lake: one Converted per month, in month order (all or nothing: a problem anywhere
    raises ImportRejected and leaves no temp file).

    `one_pass=False` skips the one-pass conversion and always runs the full check (the test that
    both routes write the same file uses it; the product never does). `period` given: the file
    must be of that one month. `progress` hears how far it is (see Progress).

    1. refuse an unknown format or an oversized file before reading it;
    2. map the header (canonical names, Chinese labels, aliases); an XLSX is then streamed into
       a spool Parquet file of text columns, stopping at `max_xlsx_rows` (None: no cap; ADR 0081);
    3. type and check every cell in one pass (CREATE TABLE … AS SELECT);
    4. check the months and duplicate keys (within a month);
    5. hash person IDs (keeping age and sex) and COPY to a temp Parquet file;
    6. a file of several months: split it, one temp file per month (ADR 0097).
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _file_problem(
            recorded(
                N_("不支持的文件类型“%(suffix)s”：请上传 CSV、XLSX 或 Parquet 文件"),
                suffix=path.suffix,
            )
        )
    if not path.exists():
        raise _file_problem(recorded(N_("文件不存在")))
    size = path.stat().st_size
    limit = max_xlsx_bytes if fmt == "xlsx" else max_bytes
    if size > limit:
        raise _file_problem(
            recorded(
                N_("文件过大（%(size)s MB，上限 %(limit)s MB）：请按月或按单位拆分后导入"),
                size=f"{size / 2**20:,.0f}",
                limit=f"{limit / 2**20:,.0f}",
            )
        )
    if period is not None and _period_ok(period) is None:
        raise _file_problem(
            recorded(N_("导入月份“%(period)s”格式不对，应写作 YYYY-MM"), period=period)
        )
    con = con or lake.connect(memory_limit=XLSX_DUCKDB_MEMORY if fmt == "xlsx" else None)
    con.register("_towns", pa.table({"code": pa.array(towns, pa.string())}))
    con.register("_industries", pa.table({"code": pa.array(industries, pa.string())}))
    job = _Job(con=con, source=source, period=period, size=size, progress=progress)
    if fmt != "xlsx":
        header, relation = _open(con, path, fmt)
        found = _mapping(source, header)
        return _convert(job, found, relation, one_pass=one_pass)
    # ADR 0081: the header is checked before any row is read, the rows stream (read-only mode)
    # into a spool file one batch at a time, and reading stops at the row cap
    sheet = _XlsxRows(path)
    try:
        found = _mapping(source, sheet.header)
    except ImportRejected:
        sheet.close()
        raise
    spool = lake.temp_path(f"{source.kind}-xlsx")
    try:
        sheet.spool(spool, max_rows=max_xlsx_rows, progress=progress)
        select = ", ".join(f"c{i} AS {_ident(h)}" for i, h in enumerate(sheet.header))
        relation = f"(SELECT {select} FROM read_parquet({_q(spool.as_posix())}))"
        return _convert(job, found, relation, one_pass=one_pass)
    finally:
        spool.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Job:
    """What every step of one conversion needs: the DuckDB connection, the feed, the month asked
    for (or None), the file's size and whom to tell how far it is."""

    con: duckdb.DuckDBPyConnection
    source: Source
    period: str | None
    size: int
    progress: ProgressFn | None

    def tell(self, report: Progress) -> None:
        if self.progress is not None:
            self.progress(report)


def _convert(job: _Job, found: dict[str, str], relation: str, *, one_pass: bool) -> list[Converted]:
    """Steps 3–6 of `convert_months` on the file's rows (`relation`, every column VARCHAR)."""
    con, source = job.con, job.source
    columns = [c for c in source.columns if c.name in found]

    prepared = ", ".join(_prepared(c, found[c.name]) for c in columns)
    with _progress_of(con, job.progress):
        written = one_pass and _convert_in_one_pass(
            job, columns=columns, found=found, rows=f"(SELECT {prepared} FROM {relation})"
        )
    if written:
        return _months(job, found, *written)
    # the file failed the one-pass check (or could not be read): find and name its problems
    with _progress_of(con, job.progress):
        _materialise(con, relation)
    con.execute(f"CREATE TEMP VIEW _rows AS SELECT rowid + 2 AS _row, {prepared} FROM _input")
    rows_read = con.execute("SELECT count(*) FROM _input").fetchone()[0]
    if rows_read == 0:
        raise ImportRejected([Problem.of(None, "", "", recorded(N_("文件没有数据行")))])

    _refuse_bad_cells(con, columns, rows_read=rows_read)
    periods = _the_periods(con, source, job.period, rows_read=rows_read)
    _refuse_duplicate_keys(con, source, found, rows_read=rows_read, several=len(periods) > 1)
    if len(periods) == 1:
        temp = _write(con, source=source, found=found, rows="_rows", period=periods[0][0])
    else:
        pexpr = _period_expr(source.column(source.period_column))
        temp = _write(
            con,
            source=source,
            found=found,
            rows=f"(SELECT *, {pexpr} AS {MONTH} FROM _rows)",
            period=None,
            first=periods[0][0],
        )
    return _months(job, found, temp, periods)


def _months(job: _Job, found, temp: Path, periods: list[tuple[str, int]]) -> list[Converted]:
    """Step 6: the written file as one Converted per month. One month: the file itself. Several:
    each month COPYed to its own temp file in a folder of this import (`lake.batch_dir`, whose
    name groups them when they are published, ADR 0097), in file order; the whole file removed."""
    con, source = job.con, job.source
    job.tell(Progress("checked", rows=sum(n for _p, n in periods), months=tuple(periods)))
    written = f"read_parquet({_q(temp.as_posix())})"
    if len(periods) == 1:
        ((period, rows),) = periods
        try:
            employers = _employers(con, source, found, written)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return [Converted(source.kind, period, rows, temp, employers, size=job.size)]
    column = _ident(_month_column(source))
    folder = lake.batch_dir()
    out: list[Converted] = []
    try:
        for i, (period, rows) in enumerate(periods, start=1):
            target = folder / f"{source.kind}-{period}.parquet"
            con.execute(
                f"COPY (SELECT * FROM {written} WHERE {column} = {_q(period)}) "
                f"TO {_q(target.as_posix())} (FORMAT parquet, {lake.PARQUET_OPTIONS})"
            )
            month = f"read_parquet({_q(target.as_posix())})"
            employers = _employers(con, source, found, month)
            out.append(Converted(source.kind, period, rows, target, employers, size=job.size))
            job.tell(Progress("split", months=tuple(periods), written=i))
    except BaseException:
        _discard(out)
        lake.discard_batch(folder)
        raise
    finally:
        temp.unlink(missing_ok=True)
    return out


def _discard(months: list[Converted]) -> None:
    """Remove the temp files of a conversion that will not be published."""
    for m in months:
        m.temp.unlink(missing_ok=True)


def _refuse_bad_cells(con, columns: list[Column], *, rows_read: int) -> None:
    """Step 3 of the full check: every bad cell of `_rows`, by row and column (the first
    MAX_PROBLEMS of them, and how many in all)."""
    labels = {c.name: c.label for c in columns}
    counts = " + ".join(f"({_problem_count(c)})" for c in columns)
    total = con.execute(f"SELECT {counts}").fetchone()[0]
    if total:
        unions = " UNION ALL ".join(_problem_query(c) for c in columns)
        total = con.execute(f"SELECT count(*) FROM ({unions})").fetchone()[0]
        found_rows = con.execute(
            f"SELECT _row, col, msg FROM ({unions}) ORDER BY _row, col LIMIT {MAX_PROBLEMS}"
        ).fetchall()
        raise ImportRejected(
            [Problem.of(r, col, labels[col], cell_said(msg)) for r, col, msg in found_rows],
            rows_read=rows_read,
            total=total,
        )


def _the_periods(
    con, source: Source, period: str | None, *, rows_read: int
) -> list[tuple[str, int]]:
    """Step 4: the file's months and their rows, in month order (with `period` given, every row
    must be of it)."""
    pcol = source.column(source.period_column)
    pexpr = _period_expr(pcol)
    # the month of each distinct cell, not of each row: a feed has one or a few distinct months
    periods = con.execute(
        f"SELECT {pexpr} AS p, sum(n)::BIGINT FROM (SELECT {_ident(pcol.name)}, count(*) AS n "
        f"FROM _rows GROUP BY ALL) GROUP BY p ORDER BY p"
    ).fetchall()
    if period is None:
        return [(p, n) for p, n in periods]
    period = _period_ok(period)
    n = sum(count for p, count in periods if p != period)
    if n:
        wrong = con.execute(
            f"SELECT _row, {pexpr} FROM _rows WHERE {pexpr} <> ? ORDER BY _row "
            f"LIMIT {MAX_PROBLEMS}",
            [period],
        ).fetchall()
        raise ImportRejected(
            [
                Problem.of(
                    r,
                    pcol.name,
                    pcol.label,
                    recorded(
                        N_("月份为 %(month)s，与导入月份 %(period)s 不符"), month=p, period=period
                    ),
                )
                for r, p in wrong
            ],
            rows_read=rows_read,
            total=n,
        )
    return [(period, rows_read)]


def _refuse_duplicate_keys(
    con, source: Source, found: dict[str, str], *, rows_read: int, several: bool
) -> None:
    """Step 4: rows with the same key (a person's month at an employer, …)."""
    # duplicates: group 64-bit hashes of the typed key first, compare the few candidates exactly;
    # a file of one month leaves its month column out of the key (see _key_columns).
    keys = [value_and_message(source.column(k))[0] for k in _key_columns(source, found, several)]
    if keys:
        key = ", ".join(keys)
        dupes = con.execute(
            f"WITH cand AS (SELECT hash({key}) AS h FROM _rows GROUP BY h HAVING count(*) > 1) "
            f"SELECT min(_row), max(_row), count(*) FROM _rows "
            f"WHERE hash({key}) IN (SELECT h FROM cand) GROUP BY {key} HAVING count(*) > 1 "
            f"ORDER BY 1 LIMIT {MAX_PROBLEMS}"
        ).fetchall()
    else:
        dupes = []
    if dupes:
        keys_label = listed(term(source.column(k).label) for k in source.key)
        raise ImportRejected(
            [
                Problem.of(
                    first,
                    "",
                    "",
                    recorded(
                        N_("与第 %(last)s 行重复（%(keys)s相同，共 %(n)s 行）"),
                        last=last,
                        keys=keys_label,
                        n=n,
                    )
                    if n == 2
                    else recorded(
                        N_("与其他 %(others)s 行重复（%(keys)s相同，最后一行为第 %(last)s 行）"),
                        others=n - 1,
                        keys=keys_label,
                        last=last,
                    ),
                )
                for first, last, n in dupes
            ],
            rows_read=rows_read,
        )


# the columns whose few distinct values the one-pass conversion checks on the written file
CHECKED_AFTER_WRITING = ("uscc", "town", "industry")


def _convert_in_one_pass(
    job: _Job, *, columns, found, rows: str
) -> tuple[Path, list[tuple[str, int]]] | None:
    """The usual case, a clean file, in one streaming pass (ADR 0062): read, check, hash and write
    Parquet with no table in between; then count rows per month, duplicate keys and bad codes on
    the written file: (the written file, its months and their rows). Any doubt → None (the temp
    file removed), and the full check, which names every bad row and column, decides instead:
    this path accepts files, it never rejects one.

    Every per-row check of the full check runs here too, as a guard in the month column that
    stops the COPY at the first bad row (DuckDB's error(), see `_write`); employer, town and
    industry codes are checked once per distinct value in the written file, where they are
    stored as read. Each row keeps its own month (a file may hold several, ADR 0097) unless
    the month was given, which every row must then be of."""
    con, source = job.con, job.source
    pcol = source.column(source.period_column)
    if pcol.name not in found:
        return None
    rows = f"(SELECT *, {_period_expr(pcol)} AS {MONTH} FROM {rows})"
    if job.period is None:  # the first row's month: the age reference of most rows is a constant
        try:
            first = con.execute(f"SELECT {MONTH} FROM {rows} LIMIT 1").fetchone()
        except duckdb.Error:
            return None
        if first is None or first[0] is None:
            return None
        first, period = first[0], None
        checks = [f"{MONTH} IS NULL"]
    else:
        first = period = _period_ok(job.period)
        checks = [f"{MONTH} IS DISTINCT FROM {_q(period)}"]
    for c in columns:
        if c.type not in CHECKED_AFTER_WRITING:
            checks.append(f"({value_and_message(c)[1]}) IS NOT NULL")
        elif c.required:
            checks.append(f"{_ident(c.name)} IS NULL")
    try:
        temp = _write(
            con,
            source=source,
            found=found,
            rows=rows,
            period=period,
            first=first,
            guard=" OR ".join(checks),
        )
    except duckdb.Error:
        return None
    try:
        periods = _checked_months(con, source, found, columns, temp)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if periods is None:
        temp.unlink(missing_ok=True)
        return None
    return temp, periods


def _checked_months(
    con, source: Source, found, columns, temp: Path
) -> list[tuple[str, int]] | None:
    """The one pass's checks on its written file: (month, rows) in month order, or None when a
    code is bad, two rows share a key (within a month) or there is no row."""
    written = f"read_parquet({_q(temp.as_posix())})"
    periods = con.execute(
        f"SELECT {_ident(_month_column(source))} AS p, count(*) FROM {written} "
        "GROUP BY p ORDER BY p"
    ).fetchall()
    if not periods:
        return None
    for c in columns:
        if c.type not in CHECKED_AFTER_WRITING:
            continue
        message = value_and_message(c)[1]
        if con.execute(
            f"SELECT count({message}) FROM (SELECT DISTINCT {_ident(c.name)} FROM {written})"
        ).fetchone()[0]:
            return None
    keys = [
        "person_key" if source.column(k).type == "person_id" else _ident(k)
        for k in _key_columns(source, found, len(periods) > 1)
    ]
    # a 64-bit hash per key: equal hashes of different keys only send the file to the full
    # check, which compares the keys themselves
    if (
        keys
        and con.execute(
            f"SELECT count(*) > count(DISTINCT hash({', '.join(keys)})) FROM {written}"
        ).fetchone()[0]
    ):
        return None
    return [(p, n) for p, n in periods]


# the row's month (YYYY-MM) as the conversion computes it once per row, beside the file's columns
MONTH = '"__month"'


def _period_expr(pcol: Column) -> str:
    """The month (YYYY-MM) of a row, from the source's period column (a month or a date)."""
    value = value_and_message(pcol)[0]
    return value if pcol.type == "period" else f"strftime({value}, '%Y-%m')"


def _month_column(source: Source) -> str:
    """The lake file's month column: the feed's own month column, or `period` beside a date."""
    pcol = source.column(source.period_column)
    return pcol.name if pcol.type == "period" else "period"


def _key_columns(source: Source, found, several: bool = False) -> list[str]:
    """The duplicate key present in the file; in a file of one month the month column holds one
    value once checked, so it is left out (`several`: it stays, the key holds within a month)."""
    pcol = source.column(source.period_column)
    return [
        k
        for k in source.key
        if k in found and (several or not (k == pcol.name and pcol.type == "period"))
    ]


def _month_end(month: str) -> str:
    """SQL: the last day of a YYYY-MM month as the integer yyyymmdd (the age reference)."""
    day = f"last_day(strptime({month} || '-01', '%Y-%m-%d'))"
    return f"strftime({day}, '%Y%m%d')::INTEGER"


def _write(
    con,
    *,
    source: Source,
    found,
    rows: str,
    period: str | None,
    guard: str = "",
    first: str | None = None,
) -> Path:
    """COPY the typed rows to a temp Parquet file in the lake (removed again on any error).
    Person IDs become the keyed person_key plus age and sex (plan-wide: the lake holds no ID).

    `period` None: each row's month is its own (`rows` has it as MONTH), and `first`, the month
    most rows are expected to be of, has its age reference computed once."""
    pcol = source.column(source.period_column)
    value = _q(period) if period else MONTH
    # why the guard sits in the month column, not in a WHERE: DuckDB computes a projection's
    # shared sub-expressions (trimmed cells, ID digits) once, but would inline them into a filter
    # once per use (measured: 2× the time of the whole COPY at 10^7 rows)
    month = f"CASE WHEN {guard} THEN error('bad row') ELSE {value} END" if guard else value
    out = []
    for c in source.columns:
        if c.name not in found:
            out.append(f"NULL::{_sql_type(c)} AS {_ident(c.name)}")
        elif c.type == "person_id":
            col = _ident(c.name)
            digits = _ident(c.name + "__digits")
            ref = int(month_bounds_end(period or first).strftime("%Y%m%d"))
            if not period:
                ref = f"(CASE WHEN {MONTH} = {_q(first)} THEN {ref} ELSE {_month_end(MONTH)} END)"
            out.append(person_key_sql(col) + " AS person_key")
            # completed years at month end from the yyyymmdd integers (digits 7–14 of the ID)
            out.append(f"(({ref} - ({digits} // 1000) % 100000000) // 10000)::SMALLINT AS age")
            out.append(f"CASE WHEN {digits} % 2 = 1 THEN 'male' ELSE 'female' END AS sex")
        elif c.name == pcol.name and c.type == "period":
            out.append(f"{month} AS {_ident(c.name)}")
        else:
            out.append(f"{value_and_message(c)[0]}::{_sql_type(c)} AS {_ident(c.name)}")
    if pcol.type != "period":
        out.append(f"{month} AS period")
    temp = lake.temp_path(source.kind)
    try:
        # file order is kept by preserve_insertion_order (no ORDER BY: no sort of 10^7 rows)
        con.execute(
            f"COPY (SELECT {', '.join(out)} FROM {rows}) "
            f"TO {_q(temp.as_posix())} (FORMAT parquet, {lake.PARQUET_OPTIONS})"
        )
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _employers(con, source: Source, found, rows: str) -> list[str]:
    if not (source.employer_column and source.employer_column in found):
        return []
    return [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT {_ident(source.employer_column)} FROM {rows} ORDER BY 1"
        ).fetchall()
    ]


PER_ROW_TYPES = ("person_id", "money", "number", "int", "rate", "text")


def _problem_query(c: Column) -> str:
    """(_row, col, msg) for each bad cell of column c.

    Codes, months, dates, employers, towns and flags have few distinct values: each distinct
    value is checked once and only bad ones are joined back to their rows (an empty join in the
    usual case), so a 10^7-row file pays per-row checks only for IDs and numbers."""
    _value, message = value_and_message(c)
    if c.type in PER_ROW_TYPES:
        return (
            f"SELECT _row, {_q(c.name)} AS col, msg FROM "
            f"(SELECT _row, {message} AS msg FROM _rows) WHERE msg IS NOT NULL"
        )
    return (
        f"SELECT r._row, {_q(c.name)} AS col, d.msg FROM _rows AS r "
        f"JOIN ({_bad_values(c)}) AS d ON r.{_ident(c.name)} IS NOT DISTINCT FROM d.v"
    )


def _bad_values(c: Column) -> str:
    message = value_and_message(c)[1]
    return (
        f"SELECT {_ident(c.name)} AS v, msg FROM (SELECT {_ident(c.name)}, {message} AS msg "
        f"FROM (SELECT DISTINCT {_ident(c.name)} FROM _rows)) WHERE msg IS NOT NULL"
    )


def _problem_count(c: Column) -> str:
    """How many cells of column c are bad (an aggregate: DuckDB keeps the per-row expressions
    of _rows computed once, which a WHERE on the message would inline and repeat)."""
    if c.type in PER_ROW_TYPES:
        return f"SELECT count({value_and_message(c)[1]}) FROM _rows"
    # bad distinct values (> 0 is all that matters here); count(), not WHERE, so that the check
    # runs after DISTINCT instead of being pushed below it onto every row
    message = value_and_message(c)[1]
    return f"SELECT count({message}) FROM (SELECT DISTINCT {_ident(c.name)} FROM _rows)"


def month_bounds_end(period: str) -> dt.date:
    start = dt.datetime.strptime(period, "%Y-%m").date()
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _period_ok(text: str) -> str | None:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m").strftime("%Y-%m")
    except (ValueError, AttributeError):
        return None


def _sql_type(c: Column) -> str:
    return {
        "money": "DECIMAL(18,2)",
        "number": "DOUBLE",
        "rate": "DOUBLE",
        "int": "BIGINT",
        "date": "DATE",
        "bool": "BOOLEAN",
    }.get(c.type, "VARCHAR")
