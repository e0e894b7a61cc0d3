"""The enterprise × month table the risk ranking learns from (plan S2.3 预防为先, S3.1.3 预测; ADR
0106): what foretold a cut, read once per feed for all enterprises and months.

Each row is one registry enterprise at the end of one month (`period`); every feature uses only
what was known by then. The lake's feeds are read with one DuckDB query per feed over all its
month files (not one per enterprise or month); the platform's own records (signals, direct
reports, monthly reports, rights cases, clues) with one query per model. docs/models.md lists the
features with their meaning; `FEATURES` is their order in the model.

Known by the end of month M (00:00 local on the 1st of M+1, `core.clock`): a record counts in M
only if it was there by then — a monthly report by its `submitted_at` (and the version of it in
force then: each correction is a new version with its own time), a clue by its filing (`at`), a
detector signal by its `created_at` and with the status it had then (its SignalEvent history;
dismissed or merged after M, it still stood in M). A monthly report that came after its due day
was missed in the month it fell due. Not yet as known then: a rights case counts from its
`received_at` (it keeps no time of entry), and the monthly-report obligation (key sample, watch
list) is today's (no history of it is kept); docs/models.md, limits.

`labels` marks the month an enterprise cut 20 or more people (`LABEL_MIN_CUT`): a counted layoff
report of 20+, a mass-stoppage signal of 20+ that was not dismissed or merged, or a closure (a
report of closure, a whole-workforce stop, deregistration, revocation or bankruptcy) — or a net
fall in the lake's insured headcount of 20+ that is also 5 % of last month's (`LAKE_CUT_SHARE`): the
stoppage the detector finds, for the months it did not run on (the history before the platform).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

import numpy as np
import pandas as pd
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from layoffwatch.core.clock import local_month, month_after, month_start
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring import lake
from layoffwatch.monitoring.models import Clue, Signal, SignalEvent
from layoffwatch.reporting.models import LayoffReport, MonthlyReport
from layoffwatch.reporting.selectors import due_date, obliged_enterprises, reports_counted
from layoffwatch.rights.models import RightsCase

# plan S3.1.1 / the alert levels' lowest bracket: a cut of 20 or more is a 规模性裁员
LABEL_MIN_CUT = 20
# a net fall in the lake of LABEL_MIN_CUT or more that is also this share of last month's insured
# (so that a large employer's ordinary month, its leavers replaced, is no cut)
LAKE_CUT_SHARE = 0.05
# a person's contribution base falling by this share or more at the same employer is a wage cut
BASE_CUT_SHARE = 0.10
CLOSURE_EVENTS = ("deregistered", "revoked", "bankruptcy")
OTHER_EVENTS = ("abnormal", "suspended", "moved_out")
NOT_COUNTED = (Signal.Status.DISMISSED, Signal.Status.MERGED)
DETECTOR_KINDS = (
    Signal.Kind.MASS_STOPPAGE,
    Signal.Kind.WORKFORCE_STOP,
    Signal.Kind.TAX_DROP,
    Signal.Kind.BUSINESS_EVENT,
    Signal.Kind.CLAIMS_CLUSTER,
    Signal.Kind.WAGE_ARREARS,
    Signal.Kind.KEY_SAMPLE_JOB_LOSS,
)

# the model's inputs, in order (docs/models.md describes each)
FEATURES = (
    "insured",
    "insured_change_3m",
    "stopped",
    "stopped_share",
    "dismissed",
    "contract_ended",
    "base_cuts",
    "base_cut_share",
    "contribution_gap",
    "revenue_change_1m",
    "revenue_change_3m",
    "business_events",
    "capacity_fall",
    "claims",
    "claims_3m",
    "arrears_cases_3m",
    "arrears_workers_3m",
    "disputes_3m",
    "monthly_missed",
    "monthly_missed_3m",
    "reported_arrears_months",
    "planned_cuts_next",
    "clues_3m",
    "signals_3m",
    "detector_score",
)


def month_index(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def period_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def shift(period: str, months: int) -> str:
    return period_of(month_index(period) + months)


def si_periods() -> list[str]:
    """The social-insurance months in the lake: the table's months."""
    return lake.lake_periods("social_insurance")


def _paths(kind: str) -> list[str]:
    return [str(lake.lake_path(kind, p)) for p in lake.lake_periods(kind)]


