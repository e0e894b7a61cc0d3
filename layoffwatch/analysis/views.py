"""The monthly situation analysis pages (plan S6.1): the month's indicators with their sources,
charts, hotspots and largest events, the drafted analysis, the consultations; the XLSX."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layoffwatch.audit.refusals import attempt
from layoffwatch.audit.services import audit_record
from layoffwatch.core.charts import chart_data
from layoffwatch.core.permissions import deny, deny_not_found

from . import services
from .consultations import month_consultations
from .documents import analysis_docx, analysis_title
from .drafting import SECTIONS, STAFF_WRITTEN
from .exports import indicators_xlsx
from .hotspots import largest_events, month_hotspots
from .indicators import DIVISION, INDICATORS, PERIOD, SECTION, TOWN, NoData, month_indicators
from .jobs import job_request, job_shown
from .models import AnalysisJob, MonthlyAnalysis
from .selectors import (
    analysis_town,
    default_period,
    forecast_view,
    may_read_analysis,
    month_charts,
    months_with_data,
    trend,
)

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
    forecast = forecast_view(period, request.user)
    context.update(
        {
            "m": m,
            "district_rows": [(i, m.district.values[i.key]) for i in INDICATORS],
            "columns": [i for i in INDICATORS if i.key in TABLE_COLUMNS],
            "area_tables": [
                (title, m.area(area), tid, _unknown_reasons(m.area(area)))
                for title, area, tid in (
                    (_("各镇街"), TOWN, "analysis-towns"),
                    (_("各行业门类"), SECTION, "analysis-sections"),
                    (_("各行业大类"), DIVISION, "analysis-divisions"),
                )
            ],
            "hotspots": month_hotspots(m),
            "events": largest_events(period, town=m.town),
            "charts": charts,
            "chart_data": chart_data(charts + forecast.get("forecast_charts", [])),
            **forecast,
            "may_forecast": services.can_write(request.user),
            # the newest forecast job of the month, while it waits or if it failed (ADR 0105)
            **job_shown(AnalysisJob.Kind.FORECAST, period, newest=forecast["forecast"]),
            **month_consultations(period, request.user),
            **_draft_context(request, period, m),
        }
    )
    return render(request, "analysis/month.html", context)


def _unknown_reasons(rows) -> list[str]:
    """Why the table's unknown cells are unknown, each reason once (shown under the table)."""
    reasons = {
        r.values[key].unknown_because
        for r in rows
        for key in TABLE_COLUMNS
        if r.values[key].unknown_because
    }
    reasons |= {r.mom_unknown_because for r in rows if r.mom_unknown_because}
    return sorted(reasons)


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
    audit_record(
        action="export",
        actor=request.user,
        object_type="analysis.indicators",
        object_id=period,
        summary=f"下载 {period} 就业形势指标表（{m.district.name}）",
        request=request,
    )
    name = _("%(period)s就业形势指标.xlsx") % {"period": period}
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _draft_context(request, period: str, m) -> dict:
    """The month's written analysis (plan S6.1): the district's, so a liaison does not see it."""
    if m.town:
        return {}
    analysis = MonthlyAnalysis.objects.filter(period=period).first()
    texts = {s["key"]: s["text"] for s in (analysis.sections if analysis else [])}
    return {
        "analysis": analysis,
        "draft_sections": [
            {"key": key, "title": title, "text": texts.get(key, ""), "staff": key in STAFF_WRITTEN}
            for key, title in SECTIONS
        ],
        "may_write": services.can_write(request.user),
        "may_sign": services.can_sign(request.user),
    }


def _district_only(request) -> None:
    """The written analysis is the district's: a liaison (whose pages are their town's) is
    refused like a missing page, and the refusal audited."""
    if analysis_town(request.user):
        deny_not_found(request, _("月度形势分析是全区的，镇街联络员只能查看本镇街的指标"))


def _analysis(request, period: str) -> MonthlyAnalysis:
    _district_only(request)
    if not PERIOD.fullmatch(period):
        raise Http404(period)
    analysis = MonthlyAnalysis.objects.filter(period=period).first()
    if analysis is None:
        raise Http404(period)
    return analysis


@require_POST
def analysis_draft(request, period: str):
    _readable(request)
    _district_only(request)
    attempt(
        request,
        lambda: services.analysis_draft(period, actor=request.user, at=timezone.now()),
        done=_("已根据本月指标起草分析"),
    )
    return redirect("analysis:month", period)


@require_POST
def analysis_edit(request, period: str):
    _readable(request)
    analysis = _analysis(request, period)
    texts = _posted_texts(request)
    attempt(
        request,
        lambda: services.analysis_edit(
            analysis, texts=texts, actor=request.user, at=timezone.now()
        ),
        done=_("分析已保存"),
    )
    return redirect("analysis:month", period)


def _posted_texts(request) -> dict[str, str]:
    """The sections the form sent (a section the form did not show is left as it is)."""
    return {
        key: request.POST[f"section-{key}"]
        for key, _title in SECTIONS
        if f"section-{key}" in request.POST
    }


@require_POST
def analysis_sign(request, period: str):
    """Sign off; what the signer typed in the form is saved first (never lost to the sign-off),
    then the sign-off checks every section."""
    _readable(request)
    analysis = _analysis(request, period)
    texts = _posted_texts(request)

    def sign():
        current = analysis
        if texts:  # the service saves only what changed
            current = services.analysis_edit(
                analysis, texts=texts, actor=request.user, at=timezone.now()
            )
        services.analysis_sign(current, actor=request.user, at=timezone.now())

    attempt(request, sign, done=_("分析已签发"))
    return redirect("analysis:month", period)


def analysis_word(request, period: str):
    _readable(request)
    analysis = _analysis(request, period)
    audit_record(
        action="export",
        actor=request.user,
        obj=analysis,
        summary=f"下载 {analysis_title(analysis)}（Word）",
        request=request,
    )
    response = HttpResponse(
        analysis_docx(analysis),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"{analysis_title(analysis)}.docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_POST
def forecast_request(request, period: str):
    """Staff ask for the forecasts from the months up to `period` (plan S3.1.3 预测, ADR 0105): the
    queue makes them (a minute or so) and the month page shows the newest."""
    _readable(request)
    if not PERIOD.fullmatch(period):
        raise Http404(period)
    if not services.can_write(request.user):
        deny(request, _("只有科室工作人员、局领导和系统管理员可以生成预测"))
    # one job (analysis.jobs): shown on the page until its run is kept; refused while one waits
    attempt(
        request,
        lambda: job_request(
            kind=AnalysisJob.Kind.FORECAST, period=period, actor=request.user, at=timezone.now()
        ),
        done=_("预测已提交，需要几分钟，完成后刷新本页即可看到"),
    )
    return redirect("analysis:month", period)
