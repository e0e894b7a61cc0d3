import datetime as dt
import statistics
from collections import Counter

import pytest

from layoffwatch.core.validators import validate_uscc
from layoffwatch.demo.generator import add_months, build, generate
from layoffwatch.enterprises.models import DispatchRelation, Enterprise, HeadcountRecord
from layoffwatch.reference.models import Town

from .conftest import END


def _fingerprint(plan):
    return [
        (e.uscc, e.name, e.town, e.industry, e.insured_headcount, tuple(e.history))
        for e in plan.enterprises
    ]


def test_it_builds_the_same_district_from_the_same_seed(reference):
    towns, industries = reference
    first = build(seed=42, enterprises=200, end_period=END, towns=towns, industries=industries)
    again = build(seed=42, enterprises=200, end_period=END, towns=towns, industries=industries)
    other = build(seed=43, enterprises=200, end_period=END, towns=towns, industries=industries)
    assert _fingerprint(first) == _fingerprint(again)
    assert first.dispatches == again.dispatches
    assert {e.uscc for e in first.enterprises}.isdisjoint({e.uscc for e in other.enterprises})
    assert [e.insured_headcount for e in first.enterprises] != [
        e.insured_headcount for e in other.enterprises
    ]


def test_it_writes_exactly_what_the_seed_plans(reference):
    towns, industries = reference
    plan = build(seed=5, enterprises=50, end_period=END, towns=towns, industries=industries)
    summary = generate(seed=5, enterprises=50, end_period=END)
    assert summary["enterprises"] == 50
    stored = dict(Enterprise.objects.values_list("uscc", "insured_headcount"))
    assert stored == {e.uscc: e.insured_headcount for e in plan.enterprises}
    e = plan.enterprises[0]
    history = list(
        HeadcountRecord.objects.filter(enterprise__uscc=e.uscc)
        .order_by("period")
        .values_list("period", "insured_headcount", "hires", "separations")
    )
    assert history == e.history
    assert set(Enterprise.objects.values_list("source", flat=True)) == {Enterprise.Source.DEMO}


def test_it_gives_every_enterprise_a_valid_credit_code_from_several_authorities(district):
    codes = [e.uscc for e in district.enterprises]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert validate_uscc(code) == code
    authorities = Counter(code[:2] for code in codes)
    assert authorities.most_common(1)[0][0] == "91"
    assert {"91", "92", "12", "51", "N2"} <= set(authorities)
    regions = Counter(code[2:8] for code in codes)
    assert regions.most_common(1)[0][0] == "500152"
    assert len(regions) > 3  # some are registered outside Tongnan


def test_it_puts_enterprises_in_every_town_densest_in_the_urban_streets(district):
    per_town = Counter(e.town for e in district.enterprises)
    assert set(per_town) == set(Town.objects.values_list("code", flat=True))
    densest = {code for code, _ in per_town.most_common(3)}
    assert densest == {"500152001000", "500152002000", "500152003000"}  # 桂林, 梓潼, 大佛


def test_it_uses_every_town_even_in_a_small_district(reference_data):
    generate(seed=1, enterprises=50, end_period=END, accounts=False)
    assert Enterprise.objects.values("town").distinct().count() == Town.objects.count() == 23


def test_it_makes_most_employers_small_and_a_handful_large(district):
    sizes = [e.insured_headcount for e in district.enterprises]
    assert sum(5 <= s <= 50 for s in sizes) > len(sizes) / 2
    assert 100 <= sum(100 <= s <= 500 for s in sizes) <= 400
    assert 1 <= sum(1000 <= s <= 3000 for s in sizes) <= 15
    assert max(sizes) <= 3000
    assert statistics.median(sizes) < 50 < statistics.mean(sizes)


def test_it_follows_the_districts_industry_mix(district):
    divisions = Counter(e.industry[:2] for e in district.enterprises)
    for division in [
        "13",
        "14",
        "15",
        "36",
        "37",
        "39",
        "38",
        "30",
        "26",
        "01",
        "03",
        "05",
        "52",
        "62",
        "47",
    ]:
        assert divisions[division] > 0, division
    food = divisions["13"] + divisions["14"] + divisions["15"]
    assert food > divisions["26"]  # food processing outweighs chemicals


def test_it_flags_key_samples_watch_list_agencies_and_platforms(district, reference):
    _, industries = reference
    es = district.enterprises
    assert sum(e.is_key_sample for e in es) == 60
    assert sum(e.on_watch_list for e in es) == 40
    assert sum(e.is_hr_agency for e in es) == 8
    assert 1 <= sum(e.is_platform_employer for e in es) <= 10
    assert all(e.is_labour_intensive == industries[e.industry] for e in es)
    agencies = {i for i, e in enumerate(es) if e.is_hr_agency}
    assert {a for a, *_ in district.dispatches} == agencies
    assert all(not es[u].is_hr_agency for _, u, *_ in district.dispatches)
    assert sum(e.commissioner is not None for e in es) >= 60


def test_it_keeps_24_months_of_consistent_history(district):
    periods = [add_months(END, -i) for i in range(23, -1, -1)]
    for e in district.enterprises:
        assert [p for p, *_ in e.history] == periods
        assert e.history[-1][1] == e.insured_headcount
        for (_, before, *_), (_, after, hires, separations) in zip(
            e.history, e.history[1:], strict=False
        ):
            assert after == before + hires - separations


def test_it_includes_enterprises_that_shrink(district):
    def fall(e):
        return 1 - e.history[-1][1] / max(e.history[0][1], 1)

    shrinking = [e for e in district.enterprises if e.trend != "steady"]
    assert len(shrinking) >= 40
    assert statistics.median(fall(e) for e in shrinking) > 0.15
    cuts = [e for e in district.enterprises if e.trend == "sudden_cut"]
    assert cuts and all(max(s - h for _, _, h, s in e.history[-3:]) >= 20 for e in cuts)


def test_it_writes_dispatch_relations_between_agencies_and_user_enterprises(reference_data):
    generate(seed=3, enterprises=300, end_period=END, accounts=False)
    relations = DispatchRelation.objects.select_related("agency", "user_enterprise")
    assert relations.exists()
    assert all(r.agency.is_hr_agency and not r.user_enterprise.is_hr_agency for r in relations)


def test_it_refuses_to_guess_the_date():
    with pytest.raises(ValueError):
        generate(seed=1, enterprises=5)


def test_it_ends_the_history_the_month_before_today(reference_data):
    summary = generate(seed=1, enterprises=20, today=dt.date(2026, 3, 15), accounts=False)
    assert summary["end_period"] == "2026-02-01"
    assert HeadcountRecord.objects.order_by("-period").first().period == dt.date(2026, 2, 1)
    assert HeadcountRecord.objects.order_by("period").first().period == dt.date(2024, 3, 1)
