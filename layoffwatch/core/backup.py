"""Backup and restore of one installation (ADR 0087; docs/deploy.md “备份与恢复”).

A backup folder holds:
  db.sqlite3 or db.pgdump   the database: SQLite's online backup API (a consistent copy while the
                            app runs) or `pg_dump --format=custom`;
  data/…                    the data dir except the database files, the keys and what is
                            rebuilt or transient: the lake (feeds), the uploads (media), the audit
                            log's anchors and whatever else later versions keep there;
  manifest.json             SHA-256 and size of every file above, the app version, the applied
                            migrations and the local time.
Keys are never in it (SECRET_KEY, LAYOFFWATCH_PII_KEY, the generated `secret_key` file, any
`*.key`/`*_key` file): a stolen backup then reveals no ID number, and the keys are kept apart.
Restore checks every checksum before it changes anything.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .clock import local_datetime
from .hooks import in_use_models

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.pgdump"
# Relative to the data dir; a pattern with no "/" matches a name at any depth.
EXCLUDED = (
    "layoffwatch.sqlite3",  # the database: copied by the online backup, never file by file
    "*.sqlite3-wal",
    "*.sqlite3-shm",
    "*.sqlite3-journal",
    "huey.sqlite3",  # the task queue: transient (nightly tasks re-run, imports re-queue)
    "secret_key",  # keys: backed up apart (docs/deploy.md)
    "*.key",
    "*_key",
    "cache",  # rate-limit counters
    "static",  # collectstatic output, rebuilt from the code
    "lake/.incoming",  # temp files of running imports (ADR 0062)
    "lake/.scratch",  # DuckDB spill files
)


class BackupError(Exception):
    """A refusal, in Chinese and English."""


def _excluded(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) if "/" in p else fnmatch.fnmatch(name, p) for p in EXCLUDED)


def _data_files(root: Path):
    """Every file of the data dir a backup holds (relative POSIX paths), sorted."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel_dir = here.relative_to(root).as_posix()
        dirnames[:] = sorted(
            d for d in dirnames if not _excluded(d if rel_dir == "." else f"{rel_dir}/{d}")
        )
        for f in sorted(filenames):
            rel = f if rel_dir == "." else f"{rel_dir}/{f}"
            if not _excluded(rel) and (here / f).is_file() and not (here / f).is_symlink():
                yield rel


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _pg_args_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # why: never on the command line (ps shows it)
    return args + ["--dbname", str(db["NAME"])], env


def _run(cmd: list[str], env: dict) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(
            f"{cmd[0]} 失败 / failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}"
        )


def _migrations() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        out.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(out.items())}


