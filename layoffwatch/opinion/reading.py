"""Reading a file of public-opinion items (plan S6.4 舆情收集; ADR 0107): what it is, and every
item in it, or every problem in it.

The intranet reaches no internet, so items come as files (ADR 0107):
- a monitoring service's export, CSV or XLSX, with a 内容 and a 发布时间 column (标题, 来源, 链接
  if it has them; the usual names of those columns are all understood);
- a news site's RSS or Atom file, saved from the site (feedparser reads both);
- the 12345 hotline's records, CSV or XLSX, told by their 工单编号 column.

All or nothing, as the other imports (ADR 0020): `read_items` reads the whole file and returns
its items, or raises ImportRejected with every problem, row by row, in Chinese (said in the
reader's language, ADR 0100). It writes nothing. A CSV file is UTF-8 (with or without a BOM) or
GB18030 (what Excel and WPS on a Chinese desktop save); anything else is refused by name.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_noop as N_

from layoffwatch.enterprises.importing import ImportRejected, Problem
from layoffwatch.enterprises.spreadsheet import cell_text
from layoffwatch.reporting.said import said

from .models import Source

# the columns as exports and the hotline name them: the first is the name the messages use
EXPORT_COLUMNS = {
    "text": ("内容", "正文", "摘要", "信息内容", "帖子内容"),
    "published": ("发布时间", "时间", "发文时间", "发帖时间"),
    "title": ("标题", "信息标题"),
    "source": ("来源", "媒体", "站点", "来源网站", "平台", "媒体名称"),
    "link": ("链接", "网址", "原文链接", "URL", "url"),
}
HOTLINE_COLUMNS = {
    "reference": ("工单编号", "工单号"),
    "published": ("来电时间", "受理时间"),
    "text": ("诉求内容", "来电内容", "内容"),
    "town": ("所属镇街", "镇街"),
    "title": ("诉求标题", "标题"),
}
REQUIRED = {
    Source.EXPORT: ("text", "published"),
    Source.HOTLINE: ("reference", "published", "text"),
}
HOTLINE_SOURCE = "12345热线"
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M",
    "%Y年%m月%d日",
)
MAX_TEXT = 20_000  # characters of one item: a long article, not a pasted book


@dataclass
class Item:
    kind: str
    source: str
    reference: str
    published_at: dt.datetime
    text: str
    title: str = ""
    link: str = ""
    town_name: str = ""
    row: int = 0


def read_items(data: bytes, file_name: str, *, at: dt.datetime) -> tuple[str, list[Item]]:
    """(the file's kind, its items); ImportRejected with every problem."""
    if not data:
        raise ImportRejected([Problem(None, "", said(N_("文件是空的（0 字节）")))])
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportRejected(
            [
                Problem(
                    None,
                    "",
                    said(
                        N_("文件超过 %(mb)s MB 的上限，请分批导入"),
                        mb=f"{settings.IMPORT_MAX_BYTES / 1048576:g}",
                    ),
                )
            ]
        )
    if _looks_like_feed(data):
        return Source.NEWS, _feed_items(data, file_name, at)
    rows = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    header = [cell_text(h) for h in next(rows, None) or ()]
    kind = Source.HOTLINE if _index(header, HOTLINE_COLUMNS).get("reference") is not None else None
    kind = kind or Source.EXPORT
    columns = HOTLINE_COLUMNS if kind == Source.HOTLINE else EXPORT_COLUMNS
    index = _index(header, columns)
    missing = [columns[key][0] for key in REQUIRED[kind] if index.get(key) is None]
    if missing:
        raise ImportRejected(
            [
                Problem(
                    1,
                    "、".join(missing),
                    said(
                        N_(
                            "缺少必需的列：%(columns)s。舆情监测导出须有“内容”和“发布时间”列，"
                            "12345热线工单须有“工单编号”“来电时间”和“诉求内容”列"
                        ),
                        columns="、".join(missing),
                    ),
                )
            ]
        )
    return kind, _table_items(rows, index, kind, file_name, at)


def _looks_like_feed(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf"))


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # UTF-16 decodes as GB18030 with NULs in it
            break
        return iter(csv.reader(io.StringIO(text, newline="")))
    raise ImportRejected(
        [
            Problem(
                None,
                "",
                said(
                    N_(
                        "文件编码无法识别：请保存为 UTF-8 或 GB18030（GBK）编码的 CSV，"
                        "或 XLSX 工作簿，或 RSS/Atom 文件"
                    )
                ),
            )
        ]
    )


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return workbook.worksheets[0].iter_rows(values_only=True)
    # why so broad: openpyxl raises many kinds of error on a damaged or foreign ZIP; each means
    # the same to the user
    except Exception:
        raise ImportRejected([Problem(None, "", said(N_("文件不是有效的 XLSX 工作簿")))])


def _index(header: list[str], columns: dict) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for key, names in columns.items():
        out[key] = next((i for i, h in enumerate(header) if h in names), None)
    return out


def _cell(row, i: int | None):
    if i is None or i >= len(row):
        return None
    return row[i]


def parse_time(value) -> dt.datetime | None:
    """A time as exports write it (a spreadsheet's datetime or date, or text in the usual
    forms, with or without seconds, ISO with an offset); a time without a zone is Tongnan's."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        text = re.sub(r"\s+", " ", cell_text(value)).strip()
        moment = _parse_text_time(text)
        if moment is None:
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _parse_text_time(text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form)
        except ValueError:
            continue
    return None


class _Check:
    """The rows' problems, and the items of the rows without any."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at
        self.problems: list[Problem] = []
        self.items: list[Item] = []
        self.first_row: dict[str, int] = {}

    def problem(self, row: int, column: str, msgid: str, **params) -> None:
        self.problems.append(Problem(row, column, said(msgid, **params)))

    def time(self, row: int, column: str, value) -> dt.datetime | None:
        moment = parse_time(value)
        if moment is None:
            if cell_text(value):
                self.problem(
                    row,
                    column,
                    N_("“%(text)s”不是可识别的时间，请写成 2026-12-05 14:30"),
                    text=cell_text(value),
                )
            else:
                self.problem(row, column, N_("不能为空"))
        elif moment > self.at:
            self.problem(row, column, N_("时间晚于现在，不能导入未来的信息"))
            return None
        return moment

    def text(self, row: int, column: str, value: str) -> str | None:
        if not value.strip():
            self.problem(row, column, N_("内容为空"))
            return None
        if len(value) > MAX_TEXT:
            self.problem(row, column, N_("内容超过 %(n)s 字"), n=MAX_TEXT)
            return None
        return value.strip()

    def link(self, row: int, column: str, value: str) -> str:
        if value and not re.match(r"^https?://\S+$", value):
            self.problem(
                row, column, N_("“%(text)s”不是网址（应以 http:// 或 https:// 开头）"), text=value
            )
        return value[:500]

    def once(self, row: int, column: str, reference: str) -> bool:
        if not reference:
            return True
        if reference in self.first_row:
            self.problem(row, column, N_("与第 %(row)s 行重复"), row=self.first_row[reference])
            return False
        self.first_row[reference] = row
        return True

    def done(self) -> list[Item]:
        if self.problems:
            raise ImportRejected(self.problems)
        if not self.items:
            raise ImportRejected([Problem(None, "", said(N_("文件中没有任何信息")))])
        return self.items


def _table_items(rows, index: dict, kind: str, file_name: str, at: dt.datetime) -> list[Item]:
    columns = HOTLINE_COLUMNS if kind == Source.HOTLINE else EXPORT_COLUMNS
    name = {key: names[0] for key, names in columns.items()}
    check = _Check(at)
    for number, row in enumerate(rows, start=2):
        values = {key: _cell(row, i) for key, i in index.items()}
        if not any(cell_text(v) for v in row or ()):
            continue
        text = check.text(number, name["text"], cell_text(values["text"]))
        moment = check.time(number, name["published"], values["published"])
        if kind == Source.HOTLINE:
            reference = cell_text(values["reference"])
            if not reference:
                check.problem(number, name["reference"], N_("不能为空"))
            source, link = HOTLINE_SOURCE, ""
        else:
            link = check.link(number, name["link"], cell_text(values.get("link")))
            source = cell_text(values.get("source")) or file_name
            reference = link
        fresh = check.once(number, name.get("reference") or name.get("link"), reference)
        if (
            text is None
            or moment is None
            or not fresh
            or (kind == Source.HOTLINE and not reference)
        ):
            continue
        check.items.append(
            Item(
                kind=kind,
                source=source[:100],
                reference=reference[:300],
                published_at=moment,
                text=text,
                title=cell_text(values.get("title"))[:300],
                link=link,
                town_name=cell_text(values.get("town")),
                row=number,
            )
        )
    return check.done()


def _feed_items(data: bytes, file_name: str, at: dt.datetime) -> list[Item]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        raise ImportRejected(
            [Problem(None, "", said(N_("文件不是有效的 RSS 或 Atom 文件，或其中没有任何条目")))]
        )
    source = (feed.feed.get("title") or file_name)[:100]
    check = _Check(at)
    for number, entry in enumerate(feed.entries, start=1):
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        text = check.text(
            number, N_("内容"), strip_tags(body) or strip_tags(entry.get("title", ""))
        )
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        moment = None
        if stamp is None:
            check.problem(number, N_("发布时间"), N_("条目没有发布时间"))
        else:
            moment = check.time(
                number, N_("发布时间"), dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC)
            )
        link = check.link(number, N_("链接"), entry.get("link", ""))
        reference = entry.get("id") or link
        if text is None or moment is None or not check.once(number, N_("链接"), reference):
            continue
        check.items.append(
            Item(
                kind=Source.NEWS,
                source=source,
                reference=reference[:300],
                published_at=moment,
                text=text,
                title=strip_tags(entry.get("title", ""))[:300],
                link=link,
                row=number,
            )
        )
    return check.done()
