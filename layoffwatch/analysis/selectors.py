"""Reads of the situation analysis (plan S6.1): whose month it is, the months that hold data, the
charts. Every figure comes from `indicators.month_indicators` (one selector for each figure)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from layoffwatch.accounts.roles import Role
from layoffwatch.core.charts import PEOPLE, PERCENT, chart, people
from layoffwatch.core.clock import local_month
from layoffwatch.monitoring import lake
from layoffwatch.reference.industry_sections import SECTION_NAMES, industry_name_shown

from .forecasting import METRICS, SIMPLE
from .indicators import (
    AREAS,
    BY_KEY,
    DISTRICT,
    SECTION,
    TOWN,
    MonthIndicators,
    NoData,
    month_indicators,
    shift_period,
)
from .models import ForecastRun

TREND_MONTHS = 12


def analysis_town(user) -> str | None:
    """The town a user's analysis covers (a liaison's), None for the whole district."""
    return user.town_id if user.role == Role.TOWN_LIAISON else None


def may_read_analysis(user) -> bool:
    """District-wide roles read the district's analysis, a town liaison their town's."""
    return user.is_district_wide or (user.role == Role.TOWN_LIAISON and bool(user.town_id))


def months_with_data() -> list[str]:
    """The months some feed was imported for, newest first."""
    periods = set()
    for kind in ("social_insurance", "unemployment_registration", "hr_market"):
        periods.update(lake.lake_periods(kind))
    return sorted(periods, reverse=True)


def default_period() -> str:
    """The newest month the social-insurance feed covers; without one, last month."""
    covered = lake.lake_periods("social_insurance")
    return covered[-1] if covered else shift_period(local_month(), -1)


def trend(m: MonthIndicators, *, months: int = TREND_MONTHS) -> list[MonthIndicators]:
    """The months up to `m` that hold data, oldest first (at most `months`)."""
    out = [m]
    for back in range(1, months):
        try:
            out.append(month_indicators(shift_period(m.period, -back), town=m.town))
        except NoData:
            continue
    return list(reversed(out))


def _figure(value, url=""):
    return {"value": value, "url": url}


def month_charts(m: MonthIndicators, months: list[MonthIndicators]) -> list[dict]:
    """The month page's charts: the trend of 参保人数 and 岗位流失人数, the towns by 岗位流失率, and
    the industry sections' 参保人数 and 岗位流失人数."""
    url = lambda p: reverse("analysis:month", args=[p])  # noqa: E731
    charts = [
        chart(
            "trend",
            _("参保人数与岗位流失人数（近%(n)s个月）") % {"n": len(months)},
            categories=[x.period for x in months],
            series=[
                {
                    "name": _("参保人数"),
                    "colour": "#0d6efd",
                    "data": [_figure(x.district.value("insured"), url(x.period)) for x in months],
                },
                {
                    "name": _("岗位流失人数"),
                    "colour": "#dc3545",
                    "data": [
                        _figure(x.district.value("job_losses"), url(x.period)) for x in months
                    ],
                },
            ],
            category_axis=_("月份"),
            value_axis=_("人"),
            unit=PEOPLE,
        )
    ]
    towns = sorted(
        m.area(TOWN),
        key=lambda r: (r.value("job_loss_rate") is None, -(r.value("job_loss_rate") or 0)),
    )
    if towns:
        charts.append(
            chart(
                "town-rates",
                _("各镇街岗位流失率"),
                categories=[r.name for r in towns],
                series=[
                    {
                        "name": _("岗位流失率"),
                        "colour": "#fd7e14",
                        "data": [_percent(r.value("job_loss_rate")) for r in towns],
                    }
                ],
                category_axis=_("镇街"),
                value_axis="%",
                unit=PERCENT,
                horizontal=True,
                decimals=1,
            )
        )
    sections = m.area(SECTION)
    charts.append(
        chart(
            "sections",
            _("各行业门类参保人数与岗位流失人数"),
            categories=[r.name for r in sections],
            series=[
                {
                    "name": _("参保人数"),
                    "colour": "#0d6efd",
                    "data": [_figure(r.value("insured")) for r in sections],
                },
                {
                    "name": _("岗位流失人数"),
                    "colour": "#dc3545",
                    "data": [_figure(r.value("job_losses")) for r in sections],
                },
            ],
            category_axis=_("行业门类"),
            value_axis=_("人"),
            unit=PEOPLE,
            horizontal=True,
        )
    )
    return charts


