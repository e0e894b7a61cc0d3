"""Enterprise risk ranking (plan S2.3, S3.1.3 预测; ADR 0106): the model learns precursors from a
district's history, ranks the enterprises showing them first, and refuses what it may not do."""

import datetime as dt

import pytest

from layoffwatch.analysis import risk
from layoffwatch.conftest import GUILIN, ZITONG
from layoffwatch.demo.generator import precursors

AT = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
END = "2026-02"
MONTHS = precursors.months_ending(END, 16)


class District:
    """240 enterprises over 16 months (precursors.plan_histories, seed 7): some cut 20+ after
    months of precursors, some show precursors and cut nobody, most are ordinary. In the last
    month two crafted enterprises stand apart: 'Falling' (Guilin) shows every precursor, 'Calm'
    (Zitong) none."""

    def __init__(self, people, make_enterprise, lake):
        usccs = [make_enterprise(town_id=GUILIN if i % 2 else ZITONG).uscc for i in range(240)]
        self.falling = make_enterprise(name="下滑制衣有限公司", town_id=GUILIN)
        self.calm = make_enterprise(name="平稳食品有限公司", town_id=ZITONG)
        self.people = people
        histories = precursors.plan_histories(usccs, periods=MONTHS, seed=7)
        crafted = precursors.plan_histories(
            [self.falling.uscc, self.calm.uscc], periods=MONTHS, seed=1
        )
        falling, calm = crafted
        _make_falling(falling, MONTHS)
        _make_calm(calm, MONTHS)
        self.histories = histories + crafted
        precursors.write_lake(lake, self.histories, periods=MONTHS)
        precursors.record_histories(self.histories, by=people.sam, at=AT)


def _make_falling(h, months):
    """Staff falling 6% a month over the last three months, a fifth on a cut base, revenue down
    a quarter a month, a wage-arrears case every month."""
    h.fate, h.cut_month, h.warned_from = "falling", "", months[-3]
    staff = h.heads[months[-4]]
    for m in months[-3:]:
        staff = staff[int(len(staff) * 0.06) + 1 :]
        h.heads[m] = list(staff)
        h.base_cut[m] = set(staff[: len(staff) // 4])
        h.revenue[m] = h.revenue[months[-4]] * 0.7 ** (months.index(m) - len(months) + 4)
    h.arrears = months[-3:]


def _make_calm(h, months):
    h.fate, h.cut_month, h.warned_from = "normal", "", ""
    first = h.heads[months[0]]
    for m in months:
        h.heads[m] = list(first)
        h.base_cut[m] = set()
        h.revenue[m] = 1_000_000.0
    h.arrears, h.clues = [], []


@pytest.fixture
def district(people, make_enterprise, lake):
    return District(people, make_enterprise, lake)


@pytest.fixture
def trained(district):
    return risk.train(at=AT)


def test_it_learns_and_back_tests(trained):
    m = trained.metrics
    print(m)
    assert trained.first_period == MONTHS[0] and trained.period == END
    assert trained.trained_until == precursors.months_ending(END, 4)[0]
    assert m["top_precision"] >= 3 * m["base_rate"]


def test_the_crafted_enterprise_with_precursors_ranks_top_and_the_calm_one_low(district, trained):
    ranked = risk.ranking(period=END)
    by_id = {r.enterprise_id: r for r in ranked}
    falling, calm = by_id[district.falling.pk], by_id[district.calm.pk]
    print(falling, calm)
    assert falling.rank <= 10
    assert calm.rank > len(ranked) // 2
    assert any("拖欠工资" in r for r in falling.reasons)
