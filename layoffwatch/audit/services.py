"""Writes to the audit log. Everything that changes a record, logs in or exports calls audit_record.

The log is AUDIT_CHAINS independent hash chains; a process appends to one of them
(chain_for_this_process). A transaction that writes several entries wraps its work in
audit_batch() so that they are chained and written together at its end (ADR 0046).
"""

import dataclasses
import datetime as dt
import decimal
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from layoffwatch.core.client import client_address
from layoffwatch.core.clock import local_day
from layoffwatch.core.pii import mask_id_number, redact_text

from . import anchors
from .models import AuditEntry, AuditHead

DEFAULT_CHAINS = 16


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
    return client_address(request) or ""


def chain_count() -> int:
    """How many hash chains the log has: settings.AUDIT_CHAINS (default 16)."""
    count = getattr(settings, "AUDIT_CHAINS", DEFAULT_CHAINS)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 32767:
        raise ImproperlyConfigured(
            f"AUDIT_CHAINS 须为 1 到 32767 的整数 / AUDIT_CHAINS must be an integer 1..32767, "
            f"not {count!r}"
        )
    return count


def chain_for_this_process() -> int:
    """The chain this process appends to: os.getpid() % AUDIT_CHAINS + 1.

    why one chain per process: a transaction then never locks two heads (no deadlock between
    chains), and different gunicorn/Huey workers usually append to different chains (ADR 0046).
    """
    return os.getpid() % chain_count() + 1


def _locked_head(chain: int) -> AuditHead:
    # why: select_for_update on the chain's head row serialises the appenders of that chain
    # (PostgreSQL) until their transaction ends; SQLite's IMMEDIATE transactions already
    # serialise writers.
    head = AuditHead.objects.select_for_update().filter(id=chain).first()
    if head is None:  # the chain's first entry, a fresh database, or a test flush
        AuditHead.objects.get_or_create(id=chain)
        head = AuditHead.objects.select_for_update().get(id=chain)
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