def _month_sql(column: str = "filename") -> str:
    # the month is the file's (the lake's `<YYYY-MM>.parquet`): the same for both file forms
    return f"regexp_extract({column}, '(\\d{{4}}-\\d{{2}})\\.parquet$', 1)"


# -- the lake, one query per feed ------------------------------------------------------------------


def _social_insurance(con, paths: list[str]) -> pd.DataFrame:
    """Per employer and month: insured, leavers (there last month, not this), leavers dismissed or
    at contract end (变动原因, where the file has it), contribution-base cuts of 10%+."""
    if not paths:
        return pd.DataFrame(columns=["uscc", "period"])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE si AS "
        f"SELECT person_key AS p, employer_uscc AS e, {_month_sql()} AS period, "
        "contribution_base AS base, change_type IS NOT DISTINCT FROM 'remove' AS removed, "
        "change_reason AS reason "
        "FROM read_parquet($paths, union_by_name = true, filename = true)",
        {"paths": paths},
    )
    columns = {r[0] for r in con.execute("DESCRIBE si").fetchall()}
    assert {"p", "e", "period"} <= columns
    return con.execute(
        """
        WITH months AS (SELECT DISTINCT period FROM si),
        ordered AS (SELECT period, row_number() OVER (ORDER BY period) AS m FROM months),
        active AS (
            SELECT si.p, si.e, o.m, si.base FROM si JOIN ordered AS o USING (period)
            WHERE NOT si.removed
        ),
        moves AS (
            SELECT e, m,
                lead(m) OVER w AS next_m,
                base, lag(base) OVER w AS base_before, lag(m) OVER w AS m_before
            FROM active WINDOW w AS (PARTITION BY p, e ORDER BY m)
        ),
        heads AS (
            SELECT e, m, count(*) AS insured,
                count(*) FILTER (WHERE m_before = m - 1 AND base_before > 0
                    AND base <= base_before * (1 - $cut)) AS base_cuts
            FROM moves GROUP BY e, m
        ),
        leavers AS (
            -- a person who left after month m is a leaver of month m + 1 (not after the last month)
            SELECT e, m + 1 AS m, count(*) AS stopped FROM moves
            WHERE (next_m IS NULL OR next_m > m + 1) AND m < (SELECT max(m) FROM ordered)
            GROUP BY e, m + 1
        ),
        reasons AS (
            SELECT si.e, o.m,
                count(*) FILTER (WHERE reason = 'dismissal') AS dismissed,
                count(*) FILTER (WHERE reason = 'contract_end') AS contract_ended
            FROM si JOIN ordered AS o USING (period) WHERE si.removed GROUP BY si.e, o.m
        ),
        cells AS (
            SELECT e, m FROM heads UNION SELECT e, m FROM leavers UNION SELECT e, m FROM reasons
        )
        SELECT c.e AS uscc, o.period,
            coalesce(h.insured, 0) AS insured, coalesce(h.base_cuts, 0) AS base_cuts,
            coalesce(l.stopped, 0) AS stopped, coalesce(r.dismissed, 0) AS dismissed,
            coalesce(r.contract_ended, 0) AS contract_ended
        FROM cells AS c JOIN ordered AS o ON o.m = c.m
        LEFT JOIN heads AS h ON h.e = c.e AND h.m = c.m
        LEFT JOIN leavers AS l ON l.e = c.e AND l.m = c.m
        LEFT JOIN reasons AS r ON r.e = c.e AND r.m = c.m
        """,
        {"cut": BASE_CUT_SHARE},
    ).df()


def _tax(con, paths: list[str]) -> pd.DataFrame:
    if not paths:
        return pd.DataFrame(columns=["uscc", "period", "revenue"])
    return con.execute(
        f"SELECT employer_uscc AS uscc, {_month_sql()} AS period, sum(revenue) AS revenue "
        "FROM read_parquet($paths, union_by_name = true, filename = true) GROUP BY ALL",
        {"paths": paths},
    ).df()


