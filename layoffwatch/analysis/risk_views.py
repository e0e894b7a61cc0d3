"""风险企业排序 (plan S2.3 预防为先, S3.1.3 预测; ADR 0106): the latest model's ranking within the
reader's scope, with the reasons and the back-test, a visit planned for a ranked enterprise, and
a retraining on demand (the queue does it monthly). Thin: who may → one service → page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layoffwatch.audit.refusals import attempt
from layoffwatch.core.permissions import deny, deny_not_found
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.monitoring.models import Signal

from . import risk
from .jobs import job_request, job_shown
from .models import AnalysisJob
from .risk_visits import (
    NOT_FOUND,
    can_read,
    can_train,
    latest_model,
    ranking_visible_to,
    risk_visit_done,
    risk_visit_plan,
    visit_visible_to,
)


def _reader(request) -> None:
    # why not found: an enterprise's, an agency's or a commissioner's account cannot tell that
    # the ranking exists (ADR 0082: "not there" and "not yours" read the same)
    if not can_read(request.user):
        deny_not_found(request, NOT_FOUND)


def risk_page(request):
    _reader(request)
    model = latest_model()
    context = {
        "active": "risk",
        "model": model,
        "may_train": can_train(request.user),
        # the newest training job, while it waits or if it failed (ADR 0106)
        **job_shown(AnalysisJob.Kind.RISK, newest=model),
    }
    if model is None:
        context["unavailable"] = risk.history_problem() or _(
            "还没有训练风险排序模型：历史数据已够，请点击“重新训练”或等待每月的自动训练"
        )
    else:
        rows, page = ranking_visible_to(
            request.user, model, page=request.GET.get("page"), at=timezone.now()
        )
        b = model.metrics
        context.update(
            rows=rows,
            page=page,
            backtest=b,
            # the back-test's four checks (ADR 0106): any not met is said above the ranking
            backtest_short=not all((b.get("checks") or {}).values()) or not b.get("checks"),
            # shares as percentages, one decimal (the template cannot multiply)
            pct={
                k: f"{b[k] * 100:.1f}%"
                for k in ("top_precision", "base_rate", "baseline_top_precision")
                if b.get(k) is not None
            },
            baseline_label=Signal.Kind(b["baseline_kind"]).label if b.get("baseline_kind") else "",
            lead_unknown=b.get("median_lead") is None,
        )
    return render(request, "analysis/risk.html", context)


@require_POST
def risk_visit(request, uscc: str):
    _reader(request)
    model = latest_model()
    # another town's enterprise answers as one that does not exist (the service checks again)
    enterprise = enterprise_visible_to(request.user).filter(uscc=uscc).first()
    if model is None or enterprise is None:
        deny_not_found(request, NOT_FOUND)
    attempt(
        request,
        lambda: risk_visit_plan(
            actor=request.user, enterprise=enterprise, model=model, at=timezone.now()
        ),
        done=_("已安排走访，任务已发给该企业的服务专员"),
    )
    # back to the page of the ranking the visit was planned from
    page = request.POST.get("page", "")
    return redirect(f"{reverse('risk')}?page={page}" if page.isdigit() else reverse("risk"))


@require_POST
def risk_retrain(request):
    _reader(request)
    if not can_train(request.user):
        deny(request, _("您的角色不能重新训练风险排序模型"))
    problem = risk.history_problem()
    if problem:
        messages.error(request, problem)
        return redirect("risk")
    # one job (analysis.jobs, audited): shown on the page until its model is kept; refused
    # while one waits
    attempt(
        request,
        lambda: job_request(kind=AnalysisJob.Kind.RISK, actor=request.user, at=timezone.now()),
        done=_("已提交重新训练，完成后本页显示新的排序"),
    )
    return redirect("risk")


def risk_visit_detail(request, pk: int):
    """One planned visit: why (the ranking's reasons), by when, and, for its commissioner, the
    form that records it done."""
    visit = visit_visible_to(request.user, pk)
    if visit is None:
        deny_not_found(request, _("风险走访：无权查看"))
    if request.method == "POST":
        if attempt(
            request,
            lambda: risk_visit_done(
                visit=visit,
                actor=request.user,
                at=timezone.now(),
                note=request.POST.get("note", ""),
            ),
            done=_("走访已记录完成"),
        ):
            return redirect("risk_visit_detail", visit.pk)
    return render(
        request,
        "analysis/risk_visit.html",
        {
            "active": "response",
            "visit": visit,
            "may_finish": visit.done_at is None
            and request.user.pk in (visit.owner_id, visit.created_by_id),
        },
    )
