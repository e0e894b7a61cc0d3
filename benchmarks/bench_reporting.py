"""Intake benchmark (ADR 0044): sustained layoff-report intake over the API, beside a bare Django view.

Run: `.venv/bin/python benchmarks/bench_reporting.py` (or `make bench`). For each database
(PostgreSQL at BENCH_PG_URL if it answers, then a file SQLite database with WAL and
synchronous=FULL) it:

1. creates a fresh database, migrates it and seeds BENCH_ENTERPRISES enterprises, the people
   who are told of alerts (3 staff of 就业促进和职业能力建设科, one liaison per town) and a token
   (`python -m benchmarks.loadtest seed`);
2. serves the project with gunicorn (BENCH_WORKERS sync workers, persistent DB connections) on a
   free loopback port; this module's `application` adds one bare view that inserts one row
   (a `Receipt`, through the ORM, in a transaction) behind the same middleware as the API;
3. warms up, then runs BENCH_CLIENTS concurrent clients for BENCH_SECONDS against the bare view,
   then against the API floor (the same bodies checked as the API checks them — token, scope,
   fields — and nothing stored), then against `POST /api/v1/reports/layoff` (token,
   Idempotency-Key, grading, alert raise/escalate and in-app notifications in the same
   transaction), taking the CPU time of each part of the machine around each phase;
4. counts what the database holds and prints reports/s, p50/p99 and the report→alert latency
   (a response that carries an alert was sent after the alert and its in-app notifications
   committed, so its latency is the report→alert latency).

Load goes to 127.0.0.1 only and every loop is bounded by count and time. Results are written to
benchmarks/out/bench_reporting.json; the numbers in README.md come from such a run.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_PATH = "/api/bench-bare-insert"
FLOOR_PATH = "/api/bench-floor/layoff"
SECRET = "bench-reporting-secret-key-0123456789-abcdefgh"

_app = None


# ------------------------------------------------------------------ the server side (gunicorn)


def application(environ, start_response):
    """gunicorn entry point: the project's WSGI app plus the bare one-row view."""
    global _app
    if _app is None:
        _app = _build()
    return _app(environ, start_response)


def _build():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layoffwatch.settings")
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import transaction
    from django.http import JsonResponse
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    import layoffwatch.urls
    from layoffwatch.reporting.models import Receipt

    @csrf_exempt
    def bare_insert(request):
        with transaction.atomic():
            row = Receipt.objects.create(kind=Receipt.Kind.MONTHLY)
        return JsonResponse({"id": row.pk}, status=201)

    # The floor (diagnostic, README "round 5"): what every API report does before anything is
    # stored — ninja parses and validates the same body, the bearer token is looked up, the
    # enterprise is found within the token's scope, the body digest for Idempotency-Key is taken —
    # and then answers 201 without storing. No intake that checks token and scope can be faster.
    from ninja import NinjaAPI

    from layoffwatch.api.auth import TokenAuth
    from layoffwatch.api.reports import LayoffIn, _enterprise, _idempotency

    floor_api = NinjaAPI(auth=TokenAuth(), urls_namespace="bench-floor")

    def floor(request, payload):
        _key, error = _idempotency(request, payload)
        if error is None:
            enterprise, error = _enterprise(request, payload.enterprise_uscc, "enterprise_uscc")
        if error:
            return JsonResponse({"detail": "refused"}, status=error[0])
        return JsonResponse({"receipt_no": f"FLOOR-{enterprise.pk}", "alert": None}, status=201)

    # why set by hand: this module's annotations are strings (`from __future__ import
    # annotations`), which ninja cannot resolve for a function defined inside another
    floor.__annotations__["payload"] = LayoffIn
    floor_api.post("/layoff")(floor)

    if os.environ.get("BENCH_SKIP_CASE_OPEN") == "1":
        # Diagnostic only (README round 1): the alert is raised and its people notified as usual,
        # but no response case is opened. What opens it on a report is response's handler on
        # alerts.hooks.on_alert_raised_or_escalated, `response.tasks.case_open_on_commit`
        # (ADR 0045, 0088): after commit it calls `case_open_enqueue`, looked up in its module
        # at that moment, which puts the case on the queue. That hand-off does nothing here.
        import layoffwatch.response.tasks as response_tasks

        if not hasattr(response_tasks, "case_open_enqueue"):
            raise RuntimeError(
                "BENCH_SKIP_CASE_OPEN: response.tasks.case_open_enqueue is gone; "
                "patch what now hands a new alert's case to the queue"
            )
        response_tasks.case_open_enqueue = lambda *args, **kwargs: None

    # why insert before the first request: the URL resolver is built lazily, on first use.
    # why public(): every page needs a login unless urls.py marks it public (ADR 0094); the two
    # diagnostic routes sit beside the token API, which is marked public the same way (it
    # authenticates each call itself), so that they answer as it does instead of redirecting.
    layoffwatch.urls.urlpatterns[:0] = layoffwatch.urls.public(
        path("api/bench-floor/", floor_api.urls),
        path(BARE_PATH.lstrip("/"), bare_insert),
    )
    return get_wsgi_application()


