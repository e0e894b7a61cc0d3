"""The stoppage detector against the generator's ground truth (plan S3.1.3 社保断缴; ADR 0060,
0095), in both social-insurance file forms: a district of 100,000 insured people × 4 months
(monitoring.feeds: ordinary life and the large employers' turnover every month, the events in the
last), imported by the real importer and run through `detect_period` with the thresholds in force,
as benchmarks/bench_monitoring.py does at 10^6 people × 6 months (benchmarks/README.md).

What staff would notice on the signal list: every layoff of 20 or more (a large employer's too) and
every closure is there, nearly nothing else is (precision and recall ≥ 0.95), and no large employer
whose leavers are its ordinary turnover, replaced by new hires month after month, is flagged.

Why 100,000 people: below that the large employers are all 1,000–2,000 people and their ordinary
separations hover around the 20-person threshold; here they reach 4,000, as in a real district.
"""

import pytest

from benchmarks.bench_monitoring import quality
from layoffwatch.monitoring import feeds, params
from layoffwatch.monitoring.detection import month_bounds

PERIOD = "2026-02"
TARGET = 0.95


@pytest.mark.django_db
@pytest.mark.parametrize("form", feeds.FORMS)
def test_stoppage_signals_name_the_layoffs_and_closures_and_leave_ordinary_turnover_alone(
    tmp_path, form
):
    q = quality(
        form=form,
        people=100_000,
        months=4,
        work=tmp_path,
        thresholds=params.thresholds(month_bounds(PERIOD)[1]),
        period=PERIOD,
    )
    # the district holds every case: layoffs of 20+ (large employers' too), closures, turnover
    assert q["layoffs_20_plus"]["events"] >= 3
    assert q["large_layoff_recall"] is not None
    assert q["closures"]["events"] >= 2
    assert q["turnover"]["employers"] >= 3
    misses = [
        f"{name}: precision {k['precision']}, recall {k['recall']} "
        f"({k['events']} true, {k['flagged']} flagged)"
        for name in ("layoffs_20_plus", "closures")
        if min((k := q[name])["precision"] or 0, k["recall"] or 0) < TARGET
    ]
    if q["turnover"]["flagged"]:
        misses.append(
            f"turnover employers flagged: {q['turnover']['flagged']} of {q['turnover']['employers']}"
        )
    assert not misses, "; ".join(misses)
