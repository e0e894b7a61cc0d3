"""Towns, industries and the industry lookup the enterprise form uses."""

import pytest

from layoffwatch.reference.models import Industry, Town

pytestmark = pytest.mark.django_db


def lookup(client, q):
    response = client.get("/reference/industries/", {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_it_has_tongnans_23_towns_with_12_digit_codes(reference_data):
    towns = Town.objects.all()
    assert towns.count() == 23
    assert all(len(t.code) == 12 and t.code.startswith("500152") for t in towns)
    assert Town.objects.get(code="500152001000").name == "桂林街道"


def test_it_has_every_section_and_division_of_gbt_4754(reference_data):
    assert Industry.objects.filter(level="section").count() == 20
    assert Industry.objects.filter(level="division").count() == 97
    assert Industry.objects.get(code="13").labour_intensive  # agricultural food processing
    assert Industry.objects.get(code="3670").section == "C"


def test_it_finds_industries_by_code_prefix(login, people):
    results = lookup(login(people.sam), "367")
    assert [r["code"] for r in results] == ["367", "3670"]
    assert results[1]["name"] == "汽车零部件及配件制造"
    assert results[1]["level"] == "小类"


def test_it_finds_a_section_by_its_letter_in_either_case(login, people):
    assert [r["code"] for r in lookup(login(people.sam), "c")] == ["C"]


def test_it_finds_industries_by_name(login, people):
    codes = [r["code"] for r in lookup(login(people.tina), "汽车")]
    assert codes[0] == "36"
    assert "3670" in codes and "8111" in codes  # 汽车修理与维护 is found too


def test_it_returns_nothing_for_an_empty_or_unknown_query(login, people):
    client = login(people.sam)
    assert lookup(client, "") == []
    assert lookup(client, "不存在的行业") == []
    assert lookup(client, "9999") == []


def test_it_limits_the_number_of_results(login, people):
    assert len(lookup(login(people.sam), "制造")) == 20
