"""A LayoffWatch installation run as real `layoffwatch` processes, for tests of backup, restore and
crash recovery (ADR 0087): its own data dir and, when the suite runs on PostgreSQL, its own
fresh database."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .test_running_system import _postgres_database

KEYS = {
    "SECRET_KEY": "backup-test-secret-key-0123456789-abcdefghij",
    "LAYOFFWATCH_PII_KEY": "backup-test-pii-key-0123456789-abcdefghijklmn",
}


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


def installs_of(tmp_path: Path):
    """A fixture body: yields a maker of installations on the suite's database engine (each with
    a fresh PostgreSQL database when the suite runs on PostgreSQL), dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    drops = []

    def make(name: str) -> Install:
        database_url = None
        if url.startswith("postgres"):
            database_url, drop = _postgres_database(url)
            drops.append(drop)
        return Install(tmp_path / name, database_url)

    yield make
    for drop in drops:
        drop()
