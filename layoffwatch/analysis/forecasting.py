"""Forecasts of the coming months (plan S3.1.3 大数据监测 “预测”, S2.3 预防为主; ADR 0105).

For the district, each town and each industry section: 参保人数, 岗位流失率 and 失业登记人数 one to
three months ahead, with 80 % and 95 % ranges.

- **Models**: the median of five standard forecasts from statsforecast — ETS, Theta, the seasonal
  naive (the same month a year before), the seasonal random walk (the last value moved as the
  same months moved a year before) and the last value — their ranges likewise the median of
  theirs. The registry's months have a strong year (the Spring Festival's losses and
  registrations, the trades' seasons) that a non-seasonal model cannot see on two years; the
  median of an odd number is always one member's forecast, the one in the middle. A series with fewer months than the
  dated minimum gets the simple forecast (the last value, its ranges from its month-to-month
  changes) and says so.
- **Reconciled**: the additive figures (参保人数, 失业登记人数) are reconciled with
  hierarchicalforecast (MinTrace, OLS) so that the towns add up to the district; employers the feeds
  found outside the registry are the district's and no town's, so they are a hidden part of the
  sum. A range keeps its width and moves with its reconciled forecast. Rates are not additive and
  are not reconciled; neither are sections (the plan's hierarchy is the towns').
- **Back-test, always**: rolling origin over the last months held (each origin fitted only on the
  months before it): MASE against the seasonal naive forecast and against the last value (the
  forecast's mean absolute error over theirs at the same points), and how often the 80 % range held
  the actual month.
- **Surprise**: the latest month's actual outside the 95 % range forecast a month before it, the
  bad way (参保人数 below, 岗位流失率 or 失业登记人数 above): the sudden rise S3.1.3 asks to catch.

The months are read through `indicators.month_indicators`, so a figure here is the figure of the
month page. A month whose feed was not imported ends a series' history (unknown, never 0).
"""

from __future__ import annotations

import datetime as dt
import math
import time
import warnings
from dataclasses import dataclass
from importlib.metadata import version

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layoffwatch.monitoring import lake

from .indicators import BY_KEY, DISTRICT, SECTION, TOWN, NoData, month_indicators, shift_period
from .params import forecast_rules

METRICS = ("insured", "job_loss_rate", "registrations")
ADDITIVE = ("insured", "registrations")
LEVELS = (80, 95)
# the bad way for each metric (a surprise is a move that way)
WORSE_UP = {"insured": False, "job_loss_rate": True, "registrations": True}
# the employers in no town (the district's, no town's): hidden in the reconciliation
OUTSIDE = "outside"
MODELS = ("AutoETS", "AutoTheta", "SeasonalNaive", "SeasonalRW", "Naive")
LIBRARIES = ("statsforecast", "hierarchicalforecast", "pandas", "numpy")
ENSEMBLE, SIMPLE = "ensemble", "simple"
METHODS = {
    ENSEMBLE: gettext_lazy("五种统计模型（ETS、Theta、季节朴素、季节随机游走、沿用上月）的中位数"),
    SIMPLE: gettext_lazy("简单预测（沿用上月数值）"),
}


class TooLittleHistory(ValueError):
    """Fewer months held than any forecast needs."""


@dataclass(frozen=True)
class SeriesKey:
    metric: str
    area: str
    code: str

    @property
    def id(self) -> str:
        return f"{self.metric}|{self.area}|{self.code}"


def held_months(period: str) -> list[str]:
    """The social-insurance months held up to `period`, the last run without a gap: a series'
    history is a run of consecutive months."""
    held = set(lake.lake_periods("social_insurance"))
    if period not in held:
        return []
    months = [period]
    while shift_period(months[0], -1) in held:
        months.insert(0, shift_period(months[0], -1))
    return months


