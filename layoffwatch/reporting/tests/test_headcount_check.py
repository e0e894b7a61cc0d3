"""ADR 0056 (plan S3.1.1 “本月职工增减情况（含派遣）”): a monthly report's headcount must add up —
月初 + 本月新增 − 本月减少 = 月末, dispatched staff inside every figure — on every channel (QR form,
staff form, API, bulk upload). One that does not is refused naming the four figures, nothing
stored, the refusal audited, unless the reporter confirms the figures and says why; then it is
stored with the difference, which the staff see. The receipt repeats every figure received."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from layoffwatch.audit.models import AuditEntry
from layoffwatch.reporting.models import LayoffReport, MonthlyReport
from layoffwatch.reporting.services import monthly_report_submit, qr_link_create
from layoffwatch.testing.reports import fields_of, issue, post, soon

from .test_bulk import row, upload, workbook

pytestmark = pytest.mark.django_db

# 120 + 3 − 6 = 117, but 118 reported: one person too many
OFF_BY_ONE = {"period": "2026-11", "headcount_start": 120, "hires": 3, "separations": 6}


@pytest.fixture(autouse=True)
def december(time_machine):
    time_machine.move_to("2026-12-07 10:00 +08:00", tick=False)


@pytest.fixture
def qr(people):
    return qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())


def submit(people, **data):
    return monthly_report_submit(
        enterprise=people.guilin_factory,
        data=data,
        channel="staff",
        actor=people.sam,
        at=timezone.now(),
    ).report


def nonce_of(response) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', response.content.decode()).group(1)


def figures_of(page: str) -> dict[str, str]:
    """The receipt's list of figures, label → value."""
    block = page[page.index('id="receipt-figures"') :]
    block = block[: block.index("</dl>")]
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt><dd[^>]*>(.*?)</dd>", block, re.S)
    return {label.strip(): value.strip() for label, value in pairs}


# ---------------------------------------------------------------- the rule, in the service


def test_a_report_that_adds_up_with_its_dispatched_staff_inside_is_stored_as_it_is(people):
    # 100 + 10 − 6 = 104; the 4 dispatched hires and 2 dispatched leavers are among the 10 and 6
    report = submit(
        people,
        period="2026-11",
        headcount_start=100,
        headcount_end=104,
        hires=10,
        separations=6,
        dispatched_hires=4,
        dispatched_separations=2,
    )
    assert report.headcount_gap == 0 and report.headcount_gap_note == ""


def test_dispatched_staff_counted_a_second_time_do_not_add_up(people):
    # 100 + 10 − 6 + 4 − 2 = 106: the dispatched figures added again on top of the totals
    with pytest.raises(ValidationError) as refused:
        submit(
            people,
            period="2026-11",
            headcount_start=100,
            headcount_end=106,
            hires=10,
            separations=6,
            dispatched_hires=4,
            dispatched_separations=2,
        )
    assert "多 2 人" in refused.value.message_dict["confirm_headcount_gap"][0]


def test_an_unconfirmed_report_that_does_not_add_up_is_refused_naming_the_figures(people):
    with pytest.raises(ValidationError) as refused:
        submit(people, **OFF_BY_ONE, headcount_end=118, headcount_gap_note="有人转入")
    message = refused.value.message_dict["confirm_headcount_gap"][0]
    assert "月初 120 人 + 本月新增 3 人 − 本月减少 6 人 = 117 人" in message
    assert "月末职工人数填的是 118 人（多 1 人）" in message
    for figure in ("月初职工人数", "本月新增", "本月减少", "月末职工人数"):
        assert figure in message
    assert "请确认提交并填写人数不平的原因" in message
    assert not MonthlyReport.objects.exists()
    audit = AuditEntry.objects.get(action="rejected")
    assert "月度用工报告被拒绝" in audit.summary and "117 人" in audit.summary


def test_a_confirmation_without_a_reason_is_refused_asking_for_the_reason(people):
    with pytest.raises(ValidationError) as refused:
        submit(people, **OFF_BY_ONE, headcount_end=116, confirm_headcount_gap=True)
    assert refused.value.message_dict == {
        "headcount_gap_note": ["月末职工人数比推算少 1 人：确认提交时请填写人数不平的原因"]
    }
    assert not MonthlyReport.objects.exists()
    assert AuditEntry.objects.filter(action="rejected").count() == 1