def _business(con, paths: list[str]) -> pd.DataFrame:
    if not paths:
        return pd.DataFrame(columns=["uscc", "period", "business_events", "closures"])
    return con.execute(
        f"SELECT employer_uscc AS uscc, {_month_sql()} AS period, "
        "count(*) FILTER (WHERE event IN (SELECT unnest($other))) AS business_events, "
        "count(*) FILTER (WHERE event IN (SELECT unnest($closure))) AS closures "
        "FROM read_parquet($paths, union_by_name = true, filename = true) GROUP BY ALL",
        {"paths": paths, "other": list(OTHER_EVENTS), "closure": list(CLOSURE_EVENTS)},
    ).df()


def _capacity(con, paths: list[str]) -> pd.DataFrame:
    """Per industry and month: the fall of capacity utilisation against last month (points)."""
    if not paths:
        return pd.DataFrame(columns=["industry_code", "period", "capacity_fall"])
    return con.execute(
        f"""
        WITH u AS (
            SELECT industry_code, {_month_sql()} AS period, avg(value) AS value
            FROM read_parquet($paths, union_by_name = true, filename = true)
            WHERE indicator = 'utilisation' GROUP BY ALL
        )
        SELECT industry_code, period,
            greatest(0, lag(value) OVER (PARTITION BY industry_code ORDER BY period) - value)
                AS capacity_fall
        FROM u
        """,
        {"paths": paths},
    ).df()


def _claims(con, paths: list[str]) -> pd.DataFrame:
    if not paths:
        return pd.DataFrame(columns=["uscc", "period", "claims"])
    return con.execute(
        f"SELECT last_employer_uscc AS uscc, {_month_sql()} AS period, count(*) AS claims "
        "FROM read_parquet($paths, union_by_name = true, filename = true) "
        "WHERE last_employer_uscc IS NOT NULL GROUP BY ALL",
        {"paths": paths},
    ).df()


# -- the platform's records, one query per model ---------------------------------------------------


def _counts(rows, key=lambda r: 1) -> dict:
    out: dict = defaultdict(float)
    for uscc, period, *rest in rows:
        out[(uscc, period)] += key(rest)
    return out


@functools.cache
def _month_end(period: str) -> dt.datetime:
    """The instant Tongnan's month `period` ends (00:00 local on the next month's first day): a
    record counts in the month's features only if it was there before this."""
    return month_start(month_after(period))


def _day_end(day: dt.date) -> dt.datetime:
    """The instant Tongnan's day `day` ends (00:00 local on the next day)."""
    return timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time()), timezone.get_default_timezone()
    )


def _in_force(versions: list[tuple], before: dt.datetime):
    """The version (number, submitted, withdrawn, *figures) of a report in force at `before`: the
    highest submitted before it and not withdrawn by then; None if none was."""
    standing = [v for v in versions if v[1] < before and (v[2] is None or v[2] >= before)]
    return max(standing, key=lambda v: v[0]) if standing else None


def _monthly_reports(periods: list[str]) -> dict[str, dict]:
    """The monthly reports as known at the end of each month (ADR 0042: month P's report is due
    on the due day of P+1, so P+1's features read it).

    `monthly_missed` of P+1: an obliged enterprise whose report for P was not in by the end of its
    due day (local) — one filed later was still missed then. `reported_arrears_months` and
    `planned_cuts_next` come from the version in force at the end of the month the report was
    first known: P+1 when it came by then, else the month it came (its declared arrears then; its
    planned cuts were for P+1, a month gone, and are not read). One query reads every version."""
    known = set(periods)
    versions: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for uscc, period, *version in MonthlyReport.objects.filter(
        period__gte=shift(periods[0], -1), period__lt=periods[-1]
    ).values_list(
        "enterprise__uscc",
        "period",
        "version",
        "submitted_at",
        "withdrawn_at",
        "wage_arrears_months",
        "planned_cuts_next",
    ):
        versions[(uscc, period)].append(tuple(version))
    due_ends = {}
    reported_arrears, planned = defaultdict(float), defaultdict(float)
    on_time = set()
    for (uscc, period), rows in versions.items():
        due_month = shift(period, 1)
        if period not in due_ends:
            due_ends[period] = _day_end(due_date(period))
        if _in_force(rows, due_ends[period]) is not None:
            on_time.add((uscc, due_month))
        first = min(v[1] for v in rows)
        month = max(due_month, local_month(first))
        if month not in known:
            continue
        version = _in_force(rows, _month_end(month))
        if version is None:
            continue
        reported_arrears[(uscc, month)] = max(reported_arrears[(uscc, month)], version[3] or 0)
        if month == due_month:
            planned[(uscc, month)] += version[4] or 0
    obliged = obliged_enterprises().values_list("uscc", flat=True)
    missed = {(u, p): 1.0 for u in obliged for p in periods if (u, p) not in on_time}
    return {
        "reported_arrears_months": reported_arrears,
        "planned_cuts_next": planned,
        "monthly_missed": missed,
    }


