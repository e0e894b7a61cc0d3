"""Rights cases and the "four fast" mechanism (plan S4.1, S4.6; annex 5, 6, 13, 14)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from layoffwatch.audit.models import AuditEntry
from layoffwatch.rights import services as s
from layoffwatch.rights.models import RightsCase
from layoffwatch.rights.selectors import rights_rows
from layoffwatch.testing.people import NOW


def _case(people, **kw):
    values = {
        "kind": "wage_arrears",
        "dispute_type": "wages",
        "enterprise": people.guilin_factory,
        "summary": "拖欠 12 名农民工两个月工资",
        "workers_involved": 12,
        "received_at": NOW,
        "actor": people.sam,
        "at": NOW,
        "amount_owed": 96000,
        "migrant_workers": True,
    }
    values.update(kw)
    return s.rights_case_create(**values)


def test_it_times_each_stage_against_the_four_fast_targets(people):
    case = _case(people)
    s.rights_stage_record(case=case, stage="filed", actor=people.sam, at=NOW + dt.timedelta(days=2))
    # mediation 20 days after filing: the 15-day target (Mediation and Arbitration Law Art. 14) is missed
    later = NOW + dt.timedelta(days=22)
    case = s.rights_stage_record(case=case, stage="mediated", actor=people.sam, at=later)
    rows = {r["key"]: r for r in case.stage_rows(now=later)}
    assert rows["filed"]["overdue"] is False and rows["filed"]["days"] == 5
    assert rows["mediated"]["overdue"] is True
    assert case.overdue_stages(now=later) == ["快调"]
    assert rights_rows(user=people.sam, now=later, overdue=True)[0]["case"] == case


def test_it_records_wage_payments_up_to_the_amount_owed(people):
    case = _case(people)
    s.arrears_payment_add(case=case, paid_on=NOW.date(), amount=60000, actor=people.sam, at=NOW)
    with pytest.raises(ValidationError) as exc:
        s.arrears_payment_add(case=case, paid_on=NOW.date(), amount=50000, actor=people.sam, at=NOW)
    assert "超过欠薪金额" in exc.value.messages[0]
    case.refresh_from_db()
    assert case.amount_paid == 60000 and case.outstanding == 36000


def test_it_refuses_stages_out_of_order_and_closing_without_an_outcome(people):
    case = _case(people, kind="arbitration", amount_owed=0, amount_claimed=30000)
    with pytest.raises(ValidationError) as exc:
        s.rights_stage_record(case=case, stage="heard", actor=people.sam, at=NOW)
    assert "尚未立案" in exc.value.messages[0]
    s.rights_stage_record(case=case, stage="filed", actor=people.sam, at=NOW)
    with pytest.raises(ValidationError):
        s.rights_stage_record(case=case, stage="closed", actor=people.sam, at=NOW)
    case = s.rights_stage_record(
        case=case, stage="closed", actor=people.sam, at=NOW, outcome="调解结案，支付经济补偿"
    )
    rows = {r["key"]: r for r in case.stage_rows(now=NOW + dt.timedelta(days=90))}
    assert rows["mediated"]["skipped"] and not rows["mediated"]["overdue"]
    assert AuditEntry.objects.filter(action="rejected", object_type="rights.rightscase").exists()


def test_it_keeps_cases_within_the_users_scope(people, make_enterprise):
    from layoffwatch.conftest import ZITONG

    zitong = make_enterprise(town_id=ZITONG)
    with pytest.raises(PermissionDenied):
        _case(people, actor=people.tina, enterprise=zitong)
    _case(people, enterprise=zitong)
    assert rights_rows(user=people.tina, now=NOW) == []
    assert RightsCase.objects.count() == 1
