"""Writing user text into spreadsheets without it becoming a formula (ADR 0081).

An enterprise named `=HYPERLINK("http://…","点击")` must open in Excel/WPS as that text, not as a
live link or a calculation. openpyxl turns any string starting with `=` into a formula cell; Excel
and WPS also re-read `+ - @` (and a leading tab or CR) as a formula once the cell is edited.

`append_row` writes such strings as text cells (`data_type="s"`) with Excel's own "quote prefix"
style — what Excel stores when a user types `'=…`: the value is unchanged (reading the file back
gives the original text, so an export imports again unchanged, ADR 0020), Excel shows it as typed,
and editing the cell keeps it text. Numbers, dates and None are written as they are: a real -3
stays a number.

There is no CSV export today; one would prefix such a cell with a single quote (`csv_cell`, the
OWASP convention), since a CSV file has no text type.
"""

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # a download's type

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    """True for a string a spreadsheet program would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def append_row(ws, values: Iterable[Any]) -> None:
    """`ws.append(values)`, with every formula-looking string written as plain text."""
    ws.append([_text_cell(ws, v) if looks_like_formula(v) else v for v in values])


def _text_cell(ws, value: str) -> Cell:
    cell = Cell(ws, value=value)  # openpyxl makes "=…" a formula on assignment
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: formula-looking strings get a leading single quote (OWASP)."""
    return "'" + value if looks_like_formula(value) else value
