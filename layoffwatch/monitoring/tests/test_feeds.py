"""The ground-truth feeds (monitoring.feeds, ADR 0060) as the detectors and their benchmark use
them: N months ending at the end period, events only in the last, large employers' turnover
replaced by new hires every month, and the two forms of the social-insurance file."""

import io
import json

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from layoffwatch.monitoring import feeds

END = "2026-02"
PERIODS = ["2025-11", "2025-12", "2026-01", "2026-02"]


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    """20,000 people × 4 months, written in both forms from the same seed."""
    root = tmp_path_factory.mktemp("feeds")
    summaries = {
        form: feeds.generate(
            seed=11, people=20_000, out=root / form, end_period=END, months=4, form=form
        )
        for form in feeds.FORMS
    }
    con = duckdb.connect()
    for form in feeds.FORMS:
        con.execute(
            f"CREATE TABLE {form} AS SELECT * FROM read_csv('{root / form}/social_insurance/*.csv', "
            "header = true, all_varchar = true, union_by_name = true)"
        )
    con.execute(f"CREATE TABLE truth AS SELECT * FROM '{root / 'reason'}/truth.parquet'")
    return root, summaries, con


def flows(con, employer: str) -> list[tuple]:
    """(period, contributors, leavers since last month, people never seen before) at one
    employer, from the snapshot form (the month's contributors)."""
    return con.execute(
        """
        WITH a AS (
            SELECT period, person_id FROM snapshot WHERE employer_uscc = ?
        ),
        first_seen AS (SELECT person_id, min(period) AS period FROM snapshot GROUP BY person_id)
        SELECT a.period, count(*),
            (SELECT count(*) FROM a p WHERE p.period = strftime(strptime(a.period, '%Y-%m') - INTERVAL 1 MONTH, '%Y-%m')
                AND p.person_id NOT IN (SELECT person_id FROM a q WHERE q.period = a.period)),
            (SELECT count(*) FROM a n JOIN first_seen f USING (person_id)
                WHERE n.period = a.period AND f.period = a.period)
        FROM a GROUP BY a.period ORDER BY a.period
        """,
        [employer],
    ).fetchall()


def test_it_writes_the_months_ending_at_the_end_period_in_both_forms(district):
    root, summaries, con = district
    for form, summary in summaries.items():
        assert summary["periods"] == PERIODS
        for kind in ("social_insurance", "tax", "unemployment_rate", "hr_market"):
            assert sorted(p.stem for p in (root / form / kind).glob("*.csv")) == PERIODS
    # same seed: the same people at the same employers; the snapshot lists only contributors
    assert summaries["reason"] == {**summaries["snapshot"], "form": "reason"}
    contributing = con.execute(
        "SELECT person_id, employer_uscc, period, contribution_base FROM reason "
        "WHERE change_type IS DISTINCT FROM 'remove' "
        "EXCEPT ALL SELECT person_id, employer_uscc, period, contribution_base FROM snapshot"
    ).fetchall()
    assert contributing == []
    assert (
        con.execute("SELECT count(*) FROM reason").fetchone()[0]
        > con.execute("SELECT count(*) FROM snapshot").fetchone()[0]
    )
    header = (root / "snapshot" / "social_insurance" / f"{END}.csv").read_text().splitlines()[0]
    assert header == "person_id,employer_uscc,period,contribution_base"


def test_a_change_date_falls_inside_its_row_s_month(district):
    _root, _s, con = district
    dated = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE left(change_date, 7) <> period) FROM reason "
        "WHERE change_date IS NOT NULL"
    ).fetchone()
    assert dated[0] > 1000 and dated[1] == 0


def test_events_happen_in_the_last_month_against_clean_history(district):
    _root, _s, con = district
    for event in ("layoff", "large_layoff", "closure", "restructuring", "late_payer"):
        employer, count, size = con.execute(
            "SELECT employer_uscc, count, size FROM truth WHERE event = ? ORDER BY count DESC LIMIT 1",
            [event],
        ).fetchone()
        months = {p: (heads, leavers) for p, heads, leavers, _new in flows(con, employer)}
        # ordinary life before: a few people a month at most
        assert all(months[p][1] <= 0.05 * months[p][0] for p in PERIODS[1:-1])
        assert months[PERIODS[-2]][0] == size
        if event in ("layoff", "large_layoff"):
            assert months[END][1] >= count >= 20
        else:  # the whole workforce is gone, in either form: no row at all in the last month
            assert END not in months and count == size
            assert (
                con.execute(
                    "SELECT count(*) FROM reason WHERE employer_uscc = ? AND period = ?",
                    [employer, END],
                ).fetchone()[0]
                == 0
            )


