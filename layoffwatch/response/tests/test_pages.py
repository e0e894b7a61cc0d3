"""Work pages and the API (ADR 0051): my tasks, the case page, the alert list and its export,
the home page figures, GET /api/v1/alerts, /alerts/{id}, /assessment — all within scope."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import ZITONG
from layoffwatch.response.models import CaseTask, ResponseCase
from layoffwatch.testing.cases import local, report, staff, unfinished_reasons
from layoffwatch.testing.reports import issue

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


@pytest.fixture
def cases(people):
    with time_machine.travel(T0, tick=False):
        guilin = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
        zitong = report(people.zitong_factory, cut=60, on=dt.date(2026, 3, 20), at=T0).alert
    return guilin, zitong


def test_it_shows_the_case_page_as_a_timeline_with_steps_and_tasks(login, people, cases):
    guilin, _ = cases
    case = ResponseCase.objects.get(alert=guilin)
    html = login(people.sam).get(f"/response/cases/{case.pk}/").content.decode()
    assert "三级预警" in html and "研究制定风险防控方案" in html
    assert "启动3级预警处置" in html  # the timeline
    assert 'id="task-done-7"' in html  # sam (就业和人才中心) may complete task 7 …
    assert 'id="task-done-5"' not in html  # … but not 法制和劳动关系科's task 5
    alert_page = login(people.sam).get(f"/alerts/{guilin.pk}/").content.decode()
    assert f'href="/response/cases/{case.pk}/"' in alert_page  # the alert's page links its case


def test_it_refuses_a_town_liaison_another_towns_case(login, people, cases):
    _, zitong = cases
    case = ResponseCase.objects.get(alert=zitong)
    assert login(people.tina).get(f"/response/cases/{case.pk}/").status_code == 404
    assert login(people.ed).get("/alerts/").status_code == 403


def test_it_lists_my_tasks_by_section_and_the_liaisons_town(login, people, cases):
    html = login(people.sam).get("/response/").content.decode()
    assert "梓潼汽配有限公司" in html and "桂林食品有限公司" in html  # 人才中心 leads tasks of both
    html = login(people.tina).get("/response/").content.decode()
    assert "桂林食品有限公司" in html and "梓潼汽配有限公司" not in html


def test_it_completes_a_task_on_the_page_only_for_the_lead_unit(login, people, cases):
    guilin, _ = cases
    case = ResponseCase.objects.get(alert=guilin)
    task5 = CaseTask.objects.get(case=case, number=5)
    response = login(people.sam).post(
        f"/response/cases/{case.pk}/tasks/{task5.pk}/done/", {"note": "x"}
    )
    assert response.status_code == 403
    task7 = CaseTask.objects.get(case=case, number=7)
    login(people.sam).post(
        f"/response/cases/{case.pk}/tasks/{task7.pk}/done/", {"note": "已落实补贴"}
    )
    task5.refresh_from_db()
    task7.refresh_from_db()
    assert task5.done_at is None and task7.done_by == people.sam


def test_it_filters_the_alert_list_and_exports_it_audited(login, people, cases):
    client = login(people.sam)
    html = client.get("/alerts/?level=2").content.decode()
    assert "梓潼汽配有限公司" in html and "桂林食品有限公司" not in html
    html = client.get(f"/alerts/?town={ZITONG}&status=open").content.decode()
    assert "梓潼汽配有限公司" in html and "桂林食品有限公司" not in html
    with time_machine.travel(local(2026, 3, 20, 9, 0), tick=False):
        html = client.get("/alerts/?overdue=on").content.decode()
    assert "桂林食品有限公司" in html
    response = client.get("/alerts/export/?industry=36")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["梓潼汽配有限公司"]
    assert AuditEntry.objects.filter(action="export", summary__contains="预警清单").exists()


def test_it_shows_the_district_grade_and_open_alerts_on_the_home_page(login, people, cases):
    html = login(people.sam).get("/").content.decode()
    assert "第二等次（较重）" in html  # one level 2 + one level 3 = 4 points
    assert 'data-testid="open-level-2"><a href="/alerts/?level=2&status=open">1</a>' in html


def test_it_serves_alerts_cases_and_the_assessment_over_the_api_within_scope(client, people, cases):
    guilin, zitong = cases
    token = issue("tina")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    rows = client.get("/api/v1/alerts?status=open", **auth).json()
    assert [r["id"] for r in rows] == [guilin.pk]  # tina sees 桂林街道 only
    body = client.get(f"/api/v1/alerts/{guilin.pk}", **auth).json()
    assert body["case"]["level"] == 3
    assert "plan" in [s["key"] for s in body["case"]["steps"]]
    assert {t["number"] for t in body["case"]["tasks"]} == {5, 6, 7, 9, 12, 13}
    assert client.get(f"/api/v1/alerts/{zitong.pk}", **auth).status_code == 404
    grade = client.get("/api/v1/assessment", **auth).json()
    assert grade["grade"] == 2 and grade["reasons"]
    bad = client.get("/api/v1/alerts?level=7", **auth)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "level"
    ed = {"HTTP_AUTHORIZATION": f"Bearer {issue('ed')}"}
    assert client.get("/api/v1/alerts", **ed).status_code == 403


def test_it_lets_the_task_force_lift_a_level_3_alert_on_the_page(login, people, cases):
    guilin, _ = cases
    case = ResponseCase.objects.get(alert=guilin)
    emma = staff("emma", "employment")
    client = login(emma)
    client.post(f"/response/cases/{case.pk}/status/", {"to_status": "responding"})
    client.post(f"/response/cases/{case.pk}/status/", {"to_status": "under_control"})
    data = {"reason": "职工已安置"}  # and a reason for each step or task still open (ADR 0053)
    data |= {f"unfinished-{k}": v for k, v in unfinished_reasons(guilin).items()}
    response = client.post(f"/response/cases/{case.pk}/lift/", data, follow=True)
    assert "预警已解除" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "closed"
    assert client.get(f"/response/cases/{case.pk}/report.docx").status_code == 200