def _clues(periods: list[str]) -> dict[tuple[str, str], float]:
    """`clues_3m` of month F: clues received in F−2 … F that were filed (`at`) by the end of F."""
    known, clues = set(periods), defaultdict(float)
    for uscc, day, at in Clue.objects.filter(
        enterprise__isnull=False,
        received_on__gte=dt.date.fromisoformat(f"{shift(periods[0], -2)}-01"),
    ).values_list("enterprise__uscc", "received_on", "at"):
        received = f"{day:%Y-%m}"
        for k in range(3):
            month = shift(received, k)
            if month in known and local_month(at) <= month:
                clues[(uscc, month)] += 1
    return clues


def signals_known(periods: list[str]) -> pd.DataFrame:
    """Each detector signal about an enterprise as it stood at the end of each month F of
    `periods` from its own month to two months after: found by then (`created_at`), not yet
    dismissed or merged (its SignalEvent history: those two are final, so the first event moving
    it there dates it; a signal closed without one, by its `updated_at`), with the score in force
    then (the finding's event and each re-run's keep the score in their data). Columns uscc, period (the signal's month),
    month (F), kind, score. Two queries (signals, their re-scores), whatever the enterprises."""
    columns = ["uscc", "period", "month", "kind", "score"]
    if not periods:
        return pd.DataFrame(columns=columns)
    closing = SignalEvent.objects.filter(signal=OuterRef("pk"), to_status__in=NOT_COUNTED)
    signals = (
        Signal.objects.filter(
            enterprise__isnull=False,
            kind__in=DETECTOR_KINDS,
            period__gte=shift(periods[0], -2),
            period__lte=periods[-1],
        )
        .annotate(closed_at=Subquery(closing.order_by("at", "pk").values("at")[:1]))
        .values_list(
            "pk",
            "enterprise__uscc",
            "period",
            "kind",
            "score",
            "created_at",
            "status",
            "updated_at",
            "closed_at",
        )
    )
    rescored: dict[int, list[tuple]] = defaultdict(list)
    for pk, at, score in (
        SignalEvent.objects.filter(
            signal__enterprise__isnull=False,
            signal__kind__in=DETECTOR_KINDS,
            signal__period__gte=shift(periods[0], -2),
            data__has_key="score",
        )
        .order_by("at", "pk")
        .values_list("signal_id", "at", "data__score")
    ):
        rescored[pk].append((at, score))
    known, rows = set(periods), []
    for pk, uscc, period, kind, score, created, status, updated, closed in signals:
        if closed is None and status in NOT_COUNTED:
            closed = updated
        for k in range(3):
            month = shift(period, k)
            if month not in known:
                continue
            end = _month_end(month)
            if created >= end or (closed is not None and closed < end):
                continue
            scores = rescored.get(pk)
            if scores:
                # found before the finding's event kept its score: until its first re-run (whose
                # event keeps it) the score is not kept, and that re-run's stands for it
                score = next((s for at, s in reversed(scores) if at < end), scores[0][1])
            rows.append((uscc, period, month, kind, score))
    return pd.DataFrame(rows, columns=columns)


def _records(periods: list[str]) -> dict[str, dict]:
    """The platform's records as known at the end of each month of `periods`: {feature: {(uscc,
    month): value}}."""
    cases = RightsCase.objects.values_list(
        "enterprise__uscc", "received_at", "kind", "dispute_type", "workers_involved"
    ).filter(enterprise__isnull=False)
    arrears, arrears_workers, disputes = defaultdict(float), defaultdict(float), defaultdict(float)
    # a case counts from the month it was received: it has no time of entry of its own
    # (docs/models.md, limits)
    for uscc, at, kind, dispute, workers in cases:
        key = (uscc, local_month(at))
        if kind == RightsCase.Kind.WAGE_ARREARS or dispute == RightsCase.DisputeType.WAGES:
            arrears[key] += 1
            arrears_workers[key] += workers or 0
        else:
            disputes[key] += 1
    signals, score = defaultdict(float), defaultdict(float)
    for uscc, period, month, s in signals_known(periods)[
        ["uscc", "period", "month", "score"]
    ].itertuples(index=False):
        signals[(uscc, month)] += 1
        if period == month:
            score[(uscc, month)] = max(score[(uscc, month)], s or 0)
    return {
        "arrears_cases": arrears,
        "arrears_workers": arrears_workers,
        "disputes": disputes,
        **_monthly_reports(periods),
        "clues_3m": _clues(periods),
        "signals_3m": signals,
        "detector_score": score,
    }


