"""plan S3.1.1 vs S3.1.3: a stoppage found in the contributions matched to the layoff reports of
the same employer — reported, under_reported or unreported (ADR 0060, 0096).

The rule is sql/reconciliation.sql and nothing else: `reconcile` runs it, at detection
(detectors/mass_stoppage.py, over every report) and when a report of the enterprise arrives or is
withdrawn later (services/reconciliation.py, over that enterprise's reports), with the same
thresholds (`reconciliation.window_days`, `reconciliation.under_report_share` in force at the end
of the stoppage's month)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from .detection import run, score

# What the match adds to a stoppage's risk score (ADR 0095): nobody reported it, or fewer people
# were reported than stopped. The score moves with the match when a report arrives later.
BONUS = {"unreported": 10.0, "under_reported": 5.0}


def scored(base: float, outcome: str) -> float:
    """A stoppage's score: its size-and-share points plus what its match with the reports adds."""
    return score(base + BONUS.get(outcome, 0.0))


def layoff_size(kind: str, count: int | None, figures: dict | None) -> int:
    """The people a report of this stoppage should name: for a partial stoppage the estimated
    layoff (its net loss beyond the employer's usual, ADR 0095) — its ordinary quits are nobody's
    layoff; for a whole-workforce stop, everyone separated."""
    estimate = (figures or {}).get("unusual_loss")
    if kind == "mass_stoppage" and estimate is not None:
        return int(estimate)
    return int(count or 0)


@dataclass(frozen=True)
class Stoppage:
    """One stoppage to match: the employer, the people separated, the month it happened in."""

    employer_uscc: str
    separations: int
    period_start: dt.date
    period_end: dt.date


def reconcile(
    con, stoppages: list[Stoppage], *, window_days: int, under_report_share: float
) -> dict[str, dict]:
    """{employer: {"outcome", "reported", "receipts"}} for `stoppages` (one per employer), by
    sql/reconciliation.sql against the `_reports` table registered on `con`
    (selectors.layoff_reports_table): the reports whose waves fall within `window_days` of the
    month, and the people they name against the separations."""
    if not stoppages:
        return {}
    con.register(
        "_findings",
        pa.table(
            {
                "employer_uscc": [s.employer_uscc for s in stoppages],
                "separations": pa.array([s.separations for s in stoppages], pa.int64()),
                "period_start": pa.array([s.period_start for s in stoppages], pa.date32()),
                "period_end": pa.array([s.period_end for s in stoppages], pa.date32()),
            }
        ),
    )
    rows = run(
        con,
        "reconciliation",
        window_days=window_days,
        under_report_share=under_report_share,
    )
    return {
        r["employer_uscc"]: {
            "outcome": r["outcome"],
            "reported": int(r["reported"]),
            "receipts": r["receipts"].split(",") if r["receipts"] else [],
            "compared": int(r["separations"]),
        }
        for r in rows
    }
