"""Every page needs a login unless urls.py marks it public (Django's LoginRequiredMiddleware,
ADR 0094): the visitor is sent to the login page and comes back to where they were going."""

import pytest
from django.test import override_settings
from django.urls import URLResolver, get_resolver, resolve

from layoffwatch.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# The whole public surface. A new public page is a decision: add it here and to ADR 0094.
PUBLIC = {
    "healthz",
    "readyz",
    "i18n/setlang/",
    "accounts/login/",
    "public/report/<str:token>/",
    "public/report/<str:token>/monthly/",
    "public/report/<str:token>/roster-template.xlsx",
    "public/report/<str:token>/receipt/<str:receipt_no>/",
    "public/blacklist/",
    "favicon.ico",  # the browser asks for it before anyone logs in
}


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p.callback


def test_it_opens_only_the_listed_pages_and_the_token_api_without_a_login():
    open_pages = {
        route
        for route, view in _routes(get_resolver().url_patterns)
        if not getattr(view, "login_required", True) and not route.startswith(("api/v1/", "admin/"))
    }
    assert open_pages == PUBLIC
    # the admin's own login page is reached through our wrapper, which is not public
    assert getattr(resolve("/admin/login/").func, "login_required", True)


def test_it_sends_a_visitor_to_the_login_page_keeping_the_query(client):
    response = client.get("/enterprises/?q=abc&town=1")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/enterprises/%3Fq%3Dabc%26town%3D1"


def test_it_comes_back_to_the_page_after_login(client, people):
    response = client.post(
        "/accounts/login/?next=/enterprises/%3Fq%3Dabc",
        {"username": "sam", "password": PASSWORD, "next": "/enterprises/?q=abc"},
    )
    assert response["Location"] == "/enterprises/?q=abc"


@override_settings(LOGIN_URL="/accounts/login/?from=intranet")
def test_it_follows_the_login_url_setting(client):
    assert client.get("/response/").url.startswith("/accounts/login/?from=intranet&next=/response/")


def test_it_keeps_the_admin_login_page_for_signed_in_users_only(client, people):
    assert client.get("/admin/login/").url.startswith("/accounts/login/?next=/admin/login/")
    client.force_login(people.tina)
    assert client.get("/admin/login/").status_code == 200


def test_it_serves_public_pages_and_health_without_a_login(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/public/blacklist/").status_code == 200
    assert client.get("/api/v1/alerts").status_code == 401
