"""Exports write user text as text, never as a live formula (ADR 0081).

Each export is downloaded through its page as a persona and opened again with openpyxl, the way
Excel/WPS reads the file: a name that looks like a formula reads back exactly as typed, and no
cell anywhere in the workbook is a formula.
"""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from layoffwatch.core.spreadsheets import append_row, csv_cell
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.testing.cases import local, report

pytestmark = pytest.mark.django_db

NAMES = ['=HYPERLINK("http://x","y")', "+1+2", "@SUM(A1)", "-3+4", "\t=1+1", "\r=1+1"]


def opened(content: bytes):
    return load_workbook(io.BytesIO(content))


def formula_cells(workbook) -> list[str]:
    return [
        f"{ws.title}!{cell.coordinate}"
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def column(workbook, header: str) -> list:
    ws = workbook.active
    at = [c.value for c in ws[1]].index(header)
    return [row[at] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_it_exports_formula_looking_enterprise_names_as_text(login, people, make_enterprise):
    for name in NAMES:
        make_enterprise(name=name)
    workbook = opened(login(people.sam).get("/enterprises/export.xlsx").content)
    assert formula_cells(workbook) == []
    assert set(NAMES) <= set(column(workbook, "企业名称"))
    # real numbers stay numbers
    assert all(isinstance(n, int) for n in column(workbook, "参保人数"))


def test_it_imports_its_own_export_of_such_names_and_changes_nothing(
    login, people, make_enterprise
):
    for name in NAMES[:4]:
        make_enterprise(name=name)
    client = login(people.sam)
    exported = client.get("/enterprises/export.xlsx").content
    snapshot = list(Enterprise.objects.order_by("pk").values())
    upload = SimpleUploadedFile(
        "export.xlsx",
        exported,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response = client.post("/enterprises/import/", {"file": upload})
    assert response.status_code == 302
    assert list(Enterprise.objects.order_by("pk").values()) == snapshot


def test_it_exports_formula_looking_names_in_the_alert_list_as_text(login, people, make_enterprise):
    at = local(2026, 3, 2, 9, 0)
    for name in NAMES:
        report(make_enterprise(name=name), cut=30, on=dt.date(2026, 3, 20), at=at)
    workbook = opened(login(people.sam).get("/alerts/export/").content)
    assert formula_cells(workbook) == []
    assert sorted(column(workbook, "企业名称")) == sorted(NAMES)
    assert all(isinstance(n, int) for n in column(workbook, "计算期内合计裁员人数"))


def test_a_negative_number_stays_a_number_and_a_formula_looking_text_keeps_its_text():
    wb = Workbook()
    append_row(wb.active, [-3, -2.5, "-3", "=1+1", "正常文字"])
    out = io.BytesIO()
    wb.save(out)
    cells = list(opened(out.getvalue()).active[1])
    assert [c.value for c in cells] == [-3, -2.5, "-3", "=1+1", "正常文字"]
    assert [c.data_type for c in cells] == ["n", "n", "s", "s", "s"]
    # Excel's "quote prefix": editing the cell in Excel/WPS keeps it text
    assert [c.quotePrefix for c in cells] == [False, False, True, True, False]


def test_a_csv_cell_that_looks_like_a_formula_gets_a_leading_quote():
    assert [csv_cell(v) for v in ["=1+1", "@A1", "桂林食品", -3]] == [
        "'=1+1",
        "'@A1",
        "桂林食品",
        -3,
    ]
