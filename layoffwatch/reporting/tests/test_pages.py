"""plan S3.1.1 channels: QR code (public form), telephone and written reports entered by staff."""

import io
import re
from dataclasses import replace
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from layoffwatch.alerts.models import Alert
from layoffwatch.audit.models import AuditEntry
from layoffwatch.reporting.models import LayoffReport, MonthlyReport, QrLink
from layoffwatch.reporting.services import (
    layoff_report_submit,
    monthly_report_submit,
    qr_link_create,
    qr_link_revoke,
)
from layoffwatch.testing.reports import layoff_body, soon

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "planned_cut": "30",
        "dispatched_cut": "0",
        "wave_date_1": soon(7),
        "reasons": ["orders"],
        "contact_name": "王芳",
        "contact_phone": "13800000000",
    }
    data.update(overrides)
    return data


def nonce_of(response) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', response.content.decode()).group(1)


def correction_code_on(receipt) -> str:
    """The correction code (更正码) as the receipt page shows it."""
    return re.search(r'data-testid="correction-code">([^<]+)<', receipt.content.decode()).group(1)


@pytest.fixture
def qr(people):
    return qr_link_create(
        enterprise=people.guilin_factory,
        actor=people.sam,
        at=timezone.now(),
    )


def test_it_takes_a_report_through_the_qr_form_and_shows_the_receipt(people, qr):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/public/report/{qr.token}/")
    assert page.status_code == 200 and "桂林食品有限公司" in page.content.decode()
    csrf = browser.cookies["csrftoken"].value
    data = form_data(nonce=nonce_of(page), csrfmiddlewaretoken=csrf)
    response = browser.post(f"/public/report/{qr.token}/", data, follow=True)
    report = LayoffReport.objects.get()
    assert report.channel == "qr" and report.submitted_by is None
    assert report.receipt_no in response.content.decode()
    assert "三级预警" in response.content.decode()
    # replaying the same POST (same nonce) shows the first receipt and stores nothing new
    again = browser.post(f"/public/report/{qr.token}/", data, follow=True)
    assert report.receipt_no in again.content.decode()
    assert LayoffReport.objects.count() == 1 and Alert.objects.count() == 1


def test_it_refuses_the_qr_form_without_csrf_and_after_revocation(people, qr):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/public/report/{qr.token}/")
    refused = browser.post(f"/public/report/{qr.token}/", form_data(nonce=nonce_of(page)))
    assert refused.status_code == 403
    QrLink.objects.update(revoked_at="2026-01-01T00:00:00+08:00")
    assert browser.get(f"/public/report/{qr.token}/").status_code == 404
    assert LayoffReport.objects.count() == 0


