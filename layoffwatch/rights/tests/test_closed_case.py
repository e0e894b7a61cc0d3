"""A closed rights case offers no more actions: no stage to record, no payment form."""

import pytest

from layoffwatch.rights import services as s
from layoffwatch.testing.people import NOW

pytestmark = pytest.mark.django_db


def _arrears(people):
    return s.rights_case_create(
        kind="wage_arrears",
        dispute_type="wages",
        enterprise=people.guilin_factory,
        summary="拖欠 12 名农民工两个月工资",
        workers_involved=12,
        received_at=NOW,
        actor=people.sam,
        at=NOW,
        amount_owed=96000,
    )


def test_an_open_case_offers_the_payment_form(people, login):
    case = _arrears(people)
    html = login(people.sam).get(f"/rights/{case.pk}/").content.decode()
    assert 'id="payment-form"' in html and "案件已结案" not in html


def test_a_closed_case_shows_its_payments_but_no_form(people, login):
    case = _arrears(people)
    s.arrears_payment_add(case=case, paid_on=NOW.date(), amount=96000, actor=people.sam, at=NOW)
    s.rights_stage_record(case=case, stage="filed", actor=people.sam, at=NOW)
    s.rights_stage_record(case=case, stage="closed", actor=people.sam, at=NOW, outcome="已全额清偿")
    client = login(people.sam)
    html = client.get(f"/rights/{case.pk}/").content.decode()
    assert 'id="payment-form"' not in html and "登记清偿</button>" not in html
    assert "案件已结案，不再登记清偿。" in html
    assert 'name="action" value="stage"' not in html  # no stage left to record either
    # a payment posted anyway (an old tab) is refused, and nothing is added
    page = client.post(
        f"/rights/{case.pk}/",
        {"action": "payment", "paid_on": "2026-03-01", "amount": "100"},
        follow=True,
    ).content.decode()
    assert "案件已结案，不再登记清偿" in page
    case.refresh_from_db()
    assert case.amount_paid == 96000 and case.payments.count() == 1
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/rights/{case.pk}/").content.decode()
    assert "The case is closed: no further payments are recorded." in html
