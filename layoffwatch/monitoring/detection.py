"""What every detector is made of (ADR 0060, 0091): the declaration, the inputs of one run and
the finding it returns. The detectors themselves are in `detectors/` (one module each, beside
their `sql/<name>.sql`); `detectors.detect_period` runs them all for a month.

Each query is one .sql file with $named parameters; the thresholds come from params.py (and the
one-time-cut threshold from the policy). Registry facts that live in the app database (flags,
layoff reports, monthly reports) are passed in as Arrow tables by the caller (selectors.py).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from layoffwatch.core.recorded import Recorded

from . import lake

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con, name: str, **params) -> list[dict]:
    """The rows of `sql/<name>.sql` with its $parameters, as dicts by column name."""
    cursor = con.execute(sql(name), params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass
class Finding:
    """One finding. `summary` is the Chinese text, or a recorded message (`core.recorded`) whose
    Chinese becomes the text and whose message is kept in `message`, so that a signal's summary
    reads in the reader's language (ADR 0100, amended 2026-12-07 (5))."""

    kind: str
    summary: str
    employer_uscc: str | None = None
    town_code: str | None = None
    industry_code: str | None = None
    count: int | None = None
    score: float = 0.0
    figures: dict = field(default_factory=dict)
    evidence: list = field(default_factory=list)
    reconciliation: str = ""
    message: dict | None = None  # the summary's recorded message ({"msgid": …, "args": …})

    def __post_init__(self):
        if isinstance(self.summary, Recorded):
            self.summary, self.message = self.summary.text, self.summary.message

    @property
    def subject(self) -> str:
        return self.employer_uscc or self.town_code or self.industry_code or "district"

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("evidence")
        data.pop("message")
        data["evidence_rows"] = len(self.evidence)
        return plain(data)


def plain(value):
    """A query row (or any value) as JSON-ready data: dates as ISO text, Decimals as floats."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "as_integer_ratio") and not isinstance(value, (int, float)):
        return float(value)  # Decimal
    return value


def score(value: float) -> float:
    """A signal's risk score: 0–100, one decimal."""
    return round(max(0.0, min(100.0, value)), 1)


def doublings(value: float, threshold: float) -> float:
    """How many times `value` doubles its threshold (at the threshold 0, twice it 1, four times
    it 2 …). Scores grow with this, not with the value itself, so that a large finding ranks
    above a smaller one without every large one hitting the maximum (ADR 0095)."""
    return math.log2(max(float(value), 1e-9) / max(float(threshold), 1e-9))


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    start = dt.datetime.strptime(period, "%Y-%m").date()
    nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, nxt - dt.timedelta(days=1)


def shift(period: str, months: int) -> str:
    start = dt.datetime.strptime(period, "%Y-%m").date()
    index = start.year * 12 + start.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass
class Context:
    """What the database knows, as Arrow tables (built by selectors.detection_context); a
    detector's SQL reads them as `_registry`, `_industries`, `_reports` and `_monthly`."""

    registry: pa.Table  # uscc, insured_headcount, is_labour_intensive, is_key_sample
    industries: pa.Table  # code, labour_intensive
    reports: pa.Table  # uscc, receipt_no, planned_cut, first_wave, last_wave
    monthly: (
        pa.Table
    )  # uscc, period, wages_paid_in_full, wage_arrears_months, wage_arrears_amount, headcount

    TABLES = ("_registry", "_industries", "_reports", "_monthly")

    def register(self, con) -> None:
        """Make the tables readable by the queries on `con`."""
        for name, table in zip(
            self.TABLES, (self.registry, self.industries, self.reports, self.monthly), strict=True
        ):
            con.register(name, table)

    @classmethod
    def empty(cls) -> Context:
        return cls(
            registry=pa.table(
                {
                    "uscc": pa.array([], pa.string()),
                    "insured_headcount": pa.array([], pa.int64()),
                    "is_labour_intensive": pa.array([], pa.bool_()),
                    "is_key_sample": pa.array([], pa.bool_()),
                }
            ),
            industries=pa.table(
                {"code": pa.array([], pa.string()), "labour_intensive": pa.array([], pa.bool_())}
            ),
            reports=pa.table(
                {
                    "uscc": pa.array([], pa.string()),
                    "receipt_no": pa.array([], pa.string()),
                    "planned_cut": pa.array([], pa.int64()),
                    "first_wave": pa.array([], pa.date32()),
                    "last_wave": pa.array([], pa.date32()),
                }
            ),
            monthly=pa.table(
                {
                    "uscc": pa.array([], pa.string()),
                    "period": pa.array([], pa.string()),
                    "wages_paid_in_full": pa.array([], pa.bool_()),
                    "wage_arrears_months": pa.array([], pa.int64()),
                    "wage_arrears_amount": pa.array([], pa.float64()),
                    "headcount": pa.array([], pa.int64()),
                }
            ),
        )