def _percent(rate):
    return _figure(None if rate is None else round(rate * 100, 1))


# --- forecasts (plan S3.1.3 预测, ADR 0105) -------------------------------------------------------

FORECAST_HISTORY = 12  # months of actuals drawn before the forecast
NOT_APPLICABLE = "—"


def area_name(s: dict) -> str:
    """A series' area as the page's language says it: the district's name is the interface's, a
    section's its letter and name in the reader's language (ADR 0100), a town's as stored."""
    if s["area"] == DISTRICT:
        return str(AREAS[DISTRICT])
    if s["area"] == SECTION and s["code"] in SECTION_NAMES:
        return f"{s['code']} {industry_name_shown('section', SECTION_NAMES[s['code']])}"
    return s["name"]


def latest_forecast(period: str):
    """The newest forecast run made from the months up to `period`, or None."""
    return ForecastRun.objects.filter(period=period).select_related("requested_by").first()


def _shown(metric: str, value):
    """A forecast's figure as a page shows it: people whole, a rate in per cent with two decimals."""
    if value is None:
        return None
    return round(value * 100, 2) if metric == "job_loss_rate" else round(value)


def _written(metric: str, value) -> str | None:
    """A figure written out with its unit: 1,234人 / 2.35%."""
    shown = _shown(metric, value)
    if shown is None:
        return None
    return f"{shown:.2f}%" if metric == "job_loss_rate" else people(shown, f"{shown:,}")


def _per_cent(share) -> str:
    return _("未知") if share is None else f"{share:.0%}"


def _range(metric: str, step: dict | None, level: int) -> dict:
    lo = _shown(metric, step and step.get(f"lo{level}"))
    hi = _shown(metric, step and step.get(f"hi{level}"))
    if lo is None or hi is None:
        return {"value": None, "lo": None, "hi": None}
    if metric == "job_loss_rate":  # both ends with the same two decimals: 2.89–4.80%
        return {"value": f"{lo:.2f}–{hi:.2f}%", "lo": lo, "hi": hi}
    return {"value": f"{lo:,}–{hi:,}", "lo": lo, "hi": hi}


def forecast_chart(run: ForecastRun, s: dict) -> dict:
    """One series' last months and its forecast with the 80 % and 95 % ranges."""
    metric = s["metric"]
    months = run.result["months"][-FORECAST_HISTORY:]
    actual = s["history"][-len(months) :]
    ahead = run.result["forecast_months"]
    # a month with no forecast (the past) or no actual (the future) is not one whose figure is
    # unknown: its cell says so with a dash, not 未知
    blank = [_figure(NOT_APPLICABLE)] * len(ahead)
    mean = [_figure(NOT_APPLICABLE)] * len(months)
    mean += [_figure(_shown(metric, f["mean"])) for f in s["forecast"]]
    none = {"value": NOT_APPLICABLE, "lo": None, "hi": None}
    ranges = {
        level: [none] * len(months) + [_range(metric, f, level) for f in s["forecast"]]
        for level in (80, 95)
    }
    label = BY_KEY[metric].label
    return chart(
        f"forecast-{metric}",
        _("%(name)s%(label)s预测") % {"name": area_name(s), "label": label},
        categories=[*months, *ahead],
        series=[
            {
                "name": _("实际值"),
                "colour": "#0d6efd",
                "type": "line",
                "data": [_figure(_shown(metric, v)) for v in actual] + blank,
            },
            {"name": _("预测"), "colour": "#6f42c1", "type": "line", "dashed": True, "data": mean},
            {"name": _("80%区间"), "colour": "#6f42c1", "type": "range", "data": ranges[80]},
            {"name": _("95%区间"), "colour": "#b9a6e0", "type": "range", "data": ranges[95]},
        ],
        category_axis=_("月份"),
        value_axis="%" if metric == "job_loss_rate" else _("人"),
        unit=PERCENT if metric == "job_loss_rate" else PEOPLE,
        decimals=2 if metric == "job_loss_rate" else 0,
        line=True,
    )


