"""The queue worker opening and escalating cases shares two cores with the web workers,
so a run costs a bounded number of queries — and still opens each step and annex task of the
level exactly once, with its deadline (ADR 0045, ADR 0051).
"""

import datetime as dt

import pytest
import time_machine

from layoffwatch.alerts.models import Alert
from layoffwatch.alerts.services import alert_transition
from layoffwatch.audit.models import AuditEntry
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.response.models import CaseEvent, CaseStep, CaseTask, ResponseCase
from layoffwatch.response.services import case_open_for_alert
from layoffwatch.testing.cases import layoff_data, local, report, staff

pytestmark = pytest.mark.django_db

T0 = local(2026, 9, 30, 10, 0)
# What a run costs, counting the transaction's own BEGIN/COMMIT (a SAVEPOINT pair inside the test's
# transaction) and up to one more pair around the audit write. Open: lock the alert, look for its
# case, insert it, read the policy, the holiday table twice (one working-day rule), one INSERT of
# steps, one of tasks, the case event, the audit entry (lock head, update head, insert).
OPEN_MAX = 16
# Escalate: as open, but the level's conditional UPDATE instead of the INSERT, and one read each
# of the step keys and task numbers the case already has.
ESCALATE_MAX = 18
# A repeated run: lock the alert, find the case already at the level, nothing else.
REPEAT_MAX = 4


def submit(enterprise, *, cut, actor, at=T0):
    """A report whose on-commit hooks never run: the alert without its case (queue not run yet)."""
    data = layoff_data(enterprise, cut=cut, on="2026-10-12")
    return layoff_report_submit(
        enterprise=enterprise, data=data, channel="staff", actor=actor, at=at
    ).alert


def counts():
    return CaseStep.objects.count(), CaseTask.objects.count(), CaseEvent.objects.count()


def test_it_opens_a_level_2_case_with_every_step_and_task_in_few_queries(
    people, django_assert_max_num_queries
):
    with time_machine.travel(T0, tick=False):
        alert = submit(people.zitong_factory, cut=60, actor=people.sam)
        assert alert.level == 2
        with django_assert_max_num_queries(OPEN_MAX):
            case = case_open_for_alert(alert_id=alert.pk, level=2, at=T0)
    assert ResponseCase.objects.get(alert=alert) == case and case.level == 2
    steps = {s.key: s for s in case.steps.all()}
    assert list(steps) == [
        "report",
        "start_response",
        "plan",
        "filing",
        "responsibility",
        "municipal_guidance",
        "written_report",
    ]
    assert {s.level for s in steps.values()} == {2}
    assert steps["report"].due_at == local(2026, 9, 30, 12, 0)  # 2 hours on the clock
    # 3 working days: 1–7 October are holidays; 8, 9 and 10 October (a make-up Saturday)
    plan_due = local(2026, 10, 10, 23, 59, 59)
    assert (steps["plan"].due_at, steps["filing"].due_at) == (plan_due, plan_due)
    assert not steps["plan"].due_provisional
    assert steps["written_report"].due_at is None  # counted from the closure
    assert all(s.done_at is None for s in steps.values())
    tasks = list(case.tasks.all())
    assert [t.number for t in tasks] == [5, 6, 7, 8, 9, 10, 12, 13, 14]
    assert {(t.opened_at, t.due_at) for t in tasks} == {(T0, plan_due)}  # ADR 0051
    event = case.events.get(kind="opened")
    assert event.data["tasks"] == [5, 6, 7, 8, 9, 10, 12, 13, 14]
    assert len(event.data["steps"]) == 7
    assert AuditEntry.objects.filter(summary__startswith=f"处置 #{case.pk} ").count() == 1


def test_it_escalates_a_level_3_case_to_level_1_once_in_few_queries(
    people, django_assert_max_num_queries
):
    with time_machine.travel(T0, tick=False):
        alert = report(
            people.guilin_factory, cut=30, on=dt.date(2026, 10, 12), at=T0, actor=people.sam
        ).alert
    case = ResponseCase.objects.get(alert=alert)
    level3_tasks = {t.number: t.due_at for t in case.tasks.all()}
    assert case.level == 3 and sorted(level3_tasks) == [5, 6, 7, 9, 12, 13]

    t1 = local(2026, 10, 9, 10, 0)
    Alert.objects.filter(pk=alert.pk).update(level=1)
    with time_machine.travel(t1, tick=False):
        with django_assert_max_num_queries(ESCALATE_MAX):
            case_open_for_alert(alert_id=alert.pk, level=1, at=t1)
        before = counts()
        with django_assert_max_num_queries(REPEAT_MAX):  # a repeated run adds nothing
            case_open_for_alert(alert_id=alert.pk, level=1, at=t1)
        with django_assert_max_num_queries(REPEAT_MAX):  # a late lower level never moves it back
            case_open_for_alert(alert_id=alert.pk, level=2, at=t1)
    assert counts() == before
    case.refresh_from_db()
    assert case.level == 1
    level1 = {s.key: s for s in case.steps.filter(level=1)}
    assert list(level1) == [
        "report",
        "start_response",
        "escalate",
        "plan",
        "integrate",
        "written_report",
    ]
    assert level1["report"].due_at == local(2026, 10, 9, 12, 0)
    plan_due = local(2026, 10, 13, 23, 59, 59)  # 3 working days: 10 (make-up), 12, 13 October
    assert level1["plan"].due_at == plan_due
    # the level-3 steps stay as they were, but the written report, one per case (plan S6.2),
    # moved up to level 1
    assert case.steps.filter(level=3).count() == 5
    assert case.steps.filter(key="written_report").count() == 1
    tasks = {t.number: t for t in case.tasks.all()}
    assert sorted(tasks) == [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]  # no number twice
    for number, task in tasks.items():
        if number in level3_tasks:  # opened with level 3, keep their deadline
            assert (task.opened_at, task.due_at) == (T0, level3_tasks[number])
        else:
            assert (task.opened_at, task.due_at) == (t1, plan_due)
    event = case.events.get(kind="escalated")
    assert (event.data["from"], event.data["to"], event.data["tasks"]) == (3, 1, [8, 10, 11, 14])


def test_a_late_run_catches_the_case_up_with_a_response_already_running(
    people, django_assert_max_num_queries
):
    emma = staff("emma", "employment")  # task force
    with time_machine.travel(T0, tick=False):
        alert = submit(people.guilin_factory, cut=30, actor=people.sam)
        alert_transition(alert=alert, to_status="responding", actor=emma, at=T0)
        with django_assert_max_num_queries(OPEN_MAX):
            case = case_open_for_alert(alert_id=alert.pk, level=3, at=T0)
    started = case.steps.get(level=3, key="start_response")
    assert (started.done_at, started.note) == (T0, "响应已在处置开启前启动")
    assert case.steps.filter(done_at__isnull=True).count() == 5  # only that step is done

    t1 = local(2026, 10, 9, 10, 0)
    Alert.objects.filter(pk=alert.pk).update(level=2)
    with time_machine.travel(t1, tick=False):
        with django_assert_max_num_queries(ESCALATE_MAX):
            case_open_for_alert(alert_id=alert.pk, level=2, at=t1)
    started = case.steps.get(level=2, key="start_response")
    assert (started.done_at, started.note) == (t1, "响应已在进行中，按新等级继续处置")
    assert case.steps.filter(level=2, done_at__isnull=True).count() == 6
