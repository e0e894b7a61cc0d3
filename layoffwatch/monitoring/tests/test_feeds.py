"""The ground-truth feeds (monitoring.feeds, ADR 0060) as the detectors and their benchmark use
them: N months ending at the end period, events only in the last, large employers' turnover
replaced by new hires every month, and the two forms of the social-insurance file; and the
precursors planted before the cuts, with false alarms (ADR 0106, plan S2.3 预防为先, S3.1.3), as
the risk ranking reads them from the lake."""

import io
import json

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from layoffwatch.monitoring import feeds
from layoffwatch.monitoring.services import source_import

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


@pytest.mark.parametrize("precursors", [False, True])
def test_the_same_seed_writes_the_same_files(tmp_path, precursors):
    for run in ("a", "b"):
        feeds.generate(
            seed=3, people=25_000, out=tmp_path / run, end_period=END, months=3,
            precursors=precursors,
        )  # fmt: skip
    written = sorted(p for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert ((tmp_path / "a" / "precursors.parquet") in written) == precursors
    for path in written:
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
    # precursors by default (3 months or more): the summary counts the employers per fate
    fates = dict(
        duckdb.connect()
        .execute(f"SELECT fate, count(*) FROM '{tmp_path}/precursors.parquet' GROUP BY fate")
        .fetchall()
    )
    assert summary["precursors"]["cut"] == fates["cut"] > 0
    assert summary["precursors"]["false_alarm"] == fates.get("false_alarm", 0)
    with pytest.raises(CommandError, match="--months"):
        call_command(
            "generate_feeds", "--out", str(tmp_path), "--end-period", "2026-02", "--months", "1"
        )
    with pytest.raises(CommandError, match="--precursors"):
        call_command(
            "generate_feeds", "--out", str(tmp_path / "p"), "--end-period", "2026-02",
            "--months", "2", "--precursors",
        )  # fmt: skip


def test_the_command_leaves_precursors_out_when_told_or_with_two_months(tmp_path):
    for name, more in (("off", ["--no-precursors"]), ("two", ["--months", "2"])):
        out = io.StringIO()
        call_command(
            "generate_feeds", "--people", "2000", "--out", str(tmp_path / name),
            "--end-period", "2026-02", *more, stdout=out,
        )  # fmt: skip
        assert "precursors" not in json.loads(out.getvalue())
        assert not (tmp_path / name / "precursors.parquet").exists()


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


# -- precursors (ADR 0106) -------------------------------------------------------------------------

CUT_ROLES = set(feeds.PRECURSOR_ROLES)


@pytest.fixture(scope="module")
def warned(tmp_path_factory):
    """20,000 people × 4 months with precursors, and the same district without them (seed 13: its
    district holds a cut with precursors, a surprise and a false alarm)."""
    root = tmp_path_factory.mktemp("warned")
    summary = feeds.generate(
        seed=13, people=20_000, out=root / "on", end_period=END, months=4, precursors=True
    )
    feeds.generate(seed=13, people=20_000, out=root / "off", end_period=END, months=4)
    con = duckdb.connect()
    for run in ("on", "off"):
        con.execute(
            f"CREATE TABLE si_{run} AS SELECT * FROM read_csv('{root / run}/social_insurance/*.csv', "
            "header = true, all_varchar = true, union_by_name = true)"
        )
        con.execute(
            f"CREATE TABLE tax_{run} AS SELECT employer_uscc, period, revenue "
            f"FROM read_csv('{root / run}/tax/*.csv', header = true)"
        )
    con.execute(f"CREATE TABLE truth AS SELECT * FROM '{root / 'on'}/truth.parquet'")
    con.execute(f"CREATE TABLE fates AS SELECT * FROM '{root / 'on'}/precursors.parquet'")
    return root, summary, con


def lowered_bases(con, employer: str, period: str) -> tuple[int, int]:
    """(people at the employer in the first month and in `period`, those of them whose
    contribution base is now lower than in the first month)."""
    return con.execute(
        """
        SELECT count(*), count(*) FILTER (WHERE b.contribution_base::INT < a.contribution_base::INT)
        FROM si_on a JOIN si_on b USING (person_id, employer_uscc)
        WHERE employer_uscc = ? AND a.period = ? AND b.period = ?
            AND a.change_type IS DISTINCT FROM 'remove' AND b.change_type IS DISTINCT FROM 'remove'
        """,
        [employer, PERIODS[0], period],
    ).fetchone()


def revenues(con, employer: str) -> list[float]:
    return [
        r[0]
        for r in con.execute(
            "SELECT revenue FROM tax_on WHERE employer_uscc = ? ORDER BY period", [employer]
        ).fetchall()
    ]


def test_the_precursors_file_names_the_cuts_and_the_false_alarms(warned):
    _root, summary, con = warned
    rows = con.execute("SELECT employer_uscc, fate, precursors_from FROM fates").fetchall()
    events = dict(con.execute("SELECT employer_uscc, event FROM truth").fetchall())
    cuts = {u for u, fate, _f in rows if fate == "cut"}
    alarms = {u for u, fate, _f in rows if fate == "false_alarm"}
    # every employer that cuts in the last month is there as a cut, and only those
    assert cuts == {u for u, event in events.items() if event in CUT_ROLES}
    # a false alarm is an ordinary employer: no event at all in the last month
    assert alarms and not alarms & set(events)
    # precursors start after the first month; only a cut may have none (a surprise)
    starts = {f for _u, _fate, f in rows}
    assert starts <= {PERIODS[1], None}
    surprises = {u for u, fate, f in rows if f is None}
    assert surprises and surprises < cuts
    assert summary["precursors"] == {
        "cut": len(cuts),
        "false_alarm": len(alarms),
        "surprise": len(surprises),
    }


def test_a_cut_with_precursors_has_bases_cut_and_revenue_falling_before_the_last_month(warned):
    _root, _s, con = warned
    cuts = con.execute(
        "SELECT employer_uscc FROM fates WHERE fate = 'cut' AND precursors_from IS NOT NULL"
    ).fetchall()
    assert cuts
    for (employer,) in cuts:
        staff, lowered = lowered_bases(con, employer, PERIODS[-2])
        # a fifth to a third of the staff had their base cut by the month before the last
        assert 0.15 * staff <= lowered <= 0.35 * staff
        assert lowered_bases(con, employer, PERIODS[1])[1] > 0
        first, *before, _last = revenues(con, employer)
        # revenue falls month after month, 10–25 % each, from the first month's level
        for a, b in zip([first, *before], before, strict=False):
            assert 0.74 * a <= b <= 0.91 * a


def test_a_false_alarm_has_the_precursors_and_no_cut(warned):
    _root, _s, con = warned
    alarms = [
        r[0]
        for r in con.execute(
            "SELECT employer_uscc FROM fates WHERE fate = 'false_alarm'"
        ).fetchall()
    ]
    for employer in alarms:
        staff, lowered = lowered_bases(con, employer, PERIODS[-2])
        assert 0 < lowered <= 0.25 * staff  # milder: a tenth to a sixth
        first, *before, last = revenues(con, employer)
        assert before[-1] < 0.95 * first
        # the last month: revenue no lower than an ordinary month's, and only ordinary leavers
        assert last >= 0.97 * before[-1] - 0.01
        leavers = con.execute(
            "SELECT count(*) FROM si_on WHERE employer_uscc = ? AND period = ? "
            "AND change_type = 'remove'",
            [employer, END],
        ).fetchone()[0]
        assert leavers <= max(3, 0.05 * staff)


def test_a_surprise_shows_nothing_before_its_cut(warned):
    _root, _s, con = warned
    surprises = [
        r[0]
        for r in con.execute(
            "SELECT employer_uscc FROM fates WHERE precursors_from IS NULL"
        ).fetchall()
    ]
    assert surprises
    for employer in surprises:
        if lowered_bases(con, employer, PERIODS[-2])[0]:
            assert lowered_bases(con, employer, PERIODS[-2])[1] == 0
        first, *before, _last = revenues(con, employer)
        assert before == [first] * len(before)


def test_precursors_leave_what_the_detectors_judge_in_the_last_month_as_it_was(warned):
    """Every social-insurance row is the same apart from the contribution base (the same people,
    employers, changes and dates: the stoppage detectors' input), and every employer's last-month
    revenue changes against the month before as it does without precursors (tax_drop's input)."""
    root, _s, con = warned
    rows = "SELECT * EXCLUDE (contribution_base) FROM si_{}"
    assert (
        con.execute(
            f"SELECT count(*) FROM ({rows.format('on')} EXCEPT ALL {rows.format('off')})"
        ).fetchone()[0]
        == 0
    )
    assert (
        con.execute(
            f"SELECT count(*) FROM ({rows.format('off')} EXCEPT ALL {rows.format('on')})"
        ).fetchone()[0]
        == 0
    )
    change = """
        SELECT c.employer_uscc, round(c.revenue / p.revenue, 3) AS ratio
        FROM tax_{0} c JOIN tax_{0} p ON p.employer_uscc = c.employer_uscc
        WHERE c.period = '{1}' AND p.period = '{2}'
    """
    on = dict(con.execute(change.format("on", END, PERIODS[-2])).fetchall())
    off = dict(con.execute(change.format("off", END, PERIODS[-2])).fetchall())
    assert on == off and len(on) > 30
    for kind in ("unemployment_registration", "business_registration", "hr_market"):
        for path in sorted((root / "off" / kind).glob("*.csv")):
            assert path.read_bytes() == (root / "on" / kind / path.name).read_bytes()


@pytest.mark.django_db
def test_the_risk_features_read_the_precursors_from_the_lake(make_enterprise, tmp_path):
    """Feeds with precursors for registry enterprises, imported through the real importer: in the
    month before the last, the risk ranking's features (analysis.risk_features) show base cuts
    and a revenue fall for an enterprise with precursors."""
    from layoffwatch.analysis.risk_features import feature_table

    registry = [make_enterprise() for _ in range(10)]
    summary = feeds.generate(
        seed=4, people=0, out=tmp_path, end_period=END, months=5, precursors=True,
        employers=[(e.uscc, 80) for e in registry],
    )  # fmt: skip
    for kind in ("social_insurance", "tax"):
        for period in summary["periods"]:
            source_import(
                kind=kind, path=tmp_path / kind / f"{period}.csv", enqueue_detection=False
            )
    warned_from = dict(
        duckdb.connect()
        .execute(f"SELECT employer_uscc, precursors_from FROM '{tmp_path}/precursors.parquet'")
        .fetchall()
    )
    table = feature_table().set_index(["uscc", "period"])
    before = summary["periods"][-2]
    shown = [u for u, first in warned_from.items() if first is not None]
    assert shown
    for uscc in shown:
        row = table.loc[(uscc, before)]
        assert row["base_cuts"] > 0
        assert row["revenue_change_1m"] < 0 and row["revenue_change_3m"] < -0.1
    # an enterprise without precursors shows neither
    quiet = next(e.uscc for e in registry if e.uscc not in warned_from)
    row = table.loc[(quiet, before)]
    assert row["base_cuts"] == 0 and row["revenue_change_1m"] == 0


def test_planted_precursors_come_in_each_employer_s_own_months_and_move_nobody(tmp_path):
    """The demo's way (`planted`, demo/generator/monitoring.py): the caller names the employers
    and their months. Bases are cut and revenue falls there and only there, the revenue only from
    `revenue_from` on, never in the first or last month; every row but the bases is the one the
    run without them writes, so the followed headcounts stay as given."""
    usccs = [f"91500152MA{j:07d}" for j in range(12)]
    counts = [[300] * 5 if j >= 9 else [60, 80, 45, 70, 70] if j % 2 else [30, 20, 35, 30, 25]
              for j in range(12)]  # fmt: skip
    employers = [(u, c[0], "500152001000") for u, c in zip(usccs, counts, strict=True)]
    months = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
    planted = [
        (usccs[9], "2025-12", "2026-01", 1.0),  # a cut in 2026-02
        (usccs[10], "2026-02", "2026-05", 0.5),  # reaches into the last month: clipped
        (usccs[8], "2025-07", "2025-10", 1.0),  # before the feed's second month: nothing
        ("91500152MA9999999", "2025-12", "2026-01", 1.0),  # not in the feed
    ]
    runs = {}
    for run, more in (("on", {"planted": planted, "revenue_from": "2026-01"}), ("off", {})):
        runs[run] = feeds.generate(
            seed=5, people=0, out=tmp_path / run, end_period="2026-04", months=7,
            employers=employers, headcounts=counts, **more,
        )  # fmt: skip
    assert runs["on"]["planted"] == 2
    con = duckdb.connect()
    for run in runs:
        con.execute(
            f"CREATE TABLE si_{run} AS SELECT * FROM read_csv('{tmp_path / run}/social_insurance/"
            "*.csv', header = true, all_varchar = true, union_by_name = true)"
        )
        con.execute(
            f"CREATE TABLE tax_{run} AS SELECT * FROM read_csv('{tmp_path / run}/tax/*.csv')"
        )
    rows = "SELECT * EXCLUDE (contribution_base) FROM si_{}"
    for a, b in (("on", "off"), ("off", "on")):
        assert not con.execute(f"{rows.format(a)} EXCEPT ALL {rows.format(b)}").fetchall()
    lowered = {
        (uscc, period): (staff, cut, wrong)
        for uscc, period, staff, cut, wrong in con.execute(
            """
            SELECT a.employer_uscc, a.period, count(*),
                count(*) FILTER (WHERE a.contribution_base <> b.contribution_base),
                count(*) FILTER (WHERE a.contribution_base <> b.contribution_base
                    AND a.contribution_base::INT <> round(b.contribution_base::INT * 0.8))
            FROM si_on a JOIN si_off b ON a.person_id = b.person_id
                AND a.employer_uscc = b.employer_uscc AND a.period = b.period
                AND a.change_type IS NOT DISTINCT FROM b.change_type
            WHERE a.change_type IS DISTINCT FROM 'remove' GROUP BY ALL
            """
        ).fetchall()
    }
    assert all(wrong == 0 for _s, _c, wrong in lowered.values())  # a fifth off the base

    def share(j, period):
        staff, cut, _wrong = lowered[(usccs[j], period)]
        return cut / staff

    # the cut's staff: a growing share from its first month, a fifth to a third by its last,
    # and those cut stay cut
    assert [share(9, p) for p in months[:2]] == [0, 0]
    assert 0 < share(9, "2025-12") < share(9, "2026-01")
    assert 0.15 <= share(9, "2026-01") <= 0.36
    assert share(9, "2026-02") > 0.1
    # half as strong, from 2026-02 to 2026-03 only (the last month gets no new cuts)
    assert share(10, "2026-01") == 0 < share(10, "2026-02") < share(10, "2026-03") <= 0.2
    assert share(10, "2026-04") <= share(10, "2026-03")
    others = {u for u, _p in lowered} - {usccs[9], usccs[10]}
    assert all(lowered[(u, p)][1] == 0 for u, p in lowered if u in others)
    # revenue: against the run without, from revenue_from on, 10–25 % a month (half at half
    # strength), the fallen level kept, the last month's change as without
    ratio = {
        (u, p): r
        for u, p, r in con.execute(
            "SELECT employer_uscc, period, a.revenue / b.revenue FROM tax_on a "
            "JOIN tax_off b USING (employer_uscc, period)"
        ).fetchall()
    }
    nine = [ratio[(usccs[9], p)] for p in months]
    assert nine[:3] == [1.0] * 3 and 0.74 <= nine[3] <= 0.91
    assert nine[4:] == pytest.approx([nine[3]] * 3, abs=1e-4)
    ten = [ratio[(usccs[10], p)] for p in months]
    assert ten[:4] == [1.0] * 4 and 0.87 <= ten[4] <= 0.955 and ten[5] < ten[4]
    assert ten[6] == pytest.approx(ten[5], abs=1e-4)
    assert all(r == 1.0 for (u, _p), r in ratio.items() if u in others)
    with pytest.raises(ValueError, match="not both"):
        feeds.generate(
            seed=5, people=0, out=tmp_path / "x", end_period="2026-04", months=7,
            employers=employers, precursors=True, planted=planted,
        )  # fmt: skip
