"""Runs every YAML policy test in this folder (the tables a policy officer reads and extends)."""

import pytest

from layoffwatch.policy.cases import CASES_DIR, load_cases, run_case
from layoffwatch.policy.loader import bundled_policy

CASES, PROBLEMS = load_cases(CASES_DIR)


def test_it_reads_every_case_file_without_problems():
    assert PROBLEMS == []
    assert len(CASES) >= 80


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_it_passes_the_policy_officers_case(case):
    outcome = run_case(case)
    assert outcome.ok, outcome.message


def test_it_covers_each_side_of_every_boundary():
    """plan S3.2 / S3.1.1: 19/20, 50/51, 200/201 and the 10% rule each have a case on both sides."""
    cuts = {c.input.get("cut") for c in CASES if c.rule == "grade"}
    assert {19, 20, 50, 51, 200, 201} <= cuts
    shares = {(c.input.get("cut"), c.input.get("staff")) for c in CASES if c.input.get("staff")}
    assert {(9, 100), (10, 100), (9, 90), (9, 91)} <= shares


def test_it_has_a_case_on_every_effective_date_and_the_day_before():
    dates = {c.date for c in CASES}
    for start in bundled_policy().change_dates():
        assert start in dates, f"no case on {start}"
        assert start.fromordinal(start.toordinal() - 1) in dates, f"no case the day before {start}"


def test_it_reports_a_wrong_expectation_with_both_values(tmp_path):
    (tmp_path / "wrong.yaml").write_text(
        "- name: 故意写错\n  rule: grade\n  date: 2026-03-01\n  input: {cut: 51}\n  output: {level: 3}\n",
        encoding="utf-8",
    )
    cases, problems = load_cases(tmp_path)
    outcome = run_case(cases[0])
    assert not outcome.ok
    assert "期望 expected 3" in outcome.message and "实际 got 2" in outcome.message
