"""plan S3.1.3 社保断缴: people who contributed at an employer last month and not this month,
classified (sql/mass_stoppage.sql), with the leavers as evidence (sql/mass_stoppage_evidence.sql)
and each stoppage checked against the layoff reports (sql/reconciliation.sql, S3.1.1 vs S3.1.3).

One query, three kinds of finding: `mass_stoppage` (a partial mass separation), `workforce_stop`
(the whole workforce stopped: closure or arrears) and `restructuring` (most went to one employer).
"""

from __future__ import annotations

import pyarrow as pa

from layoffwatch.monitoring.detection import (
    Detector,
    Feed,
    Finding,
    Inputs,
    plain,
    run,
    score,
    stoppage_params,
)

EVIDENCE_ROWS = 200  # leavers kept per employer as evidence on the signal


def params(i: Inputs) -> dict:
    return stoppage_params(
        i.t, i.path("social_insurance", i.prev), i.path("social_insurance", i.period)
    )


def finding(r: dict, i: Inputs) -> Finding:
    kind, min_cut = r["kind"], i.t["min_cut"]
    if kind == "restructuring":
        summary = f"{r['employer_uscc']} 整体划转：{r['moved_to_count']}/{r['headcount_before']} 人转到 {r['moved_to']}"
        points = 10.0
    elif kind == "workforce_stop":
        summary = f"{r['employer_uscc']} 全员停缴：上月参保 {r['headcount_before']} 人，本月 {r['separations']} 人停缴（关停或欠缴）"
        points = score(50 + r["separations"] / min_cut * 10)
    else:
        summary = f"{r['employer_uscc']} 社保断缴 {r['separations']} 人（占 {float(r['rate']) * 100:.1f}%）"
        points = score(r["separations"] / min_cut * 25 + float(r["rate"]) * 50)
    return Finding(
        kind=kind,
        summary=summary,
        employer_uscc=r["employer_uscc"],
        count=r["moved_to_count"] if kind == "restructuring" else r["separations"],
        score=points,
        figures=plain(r),
    )


def after(found: list[Finding], i: Inputs) -> None:
    """The leavers behind each finding; then the stoppages against the layoff reports."""
    evidence = _evidence(i, [f.employer_uscc for f in found])
    for f in found:
        f.evidence = evidence.get(f.employer_uscc, [])
    _reconcile(i, [f for f in found if f.kind in ("mass_stoppage", "workforce_stop")])


def _evidence(i: Inputs, employers: list[str]) -> dict[str, list]:
    if not employers:
        return {}
    rows = run(
        i.con,
        "mass_stoppage_evidence",
        prev_path=i.path("social_insurance", i.prev),
        cur_path=i.path("social_insurance", i.period),
        employers=employers,
    )
    out: dict[str, list] = {}
    for r in rows:
        bucket = out.setdefault(r.pop("employer_uscc"), [])
        if len(bucket) < EVIDENCE_ROWS:
            bucket.append(plain(r))
    return out


def _reconcile(i: Inputs, stoppages: list[Finding]) -> None:
    """reported / under_reported / unreported; a stoppage nobody reported scores higher."""
    if not stoppages:
        return
    i.con.register(
        "_findings",
        pa.table(
            {
                "employer_uscc": [f.employer_uscc for f in stoppages],
                "separations": pa.array([f.count for f in stoppages], pa.int64()),
                "period_start": pa.array([i.start] * len(stoppages), pa.date32()),
                "period_end": pa.array([i.end] * len(stoppages), pa.date32()),
            }
        ),
    )
    r = i.t["reconciliation"]
    outcomes = {
        row["employer_uscc"]: row
        for row in run(
            i.con,
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
            f.score = score(f.score + 10)
        elif row["outcome"] == "under_reported":
            f.score = score(f.score + 5)


DETECTOR = Detector(
    name="mass_stoppage",
    order=10,
    feed=Feed("social_insurance", "参保缴费明细", months=2),
    thresholds=("min_cut", "stoppage", "reconciliation"),
    tables=("_reports",),
    queries=("mass_stoppage_evidence", "reconciliation"),
    params=params,
    finding=finding,
    after=after,
)