def test_large_employers_replace_their_turnover_with_new_hires_every_month(district):
    _root, summaries, con = district
    assert summaries["reason"]["large_employers"] >= 5
    turnover = con.execute(
        "SELECT employer_uscc, count, size FROM truth WHERE event = 'turnover'"
    ).fetchall()
    assert len(turnover) >= 2
    for employer, count, size in turnover:
        assert size >= 1000
        history = flows(con, employer)
        assert len(history) == 4
        for _period, heads, leavers, new in history[1:]:
            # 1–2 % turnover plus job changes and retirements, replaced by about as many new people
            assert 0.01 * heads <= leavers <= 0.06 * heads
            assert abs(new - leavers) <= leavers // 10 + 1
        assert history[-1][2] == count  # the truth counts its last-month leavers
        # the turnover's remove rows give ordinary reasons: resignations and contracts ending
        reasons = dict(
            con.execute(
                "SELECT coalesce(change_reason, '-'), count(*) FROM reason "
                "WHERE employer_uscc = ? AND change_type = 'remove' GROUP BY 1",
                [employer],
            ).fetchall()
        )
        # (and retirements, half of them without a reason, as everywhere)
        assert set(reasons) == {"resignation", "contract_end", "retirement", "-"}
        assert reasons["resignation"] > reasons["contract_end"] > 0


def test_a_large_employer_s_layoff_comes_on_top_of_its_turnover(district):
    _root, _s, con = district
    (employer, count, leavers) = con.execute(
        "SELECT employer_uscc, count, leavers FROM truth WHERE event = 'large_layoff' LIMIT 1"
    ).fetchone()
    assert 20 <= count <= 60
    history = flows(con, employer)
    assert history[-1][2] == leavers > count
    dismissed = con.execute(
        "SELECT count(*) FROM reason WHERE employer_uscc = ? AND period = ? "
        "AND change_reason IN ('dismissal', 'other')",
        [employer, END],
    ).fetchone()[0]
    assert dismissed > 0


def test_the_same_seed_writes_the_same_files(tmp_path):
    for run in ("a", "b"):
        feeds.generate(seed=3, people=25_000, out=tmp_path / run, end_period=END, months=3)
    for path in sorted((tmp_path / "a").rglob("*.csv")):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_the_command_writes_the_months_and_form_asked_for(tmp_path):
    out = io.StringIO()
    call_command(
        "generate_feeds",
        "--people",
        "2000",
        "--out",
        str(tmp_path),
        "--end-period",
        "2026-02",
        "--months",
        "3",
        "--form",
        "snapshot",
        stdout=out,
    )
    summary = json.loads(out.getvalue())
    assert summary["periods"] == ["2025-12", "2026-01", "2026-02"]
    assert summary["form"] == "snapshot"
    header = (tmp_path / "social_insurance" / "2026-01.csv").read_text().splitlines()[0]
    assert "change_type" not in header
    with pytest.raises(CommandError, match="--months"):
        call_command(
            "generate_feeds", "--out", str(tmp_path), "--end-period", "2026-02", "--months", "1"
        )


def test_given_headcounts_are_followed_and_their_leavers_register_then_or_a_month_later(tmp_path):
    """A registry's monthly headcounts (the demo's, plan S3.1.3 预测): the feed's contributors
    at each employer are those headcounts month by month, up and down; registrations come from
    the people let go, some the month after; the months after run on their own."""
    usccs = [f"91500152MA{j:07d}" for j in range(12)]
    counts = [[60, 80, 45, 70, 70] if j % 2 else [30, 20, 35, 30, 25] for j in range(12)]
    employers = [(u, c[0], "500152001000") for u, c in zip(usccs, counts, strict=True)]
    months = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
    feeds.generate(
        seed=5, people=0, out=tmp_path, end_period="2026-04", months=7,
        employers=employers, headcounts=counts,
    )  # fmt: skip
    con = duckdb.connect()
    insured = dict(
        con.execute(
            f"SELECT period || employer_uscc, count(*) FROM read_csv('{tmp_path}/social_insurance/*.csv', "
            "all_varchar = true, union_by_name = true) WHERE change_type IS DISTINCT FROM 'remove' "
            "GROUP BY ALL"
        ).fetchall()
    )
    for uscc, c in zip(usccs, counts, strict=True):
        assert [insured.get(p + uscc, 0) for p in months[:5]] == c
    registered = dict(
        con.execute(
            f"SELECT strftime(registered_on::DATE, '%Y-%m'), count(*) FROM "
            f"read_csv('{tmp_path}/unemployment_registration/*.csv', all_varchar = true) GROUP BY ALL"
        ).fetchall()
    )
    # the big cut in 2025-12 registers then and in 2026-01
    assert registered["2025-12"] > registered["2025-11"]
    assert registered["2026-01"] > registered["2026-03"]
    assert set(registered) <= set(months[1:])
    with pytest.raises(ValueError, match="headcounts"):
        feeds.generate(
            seed=5, people=0, out=tmp_path / "x", end_period="2026-04", months=6,
            employers=employers, headcounts=counts,
        )  # fmt: skip
