"""The month's analysis page, its XLSX, the command and the API (plan S6.1): the same figures
from one selector (analysis.indicators), each with its source; unknown shown as unknown."""

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from layoffwatch.conftest import GUILIN

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_district_figures_and_says_which_feed_is_missing(month, people, login):
    month.social_insurance()
    page = login(people.sam).get("/analysis/2026-03/").content.decode()
    assert 'data-indicator="insured"' in page
    district = page.split('id="analysis-district"')[1].split("</table>")[0]
    assert ">28<" in district  # 参保人数
    assert "17.1%" in district  # 岗位流失率 6 / 35
    assert "−7" in district or "-7" in district  # 环比
    # no registrations imported for March: unknown, with why, not 0
    row = district.split('data-indicator="registrations"')[1].split("</tr>")[0]
    assert "暂无数据" in row and "失业登记" in row
    feeds = page.split('id="analysis-feeds"')[1].split("</table>")[0]
    assert "未导入" in feeds and "已导入" in feeds


def test_a_month_without_data_says_so(month, people, login):
    page = login(people.sam).get("/analysis/2025-01/").content.decode()
    assert "2025-01没有可分析的数据" in page


def test_a_liaison_sees_their_town_and_an_enterprise_officer_is_refused(month, people, login):
    month.social_insurance()
    page = login(people.tina).get("/analysis/2026-03/").content.decode()
    district = page.split('id="analysis-district"')[1].split("</table>")[0]
    assert ">8<" in district and "桂林街道" in page
    assert login(people.ed).get("/analysis/2026-03/").status_code == 403


