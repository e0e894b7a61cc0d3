"""ADR 0048: what a batched intake could cost at the least: the rows of one layoff report, written
set-wise for B reports at a time in one transaction.

Run: `.venv/bin/python benchmarks/bench_intake_rows.py` (part of `make bench`; PostgreSQL at
BENCH_PG_URL, database `<name>_rows`). For B = 1, 8 and 32 it writes, per report, what the intake
stores for a report that raises an alert — receipt, report, wave, Idempotency-Key record, alert,
alert event, four in-app notifications, the report's alert link and two audit entries — with one
bulk INSERT per table per batch and one audit write per batch. Nothing is read, locked or graded,
and no response case is opened: this is a lower bound of the storing part alone, for the argument
in README.md ("round 5"), not a way the product stores reports. It prints the CPU time of this
process and of its PostgreSQL backend per report.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = 640


def _child(batch_sizes: list[int]) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from benchmarks.loadtest import seed
    from layoffwatch.accounts.models import User
    from layoffwatch.alerts.models import Alert, AlertEvent
    from layoffwatch.audit.services import audit_batch, audit_record, snapshot
    from layoffwatch.core.clock import local_day
    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.notifications.models import Notification
    from layoffwatch.reporting.models import (
        Channel,
        IdempotencyRecord,
        LayoffReport,
        LayoffWave,
        Receipt,
    )

    seed(enterprises=150)
    enterprises = list(Enterprise.objects.order_by("pk"))
    people = list(User.objects.filter(username__startswith="load-liaison-")[:1]) + list(
        User.objects.filter(username__startswith="load-employment-")[:3]
    )
    reporter = User.objects.get(username="load-reporter")
    wave_on = local_day() + dt.timedelta(days=30)
    counter = iter(range(10**9))

    def backend_cpu() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def write(size: int) -> None:
        at = timezone.now()
        with transaction.atomic(), audit_batch():
            receipts = Receipt.objects.bulk_create(
                [Receipt(kind=Receipt.Kind.LAYOFF, issued_at=at) for _ in range(size)]
            )
            reports = []
            for receipt in receipts:
                n = next(counter)
                reports.append(
                    LayoffReport(
                        receipt_no=receipt.number + f"-{n}",
                        series_no=receipt.number + f"-{n}",
                        enterprise=enterprises[n % len(enterprises)],
                        channel=Channel.API,
                        submitted_by=reporter,
                        submitted_at=at,
                        planned_cut=40,
                        reasons=["orders"],
                        contact_name="王芳",
                        contact_phone="13800000000",
                        policy_version="tongnan@2023-02-23",
                        grading={"waves": {"level": 3, "total": 40}, "duty": {}},
                    )
                )
            LayoffReport.objects.bulk_create(reports)
            LayoffWave.objects.bulk_create(
                [LayoffWave(report=r, date=wave_on, count=40) for r in reports]
            )
            IdempotencyRecord.objects.bulk_create(
                [
                    IdempotencyRecord(
                        user=reporter,
                        key=r.receipt_no,
                        body_sha256="0" * 64,
                        receipt_no=r.receipt_no,
                        status_code=201,
                        response={"receipt_no": r.receipt_no, "alert": {"level": 3}},
                    )
                    for r in reports
                ]
            )
            alerts = Alert.objects.bulk_create(
                [
                    Alert(
                        enterprise=r.enterprise,
                        level=3,
                        total_in_window=40,
                        first_wave_on=wave_on,
                        last_wave_on=wave_on,
                        facts={"level": 3, "total": 40},
                        policy_version="tongnan@2023-02-23",
                        opened_at=at,
                        updated_at=at,
                    )
                    for r in reports
                ]
            )
            AlertEvent.objects.bulk_create(
                [
                    AlertEvent(
                        alert=a,
                        at=at,
                        actor_label="系统（直报定级）",
                        kind=AlertEvent.Kind.RAISED,
                        to_status=a.status,
                        summary="发布三级预警：计算期内合计裁员 40 人",
                        data={"level": 3, "total": 40},
                    )
                    for a in alerts
                ]
            )
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient=u,
                        kind="alert",
                        title="压测企业发布三级预警：计划裁员合计 40 人",
                        link=f"/alerts/{a.pk}/",
                        created_at=at,
                    )
                    for a in alerts
                    for u in people
                ]
            )
            for report, alert in zip(reports, alerts, strict=True):
                report.alert = alert
            LayoffReport.objects.bulk_update(reports, ["alert"])
            for report, alert in zip(reports, alerts, strict=True):
                audit_record(
                    action="create",
                    actor=reporter,
                    obj=report,
                    summary=f"裁员报告 {report.receipt_no}：计划裁减 40 人，接口",
                    after=snapshot(report, ["receipt_no", "enterprise", "planned_cut", "alert"]),
                )
                audit_record(
                    action="create",
                    obj=alert,
                    summary="发布三级预警（合计 40 人）",
                    after=snapshot(alert, ["enterprise", "level", "total_in_window"]),
                    actor_label="系统（直报定级）",
                )

    results = {}
    for size in batch_sizes:
        write(size)  # warm-up
        c0, p0, t0 = time.process_time(), backend_cpu(), time.perf_counter()
        for _ in range(REPORTS // size):
            write(size)
        c1, p1, t1 = time.process_time(), backend_cpu(), time.perf_counter()
        n = REPORTS // size * size
        results[size] = {
            "python_ms": round((c1 - c0) * 1000 / n, 2),
            "postgres_ms": round((p1 - p0) * 1000 / n, 2),
            "wall_ms": round((t1 - t0) * 1000 / n, 2),
        }
    return results


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_reporting import _pg_fresh

    url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/layoffwatch_bench")
    url += "_rows"
    if not _pg_fresh(url):
        return
    env = os.environ | {
        "DATABASE_URL": url,
        "LAYOFFWATCH_DATA_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "lw-bench-rows"),
        "SECRET_KEY": "bench-rows-secret-key-0123456789-abcdefgh",
        "DJANGO_SETTINGS_MODULE": "layoffwatch.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    Path(env["LAYOFFWATCH_DATA_DIR"]).mkdir(exist_ok=True)
    out = subprocess.run(
        [sys.executable, __file__, "--child"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    results = json.loads(out.stdout.strip().splitlines()[-1])
    for size, r in results.items():
        print(
            f"   batch of {int(size):2d}: per report Python {r['python_ms']:.2f} ms + PostgreSQL "
            f"{r['postgres_ms']:.2f} ms = {r['python_ms'] + r['postgres_ms']:.2f} ms of CPU "
            f"(wall {r['wall_ms']:.2f} ms)",
            flush=True,
        )
    (ROOT / "benchmarks" / "out").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "out" / "bench_intake_rows.json").write_text(
        json.dumps({"reports": REPORTS, "batches": results}, indent=2)
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        print(json.dumps(_child([1, 8, 32])))
    else:
        main()
