"""A case's units (the bureau's sections, 科室（单位）) read in the reader's language on the case
page — its task column and its timeline — while the tasks keep the Chinese names (ADR 0100,
amended 2026-12-07 (6))."""

import datetime as dt

import pytest
import time_machine

from layoffwatch.response.models import CaseTask, ResponseCase
from layoffwatch.response.services import task_complete
from layoffwatch.testing.cases import local, report, staff

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


@pytest.fixture
def case(people):
    with time_machine.travel(T0, tick=False):
        filed = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0)
    return ResponseCase.objects.get(alert=filed.alert)


def _page(login, user, url: str, language: str) -> str:
    client = login(user)
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_the_case_page_names_a_tasks_unit_in_the_readers_language(login, people, case):
    task = case.tasks.filter(lead="talent_center").order_by("number").first()
    assert task is not None, "a level 3 case has a task led by 就业和人才中心"
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        task_complete(task=task, actor=people.sam, note="已上门服务", at=T0 + dt.timedelta(hours=1))
    url = f"/response/cases/{case.pk}/"

    english = _page(login, people.sam, url, "en")
    assert "<strong>Employment and Talent Centre</strong>" in english
    assert (
        f"Employment and Talent Centre completed task {task.number} of the task breakdown: 已上门服务"
        in english
    )
    assert "就业和人才中心" not in english

    chinese = _page(login, people.sam, url, "zh-hans")
    assert "<strong>就业和人才中心</strong>" in chinese
    assert f"就业和人才中心办结任务分解表第{task.number}项：已上门服务" in chinese
    assert "Employment and Talent Centre" not in chinese
    # what is stored does not change
    assert CaseTask.objects.get(pk=task.pk).lead_name == "就业和人才中心"


def test_my_tasks_names_the_units_in_the_readers_language(login, people, case):
    english = _page(login, people.sam, "/response/", "en")
    assert "Employment and Talent Centre" in english and "就业和人才中心" not in english
    assert "就业和人才中心" in _page(login, people.sam, "/response/", "zh-hans")


def test_the_lifting_page_names_an_open_tasks_unit_in_the_readers_language(login, people, case):
    emma = staff("emma", "employment")
    client = login(emma)
    client.post(f"/response/cases/{case.pk}/status/", {"to_status": "responding"})
    client.post(f"/response/cases/{case.pk}/status/", {"to_status": "under_control"})
    task = case.tasks.filter(lead="talent_center").order_by("number").first()
    url = f"/response/cases/{case.pk}/lift/"

    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert f"Task {task.number} of the task breakdown (led by Employment and Talent Centre)" in (
        english
    )
    assert "就业和人才中心" not in english and "牵头）" not in english

    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(url).content.decode()
    assert f"任务分解表第{task.number}项（就业和人才中心牵头）" in chinese
