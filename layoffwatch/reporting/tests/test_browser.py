"""plan S3.1.1 QR channel in a real browser on a 360-px-wide phone screen."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from layoffwatch.conftest import browser_login
from layoffwatch.reporting.bulk import COLUMNS, DATA_SHEET
from layoffwatch.reporting.models import LayoffReport, MissingReportFinding, MonthlyReport
from layoffwatch.reporting.services import (
    layoff_report_submit,
    monthly_report_submit,
    qr_link_create,
)
from layoffwatch.testing.reports import layoff_body, soon

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_it_lets_an_hr_officer_report_on_a_360px_phone_and_see_the_receipt(page, people):
    link = qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base}/public/report/{link.token}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#id_planned_cut", "45")
    page.fill("#id_wave_date_1", soon(5))
    page.fill("#id_contact_name", "王芳")
    page.fill("#id_contact_phone", "abc")
    page.click("#submit-report")
    assert "联系电话" in page.inner_text("[data-testid=form-errors]")
    # the draft survived the failed submission
    assert page.input_value("#id_contact_name") == "王芳"
    page.fill("#id_contact_phone", "13800000000")
    page.click("#submit-report")
    receipt = page.inner_text("[data-testid=receipt-no]")
    assert receipt == LayoffReport.objects.get().receipt_no
    assert "三级预警" in page.inner_text("#receipt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # the receipt can be saved: the button opens the browser's print / save-as-PDF dialog
    # (replaced here by a marker: a headless browser has no dialog to show)
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("#print-receipt")
    assert page.evaluate("window.printed === true")
    page.emulate_media(media="print")  # on paper: the receipt number, not the buttons
    assert page.is_visible("[data-testid=receipt-no]") and not page.is_visible("#print-receipt")


def test_it_takes_the_monthly_report_on_a_360px_phone(page, people, time_machine):
    time_machine.move_to("2026-11-05 10:00 +08:00", tick=True)
    link = qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base}/public/report/{link.token}/")
    page.click("#to-monthly")
    page.fill("#id_period", "2026-10")
    page.fill("#id_headcount_start", "120")
    page.fill("#id_headcount_end", "95")
    page.fill("#id_separations", "25")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#submit-report")
    receipt = page.inner_text("[data-testid=receipt-no]")
    report = MonthlyReport.objects.get()
    assert receipt == report.receipt_no and report.channel == "qr"
    # 25 separations without a layoff report: the staff have a finding to follow up
    assert MissingReportFinding.objects.get().monthly_report == report


def test_an_hr_officer_corrects_a_report_from_its_receipt_on_a_phone(page, people):
    """plan S3.1.1 corrections: the receipt's link starts the correction; only it counts."""
    link = qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base}/public/report/{link.token}/")
    page.fill("#id_planned_cut", "30")
    page.fill("#id_wave_date_1", soon(5))
    page.fill("#id_contact_name", "王芳")
    page.fill("#id_contact_phone", "13800000000")
    page.click("#submit-report")
    first = page.inner_text("[data-testid=receipt-no]")
    code = page.inner_text("[data-testid=correction-code]")
    page.click("#correct-report")
    assert first in page.inner_text("[data-testid=correcting]")
    page.fill("#id_correction_code", code)
    page.fill("#id_planned_cut", "25")
    page.fill("#id_wave_date_1", soon(5))
    page.fill("#id_contact_name", "王芳")
    page.fill("#id_contact_phone", "13800000000")
    page.click("#submit-report")
    second = LayoffReport.objects.get(receipt_no=page.inner_text("[data-testid=receipt-no]"))
    assert second.version == 2 and second.series_no == first and second.planned_cut == 25
    assert list(LayoffReport.objects.filter(is_current=True)) == [second]
    # a correction begun and left is kept as a draft, but never its receipt number: the next
    # new report on this phone is not silently turned into a correction
    page.goto(f"{page.base}/public/report/{link.token}/?corrects={second.receipt_no}")
    page.fill("#id_planned_cut", "40")
    page.goto(f"{page.base}/public/report/{link.token}/")
    assert page.input_value("#id_planned_cut") == "40"
    assert page.input_value("#id_corrects") == ""
    assert page.input_value("#id_correction_code") == ""


