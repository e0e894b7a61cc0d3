"""Alert pages: the list with filters and XLSX export; the alert's own page (its facts, waves,
reports, signals and history, with a link to its case, plan S3.2, S5).

They live in response (URLs stay under /alerts/, namespace "alerts") because they show and
open response cases — overdue items, the case page — and alerts may not import response
(ADR 0088, docs/architecture.md rule 1)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from layoffwatch.alerts.forms import AlertFilterForm
from layoffwatch.alerts.models import Alert
from layoffwatch.alerts.selectors import alerts_visible_to, district_assessment_at
from layoffwatch.core.clock import local_datetime
from layoffwatch.core.permissions import deny, deny_not_found
from layoffwatch.core.spreadsheets import XLSX

from .selectors import (
    alert_page_facts,
    alert_related_sections,
    alerts_people,
    alerts_search,
    overdue_count,
)
from .services import alerts_export, case_open_for_alert

SHOWN = 300  # rows on the page; the total counts them all and the export holds them all


def _searched(request):
    form = AlertFilterForm(request.GET or None)
    if not request.GET:
        return form, alerts_search(user=request.user), {}
    if not form.is_valid():
        return form, None, {}
    filters = form.filters()
    return form, alerts_search(user=request.user, **filters), filters


def alert_list(request):
    if not request.user.is_bureau:
        deny(request, _("您的角色不能查看预警"))
    form, qs, _filters = _searched(request)
    total = qs.count() if qs is not None else None
    rows = [(a, overdue_count(a)) for a in (qs[:SHOWN] if qs is not None else [])]
    query = request.GET.urlencode()
    return render(
        request,
        "alerts/list.html",
        {
            "active": "alerts",
            "form": form,
            "rows": rows,
            "query": query,
            "total": total,
            "people": alerts_people(qs) if qs is not None else None,
            "shown": SHOWN,
            "assessment": district_assessment_at(),
        },
    )


def alert_export(request):
    if not request.user.is_bureau:
        deny(request, _("您的角色不能导出预警清单"))
    form, qs, filters = _searched(request)
    if qs is None:
        messages.error(request, _("筛选条件有误，未导出。请修正后再导出。"))
        return redirect(f"{reverse('alerts:list')}?{request.GET.urlencode()}")
    data = alerts_export(actor=request.user, alerts=qs, filters=filters, request=request)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"预警清单-{local_datetime():%Y%m%d-%H%M}.xlsx"
    )
    return response


def alert_detail(request, pk: int):
    """The alert's page: why it was graded, its waves, the reports (receipts) and signals behind
    it, its history, and its case (plan S3.2, S5). Out of scope reads like not there (ADR 0002)."""
    alert = (
        alerts_visible_to(request.user)
        .filter(pk=pk)
        .select_related("enterprise__town", "enterprise__industry", "case", "lifted_by")
        .first()
    )
    if alert is None or not request.user.is_bureau:
        deny_not_found(request, "查看数据权限范围外或不存在的预警")
    if not hasattr(alert, "case") and alert.status in Alert.OPEN:
        # ADR 0045: the case opens in the queue after the report commits; a notification clicked
        # before the worker got to it opens the case now (idempotent: the worker then adds nothing)
        case_open_for_alert(alert_id=alert.pk, level=alert.level, at=alert.opened_at)
        alert = Alert.objects.select_related(
            "enterprise__town", "enterprise__industry", "case", "lifted_by"
        ).get(pk=alert.pk)
    case = getattr(alert, "case", None)
    return render(
        request,
        "alerts/detail.html",
        {
            "active": "alerts",
            "alert": alert,
            "case": case,
            "overdue": overdue_count(alert),
            "related": alert_related_sections(user=request.user, alert=alert),
            **alert_page_facts(user=request.user, alert=alert),
        },
    )
