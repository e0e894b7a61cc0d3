"""A refusal answered with the 403 page (audit.refusals.attempt with deny="raise") says why once:
in the page's own text, not again in a message box above it."""

import datetime as dt

import pytest
import time_machine

from layoffwatch.response.models import ResponseCase
from layoffwatch.testing.cases import local, report

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


def test_the_403_page_gives_the_reason_once(login, people):
    with time_machine.travel(T0, tick=False):
        alert = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).alert
        case = ResponseCase.objects.get(alert=alert)
        # Sam may read the case but is not of the task force that chooses its measures
        response = login(people.sam).post(
            f"/response/cases/{case.pk}/measures/", {"measures": ["flexible_employment"]}
        )
    page = response.content.decode()
    assert response.status_code == 403 and 'data-testid="forbidden"' in page
    reason = str(response.context["exception"])
    assert reason and page.count(reason) == 1, reason
