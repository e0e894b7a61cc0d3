"""Data scope and role checks on every page that exists now, persona by persona.

Alice administers; Li leads; Sam (就业和人才中心) sees the district; Tina sees 桂林街道 only;
Cai sees the enterprise assigned to him; Agnes her agency and the firms it dispatches to;
Ed his own enterprise.
"""

import re

import pytest

from layoffwatch.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def count(page: str, testid: str) -> int:
    # the figure, or the figure as a link to the list it counts (ADR 0055)
    match = re.search(rf'data-testid="{testid}">\s*(?:<a [^>]*>)?\s*(\d+)\s*<', page)
    assert match, f"{testid} not on the page"
    return int(match.group(1))


# --- home page ------------------------------------------------------------------------------


def test_it_counts_the_whole_district_on_sams_home(login, people):
    page = login(people.sam).get("/").content.decode()
    assert count(page, "count-enterprises") == 3
    assert "桂林街道" in page and "梓潼街道" in page


def test_it_counts_only_guilin_on_tinas_home(login, people):
    page = login(people.tina).get("/").content.decode()
    assert count(page, "count-enterprises") == 2  # the food factory and the agency
    assert count(page, "count-key-samples") == 0
    assert "桂林街道" in page
    assert "梓潼街道" not in page


@pytest.mark.parametrize(
    ("username", "expected"), [("cai", 1), ("agnes", 2), ("li", 3), ("alice", 3)]
)
def test_it_counts_within_each_personas_scope(login, people, username, expected):
    page = login(getattr(people, username)).get("/").content.decode()
    assert count(page, "count-enterprises") == expected


def test_an_enterprise_officers_home_counts_no_registry(login, people):
    """The registry's counts are the bureau's and the towns' work; the officer's home has its
    own reporting and vacancies instead."""
    page = login(people.ed).get("/").content.decode()
    assert 'data-testid="count-enterprises"' not in page
    assert 'data-testid="home-enterprise"' in page


def test_it_counts_flags_from_the_database(login, people, make_enterprise):
    make_enterprise(name="桂林重点样本有限公司", is_key_sample=True, on_watch_list=True)
    make_enterprise(name="梓潼重点样本有限公司", town_id="500152002000", is_key_sample=True)
    assert count(login(people.tina).get("/").content.decode(), "count-key-samples") == 1
    page = login(people.sam).get("/").content.decode()
    assert count(page, "count-key-samples") == 2
    assert count(page, "count-watch-list") == 1


# --- enterprise list and detail ---------------------------------------------------------------

SCOPES = {
    "alice": {"guilin_factory", "zitong_factory", "agency_firm"},
    "li": {"guilin_factory", "zitong_factory", "agency_firm"},
    "sam": {"guilin_factory", "zitong_factory", "agency_firm"},
    "tina": {"guilin_factory", "agency_firm"},
    "cai": {"zitong_factory"},
    "agnes": {"agency_firm", "zitong_factory"},
    "ed": {"guilin_factory"},
}
ENTERPRISES = {"guilin_factory", "zitong_factory", "agency_firm"}


@pytest.mark.parametrize("username", sorted(SCOPES))
def test_it_lists_only_enterprises_in_scope(login, people, username):
    page = login(getattr(people, username)).get("/enterprises/").content.decode()
    for attr in ENTERPRISES:
        name = getattr(people, attr).name
        assert (name in page) == (attr in SCOPES[username]), f"{username} / {name}"


@pytest.mark.parametrize("username", sorted(SCOPES))
def test_it_opens_only_enterprises_in_scope(login, people, username):
    client = login(getattr(people, username))
    for attr in ENTERPRISES:
        enterprise = getattr(people, attr)
        response = client.get(f"/enterprises/{enterprise.uscc}/")
        expected = 200 if attr in SCOPES[username] else 404
        assert response.status_code == expected, f"{username} / {enterprise.name}"
        if expected == 404:
            assert "不在您的数据权限范围内" in response.content.decode()


def test_it_does_not_find_another_towns_enterprise_by_searching_its_code(login, people):
    page = (
        login(people.tina).get("/enterprises/", {"q": people.zitong_factory.uscc}).content.decode()
    )
    assert people.zitong_factory.name not in page


# --- role pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["sam", "tina", "cai", "agnes", "ed"])
def test_it_refuses_the_audit_log_to_other_roles_and_audits_the_attempt(login, people, username):
    user = getattr(people, username)
    response = login(user).get("/audit/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()
    denied = AuditEntry.objects.get(action="denied", actor_id=user.pk)
    assert denied.object_id == "/audit/"
    assert "审计日志" in denied.summary


@pytest.mark.parametrize("username", ["alice", "li"])
def test_it_shows_the_audit_log_to_administrators_and_leaders(login, people, username):
    response = login(getattr(people, username)).get("/audit/")
    assert response.status_code == 200
    assert "审计日志" in response.content.decode()


@pytest.mark.parametrize("username", ["li", "sam", "tina", "cai", "agnes", "ed"])
def test_it_keeps_non_staff_out_of_the_admin_site(login, people, username):
    client = login(getattr(people, username))
    for path in [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/audit/",
        "/admin/reference/holiday/add/",
    ]:
        response = client.get(path)
        assert response.status_code in (302, 404), path
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/")


def test_it_lets_the_administrator_into_the_admin_site(login, people):
    assert login(people.alice).get("/admin/reference/holiday/").status_code == 200


def test_it_sends_anonymous_visitors_to_login_for_every_page(client, people):
    for path in [
        "/",
        "/enterprises/",
        f"/enterprises/{people.guilin_factory.uscc}/",
        "/audit/",
        "/admin/",
        "/reference/industries/?q=36",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path