def _write(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Chain `entries` onto this process's chain and insert them: one head lock, one head UPDATE
    and one INSERT per 500 entries. Must run inside a transaction (the lock lasts until it ends)."""
    chain = chain_for_this_process()
    head = _locked_head(chain)
    position, prev = head.last_position, head.last_hash
    key_id = anchors.current_key_id()  # MAC'd with the settings' key, not the database's (ADR 0084)
    for entry in entries:
        position += 1
        entry.chain, entry.position, entry.prev_hash = chain, position, prev
        entry.key_id = key_id
        entry.hash = prev = entry.compute_hash()
    AuditHead.objects.filter(id=chain).update(last_position=position, last_hash=prev)
    # bulk_create sets each entry's seq (RETURNING: PostgreSQL, SQLite >= 3.35)
    return AuditEntry.objects.bulk_create(entries, batch_size=500)


def _write_now(entries: list[AuditEntry]) -> list[AuditEntry]:
    # why savepoint=False: inside the caller's transaction this adds no SAVEPOINT/RELEASE round
    # trips (an entry costs exactly: lock head, update head, insert); outside one it is the
    # transaction. An error here is the caller's transaction's error anyway.
    with transaction.atomic(savepoint=False):
        return _write(entries)


@dataclasses.dataclass
class _Batch:
    connection: Any
    savepoints: int  # how many savepoints were open when the batch began
    entries: list[tuple[AuditEntry, Callable | None]] = dataclasses.field(default_factory=list)

    def add(self, entries: list[AuditEntry]) -> None:
        marker = None
        if len(self.connection.savepoint_ids) > self.savepoints:
            # why: recorded inside a nested atomic block (a savepoint) that may still be rolled
            # back while the batch carries on; Django drops on-commit callbacks registered under
            # a savepoint that rolls back, so this no-op callback tells whether the entry's
            # changes survived (an immediate write would have been rolled back with them).
            def marker():
                pass

            self.connection.on_commit(marker)
        self.entries.extend((entry, marker) for entry in entries)

    def surviving(self) -> list[AuditEntry]:
        if all(marker is None for _, marker in self.entries):
            return [entry for entry, _ in self.entries]
        alive = {item[1] for item in self.connection.run_on_commit}
        return [entry for entry, marker in self.entries if marker is None or marker in alive]


_batch: ContextVar[_Batch | None] = ContextVar("audit_batch", default=None)


@contextmanager
def audit_batch() -> Iterator[None]:
    """Buffer the audit entries of a transaction and write them together at the end.

    Inside the block, audit_record and audit_record_many touch no database: they build the entry
    (redacted as always) and buffer it. At normal exit of the outermost audit_batch the buffer is
    chained and written with one head lock, one head UPDATE and one INSERT, still inside the
    caller's transaction (so the head is locked only from there until the commit). On an
    exception the buffer is discarded (the caller's transaction is rolling back). A nested
    audit_batch joins the outer one. Entries recorded inside a nested atomic block that is rolled
    back (the batch carrying on) are dropped, as they would have been if written at once.
    audit_refusal is never buffered.

    Must be used inside transaction.atomic; raises RuntimeError otherwise.
    """
    if _batch.get() is not None:
        yield
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError(
            "audit_batch() 须在 transaction.atomic 内使用 / "
            "audit_batch() must be used inside transaction.atomic"
        )
    batch = _Batch(connection=connection, savepoints=len(connection.savepoint_ids))
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    entries = batch.surviving()  # reached only on normal exit
    if entries:
        _write(entries)


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
    """Append one entry to this process's chain, chained to the entry before it.

    Inside audit_batch the entry is only buffered: the returned AuditEntry is unsaved (its seq,
    chain, position and hash are None/empty) until the batch is written at the batch's end,
    which fills them in on this same object.
    """
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
    batch = _batch.get()
    if batch is not None:
        batch.add([entry])
        return entry
    return _write_now([entry])[0]


def audit_record_many(records: list[dict]) -> list[AuditEntry]:
    """Append many entries at once (bulk imports): one lock on the head, one INSERT per 500.

    Each dict takes audit_record's keyword arguments. The entries chain exactly as if
    audit_record had been called for each in turn. Inside audit_batch they are buffered (unsaved
    until the batch is written), like audit_record's.
    """
    now = timezone.now()
    entries = [_entry(**record, at=now) for record in records]
    if not entries:
        return []
    batch = _batch.get()
    if batch is not None:
        batch.add(entries)
        return entries
    return _write_now(entries)


def audit_page_denied(*, request, summary: str) -> AuditEntry:
    """A page refused to `request.user` by role or scope (core.permissions.deny, ADR 0002):
    action "denied", the path as the object. Registered on core's `on_denied` hook (ADR 0093)."""
    return audit_record(
        action="denied",
        actor=request.user,
        object_id=request.path[:80],
        summary=summary,
        request=request,
    )


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
    after their transaction rolled back, so the trace survives while nothing else does (STYLE).

    Never buffered, even inside audit_batch: it is written at once (the trace must not wait for,
    or depend on, a batch whose transaction is failing). Written inside a transaction that then
    rolls back, it is rolled back with it: write it after the rollback, as the callers do.
    """
    entry = _entry(
        action="denied" if isinstance(exc, PermissionDenied) else "rejected",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        obj=obj,
        object_type=object_type,
        summary=f"拒绝{what}：{refusal_message(exc)}",
        actor_label=actor_label,
        at=timezone.now(),
    )
    return _write_now([entry])[0]


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    """What audit_checkpoint did: wrote a line (or found nothing new), and which chains it held
    at their anchored head because the database no longer reaches it (cut back or rewritten)."""

    written: bool
    heads: dict[int, tuple[int, str]]
    held: list[int]


def _still_reaches(chain: int, anchored: tuple[int, str]) -> bool:
    position, mac = anchored
    return AuditEntry.objects.filter(chain=chain, position=position, hash=mac).exists()


def audit_checkpoint(*, at: dt.datetime) -> Checkpoint:
    """Append the chains' heads to the anchor file (ADR 0084), if they moved since its last line.

    One query for the heads, one per chain that moved (its entry at the anchored position must
    still carry the anchored MAC). A chain whose head went back, or no longer reaches its
    anchored entry, keeps its anchored head in the new line (it is "held"): a checkpoint never
    launders a truncation, audit_verify goes on reporting it.
    """
    path = settings.AUDIT_ANCHOR_FILE
    with anchors.locked(path):
        last = anchors.last_anchor(path)
        current = {h.id: h for h in AuditHead.objects.all()}
        heads = dict(last.heads) if last else {}
        if last:
            legacy = dict(last.legacy_until)
        else:
            legacy = {c: h.legacy_until for c, h in current.items() if h.legacy_until}
        held = []
        for chain, head in sorted(current.items()):
            now = (head.last_position, head.last_hash)
            before = heads.get(chain)
            if head.last_position == 0 or now == before:
                continue
            if before is None or (now[0] > before[0] and _still_reaches(chain, before)):
                heads[chain] = now
            else:
                held.append(chain)
        held += sorted(set(heads) - set(current))  # a head row removed
        if last and heads == last.heads and legacy == last.legacy_until:
            return Checkpoint(written=False, heads=heads, held=held)
        line = anchors.anchor_line(kind="checkpoint", at=at, heads=heads, legacy_until=legacy)
        anchors.append_line(path, line)
    return Checkpoint(written=True, heads=heads, held=held)


def audit_digest(*, at: dt.datetime) -> Path:
    """The daily digest: a checkpoint, then its heads into a dated file under AUDIT_DIGEST_DIR
    (meant to be shipped off the host with the backups). Returns the file's path."""
    checkpoint = audit_checkpoint(at=at)
    last = anchors.last_anchor(settings.AUDIT_ANCHOR_FILE)
    legacy = last.legacy_until if last else {}
    day = local_day(at)
    path = anchors.digest_path(day)
    lines = [f"# 审计日志每日摘要 {day:%Y年%-m月%-d日} / daily audit digest {day.isoformat()}\n"]
    for chain, (position, mac) in sorted(checkpoint.heads.items()):
        lines.append(
            f"# 第 {chain} 号链：至第 {position} 条，签名 {mac[:16]}… / "
            f"chain {chain}: position {position}, MAC {mac[:16]}…\n"
        )
    lines.append(
        anchors.anchor_line(kind="digest", at=at, heads=checkpoint.heads, legacy_until=legacy)
    )
    anchors.append_line(path, "".join(lines))
    return path