def gather(period: str, *, max_months: int) -> tuple[list[str], dict[SeriesKey, list], dict]:
    """The months' figures: (months, {series: values aligned with months, None where unknown},
    {series: name}). One month_indicators per month."""
    months = held_months(period)[-max_months:]
    if not months:
        raise NoData(period)
    values: dict[SeriesKey, list] = {}
    names: dict[SeriesKey, str] = {}
    for i, month in enumerate(months):
        m = month_indicators(month)
        # a town's unknown month makes the employers in no town unknown that month (never 0)
        town_sum: dict[str, int | None] = {metric: 0 for metric in ADDITIVE}
        for row in m.rows:
            if row.area not in (DISTRICT, TOWN, SECTION):
                continue
            for metric in METRICS:
                key = SeriesKey(metric, row.area, row.code)
                values.setdefault(key, [None] * len(months))[i] = row.value(metric)
                names[key] = row.name
            if row.area == TOWN:
                for metric in ADDITIVE:
                    value = row.value(metric)
                    town_sum[metric] = (
                        None
                        if value is None or town_sum[metric] is None
                        else town_sum[metric] + value
                    )
        for metric in ADDITIVE:
            district = m.district.value(metric)
            key = SeriesKey(metric, OUTSIDE, "")
            values.setdefault(key, [None] * len(months))[i] = (
                None
                if district is None or town_sum[metric] is None
                else district - town_sum[metric]
            )
    return months, values, names


def _known_run(values: list) -> list:
    """The last run of known values (a gap ends a series' usable history)."""
    run: list = []
    for v in values:
        run = [] if v is None else [*run, float(v)]
    return run


def _frame(series: dict[str, list[float]], months: list[str]):
    import pandas as pd

    rows = []
    for uid, ys in series.items():
        start = len(months) - len(ys)
        rows += [(uid, pd.Timestamp(f"{months[start + i]}-01"), y) for i, y in enumerate(ys)]
    return pd.DataFrame(rows, columns=["unique_id", "ds", "y"])


def _models():
    from statsforecast.models import ARIMA, AutoETS, AutoTheta, Naive, SeasonalNaive

    # The year is in the members that read it off the same month a year before (the seasonal
    # naive and the seasonal random walk, ARIMA(0,1,0)(0,1,0)12); ETS stays non-seasonal (twelve
    # seasonal states on two or three years overfit), Theta tests for a year itself and uses it
    # once two are held. The last value is a member: for a headcount that moves like a random walk
    # it is the forecast to beat. ARIMA(0,1,1) with drift and CES were members until measured
    # (ADR 0105): each alone beat the last value on fewer than a third of the demo's series and
    # together they were three quarters of the run's time.
    return [
        AutoETS(season_length=1),
        AutoTheta(season_length=12),
        SeasonalNaive(season_length=12),
        ARIMA(order=(0, 1, 0), seasonal_order=(0, 1, 0), season_length=12, alias="SeasonalRW"),
        Naive(),
    ]


def _ensemble(series: dict[str, list[float]], months: list[str], h: int, n_jobs: int) -> dict:
    """{uid: [(mean, lo80, hi80, lo95, hi95) for each step]} from the median of the models."""
    import numpy as np
    from statsforecast import StatsForecast

    if not series:
        return {}
    frame = _frame(series, months)
    from statsforecast.models import Naive

    # a member that cannot fit a series (twelve months hold no seasonal difference) is the last value
    sf = StatsForecast(models=_models(), freq="MS", n_jobs=n_jobs, fallback_model=Naive())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fc = sf.forecast(df=frame, h=h, level=list(LEVELS))
    fc = (fc.reset_index() if "unique_id" not in fc.columns else fc).sort_values(
        ["unique_id", "ds"]
    )
    suffixes = ("", "-lo-80", "-hi-80", "-lo-95", "-hi-95")
    medians = np.column_stack(
        [np.nanmedian(fc[[f"{m}{s}" for m in MODELS]].to_numpy(float), axis=1) for s in suffixes]
    )
    out: dict[str, list] = {}
    for uid, row in zip(fc["unique_id"].astype(str), medians, strict=True):
        out.setdefault(uid, []).append(tuple(float(x) for x in row))
    return out


