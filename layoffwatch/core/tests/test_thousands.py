"""Figures on list pages are grouped by thousands, in Chinese as in English (ADR 0098)."""

import pytest

from layoffwatch.rights import services as rights
from layoffwatch.testing.people import NOW

pytestmark = pytest.mark.django_db


def test_the_enterprise_list_groups_the_insured_headcount(people, login, make_enterprise):
    make_enterprise(name="潼南大厂有限公司", insured_headcount=12345)
    html = login(people.sam).get("/enterprises/", {"q": "潼南大厂"}).content.decode()
    assert ">12,345<" in html and ">12345<" not in html


def test_the_rights_case_list_groups_the_amount_claimed(people, login):
    rights.rights_case_create(
        kind="arbitration",
        dispute_type="severance",
        enterprise=people.guilin_factory,
        summary="经济补偿争议",
        workers_involved=1200,
        received_at=NOW,
        actor=people.sam,
        at=NOW,
        amount_claimed=1234567,
    )
    client = login(people.sam)
    for language in ("zh-hans", "en"):
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        html = client.get("/rights/").content.decode()
        assert ">1,200<" in html and "1,234,567.00" in html, language
