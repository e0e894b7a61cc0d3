"""Enterprise risk ranking (plan S2.3 预防为先, S3.1.3 预测; ADR 0106): which enterprises are most
likely to cut 20 or more people in the next three months, to choose whom to visit first. It never
decides anything about an enterprise (no sanction, no credit finding): it orders visits.

1. `feature_table` (risk_features) builds enterprise × month features from the lake and records;
2. `train` fits a HistGradientBoostingClassifier (fixed seed) on the months whose three-month
   outcome is known, back-tests a twin fitted on the earlier of those months against the later
   ones (`backtest`), and stores both the final model and the back-test as a `RiskModel`;
3. `ranking` scores one month with a stored model, which refuses the months it may not score
   (those it learnt from, and those too long after its data: `RiskModel` window);
4. `reasons_of`: each enterprise's top three reasons, by occlusion: how much its probability
   falls when one feature is set to its typical value (the training median), the three largest
   falls that a plain sentence can state, each kept as data (`[feature, number]`) and said in the
   reader's language when shown (risk_reasons; docs/models.md).
"""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass, field

import joblib
import numpy as np
import pandas as pd
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score
from threadpoolctl import threadpool_limits

from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_datetime
from layoffwatch.monitoring.models import Signal

from .models import RiskModel
from .risk_features import (
    DETECTOR_KINDS,
    FEATURES,
    NOT_COUNTED,
    feature_table,
    first_known,
    month_index,
    shift,
    si_periods,
    with_outcome,
)
from .risk_reasons import reason_of

SEED = 20260223
HORIZON = 3  # months ahead the label looks (plan S2.3: act before the cut)
TOP = 20  # the visits a month's ranking is judged by (the bureau's visiting capacity)
# history: 3 months of features behind a month, 3 labelled months to learn and 3 to test on, and
# 3 months of outcome after the last of them
MIN_PERIODS = 3 + 3 + 3 + HORIZON
MIN_POSITIVES = 5  # cuts the training months must hold for anything to be learnt
STALE_AFTER = 2  # months after its data a model may still rank
REASONS_FOR = 1000  # reasons are worked out for the top this many of a month
MIN_REASON = 0.05  # a fall in log-odds smaller than this is no reason
PARAMETERS = {
    "learning_rate": 0.08,
    "max_iter": 150,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 20,
    "l2_regularization": 1.0,
    "early_stopping": False,
}