def forecast_view(period: str, user) -> dict:
    """What the month page shows of the forecasts made from the months up to `period`: the
    district's (a liaison: their town's) three charts, each town's next month, the month's
    surprises and the back-test — or that none was made."""
    run = latest_forecast(period)
    if run is None:
        return {"forecast": None}
    town = analysis_town(user)
    series = run.result["series"]
    mine = [
        s
        for s in series
        if (s["area"] == DISTRICT if town is None else (s["area"] == TOWN and s["code"] == town))
    ]
    charts = [forecast_chart(run, s) for s in mine if s["forecast"]]
    towns: dict[str, dict] = {}
    for s in series:
        if s["area"] == TOWN and (town is None or s["code"] == town):
            step = s["forecast"][0] if s["forecast"] else None
            towns.setdefault(s["code"], {"name": s["name"], "cells": {}})["cells"][s["metric"]] = {
                "next": _written(s["metric"], step and step["mean"]),
                "range80": _range(s["metric"], step, 80)["value"],
                "surprise": s["surprise"],
            }
    for t in towns.values():
        t["cells"] = [t["cells"].get(metric) for metric in METRICS]
    surprises = [
        {
            "name": area_name(s),
            "label": BY_KEY[s["metric"]].label,
            "actual": _written(s["metric"], s["history"][-1]),
            "range95": _range(s["metric"], s["last_month_forecast"], 95),
        }
        for s in series
        if s["surprise"] and (town is None or (s["area"] == TOWN and s["code"] == town))
    ]
    short = [
        {"name": area_name(s), "label": BY_KEY[s["metric"]].label}
        for s in mine
        if s["method"] == SIMPLE
    ]
    b = run.result["backtest"]
    return {
        "forecast": run,
        "forecast_charts": charts,
        "forecast_towns": [towns[code] for code in sorted(towns)],  # in the district's order
        "forecast_surprises": surprises,
        # how many of the shown series had a 95 % range forecast a month before to be judged by
        "forecast_checked": sum(
            1
            for s in series
            if (s.get("last_month_forecast") or {}).get("lo95") is not None
            and (town is None or (s["area"] == TOWN and s["code"] == town))
        ),
        "forecast_short": short,
        # a series whose latest month is unknown (its feed not imported) is not forecast
        "forecast_missing": [BY_KEY[s["metric"]].label for s in mine if not s["forecast"]],
        "forecast_backtest": {
            "series": b["series"],
            "points": b["range_points"],
            "seasonal": _per_cent(b["mase_seasonal_below_1"]),
            "naive": _per_cent(b["mase_naive_below_1"]),
            "coverage": _per_cent(b["coverage80"]),
        },
        "forecast_min_months": run.parameters.get("min_history_months"),
        "forecast_months_used": len(run.result["months"]),
    }


def forecast_headline(user) -> dict | None:
    """The cockpit's forecast (ADR 0098, 0105): the district's 参保人数 (a liaison's: her town's) from
    the newest run, or an empty chart that says none was made; None for a role the analysis is
    refused to (the cockpit then has no such card)."""
    if not may_read_analysis(user):
        return None
    run = ForecastRun.objects.order_by("-period", "-created_at").first()
    town = analysis_town(user)
    wanted = ("insured", TOWN, town) if town else ("insured", DISTRICT, "")
    s = None
    if run is not None:
        s = next(
            (x for x in run.result["series"] if (x["metric"], x["area"], x["code"]) == wanted),
            None,
        )
    if s is None or not s["forecast"]:
        return chart(
            "forecast-insured",
            _("参保人数预测"),
            categories=[],
            series=[],
            category_axis=_("月份"),
            value_axis=_("人"),
            note=_("尚未生成预测"),
            line=True,
        )
    return forecast_chart(run, s)
