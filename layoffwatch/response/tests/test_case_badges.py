"""The case page's two status badges say which is the alert's and which is the response's."""

import datetime as dt
import re

import pytest
import time_machine

from layoffwatch.alerts.services import alert_transition
from layoffwatch.response.models import ResponseCase
from layoffwatch.testing.cases import local, report, staff

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


def badges(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", b)
        for b in re.findall(r'<span class="badge text-bg-(?:dark|light)">(.*?</span>)</span>', html)
    ]


def test_each_badge_names_what_its_status_is_of(people, login):
    people.guilin_factory.insured_headcount = 900
    people.guilin_factory.save()
    emma = staff("emma", "employment")
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=250, on=dt.date(2026, 3, 20), at=T0).alert
        alert_transition(alert=alert, to_status="responding", actor=emma, at=T0)
    case = ResponseCase.objects.get(alert=alert)
    client = login(emma)
    html = client.get(f"/response/cases/{case.pk}/").content.decode()
    assert badges(html) == ["预警：处置中", "处置：处置中"]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/response/cases/{case.pk}/").content.decode()
    assert badges(html) == ["Alert: Responding", "Response: Responding"]
