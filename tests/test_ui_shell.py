"""The shell every user sees: Chinese by default, English on request, every stage in the sidebar,
unbuilt stages saying so without figures (ADR 0001, plan S1)."""

import re

import pytest

from layoffwatch.dashboard.navigation import STAGES

pytestmark = pytest.mark.django_db


def test_it_speaks_chinese_by_default(login, people):
    html = login(people.sam).get("/").content.decode()
    assert "潼南区规模性失业风险监测预警平台" in html
    assert "企业名录" in html


def test_it_switches_to_english(login, people):
    client = login(people.sam)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Enterprise registry" in html
    assert "Direct reporting" in html


def test_it_lists_every_stage_of_the_flow_in_the_sidebar(login, people):
    html = login(people.alice).get("/").content.decode()
    for stage in STAGES:
        assert str(stage.label) in html


def test_it_shows_real_counts_on_the_home_page(login, people, make_enterprise):
    before = int(_count(login(people.sam).get("/").content.decode()))
    make_enterprise(name="新来的企业")
    after = int(_count(login(people.sam).get("/").content.decode()))
    assert after == before + 1


def test_it_counts_only_the_liaisons_town_on_her_home_page(login, people):
    sam_total = int(_count(login(people.sam).get("/").content.decode()))
    tina_total = int(_count(login(people.tina).get("/").content.decode()))
    assert tina_total < sam_total


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/enterprises/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _count(html: str) -> str:
    # the figure is a link to the registry it counts (ADR 0055)
    match = re.search(r'data-testid="count-enterprises">\s*(?:<a [^>]*>)?\s*(\d+)\s*<', html)
    assert match, "the enterprise count is not on the page"
    return match.group(1)


def test_it_stays_chinese_for_a_browser_that_prefers_english(login, people):
    html = login(people.sam).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "企业名录" in html
    assert "Enterprise registry" not in html
