"""The monthly situation analysis pages (plan S6.1): the month's indicators with their sources,
charts, hotspots and largest events, the drafted analysis, the consultations; the XLSX."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from layoffwatch.core.charts import chart_data
from layoffwatch.core.permissions import deny

from .consultations import month_consultations
from .exports import indicators_xlsx
from .hotspots import largest_events, month_hotspots
from .indicators import DIVISION, INDICATORS, SECTION, TOWN, NoData, month_indicators
from .selectors import (
    analysis_town,
    default_period,
    may_read_analysis,
    month_charts,
    months_with_data,
    trend,
)

PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
TABLE_COLUMNS = (
    "insured",
    "job_losses",
    "job_loss_rate",
    "registrations",
    "benefit_claims",
    "demand_ratio",
    "reported_cuts",
    "detected_cuts",
)


def _readable(request):
    if not may_read_analysis(request.user):
        deny(request, _("您的角色不能查看形势分析"))


def _month(request, period: str):
    if not PERIOD.fullmatch(period):
        raise Http404(period)
    return month_indicators(period, town=analysis_town(request.user))


def month_latest(request):
    _readable(request)
    return redirect("analysis:month", default_period())


def month_page(request, period: str):
    _readable(request)
    context = {"active": "analysis", "period": period, "months": months_with_data()[:24]}
    try:
        m = _month(request, period)
    except NoData:
        context["no_data"] = True
        return render(request, "analysis/month.html", context)
    charts = month_charts(m, trend(m))
    context.update(
        {
            "m": m,
            "district_rows": [(i, m.district.values[i.key]) for i in INDICATORS],
            "columns": [i for i in INDICATORS if i.key in TABLE_COLUMNS],
            "area_tables": [
                (_("各镇街"), m.area(TOWN), "analysis-towns"),
                (_("各行业门类"), m.area(SECTION), "analysis-sections"),
                (_("各行业大类"), m.area(DIVISION), "analysis-divisions"),
            ],
            "hotspots": month_hotspots(m),
            "events": largest_events(period, town=m.town),
            "charts": charts,
            "chart_data": chart_data(charts),
            **month_consultations(period, request.user),
        }
    )
    return render(request, "analysis/month.html", context)


def month_xlsx(request, period: str):
    _readable(request)
    try:
        m = _month(request, period)
    except NoData:
        raise Http404(period) from None
    response = HttpResponse(
        indicators_xlsx(m),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="analysis-{period}.xlsx"'
    return response
