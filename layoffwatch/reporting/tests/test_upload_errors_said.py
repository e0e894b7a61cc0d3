"""A bad bulk file and a bad roster say their problems in the reader's language, by row and
column, and the audit log keeps them in Chinese (ADR 0100: shown at once in the reader's
language; the audit log keeps the bureau's words)."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from layoffwatch.audit.models import AuditEntry
from layoffwatch.reporting.models import AffectedWorker, LayoffReport, MonthlyReport
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.testing.reports import layoff_body, soon

from .test_bulk import row, upload, workbook
from .test_qr_extras import OLD_TONGNAN, TODAY, nonce_of, qr, roster_xlsx  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def november(time_machine):
    time_machine.move_to("2026-11-05 10:00 +08:00", tick=False)


def bad_bulk_file(people, make_enterprise) -> bytes:
    good = row(people.guilin_factory)
    bad = row(make_enterprise(), 经营状况="倒闭", 工资足额按时发放="也许")
    outside = row(people.zitong_factory)  # 梓潼街道: not Tina's town
    short = row(people.guilin_factory, 统一社会信用代码="91500152MA5U", 报告月份="2026-09")
    return workbook(good, bad, outside, dict(good), short)


def test_a_bad_bulk_file_lists_its_problems_in_english_by_row_and_column(
    people, make_enterprise, login
):
    tina = login(people.tina)
    tina.cookies["django_language"] = "en"
    response = upload(tina, bad_bulk_file(people, make_enterprise))
    assert response.status_code == 400
    text = response.content.decode()
    assert "“倒闭” is not a valid operating status; enter 正常 (normal)" in text
    assert "Must be “是” (yes) or “否” (no), got “也许”" in text
    assert f"{people.zitong_factory.uscc} is not in the registry, or not within your scope" in text
    assert "Same enterprise and month as row 2" in text
    assert "“91500152MA5U”: A unified social credit code has 18 characters; this one has 12" in text
    assert "Row 3" in text and "Row 5" in text and "经营状况" in text  # the file's column
    assert "不是有效的经营状况" not in text and "同一企业同一月份" not in text
    assert MonthlyReport.objects.count() == 0
    # the audit log keeps the bureau's words, as a Chinese upload would have written them
    audit = AuditEntry.objects.get(action="rejected", object_type="reporting.monthlyreport")
    assert "第 3 行 经营状况 “倒闭”不是有效的经营状况，可填：正常、减产、停产" in audit.summary
    messages = [p["message"] for p in audit.after["problems"]]
    assert "与第 2 行是同一企业同一月份的报告" in messages
    assert "应填“是”或“否”，实际为“也许”" in messages
    assert "“91500152MA5U”：统一社会信用代码应为 18 位，实际 12 位" in messages


def test_the_same_bulk_file_reads_in_chinese_as_before(people, make_enterprise, login):
    response = upload(login(people.tina), bad_bulk_file(people, make_enterprise))
    text = response.content.decode()
    assert "“倒闭”不是有效的经营状况，可填：正常、减产、停产" in text
    assert "应填“是”或“否”，实际为“也许”" in text
    assert f"{people.zitong_factory.uscc} 不在企业名录中，或不在您的数据权限范围内" in text
    assert "与第 2 行是同一企业同一月份的报告" in text
    assert "“91500152MA5U”：统一社会信用代码应为 18 位，实际 12 位" in text
    assert "is not a valid operating status" not in text


def test_missing_and_unknown_columns_are_named_in_english(people, login):
    tina = login(people.tina)
    tina.cookies["django_language"] = "en"
    response = upload(tina, workbook(headers=["统一社会信用代码", "企业名称", "工号"]))
    text = html.unescape(response.content.decode())
    assert "Required columns missing: 报告月份, 月初职工人数, 月末职工人数" in text
    assert "Unknown column “工号”; use the template's column names" in text
    audit = AuditEntry.objects.get(action="rejected", object_type="reporting.monthlyreport")
    assert "缺少必填列：报告月份、月初职工人数、月末职工人数" in audit.summary


WRONG_CHECK = OLD_TONGNAN[:-1] + ("0" if OLD_TONGNAN[-1] != "0" else "1")


def bad_roster() -> bytes:
    return roster_xlsx(
        ("张三", OLD_TONGNAN, "13800000001", "就业"),
        ("李四", TODAY, "12345", "出国"),
        ("张三", OLD_TONGNAN, "", ""),
        ("", TODAY, "", ""),
        ("王五", WRONG_CHECK, "", ""),
    )


def post_roster(qr, language: str | None):  # noqa: F811
    browser = Client()
    if language:
        browser.cookies["django_language"] = language
    page = browser.get(f"/public/report/{qr.token}/")
    return browser.post(
        f"/public/report/{qr.token}/",
        {
            "nonce": nonce_of(page),
            "planned_cut": "30",
            "wave_date_1": soon(7),
            "contact_name": "王芳",
            "contact_phone": "13800000000",
            "roster_file": SimpleUploadedFile("名单.xlsx", bad_roster()),
        },
    ).content.decode()


def test_a_bad_roster_names_each_row_in_english_and_is_audited_in_chinese(people, qr):  # noqa: F811
    text = post_roster(qr, "en")
    assert "Row 3: The intention must be 就业 (employment)" in text
    assert "Row 4: The ID number repeats row 2" in text
    assert "Row 5: The name must not be empty" in text
    assert "Row 3: The phone number is not valid" in text
    assert (
        f"Row 6: The ID number&#x27;s check character is wrong (the last one should be "
        f"{OLD_TONGNAN[-1]})" in text
    )
    assert "意向应为" not in text and "行重复" not in text and "姓名不能为空" not in text
    assert "校验位" not in text and "电话号码" not in text and WRONG_CHECK not in text
    assert LayoffReport.objects.count() == 0 and AffectedWorker.objects.count() == 0
    audit = AuditEntry.objects.get(action="rejected", object_type="reporting.layoffreport")
    assert "第 3 行：电话号码格式不正确（手机 11 位，或区号-座机号）" in audit.summary
    assert audit.actor_label.startswith("匿名（")


def test_a_bad_roster_names_each_row_in_chinese_as_before(people, qr):  # noqa: F811
    text = post_roster(qr, None)
    assert "第 3 行：意向应为 就业、培训、创业 或 暂无" in text
    assert "第 4 行：身份证号码与第 2 行重复" in text
    assert "第 5 行：姓名不能为空" in text
    assert f"第 6 行：身份证号码校验位错误（最后一位应为 {OLD_TONGNAN[-1]}）" in text
    assert "Row 3" not in text


def test_a_roster_longer_than_the_cut_says_so_in_the_readers_language(people):
    def submit(language):
        with translation.override(language), pytest.raises(Exception) as caught:
            layoff_report_submit(
                enterprise=people.guilin_factory,
                data=layoff_body(people.guilin_factory, planned_cut=1),
                channel="api",
                actor=people.ed,
                at=timezone.now(),
                roster=roster_xlsx(("张三", OLD_TONGNAN), ("李四", TODAY)),
            )
        with translation.override(language):
            return caught.value.message_dict["roster_file"][0]

    assert submit("en") == "The roster lists 2 people, more than the 1 planned to be cut"
    assert submit("zh-hans") == "名单共 2 人，多于计划裁减人数 1 人"
    summaries = AuditEntry.objects.filter(action="rejected").values_list("summary", flat=True)
    assert all("名单共 2 人，多于计划裁减人数 1 人" in s for s in summaries) and len(summaries) == 2


def test_a_bulk_rows_figures_are_checked_in_english_and_audited_in_chinese(
    people, make_enterprise, login
):
    tina = login(people.tina)
    tina.cookies["django_language"] = "en"
    bad = row(make_enterprise(), 月初职工人数="abc", 本月减少=-3, 报告月份="2027-01")
    uneven = row(people.guilin_factory, 月末职工人数=200)
    text = html.unescape(upload(tina, workbook(bad, uneven)).content.decode())
    assert "Staff at start of month must be a whole number" in text
    assert "Separations this month cannot be negative (got -3)" in text
    assert "The month 2027-01 has not come yet" in text
    assert "The headcount does not add up: 120 at the start + 3 hires" in text
    assert "the month-end headcount is 200 (82 more)" in text
    assert "人数对不上" not in text and "应为整数" not in text and "尚未到来" not in text
    audit = AuditEntry.objects.get(action="rejected", object_type="reporting.monthlyreport")
    messages = [p["message"] for p in audit.after["problems"]]
    assert "月初职工人数应为整数" in messages and "报告月份 2027-01 尚未到来" in messages
    assert any(m.startswith("人数对不上：月初 120 人 + 本月新增 3 人") for m in messages)
    assert any("（多 82 人）" in m for m in messages)


def test_a_layoff_reports_checks_read_in_the_readers_language_and_audit_in_chinese(people):
    body = layoff_body(
        people.guilin_factory,
        planned_cut=30,
        effective_date=None,
        waves=[{"date": soon(7), "count": 10}, {"date": "soon", "count": 10}],
        contact_name="",
    )

    def errors(language):
        with translation.override(language), pytest.raises(Exception) as caught:
            layoff_report_submit(
                enterprise=people.guilin_factory,
                data=body,
                channel="api",
                actor=people.ed,
                at=timezone.now(),
            )
        with translation.override(language):
            return caught.value.message_dict

    english = errors("en")
    assert english["waves.1.date"] == ["Wave 2's date must be written YYYY-MM-DD"]
    assert english["contact_name"] == ["Enter the contact person"]
    chinese = errors("zh-hans")
    assert chinese["waves.1.date"] == ["第 2 批日期格式应为 YYYY-MM-DD"]
    assert chinese["contact_name"] == ["请填写联系人"]
    summaries = AuditEntry.objects.filter(action="rejected").values_list("summary", flat=True)
    assert len(summaries) == 2 and all("请填写联系人" in s for s in summaries)


def test_an_upload_without_a_file_says_so_in_english(people, login):
    tina = login(people.tina)
    tina.cookies["django_language"] = "en"
    text = html.unescape(tina.post("/reporting/bulk/", {}).content.decode())
    assert "(no file chosen)" in text and "未选择文件" not in text
    audit = AuditEntry.objects.get(action="rejected", object_type="reporting.monthlyreport")
    assert "（未选择文件）" in audit.summary
