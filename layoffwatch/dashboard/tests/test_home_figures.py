"""Home page figures come from the database, within the user's scope (ADR 0055: "this month's
reported and detected cuts"; plan S3.1.3)."""

import re

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
    """The digits a person reads in the element marked `testid` (its tags and link left out)."""
    marker = f'data-testid="{testid}">'
    start = html.index(marker) + len(marker)
    chunk = re.sub(r"<[^>]*>", "", html[start : html.index("</div>", start)])
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


def test_before_any_assessment_is_stored_it_grades_the_open_alerts_rather_than_a_default(
    login, people, make_enterprise
):
    """plan S3.2, ADR 0047, ADR 0055: the assessment after a report is stored by the queue; the
    home page does not wait for it — it grades the open alerts when read (as the API does)
    instead of showing the lowest grade beside a level-1 alert, and reading stores nothing."""
    from layoffwatch.alerts.models import DistrictAssessment
    from layoffwatch.core.clock import local_day
    from layoffwatch.reporting.services import layoff_report_submit
    from layoffwatch.testing.cases import layoff_data, local

    factory = make_enterprise(name="潼南某电子厂", insured_headcount=800)
    submitted = layoff_report_submit(
        enterprise=factory,
        data=layoff_data(factory, cut=300, on="2026-12-14"),
        channel="staff",
        actor=people.sam,
        at=local(2026, 12, 1, 9),
    )
    assert submitted.alert is not None and submitted.alert.level == 1
    assert not DistrictAssessment.objects.exists()  # the queue has not run
    html = login(people.sam).get("/").content.decode()
    assert "第一等次（严重）" in html
    assert "第三等次" not in html
    assert not DistrictAssessment.objects.exists()  # a page is read, nothing is written
    assert local_day().isoformat() in html  # 评定于: when it was computed
