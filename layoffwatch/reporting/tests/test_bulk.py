"""Bulk upload of monthly reports (ADR 0042): the XLSX template, all or nothing, row errors."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from layoffwatch.audit.models import AuditEntry
from layoffwatch.reporting.bulk import COLUMNS, DATA_SHEET
from layoffwatch.reporting.models import MissingReportFinding, MonthlyReport

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row(enterprise, **values) -> dict:
    base = {
        "统一社会信用代码": enterprise.uscc,
        "企业名称": enterprise.name,
        "报告月份": "2026-10",
        "月初职工人数": 120,
        "本月新增": 3,
        "本月减少": 5,
    }
    base.update(values)
    if all(isinstance(base[k], int) for k in ("月初职工人数", "本月新增", "本月减少")):
        # the headcount adds up (ADR 0056): 月末 = 月初 + 本月新增 − 本月减少
        base.setdefault("月末职工人数", base["月初职工人数"] + base["本月新增"] - base["本月减少"])
    return base


def workbook(*rows, headers=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    headers = headers or [c.header for c in COLUMNS]
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, data: bytes, name="月报.xlsx", content_type=XLSX):
    return client.post(
        "/reporting/bulk/", {"file": SimpleUploadedFile(name, data, content_type=content_type)}
    )


@pytest.fixture
def tina(people, login):
    return login(people.tina)


@pytest.fixture(autouse=True)
def november(time_machine):
    time_machine.move_to("2026-11-05 10:00 +08:00", tick=False)


def test_the_template_downloads_with_every_column_and_the_help_sheet(people, tina):
    response = tina.get("/reporting/bulk/template.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb[DATA_SHEET][1]] == [c.header for c in COLUMNS]
    assert "填写说明" in wb.sheetnames


def test_it_stores_every_row_with_a_receipt_and_channel_bulk(people, make_enterprise, tina):
    other = make_enterprise(name="桂林纸业有限公司")
    response = upload(tina, workbook(row(people.guilin_factory), row(other, 本月减少=2)))
    assert response.status_code == 200, response.content.decode()
    reports = MonthlyReport.objects.order_by("pk")
    assert [r.channel for r in reports] == ["bulk", "bulk"]
    assert all(r.receipt_no in response.content.decode() for r in reports)
    assert AuditEntry.objects.filter(action="import", summary__contains="2 份").exists()


def test_a_second_upload_of_the_same_month_is_a_correction(people, tina):
    upload(tina, workbook(row(people.guilin_factory)))
    upload(tina, workbook(row(people.guilin_factory, 本月减少=6)))
    first, second = MonthlyReport.objects.order_by("pk")
    assert (first.is_current, second.is_current) == (False, True)
    assert second.version == 2 and second.series_no == first.receipt_no


def test_one_bad_row_stores_nothing_and_every_problem_is_listed_by_row_in_chinese(
    people, make_enterprise, tina
):
    good = row(people.guilin_factory)
    bad = row(make_enterprise(), 月初职工人数="abc", 本月减少=-3, 经营状况="倒闭")
    outside = row(people.zitong_factory)  # 梓潼街道: not Tina's town
    response = upload(tina, workbook(good, bad, outside, dict(good)))
    assert response.status_code == 400
    text = response.content.decode()
    assert "第 3 行" in text and "月初职工人数应为整数" in text
    assert "本月减少人数不能为负数" in text and "“倒闭”不是有效的经营状况" in text
    assert "第 4 行" in text and "不在您的数据权限范围内" in text
    assert "第 5 行" in text and "与第 2 行是同一企业同一月份的报告" in text
    assert MonthlyReport.objects.count() == 0
    assert AuditEntry.objects.filter(action="rejected", summary__contains="月报.xlsx").exists()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("月报.csv", "统一社会信用代码,报告月份\n".encode(), "不是有效的 XLSX 工作簿"),
        ("月报.xlsx", b"%PDF-1.4 not a workbook", "不是有效的 XLSX 工作簿"),
        ("月报.xlsx", b"", "文件是空的"),
    ],
)
def test_wrong_file_types_are_refused(people, tina, name, data, message):
    response = upload(tina, data, name=name)
    assert response.status_code == 400 and message in response.content.decode()
    assert MonthlyReport.objects.count() == 0


def test_an_oversized_upload_is_refused(people, tina, settings):
    settings.IMPORT_MAX_BYTES = 2048
    data = workbook(
        *[
            row(people.guilin_factory, 备注="很长" * 200, 报告月份=f"2026-{m:02d}")
            for m in range(1, 11)
        ]
    )
    assert len(data) > 2048
    response = upload(tina, data)
    assert response.status_code == 400 and "文件超过" in response.content.decode()
    assert MonthlyReport.objects.count() == 0


def test_missing_columns_are_named(people, tina):
    response = upload(tina, workbook(headers=["统一社会信用代码", "企业名称"]))
    assert response.status_code == 400
    assert "缺少必填列：报告月份、月初职工人数、月末职工人数" in response.content.decode()


def test_an_enterprise_reporter_may_not_bulk_upload(people, login):
    response = upload(login(people.ed), workbook(row(people.guilin_factory)))
    assert response.status_code == 403 and MonthlyReport.objects.count() == 0


def test_a_bulk_row_with_20_separations_and_no_layoff_report_raises_a_finding(people, tina):
    upload(tina, workbook(row(people.guilin_factory, 本月减少=22)))
    finding = MissingReportFinding.objects.get()
    assert (finding.period, finding.basis, finding.count) == ("2026-10", "separations", 22)


def test_a_workbook_named_as_another_type_is_refused(people, tina):
    response = upload(tina, workbook(row(people.guilin_factory)), name="月报.xls")
    assert response.status_code == 400 and "不是有效的 XLSX 工作簿" in response.content.decode()
    assert MonthlyReport.objects.count() == 0
