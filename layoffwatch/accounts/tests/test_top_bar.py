"""The top bar names the signed-in user with their role once, then their section and town."""

import re

import pytest


def current_user(client) -> str:
    html = client.get("/notifications/").content.decode()
    return re.search(r'data-testid="current-user">([^<]*)<', html).group(1)


@pytest.mark.django_db
def test_a_leader_sees_the_leadership_once(people, login):
    shown = current_user(login(people.li))
    assert shown.count("局领导") == 1, shown


@pytest.mark.django_db
def test_in_english_the_leadership_is_named_once(people, login):
    client = login(people.li)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    shown = current_user(client)
    assert "Bureau leadership" in shown and "局领导" not in shown, shown


@pytest.mark.django_db
def test_staff_and_liaisons_still_see_their_section_and_town(people, login):
    assert current_user(login(people.sam)).endswith(" · " + people.sam.section.name)
    assert current_user(login(people.tina)).endswith(" · " + people.tina.town.name)


@pytest.mark.django_db
def test_a_sections_name_reads_in_the_readers_language(people, login):
    """ADR 0100, amended 2026-12-07 (6): the stored Chinese name, said in English."""
    client = login(people.sam)
    client.cookies["django_language"] = "en"
    shown = current_user(client)
    assert shown.endswith(" · Employment and Talent Centre"), shown
    client.cookies["django_language"] = "zh-hans"
    assert current_user(client).endswith(" · 就业和人才中心")


def test_every_section_has_its_english_name():
    from django.utils import translation

    from layoffwatch.accounts.sections import SECTIONS

    with translation.override("en"):
        english = {name: translation.gettext(name) for _code, name, _kind, _order in SECTIONS}
    untranslated = [name for name, said in english.items() if said == name]
    assert not untranslated, untranslated
    assert english["行政执法支队"] == "Labour Inspection Brigade"
