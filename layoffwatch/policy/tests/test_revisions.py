"""Administrator revisions (ADR 0013): validated, audited, admin-only; history keeps its grading."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.audit.models import AuditEntry
from layoffwatch.policy import rules
from layoffwatch.policy.models import PolicyRevision
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.policy.services import policy_revision_add

from .helpers import bundled_text, level3_threshold_revised

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 6, 1)


def add(actor, text, effective, **kw):
    return policy_revision_add(
        actor=actor,
        file_key="alert_levels",
        yaml_text=text,
        effective_date=effective,
        note="测试修订",
        today=TODAY,
        **kw,
    )


def test_it_leaves_a_result_graded_earlier_unchanged_by_a_later_revision(people):
    """The alert stores the grading and its version; regrading that date later gives the same."""
    graded_then = rules.grade(cut=25, on=D(2026, 5, 20), policy=policy_in_force())
    add(people.alice, level3_threshold_revised(D(2027, 1, 1), 30), D(2027, 1, 1))
    policy = policy_in_force()
    assert rules.grade(cut=25, on=D(2026, 5, 20), policy=policy) == graded_then
    later = rules.grade(cut=25, on=D(2027, 1, 1), policy=policy)
    assert graded_then["level"] == 3 and later["level"] is None
    assert later["version"] != graded_then["version"]
    assert later["version"].startswith("tongnan@2027-01-01#")


def test_it_records_the_revision_in_the_audit_log(people):
    revision = add(people.alice, level3_threshold_revised(D(2027, 1, 1), 30), D(2027, 1, 1))
    entry = AuditEntry.objects.filter(
        object_type="policy.policyrevision", object_id=str(revision.pk)
    ).get()
    assert entry.action == "create" and entry.actor_id == people.alice.pk
    assert "alert_levels.yaml" in entry.summary and "2027-01-01" in entry.summary
    assert entry.after["sha256"] == revision.sha256


def test_it_refuses_a_revision_from_someone_who_is_not_an_administrator(people):
    with pytest.raises(PermissionDenied):
        add(people.li, level3_threshold_revised(D(2027, 1, 1), 30), D(2027, 1, 1))
    assert not PolicyRevision.objects.exists()


def test_it_refuses_a_bad_revision_and_keeps_the_policy_in_force(people):
    before = policy_in_force().version(D(2027, 2, 1))
    bad = bundled_text("alert_levels").replace("{value: 201,", "{value: 45,", 1)
    bad = level3_threshold_revised(D(2027, 1, 1), 30, text=bad)
    with pytest.raises(ValidationError) as caught:
        add(people.alice, bad, D(2027, 1, 1))
    messages = caught.value.message_dict["yaml_text"]
    assert any("alert_levels.yaml › brackets[2].threshold" in m for m in messages)
    assert not PolicyRevision.objects.exists()
    assert policy_in_force().version(D(2027, 2, 1)) == before


def test_it_refuses_an_overlapping_future_version(people):
    add(people.alice, level3_threshold_revised(D(2027, 3, 1), 30), D(2027, 3, 1))
    current = policy_in_force().files["alert_levels"].text
    with pytest.raises(ValidationError) as caught:
        add(people.alice, level3_threshold_revised(D(2027, 1, 1), 25, text=current), D(2027, 1, 1))
    assert any("重叠" in m for m in caught.value.message_dict["effective_date"])
    assert PolicyRevision.objects.count() == 1


def test_it_stacks_a_second_revision_on_the_first(people):
    first = add(people.alice, level3_threshold_revised(D(2027, 1, 1), 30), D(2027, 1, 1))
    text = level3_threshold_revised(D(2028, 1, 1), 25, text=first.yaml_text)
    add(people.alice, text, D(2028, 1, 1))
    policy = policy_in_force()
    assert [
        rules.grade_cut(27, on=d, policy=policy).level
        for d in (D(2026, 12, 31), D(2027, 6, 1), D(2028, 1, 1))
    ] == [3, None, 3]


def test_it_uses_todays_date_when_none_is_given(people):
    with time_machine.travel(
        dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    ):
        with pytest.raises(ValidationError) as caught:
            policy_revision_add(
                actor=people.alice,
                file_key="alert_levels",
                yaml_text=level3_threshold_revised(D(2026, 12, 31), 30),
                effective_date=D(2026, 12, 31),
                note="当天生效",
            )
    assert any("晚于今天（2026-12-31）" in m for m in caught.value.message_dict["effective_date"])


def test_a_refused_revision_leaves_only_its_audit_entry(people):
    """STYLE refusals (ADR 0089): nothing registered, the refusal and its reason in the log."""
    with pytest.raises(ValidationError):
        policy_revision_add(
            actor=people.alice,
            file_key="alert_levels",
            yaml_text="brackets: [",
            effective_date=D(2030, 1, 1),
            note="坏文件",
        )
    with pytest.raises(PermissionDenied):
        policy_revision_add(
            actor=people.sam,
            file_key="alert_levels",
            yaml_text=level3_threshold_revised(D(2030, 1, 1), 30),
            effective_date=D(2030, 1, 1),
            note="无权",
        )
    assert not PolicyRevision.objects.exists()
    entries = list(AuditEntry.objects.filter(summary__startswith="拒绝修订政策参数").order_by("pk"))
    assert [e.action for e in entries] == ["rejected", "denied"]
    assert entries[1].summary == "拒绝修订政策参数：只有系统管理员可以修订政策参数"
