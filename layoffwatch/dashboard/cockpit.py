"""The leader's cockpit on the home page (plan S1 统一指挥, S3.2 综合评定, S5; ADR 0098): how bad,
where, better or worse, what is late — as charts, each bar a link to the list behind it.

One figure, one selector (ADR 0055): every bar is counted by the selector of the list it links to,
called with the filters the link carries, and within the user's data scope:

- new alerts by month and level — `response.selectors.alerts_search(opened_from=, opened_to=)`,
  the alert list's 发布月份 filter (Tongnan's months, core.clock);
- reported cuts by month — `reporting.selectors.report_search(month_from=, counted=True)`, the
  report list's 提交月份 and 只看计入人数 filters; detected cuts by month —
  `monitoring.selectors.signals_search(kind="stoppage", status="counted", period=)`;
- towns by open alerts — `alerts_search(town=, level=, status="open")`;
- industries by the cuts of the year's alerts — `alerts_search(industry=, opened_from=, …)`, the
  sum of the list's 合计裁员 column;
- overdue items — `response.selectors.overdue_by_level` (the list's 逾期事项 column) and the
  monthly reports overdue (`reporting.selectors.overdue_enterprises`, the 逾期未报 page).

A chart is a dict the template renders as a table (the accessible fallback) and the script
(static dashboard/cockpit.js) draws from the same dict: labels are translated here, numbers are
sent as numbers (None: unknown, shown as 未知), each data point carries the URL it opens.
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from layoffwatch.accounts.roles import Role
from layoffwatch.alerts.models import Alert
from layoffwatch.analysis.selectors import forecast_headline
from layoffwatch.core.charts import chart as _chart
from layoffwatch.core.clock import last_months, local_day
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.monitoring.models import Signal
from layoffwatch.monitoring.selectors import people_by_period, signals_search
from layoffwatch.reference.models import Industry, Town
from layoffwatch.reporting.selectors import (
    due_date,
    layoff_reports_visible_to,
    overdue_enterprises,
    period_before,
    planned_cuts_by_month,
    report_search,
)
from layoffwatch.response.selectors import alerts_by_month, alerts_search, overdue_by_level

MONTHS = 12
# 一级 red, 二级 orange, 三级 yellow: the colours warnings are published in
LEVEL_COLOURS = {1: "#dc3545", 2: "#fd7e14", 3: "#e0a800"}
REPORTED_COLOUR, DETECTED_COLOUR, CUTS_COLOUR = "#0d6efd", "#6f42c1", "#198754"
# who may open the 逾期未报 page (reporting.views._may_follow_up): not the service commissioners
FOLLOW_UP_ROLES = {Role.ADMIN, Role.SECTION_STAFF, Role.TOWN_LIAISON, Role.LEADER}


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _level_name(level: int) -> str:
    return {1: _("一级预警"), 2: _("二级预警"), 3: _("三级预警")}[level]


def alerts_by_month_chart(*, user, months: list[str]) -> dict:
    """plan S3.2: the alerts raised in each of the last months, by their level (getting better or
    worse)."""
    counts = alerts_by_month(alerts_search(user=user, opened_from=months[0], opened_to=months[-1]))
    series = [
        {
            "name": _level_name(level),
            "colour": LEVEL_COLOURS[level],
            "data": [
                {
                    "value": counts.get((m, level), 0),
                    "url": _url("alerts:list", level=level, opened_from=m, opened_to=m),
                }
                for m in months
            ],
        }
        for level in Alert.Level.values
    ]
    return _chart(
        "alerts-by-month",
        _("近12个月新发预警（按等级）"),
        categories=months,
        series=series,
        category_axis=_("发布月份"),
        value_axis=_("预警数（条）"),
        stack=True,
    )


def compared_months(months: list[str]) -> set[str]:
    """The months the data comparison has been run for: those with any signal, of any kind and
    anywhere in the district (whether it ran is not data about an enterprise). For another month
    the stoppages are unknown, not 0."""
    return set(Signal.objects.filter(period__in=months).values_list("period", flat=True).distinct())


def cuts_by_month_chart(*, user, months: list[str]) -> dict:
    """plan S3.1.1 vs S3.1.3: the people the direct reports plan to cut (by the month reported)
    beside the people in contribution stoppages the data comparison found (by the stoppage's
    month) — a gap between the two is a layoff nobody reported."""
    reported = planned_cuts_by_month(
        report_search(
            layoff_reports_visible_to(user),
            month_from=months[0],
            month_to=months[-1],
            counted=True,
        )
    )
    stoppages = signals_search(user=user, kind="stoppage", status="counted").filter(
        period__in=months
    )
    detected, compared = people_by_period(stoppages), compared_months(months)
    series = [
        {
            "name": _("直报计划裁减"),
            "colour": REPORTED_COLOUR,
            "data": [
                {
                    "value": reported.get(m, 0),
                    "url": _url("reporting:list", month=m, counted="on"),
                }
                for m in months
            ],
        },
        {
            "name": _("数据比对发现断缴"),
            "colour": DETECTED_COLOUR,
            "data": [
                {
                    "value": detected.get(m, 0) if m in compared else None,
                    "url": _url("monitoring:signals", kind="stoppage", status="counted", period=m),
                }
                for m in months
            ],
        },
    ]
    return _chart(
        "cuts-by-month",
        _("近12个月裁员人数：直报与数据比对"),
        categories=months,
        series=series,
        category_axis=_("月份"),
        value_axis=_("人数"),
        note=_("未做数据比对的月份，断缴人数显示为“未知”。"),
    )


def _towns_in_scope(user):
    """The district's towns for district-wide roles; otherwise the towns of the enterprises in the
    user's scope (a liaison: her own)."""
    if user.is_district_wide:
        return Town.objects.order_by("code")
    return Town.objects.filter(
        code__in=enterprise_visible_to(user).order_by().values("town_id")
    ).order_by("code")


