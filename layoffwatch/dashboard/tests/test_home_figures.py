"""Home page figures come from the database, within the user's scope (issue 6: "this month's
reported and detected cuts"; plan S3.1.3)."""

import pytest

from layoffwatch.accounts.models import Section
from layoffwatch.monitoring.models import Signal

pytestmark = pytest.mark.django_db


def _signal(enterprise, *, period, count, kind=Signal.Kind.MASS_STOPPAGE, status=Signal.Status.TIP):
    return Signal.objects.create(
        kind=kind,
        enterprise=enterprise,
        town=enterprise.town,
        period=period,
        count=count,
        summary="社保断缴",
        status=status,
        assigned_unit=Section.objects.get(code="talent_center"),
        dedupe_key=f"{kind}:{enterprise.uscc}:{period}:{status}",
    )


def _figure(html: str, testid: str) -> str:
    marker = f'data-testid="{testid}">'
    start = html.index(marker) + len(marker)
    chunk = html[start : html.index("</div>", start)]
    return "".join(ch for ch in chunk if ch.isdigit())


def test_it_shows_the_stoppages_found_in_the_latest_period(login, people):
    _signal(people.guilin_factory, period="2026-09", count=99)
    _signal(people.guilin_factory, period="2026-10", count=30)
    _signal(people.zitong_factory, period="2026-10", count=25, kind=Signal.Kind.WORKFORCE_STOP)
    _signal(people.zitong_factory, period="2026-10", count=40, status=Signal.Status.DISMISSED)
    html = login(people.sam).get("/").content.decode()
    assert _figure(html, "detected-cuts") == "55"
    assert "（2026-10）" in html


def test_it_counts_only_the_liaisons_town_in_detected_cuts(login, people):
    _signal(people.guilin_factory, period="2026-10", count=30)
    _signal(people.zitong_factory, period="2026-10", count=25)
    html = login(people.tina).get("/").content.decode()
    assert _figure(html, "detected-cuts") == "30"


def test_it_shows_zero_before_any_data_comparison(login, people):
    html = login(people.sam).get("/").content.decode()
    assert _figure(html, "detected-cuts") == "0"
