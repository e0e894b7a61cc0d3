"""The month's indicators (plan S6.1, S3.1.3): each figure from its feed or record, by district,
town and industry; a month whose feed is missing says so instead of showing zero (ADR 0104)."""

import pytest

from layoffwatch.analysis.indicators import (
    DISTRICT,
    DIVISION,
    SECTION,
    TOWN,
    NoData,
    month_indicators,
)
from layoffwatch.conftest import GUILIN, ZITONG
from layoffwatch.reporting.models import Channel
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.testing.reports import layoff_body

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_insured_and_job_losses_by_district_town_and_industry(month):
    month.social_insurance()
    m = month_indicators("2026-03")
    d = m.district
    # 8 + 15 + the unknown employer's 5; February 10 + 20 + 5
    assert d.value("insured") == 28
    assert d.insured_month_before == 35 and d.insured_mom == -7
    # the retirement is not a job lost: 1 dismissal at the foods company, 5 at the parts maker
    assert d.value("job_losses") == 6
    assert d.value("job_loss_rate") == round(6 / 35, 4)
    guilin = m.row(TOWN, GUILIN)
    assert (guilin.value("insured"), guilin.value("job_losses")) == (8, 1)
    assert guilin.value("job_loss_rate") == 0.1
    assert m.row(TOWN, ZITONG).value("job_loss_rate") == 0.25
    # both are manufacturing (C); the divisions are 13 and 36
    assert m.row(SECTION, "C").value("insured") == 23
    assert m.row(DIVISION, "36").value("job_losses") == 5
    # the key sample lost 5 of its 20
    assert d.value("key_sample_loss_rate") == 0.25
    assert guilin.values["key_sample_loss_rate"].value is None


def test_a_year_ago_never_imported_is_unknown_not_zero(month):
    month.social_insurance()
    d = month_indicators("2026-03").district
    assert d.insured_year_before is None and d.insured_yoy is None


def test_a_month_without_its_feed_says_which_feed_is_missing(month):
    month.social_insurance()
    m = month_indicators("2026-03")
    figure = m.district.values["registrations"]
    assert figure.value is None and "失业登记" in figure.unknown_because
    assert m.district.values["demand_ratio"].value is None
    assert not m.feed("hr_market").has_month and m.feed("social_insurance").has_month


def test_the_snapshot_form_cannot_tell_a_retirement_from_a_dismissal(month):
    month.social_insurance(form="snapshot")
    d = month_indicators("2026-03").district
    assert d.value("insured") == 28
    losses = d.values["job_losses"]
    assert losses.value is None and "变动原因" in losses.unknown_because


def test_registrations_claims_and_the_market(month):
    month.social_insurance()
    month.registrations()
    month.market()
    m = month_indicators("2026-03")
    assert (m.district.value("registrations"), m.district.value("benefit_claims")) == (3, 2)
    # counted where people registered
    assert m.row(TOWN, ZITONG).value("registrations") == 2
    assert m.row(DIVISION, "36").value("benefit_claims") == 1
    # vacancies over job seekers: the district is the sum of its towns
    assert m.district.value("vacancies") == 90 and m.district.value("job_seekers") == 100
    assert m.district.value("demand_ratio") == 0.9
    assert m.row(TOWN, ZITONG).value("demand_ratio") == 0.5
    assert m.row(DIVISION, "13").value("vacancies") == 45
    # a liaison's town reads as the district's town row: people registered there
    guilin = month_indicators("2026-03", town=GUILIN).district
    assert guilin.value("registrations") == m.row(TOWN, GUILIN).value("registrations") == 1


def test_reported_cuts_are_the_reports_of_the_month(month, people):
    month.social_insurance()
    layoff_report_submit(
        enterprise=month.foods,
        data=layoff_body(month.foods, planned_cut=25),
        channel=Channel.STAFF,
        actor=people.sam,
        at=NOW,
    )
    m = month_indicators("2026-03")
    assert m.district.value("reported_cuts") == 25
    assert m.row(TOWN, GUILIN).value("reported_cuts") == 25
    assert m.row(TOWN, ZITONG).value("reported_cuts") == 0
    # the report raised one warning for the foods company, open at the month's end
    alerts = [m.row(TOWN, GUILIN).value(f"alerts_{n}") for n in (1, 2, 3)]
    assert (
        sum(alerts) == 1 and sum(m.row(TOWN, ZITONG).value(f"alerts_{n}") for n in (1, 2, 3)) == 0
    )


def test_a_liaison_s_town_is_its_own_district(month):
    month.social_insurance()
    m = month_indicators("2026-03", town=GUILIN)
    assert m.district.value("insured") == 8
    assert m.district.name == "桂林街道"
    assert not m.area(TOWN)
    assert [r.code for r in m.area(DIVISION)] == ["13"]


def test_a_month_with_nothing_is_refused(month):
    with pytest.raises(NoData):
        month_indicators("2025-01")


def test_areas_are_named(month):
    month.social_insurance()
    m = month_indicators("2026-03")
    assert m.district.area == DISTRICT and m.district.name == "全区"
    assert m.row(SECTION, "C").name.startswith("C ")
    assert "制造" in m.row(SECTION, "C").name


def test_a_town_with_no_one_insured_last_month_says_so_not_that_the_month_is_missing(month):
    month.social_insurance()
    m = month_indicators("2026-03")
    empty = next(r for r in m.area(TOWN) if r.code not in (GUILIN, ZITONG))
    assert empty.value("insured") == 0 and empty.insured_mom == 0
    assert empty.values["job_loss_rate"].unknown_because == "上月参保人数为0"
