"""Writes to the audit log. Everything that changes a record, logs in or exports calls audit_record."""

import datetime as dt
import decimal
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from layoffwatch.core.pii import mask_id_number, redact_text

from .models import AuditEntry, AuditHead


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dict):
        return {redact_text(str(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return redact_text(value)
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and redact_text(str(value)) != str(value)
    ):
        return redact_text(str(value))  # an ID number sent as a JSON number
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """Field values of a record for the before/after columns. Fields a model lists in PII_FIELDS are masked."""
    pii = set(getattr(instance, "PII_FIELDS", ()))
    data = {}
    for field in instance._meta.concrete_fields:
        if fields and field.name not in fields:
            continue
        if getattr(field, "audit_exclude", False):
            continue
        value = getattr(instance, field.attname)
        if field.name in pii and value:
            value = mask_id_number(str(value))
        data[field.name] = _plain(value)
    return data


def diff(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keep only changed keys (smaller log, clearer history)."""
    if not before or not after:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _client_ip(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")[:45]


def _locked_head() -> AuditHead:
    # why: select_for_update on one head row serialises appenders (PostgreSQL); SQLite's
    # IMMEDIATE transactions already serialise writers.
    head = AuditHead.objects.select_for_update().filter(id=1).first()
    if head is None:  # a fresh database, or a test flush removed the row
        AuditHead.objects.get_or_create(id=1)
        head = AuditHead.objects.select_for_update().get(id=1)
    return head


def _entry(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    request=None,
    actor_label: str = "",
    at: dt.datetime,
) -> AuditEntry:
    """An unsaved, unchained entry; every text column passes through redact_text."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_id, label = actor.pk, actor_label or f"{actor.username}（{actor}）"
    else:
        actor_id, label = None, actor_label or "匿名 / anonymous"
    return AuditEntry(
        at=at,
        actor_id=actor_id,
        # why redact the label too: people type their ID number as a username, and a failed
        # login's label is whatever was typed.
        actor_label=redact_text(label)[:160],
        action=action,
        object_type=object_type[:60],
        object_id=redact_text(str(object_id))[:80],
        summary=redact_text(summary)[:500],
        before=_plain(before),
        after=_plain(after),
        ip=_client_ip(request),
    )


def _chain(entries: list[AuditEntry]) -> None:
    head = _locked_head()
    seq, prev = head.last_seq, head.last_hash
    for entry in entries:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = entry.compute_hash()
    AuditHead.objects.filter(id=1).update(last_seq=seq, last_hash=prev)


@transaction.atomic
def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    request=None,
    actor_label: str = "",
) -> AuditEntry:
    """Append one entry to the log, chained to the one before it."""
    entry = _entry(
        action=action,
        actor=actor,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        before=before,
        after=after,
        request=request,
        actor_label=actor_label,
        at=timezone.now(),
    )
    _chain([entry])
    entry.save()
    return entry


@transaction.atomic
def audit_record_many(records: list[dict]) -> list[AuditEntry]:
    """Append many entries at once (bulk imports): one lock on the head, one INSERT per 500.

    Each dict takes audit_record's keyword arguments. The entries chain exactly as if
    audit_record had been called for each in turn.
    """
    now = timezone.now()
    entries = [_entry(**record, at=now) for record in records]
    if not entries:
        return []
    _chain(entries)
    return AuditEntry.objects.bulk_create(entries, batch_size=500)


def refusal_message(exc: Exception) -> str:
    """The Chinese message(s) of a ValidationError or PermissionDenied, joined for one line."""
    return "；".join(getattr(exc, "messages", None) or [str(exc)])


def audit_refusal(
    *,
    what: str,
    exc: Exception,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    actor_label: str = "",
) -> AuditEntry:
    """A refused action: PermissionDenied is "denied", anything else "rejected". Callers write it
    after their transaction rolled back, so the trace survives while nothing else does (STYLE)."""
    return audit_record(
        action="denied" if isinstance(exc, PermissionDenied) else "rejected",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        obj=obj,
        object_type=object_type,
        summary=f"拒绝{what}：{refusal_message(exc)}",
        actor_label=actor_label,
    )