# ------------------------------------------------------------------ the client side


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
            return True
    except OSError:
        return False


def _pg_fresh(url: str) -> bool:
    """Drop and create the benchmark database; False if PostgreSQL does not answer."""
    try:
        import psycopg
    except ImportError:
        return False
    base, _sep, name = url.rpartition("/")
    try:
        with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"   PostgreSQL at {base} not available: {exc}".splitlines()[0])
        return False
    return True


def _autogroup_nice(pid: int, nice: int) -> None:
    """Linux gives every session (here: each process started with start_new_session) its own
    scheduling group, and shares the CPU between groups before `nice` counts within one; so the
    queue worker's group gets the nice value too (as systemd's CPUWeight would in production)."""
    try:
        Path(f"/proc/{pid}/autogroup").write_text(str(nice))
    except OSError:
        pass  # no autogroups here: `nice` alone applies


def _redis_fresh(url: str) -> str | None:
    """Empty the benchmark's Redis database; None if Redis does not answer (queue on SQLite)."""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
    except Exception as exc:  # noqa: BLE001 — any failure means: no Redis here
        print(f"   Redis at {url} not available ({exc}); the queue stays on SQLite")
        return None
    return url


def _cpu() -> dict[str, float]:
    """CPU seconds used so far, by part of the machine (Linux /proc; processes still running):
    web server, database, queue worker, Redis, and this process (the load generator)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {"web": 0.0, "database": 0.0, "queue": 0.0, "redis": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        part = (
            "web"
            if "gunicorn" in cmd
            else "queue"
            if "run_huey" in cmd
            else "database"
            if cmd.startswith("postgres")
            else "redis"
            if "redis-server" in cmd
            else None
        )
        if part:
            used[part] += (int(fields[11]) + int(fields[12])) / tick
    return used | {"load_generator": time.process_time()}


def _cpu_per_request(before: dict, after: dict, requests: int) -> dict[str, float]:
    """Milliseconds of CPU per successful request, by part (README: where the machine goes)."""
    n = max(requests, 1)
    return {k: round((after[k] - before[k]) * 1000 / n, 2) for k in before}


def _stats(load, *, seconds_floor: float = 0.001) -> dict:
    from benchmarks.loadtest import percentile

    ok = [r for r in load.results if 200 <= r.status < 300]
    span = max(load.finished - load.started, seconds_floor)
    latencies = [r.latency for r in ok]
    statuses: dict[str, int] = {}
    for r in load.results:
        statuses[str(r.status)] = statuses.get(str(r.status), 0) + 1
    return {
        "requests": len(load.results),
        "ok": len(ok),
        "statuses": statuses,
        "seconds": round(span, 2),
        "per_second": round(len(ok) / span, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
    }


def run_database(kind: str, *, workers: int, clients: int, seconds: float, enterprises: int):
    from benchmarks.loadtest import (
        layoff_request_factory,
        request_bytes,
        run_load,
    )

    data_dir = Path(tempfile.mkdtemp(prefix=f"lw-bench-{kind}-"))
    if kind == "postgresql":
        url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/layoffwatch_bench")
        if not _pg_fresh(url):
            return None
    else:
        url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    env = os.environ | {
        "DATABASE_URL": url,
        "LAYOFFWATCH_DATA_DIR": str(data_dir),
        "SECRET_KEY": SECRET,
        "DJANGO_SETTINGS_MODULE": "layoffwatch.settings",
        "DB_CONN_MAX_AGE": "300",
        "DEBUG": "false",
        "LOG_LEVEL": "CRITICAL",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("EMAIL_HOST", "NOTIFY_WEBHOOK_URLS", "HUEY_IMMEDIATE", "REDIS_URL"):
        env.pop(name, None)
    # ADR 0003: production runs PostgreSQL with the queue on Redis; the embedded default (SQLite)
    # keeps the queue in a SQLite file. Each run uses its deployment's queue.
    queue = "sqlite"
    if kind == "postgresql":
        redis_url = _redis_fresh(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
        if redis_url:
            env["REDIS_URL"], queue = redis_url, "redis"
    py = sys.executable
    t0 = time.perf_counter()
    seeded = subprocess.run(
        [py, "-m", "benchmarks.loadtest", "seed", "--enterprises", str(enterprises)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seed = json.loads(seeded.stdout)
    print(f"   seeded {enterprises} enterprises in {time.perf_counter() - t0:.1f} s", flush=True)
    port = _free_port()
    server = subprocess.Popen(
        [py, "-m", "gunicorn", "benchmarks.bench_reporting:application"]
        + ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--backlog", "2048"]
        + ["--log-level", "critical", "--chdir", str(ROOT)],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # ADR 0045: response cases open in the Huey queue after the report commits; a consumer runs
    # on the same two cores during the load, as in production (BENCH_QUEUE_WORKER=0 to leave it
    # out: the cases then wait in the queue and are opened after the run).
    queue_worker = os.environ.get("BENCH_QUEUE_WORKER", "1") != "0"
    consumer = None
    if queue_worker:
        # the queue worker runs below the web server's CPU priority (README: deploy it with
        # `nice`): receipts are what people wait for, case opening catches up after a burst
        nice = int(os.environ.get("BENCH_QUEUE_NICE", "10"))
        consumer = subprocess.Popen(
            ["nice", "-n", str(nice)] * (nice != 0)
            + [py, "-m", "django", "run_huey", "--workers", "1", "--no-periodic"],
            env=env,
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _autogroup_nice(consumer.pid, nice)
    try:
        deadline = time.monotonic() + 60
        while not _up(port):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        bare = request_bytes(host="127.0.0.1", port=port, method="POST", path=BARE_PATH)
        layoff = layoff_request_factory(
            host="127.0.0.1", port=port, token=seed["token"], usccs=seed["usccs"], seed=7
        )
        common = dict(host="127.0.0.1", port=port, clients=clients)
        # warm-up: every worker imports, connects and fills its caches
        run_load(make_request=lambda i: bare, seconds=3, max_requests=400, **common)
        run_load(
            make_request=layoff_request_factory(
                host="127.0.0.1", port=port, token=seed["token"], usccs=seed["usccs"], seed=1
            ),
            seconds=3,
            max_requests=400,
            **common,
        )
        cpu = [_cpu()]
        bare_load = run_load(
            make_request=lambda i: bare, seconds=seconds, max_requests=200_000, **common
        )
        cpu.append(_cpu())
        floor_load = run_load(
            make_request=layoff_request_factory(
                host="127.0.0.1",
                port=port,
                token=seed["token"],
                usccs=seed["usccs"],
                seed=3,
                path=FLOOR_PATH,
            ),
            seconds=seconds,
            max_requests=200_000,
            **common,
        )
        cpu.append(_cpu())
        api_load = run_load(make_request=layoff, seconds=seconds, max_requests=200_000, **common)
        cpu.append(_cpu())
        load_end = time.monotonic()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
    receipts = [r.json().get("receipt_no") for r in api_load.results if r.status == 201]
    (data_dir / "receipts.json").write_text(json.dumps(receipts))
    held = _count(py, env, data_dir)
    backlog_s = None
    if consumer is not None:
        # how long the queue needed after the load to open every case (0 = kept up)
        while held["alerts_without_case"] and time.monotonic() - load_end < 120:
            time.sleep(1)
            held = _count(py, env, data_dir)
        backlog_s = (
            round(time.monotonic() - load_end, 1) if held["alerts_without_case"] == 0 else None
        )
        cpu.append(_cpu())
        os.killpg(consumer.pid, signal.SIGTERM)
        try:
            consumer.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(consumer.pid, signal.SIGKILL)
            consumer.wait(5)
    from benchmarks.loadtest import percentile

    alerted = [r.latency for r in api_load.results if r.status == 201 and r.json().get("alert")]
    bare_stats, floor_stats, api_stats = _stats(bare_load), _stats(floor_load), _stats(api_load)
    api_cpu = _cpu_per_request(cpu[2], cpu[3], api_stats["ok"])
    if len(cpu) > 4:  # the queue's work for these reports includes its catching up afterwards
        api_cpu["queue"] = _cpu_per_request(cpu[2], cpu[4], api_stats["ok"])["queue"]
    return {
        "database": kind,
        "bare": bare_stats,
        "floor": floor_stats,
        "layoff_api": api_stats,
        "cpu_ms_per_request": {
            "bare": _cpu_per_request(cpu[0], cpu[1], bare_stats["ok"]),
            "floor": _cpu_per_request(cpu[1], cpu[2], floor_stats["ok"]),
            "layoff_api": api_cpu,
        },
        "ratio": round(api_stats["per_second"] / max(bare_stats["per_second"], 0.1), 2),
        "report_to_alert": {
            "responses_with_alert": len(alerted),
            "p50_ms": round(percentile(alerted, 50) * 1000, 1),
            "p99_ms": round(percentile(alerted, 99) * 1000, 1),
        },
        "database_holds": {k: held[k] for k in ("acknowledged_found", "reports", "alerts")}
        | {"notifications": held["notifications"], "missing": len(held["missing"])}
        | {"alerts_without_case": held["alerts_without_case"]},
        "queue_worker": queue_worker,
        "queue": queue,
        "queue_nice": int(os.environ.get("BENCH_QUEUE_NICE", "10")) if queue_worker else None,
        "cases_caught_up_after_s": backlog_s,
    }


def _count(py: str, env: dict, data_dir: Path) -> dict:
    return json.loads(
        subprocess.run(
            [py, "-m", "benchmarks.loadtest", "count", str(data_dir / "receipts.json")],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


LOAD_BEFORE = os.getloadavg()


def main() -> None:
    sys.path.insert(0, str(ROOT))
    # The load's wave dates are Tongnan's days: core/clock.py reads TIME_ZONE from the settings.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layoffwatch.settings")
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    clients = int(os.environ.get("BENCH_CLIENTS", "32"))
    seconds = float(os.environ.get("BENCH_SECONDS", "20"))
    enterprises = int(os.environ.get("BENCH_ENTERPRISES", "2000"))
    kinds = os.environ.get("BENCH_DB", "postgresql,sqlite").split(",")
    print(
        f"   {os.cpu_count()} CPUs; gunicorn {workers} sync workers; {clients} clients; "
        f"{seconds:g} s per phase; {enterprises} enterprises",
        flush=True,
    )
    runs = []
    for kind in kinds:
        print(f"-- {kind}", flush=True)
        result = run_database(
            kind.strip(), workers=workers, clients=clients, seconds=seconds, enterprises=enterprises
        )
        if result is None:
            continue
        runs.append(result)
        b, a, r = result["bare"], result["layoff_api"], result["report_to_alert"]
        f = result["floor"]
        print(
            f"   bare view   {b['per_second']:8.1f} req/s  p50 {b['p50_ms']:6.1f} ms  "
            f"p99 {b['p99_ms']:6.1f} ms  ({b['ok']} ok of {b['requests']})"
        )
        print(
            f"   API floor   {f['per_second']:8.1f} req/s  p50 {f['p50_ms']:6.1f} ms  "
            f"p99 {f['p99_ms']:6.1f} ms  (token + scope + body checks, nothing stored)"
        )
        print(
            f"   layoff API  {a['per_second']:8.1f} rep/s  p50 {a['p50_ms']:6.1f} ms  "
            f"p99 {a['p99_ms']:6.1f} ms  ({a['ok']} ok of {a['requests']})  "
            f"ratio {result['ratio']:.2f}"
        )
        print(
            f"   report→alert p50 {r['p50_ms']} ms  p99 {r['p99_ms']} ms "
            f"({r['responses_with_alert']} responses with an alert); db {result['database_holds']}; "
            f"cases caught up {result['cases_caught_up_after_s']} s after the load",
            flush=True,
        )
        for phase, parts in result["cpu_ms_per_request"].items():
            print(
                f"   CPU ms per {phase:10s} "
                + "  ".join(f"{k} {v:.2f}" for k, v in parts.items())
                + f"  = {sum(parts.values()):.2f}",
                flush=True,
            )
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    meta = {
        "workers": workers,
        "clients": clients,
        "seconds": seconds,
        "cpus": os.cpu_count(),
        "skip_case_open": os.environ.get("BENCH_SKIP_CASE_OPEN") == "1",
        "queue_worker": os.environ.get("BENCH_QUEUE_WORKER", "1") != "0",
        "loadavg_before_after": [LOAD_BEFORE, os.getloadavg()],
    }
    name = os.environ.get("BENCH_OUT", "bench_reporting.json")
    (out / name).write_text(
        json.dumps({"settings": meta, "runs": runs}, ensure_ascii=False, indent=2)
    )


if __name__ == "__main__":
    main()
