"""ADR 0045: the response case opens in a queue task after the report's transaction commits.

The alert and its in-app notifications commit with the report; the case (steps, annex tasks,
deadlines) appears once the queue has run, exactly once per alert and level.
"""

import datetime as dt

import pytest
import time_machine
from django.test import TestCase

from layoffwatch.alerts.models import Alert
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.response.models import CaseEvent, CaseStep, CaseTask, ResponseCase
from layoffwatch.response.services import cases_catch_up
from layoffwatch.response.tasks import case_open
from layoffwatch.testing.cases import inbox, layoff_data, local, queue_runs, report, staff

pytestmark = pytest.mark.django_db

T0 = local(2026, 9, 30, 10, 0)


def submit(enterprise, *, cut, actor):
    data = layoff_data(enterprise, cut=cut, on="2026-10-12")
    return layoff_report_submit(
        enterprise=enterprise, data=data, channel="staff", actor=actor, at=T0
    )


def test_the_alert_and_its_notifications_commit_with_the_report_and_the_case_after_it(people):
    emma = staff("emma", "employment")
    with time_machine.travel(T0, tick=False):
        with TestCase.captureOnCommitCallbacks(execute=False) as hooks:
            alert = submit(people.guilin_factory, cut=30, actor=people.sam).alert
        assert alert.level == 3 and inbox(emma)  # in the report's transaction
        assert not ResponseCase.objects.filter(alert=alert).exists()  # not yet: after commit
        with queue_runs():
            for hook in hooks:
                hook()
    case = ResponseCase.objects.get(alert=alert)
    assert case.level == 3 and case.steps.filter(level=3).count() == 6


def test_running_the_task_again_adds_nothing(people):
    with time_machine.travel(T0, tick=False):
        alert = report(
            people.guilin_factory, cut=30, on=dt.date(2026, 10, 12), at=T0, actor=people.sam
        ).alert
        counts = (CaseStep.objects.count(), CaseTask.objects.count(), CaseEvent.objects.count())
        with queue_runs():
            case_open(alert.pk, 3, T0)
            case_open(alert.pk, 3, T0)
    assert ResponseCase.objects.filter(alert=alert).count() == 1
    assert (CaseStep.objects.count(), CaseTask.objects.count(), CaseEvent.objects.count()) == counts


def test_an_escalation_adds_the_higher_levels_steps_exactly_once(people):
    with time_machine.travel(T0, tick=False):
        alert = report(
            people.guilin_factory, cut=30, on=dt.date(2026, 10, 12), at=T0, actor=people.sam
        ).alert
        Alert.objects.filter(pk=alert.pk).update(level=2)
        with queue_runs():
            case_open(alert.pk, 2, T0)
            case_open(alert.pk, 2, T0)
    case = ResponseCase.objects.get(alert=alert)
    assert case.level == 2
    level2 = list(case.steps.filter(level=2).values_list("key", flat=True))
    assert level2 and len(level2) == len(set(level2))
    assert case.events.filter(kind="escalated").count() == 1


def test_the_sweep_opens_a_case_whose_queue_entry_was_lost(people):
    with time_machine.travel(T0, tick=False):
        alert = submit(people.guilin_factory, cut=30, actor=people.sam).alert  # hooks never run
        assert not ResponseCase.objects.filter(alert=alert).exists()
        assert cases_catch_up(at=T0) == 1
        assert cases_catch_up(at=T0) == 0
    assert ResponseCase.objects.get(alert=alert).steps.filter(level=3).count() == 6


def test_a_notification_clicked_before_the_worker_ran_opens_the_case(people, client):
    emma = staff("emma", "employment")
    with time_machine.travel(T0, tick=False):
        alert = submit(people.guilin_factory, cut=30, actor=people.sam).alert  # hooks never run
    client.force_login(emma)
    response = client.get(f"/alerts/{alert.pk}/")
    case = ResponseCase.objects.get(alert=alert)
    assert response.status_code == 200
    assert (
        f'href="/response/cases/{case.pk}/"' in response.content.decode()
    )  # the alert page links it
    assert case.steps.filter(level=3).count() == 6
