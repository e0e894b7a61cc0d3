import pytest
from django.contrib.auth import get_user_model

from layoffwatch.accounts.roles import Role
from layoffwatch.demo.generator import DEMO_PASSWORD, generate
from layoffwatch.enterprises.models import DispatchRelation, Enterprise
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.reporting.models import MonthlyReport
from layoffwatch.reporting.selectors import (
    obliged_enterprises,
    overdue_enterprises,
    own_report_link,
)

from .conftest import END

User = get_user_model()


@pytest.fixture
def demo(reference_data):
    generate(seed=11, enterprises=120, end_period=END)
    return {u.username: u for u in User.objects.all()}


def test_it_creates_an_account_for_every_role(demo):
    roles = {u.role for u in demo.values() if u.has_usable_password()}
    assert roles == set(Role.values)
    assert demo["admin"].is_superuser and demo["admin"].role == Role.ADMIN
    assert all(u.check_password(DEMO_PASSWORD) for u in demo.values() if u.has_usable_password())
    sections = {u.section.code for u in demo.values() if u.role == Role.SECTION_STAFF}
    assert len(sections) >= 3


def test_it_shows_the_town_liaison_only_her_towns_enterprises(demo):
    guilin = demo["guilin"]
    assert guilin.town.name == "桂林街道"
    visible = enterprise_visible_to(guilin)
    assert visible.count() == Enterprise.objects.filter(town=guilin.town).count() > 0
    assert not visible.exclude(town=guilin.town).exists()


def test_it_gives_the_commissioner_enterprises_to_serve(demo):
    visible = enterprise_visible_to(demo["commissioner"])
    assert visible.exists()
    assert set(visible) == set(Enterprise.objects.filter(commissioner=demo["commissioner"]))
    assert visible.count() < Enterprise.objects.count()


def test_it_links_the_agency_and_the_reporter_to_their_enterprises(demo):
    agency = demo["agency"]
    assert agency.enterprise.is_hr_agency
    served = set(
        DispatchRelation.objects.filter(agency=agency.enterprise).values_list(
            "user_enterprise", flat=True
        )
    )
    assert set(enterprise_visible_to(agency).values_list("pk", flat=True)) == served | {
        agency.enterprise.pk
    }
    reporter = demo["enterprise"]
    assert list(enterprise_visible_to(reporter)) == [reporter.enterprise]
    assert reporter.enterprise.headcounts.count() == 24


def test_it_gives_a_second_leader_to_approve_a_lift_the_first_one_requested(demo):
    # plan S5.3, ADR 0053: a leader's own lift request waits for another leader
    leaders = [u for u in demo.values() if u.role == Role.LEADER and u.has_usable_password()]
    assert {u.username for u in leaders} == {"leader", "deputy"}
    assert all(u.section.code == "leadership" for u in leaders)
    assert demo["deputy"].check_password(DEMO_PASSWORD)


def test_it_shows_leaders_and_section_staff_the_whole_district(demo):
    for username in ("leader", "deputy", "employment", "talent"):
        assert enterprise_visible_to(demo[username]).count() == 120


def test_the_reporter_can_report_online_and_last_months_reports_are_in(demo):
    """Direct reporting in the demo: the 企业填报员 has its enterprise's QR form (ADR 0049); most obliged
    enterprises have sent last month's 月度用工报告 through the real service, the rest are overdue."""
    assert own_report_link(demo["enterprise"]).enterprise == demo["enterprise"].enterprise
    period = f"{END:%Y-%m}"
    reports = MonthlyReport.objects.filter(period=period)
    overdue = overdue_enterprises(period).count()
    assert reports.count() + overdue == obliged_enterprises().count()
    assert 0 < overdue < reports.count()
    assert {"qr", "phone"} == set(reports.values_list("channel", flat=True))
    for report in reports[:10]:  # the figures are the enterprise's own insured headcount
        assert (
            report.headcount_end == report.enterprise.headcounts.get(period=END).insured_headcount
        )
