"""The staff entry form for telephone and written reports (plan S3.1.1): each fact is asked once.
The contact fields are the caller of a telephone report (name and phone required); the note asks
only what they do not hold — the document's title and number of a written report (required)."""

import re
from html import unescape

import pytest

from layoffwatch.reporting.models import LayoffReport, MonthlyReport
from layoffwatch.testing.reports import soon

pytestmark = pytest.mark.django_db


def shown(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def errors(response) -> list[str]:
    """The lines of the summary above the form ("label：message")."""
    box = re.search(
        r'data-testid="form-errors">(.*?</div>)\s*</div>', response.content.decode(), re.S
    )
    return (
        [unescape(line) for line in re.findall(r"<div>([^<]+)</div>", box.group(1))] if box else []
    )


def layoff(people, **overrides):
    data = {
        "enterprise_uscc": people.guilin_factory.uscc,
        "channel": "phone",
        "contact_name": "李四",
        "contact_phone": "13800000001",
        "planned_cut": "30",
        "wave_date_1": soon(7),
    }
    return {k: v for k, v in (data | overrides).items() if v is not None}


def monthly(people, **overrides):
    data = {
        "enterprise_uscc": people.guilin_factory.uscc,
        "channel": "phone",
        "contact_name": "李四",
        "contact_phone": "13800000001",
        "period": "2026-10",
        "headcount_start": "300",
        "headcount_end": "298",
        "separations": "2",
        "operating_status": "normal",
        "wages_paid_in_full": "yes",
    }
    return {k: v for k, v in (data | overrides).items() if v is not None}


@pytest.mark.parametrize("path", ["/reporting/new/", "/reporting/new/monthly/"])
def test_the_caller_is_asked_once_right_after_the_way_of_reporting(login, people, path):
    page = login(people.sam).get(path).content.decode()
    labels = re.findall(r'<label class="form-label[^"]*" for="id_(\w+)">([^<]+)</label>', page)
    names = [name for name, _label in labels]
    at = names.index("channel")
    assert names[at + 1 : at + 4] == ["contact_name", "contact_phone", "source_note"]
    assert dict(labels)["contact_name"] == "来电人/联系人"
    assert dict(labels)["source_note"] == "来文名称和文号（书面报告必填）"
    assert page.count('name="contact_name"') == page.count('name="contact_phone"') == 1
    assert "来电人或来文" not in page


def test_a_phone_report_without_the_callers_phone_is_refused_naming_the_field(login, people):
    response = login(people.sam).post("/reporting/new/", layoff(people, contact_phone=""))
    assert response.status_code == 200
    assert errors(response) == ["联系电话：电话报告须填写来电人的联系电话"]
    assert not LayoffReport.objects.exists()


def test_a_phone_report_without_the_callers_name_is_refused_naming_the_field(login, people):
    response = login(people.sam).post("/reporting/new/monthly/", monthly(people, contact_name=""))
    assert errors(response) == ["来电人/联系人：电话报告须填写来电人姓名"]
    assert not MonthlyReport.objects.exists()


def test_a_written_report_without_the_documents_title_is_refused_naming_the_field(login, people):
    for path, data in (("/reporting/new/", layoff), ("/reporting/new/monthly/", monthly)):
        response = login(people.sam).post(path, data(people, channel="written"))
        assert errors(response) == ["来文名称和文号（书面报告必填）：书面报告须填写来文名称和文号"]
    assert not LayoffReport.objects.exists() and not MonthlyReport.objects.exists()


def test_a_wrong_phone_number_is_refused_on_the_monthly_form_too(login, people):
    """A monthly report has no contact fields for the service to check: the form checks it."""
    response = login(people.sam).post(
        "/reporting/new/monthly/", monthly(people, contact_phone="12")
    )
    assert errors(response) == ["联系电话：电话号码格式不正确（手机 11 位，或区号-座机号）"]
    assert not MonthlyReport.objects.exists()


def test_a_phone_layoff_report_keeps_the_caller_as_its_contact(login, people):
    staff = login(people.sam)
    response = staff.post("/reporting/new/", layoff(people, source_note="人事部主管"), follow=True)
    report = LayoffReport.objects.get()
    assert (report.channel, report.contact_name, report.contact_phone) == (
        "phone",
        "李四",
        "13800000001",
    )
    assert report.source_note == "人事部主管"  # only what the contact fields do not hold
    page = shown(response)
    assert "电话报告：人事部主管" in page and "李四 13800000001" in page


def test_a_phone_report_needs_no_note(login, people):
    login(people.sam).post("/reporting/new/", layoff(people))
    report = LayoffReport.objects.get()
    assert report.contact_name == "李四" and report.source_note == ""


def test_a_written_monthly_report_keeps_the_document_and_whom_it_names(login, people):
    response = login(people.sam).post(
        "/reporting/new/monthly/",
        monthly(people, channel="written", source_note="关于10月用工情况的报告（桂食〔2026〕5号）"),
        follow=True,
    )
    report = MonthlyReport.objects.get()
    note = "联系人：李四 13800000001；关于10月用工情况的报告（桂食〔2026〕5号）"
    assert report.source_note == note
    assert f"书面报告：{note}" in shown(response)


def test_a_note_too_long_with_the_caller_is_refused_rather_than_cut(login, people):
    response = login(people.sam).post(
        "/reporting/new/monthly/", monthly(people, source_note="备" * 190)
    )
    assert errors(response) == [
        "来文名称和文号（书面报告必填）：连同来电人/联系人和联系电话超过 200 字，请精简"
    ]
    assert not MonthlyReport.objects.exists()


def test_the_caller_fields_and_their_errors_read_in_english_on_request(login, people):
    staff = login(people.sam)
    staff.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = staff.post("/reporting/new/", layoff(people, contact_phone=""))
    page = shown(response)
    assert "Caller / contact person" in page
    assert "Contact phone: A telephone report needs the caller's phone number" in page
    assert "Document title and reference number (required for a written report)" in page
    assert not LayoffReport.objects.exists()
