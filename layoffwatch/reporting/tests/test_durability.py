"""A receipt shown is a row on disk (ADR 0044, durability).

A real gunicorn serves the app from a file SQLite database (WAL, synchronous=FULL); clients post
layoff reports concurrently over loopback; the whole server (master and workers) is killed with
SIGKILL in the middle of the load. Afterwards every receipt that a client received is a row, the
database is intact, every stored report is complete (waves, receipt, alert), and the rows that no
client saw acknowledged are at most the requests that were in flight when the server died.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from benchmarks.loadtest import Load, layoff_request_factory, run_load

pytestmark = pytest.mark.skipif(
    subprocess.run([sys.executable, "-c", "import gunicorn"], capture_output=True).returncode != 0
    and not os.environ.get("CI"),
    reason="gunicorn is not installed (pip install -e '.[dev]')",
)

CLIENTS = 8
KILL_AFTER = 60  # acknowledged reports before the kill
ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
            return True
    except OSError:
        return False


def test_every_acknowledged_receipt_survives_a_kill_9_of_the_server(tmp_path):
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LAYOFFWATCH_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "durability-test-secret-key-0123456789-abcdef",
        "DJANGO_SETTINGS_MODULE": "layoffwatch.settings",
        "DEBUG": "false",
        "LOG_LEVEL": "CRITICAL",
        # the load client is a benchmark helper (benchmarks/loadtest.py), run from the checkout
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("SQLITE_TEST_NAME", None)

    def manage(*args) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.loadtest", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    seed = manage("seed", "--enterprises", "40")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "layoffwatch.wsgi:application"]
        + ["--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "critical"],
        env=env,
        cwd=tmp_path,
        start_new_session=True,  # its own process group: SIGKILL reaches master and workers
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    load, stop = Load(), threading.Event()
    try:
        wait_until(lambda: up(port), 30, "the app server to start")
        make = layoff_request_factory(
            host="127.0.0.1", port=port, token=seed["token"], usccs=seed["usccs"]
        )
        thread = threading.Thread(
            target=run_load,
            kwargs=dict(
                host="127.0.0.1",
                port=port,
                make_request=make,
                clients=CLIENTS,
                seconds=90,
                max_requests=20_000,
                stop=stop,
                load=load,
            ),
        )
        thread.start()
        wait_until(
            lambda: sum(r.status == 201 for r in list(load.results)) >= KILL_AFTER,
            60,
            f"{KILL_AFTER} acknowledged reports",
        )
        os.killpg(server.pid, signal.SIGKILL)  # kill -9, master and workers, mid-load
        server.wait(10)
        # the clients now see refused connections (no waiting a fixed time for it)
        wait_until(
            lambda: any(r.status == 0 for r in list(load.results)), 30, "a refused connection"
        )
        stop.set()
        thread.join(60)
    finally:
        stop.set()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)

    statuses = {r.status for r in load.results}
    assert statuses <= {201, 0}, f"unexpected answers: {statuses}"
    receipts = [r.json()["receipt_no"] for r in load.results if r.status == 201]
    assert len(receipts) >= KILL_AFTER and len(set(receipts)) == len(receipts)
    (tmp_path / "receipts.json").write_text(json.dumps(receipts))
    held = manage("count", str(tmp_path / "receipts.json"))
    assert held["integrity"] == "ok"
    assert held["missing"] == [] and held["acknowledged_found"] == len(receipts)
    # a report is stored whole or not at all: its receipt, its waves and its alert commit together
    assert held["receipts"] == held["reports"]
    assert held["reports_without_waves"] == 0 and held["graded_without_alert"] == 0
    # rows nobody saw acknowledged: only requests that were in flight when the server died
    assert 0 <= held["reports"] - len(receipts) <= CLIENTS
