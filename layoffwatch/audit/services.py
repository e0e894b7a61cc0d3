"""Writes to the audit log. Everything that changes a record, logs in or exports calls audit_record."""

import datetime as dt
import decimal
import uuid
from typing import Any

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
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return redact_text(value)
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
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_id, label = actor.pk, actor_label or f"{actor.username}（{actor}）"
    else:
        actor_id, label = None, actor_label or "匿名 / anonymous"
    # why: select_for_update on one head row serialises appenders (PostgreSQL); SQLite's
    # IMMEDIATE transactions already serialise writers.
    head, _ = AuditHead.objects.get_or_create(id=1)
    head = AuditHead.objects.select_for_update().get(id=1)
    entry = AuditEntry(
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor_id=actor_id,
        actor_label=label[:160],
        action=action,
        object_type=object_type[:60],
        object_id=redact_text(str(object_id))[:80],
        summary=redact_text(summary)[:500],
        before=_plain(before),
        after=_plain(after),
        ip=_client_ip(request),
        prev_hash=head.last_hash,
    )
    entry.hash = entry.compute_hash()
    entry.save()
    AuditHead.objects.filter(id=1).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry
