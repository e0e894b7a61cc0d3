"""The processes that make up a running LayoffWatch, and one small supervisor for them (ADR 0080).

A running system is always two kinds of process: the web server (what users talk to) and the
queue consumer (Huey: response cases, the district assessment, email and robot messages,
detection after an import, reminders, escalation). Without the consumer a report is received
but its case never opens, so every mode — `layoffwatch demo` and `layoffwatch serve` — starts
both. In production each may instead run under its own systemd unit (docs/deploy.md), with
`layoffwatch serve --only web` and `--only queue`.

The supervisor is deliberately small: start each command as a child, and when any child ends or
the supervisor is asked to stop (Ctrl-C, SIGTERM from systemd), stop the others — SIGTERM first
(gunicorn and Huey both finish their current work on it), SIGKILL after a grace period.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

STOP_GRACE_SECONDS = 15  # why: Huey finishes a running task on SIGTERM; a case opening takes < 1 s


def manage(*args: str) -> list[str]:
    """The command line of `layoffwatch ARGS…` with this very interpreter (the same virtualenv)."""
    return [sys.executable, "-m", "layoffwatch.cli", *args]


@dataclass
class Process:
    name: str  # shown in the log: "web", "queue"
    argv: list[str]
    nice: int = 0  # added niceness: the queue yields the CPU to the web server (benchmarks/README)
    popen: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, env: dict[str, str] | None = None) -> None:
        def lower_priority() -> None:
            if self.nice:
                os.nice(self.nice)

        # why a process group of its own: Ctrl-C in a terminal signals the whole foreground group,
        # and Huey takes SIGINT as "stop now"; only the supervisor hears it and asks each child to
        # stop gracefully (SIGTERM), in order.
        self.popen = subprocess.Popen(
            self.argv, env=env, preexec_fn=lower_priority, process_group=0
        )


def web_process(*, bind: str, workers: int, threads: int) -> Process:
    """gunicorn with the project's WSGI app; sync workers plus threads for slow uploads."""
    return Process(
        "web",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "layoffwatch.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            str(STOP_GRACE_SECONDS),
        ],
    )


def demo_web_process(*, port: int) -> Process:
    """Django's own server for the demo (static files from WhiteNoise, no autoreload)."""
    return Process("web", manage("runserver", f"127.0.0.1:{port}", "--noreload"))


def queue_process(*, workers: int, nice: int = 0) -> Process:
    """The Huey consumer with its periodic jobs (reminders, escalation, nightly detection).

    SIGTERM is its graceful signal (it finishes the task at hand: an email is not sent twice nor
    lost), as systemd and the supervisor send it. Polling backs off to at most one second: the
    SQLite queue has no blocking read, and a case should open within seconds of a report (Redis
    wakes the consumer at once).
    """
    argv = manage("run_huey", "--workers", str(workers), "--worker-type", "thread")
    argv += ["--graceful-signal", "TERM", "--max-delay", "1"]
    return Process("queue", argv, nice)


def run_together(
    processes: list[Process],
    *,
    say: Callable[[str], None] = print,
    env: dict[str, str] | None = None,
) -> int:
    """Run the processes until one ends or we are told to stop; then stop them all.

    Returns the exit status: 0 when stopped on request, else the status of the first child that
    ended by itself (a crashed web server must not leave a consumer running unnoticed).
    """
    stopping = False

    def ask_to_stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, ask_to_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    status = 0
    try:
        for process in processes:
            process.start(env)
            say(f"  {process.name}: pid {process.popen.pid}")
        while not stopping:
            ended = [p for p in processes if p.popen.poll() is not None]
            if ended:
                first = ended[0]
                status = first.popen.returncode or 1
                say(f"{first.name} 已退出（状态 {first.popen.returncode}），停止其余进程 / exited")
                break
            time.sleep(0.2)
    finally:
        _stop_all(processes)
        for s, handler in previous.items():
            signal.signal(s, handler)
    return status


def _stop_all(processes: list[Process]) -> None:
    running = [p for p in processes if p.popen is not None and p.popen.poll() is None]
    for p in running:
        p.popen.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for p in running:
        try:
            p.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.popen.kill()
            p.popen.wait()
