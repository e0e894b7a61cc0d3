"""plan S3.1.3 社保断缴: a month's stoppages at an employer judged against its own recent months
(ADR 0095). The flows of a month (who left and how, who came) are sql/mass_stoppage.sql; the
leavers are the evidence (sql/mass_stoppage_evidence.sql) and each stoppage is checked against the
layoff reports (sql/reconciliation.sql, S3.1.1 vs S3.1.3).

Three kinds of finding: `mass_stoppage` (a partial mass separation), `workforce_stop` (the whole
workforce stopped: closure or arrears) and `restructuring` (most went to one employer).

Why the baseline: a large employer loses 1–2 % of its staff every month and hires as many again;
counted alone, those 30–60 leavers look like a mass layoff every month. What is unusual is the
*net* loss (leavers less hires: the fall in headcount) beyond what the employer usually loses net in its last
`baseline_months` months (`usual_net_loss`, never below 0: a growing employer is not owed a
layoff). A one-off cut of 20 at the same employer still shows, as a net loss of about 20 above
its usual; so does a closure.
"""

from __future__ import annotations

from statistics import fmean

from django.utils.translation import gettext_noop as N_

from layoffwatch.core.recorded import Recorded, listed, recorded
from layoffwatch.monitoring.detection import (
    Detector,
    Feed,
    Finding,
    Inputs,
    doublings,
    plain,
    run,
    score,
    shift,
)
from layoffwatch.monitoring.reconciliation import Stoppage, layoff_size, reconcile, scored

EVIDENCE_ROWS = 200  # leavers kept per employer as evidence on the signal


def _flows(i: Inputs, period: str, *, employers: list[str] | None = None) -> list[dict]:
    """sql/mass_stoppage.sql for `period` against the month before: every employer with at least
    `min_cut` leavers (employers=None), or each of `employers` (a baseline month)."""
    s = i.t["stoppage"]
    before = i.existing("social_insurance", [shift(period, -2)])
    prev_path = i.path("social_insurance", shift(period, -1))
    return run(
        i.con,
        "mass_stoppage",
        prev_path=prev_path,
        cur_path=i.path("social_insurance", period),
        before_path=before[0] if before else prev_path,
        have_before=bool(before),
        all=employers is None,
        employers=employers or [""],
        min_rows=i.t["min_cut"],
        retire_male=s["retirement_age_male"],
        retire_female=s["retirement_age_female"],
        exclude_short=s["exclude_short_contract_end"],
    )


def _baselines(i: Inputs, employers: list[str]) -> dict[str, list[dict]]:
    """The flows of each employer in its last `baseline_months` months that the lake holds."""
    out: dict[str, list[dict]] = {e: [] for e in employers}
    if not employers:
        return out
    for back in range(1, i.t["stoppage"]["baseline_months"] + 1):
        month = shift(i.period, -back)
        if len(i.existing("social_insurance", [shift(month, -1), month])) < 2:
            break  # the months before a gap do not count: the baseline is the recent past
        for row in _flows(i, month, employers=employers):
            out[row["employer_uscc"]].append(row)
    return out


def judged(r: dict, baseline: list[dict], t: dict) -> dict:
    """One employer's month against its baseline: the row with `kind` (or None), the usual flows
    and `unusual_loss`, the net loss beyond its usual (the estimated size of a layoff).

    The net loss is the fall in headcount (leavers − hires): hires replace quits, job changes and
    retirements alike, so only the whole flow cancels ordinary turnover. A layoff is never larger
    than the separations themselves, so the estimate is capped there (an unreplaced retirement
    wave does not become a layoff)."""
    s, min_cut = t["stoppage"], t["min_cut"]
    net = r["leavers"] - r["hires"]
    usual_net = max(0.0, fmean(b["leavers"] - b["hires"] for b in baseline)) if baseline else 0.0
    out = {
        **r,
        "net_loss": net,
        "baseline_months": len(baseline),
        "unusual_loss": max(0, min(r["separations"], round(net - usual_net))),
        "rate": round(r["separations"] / r["headcount_before"], 4),
    }
    if baseline:  # unknown stays unknown: no "usual" figure without months to take it from
        out["usual_separations"] = round(fmean(b["separations"] for b in baseline), 1)
        out["usual_hires"] = round(fmean(b["hires"] for b in baseline), 1)
        out["usual_net_loss"] = round(usual_net, 1)
    whole = r["leavers"] >= s["workforce_stop_share"] * r["headcount_before"]
    if (
        whole
        and r["leavers"] >= min_cut
        and r["moved_to_count"] >= s["restructuring_share"] * r["leavers"]
    ):
        kind = "restructuring"
    elif whole and r["separations"] >= min_cut:
        kind = "workforce_stop"
    elif r["separations"] >= min_cut and out["unusual_loss"] >= s["unusual_share"] * min_cut:
        kind = "mass_stoppage"
    else:
        kind = None
    return {**out, "kind": kind}


def graded(i: Inputs) -> list[dict]:
    """The month's graded rows (kind set), most separations first; the benchmark times this."""
    rows = _flows(i, i.period)
    baselines = _baselines(i, [r["employer_uscc"] for r in rows])
    found = [judged(r, baselines[r["employer_uscc"]], i.t) for r in rows]
    return [r for r in found if r["kind"]]