def towns_chart(*, user) -> dict:
    """plan S3.2, S3.1.3 镇街: the towns ranked by their open alerts, the most severe first (一级,
    then 二级, then 三级), every town in scope shown, 0 included."""
    open_alerts = alerts_search(user=user, status="open")
    counts = {
        (town, level): n
        for town, level, n in open_alerts.order_by()
        .values_list("enterprise__town_id", "level")
        .annotate(n=Count("pk"))
    }
    towns = sorted(
        _towns_in_scope(user),
        key=lambda t: tuple(-counts.get((t.code, lv), 0) for lv in Alert.Level.values) + (t.code,),
    )
    series = [
        {
            "name": _level_name(level),
            "colour": LEVEL_COLOURS[level],
            "data": [
                {
                    "value": counts.get((t.code, level), 0),
                    "url": _url("alerts:list", town=t.code, level=level, status="open"),
                }
                for t in towns
            ],
        }
        for level in Alert.Level.values
    ]
    return _chart(
        "towns",
        _("各镇街未解除预警"),
        categories=[t.name for t in towns],
        series=series,
        category_axis=_("镇街"),
        value_axis=_("预警数（条）"),
        horizontal=True,
        stack=True,
    )


def industries_chart(*, user, months: list[str]) -> dict:
    """Where the cuts are by trade: the people cut (合计裁员, within the alert's window) at the
    enterprises warned in the last months, by industry section (门类), most first."""
    alerts = alerts_search(user=user, opened_from=months[0], opened_to=months[-1])
    totals = dict(
        alerts.order_by()
        .values_list("enterprise__industry__section")
        .annotate(n=Sum("total_in_window"))
    )
    # a section's name in the reader's language (ADR 0100, amended 2026-12-07 (6))
    names = {
        i.code: i.name_shown
        for i in Industry.objects.filter(level=Industry.Level.SECTION, code__in=totals)
    }
    sections = sorted(totals, key=lambda s: (-(totals[s] or 0), s))
    series = [
        {
            "name": _("裁员人数"),
            "colour": CUTS_COLOUR,
            "data": [
                {
                    "value": totals[s] or 0,
                    "url": _url(
                        "alerts:list", industry=s, opened_from=months[0], opened_to=months[-1]
                    ),
                }
                for s in sections
            ],
        }
    ]
    return _chart(
        "industries",
        _("近12个月预警企业裁员人数（按行业门类）"),
        categories=[f"{s} {names.get(s, _('未知'))}" for s in sections],
        series=series,
        category_axis=_("行业门类"),
        value_axis=_("人数"),
        horizontal=True,
    )


def overdue_period(today: dt.date) -> str:
    """The latest month whose monthly report is past its due day (reporting.selectors.due_date)."""
    period = period_before(today)
    if today <= due_date(period):
        period = period_before(dt.date(int(period[:4]), int(period[5:7]), 1))
    return period


def overdue_chart(*, user, now: dt.datetime) -> dict:
    """What is late (plan S5, S3.1.1): the steps and annex tasks past their due time, by the level
    of their alert, and the enterprises whose monthly report is overdue."""
    by_level = overdue_by_level(user=user, now=now)
    labels = [_("%(level)s处置事项") % {"level": _level_name(lv)} for lv in Alert.Level.values]
    data = [
        {"value": by_level[lv], "url": _url("alerts:list", level=lv, overdue="on")}
        for lv in Alert.Level.values
    ]
    if user.is_superuser or user.role in FOLLOW_UP_ROLES:
        period = overdue_period(local_day(now))
        labels.append(_("月度报告未报企业（%(period)s）") % {"period": period})
        data.append(
            {
                "value": overdue_enterprises(period, user=user).count(),
                "url": _url("reporting:overdue", period=period),
            }
        )
    series = [{"name": _("逾期"), "colour": LEVEL_COLOURS[1], "data": data}]
    return _chart(
        "overdue",
        _("逾期事项"),
        categories=labels,
        series=series,
        category_axis=_("事项类别"),
        value_axis=_("数量"),
        horizontal=True,
    )


def cockpit(*, user, now: dt.datetime) -> list[dict]:
    """The cockpit's charts for a bureau user, within their scope (a liaison's: her town's); the
    forecast below them (ADR 0105)."""
    months = last_months(MONTHS, now)
    charts = [
        alerts_by_month_chart(user=user, months=months),
        cuts_by_month_chart(user=user, months=months),
        towns_chart(user=user),
        industries_chart(user=user, months=months),
        overdue_chart(user=user, now=now),
    ]
    forecast = forecast_headline(user)
    return charts if forecast is None else [*charts, forecast]