# ---------------------------------------------------------------- declaring a detector


@dataclass(frozen=True)
class Inputs:
    """What a detector gets for one run: the DuckDB connection (the Context tables registered),
    the month, and the thresholds it declared (only those: reading another is a KeyError)."""

    con: duckdb.DuckDBPyConnection
    period: str
    t: dict

    @property
    def prev(self) -> str:
        return shift(self.period, -1)

    @property
    def start(self) -> dt.date:
        return month_bounds(self.period)[0]

    @property
    def end(self) -> dt.date:
        return month_bounds(self.period)[1]

    def path(self, kind: str, period: str) -> str:
        """The lake file of feed `kind` for `period` (it may not exist)."""
        return str(lake.lake_path(kind, period))

    def existing(self, kind: str, periods: list[str]) -> list[str]:
        """The lake files of feed `kind` that exist, in the order of `periods`."""
        return [str(lake.lake_path(kind, p)) for p in periods if lake.lake_path(kind, p).exists()]


@dataclass(frozen=True)
class Feed:
    """The lake feed a detector cannot run without: this month (months=1) or last month and this
    month (months=2). `label` names it in the reason given when it is missing."""

    kind: str
    label: str
    months: int = 1

    def missing(self, i: Inputs) -> str | None:
        periods = (i.prev, i.period) if self.months == 2 else (i.period,)
        if all(lake.lake_path(self.kind, p).exists() for p in periods):
            return None
        return f"缺少 {' 或 '.join(periods)} 的{self.label}"


def pick(thresholds: dict, keys: tuple[str, ...]) -> dict:
    """The part of `thresholds` (params.thresholds) that `keys` name: "min_cut", a whole section
    ("stoppage") or one value in a section ("distress.tax_drop_share"), keeping the nesting."""
    out: dict = {}
    for key in keys:
        section, _dot, name = key.partition(".")
        if name:
            out.setdefault(section, {})[name] = thresholds[section][name]
        else:
            out[section] = thresholds[section]
    return out


@dataclass(frozen=True)
class Detector:
    """One detector: `sql/<name>.sql` and how its rows become findings (how to write one:
    the docstring of `detectors/__init__.py`)."""

    name: str  # its sql/<name>.sql; also its key among the skipped ones
    order: int  # where its findings come in a run (the registry runs them in this order)
    finding: Callable[[dict, Inputs], Finding]  # one result row → a finding with its score
    params: Callable[[Inputs], dict] | None = None  # the query's $parameters
    rows: Callable[[Inputs], list[dict]] | None = None  # instead of params: runs its own queries
    after: Callable[[list[Finding], Inputs], None] | None = None  # adds to its findings at the end
    feed: Feed | None = None  # None: it reads database facts only
    thresholds: tuple[str, ...] = ()  # what it reads of params.thresholds (see `pick`)
    tables: tuple[str, ...] = ()  # the Context tables its SQL joins
    queries: tuple[str, ...] = ()  # the other sql/ files it runs (in `rows` or `after`)
    skipped_as: str = ""  # a missing feed is reported under this detector's name instead
    # kinds of finding that, on the same subject in the same run, tell the truer story: this
    # detector's finding is then dropped (a key sample whose staff all moved to a successor lost
    # no jobs, it was restructured)
    superseded_by: tuple[str, ...] = ()

    def __post_init__(self):
        if (self.params is None) == (self.rows is None):
            raise ValueError(f"detector {self.name}: give either params or rows")

    def find(self, i: Inputs) -> list[Finding]:
        rows = self.rows(i) if self.rows else run(i.con, self.name, **self.params(i))
        found = [self.finding(r, i) for r in rows]
        if self.after:
            self.after(found, i)
        return found
