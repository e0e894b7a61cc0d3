"""Run the SQL detectors of sql/ for one period over the lake; return findings (no database writes).

Each detector is one .sql file with $named parameters; the thresholds come from params.py (and the
one-time-cut threshold from the policy). Registry facts that live in the app database (flags,
layoff reports, monthly reports) are passed in as Arrow tables by the caller (selectors.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa

from . import lake

SQL_DIR = Path(__file__).resolve().parent / "sql"
EVIDENCE_ROWS = 200


@cache
def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con, name: str, **params) -> list[dict]:
    cursor = con.execute(sql(name), params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass
class Finding:
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

    @property
    def subject(self) -> str:
        return self.employer_uscc or self.town_code or self.industry_code or "district"

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("evidence")
        data["evidence_rows"] = len(self.evidence)
        return _plain(data)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "as_integer_ratio") and not isinstance(value, (int, float)):
        return float(value)  # Decimal
    return value


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    start = dt.datetime.strptime(period, "%Y-%m").date()
    nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, nxt - dt.timedelta(days=1)


def shift(period: str, months: int) -> str:
    start = dt.datetime.strptime(period, "%Y-%m").date()
    index = start.year * 12 + start.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _existing(kind: str, periods: list[str]) -> list[str]:
    return [str(lake.lake_path(kind, p)) for p in periods if lake.lake_path(kind, p).exists()]


def _score(value: float) -> float:
    return round(max(0.0, min(100.0, value)), 1)


@dataclass
class Context:
    """What the database knows, as Arrow tables (built by selectors.detection_context)."""

    registry: pa.Table  # uscc, insured_headcount, is_labour_intensive, is_key_sample
    industries: pa.Table  # code, labour_intensive
    reports: pa.Table  # uscc, receipt_no, planned_cut, first_wave, last_wave
    monthly: (
        pa.Table
    )  # uscc, period, wages_paid_in_full, wage_arrears_months, wage_arrears_amount, headcount

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


def stoppage_params(t: dict, prev_path: str, cur_path: str) -> dict:
    s = t["stoppage"]
    return {
        "prev_path": prev_path,
        "cur_path": cur_path,
        "min_cut": t["min_cut"],
        "retire_male": s["retirement_age_male"],
        "retire_female": s["retirement_age_female"],
        "restructuring_share": s["restructuring_share"],
        "workforce_stop_share": s["workforce_stop_share"],
        "exclude_short": s["exclude_short_contract_end"],
    }


def detect_period(*, period: str, thresholds: dict, context: Context, con=None) -> dict:  # noqa: C901 — to split: one function per feed (pyproject.toml list)
    """Every detector for `period`; returns {"findings": [...], "skipped": {detector: reason}}."""
    con = con or lake.connect()
    con.register("_registry", context.registry)
    con.register("_industries", context.industries)
    con.register("_reports", context.reports)
    con.register("_monthly", context.monthly)
    t = thresholds
    start, end = month_bounds(period)
    prev = shift(period, -1)
    findings: list[Finding] = []
    skipped: dict[str, str] = {}

    # -- social insurance: stoppage, restructuring, workforce stop, reconciliation, key samples
    si_prev, si_cur = (
        lake.lake_path("social_insurance", prev),
        lake.lake_path("social_insurance", period),
    )
    if si_prev.exists() and si_cur.exists():
        rows = run(con, "mass_stoppage", **stoppage_params(t, str(si_prev), str(si_cur)))
        evidence = _stoppage_evidence(
            con, t, str(si_prev), str(si_cur), [r["employer_uscc"] for r in rows]
        )
        stoppages = []
        for r in rows:
            kind = r["kind"]
            count = r["moved_to_count"] if kind == "restructuring" else r["separations"]
            if kind == "restructuring":
                summary = f"{r['employer_uscc']} 整体划转：{r['moved_to_count']}/{r['headcount_before']} 人转到 {r['moved_to']}"
                score = 10.0
            elif kind == "workforce_stop":
                summary = f"{r['employer_uscc']} 全员停缴：上月参保 {r['headcount_before']} 人，本月 {r['separations']} 人停缴（关停或欠缴）"
                score = _score(50 + r["separations"] / t["min_cut"] * 10)
            else:
                summary = f"{r['employer_uscc']} 社保断缴 {r['separations']} 人（占 {float(r['rate']) * 100:.1f}%）"
                score = _score(r["separations"] / t["min_cut"] * 25 + float(r["rate"]) * 50)
            f = Finding(
                kind=kind,
                summary=summary,
                employer_uscc=r["employer_uscc"],
                count=count,
                score=score,
                figures=_plain(r),
                evidence=evidence.get(r["employer_uscc"], []),
            )
            findings.append(f)
            if kind in ("mass_stoppage", "workforce_stop"):
                stoppages.append(f)
        _reconcile(con, t, stoppages, start, end)
        rate = t["distress"]["key_sample_job_loss_rate"]
        for r in run(
            con, "key_sample_job_loss", prev_path=str(si_prev), cur_path=str(si_cur), rate=rate
        ):
            findings.append(
                Finding(
                    kind="key_sample_job_loss",
                    summary=f"{r['employer_uscc']} 重点样本企业岗位流失率 {float(r['job_loss_rate']) * 100:.1f}%（{r['headcount_before']}→{r['headcount_now']}）",
                    employer_uscc=r["employer_uscc"],
                    count=r["jobs_lost"],
                    score=_score(float(r["job_loss_rate"]) / rate * 20),
                    figures=_plain(r),
                )
            )
    else:
        skipped["mass_stoppage"] = f"缺少 {prev} 或 {period} 的参保缴费明细"

    # -- unemployment registration: claims cluster, surge by town
    reg_periods = [shift(period, -i) for i in range(0, 4)]
    reg_paths = _existing("unemployment_registration", reg_periods)
    if lake.lake_path("unemployment_registration", period).exists():
        c = t["claims"]
        for r in run(
            con,
            "claims_cluster",
            paths=reg_paths[:2],
            window_days=c["window_days"],
            min_count=c["min_count"],
            period_start=start,
            period_end=end,
        ):
            findings.append(
                Finding(
                    kind="claims_cluster",
                    summary=f"{r['employer_uscc']} {c['window_days']} 天内 {r['registrations']} 人办理失业登记",
                    employer_uscc=r["employer_uscc"],
                    count=r["registrations"],
                    score=_score(r["registrations"] / c["min_count"] * 30),
                    figures=_plain(r),
                )
            )
        a = t["area"]
        base_months = max(len(reg_paths) - 1, 1)
        for r in run(
            con,
            "registration_surge",
            paths=reg_paths,
            period=period,
            base_months=base_months,
            min_count=a["registration_surge_min"],
            ratio=a["registration_surge_ratio"],
        ):
            findings.append(
                Finding(
                    kind="registration_surge",
                    summary=f"{r['town_code']} 本月失业登记 {r['registrations']} 人（前 {base_months} 个月平均 {r['baseline']}）",
                    town_code=r["town_code"],
                    count=r["registrations"],
                    score=_score(20 + r["registrations"] / max(float(r["baseline"]), 1) * 10),
                    figures=_plain(r),
                )
            )
    else:
        skipped["claims_cluster"] = f"缺少 {period} 的失业登记"

    # -- business registration
    br = lake.lake_path("business_registration", period)
    if br.exists():
        si_paths = _existing("social_insurance", [prev, period])
        d = t["distress"]
        rows = (
            run(
                con, "business_event", si_paths=si_paths, path=str(br), min_insured=d["min_insured"]
            )
            if si_paths
            else _business_without_si(con, str(br), d["min_insured"])
        )
        for r in rows:
            findings.append(
                Finding(
                    kind="business_event",
                    summary=f"{r['employer_uscc']} {EVENT_LABELS.get(r['event'], r['event'])}（参保 {r['insured']} 人）",
                    employer_uscc=r["employer_uscc"],
                    count=r["insured"],
                    score=_score(30 + r["insured"] / d["min_insured"] * 10),
                    figures=_plain(r),
                )
            )
    else:
        skipped["business_event"] = f"缺少 {period} 的市场监管变更"

    # -- tax
    tax_prev, tax_cur = lake.lake_path("tax", prev), lake.lake_path("tax", period)
    if tax_prev.exists() and tax_cur.exists():
        share = t["distress"]["tax_drop_share"]
        for r in run(
            con, "tax_drop", prev_path=str(tax_prev), cur_path=str(tax_cur), drop_share=share
        ):
            findings.append(
                Finding(
                    kind="tax_drop",
                    summary=f"{r['employer_uscc']} 营业收入环比下降 {float(r['drop_share']) * 100:.0f}%（劳动密集型）",
                    employer_uscc=r["employer_uscc"],
                    score=_score(float(r["drop_share"]) * 60),
                    figures=_plain(r),
                )
            )
    else:
        skipped["tax_drop"] = f"缺少 {prev} 或 {period} 的税务数据"

    # -- monthly reports (database): wage arrears
    for r in run(
        con, "wage_arrears", period=period, min_months=t["distress"]["wage_arrears_months"]
    ):
        findings.append(
            Finding(
                kind="wage_arrears",
                summary=f"{r['employer_uscc']} 月报欠薪 {r['wage_arrears_months']} 个月",
                employer_uscc=r["employer_uscc"],
                count=r["headcount"],
                score=_score(30 + r["wage_arrears_months"] * 15),
                figures=_plain(r),
            )
        )

    # -- area signals
    a = t["area"]
    rate_paths = _existing(
        "unemployment_rate", [shift(period, -i) for i in range(a["baseline_months"], -1, -1)]
    )
    if lake.lake_path("unemployment_rate", period).exists():
        for r in run(
            con,
            "town_rate_jump",
            paths=rate_paths,
            period=period,
            prev_period=prev,
            jump_points=a["rate_jump_points"],
            baseline_points=a["baseline_jump_points"],
        ):
            jump = max(float(r["jump_month"] or 0), float(r["jump_baseline"] or 0))
            findings.append(
                Finding(
                    kind="town_rate_jump",
                    summary=f"{r['town_code']} 调查失业率 {r['rate']}%（上月 {r['rate_last_month']}%，基线 {r['baseline']}%）",
                    town_code=r["town_code"],
                    score=_score(jump * 30),
                    figures=_plain(r),
                )
            )
    else:
        skipped["town_rate_jump"] = f"缺少 {period} 的调查失业率"
    hr_paths = _existing("hr_market", [prev, period])
    if len(hr_paths) == 2:
        for r in run(
            con,
            "vacancy_ratio_fall",
            paths=hr_paths,
            period=period,
            prev_period=prev,
            fall_share=a["vacancy_ratio_fall_share"],
        ):
            findings.append(
                Finding(
                    kind="vacancy_ratio_fall",
                    summary=f"{r['town_code'] or '全区'} 求人倍率 {r['ratio_last_month']}→{r['ratio']}",
                    town_code=r["town_code"],
                    score=_score((1 - float(r["ratio"]) / float(r["ratio_last_month"])) * 100),
                    figures=_plain(r),
                )
            )
    else:
        skipped["vacancy_ratio_fall"] = f"缺少 {prev} 或 {period} 的人力资源市场供求"
    cap_prev, cap_cur = (
        lake.lake_path("industry_capacity", prev),
        lake.lake_path("industry_capacity", period),
    )
    if cap_prev.exists() and cap_cur.exists():
        for r in run(
            con,
            "capacity_fall",
            prev_path=str(cap_prev),
            cur_path=str(cap_cur),
            fall_points=a["capacity_fall_points"],
        ):
            findings.append(
                Finding(
                    kind="capacity_fall",
                    summary=f"行业 {r['industry_code']} 产能利用率 {r['utilisation_last_month']}%→{r['utilisation']}%",
                    industry_code=r["industry_code"],
                    score=_score(float(r["fall_points"]) * 3),
                    figures=_plain(r),
                )
            )
    else:
        skipped["capacity_fall"] = f"缺少 {prev} 或 {period} 的行业产能"
    return {"findings": findings, "skipped": skipped}


EVENT_LABELS = {
    "deregistered": "注销",
    "revoked": "吊销",
    "abnormal": "列入经营异常",
    "bankruptcy": "破产",
    "suspended": "歇业",
    "moved_out": "迁出",
}


def _business_without_si(con, path: str, min_insured: int) -> list[dict]:
    cursor = con.execute(
        "SELECT b.employer_uscc, b.event, b.event_date, coalesce(r.insured_headcount, 0) AS insured "
        "FROM read_parquet($path) AS b LEFT JOIN _registry AS r ON r.uscc = b.employer_uscc "
        "WHERE b.event IN ('deregistered', 'revoked', 'bankruptcy', 'abnormal') "
        "AND coalesce(r.insured_headcount, 0) >= $min ORDER BY insured DESC, b.employer_uscc",
        {"path": path, "min": min_insured},
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _stoppage_evidence(con, t, prev_path: str, cur_path: str, employers: list[str]) -> dict:
    if not employers:
        return {}
    rows = run(
        con, "mass_stoppage_evidence", prev_path=prev_path, cur_path=cur_path, employers=employers
    )
    out: dict[str, list] = {}
    for r in rows:
        bucket = out.setdefault(r.pop("employer_uscc"), [])
        if len(bucket) < EVIDENCE_ROWS:
            bucket.append(_plain(r))
    return out


def _reconcile(con, t: dict, stoppages: list[Finding], start: dt.date, end: dt.date) -> None:
    if not stoppages:
        return
    con.register(
        "_findings",
        pa.table(
            {
                "employer_uscc": [f.employer_uscc for f in stoppages],
                "separations": pa.array([f.count for f in stoppages], pa.int64()),
                "period_start": pa.array([start] * len(stoppages), pa.date32()),
                "period_end": pa.array([end] * len(stoppages), pa.date32()),
            }
        ),
    )
    r = t["reconciliation"]
    outcomes = {
        row["employer_uscc"]: row
        for row in run(
            con,
            "reconciliation",
            window_days=r["window_days"],
            under_report_share=r["under_report_share"],
        )
    }
    for f in stoppages:
        row = outcomes[f.employer_uscc]
        f.reconciliation = row["outcome"]
        f.figures["reconciliation"] = {
            "outcome": row["outcome"],
            "reported": int(row["reported"]),
            "receipts": (row["receipts"] or "").split(",") if row["receipts"] else [],
        }
        if row["outcome"] == "unreported":
            f.score = _score(f.score + 10)
        elif row["outcome"] == "under_reported":
            f.score = _score(f.score + 5)
