"""The audit log's keys and its anchors outside the database (ADR 0084).

Keys: entries are chained with HMAC-SHA256 under a subkey of a secret from the settings
(`AUDIT_KEYS`, id → secret; `AUDIT_KEY_ID` signs new entries), never from the database, so
someone who can write to the database cannot recompute a chain. Entries written before the
keys (key id 0) carry the public SHA-256 of ADR 0046 and are accepted only up to the cut-over
position recorded for their chain.

Anchors: one JSON line per checkpoint of the chains' heads (chain → last position and its
MAC), plus each chain's cut-over, the line itself MAC'd with the current key. Lines are
appended to `AUDIT_ANCHOR_FILE` (O_APPEND, fsync) and to a dated daily digest under
`AUDIT_DIGEST_DIR`. A truncated chain, a chain cut back and re-grown, or a chain removed with
its head row no longer reaches the anchored head. No ORM here: migration 0005 uses it too.
"""

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

LABEL = b"layoffwatch.audit-log.v1"  # domain separation from SECRET_KEY's other uses
TAIL_CHUNK = 64 * 1024


class UnknownAuditKey(LookupError):
    pass


@cache
def _subkey(secret: str) -> bytes:
    return hmac.new(secret.encode(), LABEL, hashlib.sha256).digest()


def current_key_id() -> int:
    return settings.AUDIT_KEY_ID


def mac(key_id: int, blob: bytes) -> str:
    """HMAC-SHA256 of `blob` under audit key `key_id`; UnknownAuditKey if no such key is set."""
    secret = settings.AUDIT_KEYS.get(key_id)
    if secret is None:
        raise UnknownAuditKey(key_id)
    return hmac.new(_subkey(secret), blob, hashlib.sha256).hexdigest()


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Anchor:
    """One checkpoint: heads = {chain: (position, mac)}, legacy_until = {chain: last unkeyed
    position} (chains not named have none)."""

    at: str
    kind: str
    heads: dict[int, tuple[int, str]]
    legacy_until: dict[int, int]
    source: str = ""


def anchor_line(
    *,
    kind: str,
    at: dt.datetime,
    heads: dict[int, tuple[int, str]],
    legacy_until: dict[int, int],
) -> str:
    key_id = current_key_id()
    body = {
        "v": 1,
        "kind": kind,
        "at": at.isoformat(timespec="seconds"),
        "key": key_id,
        "heads": {str(c): [p, m] for c, (p, m) in sorted(heads.items())},
        "legacy_until": {str(c): p for c, p in sorted(legacy_until.items())},
    }
    body["mac"] = mac(key_id, canonical(body))
    return json.dumps(body, sort_keys=True, separators=(",", ":")) + "\n"


def parse_line(line: str, source: str = "") -> Anchor | None:
    """The anchor of one line, or None if it is not one or its MAC does not check out."""
    try:
        body = json.loads(line)
        signature = body.pop("mac")
        expected = mac(int(body["key"]), canonical(body))
        if not hmac.compare_digest(signature, expected):
            return None
        heads = {int(c): (int(p), str(m)) for c, (p, m) in body["heads"].items()}
        legacy = {int(c): int(p) for c, p in body.get("legacy_until", {}).items()}
        return Anchor(body["at"], body["kind"], heads, legacy, source)
    except (ValueError, KeyError, TypeError, AttributeError, UnknownAuditKey):
        return None


def append_line(path: Path, line: str) -> None:
    """Append one line and fsync it (O_APPEND: never rewrites what is there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Serialise checkpoints (the periodic task, audit_verify) so that a slower one never
    appends heads older than the line a faster one just wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def last_anchor(path: Path) -> Anchor | None:
    """The last line of `path` whose MAC checks out (read from the end, a chunk at a time)."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return None
    with handle:
        end = handle.seek(0, os.SEEK_END)
        tail = b""
        while end > 0:
            start = max(0, end - TAIL_CHUNK)
            handle.seek(start)
            tail = handle.read(end - start) + tail
            end = start
            lines = tail.split(b"\n")
            # the first piece may be a partial line unless we reached the start of the file
            complete, tail = (lines, b"") if start == 0 else (lines[1:], lines[0])
            for raw in reversed(complete):
                if raw.strip():
                    anchor = parse_line(raw.decode("utf-8", "replace"), str(path))
                    if anchor is not None:
                        return anchor
    return None


def digest_path(day: dt.date) -> Path:
    return Path(settings.AUDIT_DIGEST_DIR) / f"audit-digest-{day:%Y-%m-%d}.txt"


def latest_digest() -> Anchor | None:
    """The newest daily digest's last valid line."""
    directory = Path(settings.AUDIT_DIGEST_DIR)
    if not directory.is_dir():
        return None
    for path in sorted(directory.glob("audit-digest-*.txt"), reverse=True):
        anchor = last_anchor(path)
        if anchor is not None:
            return anchor
    return None
