"""What the writes of alerts share: telling the people who answer for the enterprise
(`enterprises.selectors.responsible_people`), the alert's link, and the event and audit entry of
each change."""

import datetime as dt

from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.services import audit_record
from layoffwatch.core.recorded import (
    MESSAGE_KEY,
    Recorded,
    listed,
    reasons_recorded,
    recorded,
    text_and_message,
)
from layoffwatch.enterprises.selectors import responsible_people

from ..models import Alert, AlertEvent
from ..notify import send


def notify_responsible(*, alert: Alert, title: Recorded | str, at: dt.datetime) -> int:
    # Through the notifications app like every other message: in-app in this transaction, email
    # and group-chat robots through the task queue after it commits (ADR 0041).
    return send(
        users=responsible_people(alert.enterprise),
        title=title,
        body=_last_reasons(alert.facts or {}),
        link=alert_link(alert),
        kind="alert",
        at=at,
    )


def _last_reasons(facts: dict) -> Recorded:
    """The last two reasons of the grading (the level it set), quoted by their messages so that
    the inbox says them in the reader's language (ADR 0100); the text is the Chinese as before."""
    reasons = reasons_recorded(facts.get("reasons"), facts.get("reason_messages"))
    return recorded(N_("%(reasons)s"), reasons=listed(reasons[-2:], "；"))


def alert_link(alert: Alert) -> str:
    return f"/alerts/{alert.pk}/"


def _label(actor) -> str:
    if actor is None:
        return "系统"
    return str(actor)[:80]


def alert_event(
    *,
    alert: Alert,
    kind: str,
    at: dt.datetime,
    summary: Recorded | str,
    actor=None,
    actor_label: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict | None = None,
) -> AlertEvent:
    """Append the event and the audit entry for one change of an alert: the summary in Chinese,
    its recorded message in `data` for the reader's language (ADR 0100)."""
    summary, message = text_and_message(summary)
    event = AlertEvent.objects.create(
        alert=alert,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or _label(actor),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        summary=summary[:500],
        data=(data or {}) | ({MESSAGE_KEY: message} if message else {}),
    )
    audit_record(
        action="create" if kind == AlertEvent.Kind.RAISED else "update",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        obj=alert,
        summary=summary,
        before={"status": from_status} if from_status else None,
        after=({"status": to_status} if to_status else {}) | (data or {}),
        actor_label="" if getattr(actor, "is_authenticated", False) else (actor_label or "系统"),
    )
    return event
