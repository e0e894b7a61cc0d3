"""QR extras (ADR 0043): the printable A4 notice, monthly reports on the QR page and the staff
page, the resettlement plan attachment and the roster of affected workers (PII encrypted)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook
from stdnum.cn import ric

from layoffwatch.core.pii import keyed_hash
from layoffwatch.reporting.models import AffectedWorker, LayoffReport, MonthlyReport
from layoffwatch.reporting.services import layoff_report_submit, qr_link_create
from layoffwatch.testing.reports import layoff_body, soon

pytestmark = pytest.mark.django_db


def id_number(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


OLD_TONGNAN = id_number("50022319800101123")  # 潼南县 (before 2015): still on people's cards
OLDER_TONGNAN = id_number("51022719750505002")  # 四川省潼南县 (before 1997)
TODAY = id_number("50015219900202001")


def roster_xlsx(*rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "联系电话", "意向"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def qr(people):
    return qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())


def nonce_of(response) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', response.content.decode()).group(1)


def test_staff_print_an_a4_notice_with_the_qr_code(login, people, qr):
    page = login(people.sam).get(f"/reporting/qr/{people.guilin_factory.uscc}/notice/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "size: A4 portrait" in html and "@media print" in html
    assert "<svg" in html and "桂林食品有限公司" in html
    assert "一次性裁减 20 人以上" in html and "每月 10 日前" in html
    assert (
        login(people.ed).get(f"/reporting/qr/{people.guilin_factory.uscc}/notice/").status_code
        == 403
    )


def test_an_hr_officer_sends_the_monthly_report_through_the_qr_page(people, qr, time_machine):
    time_machine.move_to("2026-11-05 10:00 +08:00", tick=False)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/public/report/{qr.token}/monthly/")
    assert page.status_code == 200 and "月度用工报告" in page.content.decode()
    data = {
        "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
        "nonce": nonce_of(page),
        "period": "2026-10",
        "headcount_start": "120",
        "headcount_end": "112",
        "separations": "8",
        "operating_status": "reduced",
        "wages_paid_in_full": "no",
        "wage_arrears_amount": "",
    }
    refused = browser.post(f"/public/report/{qr.token}/monthly/", data)
    assert "请填写欠薪金额或欠薪月数" in refused.content.decode()
    assert MonthlyReport.objects.count() == 0
    data |= {"nonce": nonce_of(refused), "wage_arrears_amount": "86000", "wage_arrears_months": "1"}
    done = browser.post(f"/public/report/{qr.token}/monthly/", data, follow=True)
    report = MonthlyReport.objects.get()
    assert report.channel == "qr" and report.operating_status == "reduced"
    assert (
        report.receipt_no in done.content.decode()
        and "2026-10 月度用工报告" in done.content.decode()
    )


def test_staff_enter_a_monthly_report_taken_by_phone(login, people, time_machine):
    time_machine.move_to("2026-11-05 10:00 +08:00", tick=False)
    response = login(people.sam).post(
        "/reporting/new/monthly/",
        {
            "enterprise_uscc": people.zitong_factory.uscc,
            "channel": "phone",
            "contact_name": "李四",
            "contact_phone": "13800000001",
            "source_note": "人事部主管",
            "period": "2026-10",
            "headcount_start": "300",
            "headcount_end": "298",
            "separations": "2",
            "operating_status": "normal",
            "wages_paid_in_full": "yes",
        },
        follow=True,
    )
    report = MonthlyReport.objects.get()
    # a monthly report has no contact fields: the caller is kept with the note, and shown with it
    assert report.channel == "phone"
    assert report.source_note == "来电人：李四 13800000001；人事部主管"
    assert report.receipt_no in response.content.decode()
    assert "来电人：李四 13800000001；人事部主管" in response.content.decode()


def test_a_roster_is_stored_encrypted_hashed_and_shown_masked(people, qr, login):
    browser = Client()
    page = browser.get(f"/public/report/{qr.token}/")
    roster = roster_xlsx(
        ("张三", OLD_TONGNAN, "13800000001", "就业"),
        ("李四", OLDER_TONGNAN, "", "培训"),
        ("王五", TODAY.lower(), "023-44551234", ""),
    )
    plan = SimpleUploadedFile("安置方案.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    browser.post(
        f"/public/report/{qr.token}/",
        {
            "nonce": nonce_of(page),
            "planned_cut": "30",
            "wave_date_1": soon(7),
            "contact_name": "王芳",
            "contact_phone": "13800000000",
            "resettlement_plan": "依法支付经济补偿，推荐到园区企业就业",
            "resettlement_file": plan,
            "roster_file": SimpleUploadedFile("名单.xlsx", roster),
        },
    )
    report = LayoffReport.objects.get()
    assert report.resettlement_file.name.endswith(".pdf")
    workers = list(report.roster.all())
    assert [(w.name, w.intention) for w in workers] == [
        ("张三", "job"),
        ("李四", "training"),
        ("王五", "none"),
    ]
    assert workers[0].id_number == OLD_TONGNAN and workers[0].id_hash == keyed_hash(OLD_TONGNAN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM reporting_affectedworker")
        stored = cursor.fetchall()
    assert all(v.startswith("fernet:") for row in stored for v in row if v)
    assert not any(OLD_TONGNAN in v or "13800000001" in v for row in stored for v in row)
    detail = login(people.sam).get(f"/reporting/{report.receipt_no}/").content.decode()
    assert "500223********" + OLD_TONGNAN[-4:] in detail and OLD_TONGNAN not in detail
    assert "138****0001" in detail and "13800000001" not in detail
    assert login(people.sam).get(f"/reporting/{report.receipt_no}/file/plan/").status_code == 200


def test_a_bad_roster_stores_nothing_and_names_each_row(people, qr):
    wrong_check = OLD_TONGNAN[:-1] + ("0" if OLD_TONGNAN[-1] != "0" else "1")
    roster = roster_xlsx(
        ("张三", OLD_TONGNAN, "13800000001", "就业"),
        ("李四", wrong_check, "12345", "出国"),
        ("张三", OLD_TONGNAN, "", ""),
        ("", "", "", ""),
        ("赵六", "", "", ""),
    )
    browser = Client()
    page = browser.get(f"/public/report/{qr.token}/")
    response = browser.post(
        f"/public/report/{qr.token}/",
        {
            "nonce": nonce_of(page),
            "planned_cut": "30",
            "wave_date_1": soon(7),
            "contact_name": "王芳",
            "contact_phone": "13800000000",
            "roster_file": SimpleUploadedFile("名单.xlsx", roster),
        },
    )
    text = response.content.decode()
    assert "第 3 行：身份证号码校验位错误" in text
    assert "第 3 行：电话号码格式不正确" in text and "第 3 行：意向应为" in text
    assert "第 4 行：身份证号码与第 2 行重复" in text
    assert "第 6 行：身份证号码应为 18 位" in text
    assert wrong_check not in text and OLD_TONGNAN not in text
    assert LayoffReport.objects.count() == 0 and AffectedWorker.objects.count() == 0


def test_a_roster_longer_than_the_cut_or_not_an_xlsx_is_refused(people):
    def submit(roster):
        with pytest.raises(Exception) as caught:
            layoff_report_submit(
                enterprise=people.guilin_factory,
                data=layoff_body(people.guilin_factory, planned_cut=1),
                channel="api",
                actor=people.ed,
                at=timezone.now(),
                roster=roster,
            )
        return caught.value.message_dict["roster_file"][0]

    assert submit(roster_xlsx(("张三", OLD_TONGNAN), ("李四", TODAY))) == (
        "名单共 2 人，多于计划裁减人数 1 人"
    )
    assert "不是有效的 XLSX" in submit(b"name,id\n")


def test_a_correction_keeps_the_roster(people):
    first = layoff_report_submit(
        enterprise=people.guilin_factory,
        data=layoff_body(people.guilin_factory),
        channel="api",
        actor=people.ed,
        at=timezone.now(),
        roster=roster_xlsx(("张三", OLD_TONGNAN, "", "创业")),
    ).report
    second = layoff_report_submit(
        enterprise=people.guilin_factory,
        data=layoff_body(people.guilin_factory, planned_cut=28, corrects=first.receipt_no),
        channel="api",
        actor=people.ed,
        at=timezone.now(),
    ).report
    assert [(w.name, w.id_number) for w in second.roster.all()] == [("张三", OLD_TONGNAN)]


def test_a_plan_file_of_the_wrong_type_is_refused(login, people):
    fake = SimpleUploadedFile("方案.pdf", b"MZ\x90\x00 an exe", content_type="application/pdf")
    response = login(people.sam).post(
        "/reporting/new/",
        {
            "enterprise_uscc": people.guilin_factory.uscc,
            "channel": "phone",
            "planned_cut": "30",
            "wave_date_1": soon(7),
            "contact_name": "王芳",
            "contact_phone": "13800000000",
            "resettlement_file": fake,
        },
    )
    assert "职工安置方案附件只能是 PDF、Word、JPG、PNG 文件" in response.content.decode()
    assert LayoffReport.objects.count() == 0


def test_staff_find_the_qr_page_from_the_enterprise_page(login, people):
    uscc = people.guilin_factory.uscc
    page = login(people.tina).get(f"/enterprises/{uscc}/").content.decode()
    assert f'href="/reporting/qr/{uscc}/"' in page
    assert "/reporting/qr/" not in login(people.ed).get(f"/enterprises/{uscc}/").content.decode()


@pytest.mark.parametrize(
    "field, name, content, message",
    [
        ("attachment", "来文.exe", b"MZ\x90\x00", "扫描件只能是 PDF、JPG、PNG 文件"),
        ("attachment", "来文.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024), "扫描件不能超过 10 MB"),
        ("resettlement_file", "方案.txt", b"plain text", "职工安置方案附件只能是"),
        ("roster_file", "名单.csv", b"name,id\n", "受影响职工名单只能是 XLSX 文件"),
        (
            "roster_file",
            "名单.xlsx",
            b"PK\x03\x04" + b"0" * (5 * 1024 * 1024),
            "受影响职工名单不能超过 5 MB",
        ),
    ],
)
def test_a_wrong_type_or_oversized_file_is_refused_by_name_and_nothing_is_stored(
    login, people, field, name, content, message
):
    """Bad input (ADR 0086): oversized uploads and wrong file types get a Chinese message naming the
    file, and no report is stored."""
    response = login(people.sam).post(
        "/reporting/new/",
        {
            "enterprise_uscc": people.guilin_factory.uscc,
            "channel": "written",
            "source_note": "梓潼汽配关于裁员的报告（梓汽〔2026〕3号）",
            "planned_cut": "30",
            "wave_date_1": soon(7),
            "contact_name": "王芳",
            "contact_phone": "13800000000",
            field: SimpleUploadedFile(name, content),
        },
    )
    assert message in response.content.decode()
    assert LayoffReport.objects.count() == 0
