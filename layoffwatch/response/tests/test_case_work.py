"""The case page's remaining work (ADR 0051): measures that open extra annex tasks, the task
force moving a task's deadline, filings not tied to a step, and a major problem's short report
recorded as a filing (plan S5.1–S5.3, S6.2, annex)."""

import datetime as dt

import pytest
import time_machine

from layoffwatch.audit.models import AuditEntry
from layoffwatch.response.models import CaseEvent, CaseTask, Filing, ResponseCase
from layoffwatch.response.services import problem_report
from layoffwatch.testing.cases import local, report, staff

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


@pytest.fixture
def case(people):
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
    return ResponseCase.objects.get(alert=alert)


@pytest.fixture
def emma(people):
    return staff("emma", "employment")  # the task force's lead section (ADR 0050)


def test_it_opens_the_annex_tasks_of_a_chosen_measure(login, case, emma):
    """Annex: 余缺调剂招聘 opens tasks 10 and 11 in a level-3 case (their level is 2 and 1)."""
    assert not CaseTask.objects.filter(case=case, number__in=[10, 11]).exists()
    client = login(emma)
    with time_machine.travel(T0 + dt.timedelta(hours=2), tick=False):
        html = client.get(f"/response/cases/{case.pk}/").content.decode()
        assert 'id="measures-form"' in html and "余缺调剂招聘" in html
        html = client.post(
            f"/response/cases/{case.pk}/measures/", {"measures": ["job_matching"]}, follow=True
        ).content.decode()
    assert "已选用处置措施，相应任务已启动" in html
    tasks = CaseTask.objects.filter(case=case, number__in=[10, 11])
    assert sorted(tasks.values_list("number", flat=True)) == [10, 11]
    assert all("选用措施：余缺调剂招聘" in "；".join(t.why) for t in tasks)
    assert all(t.due_at is not None for t in tasks)
    assert "选用处置措施：余缺调剂招聘；启动任务分解表第 10、11 项" in html  # the timeline


def test_it_refuses_measures_from_outside_the_task_force_or_already_open(login, people, case, emma):
    with time_machine.travel(T0, tick=False):
        response = login(people.sam).post(
            f"/response/cases/{case.pk}/measures/", {"measures": ["flexible_employment"]}
        )
        assert response.status_code == 403
        assert not CaseTask.objects.filter(case=case, number=8).exists()
        html = (
            login(emma)
            .post(f"/response/cases/{case.pk}/measures/", {"measures": ["subsidies"]}, follow=True)
            .content.decode()
        )
    assert "需要的任务已经启动（任务分解表第 7 项）" in html
    assert AuditEntry.objects.filter(
        action="denied", summary__startswith="拒绝选用处置措施"
    ).exists()
    assert AuditEntry.objects.filter(
        action="rejected", summary__startswith="拒绝选用处置措施"
    ).exists()


def test_it_lets_the_task_force_move_a_tasks_deadline_audited(login, people, case, emma):
    task = CaseTask.objects.get(case=case, number=7)
    old = task.due_at
    new = local(2026, 3, 31, 17, 30)
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        response = login(people.sam).post(
            f"/response/cases/{case.pk}/tasks/{task.pk}/due/",
            {"due_at": "2026-03-31T17:30", "reason": "企业延期"},
        )
        assert response.status_code == 403  # the lead unit itself may not move its deadline
        task.refresh_from_db()
        assert task.due_at == old
        html = (
            login(emma)
            .post(
                f"/response/cases/{case.pk}/tasks/{task.pk}/due/",
                {"due_at": "2026-03-31T17:30", "reason": "企业裁员推迟至4月"},
                follow=True,
            )
            .content.decode()
        )
    assert "任务时限已调整" in html
    task.refresh_from_db()
    assert task.due_at == new
    entry = AuditEntry.objects.get(summary__contains="调整任务分解表第7项")
    assert entry.actor_id == emma.pk and "企业裁员推迟至4月" in entry.summary
    assert entry.after["before"] == old.isoformat() and entry.after["after"] == new.isoformat()


def test_it_refuses_a_deadline_without_a_reason_or_before_the_task_opened(login, case, emma):
    task = CaseTask.objects.get(case=case, number=7)
    old = task.due_at
    client = login(emma)
    with time_machine.travel(T0, tick=False):
        html = client.post(
            f"/response/cases/{case.pk}/tasks/{task.pk}/due/",
            {"due_at": "2026-03-01T09:00", "reason": "笔误"},
            follow=True,
        ).content.decode()
    assert "新的时限须晚于任务启动时间" in html
    task.refresh_from_db()
    assert task.due_at == old


def test_it_records_a_filing_not_tied_to_a_step(login, people, case, emma):
    """plan S6.2 加强情况报告: a report out beyond the procedure's steps is still recorded."""
    client = login(emma)
    with time_machine.travel(T0 + dt.timedelta(hours=3), tick=False):
        html = client.post(
            f"/response/cases/{case.pk}/filings/other/",
            {
                "kind": "other",
                "recipient": "district_government",
                "channel": "document",
                "sent_at": "2026-03-02T11:30",
                "document_title": "潼人社〔2026〕12号 进展情况报告",
            },
            follow=True,
        ).content.decode()
        assert "已登记报送记录" in html
        filing = Filing.objects.get(case=case, kind="other")
        assert (filing.step, filing.recipient_name, filing.late) == (None, "区政府", False)
        assert "潼人社〔2026〕12号" in html
        response = login(people.sam).post(
            f"/response/cases/{case.pk}/filings/other/",
            {
                "kind": "other",
                "recipient": "district_government",
                "channel": "document",
                "sent_at": "2026-03-02T11:30",
                "document_title": "x",
            },
        )
    assert response.status_code == 403
    assert Filing.objects.filter(case=case).count() == 1


def test_it_records_a_major_problems_short_report_as_a_filing(login, people, case, emma):
    at = T0 + dt.timedelta(hours=4)
    with time_machine.travel(at, tick=False):
        problem = problem_report(
            case=case, actor=emma, summary="职工聚集", details="约 40 名职工在厂门口聚集", at=at
        )
        html = (
            login(emma)
            .post(
                f"/response/cases/{case.pk}/filings/other/",
                {
                    "kind": "major_problem",
                    "problem": problem.pk,
                    "recipient": "municipal_bureau",
                    "channel": "fax",
                    "sent_at": "2026-03-02T13:00",
                },
                follow=True,
            )
            .content.decode()
        )
    assert "已登记报送记录" in html, html[html.find("alert-") :][:400]
    filing = Filing.objects.get(case=case, kind="major_problem")
    assert filing.document_title == "关于职工聚集的简要报告"
    assert filing.recipient_name == "市人力社保局"
    assert "重大问题实时报送" in html and "关于职工聚集的简要报告" in html
    assert CaseEvent.objects.filter(case=case, kind="filing", data__problem=problem.pk).exists()
