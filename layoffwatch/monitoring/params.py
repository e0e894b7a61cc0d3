"""Detector thresholds: a dated YAML file of this app, validated with the policy loader's schema
types (ADR 0060: the policy loader's file list is closed, so the file lives here).

`thresholds(on)` resolves every value in force on a date; the one-time-cut threshold itself comes
from the policy (reporting.report_threshold, plan S3.1.1) so that both stay one number.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from layoffwatch.policy.loader import (
    Bool,
    Ctx,
    DatedS,
    Int,
    Num,
    PolicyError,
    Record,
    Str,
    parse_yaml,
    resolve,
)

FILE = Path(__file__).resolve().parent / "parameters" / "monitoring.yaml"
POS = Int(min=1)
SHARE = Num(above=0, max=1)

SCHEMA = Record(
    {
        "description": Str(),
        "reference": Str(),
        "stoppage": Record(
            {
                "retirement_age_male": DatedS(POS),
                "retirement_age_female": DatedS(POS),
                "restructuring_share": DatedS(SHARE),
                "workforce_stop_share": DatedS(SHARE),
                "exclude_short_contract_end": DatedS(Bool()),
            }
        ),
        "reconciliation": Record({"window_days": DatedS(POS), "under_report_share": DatedS(SHARE)}),
        "claims": Record({"window_days": DatedS(POS), "min_count": DatedS(POS)}),
        "distress": Record(
            {
                "min_insured": DatedS(POS),
                "tax_drop_share": DatedS(SHARE),
                "key_sample_job_loss_rate": DatedS(SHARE),
                "wage_arrears_months": DatedS(POS),
            }
        ),
        "area": Record(
            {
                "rate_jump_points": DatedS(Num(above=0)),
                "baseline_months": DatedS(POS),
                "baseline_jump_points": DatedS(Num(above=0)),
                "registration_surge_ratio": DatedS(Num(above=1)),
                "registration_surge_min": DatedS(POS),
                "vacancy_ratio_fall_share": DatedS(SHARE),
                "capacity_fall_points": DatedS(Num(above=0)),
            }
        ),
        "imports": Record(
            {
                "max_file_mb": DatedS(POS),
                "max_xlsx_mb": DatedS(POS),
                "max_xlsx_rows": DatedS(POS),
                "unknown_employer_town": DatedS(Str()),
                "unknown_employer_industry": DatedS(Str()),
            }
        ),
    }
)


def validate(text: str, *, file: str = "monitoring.yaml") -> dict:
    body, problems = parse_yaml(text, file=file)
    if problems:
        raise PolicyError(problems)
    ctx = Ctx(file)
    tree = SCHEMA.check(body, ctx, "")
    if ctx.problems:
        raise PolicyError(ctx.problems)
    return tree


@lru_cache(maxsize=1)
def _tree() -> dict:
    return validate(FILE.read_text(encoding="utf-8"))


def thresholds(on: dt.date) -> dict:
    """Every monitoring threshold in force on `on`, plus `min_cut` from the policy in force."""
    from layoffwatch.policy.selectors import policy_in_force

    values = resolve(_tree(), on)
    policy = policy_in_force()
    values["min_cut"] = policy.at(on)["reporting"]["report_threshold"]
    values["version"] = policy.version(on)
    return values
