"""An overdue consultation action in the daily escalation of overdue work (plan S6.1, ADR 0102):
the day after its due day (Tongnan's day, ADR 0009) the owner's section head is told, the next
day the leaders; once each, however many workers run the job."""

import datetime as dt

import pytest
import time_machine

from layoffwatch.analysis.consultations import consultation_record
from layoffwatch.analysis.models import ConsultationAction
from layoffwatch.response.models import Assignment
from layoffwatch.response.services import overdue_escalate
from layoffwatch.testing.cases import inbox, local, staff

pytestmark = pytest.mark.django_db
ACTION = "统计局提供二月规上企业用工数"


def record(people, owner):
    at = local(2026, 3, 2, 10, 0)
    with time_machine.travel(at, tick=False):
        consultation_record(
            actor=people.sam,
            at=at,
            held_on=dt.date(2026, 3, 2),
            subject="三月就业形势会商",
            analysis=None,
            participants=["section:employment", "dept:statistics"],
            inputs=[],
            conclusions="形势总体稳定",
            actions=[{"number": 1, "text": ACTION, "owner": owner, "due_on": dt.date(2026, 3, 10)}],
        )
    return ConsultationAction.objects.get()


def escalate(at):
    """The daily job at `at`, with the clock there too."""
    with time_machine.travel(at, tick=False):
        return overdue_escalate(at=at)


def told(user) -> int:
    return sum(ACTION in title and title.startswith("逾期催办") for title in inbox(user))


def test_it_goes_to_the_section_head_then_the_leader_one_local_day_apart(people):
    emma = staff("emma", "employment")
    head = staff("hu", "employment")
    Assignment.objects.create(kind="section_head", key="employment", user=head)
    action = record(people, emma)

    assert escalate(local(2026, 3, 10, 23, 59))["consultation_actions"] == 0  # still its day
    assert told(head) == 0

    just_after_midnight = local(2026, 3, 11, 0, 1)  # 16:01 UTC on the 10th: Tongnan's 11th
    assert escalate(just_after_midnight)["consultation_actions"] == 1
    assert escalate(just_after_midnight)["consultation_actions"] == 0  # a second worker
    assert told(head) == 1 and told(people.li) == 0 and told(emma) == 0

    assert escalate(local(2026, 3, 11, 23, 59))["consultation_actions"] == 0  # same local day
    assert told(people.li) == 0

    next_day = local(2026, 3, 12, 0, 1)
    assert escalate(next_day)["consultation_actions"] == 1
    escalate(next_day + dt.timedelta(hours=1))
    escalate(local(2026, 3, 13, 9, 0))  # no third rung
    assert told(people.li) == 1 and told(head) == 1
    action.refresh_from_db()
    assert action.escalation == 2


def test_an_owner_without_a_section_is_told_himself(people):
    record(people, people.tina)  # a town liaison: a town, no section
    escalate(local(2026, 3, 11, 9, 0))
    assert told(people.tina) == 1


def test_a_done_action_is_not_escalated(people, login):
    emma = staff("emma", "employment")
    action = record(people, emma)
    with time_machine.travel(local(2026, 3, 10, 18, 0), tick=False):
        login(emma).post(
            f"/analysis/consultations/{action.consultation_id}/actions/{action.pk}/done/"
        )
    assert escalate(local(2026, 3, 11, 9, 0))["consultation_actions"] == 0
    assert told(emma) == 0 and told(people.li) == 0