def test_a_confirmed_report_is_stored_with_its_difference_and_reason_for_the_staff(people, login):
    report = submit(
        people,
        **OFF_BY_ONE,
        headcount_end=118,
        confirm_headcount_gap=True,
        headcount_gap_note="月末有 1 人从关联企业转入",
    )
    assert (report.headcount_gap, report.headcount_gap_note) == (1, "月末有 1 人从关联企业转入")
    created = AuditEntry.objects.get(action="create", object_type="reporting.monthlyreport")
    assert "人数不平（相差 +1 人" in created.summary
    staff = login(people.sam)
    page = staff.get(f"/reporting/{report.receipt_no}/").content.decode()
    flag = page[page.index('id="headcount-gap"') :][:400]
    assert "= 117 人，月末却报 118 人" in flag and "月末有 1 人从关联企业转入" in flag
    listed = staff.get("/reporting/").content.decode()
    assert "人数不平" in listed


# ---------------------------------------------------------------- the QR form and its receipt


def test_on_the_qr_form_a_reporter_confirms_and_the_receipt_repeats_every_figure(people, qr):
    browser = Client()
    url = f"/public/report/{qr.token}/monthly/"
    form = browser.get(url).content.decode()
    assert 'name="confirm_headcount_gap"' not in form  # asked only when the figures do not add up
    data = {
        "period": "2026-11",
        "headcount_start": "120",
        "headcount_end": "118",
        "hires": "3",
        "separations": "6",
        "dispatched_hires": "1",
        "dispatched_separations": "2",
        "operating_status": "reduced",
        "revenue_change_pct": "-12.5",
        "wages_paid_in_full": "no",
        "wage_arrears_amount": "86000",
        "wage_arrears_months": "1",
        "planned_hires_next": "2",
        "planned_cuts_next": "4",
        "planned_dispatched_hires_next": "0",
        "planned_dispatched_cuts_next": "1",
        "remarks": "订单减少",
    }
    refused = browser.post(url, data | {"nonce": nonce_of(browser.get(url))})
    page = refused.content.decode()
    assert "未提交，请修正以下问题" in page
    assert "= 117 人，而月末职工人数填的是 118 人（多 1 人）" in page
    assert 'name="confirm_headcount_gap"' in page and "数字核对无误，确认提交" in page
    assert 'name="headcount_gap_note"' in page
    assert not MonthlyReport.objects.exists()
    assert AuditEntry.objects.filter(action="rejected").exists()

    confirmed = browser.post(
        url,
        data
        | {
            "nonce": nonce_of(refused),
            "confirm_headcount_gap": "on",
            "headcount_gap_note": "月末有 1 人从关联企业转入",
        },
        follow=True,
    )
    report = MonthlyReport.objects.get()
    assert report.headcount_gap == 1
    receipt = confirmed.content.decode()
    assert report.receipt_no in receipt
    assert figures_of(receipt) == {
        "报告月份": "2026-11",
        "月初职工人数（含派遣）": "120",
        "月末职工人数（含派遣）": "118",
        "本月新增（含派遣）": "3",
        "本月减少（含派遣）": "6",
        "其中派遣新增": "1",
        "其中派遣减少": "2",
        "人数差额（已确认）": "+1",
        "人数不平的原因": "月末有 1 人从关联企业转入",
        "本月经营状况": "减产",
        "营业收入同比变化（%）": "-12.5",
        "工资足额按时发放": "否",
        "欠薪金额（元）": "86000.00",
        "欠薪月数": "1",
        "下月计划新增": "2",
        "下月计划减少（含派遣）": "4",
        "下月其中派遣新增": "0",
        "下月其中派遣减少": "1",
        "备注": "订单减少",
    }
    assert "按月初和本月增减推算，月末应为 117 人，您报的是 118 人" in receipt


def test_the_receipt_shows_the_figures_only_to_the_browser_that_sent_them(people, qr):
    """A QR code hangs on a notice board and receipt numbers follow each other (ADR 0049)."""
    sender = Client()
    url = f"/public/report/{qr.token}/monthly/"
    data = {"period": "2026-11", "headcount_start": "120", "headcount_end": "117"}
    data |= {"separations": "3", "operating_status": "normal", "wages_paid_in_full": "yes"}
    sender.post(url, data | {"nonce": nonce_of(sender.get(url))})
    report = MonthlyReport.objects.get()
    receipt_url = f"/public/report/{qr.token}/receipt/{report.receipt_no}/"
    assert figures_of(sender.get(receipt_url).content.decode())["月末职工人数（含派遣）"] == "117"
    # a stranger's answer reads as for an unknown receipt: no figures (ADR 0083)
    stranger = Client().get(receipt_url)
    assert stranger.status_code == 404
    assert 'id="receipt-figures"' not in stranger.content.decode()
    assert "117" not in stranger.content.decode()


