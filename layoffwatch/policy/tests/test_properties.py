"""Property tests (hypothesis) for the grading rules (plan S3.2, ADR 0011, ADR 0013)."""

import datetime as dt
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from layoffwatch.policy import rules
from layoffwatch.policy.loader import bundled_policy

from .helpers import level3_threshold_revised

dates = st.dates(min_value=dt.date(2023, 2, 23), max_value=dt.date(2032, 12, 31))
cuts = st.integers(min_value=0, max_value=5000)
SEVERITY = {None: 0, 3: 1, 2: 2, 1: 3}


@given(a=cuts, b=cuts, on=dates)
def test_the_level_never_decreases_as_the_cut_grows(a, b, on):
    small, large = sorted((a, b))
    assert (
        SEVERITY[rules.grade_cut(small, on=on).level]
        <= SEVERITY[rules.grade_cut(large, on=on).level]
    )


@st.composite
def waves_inside_one_window(draw):
    start = draw(st.dates(min_value=dt.date(2023, 2, 23), max_value=dt.date(2031, 1, 1)))
    n = draw(st.integers(min_value=1, max_value=6))
    offsets = draw(st.lists(st.integers(min_value=0, max_value=29), min_size=n, max_size=n))
    counts = draw(st.lists(st.integers(min_value=0, max_value=150), min_size=n, max_size=n))
    return [(start + dt.timedelta(days=o), c) for o, c in zip(offsets, counts, strict=True)]


@given(waves=waves_inside_one_window())
def test_waves_inside_the_window_grade_as_their_sum(waves):
    last = max(d for d, _c in waves)
    total = sum(c for _d, c in waves)
    result = rules.grade_waves(waves, on=last)
    assert result.level == rules.grade_cut(total, on=last).level
    assert result.total == total or result.level is None


@given(
    waves=waves_inside_one_window(),
    extra=st.integers(min_value=0, max_value=300),
    gap=st.integers(min_value=0, max_value=400),
)
def test_a_later_wave_never_lowers_the_level(waves, extra, gap):
    last = max(d for d, _c in waves)
    later = last + dt.timedelta(days=gap)
    before = rules.grade_waves(waves, on=last).level
    after = rules.grade_waves([*waves, (later, extra)], on=later).level
    assert SEVERITY[after] >= SEVERITY[before]


@cache
def revised(start: dt.date, threshold: int):
    return bundled_policy().with_file(
        "alert_levels", level3_threshold_revised(start, threshold), "test"
    )


@settings(max_examples=60)
@given(
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    threshold=st.integers(min_value=1, max_value=50),
    cut=st.integers(min_value=0, max_value=300),
    on=dates,
)
def test_a_revision_changes_results_only_from_its_effective_date(start, threshold, cut, on):
    policy = revised(start, threshold)
    original = rules.grade_cut(cut, on=on)
    graded = rules.grade_cut(cut, on=on, policy=policy)
    if on < start:
        assert graded.to_dict() == original.to_dict()  # same level, reasons and version
    else:
        expected = 3 if threshold <= cut <= 50 else original.level if cut > 50 else None
        assert graded.level == expected
        assert graded.version != original.version or threshold == 20
