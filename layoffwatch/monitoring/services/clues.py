"""The clue desk (plan S3.1.5): a clue from a human channel becomes a signal of the same pipeline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.refusals import refusals_audited
from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.core.recorded import recorded, term
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import NOT_IN_SCOPE_ENTERPRISE, enterprise_visible_to
from layoffwatch.reference.models import Town

from ..models import Clue, Signal
from .actors import actor_label
from .events import signal_event
from .signals import lead_unit


def clue_file(*, actor, at: dt.datetime, **fields) -> Clue:
    """A clue from inspection, arbitration, complaints, surveys, commissioners, brokers or public
    opinion becomes a signal of the same pipeline, assigned to annex task 4's lead unit. A refusal
    is audited after the transaction rolled back."""
    # why actor_label "": a refusal names the signed-in user, or "anonymous" (no job files clues)
    with refusals_audited("登记线索", actor=actor, object_type="monitoring.clue", actor_label=""):
        return _clue_file(actor=actor, at=at, **fields)


def _require_clue_scope(actor, enterprise: Enterprise | None, town: Town | None) -> None:
    """ADR 0082: a clue the filer could not read back as a signal is refused; an enterprise
    outside the scope and an unknown one (unsaved) are answered alike."""
    if actor.is_district_wide:
        return
    if enterprise is not None:
        if (
            enterprise.pk is None
            or not enterprise_visible_to(actor).filter(pk=enterprise.pk).exists()
        ):
            raise PermissionDenied(NOT_IN_SCOPE_ENTERPRISE.format(what="登记该企业的线索"))
        if town is None or town.pk == enterprise.town_id:
            return
    if town is None or town.pk != actor.town_id:
        raise PermissionDenied("只能登记本镇街或您数据权限范围内企业的线索")


@transaction.atomic
def _clue_file(
    *,
    actor,
    at: dt.datetime,
    channel: str,
    received_on: dt.date,
    description: str,
    enterprise: Enterprise | None = None,
    town: Town | None = None,
    reported_count: int | None = None,
    source_note: str = "",
) -> Clue:
    if not getattr(actor, "is_bureau", False):
        raise PermissionDenied("您的角色不能登记线索")
    _require_clue_scope(actor, enterprise, town)
    clue = Clue(
        channel=channel,
        enterprise=enterprise,
        town=town or (enterprise.town if enterprise else None),
        received_on=received_on,
        reported_count=reported_count,
        description=description,
        source_note=source_note,
        by=actor,
        at=at,
    )
    clue.full_clean()
    clue.save()
    unit, number = lead_unit(clause="S3.1.5", on=received_on)
    subject = enterprise.name if enterprise else (clue.town.name if clue.town else "全区")
    # what the desk wrote, in the reader's language: the channel and "the whole district" are
    # words, an enterprise's or a town's name is kept (ADR 0100, amended 2026-12-07 (5))
    summary = recorded(
        N_("%(channel)s线索：%(subject)s，反映涉及 %(count)s 人")
        if reported_count
        else N_("%(channel)s线索：%(subject)s"),
        channel=Clue.Channel(channel).label,
        subject=subject if enterprise or clue.town else term(N_("全区")),
        count=reported_count,
    )
    signal = Signal(
        kind=Signal.Kind.CLUE,
        enterprise=enterprise,
        town=clue.town,
        period=received_on.strftime("%Y-%m"),
        count=reported_count,
        score=50.0,
        figures={"channel": channel, "reported_count": reported_count},
        summary=summary.text,
        summary_message=summary.message,
        assigned_unit=unit,
        annex_task=number,
        dedupe_key=f"clue:{clue.pk}",
        created_at=at,
        updated_at=at,
    )
    signal.full_clean()
    signal.save()
    clue.signal = signal
    clue.save(update_fields=["signal"])
    signal_event(
        signal=signal,
        at=at,
        actor=actor,
        actor_label=actor_label(actor),
        to_status=signal.status,
        summary=recorded(N_("登记线索：%(description)s"), description=description[:200]),
    ).save()
    audit_record(
        action="create",
        actor=actor,
        obj=clue,
        summary=f"登记线索（{clue.get_channel_display()}）：{subject}",
        after=snapshot(clue),
    )
    return clue
