"""A LayoffWatch installation run as real `layoffwatch` processes, for tests of backup, restore and
crash recovery (ADR 0087): its own data dir and, when the suite runs on PostgreSQL, its own
fresh database.

An installation that a test does not migrate itself may start from a copy of `Migrated`: one
database that a real `layoffwatch migrate` brought from nothing, once per test process (the
copy takes a fraction of a second, the migration seconds of CPU). The migration from nothing is
still run for real: by that template, by `layoffwatch demo` on an empty database
(test_running_system's demo test) and by the suite's own test database."""

import json
import os
import sqlite3
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path

KEYS = {
    "SECRET_KEY": "backup-test-secret-key-0123456789-abcdefghij",
    "LAYOFFWATCH_PII_KEY": "backup-test-pii-key-0123456789-abcdefghijklmn",
}


def suite_postgres() -> str:
    """The suite's PostgreSQL URL, or '' when the suite runs on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else ""


def postgres_database(url: str, template: str | None = None) -> tuple[str, callable]:
    """A fresh database on the suite's PostgreSQL server (a copy of `template` if named); its URL
    and how to drop it."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    name = f"lw_running_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), drop


class Install:
    """One installation: a data dir (and, on PostgreSQL, a database) with the test's keys."""

    def __init__(self, data_dir: Path, database_url: str | None):
        data_dir.mkdir()
        self.data_dir = data_dir
        self.env = os.environ | KEYS | {"LAYOFFWATCH_DATA_DIR": str(data_dir)}
        for name in ("SQLITE_TEST_NAME", "HUEY_IMMEDIATE", "REDIS_URL"):
            self.env.pop(name, None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        else:
            self.env.pop("DATABASE_URL", None)

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "-m", "layoffwatch.cli", *args],
            env=self.env,
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if ok:
            assert done.returncode == 0, f"layoffwatch {' '.join(args)}:\n{done.stderr}"
        return done

    def shell(self, code: str):
        """What `code`, run in `layoffwatch shell`, prints as JSON on its last line."""
        return json.loads(self.run("shell", "-c", code).stdout.strip().splitlines()[-1])


class Migrated:
    """A database migrated from nothing by a real `layoffwatch migrate` (schema and the reference
    data the migrations load), never used itself: installations start from copies of it."""

    def __init__(self, root: Path):
        self.drop = lambda: None
        database_url = None
        if url := suite_postgres():
            database_url, self.drop = postgres_database(url)
        template = Install(root / "migrated", database_url)
        template.run("migrate", "--no-input")
        self.sqlite = template.data_dir / "layoffwatch.sqlite3"
        self.postgres = urllib.parse.urlsplit(database_url).path.lstrip("/") if database_url else ""

    def sqlite_copy(self, path: Path) -> None:
        """The migrated SQLite database written to `path` (through SQLite's backup API: whole and
        consistent, whatever its journal mode)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        source, copy = sqlite3.connect(self.sqlite), sqlite3.connect(path)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()

    def postgres_copy(self, url: str) -> tuple[str, callable]:
        """A fresh database on the suite's server that is a copy of the migrated one."""
        return postgres_database(url, template=self.postgres)


def installs_of(tmp_path: Path, migrated: Migrated | None = None):
    """A fixture body: yields a maker of installations on the suite's database engine (each with
    a fresh PostgreSQL database when the suite runs on PostgreSQL), dropped afterwards.

    `make(name)` is an empty installation; `make(name, from_migrated=True)` one whose database is a
    copy of `migrated` (for tests that are not about migrating)."""
    url = suite_postgres()
    drops = []

    def make(name: str, *, from_migrated: bool = False) -> Install:
        assert migrated or not from_migrated, "a migrated copy needs the `migrated` fixture"
        database_url = None
        if url:
            if from_migrated:
                database_url, drop = migrated.postgres_copy(url)
            else:
                database_url, drop = postgres_database(url)
            drops.append(drop)
        install = Install(tmp_path / name, database_url)
        if from_migrated and not url:
            migrated.sqlite_copy(install.data_dir / "layoffwatch.sqlite3")
        return install

    yield make
    for drop in drops:
        drop()
