"""The reporting blacklist (plan S6.3): candidate → review → leader's decision → published → removed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.audit.models import AuditEntry
from layoffwatch.credit import services as s
from layoffwatch.credit.models import BlacklistEntry
from layoffwatch.credit.selectors import public_blacklist
from layoffwatch.testing.people import NOW


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


def _offer(login, user, code: str):
    """Tina's form on /credit/: a candidate for the enterprise with this code."""
    from django.contrib.messages import get_messages

    response = login(user).post(
        "/credit/",
        {"enterprise": code, "finding": "unreported", "evidence": "社保减员 35 人，未见裁员报告"},
    )
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_a_liaison_cannot_put_another_towns_enterprise_on_the_candidate_list(people, login):
    """ADR 0082: Tina (桂林街道) offers 梓潼's enterprise: refused, nothing written, audited."""
    response, said = _offer(login, people.tina, people.zitong_factory.uscc)
    assert response.status_code == 200
    assert not BlacklistEntry.objects.exists()
    assert said and "不在您的数据权限范围内" in said[0]
    page = response.content.decode()
    assert people.zitong_factory.name not in page and people.zitong_factory.name not in said[0]
    refusal = AuditEntry.objects.filter(actor_id=people.tina.pk, action="denied").get()
    assert "拒绝登记黑名单候选" in refusal.summary


def test_an_unknown_code_is_answered_like_an_enterprise_outside_the_scope(people, login):
    """ADR 0082: "not there" and "not yours" read the same, and both refusals are audited."""
    from layoffwatch.conftest import make_uscc

    _, elsewhere = _offer(login, people.tina, people.zitong_factory.uscc)
    _, unknown = _offer(login, people.tina, make_uscc())
    assert elsewhere == unknown
    assert not BlacklistEntry.objects.exists()
    assert AuditEntry.objects.filter(actor_id=people.tina.pk, action="denied").count() == 2


def test_a_liaison_still_puts_an_enterprise_of_her_town_on_the_candidate_list(people, login):
    _, said = _offer(login, people.tina, people.guilin_factory.uscc)
    assert said == ["已列为黑名单候选"]
    assert BlacklistEntry.objects.get().enterprise == people.guilin_factory
