"""`layoffwatch generate_feeds --seed N --people N --out DIR --end-period YYYY-MM [--months N]
[--form reason|snapshot] [--precursors | --no-precursors]` (ADR 0060, 0106).

Writes `--months` consecutive months (default 6) ending at `--end-period` of every feed with
ground truth (monitoring.feeds.generate): the months before the last carry ordinary life only
(job changes, quits, retirements, the large employers' turnover), the events happen in the last
month. CSV files with raw ID numbers, as the feeds arrive, to import with `layoffwatch
import_source`; the social-insurance file with its change columns (`reason`) or as the month's
contributors only (`snapshot`).

Precursors (plan S2.3 预防为先, S3.1.3 预测; monitoring.feeds' docstring) are planted by default
when there are 3 months or more: in the months between the first and the last, most employers
that cut in the last month show contribution bases cut and revenue falling, some ordinary ones
the same, milder, and no cut (false alarms); precursors.parquet says who. They move no one and
leave the last month's revenue change as it was, so the detectors find in the last month what
they find without them. `--no-precursors` leaves them out; `--precursors` with 2 months is an
error (there is no month between the first and the last). The summary printed counts the
employers per fate (cut, false_alarm; surprise: the cuts without any precursor)."""

import argparse
import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from layoffwatch.monitoring import feeds

MAX_MONTHS = 24


def _period(text: str) -> str:
    try:
        return dt.datetime.strptime(text, "%Y-%m").strftime("%Y-%m")
    except ValueError:
        raise CommandError(f"月份“{text}”格式不对，应写作 YYYY-MM") from None


class Command(BaseCommand):
    help = "生成带真值标注的模拟比对数据（社保、失业登记、市场监管、税务等，截至结束月份的连续若干个月）"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--end-period", required=True, dest="end_period")
        parser.add_argument(
            "--months", type=int, default=6, help="连续月份数（含结束月份），2–24，默认 6"
        )
        parser.add_argument(
            "--form",
            choices=feeds.FORMS,
            default="reason",
            help="社保文件形式：reason 含增减变动、变动原因、变动日期；snapshot 只列当月缴费人员",
        )
        parser.add_argument(
            "--precursors",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="在最后一个月之前植入裁员先兆（缴费基数下调、营业收入下滑）及误报企业，"
            "并写出 precursors.parquet；至少 3 个月时默认植入，--no-precursors 不植入",
        )

    def handle(self, *args, seed, people, out, end_period, months, form, precursors, **options):
        if people < 100:
            raise CommandError("--people 至少 100 人")
        if people > feeds.MAX_PEOPLE:
            raise CommandError(f"--people 至多 {feeds.MAX_PEOPLE:,} 人")
        if not 2 <= months <= MAX_MONTHS:
            raise CommandError(f"--months 应在 2–{MAX_MONTHS} 之间")
        if precursors and months < 3:
            raise CommandError(_("--precursors 至少需要 3 个月：先兆在首月之后、最后一个月之前"))
        summary = feeds.generate(
            seed=seed,
            people=people,
            out=out,
            end_period=_period(end_period),
            months=months,
            form=form,
            precursors=months >= 3 if precursors is None else precursors,
        )
        self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
