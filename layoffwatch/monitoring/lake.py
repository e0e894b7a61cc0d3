"""The data lake: `LAKE_DIR/<source>/<YYYY-MM>.parquet` (ARCHITECTURE: Analytics), written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import threading
import time
import uuid
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
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


def incoming_dir() -> Path:
    """The lake's hidden work folder: temp files being written or waiting to be published, one
    folder per import of several months, the page's uploads waiting on the queue. Readers and
    their globs never look here, and backups leave it out (ADR 0087)."""
    folder = lake_dir() / ".incoming"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sweep_incoming() -> None:
    """Remove what crashed or abandoned imports left in `.incoming` (files older than a day: a
    running import's files are younger), then the folders they leave empty."""
    folder = incoming_dir()
    stale = time.time() - STALE_INCOMING_SECONDS
    for old in [*folder.glob("*.parquet"), *folder.glob("*/*"), *folder.glob("uploads/*/*")]:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            if old.is_file() and old.stat().st_mtime < stale:
                old.unlink()
    for sub in [*folder.glob("uploads/*"), *folder.glob("*")]:
        with contextlib.suppress(OSError):  # not empty, or gone: kept as it is
            if sub.is_dir() and sub.name != "uploads" and sub.stat().st_mtime < stale:
                sub.rmdir()


def temp_path(kind: str) -> Path:
    """A temp file in the lake's hidden `.incoming` folder: outside every kind's folder (readers
    and their globs never see it, and a rejected file leaves the kind's folder untouched) and on
    the lake's filesystem (the rename that publishes it stays atomic)."""
    sweep_incoming()
    return incoming_dir() / f"{kind}-{uuid.uuid4().hex}.parquet"


def batch_dir() -> Path:
    """A new folder in `.incoming` for the month files of one file of several months: its name,
    part of each month's recorded `incoming_path`, groups them when they are published and
    recovered (ADR 0097)."""
    folder = incoming_dir() / f"batch-{uuid.uuid4().hex}"
    folder.mkdir()
    return folder


def discard_batch(folder: Path) -> None:
    """Remove a batch folder and whatever is left in it (its months were not published)."""
    if folder.parent == incoming_dir() and folder.name.startswith("batch-"):
        for f in folder.glob("*"):
            f.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()


def upload_dir(token: str) -> Path:
    """Where a file uploaded on the import page waits for the queue (and, when it would replace
    months, for the user's confirmation): `.incoming/uploads/<token>/`, readable by this user
    only; removed when the import ends, or a day later (sweep_incoming)."""
    folder = incoming_dir() / "uploads" / token
    folder.parent.mkdir(mode=0o700, exist_ok=True)
    return folder


def month_rows(kind: str, period: str) -> int | None:
    """How many rows the lake holds for a kind's month (None: no such month), from the Parquet
    footer: nothing else of the file is read."""
    path = lake_path(kind, period)
    try:
        return pq.read_metadata(path).num_rows
    except FileNotFoundError:
        return None


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


_readers = threading.local()


def reader() -> duckdb.DuckDBPyConnection:
    """This thread's connection for small read-only queries (a page's indicators), kept between
    calls: opening one costs ~15 ms and the month page asks ~60 questions. Never closed by its
    caller; one per thread and lake folder (tests switch folders), so it is never shared."""
    key = str(lake_dir())
    con = getattr(_readers, "cons", {}).get(key)
    if con is None:
        con = connect()
        _readers.cons = {**getattr(_readers, "cons", {}), key: con}
    return con


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
