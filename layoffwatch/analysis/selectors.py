"""Reads of the situation analysis (plan S6.1): whose month it is, the months that hold data, the
charts. Every figure comes from `indicators.month_indicators` (one selector for each figure)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from layoffwatch.accounts.roles import Role
from layoffwatch.core.charts import chart
from layoffwatch.core.clock import local_month
from layoffwatch.monitoring import lake

from .indicators import (
    DISTRICT,
    SECTION,
    TOWN,
    MonthIndicators,
    NoData,
    month_indicators,
    shift_period,
)

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
            horizontal=True,
        )
    )
    return charts


def _percent(rate):
    return _figure(None if rate is None else round(rate * 100, 1))


__all__ = ["DISTRICT", "analysis_town", "may_read_analysis", "month_charts", "months_with_data"]
