"""Readiness of the parts a request or a queued job needs (GET /readyz, docs/deploy.md).

Each check does the smallest real thing its part is for — a query on a migrated table, a write
and read-back in the queue's storage, a file written and removed in the data lake — and answers
only whether it worked and, when not, the kind of error: the endpoint is public (a load balancer
calls it), so no path, address, query or data goes out.
"""

import os
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from huey.contrib.djhuey import HUEY


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
        if cursor.fetchone() is None:
            raise RuntimeError("not migrated")


def _queue() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    HUEY.storage.put_data(key, b"1")
    if HUEY.storage.pop_data(key) != b"1":
        raise RuntimeError("read back failed")


def _lake() -> None:
    lake = settings.LAKE_DIR
    lake.mkdir(parents=True, exist_ok=True)
    probe = lake / f".readyz-{uuid.uuid4().hex}"
    with open(probe, "wb") as f:
        f.write(b"1")
        f.flush()
        os.fsync(f.fileno())
    probe.unlink()


CHECKS: dict[str, Callable[[], None]] = {"database": _database, "queue": _queue, "lake": _lake}


def readiness() -> dict[str, dict]:
    """{"database": {"ok": True}, "queue": {"ok": False, "error": "ConnectionError"}, …}"""
    result = {}
    for name, check in CHECKS.items():
        try:
            check()
            result[name] = {"ok": True}
        except Exception as exc:  # why: any failure means "not ready"; say which part and its kind
            result[name] = {"ok": False, "error": type(exc).__name__}
    if not result["database"]["ok"]:
        connection.close()  # why: a broken connection must not be reused by the next request
    return result
