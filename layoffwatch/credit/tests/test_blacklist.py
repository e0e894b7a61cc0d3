"""The reporting blacklist (plan S6.3): candidate → review → leader's decision → published → removed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.assistance.tests.conftest import NOW
from layoffwatch.audit.models import AuditEntry
from layoffwatch.credit import services as s
from layoffwatch.credit.models import BlacklistEntry
from layoffwatch.credit.selectors import public_blacklist


def _candidate(people, **kw):
    values = {
        "enterprise": people.guilin_factory,
        "reason": "unreported",
        "evidence": "社保数据显示 2026-01 减员 35 人，未见裁员报告",
        "source": "reconciliation",
        "source_ref": "finding-1",
        "actor": None,
        "at": NOW,
    }
    values.update(kw)
    return s.blacklist_candidate_add(**values)


def test_it_lists_a_candidate_only_after_the_leaders_decision(people):
    entry = _candidate(people)
    assert _candidate(people) == entry  # the detector may call again: no duplicate
    with pytest.raises(ValidationError) as exc:
        s.blacklist_publish(entry=entry, actor=people.sam, at=NOW)
    assert "尚未由分管局领导作出列入决定" in exc.value.messages[0]
    assert public_blacklist(on=NOW.date()) == []
    with pytest.raises(PermissionDenied):
        s.blacklist_decide(entry=entry, list_it=True, note="同意", actor=people.sam, at=NOW)
    with pytest.raises(ValidationError) as exc:
        s.blacklist_decide(
            entry=entry, list_it=True, note="同意", actor=people.li, at=NOW, bad_social_impact=True
        )
    assert "陈述申辩" in exc.value.messages[0]
    s.blacklist_explanation_record(
        entry=entry, explanation="因订单骤减未及时报告", actor=people.sam, at=NOW
    )
    s.blacklist_decide(
        entry=entry,
        list_it=True,
        note="造成恶劣影响，同意列入",
        actor=people.li,
        at=NOW,
        bad_social_impact=True,
    )
    entry = s.blacklist_publish(entry=entry, actor=people.sam, at=NOW)
    assert entry.expires_on == dt.date(2029, 3, 2)  # listed for 3 years (blacklist.yaml)
    [row] = public_blacklist(on=NOW.date())
    assert row["name"] == people.guilin_factory.name and row["finding"].startswith("应报未报")
    assert public_blacklist(on=dt.date(2029, 3, 2)) == []
    actions = list(
        AuditEntry.objects.filter(object_type="credit.blacklistentry").values_list(
            "action", flat=True
        )
    )
    assert actions.count("rejected") + actions.count("denied") >= 3


def test_it_needs_bad_social_impact_to_list(people):
    entry = _candidate(people)
    s.blacklist_explanation_record(entry=entry, explanation="说明", actor=people.sam, at=NOW)
    with pytest.raises(ValidationError) as exc:
        s.blacklist_decide(entry=entry, list_it=True, note="列入", actor=people.li, at=NOW)
    assert "恶劣社会影响" in exc.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == BlacklistEntry.Status.CANDIDATE


def test_it_removes_early_only_after_the_compliance_period(people):
    entry = _candidate(people)
    s.blacklist_explanation_record(entry=entry, explanation="说明", actor=people.sam, at=NOW)
    s.blacklist_decide(
        entry=entry, list_it=True, note="列入", actor=people.li, at=NOW, bad_social_impact=True
    )
    s.blacklist_publish(entry=entry, actor=people.sam, at=NOW)
    with pytest.raises(ValidationError):
        s.blacklist_remove_early(
            entry=entry, reason="守信", actor=people.li, at=NOW + dt.timedelta(days=60)
        )
    later = NOW + dt.timedelta(days=200)
    entry = s.blacklist_remove_early(
        entry=entry, reason="按时报告满 6 个月", actor=people.li, at=later
    )
    assert entry.status == "removed"
    assert public_blacklist(on=later.date()) == []


def test_it_refuses_an_unknown_finding(people):
    with pytest.raises(ValidationError):
        _candidate(people, reason="嫌疑", finding="")
    assert not BlacklistEntry.objects.exists()
