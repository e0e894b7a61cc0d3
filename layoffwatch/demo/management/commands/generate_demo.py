"""Generate the synthetic Tongnan into the database.

1. Refuse when demo data is already loaded (a DemoDataset marker exists): a second run would
   collide on codes and usernames; use a fresh LAYOFFWATCH_DATA_DIR or database instead.
2. Build the district from --seed and write it in one transaction: enterprises, dispatch
   relations, --months of headcount history ending the month before today, demo accounts.
3. Print the summary and how long it took.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from layoffwatch.core.clock import local_datetime
from layoffwatch.demo.generator import DEFAULT_ENTERPRISES, DEFAULT_MONTHS, DEFAULT_SEED, generate
from layoffwatch.demo.models import DemoDataset

LABELS = {
    "enterprises": "企业 / enterprises",
    "headcount_records": "参保人数月度记录 / headcount records",
    "dispatch_relations": "派遣关系 / dispatch relations",
    "key_samples": "重点样本企业 / key samples",
    "watch_list": "重点关注企业 / watch list",
    "labour_intensive": "劳动密集型 / labour-intensive",
    "hr_agencies": "人力资源服务机构 / HR agencies",
    "platform_employers": "平台用工 / platform employers",
    "with_commissioner": "有服务专员 / with commissioner",
    "declining": "持续减员 / declining",
    "sudden_cuts": "近期集中减员 / recent sudden cuts",
    "insured_total": "参保人数合计 / insured total",
}


def write_summary(stdout, summary: dict) -> None:
    for key, label in LABELS.items():
        stdout.write(f"  {label}: {summary[key]}")


class Command(BaseCommand):
    help = "生成演示数据 / generate the synthetic Tongnan demo data (deterministic for a --seed)"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子 / random seed")
        parser.add_argument(
            "--enterprises", type=int, default=DEFAULT_ENTERPRISES, help="企业数 / enterprises"
        )
        parser.add_argument(
            "--months", type=int, default=DEFAULT_MONTHS, help="历史月数 / months of history"
        )

    def handle(self, *args, seed, enterprises, months, **options):
        existing = DemoDataset.objects.first()
        if existing is not None:
            raise CommandError(
                f"演示数据已存在（{existing}），未重复生成 / demo data is already loaded "
                f"(seed {existing.seed}); use a fresh LAYOFFWATCH_DATA_DIR or database"
            )
        if enterprises < 1 or months < 1:
            raise CommandError("--enterprises 与 --months 须为正整数 / must be positive")
        started = time.perf_counter()
        summary = generate(seed=seed, enterprises=enterprises, months=months, now=local_datetime())
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"已生成演示数据（种子 {seed}，截至 {summary['end_period'][:7]}）/ demo data generated in {elapsed:.1f} s:"
        )
        write_summary(self.stdout, summary)
