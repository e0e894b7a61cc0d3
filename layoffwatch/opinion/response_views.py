"""The response's actions on the event page (plan S6.4 及时主动发声; responses.py): assess, draft
from the record, save the statement, approve, record a publication, record a coordination. Each
runs one service; a refusal is the page's message, a write by a reader who may not write the 403
page (the service audited both)."""

import datetime as dt

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layoffwatch.audit.refusals import attempt
from layoffwatch.core.permissions import deny_not_found

from . import responses
from .selectors import events_visible_to


def _event(request, pk: int):
    event = events_visible_to(request.user).filter(pk=pk).first()
    if event is None:
        deny_not_found(request, _("舆情事件 %(pk)s 不存在或不在您的范围内") % {"pk": pk})
    return event


def _when(value: str) -> dt.datetime | None:
    """A `datetime-local` field, read on Tongnan's wall clock (ADR 0009); None when unreadable
    (the service then names the field)."""
    parsed = parse_datetime((value or "").strip())
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def _run(request, pk: int, service, done: str, **fields):
    event = _event(request, pk)
    if attempt(
        request,
        lambda: service(actor=request.user, event=event, at=timezone.now(), **fields),
        done=done,
        deny="raise",
    ):
        return redirect(responses.event_link(event.pk))
    # refused: the page's top, where the message naming the field is shown
    return redirect("opinion:event", event.pk)


@require_POST
def assess(request, pk: int):
    post = request.POST
    return _run(
        request,
        pk,
        responses.response_assess,
        _("已保存研判，回应时限已开始计时"),
        grade=post.get("grade", ""),
        assessment=post.get("assessment", ""),
        plan=post.get("plan", ""),
    )


@require_POST
def draft(request, pk: int):
    return _run(
        request,
        pk,
        responses.response_draft_from_record,
        _("已按记录起草回应稿，请核实【待核实】处后保存"),
    )


@require_POST
def statement(request, pk: int):
    return _run(
        request,
        pk,
        responses.response_statement_save,
        _("已保存回应稿"),
        statement=request.POST.get("statement", ""),
    )


@require_POST
def approve(request, pk: int):
    return _run(request, pk, responses.response_approve, _("已审批回应稿"))


@require_POST
def publish(request, pk: int):
    post = request.POST
    return _run(
        request,
        pk,
        responses.response_publish,
        _("已登记发布"),
        channel=post.get("channel", ""),
        published_at=_when(post.get("published_at", "")),
        text=post.get("text", ""),
    )


@require_POST
def coordinate(request, pk: int):
    post = request.POST
    return _run(
        request,
        pk,
        responses.response_coordinate,
        _("已登记协调情况"),
        organisation=post.get("organisation", ""),
        other_name=post.get("other_name", ""),
        held_at=_when(post.get("held_at", "")),
        agreed=post.get("agreed", ""),
    )
