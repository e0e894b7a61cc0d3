"""A gig (零工) is paid by the day, a vacancy by the month: the pay says which (plan S4.3)."""

import datetime as dt

import pytest
import time_machine

from layoffwatch.assistance import services as s
from layoffwatch.conftest import GUILIN
from layoffwatch.reference.models import Town
from layoffwatch.testing.people import NOW

pytestmark = pytest.mark.django_db


def _vacancy(people, **kw):
    return s.vacancy_create(
        enterprise=people.guilin_factory,
        actor=people.sam,
        at=NOW,
        count=5,
        town=Town.objects.get(code=GUILIN),
        valid_until=NOW.date() + dt.timedelta(days=30),
        **kw,
    )


def test_the_vacancy_list_shows_each_pay_by_its_unit(people, login):
    _vacancy(people, occupation="焊工", wage_min=4000, wage_max=5500)
    gig = _vacancy(people, occupation="普工", wage_min=150, wage_max=200, is_gig=True, gig_days=7)
    client = login(people.sam)
    with time_machine.travel(NOW, tick=False):
        html = client.get("/assistance/vacancies/").content.decode()
        assert "4,000–5,500 元/月" in html and "150–200 元/天" in html
        assert "月薪" not in html
        detail = client.get(f"/assistance/vacancies/{gig.pk}/").content.decode()
        assert "薪酬 150–200 元/天" in detail
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        html = client.get("/assistance/vacancies/").content.decode()
    assert "150–200 yuan/day" in html and "4,000–5,500 yuan/month" in html
    assert "Monthly wage" not in html