def test_a_logged_in_hr_officer_reports_from_the_reporting_page_on_a_phone(
    page, people, time_machine
):
    """The monthly reminder tells the 企业填报员 to log in and report (plan S3.1.1); on a phone they
    go from the home page to 监测直报 and report through their enterprise's form."""
    time_machine.move_to("2026-11-05 10:00 +08:00", tick=True)
    qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, "ed")
    page.click("#home-my-reports")
    page.click("#own-monthly")
    # the form sits inside the app's top bar, and still fits the phone
    assert page.is_visible("#menu-open")
    assert page.is_visible("#back-to-reporting")  # and a way back above the form, as staff have
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#id_period", "2026-10")
    page.fill("#id_headcount_start", "120")
    page.fill("#id_headcount_end", "118")
    page.click("#submit-report")
    # 120 people at the start and 118 at the end, but nobody left: the page says so (ADR 0056)
    page.wait_for_selector("[data-testid=form-errors]")
    assert "（少 2 人）" in page.inner_text("[data-testid=form-errors]")
    assert page.is_visible("#id_confirm_headcount_gap") and not MonthlyReport.objects.exists()
    page.fill("#id_separations", "2")
    page.click("#submit-report")
    page.wait_for_selector("#receipt-figures")
    report = MonthlyReport.objects.get()
    assert page.inner_text("[data-testid=receipt-no]") == report.receipt_no
    assert "本月减少（含派遣）" in page.inner_text("#receipt-figures")
    assert report.enterprise == people.guilin_factory and report.submitted_by == people.ed
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.emulate_media(media="print")  # on paper: the receipt, not the top bar
    # why expect: the print styles apply a frame later on a loaded runner; it waits for them
    expect(page.locator("#back-to-reporting")).to_be_hidden()
    assert page.is_visible("[data-testid=receipt-no]") and not page.is_visible("#menu-open")
    page.emulate_media(media="screen")
    # back to 监测直报 through the menu: the new report is listed
    page.click("#menu-open")
    page.click("#sidebar >> text=监测直报")
    assert report.receipt_no in page.inner_text("#monthly-reports")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_town_liaison_reads_reports_alerts_and_signals_on_a_360px_phone(page, people):
    """Wide tables scroll sideways inside the page; the page itself never gets wider than the
    phone (the alert list was 470 px wide, the signal list 900–1,280 px)."""
    layoff_report_submit(
        enterprise=people.guilin_factory,
        data=layoff_body(people.guilin_factory, planned_cut=60),
        channel="phone",
        actor=people.sam,
        at=timezone.now(),
    )
    monthly_report_submit(  # 25 left without a layoff report: a finding to follow up
        enterprise=people.guilin_factory,
        data={"period": "2026-01", "headcount_start": 120, "headcount_end": 95, "separations": 25},
        channel="qr",
        actor=None,
        at=timezone.now(),
    )
    staff = Client()
    staff.force_login(people.sam)
    staff.post(  # a clue from the town: a signal in the monitoring list (plan S3.1.5)
        "/monitoring/clues/",
        {
            "channel": "broker",
            "received_on": f"{timezone.localdate():%Y-%m-%d}",
            "reported_count": "40",
            "description": "劳务经纪人反映该厂下月将裁员约40人",
            "enterprise_uscc": people.guilin_factory.uscc,
        },
    )
    page.set_viewport_size({"width": 360, "height": 740})
    browser_login(page, "tina")
    for path in ("/reporting/", "/alerts/", "/reporting/findings/", "/monitoring/"):
        page.goto(f"{page.base}{path}")
        assert page.locator("main table").first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_staff_upload_many_monthly_reports_and_print_the_qr_notice(page, people, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append([c.header for c in COLUMNS])
    period = f"{timezone.localdate().replace(day=1) - dt.timedelta(days=1):%Y-%m}"
    for e in (people.guilin_factory, people.zitong_factory):
        row = {
            "统一社会信用代码": e.uscc,
            "报告月份": period,
            "月初职工人数": 50,
            "月末职工人数": 49,
            "本月减少": 1,
        }
        ws.append([row.get(c.header) for c in COLUMNS])
    path = tmp_path / "月报.xlsx"
    wb.save(path)
    browser_login(page, "sam")
    page.goto(f"{page.base}/reporting/bulk/")
    page.set_input_files("#id_file", str(path))
    page.click("#bulk-submit")
    assert "已保存 2 份月度用工报告" in page.inner_text("[data-testid=bulk-done]")
    assert set(MonthlyReport.objects.values_list("channel", flat=True)) == {"bulk"}
    qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())
    page.goto(f"{page.base}/reporting/qr/{people.guilin_factory.uscc}/notice/")
    assert page.inner_text("[data-testid=enterprise-name]") == "桂林食品有限公司"
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1


def test_a_refused_field_is_outlined_and_every_box_of_the_form_looks_alike(page, people):
    """Staff taking a call (plan S3.1.1) leave out the caller's phone: the field the message names
    is outlined in red; the reasons' boxes are drawn like the form's single boxes."""
    page.set_viewport_size({"width": 360, "height": 780})
    browser_login(page, "sam")
    page.goto(f"{page.base}/reporting/new/")
    page.fill("#id_contact_name", "张会计")
    page.click("#submit-report")
    page.wait_for_selector("[data-testid=form-errors]")
    assert LayoffReport.objects.count() == 0

    def border(selector: str) -> str:
        return page.locator(selector).evaluate("e => getComputedStyle(e).borderTopColor")

    assert border("#id_contact_phone") == "rgb(220, 53, 69)"  # Bootstrap's invalid red
    assert border("#id_contact_name") != "rgb(220, 53, 69)"  # filled in: not outlined
    single = page.locator("#id_union_consulted").evaluate("e => e.className")
    boxes = page.locator("#id_reasons input[type=checkbox]")
    assert boxes.count() >= 5
    assert {boxes.nth(i).evaluate("e => e.className") for i in range(boxes.count())} == {single}
