"""The 20 GB/T 4754-2017 sections (门类 A–T) read in English on English pages; the divisions,
groups and classes below them keep the catalogue's Chinese (ADR 0100, amended 2026-12-07 (6))."""

import pytest
from django.utils import translation

from layoffwatch.reference.industry_sections import SECTION_NAMES
from layoffwatch.reference.models import Industry

pytestmark = pytest.mark.django_db


def test_the_twenty_sections_are_the_stored_ones_and_each_reads_in_english(reference_data):
    stored = dict(Industry.objects.filter(level="section").values_list("code", "name"))
    assert stored == SECTION_NAMES
    with translation.override("en"):
        english = {i.code: i.name_shown for i in Industry.objects.filter(level="section")}
    assert [c for c, name in english.items() if name == stored[c]] == []
    assert english["C"] == "Manufacturing"
    assert english["T"] == "International Organizations"


def test_a_class_keeps_its_chinese_name_and_a_section_its_chinese_in_chinese(reference_data):
    some_class = Industry.objects.filter(level="class", section="C").first()
    with translation.override("en"):
        assert some_class.name_shown == some_class.name
    with translation.override("zh-hans"):
        assert Industry.objects.get(code="C").name_shown == "制造业"
