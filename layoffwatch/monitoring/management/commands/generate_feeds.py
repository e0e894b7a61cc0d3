"""`layoffwatch generate_feeds --seed N --people N --out DIR --end-period YYYY-MM` (ADR 0060).

Writes two months of every feed with ground truth (monitoring.feeds.generate): CSV files with raw
ID numbers, as the feeds arrive, to import with `layoffwatch import_source`."""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layoffwatch.monitoring import feeds


def _period(text: str) -> str:
    try:
        return dt.datetime.strptime(text, "%Y-%m").strftime("%Y-%m")
    except ValueError:
        raise CommandError(f"月份“{text}”格式不对，应写作 YYYY-MM") from None


class Command(BaseCommand):
    help = "生成带真值标注的模拟比对数据（社保、失业登记、市场监管、税务等，两个月）"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--end-period", required=True, dest="end_period")

    def handle(self, *args, seed: int, people: int, out: Path, end_period: str, **options):
        if people < 100:
            raise CommandError("--people 至少 100 人")
        summary = feeds.generate(seed=seed, people=people, out=out, end_period=_period(end_period))
        self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
