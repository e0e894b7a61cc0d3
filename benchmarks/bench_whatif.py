"""Policy what-if (plan S3.1.3, ADR 0101): time of one assessment over 200,000 enterprises × 12
months of insured headcount (target < 10 s on this machine).

Run: `.venv/bin/python benchmarks/bench_whatif.py [ENTERPRISES]` (default 200_000), or
`python -m benchmarks.run bench_whatif`. Not part of CI.

1. a fresh SQLite database (WAL) in a temporary folder, migrated; ENTERPRISES enterprises, each
   with 12 monthly insured-headcount records (HeadcountRecord) ending this month, 2,000 alerts
   with their waves (facts.timeline) and 10,000 affected workers with known contribution months,
   written with bulk_create (not timed);
2. times `analysis.whatif.whatif_compute` for the district (the command line's scope) three times
   for each of three drafts: the refund screen's 5.5 % lowered to 5 % (layoff_aversion.yaml),
   the second warning band lowered from 51 to 40 (alert_levels.yaml) and the monthly benefit
   raised from 1,800 to 2,000 yuan (unemployment_insurance.yaml);
3. prints one JSON object: sizes, best and worst seconds per draft, what changed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-whatif-secret-key-0123456789-abcdefghij"


def _setup(data_dir: Path) -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
            "LAYOFFWATCH_DATA_DIR": str(data_dir),
            "SECRET_KEY": SECRET,
            "DJANGO_SETTINGS_MODULE": "layoffwatch.settings",
            "LOG_LEVEL": "CRITICAL",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _seed(n: int, today: dt.date) -> None:
    from django.db import transaction
    from django.utils import timezone

    from layoffwatch.alerts.models import Alert
    from layoffwatch.assistance.models import AffectedWorker
    from layoffwatch.core.validators import uscc_with_check_digit
    from layoffwatch.enterprises.models import Enterprise, HeadcountRecord
    from layoffwatch.reference.models import Industry, Town

    rng = random.Random(2026)
    towns = list(Town.objects.values_list("code", flat=True))
    industry = Industry.objects.filter(code__regex=r"^\d{4}$").values_list("code", flat=True)[0]
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    months.reverse()
    with transaction.atomic():
        Enterprise.objects.bulk_create(
            (
                Enterprise(
                    uscc=uscc_with_check_digit(f"91500152M{i:08d}"),
                    name=f"基准企业{i}有限公司",
                    town_id=towns[i % len(towns)],
                    industry_id=industry,
                    insured_headcount=100,
                )
                for i in range(n)
            ),
            batch_size=5000,
        )
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    batch = []
    with transaction.atomic():
        for pk in ids:
            start = rng.randint(5, 400)
            # a fall of 0–10 % over the year: many near the 5–5.5 % screen
            end = max(start - round(start * rng.uniform(0, 0.10)), 0)
            for k, m in enumerate(months):
                batch.append(
                    HeadcountRecord(
                        enterprise_id=pk,
                        period=m,
                        insured_headcount=start + (end - start) * k // 11,
                    )
                )
            if len(batch) >= 60_000:
                HeadcountRecord.objects.bulk_create(batch, batch_size=5000)
                batch = []
        HeadcountRecord.objects.bulk_create(batch, batch_size=5000)
    alerts = []
    for i in range(2000):
        day = today - dt.timedelta(days=rng.randint(1, 330))
        cut = rng.randint(20, 260)
        level = 3 if cut <= 50 else 2 if cut <= 200 else 1
        timeline = [{"date": day.isoformat(), "count": cut, "window_total": cut, "level": level}]
        alerts.append(
            Alert(
                enterprise_id=ids[i * 7 % len(ids)],
                level=level,
                total_in_window=cut,
                first_wave_on=day,
                last_wave_on=day,
                facts={"timeline": timeline},
                policy_version="bench",
            )
        )
    Alert.objects.bulk_create(alerts, batch_size=1000)
    now = timezone.now()
    AffectedWorker.objects.bulk_create(
        (
            AffectedWorker(
                name=f"职工{i}",
                id_number=f"50022319900101{i:04d}",
                id_hash=f"bench{i:059d}",
                birth_date=dt.date(1990, 1, 1),
                source="manual",
                contribution_months=rng.randint(0, 200),
                created_at=now - dt.timedelta(days=rng.randint(0, 300)),
            )
            for i in range(10_000)
        ),
        batch_size=2000,
    )


def _drafts() -> dict[str, tuple[str, str]]:
    from layoffwatch.policy.selectors import policy_in_force

    files = policy_in_force().files
    bands = "\n".join(
        line + ("\n      2099-01-01: {value: 40, reference: 基准}" if "{value: 51," in line else "")
        for line in files["alert_levels"].text.splitlines()
    )
    refund = files["layoff_aversion"].text.replace(
        "\n\nsmall_enterprise_max_insured:",
        "\n  2099-01-01:\n    value: 0.05\n    reference: 基准\n\nsmall_enterprise_max_insured:",
    )
    benefit = files["unemployment_insurance"].text.rstrip("\n") + (
        "\n  2099-01-01:\n    value: 2000\n    reference: 基准\n"
    )
    return {
        "refund_rate_5.5%_to_5%": ("layoff_aversion", refund),
        "band_2_from_51_to_40": ("alert_levels", bands),
        "benefit_1800_to_2000": ("unemployment_insurance", benefit),
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200_000
    data_dir = Path(tempfile.mkdtemp(prefix="lw-bench-whatif-"))
    _setup(data_dir)
    from layoffwatch.analysis.whatif import whatif_compute
    from layoffwatch.core.clock import local_day
    from layoffwatch.policy.selectors import policy_in_force

    today = local_day()
    t0 = time.perf_counter()
    _seed(n, today)
    seeded = time.perf_counter() - t0
    out = {
        "enterprises": n,
        "months": 12,
        "alerts": 2000,
        "workers": 10_000,
        "seed_seconds": round(seeded, 1),
        "database": "sqlite",
        "drafts": {},
    }
    for name, (key, text) in _drafts().items():
        runs, result = [], None
        for _ in range(3):
            t = time.perf_counter()
            result = whatif_compute(
                user=None,
                file_key=key,
                yaml_text=text,
                period="12m",
                today=today,
                base=policy_in_force(),
            )
            runs.append(time.perf_counter() - t)
        part = result["enterprises"] or result["alerts"] or result["people"]
        out["drafts"][name] = {
            "best_s": round(min(runs), 2),
            "worst_s": round(max(runs), 2),
            "changed": len(part["changed"]),
            "considered": part.get("screened") or part.get("considered"),
        }
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
