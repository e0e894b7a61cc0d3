"""Rights pages (plan S4.1, S4.6): the case list with overdue flags, a case with its four stages."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from layoffwatch.alerts.selectors import alerts_visible_to
from layoffwatch.audit.refusals import attempt
from layoffwatch.core.clock import local_day
from layoffwatch.core.permissions import deny, deny_not_found

from . import services
from .forms import RightsCaseForm
from .models import RightsCase
from .selectors import rights_cases_visible_to, rights_rows


def _bureau(request):
    if not request.user.is_bureau:
        deny(request, _("您的角色不能查看权益维护案件"))


def case_list(request):
    _bureau(request)
    form = RightsCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        alert_id = data.pop("alert_id")
        data["alert"] = (
            alerts_visible_to(request.user).filter(pk=alert_id).first() if alert_id else None
        )
        data["amount_claimed"] = data["amount_claimed"] or 0
        data["amount_owed"] = data["amount_owed"] or 0
        made = {}

        def create():
            made["c"] = services.rights_case_create(actor=request.user, at=timezone.now(), **data)

        if attempt(request, create, done=_("案件已登记")):
            return redirect("rights:case", made["c"].pk)
    now = timezone.now()
    return render(
        request,
        "rights/list.html",
        {
            "active": "rights",
            "rows": rights_rows(
                user=request.user,
                now=now,
                # an unknown kind (only a hand-made address has one) filters nothing
                kind=kind
                if (kind := request.GET.get("kind", "")) in RightsCase.Kind.values
                else "",
                overdue=request.GET.get("overdue") == "on",
            ),
            "kinds": RightsCase.Kind.choices,
            "form": form,
            "q": request.GET,
        },
    )


def _stage_record(request, case, now):
    p = request.POST
    attempt(
        request,
        lambda: services.rights_stage_record(
            case=case,
            stage=p.get("stage", ""),
            actor=request.user,
            at=now,
            outcome=p.get("outcome", ""),
        ),
    )


def _payment_add(request, case, now):
    p = request.POST
    attempt(
        request,
        lambda: services.arrears_payment_add(
            case=case,
            paid_on=parse_date(p.get("paid_on", "")) or local_day(),
            amount=p.get("amount"),
            workers=int(p.get("workers") or 0),
            actor=request.user,
            at=now,
        ),
    )


# One function per action of the case page; an unknown action shows the page.
CASE_ACTIONS = {"stage": _stage_record, "payment": _payment_add}


def case_detail(request, pk: int):
    _bureau(request)
    case = rights_cases_visible_to(request.user).filter(pk=pk).first()
    if case is None:
        deny_not_found(request, "查看数据权限范围外或不存在的权益维护案件")
    now = timezone.now()
    if request.method == "POST" and (run := CASE_ACTIONS.get(request.POST.get("action"))):
        run(request, case, now)
        return redirect("rights:case", pk)
    return render(
        request,
        "rights/case.html",
        {
            "active": "rights",
            "case": case,
            "stages": case.stage_rows(now=now),
            "payments": case.payments.all(),
        },
    )