def events(periods: list[str]) -> dict[tuple[str, str], list[str]]:
    """{(uscc, month): [what]} of the cuts of 20+ (the label), each with what showed it: "report"
    (a counted layoff report, by the month it was submitted), "stoppage" (a mass-stoppage signal)
    or "closure"."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    reports = reports_counted(LayoffReport.objects.all()).values_list(
        "enterprise__uscc", "submitted_at", "planned_cut", "is_closure"
    )
    for uscc, at, cut, closure in reports:
        if closure:
            out[(uscc, local_month(at))].append("closure")
        elif (cut or 0) >= LABEL_MIN_CUT:
            out[(uscc, local_month(at))].append("report")
    for uscc, period, kind, count in (
        Signal.objects.filter(
            enterprise__isnull=False,
            kind__in=(Signal.Kind.MASS_STOPPAGE, Signal.Kind.WORKFORCE_STOP),
        )
        .exclude(status__in=NOT_COUNTED)
        .values_list("enterprise__uscc", "period", "kind", "count")
    ):
        if kind == Signal.Kind.WORKFORCE_STOP:
            out[(uscc, period)].append("closure")
        elif (count or 0) >= LABEL_MIN_CUT:
            out[(uscc, period)].append("stoppage")
    return out


def first_known(
    periods: list[str], cuts: set[tuple[str, str]] = frozenset()
) -> dict[tuple[str, str], str]:
    """{(uscc, month): first month} the platform heard of trouble without the model: a direct
    report or any detector signal for the enterprise in the three months up to a cut's month (the
    cut's own month where nothing told of it before). `cuts` adds cuts only the lake shows."""
    heard: dict[str, set[str]] = defaultdict(set)
    for uscc, at in reports_counted(LayoffReport.objects.all()).values_list(
        "enterprise__uscc", "submitted_at"
    ):
        heard[uscc].add(local_month(at))
    for uscc, period in (
        Signal.objects.filter(enterprise__isnull=False, kind__in=DETECTOR_KINDS)
        .exclude(status__in=NOT_COUNTED)
        .values_list("enterprise__uscc", "period")
    ):
        heard[uscc].add(period)
    out = {}
    for uscc, month in set(events(periods)) | set(cuts):
        window = [m for m in heard[uscc] if shift(month, -3) <= m <= month]
        out[(uscc, month)] = min(window) if window else month
    return out


# -- the table -------------------------------------------------------------------------------------


def _rolling(frame: pd.DataFrame, column: str, months: int) -> pd.Series:
    return frame.groupby("uscc", sort=False)[column].transform(
        lambda s: s.rolling(months, min_periods=1).sum()
    )


def _lagged(frame: pd.DataFrame, column: str, months: int) -> pd.Series:
    return frame.groupby("uscc", sort=False)[column].shift(months)


