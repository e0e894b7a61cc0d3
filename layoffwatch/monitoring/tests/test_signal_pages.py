"""plan S3.1.5: the actions on a signal's page (take, dismiss, merge, confirm) say on the page what
happened; a refusal is the page's message and is audited once, on the signal."""

import datetime as dt

import pytest

from layoffwatch.audit.models import AuditEntry
from layoffwatch.monitoring import services
from layoffwatch.monitoring.models import Signal

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal(people):
    """A clue about the 桂林 factory: a tip for annex task 4's lead unit (not Sam's section)."""
    return services.clue_file(
        actor=people.sam,
        at=NOW,
        channel="broker",
        received_on=dt.date(2026, 3, 1),
        description="劳务经纪人反映该厂下月将裁员约40人",
        enterprise=people.guilin_factory,
        reported_count=40,
    ).signal


def act(client, signal, action, data=None):
    response = client.post(f"/monitoring/signals/{signal.pk}/{action}/", data or {}, follow=True)
    assert response.redirect_chain[-1][0] == f"/monitoring/signals/{signal.pk}/"
    return response.content.decode()


def refusals(signal):
    return list(
        AuditEntry.objects.filter(
            action__in=("denied", "rejected"),
            object_type="monitoring.signal",
            object_id=str(signal.pk),
        ).values_list("action", "summary")
    )


def test_someone_outside_the_lead_unit_is_told_on_the_page_and_the_refusal_is_audited(
    login, people, signal
):
    page = act(login(people.sam), signal, "take")
    said = f"只有{signal.assigned_unit.name}的工作人员可以认领核实"
    assert said in page
    assert Signal.objects.get(pk=signal.pk).status == "tip"
    assert refusals(signal) == [("denied", f"拒绝认领核实：{said}")]


def test_the_lead_unit_takes_the_tip_and_the_page_says_so(login, people, signal):
    assert "已认领核实" in act(login(people.alice), signal, "take")
    assert Signal.objects.get(pk=signal.pk).status == "assigned" and refusals(signal) == []


def test_a_dismissal_without_a_reason_is_refused_on_the_page(login, people, signal):
    page = act(login(people.alice), signal, "dismiss", {"reason": " "})
    assert "排除信号须写明理由" in page and "已排除" not in page
    assert refusals(signal) == [("rejected", "拒绝排除信号：排除信号须写明理由")]
    assert "已排除" in act(login(people.alice), signal, "dismiss", {"reason": "季节性停产"})


def test_a_merge_into_a_signal_one_cannot_read_says_it_is_not_found(login, people, signal):
    page = act(login(people.alice), signal, "merge", {"into": signal.pk + 1000})
    assert "找不到要并入的信号" in page
    assert Signal.objects.get(pk=signal.pk).status == "tip"


def test_confirming_without_a_verification_is_refused_on_the_page(login, people, signal):
    page = act(login(people.alice), signal, "confirm")
    assert "确认前须先记录电话核实或实地走访情况" in page and "已确认" not in page
    assert Signal.objects.get(pk=signal.pk).status == "tip"
