"""Load against a real app server over loopback: seeding, a small async HTTP client, counting.

Used by the intake benchmark (benchmarks/bench_reporting.py) and the crash test
(layoffwatch/reporting/tests/test_durability.py). The client speaks plain HTTP/1.1 over asyncio streams, one
connection per request (gunicorn's sync workers close each connection), so that on a 2-core
machine the load generator takes as little CPU from the server as possible. Every loop is bounded
by a request count and a deadline; only loopback addresses are allowed.

Seeding and counting run inside a process configured for the server's database:

    python -m benchmarks.loadtest seed --enterprises 2000   # prints JSON
    python -m benchmarks.loadtest count receipts.json        # prints JSON
"""

import asyncio
import datetime as dt
import json
import random
import sys
import time
from dataclasses import dataclass, field

from layoffwatch.core.clock import local_day

LOOPBACK = ("127.0.0.1", "localhost", "::1")


# ------------------------------------------------------------------ the client (no Django)


@dataclass
class Result:
    started: float  # time.perf_counter()
    finished: float
    status: int  # 0: no answer (connection refused or reset)
    body: bytes = b""

    @property
    def latency(self) -> float:
        return self.finished - self.started

    def json(self) -> dict:
        try:
            return json.loads(self.body or b"{}")
        except ValueError:
            return {}


@dataclass
class Load:
    results: list[Result] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0


def request_bytes(
    *, host: str, port: int, method: str, path: str, body: bytes = b"", headers=None
) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Connection: close",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
    ]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _one(host: str, port: int, data: bytes, timeout: float) -> tuple[int, bytes]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(data)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)  # until the server closes
    finally:
        writer.close()
    head, _sep, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, body


async def _run(
    *,
    host,
    port,
    make_request,
    clients: int,
    seconds: float,
    max_requests: int,
    stop=None,
    load: Load | None = None,
) -> Load:
    if host not in LOOPBACK:
        raise ValueError(f"load goes to loopback only, not {host}")
    load = load if load is not None else Load()
    load.started = time.perf_counter()
    deadline = load.started + seconds
    counter = iter(range(max_requests))

    async def client():
        for i in counter:
            if time.perf_counter() >= deadline or (stop is not None and stop.is_set()):
                return
            data = make_request(i)
            t0 = time.perf_counter()
            try:
                status, body = await _one(host, port, data, timeout=30)
            except (TimeoutError, OSError, ValueError, IndexError):
                status, body = 0, b""
            load.results.append(Result(t0, time.perf_counter(), status, body))
            if status == 0:
                await asyncio.sleep(0.05)  # a dead server: do not spin

    await asyncio.gather(*(client() for _ in range(clients)))
    load.finished = time.perf_counter()
    return load


def run_load(**kwargs) -> Load:
    """Run `clients` concurrent clients for at most `seconds` and `max_requests` requests.
    `make_request(i)` returns the raw request bytes of request number i. Pass `load=Load()` to
    watch the results from another thread while it runs, and `stop` (a threading.Event) to end
    it early."""
    return asyncio.run(_run(**kwargs))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def layoff_request_factory(
    *, host, port, token: str, usccs: list[str], seed: int = 1, path: str = "/api/v1/reports/layoff"
):
    """Layoff reports over the API: enterprises round-robin, cuts 5–80 (many raise or escalate
    an alert), each with its own Idempotency-Key, dated within the next two months."""
    rng = random.Random(seed)
    today = local_day()

    def make(i: int) -> bytes:
        uscc = usccs[i % len(usccs)]
        body = json.dumps(
            {
                "enterprise_uscc": uscc,
                "planned_cut": rng.randint(5, 80),
                "effective_date": (today + dt.timedelta(days=rng.randint(1, 60))).isoformat(),
                "reasons": ["orders"],
                "contact_name": "王芳",
                "contact_phone": "13800000000",
            }
        ).encode()
        return request_bytes(
            host=host,
            port=port,
            method="POST",
            path=path,
            body=body,
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"load-{seed}-{i}"},
        )

    return make


# ------------------------------------------------------------------ seeding and counting (Django)


def seed(*, enterprises: int) -> dict:
    """Migrate, then create the enterprises, the people who are told of alerts, and a token."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from layoffwatch.accounts.models import Section
    from layoffwatch.accounts.roles import Role
    from layoffwatch.accounts.services import token_issue, user_create
    from layoffwatch.core.validators import uscc_with_check_digit
    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.reference.loaders import ensure_reference_data
    from layoffwatch.reference.models import Town

    ensure_reference_data()
    towns = list(Town.objects.order_by("code"))
    rows = [
        Enterprise(
            uscc=uscc_with_check_digit(f"91500152MA{n:07d}"),
            name=f"压测企业{n:05d}有限公司",
            town=towns[n % len(towns)],
            industry_id="1361",
            insured_headcount=1000,
        )
        for n in range(enterprises)
    ]
    Enterprise.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    employment = Section.objects.get(code="employment")
    password = None  # nobody logs in; tokens only
    for k in range(3):
        user_create(
            username=f"load-employment-{k}",
            password=password,
            role=Role.SECTION_STAFF,
            section=employment,
        )
    for town in towns:
        user_create(
            username=f"load-liaison-{town.code}",
            password=password,
            role=Role.TOWN_LIAISON,
            town=town,
        )
    reporter = user_create(
        username="load-reporter",
        password=password,
        role=Role.SECTION_STAFF,
        section=Section.objects.get(code="talent_center"),
    )
    return {
        "token": token_issue(user=reporter, name="load test"),
        "usccs": [e.uscc for e in rows],
    }


def count(receipts: list[str]) -> dict:
    """What the database holds: rows for the given receipts, all reports, alerts, notifications."""
    from django.db import connection

    from layoffwatch.alerts.models import Alert
    from layoffwatch.notifications.models import Notification
    from layoffwatch.reporting.models import LayoffReport, LayoffWave, Receipt

    found = set()
    for i in range(0, len(receipts), 500):
        found |= set(
            LayoffReport.objects.filter(receipt_no__in=receipts[i : i + 500]).values_list(
                "receipt_no", flat=True
            )
        )
    integrity = "ok"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            integrity = cursor.execute("PRAGMA integrity_check").fetchone()[0]
    return {
        "acknowledged": len(set(receipts)),
        "acknowledged_found": len(found),
        "missing": sorted(set(receipts) - found)[:20],
        "reports": LayoffReport.objects.count(),
        "receipts": Receipt.objects.count(),
        "reports_without_waves": LayoffReport.objects.exclude(
            pk__in=LayoffWave.objects.values("report_id")
        ).count(),
        "graded_without_alert": LayoffReport.objects.filter(
            planned_cut__gte=20, alert__isnull=True, counted_in__isnull=True
        ).count(),
        "alerts": Alert.objects.count(),
        # ADR 0045: cases open in the queue after the commit; open alerts still without one
        "alerts_without_case": Alert.objects.filter(
            status__in=Alert.OPEN, case__isnull=True
        ).count(),
        "notifications": Notification.objects.count(),
        "integrity": integrity,
    }


def _main(argv: list[str]) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layoffwatch.settings")
    django.setup()
    if argv[0] == "seed":
        n = int(argv[argv.index("--enterprises") + 1]) if "--enterprises" in argv else 200
        print(json.dumps(seed(enterprises=n)))
    elif argv[0] == "count":
        with open(argv[1], encoding="utf-8") as f:
            print(json.dumps(count(json.load(f))))
    else:
        raise SystemExit(f"unknown command {argv[0]!r} (seed or count)")


if __name__ == "__main__":
    _main(sys.argv[1:])