def feature_table(periods: list[str] | None = None) -> pd.DataFrame:
    """The registry's enterprises × the lake's social-insurance months, with `FEATURES`, the
    enterprise's `town_id`, its `label` (a cut of 20+ in that very month; see `with_outcome`)."""
    periods = periods or si_periods()
    registry = pd.DataFrame(
        Enterprise.objects.filter(is_hr_agency=False).values_list(
            "pk", "uscc", "town_id", "industry_id"
        ),
        columns=["enterprise_id", "uscc", "town_id", "industry_id"],
    )
    if not periods or registry.empty:
        return pd.DataFrame(columns=["enterprise_id", "uscc", "period", *FEATURES, "label"])
    grid = registry.merge(pd.DataFrame({"period": periods}), how="cross")
    con = lake.connect()
    try:
        si = _social_insurance(con, _paths("social_insurance"))
        tax = _tax(con, _paths("tax"))
        business = _business(con, _paths("business_registration"))
        capacity = _capacity(con, _paths("industry_capacity"))
        claims = _claims(con, _paths("unemployment_registration"))
    finally:
        con.close()
    t = grid.merge(si, on=["uscc", "period"], how="left")
    t = t.merge(tax, on=["uscc", "period"], how="left")
    t = t.merge(business, on=["uscc", "period"], how="left")
    t = t.merge(claims, on=["uscc", "period"], how="left")
    if not capacity.empty:
        # the capacity feed is by GB/T 4754 大类 (2 digits): an enterprise's class begins with it
        t["division"] = t["industry_id"].astype(str).str[:2]
        capacity = capacity.rename(columns={"industry_code": "division"})
        capacity["division"] = capacity["division"].astype(str).str[:2]
        capacity = capacity.groupby(["division", "period"], as_index=False)["capacity_fall"].max()
        t = t.merge(capacity, on=["division", "period"], how="left")
    else:
        t["capacity_fall"] = 0.0
    t = t.sort_values(["uscc", "period"], kind="stable").reset_index(drop=True)
    for column in (
        "insured",
        "stopped",
        "dismissed",
        "contract_ended",
        "base_cuts",
        "business_events",
        "closures",
        "claims",
        "capacity_fall",
    ):
        t[column] = pd.to_numeric(t[column], errors="coerce").fillna(0.0) if column in t else 0.0
    insured_before = _lagged(t, "insured", 1)
    insured_3m = _lagged(t, "insured", 3)
    t["revenue"] = pd.to_numeric(t.get("revenue"), errors="coerce") if "revenue" in t else np.nan
    t["insured_change_3m"] = np.where(insured_3m > 0, t["insured"] / insured_3m - 1, np.nan)
    t["stopped_share"] = np.where(insured_before > 0, t["stopped"] / insured_before, np.nan)
    t["base_cut_share"] = np.where(t["insured"] > 0, t["base_cuts"] / t["insured"], np.nan)
    # a month with no contribution at all after one with contributions: 欠缴 or a stop
    t["contribution_gap"] = ((insured_before > 0) & (t["insured"] == 0)).astype(float)
    revenue_1 = _lagged(t, "revenue", 1)
    revenue_3 = _lagged(t, "revenue", 3)
    t["revenue_change_1m"] = np.where(revenue_1 > 0, t["revenue"] / revenue_1 - 1, np.nan)
    t["revenue_change_3m"] = np.where(revenue_3 > 0, t["revenue"] / revenue_3 - 1, np.nan)
    t["claims_3m"] = _rolling(t, "claims", 3)
    records = _records(periods)
    keys = list(zip(t["uscc"], t["period"], strict=True))
    for name, values in records.items():
        t[name] = [values.get(k, 0.0) for k in keys]
    t["arrears_cases_3m"] = _rolling(t, "arrears_cases", 3)
    t["arrears_workers_3m"] = _rolling(t, "arrears_workers", 3)
    t["disputes_3m"] = _rolling(t, "disputes", 3)
    t["monthly_missed_3m"] = _rolling(t, "monthly_missed", 3)
    happened = events(periods)
    # the fall the lake shows: a stoppage the detector would find, for the months before it ran
    net_fall = insured_before - t["insured"]
    lake_cut = (net_fall >= LABEL_MIN_CUT) & (net_fall >= LAKE_CUT_SHARE * insured_before)
    t["label"] = [
        1 if (k in happened or c > 0 or fell) else 0
        for k, c, fell in zip(keys, t["closures"], lake_cut, strict=True)
    ]
    return t


def with_outcome(table: pd.DataFrame, horizon: int = 3) -> pd.DataFrame:
    """`table` with `target`: a cut of 20+ in the next 1–`horizon` months (NaN where those months
    are not all in the data yet: such a month's outcome is not known)."""
    t = table.sort_values(["uscc", "period"], kind="stable").reset_index(drop=True)
    last = max(t["period"]) if len(t) else None
    ahead = sum(
        t.groupby("uscc", sort=False)["label"].shift(-k).fillna(0) for k in range(1, horizon + 1)
    )
    t["target"] = (ahead > 0).astype(float)
    if last is not None:
        known = t["period"].map(month_index) <= month_index(last) - horizon
        t.loc[~known, "target"] = np.nan
    return t