def test_the_layoff_receipt_repeats_the_figures_too(people, qr):
    browser = Client()
    url = f"/public/report/{qr.token}/"
    done = browser.post(
        url,
        {
            "nonce": nonce_of(browser.get(url)),
            "planned_cut": "30",
            "dispatched_cut": "5",
            "wave_date_1": soon(7),
            "wave_count_1": "20",
            "wave_date_2": soon(21),
            "wave_count_2": "10",
            "reasons": ["orders", "relocation"],
            "union_consulted": "on",
            "contact_name": "王芳",
            "contact_phone": "13800000000",
        },
        follow=True,
    )
    assert LayoffReport.objects.exists()
    figures = figures_of(done.content.decode())
    assert figures["计划裁减人数（含派遣）"] == "30" and figures["其中派遣人员"] == "5"
    assert figures["第 1 批"] == f"{soon(7)}：20 人" and figures["第 2 批"] == f"{soon(21)}：10 人"
    assert figures["裁员原因"] == "订单减少、生产经营困难；搬迁"
    assert figures["已听取工会或职工意见"] == "是" and figures["企业关闭停业"] == "否"
    assert figures["联系人"] == "王芳" and figures["联系电话"] == "13800000000"


# ---------------------------------------------------------------- the staff form


def test_staff_entering_a_phone_report_are_asked_the_same_and_may_confirm(people, login):
    staff = login(people.sam)
    data = {
        "enterprise_uscc": people.guilin_factory.uscc,
        "channel": "phone",
        "contact_name": "李四",
        "contact_phone": "13800000001",
        "period": "2026-11",
        "headcount_start": "120",
        "headcount_end": "116",
        "hires": "3",
        "separations": "6",
        "operating_status": "normal",
        "wages_paid_in_full": "yes",
    }
    refused = staff.post("/reporting/new/monthly/", data).content.decode()
    assert "= 117 人，而月末职工人数填的是 116 人（少 1 人）" in refused
    assert 'name="confirm_headcount_gap"' in refused
    assert not MonthlyReport.objects.exists()
    no_reason = staff.post("/reporting/new/monthly/", data | {"confirm_headcount_gap": "on"})
    assert "确认提交时请填写人数不平的原因" in no_reason.content.decode()
    assert not MonthlyReport.objects.exists()
    staff.post(
        "/reporting/new/monthly/",
        data | {"confirm_headcount_gap": "on", "headcount_gap_note": "来电人核对：1 人退休"},
    )
    report = MonthlyReport.objects.get()
    assert (report.headcount_gap, report.headcount_gap_note) == (-1, "来电人核对：1 人退休")


# ---------------------------------------------------------------- API and bulk upload


def test_the_api_refuses_a_report_that_does_not_add_up_until_it_is_confirmed(client, people):
    token = issue("ed")
    body = {"enterprise_uscc": people.guilin_factory.uscc, **OFF_BY_ONE, "headcount_end": 118}
    refused = post(client, token, "monthly", body)
    assert refused.status_code == 422
    assert "（多 1 人）" in fields_of(refused)["confirm_headcount_gap"]
    assert not MonthlyReport.objects.exists()
    no_reason = post(client, token, "monthly", body | {"confirm_headcount_gap": True})
    assert set(fields_of(no_reason)) == {"headcount_gap_note"}
    stored = post(
        client,
        token,
        "monthly",
        body | {"confirm_headcount_gap": True, "headcount_gap_note": "月末有 1 人转入"},
    )
    assert stored.status_code == 201
    shown = client.get(
        f"/api/v1/reports/{stored.json()['receipt_no']}", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert shown["data"]["headcount_gap"] == 1
    assert shown["data"]["headcount_gap_note"] == "月末有 1 人转入"


def test_a_bulk_row_that_does_not_add_up_stops_the_file_unless_confirmed_in_its_columns(
    people, login
):
    tina = login(people.tina)
    off = row(people.guilin_factory, 报告月份="2026-11", 月末职工人数=119)  # 120 + 3 − 5 = 118
    refused = upload(tina, workbook(off))
    page = refused.content.decode()
    assert refused.status_code == 400 and "第 2 行" in page and "人数核对无误" in page
    assert "（多 1 人）" in page and not MonthlyReport.objects.exists()
    confirmed = off | {"人数核对无误": "是", "人数不平的原因": "月末有 1 人转入"}
    assert upload(tina, workbook(confirmed)).status_code == 200
    report = MonthlyReport.objects.get()
    assert (report.headcount_gap, report.headcount_gap_note) == (1, "月末有 1 人转入")