def test_the_xlsx_holds_the_same_figures(month, people, login):
    month.social_insurance()
    response = login(people.sam).get("/analysis/2026-03/indicators.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb["全区"]
    header = [c.value for c in ws[1]]
    row = [c.value for c in ws[2]]
    assert row[header.index("参保人数（人）")] == 28
    assert row[header.index("参保人数环比")] == -7
    # unknown is an empty cell with its reason, never 0
    assert row[header.index("失业登记人数（人）")] is None
    assert "失业登记" in row[-1]
    towns = {r[1].value: r[4 + 0].value for r in wb["镇街"].iter_rows(min_row=2)}
    assert towns["桂林街道"] == 8
    assert "指标说明" in wb.sheetnames


def test_the_command_prints_the_month_and_refuses_a_month_without_data(month, tmp_path):
    month.social_insurance()
    out = io.StringIO()
    call_command("analysis", "--period", "2026-03", "--json", stdout=out)
    data = json.loads(out.getvalue())
    district = next(r for r in data["rows"] if r["area"] == "district")
    assert district["figures"]["insured"] == 28 and district["figures"]["registrations"] is None
    text = io.StringIO()
    call_command("analysis", "--period", "2026-03", stdout=text)
    assert "参保人数：28" in text.getvalue()
    with pytest.raises(CommandError, match="2025-01没有可分析的数据"):
        call_command("analysis", "--period", "2025-01")
    with pytest.raises(CommandError, match="--period：月份应为 YYYY-MM"):
        call_command("analysis", "--period", "March")


def test_the_api_answers_within_the_token_s_scope(month, people, client):
    from layoffwatch.testing.reports import issue

    month.social_insurance()

    def get(user):
        token = issue(user.username)
        return client.get("/api/v1/analysis/2026-03", HTTP_AUTHORIZATION=f"Bearer {token}")

    district = next(r for r in get(people.sam).json()["rows"] if r["area"] == "district")
    assert district["figures"]["insured"]["value"] == 28
    town = get(people.tina).json()
    assert town["town"] == GUILIN
    assert (
        next(r for r in town["rows"] if r["area"] == "district")["figures"]["insured"]["value"] == 8
    )
    assert get(people.ed).status_code == 403
    token = issue(people.sam.username)
    bad = client.get("/api/v1/analysis/2026-13", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "period"
    none = client.get("/api/v1/analysis/2025-01", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert none.status_code == 404 and "2025-01没有可分析的数据" in none.json()["detail"]


def test_staff_draft_the_analysis_a_leader_signs_it_once_it_is_complete(month, people, login):
    import docx

    month.social_insurance()
    staff = login(people.sam)
    staff.post("/analysis/2026-03/draft/")
    page = staff.get("/analysis/2026-03/").content.decode()
    draft = page.split('id="analysis-draft"')[1]
    assert "草稿" in draft and "参保人数28人" in draft.replace(" ", "").replace(",", "")
    leader = login(people.li)
    refused = leader.post("/analysis/2026-03/sign/", follow=True).content.decode()
    assert "尚未填写：下一步工作建议" in refused
    staff = login(people.sam)
    texts = {f"section-{s['key']}": s["text"] for s in _sections("2026-03")}
    texts["section-next_steps"] = "加强对梓潼街道汽配企业的跟踪。"
    staff.post("/analysis/2026-03/edit/", texts)
    leader = login(people.li)
    signed = leader.post("/analysis/2026-03/sign/", follow=True).content.decode()
    assert "已签发" in signed.split('id="analysis-draft"')[1]
    word = docx.Document(io.BytesIO(leader.get("/analysis/2026-03/analysis.docx").content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "加强对梓潼街道汽配企业的跟踪。" in text and "草稿" not in text


def _sections(period):
    from layoffwatch.analysis.models import MonthlyAnalysis

    return MonthlyAnalysis.objects.get(period=period).sections


def test_the_command_writes_the_month_s_analysis_and_tables(month, people, tmp_path):
    import docx
    from django.utils import timezone

    from layoffwatch.analysis.services import analysis_draft

    month.social_insurance()
    with pytest.raises(CommandError, match="--docx：2026-03还没有起草分析"):
        call_command("analysis", "--period", "2026-03", "--docx", str(tmp_path / "a.docx"))
    analysis_draft("2026-03", actor=people.sam, at=timezone.now())
    call_command(
        "analysis",
        "--period",
        "2026-03",
        "--docx",
        str(tmp_path / "a.docx"),
        "--xlsx",
        str(tmp_path / "a.xlsx"),
        stdout=io.StringIO(),
    )
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "a.docx")).paragraphs)
    assert "2026年3月就业形势分析" in text and "28" in text
    assert openpyxl.load_workbook(tmp_path / "a.xlsx")["全区"]["E2"].value == 28


def test_unknown_figures_say_why_on_the_page_and_the_liaison_s_sheet_is_their_town(
    month, people, login
):
    month.social_insurance()
    page = login(people.sam).get("/analysis/2026-03/").content.decode()
    district = page.split('id="analysis-district"')[1].split("</table>")[0]
    # the reasons are written out, not hidden in a tooltip: a phone has no hover
    assert 'data-testid="unknown-because">2026-03的失业登记数据尚未导入' in district
    assert "2025-03的社保参保缴费数据尚未导入" in district  # why 同比 is unknown
    response = login(people.tina).get("/analysis/2026-03/indicators.xlsx")
    assert "桂林街道" in openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames


def test_what_the_leader_typed_is_saved_with_the_sign_off(month, people, login):
    from layoffwatch.analysis.models import MonthlyAnalysis

    month.social_insurance()
    login(people.sam).post("/analysis/2026-03/draft/")
    leader = login(people.li)
    leader.post("/analysis/2026-03/sign/", {"section-next_steps": "组织两场专场招聘会。"})
    analysis = MonthlyAnalysis.objects.get(period="2026-03")
    assert analysis.status == "signed"
    assert {s["key"]: s["text"] for s in analysis.sections}["next_steps"] == "组织两场专场招聘会。"


def test_a_liaison_cannot_draft_or_read_the_district_s_analysis_and_the_refusal_is_audited(
    month, people, login
):
    from layoffwatch.analysis.models import MonthlyAnalysis
    from layoffwatch.audit.models import AuditEntry

    month.social_insurance()
    login(people.sam).post("/analysis/2026-03/draft/")
    tina = login(people.tina)
    assert tina.post("/analysis/2026-03/draft/").status_code == 404
    assert tina.get("/analysis/2026-03/analysis.docx").status_code == 404
    assert MonthlyAnalysis.objects.get(period="2026-03").drafted_by == people.sam
    assert AuditEntry.objects.filter(action="denied", actor_id=people.tina.pk).count() == 2


def test_a_month_out_of_this_century_is_not_a_page_and_downloads_are_audited(
    month, people, login, client
):
    from layoffwatch.audit.models import AuditEntry
    from layoffwatch.testing.reports import issue

    month.social_insurance()
    sam = login(people.sam)
    for period in ("9999-12", "0001-01", "0000-01"):
        assert sam.get(f"/analysis/{period}/").status_code == 404
        assert sam.get(f"/analysis/{period}/indicators.xlsx").status_code == 404
    with pytest.raises(CommandError, match="--period：月份应为 YYYY-MM"):
        call_command("analysis", "--period", "9999-12")
    token = issue(people.sam.username)
    answer = client.get("/api/v1/analysis/9999-12", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 422
    sam = login(people.sam)
    sam.get("/analysis/2026-03/indicators.xlsx")
    assert AuditEntry.objects.filter(
        action="export", actor_id=people.sam.pk, summary__contains="2026-03 就业形势指标表"
    ).exists()


def test_the_largest_events_name_their_people_in_either_language(month, people, login):
    """The month's largest events (plan S6.1): each says how many people, one person or many, in
    the reader's language."""
    from layoffwatch.accounts.models import Section
    from layoffwatch.monitoring.models import Signal

    month.social_insurance()
    for enterprise, count in ((people.guilin_factory, 1), (people.zitong_factory, 12)):
        Signal.objects.create(
            kind=Signal.Kind.MASS_STOPPAGE,
            enterprise=enterprise,
            town=enterprise.town,
            period="2026-03",
            count=count,
            summary="社保断缴",
            status=Signal.Status.TIP,
            assigned_unit=Section.objects.get(code="talent_center"),
            dedupe_key=f"stoppage:{enterprise.uscc}:2026-03",
        )
    client = login(people.sam)
    events = client.get("/analysis/2026-03/").content.decode().split('id="analysis-events"')[1]
    events = events.split("</ul>")[0]
    assert "监测发现断缴 12 人" in events and "监测发现断缴 1 人" in events
    client.cookies["django_language"] = "en"
    events = client.get("/analysis/2026-03/").content.decode().split('id="analysis-events"')[1]
    events = events.split("</ul>")[0]
    assert "12 people stopped contributing (found by monitoring)" in events
    assert "1 person stopped contributing (found by monitoring)" in events