def _app_version() -> str:
    try:
        return version("layoffwatch")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def backup_write(*, target: Path) -> dict:
    """Write a backup of this installation into `target` (absent or empty). Returns the manifest."""
    target = Path(target).resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    if target == data_dir or data_dir in target.parents:
        raise BackupError(
            f"备份目录不能在数据目录之内：{target} / the backup folder must be outside the data dir"
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"备份目录不是空目录：{target} / the backup folder is not empty")
    target.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    files_now = list(_data_files(data_dir))
    late = ("lake/", "media/")

    def copy(rels):
        for rel in rels:
            dest = target / "data" / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):  # deleted since listed: not in the backup
                shutil.copy2(data_dir / rel, dest)

    # 1. the audit log's anchors and other small files *before* the database: an anchor newer
    #    than the database copy would read as a truncated chain after a restore (ADR 0084)
    copy(rel for rel in files_now if not rel.startswith(late))
    # 2. the database, as of one moment
    if engine == "sqlite":
        db_file = SQLITE_FILE
        src = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        dst = sqlite3.connect(target / db_file)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        db_file = PG_FILE
        args, env = _pg_args_env()
        _run(["pg_dump", "--format=custom", "--file", str(target / db_file), *args], env)
    # 3. the lake and the uploads *after* it: a record never lacks its file (ADR 0087)
    copy(rel for rel in _data_files(data_dir) if rel.startswith(late))
    files = {}
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        rel = path.relative_to(target).as_posix()
        files[rel] = {"sha256": _sha256(path), "size": path.stat().st_size}
    manifest = {
        "format": FORMAT,
        "app": "layoffwatch",
        "app_version": _app_version(),
        "created_at": local_datetime().isoformat(timespec="seconds"),
        "database": {"engine": engine, "file": db_file},
        "migrations": _migrations(),
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return manifest


def backup_check(source: Path) -> dict:
    """The manifest of backup `source` once every file in it matches its checksum and size."""
    source = Path(source).resolve()
    try:
        manifest = json.loads((source / MANIFEST).read_text())
        files = manifest["files"]
        db_file = manifest["database"]["file"]
        engine = manifest["database"]["engine"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(
            f"不是有效的备份：缺少或无法读取 {MANIFEST}（{source}）/ "
            f"not a backup: {MANIFEST} missing or unreadable"
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式不受支持 / unsupported backup format {manifest.get('format')}")
    for rel, meta in files.items():
        path = (source / rel).resolve()
        if source not in path.parents:
            raise BackupError(f"备份清单中的路径无效：{rel} / bad path in the manifest")
        if not path.is_file():
            raise BackupError(f"备份文件缺失：{rel} / backup file missing: {rel}")
        if path.stat().st_size != meta["size"] or _sha256(path) != meta["sha256"]:
            raise BackupError(
                f"备份文件校验失败（内容与清单不符，可能已损坏或被改动）：{rel} / "
                f"backup file does not match its checksum (damaged or altered): {rel}"
            )
    listed = set(files)
    for path in source.rglob("*"):
        rel = path.relative_to(source).as_posix()
        if path.is_file() and rel != MANIFEST and rel not in listed:
            raise BackupError(f"备份中有清单以外的文件：{rel} / a file not in the manifest: {rel}")
    if db_file not in files:
        raise BackupError(f"备份缺少数据库文件 / the backup has no database file ({db_file})")
    if engine != _engine():
        raise BackupError(
            f"备份来自 {engine} 数据库，本机配置的是 {_engine()} / "
            f"the backup is of a {engine} database; this install uses {_engine()}"
        )
    return manifest


def _database_has_data() -> bool:
    """A row in any model the apps registered on `in_use_models` (users, audit entries,
    enterprises; ADR 0093) whose table exists."""
    tables = set(connection.introspection.table_names())
    for model in in_use_models.handlers:
        if model._meta.db_table in tables and model.objects.exists():
            return True
    return False


def restore_from(*, source: Path, force: bool = False) -> dict:
    """Bring this installation back to backup `source`. Checks everything before changing anything;
    refuses a database or data dir that holds data unless `force`. Returns the manifest."""
    source = Path(source).resolve()
    manifest = backup_check(source)
    data_dir = Path(settings.DATA_DIR).resolve()
    if not force:
        if _database_has_data():
            raise BackupError(
                "数据库中已有数据，恢复会覆盖它；确认后加 --force / "
                "the database holds data that a restore would overwrite: add --force to confirm"
            )
        occupied = [rel for rel in _data_files(data_dir)]
        if occupied:
            raise BackupError(
                f"数据目录中已有文件（如 {occupied[0]}），恢复会覆盖它们；确认后加 --force / "
                f"the data dir holds files (e.g. {occupied[0]}): add --force to confirm"
            )
    unknown = _unknown_migrations(manifest["migrations"])
    if unknown:
        raise BackupError(
            f"备份来自更新的版本（本程序没有迁移 {unknown[0]}），请先升级程序 / "
            f"the backup is from a newer version (unknown migration {unknown[0]}): upgrade first"
        )
    db_file = source / manifest["database"]["file"]
    if manifest["database"]["engine"] == "sqlite":
        connection.close()
        src = sqlite3.connect(db_file)
        dst = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            with dst:
                src.backup(dst)  # page by page into the live file: WAL and readers stay sound
        finally:
            dst.close()
            src.close()
    else:
        connection.close()
        args, env = _pg_args_env()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(db_file),
            ],
            env,
        )
    # the data dir: each top-level folder of the backup replaces this one's (lake, media …)
    data = source / "data"
    if data.is_dir():
        for top in sorted(data.iterdir()):
            here = data_dir / top.name
            if top.is_dir():
                if here.is_dir():
                    shutil.rmtree(here)
                shutil.copytree(top, here)
            else:
                shutil.copy2(top, here)
    return manifest


def _unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app}.{name}"
        for app, names in applied.items()
        for name in names
        if (app, name) not in known
    )