def test_it_names_the_bad_fields_on_the_qr_form_and_audits_the_rejection(client, people, qr):
    page = client.get(f"/public/report/{qr.token}/")
    response = client.post(
        f"/public/report/{qr.token}/",
        form_data(nonce=nonce_of(page), planned_cut="-4", contact_phone="123"),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "不能为负数" in text and "联系电话" in text
    assert LayoffReport.objects.count() == 0
    assert AuditEntry.objects.filter(
        action="rejected", object_type="reporting.layoffreport"
    ).exists()


def test_it_rate_limits_the_public_form(client, people, qr, monkeypatch):
    from layoffwatch.reporting import views

    in_force = views.reporting_limits
    monkeypatch.setattr(
        views, "reporting_limits", lambda on: replace(in_force(on), public_form_max_posts=2)
    )
    codes = [
        client.post(f"/public/report/{qr.token}/", form_data(nonce="x")).status_code
        for _ in range(3)
    ]
    assert codes[-1] == 429


def test_it_lets_staff_enter_a_phone_report_with_a_scanned_document(login, people):
    client = login(people.sam)
    scan = SimpleUploadedFile("来文.pdf", b"%PDF-1.4 scanned", content_type="application/pdf")
    response = client.post(
        "/reporting/new/",
        form_data(
            enterprise_uscc=people.zitong_factory.uscc,
            channel="written",
            source_note="梓潼汽配关于裁员的报告（梓汽〔2026〕3号）",
            attachment=scan,
            planned_cut="60",
            wave_date_1=soon(3),
            wave_count_1="30",
            wave_date_2=soon(9),
            wave_count_2="30",
        ),
        follow=True,
    )
    report = LayoffReport.objects.get()
    assert report.channel == "written" and report.submitted_by == people.sam
    assert report.source_note.startswith("梓潼汽配") and report.attachment
    assert report.receipt_no in response.content.decode()
    assert report.alert.level == 2 and report.alert.split


def test_the_entry_form_shows_its_choices_as_drop_downs(login, people):
    """A choice (报告方式: 电话/书面) rendered as a text-looking box was easy to miss."""
    import re

    page = login(people.sam).get("/reporting/new/").content.decode()
    selects = re.findall(r"<select\b[^>]*>", page)
    assert selects and all('class="form-select"' in s for s in selects), selects
    assert any('name="channel"' in s for s in selects)


def test_it_refuses_staff_entry_to_an_enterprise_reporter(login, people):
    assert login(people.ed).get("/reporting/new/").status_code == 403


def test_it_serves_the_qr_code_as_png_and_svg_to_staff(login, people, qr):
    client = login(people.sam)
    png = client.get(f"/reporting/qr/{people.guilin_factory.uscc}/code.png")
    svg = client.get(f"/reporting/qr/{people.guilin_factory.uscc}/code.svg")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert svg.status_code == 200 and b"<svg" in svg.content
    page = client.get(f"/reporting/qr/{people.guilin_factory.uscc}/")
    assert qr.token in page.content.decode()


def test_it_withdraws_a_report_from_its_page_with_a_reason(login, people, qr):
    client = login(people.sam)
    client.post(
        "/reporting/new/",
        form_data(
            enterprise_uscc=people.guilin_factory.uscc, channel="phone", source_note="张三 来电"
        ),
    )
    report = LayoffReport.objects.get()
    client.post(f"/reporting/{report.receipt_no}/withdraw/", {"reason": "重复报告"})
    report.refresh_from_db()
    assert report.withdrawn_reason == "重复报告"
    page = client.get(f"/reporting/{report.receipt_no}/").content.decode()
    assert "已撤回" in page and "重复报告" in page


def test_an_enterprise_reporter_finds_its_own_form_on_the_reporting_page(people, qr, login):
    """plan S3.1.1: the reminder sends the 企业填报员 to 监测直报; the page links to its own form."""
    page = login(people.ed).get("/reporting/").content.decode()
    assert f"/public/report/{qr.token}/" in page and f"/public/report/{qr.token}/monthly/" in page
    assert "填报裁员报告" in page and "填报月度用工报告" in page
    # staff enter reports on the caller's behalf instead; they see no enterprise's form here
    staff_page = login(people.sam).get("/reporting/").content.decode()
    assert qr.token not in staff_page and "own-reporting" not in staff_page


def test_without_a_qr_link_the_reporter_is_told_whom_to_ask(people, qr, login):
    other = qr_link_create(enterprise=people.zitong_factory, actor=people.sam, at=qr.created_at)
    qr_link_revoke(enterprise=people.guilin_factory, actor=people.sam, at=qr.created_at)
    page = login(people.ed).get("/reporting/").content.decode()
    assert "还没有有效的填报二维码" in page
    # another enterprise's link is never offered
    assert qr.token not in page and other.token not in page and "/public/report/" not in page


def test_a_logged_in_reporter_is_recorded_as_the_submitter_of_its_own_report(people, qr, login):
    browser = login(people.ed)
    page = browser.get(f"/public/report/{qr.token}/")
    browser.post(f"/public/report/{qr.token}/", form_data(nonce=nonce_of(page)))
    report = LayoffReport.objects.get()
    assert report.submitted_by == people.ed and report.channel == "qr"
    entry = AuditEntry.objects.get(object_type="reporting.layoffreport", action="create")
    assert entry.actor_id == people.ed.pk


def test_someone_else_logged_in_stays_anonymous_on_an_enterprise_form(people, qr, login):
    browser = login(people.sam)
    page = browser.get(f"/public/report/{qr.token}/")
    browser.post(f"/public/report/{qr.token}/", form_data(nonce=nonce_of(page)))
    assert LayoffReport.objects.get().submitted_by is None


def test_a_logged_in_reporter_fills_in_its_form_inside_the_apps_top_bar_and_menu(people, qr, login):
    """The 企业填报员 comes to his form from 监测直报: form and receipt keep the app's top bar (his
    name), the menu (监测直报 marked) and the way back to the workbench; a scanner who is not logged
    in keeps the light public page."""
    public_header = "潼南区人力资源和社会保障局 · 监测直报"
    own_name = f"ed · {people.ed.role_and_unit}"
    workbench = '<a class="nav-link " href="/">工作台</a>'
    reporting_marked = '<a class="nav-link active" href="/reporting/">监测直报</a>'
    reporter = login(people.ed)
    form_page, receipt = _qr_submit(reporter, qr)
    monthly = reporter.get(f"/public/report/{qr.token}/monthly/")
    report = LayoffReport.objects.get()
    assert report.receipt_no in receipt.content.decode()
    for page in (form_page, receipt, monthly):
        text = page.content.decode()
        assert own_name in text and workbench in text and reporting_marked in text
        assert public_header not in text
    scanner = Client()
    _page, anonymous_receipt = _qr_submit(scanner, qr, planned_cut="40")
    assert 'data-testid="receipt-no"' in anonymous_receipt.content.decode()
    for page in (scanner.get(f"/public/report/{qr.token}/"), anonymous_receipt):
        text = page.content.decode()
        assert public_header in text
        assert "工作台" not in text and 'href="/reporting/"' not in text and own_name not in text


def test_the_reporters_buttons_read_in_english_on_request(people, qr, login):
    client = login(people.ed)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Report a layoff or the monthly employment report" in client.get("/").content.decode()
    page = client.get("/reporting/").content.decode()
    assert "Report a layoff" in page and "Submit the monthly employment report" in page


def test_reports_entered_in_the_same_minute_are_listed_newest_first(people, login):
    """Staff often enter several phone reports at once: same time, so the receipt order decides."""
    at = timezone.now()
    receipts = [
        layoff_report_submit(
            enterprise=e, data=layoff_body(e), channel="phone", actor=people.sam, at=at
        ).receipt_no
        for e in (people.guilin_factory, people.zitong_factory, people.guilin_factory)
    ]
    page = login(people.sam).get("/reporting/").content.decode()
    assert [page.index(r) for r in reversed(receipts)] == sorted(page.index(r) for r in receipts)


def phone_report(people, enterprise, **overrides):
    """A layoff report staff entered from a phone call (the service, as the entry page calls it)."""
    return layoff_report_submit(
        enterprise=enterprise,
        data=layoff_body(enterprise, **overrides),
        channel="phone",
        actor=people.sam,
        at=timezone.now(),
    )


def _qr_submit(browser, qr, query="", **overrides):
    page = browser.get(f"/public/report/{qr.token}/{query}")
    response = browser.post(
        f"/public/report/{qr.token}/", form_data(nonce=nonce_of(page), **overrides), follow=True
    )
    return page, response


def test_a_qr_report_is_corrected_from_its_receipt_and_only_the_correction_counts(people, qr):
    """The A4 notice says: when things change, correct the report (plan S3.1.1). Reporting again
    without the receipt number would add the cuts up (30 + 25 = 55, a level-2 alert)."""
    browser = Client()
    _page, receipt = _qr_submit(browser, qr, planned_cut="30", contact_name="王芳")
    first = LayoffReport.objects.get()
    link = f"/public/report/{qr.token}/?corrects={first.receipt_no}"
    assert link in receipt.content.decode()
    code = correction_code_on(receipt)  # the receipt shows it to its sender (ADR 0083)
    form, _done = _qr_submit(
        browser,
        qr,
        f"?corrects={first.receipt_no}",
        planned_cut="25",
        corrects=first.receipt_no,
        correction_code=code,
    )
    # the anonymous form is started with the number only, never with the earlier content
    assert f'value="{first.receipt_no}"' in form.content.decode()
    assert f"正在更正回执编号为 {first.receipt_no} 的裁员报告" in form.content.decode()
    assert "王芳" not in form.content.decode()
    first.refresh_from_db()
    second = LayoffReport.objects.get(is_current=True)
    assert not first.is_current and second.version == 2 and second.series_no == first.receipt_no
    assert second.grading["waves"]["total"] == 25  # graded without the superseded 30
    # the alert keeps its level and highest total (等级只升不降; lifting is a decision, S5.3),
    # and did not rise to level 2 as 30 + 25 would have made it
    alert = Alert.objects.get()
    assert alert.level == 3 and alert.total_in_window == 30
    # the alert's history says it was a correction, not "a new wave counted"
    event = alert.events.order_by("pk").last()
    assert f"报告 {first.receipt_no} 更正为第 2 版" in event.summary and "25 人" in event.summary


def test_a_correction_naming_another_enterprises_receipt_is_refused_by_name(people, qr):
    other = phone_report(people, people.zitong_factory)
    _page, response = _qr_submit(Client(), qr, corrects=other.receipt_no)
    errors = response.content.decode()
    assert "更正的回执编号" in errors and f"未找到本企业回执编号为 {other.receipt_no}" in errors
    assert "更正码" in errors  # the same words as a wrong code: no oracle (ADR 0083)
    assert LayoffReport.objects.count() == 1  # only the other enterprise's
    assert AuditEntry.objects.filter(
        action="rejected", object_id=people.guilin_factory.uscc
    ).exists()


def test_staff_correct_a_phone_report_from_its_page_starting_from_its_content(people, login):
    staff = login(people.sam)
    first = phone_report(people, people.guilin_factory, planned_cut=20, contact_name="赵六")
    detail = staff.get(f"/reporting/{first.receipt_no}/").content.decode()
    assert f"/reporting/new/?corrects={first.receipt_no}" in detail
    form = staff.get(f"/reporting/new/?corrects={first.receipt_no}").content.decode()
    assert "赵六" in form and people.guilin_factory.uscc in form and 'value="20"' in form
    data = form_data(
        enterprise_uscc=people.guilin_factory.uscc,
        channel="phone",
        source_note="赵六 再次来电",
        corrects=first.receipt_no,
        planned_cut="60",
    )
    staff.post("/reporting/new/", data)
    second = LayoffReport.objects.get(is_current=True)
    assert second.version == 2 and second.planned_cut == 60
    assert second.alert.total_in_window == 60 and second.alert.level == 2


def test_the_enterprise_reporter_corrects_its_own_report_through_its_form(people, qr, login):
    reporter = login(people.ed)
    _qr_submit(reporter, qr, planned_cut="30", contact_name="王芳")
    first = LayoffReport.objects.get()
    detail = reporter.get(f"/reporting/{first.receipt_no}/").content.decode()
    link = f"/public/report/{qr.token}/?corrects={first.receipt_no}"
    assert link in detail
    assert "王芳" in reporter.get(link).content.decode()  # its own report: started from it
    # an agency whose user enterprises do not include this one sees neither report nor link
    assert login(people.agnes).get(f"/reporting/{first.receipt_no}/").status_code == 404


def test_the_receipt_tells_what_happens_next_in_english_on_request(people, qr):
    browser = Client()
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    _page, receipt = _qr_submit(browser, qr, planned_cut="30")
    text = receipt.content.decode()
    assert "has been issued under the plan (30 people in the window)" in text
    assert "已按预案发布" not in text


def test_staff_find_a_report_by_receipt_enterprise_or_channel_and_page_through(people, login):
    """A caller phones to correct an older report: staff find it on 监测直报 (not only the latest)."""
    at = timezone.now()
    first = phone_report(people, people.zitong_factory)
    for _n in range(51):
        monthly_report_submit(
            enterprise=people.guilin_factory,
            data={"period": "2026-01", "headcount_start": 100, "headcount_end": 100},
            channel="qr",
            actor=people.ed,  # the enterprise's own reporter corrects without a code (ADR 0083)
            at=at,
        )
    staff = login(people.sam)
    link = f"/reporting/{first.receipt_no}/"
    page = staff.get("/reporting/", {"q": first.receipt_no}).content.decode()
    assert link in page and "共 0 份" in page  # no monthly report matches
    assert link in staff.get("/reporting/", {"q": "梓潼"}).content.decode()
    assert link not in staff.get("/reporting/", {"channel": "qr"}).content.decode()
    # 51 versions of one monthly report: 50 on the first page, the oldest on the second
    listing = staff.get("/reporting/").content.decode()
    assert "共 51 份" in listing and 'data-testid="monthly_page-next"' in listing
    second = staff.get("/reporting/", {"monthly_page": 2}).content.decode()
    oldest = f"/reporting/{MonthlyReport.objects.order_by('pk').first().receipt_no}/"
    assert oldest in second and oldest not in listing


def test_the_search_stays_within_the_users_data_scope(people, login):
    other = phone_report(people, people.zitong_factory)
    page = login(people.tina).get("/reporting/", {"q": other.receipt_no}).content.decode()
    assert f"/reporting/{other.receipt_no}/" not in page and "共 0 份" in page


def _export_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert "裁员报告清单" in unquote(response["Content-Disposition"])
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_staff_export_the_layoff_reports_the_list_shows_with_its_filters(people, login):
    """plan S3.1.1: the list exports as an XLSX file opened again here, within the user's scope,
    with the list's filters; the export is audited."""
    guilin = phone_report(people, people.guilin_factory, planned_cut=30)
    zitong = phone_report(people, people.zitong_factory, planned_cut=25)
    listing = login(people.sam).get("/reporting/", {"q": "桂林"}).content.decode()
    assert 'id="report-export" href="/reporting/export.xlsx?q=' in listing

    rows = _export_rows(login(people.sam).get("/reporting/export.xlsx"))
    assert rows[0][:5] == ("回执编号", "企业名称", "统一社会信用代码", "镇街", "计划裁减人数")
    assert sorted((r[0], r[4]) for r in rows[1:]) == sorted(
        [(guilin.receipt_no, 30), (zitong.receipt_no, 25)]
    )
    only = _export_rows(login(people.sam).get("/reporting/export.xlsx", {"q": "梓潼"}))
    assert [r[0] for r in only[1:]] == [zitong.receipt_no]
    assert only[1][3] == "梓潼街道" and only[1][7] == "现行"
    # a town liaison's export holds her town's reports only
    hers = _export_rows(login(people.tina).get("/reporting/export.xlsx"))
    assert [r[0] for r in hers[1:]] == [guilin.receipt_no]
    entry = AuditEntry.objects.filter(action="export", actor_id=people.tina.pk).get()
    assert entry.summary == "导出裁员报告清单 1 份"


def test_an_enterprise_officer_cannot_export_the_list(people, login):
    response = login(people.ed).get("/reporting/export.xlsx")
    assert response.status_code == 403
    refused = AuditEntry.objects.filter(actor_id=people.ed.pk, action="denied").get()
    assert refused.summary == "您的角色不能导出裁员报告清单"


def test_staff_read_the_receipts_words_as_what_the_enterprise_is_told(people, login):
    report = phone_report(people, people.guilin_factory, planned_cut=30)
    page = login(people.sam).get(f"/reporting/{report.receipt_no}/").content.decode()
    assert "回执告知企业：</span>已按预案发布三级预警" in page


def test_an_enterprise_officer_sees_its_reports_without_the_offices_filters(people, login):
    phone_report(people, people.guilin_factory, planned_cut=30)
    own = login(people.ed).get("/reporting/").content.decode()
    assert 'id="report-search"' not in own and "只看计入人数的报告" not in own
    assert "计划裁减" in own  # its reports are listed
    assert 'id="report-search"' in login(people.sam).get("/reporting/").content.decode()
