"""The browser's own /favicon.ico request finds the platform's icon, which every page links."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_favicon_ico_leads_to_the_icon_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("lw/favicon.svg")
    found = finders.find("lw/favicon.svg")
    assert found and open(found).read().startswith("<svg")


@pytest.mark.django_db
def test_every_page_links_the_icon(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in html and "favicon" in html
