"""The consultation pages (会商, plan S6.1): the list, a new consultation, one consultation with
its actions, its minutes as DOCX, and an action marked done. Thin: who may → form → one service
(`consultations`) → page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from layoffwatch.audit.refusals import attempt
from layoffwatch.audit.services import audit_record, audit_refusal
from layoffwatch.core.clock import local_day
from layoffwatch.core.forms import form_refusal
from layoffwatch.core.permissions import deny, deny_not_found

from .consultation_forms import ConsultationForm
from .consultations import (
    NOT_FOUND,
    action_overdue,
    analysis_for_period,
    can_mark_done,
    can_read,
    can_record,
    consultation_action_done,
    consultation_get,
    consultation_record,
    consultations_visible_to,
    input_rows,
    month_link,
    participant_names,
)
from .minutes import minutes_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHOWN = 200  # rows of the list; the total counts them all


def _reader(request) -> None:
    # why not found: an enterprise's or a commissioner's account cannot tell that consultations
    # exist (ADR 0082: "not there" and "not yours" read the same)
    if not can_read(request.user):
        deny_not_found(request, NOT_FOUND)


def _consultation(request, pk: int):
    _reader(request)
    consultation = consultation_get(user=request.user, pk=pk)
    if consultation is None:
        deny_not_found(request, NOT_FOUND)
    return consultation


def consultation_list(request):
    _reader(request)
    rows = consultations_visible_to(request.user).prefetch_related("actions")
    return render(
        request,
        "analysis/consultation_list.html",
        {
            "active": "analysis",
            "consultations": [
                (c, month_link(c.analysis.period) if c.analysis else "") for c in rows[:SHOWN]
            ],
            "total": rows.count(),
            "shown": SHOWN,
            "may_record": can_record(request.user),
        },
    )


def consultation_new(request):
    _reader(request)
    if not can_record(request.user):
        deny(request, _("您的角色不能录入会商"))
    if request.method != "POST":
        analysis = analysis_for_period(request.GET.get("period"))
        form = ConsultationForm(
            initial={"held_on": local_day(), "analysis": analysis.period if analysis else None}
        )
    else:
        form = ConsultationForm(request.POST)
        if form.is_valid():
            try:
                consultation = consultation_record(
                    actor=request.user, at=timezone.now(), **form.service_arguments()
                )
            except ValidationError as exc:  # audited by the service; shown at its fields
                form.add_refusal(exc)
            else:
                messages.success(request, _("会商已录入"))
                return redirect("analysis:consultation", consultation.pk)
        else:
            # a value the browser could not have sent: refused before the service, audited in
            # the bureau's words like the service's refusals (STYLE "refusals", ADR 0100)
            with override(settings.LANGUAGE_CODE):
                refusal = form_refusal(form)
                audit_refusal(
                    what="录入会商",
                    exc=refusal,
                    actor=request.user,
                    object_type="analysis.consultation",
                )
    return render(request, "analysis/consultation_form.html", {"active": "analysis", "form": form})


def consultation_detail(request, pk: int):
    consultation = _consultation(request, pk)
    today = local_day()
    actions = consultation.actions.select_related("owner__section", "owner__town")
    return render(
        request,
        "analysis/consultation_detail.html",
        {
            "active": "analysis",
            "c": consultation,
            "participants": participant_names(consultation),
            "inputs": input_rows(consultation),
            "month": month_link(consultation.analysis.period) if consultation.analysis else "",
            "actions": [
                (a, action_overdue(a, today), can_mark_done(request.user, a)) for a in actions
            ],
        },
    )


@require_POST
def consultation_action_mark_done(request, pk: int, action_pk: int):
    consultation = _consultation(request, pk)
    action = consultation.actions.filter(pk=action_pk).first()
    if action is None:
        deny_not_found(request, NOT_FOUND)
    attempt(
        request,
        lambda: consultation_action_done(
            action=action, actor=request.user, at=timezone.now(), note=request.POST.get("note", "")
        ),
        done=_("事项已办结"),
    )
    return redirect(
        reverse("analysis:consultation", args=[consultation.pk]) + f"#action-{action.pk}"
    )


def consultation_minutes(request, pk: int):
    consultation = _consultation(request, pk)
    name = f"会商纪要-{consultation.held_on:%Y%m%d}-{consultation.pk}.docx"
    audit_record(
        action="export",
        actor=request.user,
        obj=consultation,
        summary=f"下载 {name}",
        request=request,
    )
    response = HttpResponse(minutes_docx(consultation, at=timezone.now()), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