def points(r: dict, min_cut: int) -> float:
    """The risk score (0–100) of a graded row, before the reconciliation bonus (ADR 0095).

    size: the loss against the one-time-cut threshold, on a log scale (a cut of 20 → 0, 40 → 1,
    80 → 2 …: doubling a layoff adds as much as the step from 20 to 40); share: the loss as a part
    of last month's workforce. A mass stoppage scores 40 + 10·size + 30·share, a whole-workforce
    stop 50 + 8·size (the whole workforce: the share is the largest there is, so the base is
    higher and the slope gentler). So a cut of 20 at a large employer scores about 40, a closure
    of 20 scores 50, a cut of 60 at a mid-sized employer about 60, a closure of 600 about 90, and
    only a loss of several hundred people that is most of the workforce reaches 100. The reconciliation adds 10 (nobody reported it) or 5
    (fewer reported than lost)."""
    if r["kind"] == "restructuring":
        return 10.0  # nobody lost their insurance: kept for the record, ranked last
    if r["kind"] == "workforce_stop":
        return score(50 + 8 * doublings(r["separations"], min_cut))
    loss = max(r["unusual_loss"], 1)
    share = loss / r["headcount_before"]
    return score(40 + 10 * doublings(loss, min_cut) + 30 * share)


def finding(r: dict, i: Inputs) -> Finding:
    kind = r["kind"]
    if kind == "restructuring":
        summary = recorded(
            N_("%(enterprise)s 整体划转：%(moved)s/%(before)s 人转到 %(to)s"),
            enterprise=r["employer_uscc"],
            moved=r["moved_to_count"],
            before=r["headcount_before"],
            to=r["moved_to"],
        )
    elif kind == "workforce_stop":
        summary = recorded(
            N_(
                "%(enterprise)s 全员停缴：社保数据 %(prev)s 参保 %(before)s 人，"
                "%(period)s %(leavers)s 人停缴（%(how)s；关停或欠缴）"
            ),
            enterprise=r["employer_uscc"],
            prev=i.prev,
            before=r["headcount_before"],
            period=i.period,
            leavers=r["leavers"],
            how=_how_they_left(r),
        )
    else:
        summary = recorded(
            N_(
                "%(enterprise)s 社保断缴 %(separations)s 人（社保数据 %(prev)s 参保 %(before)s 人的 "
                "%(rate)s%%），新增 %(hires)s 人，%(usual)s"
            ),
            enterprise=r["employer_uscc"],
            separations=r["separations"],
            prev=i.prev,
            before=r["headcount_before"],
            rate=f"{float(r['rate']) * 100:.1f}",
            hires=r["hires"],
            usual=_against_usual(r),
        )
    figures = plain(r)
    if kind != "restructuring":  # one or two leavers at the same new employer is no transfer
        figures.pop("moved_to"), figures.pop("moved_to_count")
    return Finding(
        kind=kind,
        summary=summary,
        employer_uscc=r["employer_uscc"],
        count=r["moved_to_count"] if kind == "restructuring" else r["separations"],
        score=points(r, i.t["min_cut"]),
        figures=figures,
    )


# how the leavers left: each a msgid with the number (离职减员 12 人)
HOW = (
    ("separations", N_("离职减员 %(n)s 人")),
    ("retirements", N_("退休 %(n)s 人")),
    ("job_changes", N_("到其他单位参保 %(n)s 人")),
    ("short_contracts", N_("季节性合同到期 %(n)s 人")),
    ("deaths", N_("死亡 %(n)s 人")),
    ("transfers_out", N_("转出 %(n)s 人")),
)


def _how_they_left(r: dict) -> Recorded:
    return recorded(
        N_("其中%(items)s"),
        items=listed(recorded(words, n=r[key]) for key, words in HOW if r[key]),
    )


def _against_usual(r: dict) -> Recorded:
    if not r["baseline_months"]:
        return recorded(N_("净减少 %(n)s 人（无前几个月数据可比）"), n=r["net_loss"])
    return recorded(
        N_(
            "前 %(months)s 个月平均每月断缴 %(separations)s 人、新增 %(hires)s 人，"
            "本月超出常态的净减员约 %(unusual)s 人"
        ),
        months=r["baseline_months"],
        separations=f"{r['usual_separations']:g}",
        hires=f"{r['usual_hires']:g}",
        unusual=r["unusual_loss"],
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
    """reported / under_reported / unreported (monitoring.reconciliation, the one rule); the
    score adds what the match adds, from the base kept in the figures so that a later match
    (a report arriving) can re-score the signal."""
    r = i.t["reconciliation"]
    outcomes = reconcile(
        i.con,
        [
            Stoppage(f.employer_uscc, layoff_size(f.kind, f.count, f.figures), i.start, i.end)
            for f in stoppages
        ],
        window_days=r["window_days"],
        under_report_share=r["under_report_share"],
    )
    for f in stoppages:
        outcome = outcomes[f.employer_uscc]
        f.reconciliation = outcome["outcome"]
        f.figures["reconciliation"] = outcome
        f.figures["base_score"] = f.score
        f.score = scored(f.score, outcome["outcome"])


DETECTOR = Detector(
    name="mass_stoppage",
    order=10,
    feed=Feed("social_insurance", "参保缴费明细", months=2),
    thresholds=("min_cut", "stoppage", "reconciliation"),
    tables=("_reports",),
    queries=("mass_stoppage_evidence", "reconciliation"),
    rows=graded,
    finding=finding,
    after=after,
)
