"""Dated parameters of the assistance and rights apps (ADR 0070).

The policy loader's file list is closed (policy/loader.py SCHEMAS; ADR 0060 made the same choice
for monitoring), so these small files live beside the apps that use them and are validated with
the loader's own schema types: every value has an effective date and a reference, and a bad file
stops the program with the loader's bilingual problem list.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from layoffwatch.policy.loader import (
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

POS = Int(min=1)
WEIGHT = Num(min=0)

ASSISTANCE_FILE = Path(__file__).resolve().parent / "parameters" / "assistance.yaml"
FOUR_FAST_FILE = Path(__file__).resolve().parent.parent / "rights" / "parameters" / "four_fast.yaml"

ASSISTANCE = Record(
    {
        "description": Str(),
        "reference": Str(),
        "follow_up_days": DatedS(POS),
        "matching": Record(
            {
                "occupation": DatedS(WEIGHT),
                "skills": DatedS(WEIGHT),
                "town": DatedS(WEIGHT),
                "wage": DatedS(WEIGHT),
                "intention": DatedS(WEIGHT),
                "min_score": DatedS(WEIGHT),
            }
        ),
    }
)

FOUR_FAST = Record(
    {
        "description": Str(),
        "reference": Str(),
        "targets_days": Record(
            {
                "filed": DatedS(POS),
                "mediated": DatedS(POS),
                "heard": DatedS(POS),
                "closed": DatedS(POS),
            }
        ),
    }
)


def validate(text: str, schema: Record, *, file: str) -> dict:
    body, problems = parse_yaml(text, file=file)
    if problems:
        raise PolicyError(problems)
    ctx = Ctx(file)
    tree = schema.check(body, ctx, "")
    if ctx.problems:
        raise PolicyError(ctx.problems)
    return tree


@lru_cache(maxsize=4)
def _tree(path: str, which: str) -> dict:
    schema = ASSISTANCE if which == "assistance" else FOUR_FAST
    return validate(Path(path).read_text(encoding="utf-8"), schema, file=Path(path).name)


def assistance_params(on: dt.date) -> dict:
    """Follow-up interval of a 一人一策 plan and the matching weights in force on `on`."""
    return resolve(_tree(str(ASSISTANCE_FILE), "assistance"), on)


def four_fast_targets(on: dt.date) -> dict:
    """plan S4.6 快立、快调、快审、快结: days allowed for each stage, in force on `on`."""
    return resolve(_tree(str(FOUR_FAST_FILE), "four_fast"), on)["targets_days"]