def _simple(ys: list[float], h: int) -> list[tuple]:
    """The last value; its ranges from the month-to-month changes (a random walk's), or none
    with fewer than three months."""
    last = ys[-1]
    changes = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    if len(changes) < 2:
        return [(last, None, None, None, None)] * h
    sd = math.sqrt(sum(c * c for c in changes) / len(changes))
    steps = []
    for k in range(1, h + 1):
        width = sd * math.sqrt(k)
        steps.append(
            (
                last,
                last - 1.2816 * width,
                last + 1.2816 * width,
                last - 1.96 * width,
                last + 1.96 * width,
            )
        )
    return steps


def _reconcile(
    fc: dict[str, list],
    history: dict[str, list[float]],
    months: list[str],
    incomplete: frozenset[str] = frozenset(),
) -> None:
    """Towns + the employers in no town = the district, for each additive metric (MinTrace OLS);
    each range moves with its forecast. In place; a metric whose parts are not all forecast by the
    ensemble is left as it is."""
    import numpy as np
    import pandas as pd
    from hierarchicalforecast.core import HierarchicalReconciliation
    from hierarchicalforecast.methods import MinTrace

    for metric in ADDITIVE:
        if metric in incomplete:  # a part's latest month is unknown: no sum to hold the towns to
            continue
        top = SeriesKey(metric, DISTRICT, "").id
        # a town (or the employers in no town) that never had anyone is no part: its 0 stays 0
        parts = sorted(
            uid
            for uid in fc
            if uid.startswith((f"{metric}|{TOWN}|", f"{metric}|{OUTSIDE}|"))
            and any(history.get(uid, []))
        )
        if top not in fc or not parts:
            continue
        h = len(fc[top])
        s = pd.DataFrame(np.vstack([np.ones(len(parts)), np.eye(len(parts))]), columns=parts)
        s.insert(0, "unique_id", [top, *parts])
        ds = pd.date_range(f"{shift_period(months[-1], 1)}-01", periods=h, freq="MS")
        y_hat = pd.DataFrame(
            [(uid, ds[k], fc[uid][k][0]) for uid in [top, *parts] for k in range(h)],
            columns=["unique_id", "ds", "median"],
        )
        tags = {"district": np.array([top]), "district/town": np.array(parts)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rec = HierarchicalReconciliation([MinTrace(method="ols")]).reconcile(
                Y_hat_df=y_hat, S_df=s, tags=tags
            )
        column = next(c for c in rec.columns if c.startswith("median/"))
        for uid, part in rec.groupby("unique_id", sort=False):
            new = part.sort_values("ds")[column].tolist()
            steps = []
            for k, value in enumerate(new):
                shift = value - fc[uid][k][0]
                steps.append(tuple(None if x is None else x + shift for x in fc[uid][k]))
            fc[str(uid)] = steps


def forecast_series(
    history: dict[str, list[float]],
    months: list[str],
    *,
    h: int,
    min_months: int,
    n_jobs: int,
    incomplete: frozenset[str] = frozenset(),
) -> tuple[dict[str, list], dict[str, str]]:
    """Forecasts `h` months after `months` for each series ({uid: known values ending at the last
    month}): ({uid: steps}, {uid: method})."""
    long = {uid: ys for uid, ys in history.items() if len(ys) >= min_months}
    fc = _ensemble(long, months, h, n_jobs)
    methods = {uid: ENSEMBLE for uid in fc}
    for uid, ys in history.items():
        if uid not in fc and ys:
            fc[uid] = _simple(ys, h)
            methods[uid] = SIMPLE
    _reconcile(fc, history, months, incomplete)
    for uid, steps in fc.items():
        metric = uid.split("|")[0]
        fc[uid] = [_clip(metric, step) for step in steps]
    return fc, methods


def _clip(metric: str, step: tuple) -> tuple:
    """No forecast or range below 0 (people and rates are not negative)."""
    return tuple(None if x is None else max(0.0, x) for x in step)


def backtest(
    history: dict[str, list[float]],
    months: list[str],
    *,
    h: int,
    windows: int,
    min_months: int,
    n_jobs: int,
    incomplete: frozenset[str] = frozenset(),
) -> tuple[dict[str, dict], dict[str, tuple]]:
    """Rolling origin over the last `windows` months: each origin's forecasts from the months before
    it only. Per series: MASE against the seasonal naive (12 months before) and the last value, the
    80 % range's coverage, and the number of points; None where a series had no point. With them,
    the last origin's forecast of the latest month ({uid: step}), the surprise's yardstick."""
    errors: dict[str, dict[str, list]] = {
        uid: {"model": [], "naive": [], "seasonal": [], "seasonal_model": [], "inside": []}
        for uid in history
    }
    n = len(months)
    latest: dict[str, tuple] = {}
    for origin in range(max(1, n - windows), n):
        cut = n - origin  # months left after the origin
        past = {uid: ys[: len(ys) - cut] for uid, ys in history.items() if len(ys) > cut}
        past = {uid: ys for uid, ys in past.items() if ys}
        if not past:
            continue
        steps = min(h, cut)
        fc, _methods = forecast_series(
            past,
            months[:origin],
            h=steps,
            min_months=min_months,
            n_jobs=n_jobs,
            incomplete=incomplete,
        )
        if origin == n - 1:
            latest = {uid: steps_[0] for uid, steps_ in fc.items()}
        for uid, ys in past.items():
            full = history[uid]
            for k in range(steps):
                actual = full[len(ys) + k] if len(ys) + k < len(full) else None
                if actual is None:
                    continue
                mean, lo80, hi80, _lo95, _hi95 = fc[uid][k]
                e = errors[uid]
                e["model"].append(abs(actual - mean))
                e["naive"].append(abs(actual - ys[-1]))
                season = len(ys) + k - 12
                if season >= 0:
                    e["seasonal"].append(abs(actual - full[season]))
                    e["seasonal_model"].append(abs(actual - mean))
                if lo80 is not None:
                    e["inside"].append(lo80 <= actual <= hi80)
    return {uid: _scores(e) for uid, e in errors.items()}, latest


def _ratio(a: list[float], b: list[float]) -> float | None:
    if not a or sum(b) == 0:
        return None
    return sum(a) / sum(b)


def _scores(e: dict[str, list]) -> dict:
    return {
        "points": len(e["model"]),
        "mase_naive": _ratio(e["model"], e["naive"]),
        "mase_seasonal": _ratio(e["seasonal_model"], e["seasonal"]),
        "coverage80": (sum(e["inside"]) / len(e["inside"])) if e["inside"] else None,
        "range_points": len(e["inside"]),
    }


def overall(scores: dict[str, dict]) -> dict:
    """The back-test over all series: the share with MASE < 1 (against the last value, and against
    the seasonal naive where a year was held) and the 80 % ranges' coverage over all points."""
    naive = [s["mase_naive"] for s in scores.values() if s["mase_naive"] is not None]
    seasonal = [s["mase_seasonal"] for s in scores.values() if s["mase_seasonal"] is not None]
    inside = sum(round((s["coverage80"] or 0) * s["range_points"]) for s in scores.values())
    points = sum(s["range_points"] for s in scores.values())
    share = lambda xs: (sum(x < 1 for x in xs) / len(xs)) if xs else None  # noqa: E731
    return {
        "series": len(scores),
        "scored_naive": len(naive),
        "mase_naive_below_1": share(naive),
        "scored_seasonal": len(seasonal),
        "mase_seasonal_below_1": share(seasonal),
        "coverage80": inside / points if points else None,
        "range_points": points,
    }


def _surprise(metric: str, actual, step: tuple | None) -> str:
    """ "up" or "down" where the month's actual left its 95 % range the bad way, else ""."""
    if actual is None or step is None or step[3] is None:
        return ""
    _mean, _lo80, _hi80, lo95, hi95 = step
    if WORSE_UP[metric] and actual > hi95:
        return "up"
    if not WORSE_UP[metric] and actual < lo95:
        return "down"
    return ""


def run_forecasts(period: str, *, n_jobs: int = 1) -> dict:
    """The forecasts after `period`, their back-test and the month's surprises, as a ForecastRun
    keeps them (ADR 0105). Raises NoData for a month not held, TooLittleHistory for fewer months
    than the simple forecast needs."""
    rules = forecast_rules(dt.date(int(period[:4]), int(period[5:7]), 1))
    started = time.perf_counter()
    months, values, names = gather(period, max_months=rules["max_months"])
    if len(months) < 2:
        raise TooLittleHistory(period)
    history = {key.id: _known_run(vs) for key, vs in values.items()}
    # a series' run must reach the last month: one that ended earlier is not forecast
    history = {uid: ys for uid, ys in history.items() if ys and values_last_known(values, uid)}
    # an additive metric one of whose towns (or the employers in no town) had people but whose
    # latest month is unknown is not reconciled: the known towns are not the district's parts
    incomplete = frozenset(
        key.metric
        for key, vs in values.items()
        if key.metric in ADDITIVE
        and key.area in (TOWN, OUTSIDE)
        and any(vs_ for vs_ in vs if vs_)
        and key.id not in history
    )
    h, min_months = rules["horizon"], rules["min_history_months"]
    fc, methods = forecast_series(
        history, months, h=h, min_months=min_months, n_jobs=n_jobs, incomplete=incomplete
    )
    scores, last_fc = backtest(
        history,
        months,
        h=h,
        windows=rules["backtest_windows"],
        min_months=min_months,
        n_jobs=n_jobs,
        incomplete=incomplete,
    )
    series = []
    for key, vs in values.items():
        uid = key.id
        if key.area == OUTSIDE:
            continue
        ys = history.get(uid, [])
        step = last_fc.get(uid)
        series.append(
            {
                "id": uid,
                "metric": key.metric,
                "area": key.area,
                "code": key.code,
                "name": names.get(key, ""),
                "history": vs,
                "method": methods.get(uid, ""),
                "months_used": len(ys),
                "forecast": [
                    dict(zip(("mean", "lo80", "hi80", "lo95", "hi95"), s, strict=True))
                    for s in fc.get(uid, [])
                ],
                "backtest": scores.get(uid),
                "last_month_forecast": (
                    dict(zip(("mean", "lo80", "hi80", "lo95", "hi95"), step, strict=True))
                    if step
                    else None
                ),
                "surprise": _surprise(key.metric, vs[-1], step),
            }
        )
    scored = {s["id"]: s["backtest"] for s in series if s["backtest"] and s["backtest"]["points"]}
    return {
        "months": months,
        "forecast_months": [shift_period(period, k) for k in range(1, h + 1)],
        "series": series,
        "backtest": overall(scored),
        "reconciled": sorted(set(ADDITIVE) - incomplete),
        "parameters": {**rules, "levels": list(LEVELS), "models": list(MODELS), "n_jobs": n_jobs},
        "versions": {name: version(name) for name in LIBRARIES},
        "seconds": round(time.perf_counter() - started, 2),
    }


def values_last_known(values: dict[SeriesKey, list], uid: str) -> bool:
    key = SeriesKey(*uid.split("|"))
    return values[key][-1] is not None


def metric_label(metric: str) -> str:
    return str(BY_KEY[metric].label)


def method_label(method: str) -> str:
    return str(METHODS.get(method, _("暂无数据")))
