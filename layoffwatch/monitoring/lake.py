"""The data lake: `LAKE_DIR/<source>/<YYYY-MM>.parquet` (ARCHITECTURE: Analytics), written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import time
import uuid
from pathlib import Path

import duckdb
from django.conf import settings

# Parquet as the importers write it: snappy (cheap to write and read; the person key and the
# coded columns compress well anyway) in row groups of ~1M rows (a few per core for a 10^7 month).
PARQUET_OPTIONS = "COMPRESSION snappy, ROW_GROUP_SIZE 1048576"
# a temp file in .incoming/ older than this was left by a crashed import and is removed
STALE_INCOMING_SECONDS = 24 * 3600


def person_key(id_hash: str) -> int:
    """The lake's person key (UBIGINT) for an app record's keyed_hash: its first 8 bytes (ADR 0061)."""
    return int(id_hash[:16], 16)


def lake_dir() -> Path:
    return Path(settings.LAKE_DIR)


def lake_path(kind: str, period: str) -> Path:
    return lake_dir() / kind / f"{period}.parquet"


def lake_periods(kind: str) -> list[str]:
    folder = lake_dir() / kind
    if not folder.exists():
        return []
    return sorted(p.stem for p in folder.glob("*.parquet"))


def temp_path(kind: str) -> Path:
    """A temp file in the lake's hidden `.incoming` folder: outside every kind's folder (readers
    and their globs never see it, and a rejected file leaves the kind's folder untouched) and on
    the lake's filesystem (the rename that publishes it stays atomic)."""
    folder = lake_dir() / ".incoming"
    folder.mkdir(parents=True, exist_ok=True)
    # what a crashed import left behind (a running import's file is younger than a day)
    stale = time.time() - STALE_INCOMING_SECONDS
    for old in folder.glob("*.parquet"):
        with contextlib.suppress(FileNotFoundError):
            if old.stat().st_mtime < stale:
                old.unlink()
    return folder / f"{kind}-{uuid.uuid4().hex}.parquet"


def publish(temp: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # why os.replace: readers see the old file or the new one, never half a file (POSIX rename).
    # why the fsyncs: the run is marked imported right after; a power cut must not undo the
    # rename or leave the file's blocks unwritten behind a committed record (ADR 0087).
    with open(temp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(temp, target)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# Test-only fault injection (ADR 0087): LAYOFFWATCH_CRASH_AT=<point> kills the process with SIGKILL
# at that point, as a power cut would, so that a test can prove the recovery. Unset in production.
CRASH_AT_ENV = "LAYOFFWATCH_CRASH_AT"


def fault_point(name: str) -> None:
    if os.environ.get(CRASH_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def connect(*, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to the lake's scratch folder instead of failing on big joins."""
    con = duckdb.connect(":memory:")
    scratch = lake_dir() / ".scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory = '{scratch.as_posix()}'")
    con.execute(
        f"SET memory_limit = '{memory_limit or getattr(settings, 'DUCKDB_MEMORY_LIMIT', '3GB')}'"
    )
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"SET threads = {getattr(settings, 'DUCKDB_THREADS', None) or os.cpu_count() or 2}")
    return con
