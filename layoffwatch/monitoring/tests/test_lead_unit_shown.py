"""A signal's lead unit (核实牵头单位, a bureau section) reads in the reader's language on the
signal page and the signal list (ADR 0100, amended 2026-12-07 (6))."""

import pytest

from layoffwatch.accounts.models import Section
from layoffwatch.monitoring.models import Signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal(people):
    e = people.guilin_factory
    return Signal.objects.create(
        kind=Signal.Kind.MASS_STOPPAGE,
        enterprise=e,
        town=e.town,
        period="2026-02",
        count=40,
        summary="社保断缴",
        status="tip",
        assigned_unit=Section.objects.get(code="talent_center"),
        annex_task=2,
        dedupe_key=f"lead-unit:{e.uscc}",
    )


def _page(login, user, url: str, language: str) -> str:
    client = login(user)
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


@pytest.mark.parametrize("url", ["/monitoring/signals/{pk}/", "/monitoring/"])
def test_the_lead_unit_reads_in_the_readers_language(login, people, signal, url):
    url = url.format(pk=signal.pk)
    english = _page(login, people.sam, url, "en")
    assert "Employment and Talent Centre" in english and "就业和人才中心" not in english
    chinese = _page(login, people.sam, url, "zh-hans")
    assert "就业和人才中心" in chinese and "Employment and Talent Centre" not in chinese