class RiskError(Exception):
    """A request the ranking refuses: its message (a msgid, the Chinese) and the message's
    values, said in the active language by str(), kept as they are by a queue job to be said
    again in its reader's (analysis.jobs)."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params

    def __str__(self) -> str:
        return _(self.message) % self.params if self.params else _(self.message)


@dataclass
class Ranked:
    enterprise_id: int
    uscc: str
    town_id: str
    probability: float
    rank: int
    # [[feature, number], …] (risk_reasons.reason_text says each in the active language)
    reasons: list[list] = field(default_factory=list)


# -- history ---------------------------------------------------------------------------------------


def too_little_history(periods: list[str] | None = None) -> RiskError | None:
    """Why the data cannot train a model yet (None when it can)."""
    periods = si_periods() if periods is None else periods
    if len(periods) < MIN_PERIODS:
        return RiskError(
            gettext_noop(
                "历史数据不足：社保参保缴费数据只有 %(have)s 个月，训练和回测至少需要连续 %(need)s 个月"
                "（3个月用于计算变化、各3个月用于训练和回测、另需3个月观察结果）"
            ),
            have=len(periods),
            need=MIN_PERIODS,
        )
    return None


def history_problem(periods: list[str] | None = None) -> str:
    """Why the data cannot train a model yet ("" when it can), in the active language."""
    problem = too_little_history(periods)
    return str(problem) if problem else ""


def _estimator(seed: int) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(random_state=seed, **PARAMETERS)


# why: on small tables OpenMP's thread start-up costs more than the work (a district's 1,000 rows
# took 5 s on two threads, 0.6 s on one); large ones (the benchmark's millions) use every core
PARALLEL_FROM_ROWS = 200_000


# why: the fit's time grows with the rows; past this many, every cut is kept and the months
# without one are sampled (seeded), each weighted by the inverse of its sampling rate so that the
# probabilities stay those of the whole table (200,000 enterprises × 24 months fit in a minute)
MAX_TRAIN_ROWS = 600_000


def _fit(seed: int, x: np.ndarray, y: np.ndarray) -> HistGradientBoostingClassifier:
    weight = None
    if len(x) > MAX_TRAIN_ROWS:
        positive = y > 0
        rate = max(0.01, (MAX_TRAIN_ROWS - positive.sum()) / max(1, (~positive).sum()))
        keep = positive | (np.random.default_rng(seed).random(len(x)) < rate)
        x, y = x[keep], y[keep]
        weight = np.where(y > 0, 1.0, 1.0 / rate)
    # a feature unknown in every month learnt from (a feed imported only lately) is a constant to
    # the model, not a column scikit-learn cannot bin; later months' values are then never split on
    unknown = np.isnan(x).all(axis=0)
    if unknown.any():
        x = x.copy()
        x[:, unknown] = 0.0
    with threadpool_limits(limits=None if len(x) >= PARALLEL_FROM_ROWS else 1):
        return _estimator(seed).fit(x, y, sample_weight=weight)


def _matrix(frame: pd.DataFrame) -> np.ndarray:
    return frame[list(FEATURES)].to_numpy(dtype=float)


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """The rows a model may learn from: outcome known, not the table's first month (no last month
    to compare it with)."""
    first = min(table["period"])
    return table[table["target"].notna() & (table["period"] > first)]


# -- training and back-test ------------------------------------------------------------------------


def _signal_scores() -> pd.DataFrame:
    return pd.DataFrame(
        Signal.objects.filter(enterprise__isnull=False, kind__in=DETECTOR_KINDS)
        .exclude(status__in=NOT_COUNTED)
        .values_list("enterprise__uscc", "period", "kind", "score"),
        columns=["uscc", "period", "kind", "score"],
    )


def _top_precision(month: pd.DataFrame, score: np.ndarray, rng) -> float:
    # ties (many enterprises share a score, e.g. no signal at all) are broken at random, seeded
    order = np.lexsort((rng.random(len(month)), -score))[:TOP]
    return float(month["target"].to_numpy()[order].mean())


def backtest(table: pd.DataFrame, *, seed: int = SEED, test_months: int | None = None) -> dict:
    """Fit on the earlier labelled months, judge month by month on the later ones: top-20
    precision, average precision, each against the month's base rate; the median lead (months)
    between the first month the enterprise was in the top 20 and the first direct report or
    detector signal of its cut; the best single detector's top-20 precision (ranking by its
    signal's score) as the baseline the model must beat."""
    rows = labelled(table)
    months = sorted(rows["period"].unique())
    n_test = test_months or max(3, len(months) // 3)
    # a test month sees only the outcomes known by then: its own three months ahead are not, so
    # neither are those of the HORIZON − 1 months before it; the twin learns from the months
    # before those
    if len(months) - n_test - (HORIZON - 1) < 3:
        raise RiskError(gettext_noop("历史数据不足：回测需要更多已知结果的月份"))
    train_months, test = months[: -n_test - (HORIZON - 1)], months[-n_test:]
    train = rows[rows["period"].isin(train_months)]
    if train["target"].sum() < MIN_POSITIVES:
        raise RiskError(
            gettext_noop(
                "历史数据不足：训练月份中20人以上的裁员只有 %(n)s 起，至少需要 %(need)s 起"
            ),
            n=int(train["target"].sum()),
            need=MIN_POSITIVES,
        )
    model = _fit(seed, _matrix(train), train["target"].to_numpy())
    rng = np.random.default_rng(seed)
    signals = _signal_scores()
    limits = threadpool_limits(limits=1)
    kinds = sorted(signals["kind"].unique()) if len(signals) else []
    per_month, top_ranked = [], {}
    baseline = {k: [] for k in kinds}
    for m in test:
        month = rows[rows["period"] == m].reset_index(drop=True)
        p = model.predict_proba(_matrix(month))[:, 1]
        base = float(month["target"].mean())
        ap = average_precision_score(month["target"], p) if month["target"].sum() else None
        per_month.append(
            {
                "period": m,
                "base_rate": base,
                "top_precision": _top_precision(month, p, rng),
                "ap": ap,
            }
        )
        order = np.argsort(-p, kind="stable")[:TOP]
        top_ranked[m] = set(month["uscc"].to_numpy()[order])
        for k in kinds:
            s = signals[(signals["kind"] == k) & (signals["period"] == m)]
            score = month["uscc"].map(s.groupby("uscc")["score"].max()).fillna(0).to_numpy()
            baseline[k].append(_top_precision(month, score, rng))
    limits.restore_original_limits()
    leads = _leads(table, test, top_ranked)
    base_rate = float(np.mean([r["base_rate"] for r in per_month]))
    aps = [r["ap"] for r in per_month if r["ap"] is not None]
    best_kind = max(baseline, key=lambda k: np.mean(baseline[k])) if baseline else ""
    result = {
        "train_months": [train_months[0], train_months[-1]],
        "test_months": [test[0], test[-1]],
        "months": per_month,
        "base_rate": base_rate,
        "top_precision": float(np.mean([r["top_precision"] for r in per_month])),
        "average_precision": float(np.mean(aps)) if aps else None,
        "median_lead": float(np.median(leads)) if leads else None,
        "events_caught": len(leads),
        "events": _events_in(table, test),
        "baseline_kind": best_kind,
        "baseline_top_precision": float(np.mean(baseline[best_kind])) if best_kind else 0.0,
    }
    result["checks"] = _checks(result)
    return result


def _events_in(table: pd.DataFrame, test: list[str]) -> int:
    lo, hi = shift(test[0], 1), shift(test[-1], HORIZON)
    return int(((table["label"] == 1) & (table["period"] >= lo) & (table["period"] <= hi)).sum())


def _leads(table: pd.DataFrame, test: list[str], top_ranked: dict[str, set]) -> list[int]:
    """For each cut after a test month: months from the first test month (in the three before
    it) it was in the top 20 to the first month a direct report or detector signal told of it."""
    periods = sorted(table["period"].unique())
    cuts = table.loc[table["label"] == 1, ["uscc", "period"]]
    known = first_known(periods, set(zip(cuts["uscc"], cuts["period"], strict=True)))
    leads = []
    for (uscc, month), heard in known.items():
        flagged = [m for m in test if shift(month, -HORIZON) <= m < month and uscc in top_ranked[m]]
        if flagged:
            leads.append(max(0, month_index(heard) - month_index(min(flagged))))
    return leads


def _checks(r: dict) -> dict:
    base = r["base_rate"] or 0
    return {
        "top_precision_3x": base > 0 and r["top_precision"] >= 3 * base,
        "average_precision_3x": base > 0 and (r["average_precision"] or 0) >= 3 * base,
        "median_lead_1": (r["median_lead"] or 0) >= 1,
        "beats_baseline": r["top_precision"] > r["baseline_top_precision"],
    }


def _typical(rows: pd.DataFrame) -> list[float | None]:
    """Each feature's training median; None for one never known (kept as JSON, which has no NaN)."""
    med = rows[list(FEATURES)].median(numeric_only=True)
    values = [float(med.get(f, np.nan)) for f in FEATURES]
    return [None if np.isnan(v) else v for v in values]


def train(*, at=None, requested_by=None, seed: int = SEED, table: pd.DataFrame | None = None):
    """Fit and store a model on every labelled month (with the back-test of its twin). Raises
    RiskError (Chinese) when the history is too short; nothing is written then."""
    started = time.monotonic()
    at = at or local_datetime()
    if table is None:
        problem = too_little_history()
        if problem:
            raise problem
        table = feature_table()
    table = with_outcome(table, HORIZON)
    rows = labelled(table)
    if rows.empty:
        raise too_little_history([]) or RiskError(gettext_noop("历史数据不足"))
    metrics = backtest(table, seed=seed)
    model = _fit(seed, _matrix(rows), rows["target"].to_numpy())
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    periods = sorted(table["period"].unique())
    typical = _typical(rows)
    latest = table[table["period"] == periods[-1]].reset_index(drop=True)
    ranked = _ranked(model, latest, typical)
    seconds = round(time.monotonic() - started, 2)
    with transaction.atomic():
        model = RiskModel.objects.create(
            first_period=periods[0],
            trained_until=max(rows["period"]),
            period=periods[-1],
            features=list(FEATURES),
            parameters=PARAMETERS | {"horizon": HORIZON, "typical": typical},
            ranking=[[r.enterprise_id, round(r.probability, 6), r.reasons] for r in ranked],
            metrics=metrics | {"rows": len(rows), "positives": int(rows["target"].sum())},
            seed=seed,
            created_at=at,
            # kept now: the start plus the time the work took (on the same clock as `at`)
            finished_at=at + dt.timedelta(seconds=seconds),
            requested_by=requested_by,
            blob=buffer.getvalue(),
            seconds=seconds,
        )
        audit_record(
            action="create",
            actor=requested_by,
            obj=model,
            summary=f"训练风险排序模型（{model.first_period}至{model.period}的数据）",
            after={"checks": metrics.get("checks"), "seed": seed},
        )
    return model


# -- scoring ---------------------------------------------------------------------------------------


def window(model: RiskModel) -> tuple[str, str]:
    """The months a model may rank: after those it learnt from, up to STALE_AFTER months after
    the last month of data it saw."""
    return shift(model.trained_until, 1), shift(model.period, STALE_AFTER)


def refuse_outside(model: RiskModel, period: str) -> None:
    first, last = window(model)
    if list(model.features) != list(FEATURES):
        raise RiskError(
            gettext_noop("风险排序模型（%(first)s至%(until)s）的特征与当前版本不一致，请重新训练"),
            first=model.first_period,
            until=model.trained_until,
        )
    if not first <= period <= last:
        raise RiskError(
            gettext_noop(
                "月份：风险排序模型用 %(first)s 至 %(until)s 的数据训练（数据截止 %(data)s），"
                "只能为 %(lo)s 至 %(hi)s 排序，不能为 %(period)s 排序；请用该月的数据重新训练"
            ),
            first=model.first_period,
            until=model.trained_until,
            data=model.period,
            lo=first,
            hi=last,
            period=period,
        )


def model_for(period: str) -> RiskModel | None:
    """The latest model whose window holds `period`, else the latest model."""
    models = list(RiskModel.objects.all()[:20])
    for m in models:
        lo, hi = window(m)
        if lo <= period <= hi and list(m.features) == list(FEATURES):
            return m
    return models[0] if models else None


def load(model: RiskModel) -> HistGradientBoostingClassifier:
    return joblib.load(io.BytesIO(bytes(model.blob)))


def ranking(
    *, period: str, model: RiskModel | None = None, table: pd.DataFrame | None = None
) -> list[Ranked]:
    """Every registry enterprise ranked for `period` by the probability of a cut of 20+ in the
    next three months, the top REASONS_FOR with their top three reasons."""
    if table is None:
        periods = si_periods()
        if period not in periods:
            raise RiskError(
                gettext_noop("月份：%(period)s 没有社保参保缴费数据，无法排序"), period=period
            )
    model = model or model_for(period)
    if model is None:
        raise RiskError(gettext_noop("还没有训练风险排序模型：请先训练（需要足够的历史数据）"))
    refuse_outside(model, period)
    table = feature_table() if table is None else table
    month = table[table["period"] == period].reset_index(drop=True)
    if month.empty:
        raise RiskError(
            gettext_noop("月份：%(period)s 没有社保参保缴费数据，无法排序"), period=period
        )
    return _ranked(load(model), month, model.parameters["typical"])


def _ranked(estimator, month: pd.DataFrame, typical: list[float]) -> list[Ranked]:
    with threadpool_limits(limits=None if len(month) >= PARALLEL_FROM_ROWS else 1):
        return _ranked_now(estimator, month, typical)


def _ranked_now(estimator, month: pd.DataFrame, typical: list[float]) -> list[Ranked]:
    x = _matrix(month)
    p = estimator.predict_proba(x)[:, 1]
    order = np.argsort(-p, kind="stable")
    explained = order[:REASONS_FOR]
    reasons = reasons_of(estimator, x[explained], p[explained], typical)
    said = dict(zip(explained.tolist(), reasons, strict=True))
    return [
        Ranked(
            enterprise_id=int(month.at[i, "enterprise_id"]),
            uscc=str(month.at[i, "uscc"]),
            town_id=str(month.at[i, "town_id"]),
            probability=float(p[i]),
            rank=rank,
            reasons=said.get(int(i), []),
        )
        for rank, i in enumerate(order.tolist(), start=1)
    ]


def reasons_of(
    estimator, x: np.ndarray, p: np.ndarray, typical: list[float | None]
) -> list[list[list]]:
    """Occlusion: for each feature, the fall of each row's probability when that feature is set
    to its typical value (in log-odds); the three largest falls (≥ MIN_REASON) that can be said in
    words, each as [feature, number] (risk_reasons.reason_of)."""
    if len(x) == 0:
        return []
    # why the log-odds, not the probability: near 1 the probability saturates, and one feature set
    # to typical moves it too little to tell the reasons apart
    score = estimator.decision_function(x)
    falls = np.zeros_like(x)
    for j in range(x.shape[1]):
        swapped = x.copy()
        swapped[:, j] = np.nan if typical[j] is None else typical[j]
        falls[:, j] = score - estimator.decision_function(swapped)
    out = []
    for row, fall in zip(x, falls, strict=True):
        values = dict(zip(FEATURES, row.tolist(), strict=True))
        said = []
        for j in np.argsort(-fall, kind="stable"):
            if fall[j] < MIN_REASON or len(said) == 3:
                break
            # siblings (stopped, stopped_share) say one sentence once
            reason = reason_of(FEATURES[j], values)
            if reason and reason not in said:
                said.append(reason)
        out.append(said)
    return out
