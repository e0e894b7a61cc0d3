"""layoffwatch detect --period YYYY-MM [--json]: run every detector for a month and record signals."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from layoffwatch.monitoring.services import detection_run


class Command(BaseCommand):
    help = "运行大数据监测比对（全部检测规则）并登记信号 / run all detectors for a month"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出信号")

    def handle(self, *args, period, json: bool = False, **options):
        try:
            period = dt.datetime.strptime(period, "%Y-%m").strftime("%Y-%m")
        except ValueError:
            raise CommandError(f"月份“{period}”格式不对，应写作 YYYY-MM")
        result = detection_run(period=period)
        if json:
            self.stdout.write(_json(result))
            return
        self.stdout.write(
            f"{period}：发现 {len(result['findings'])} 条（新增 {result['created']}，更新 {result['updated']}，"
            f"未变 {result['unchanged']}）"
        )
        for f in result["findings"]:
            self.stdout.write(f"  [{f.kind}] {f.summary}（分值 {f.score}）")
        for name, why in result["skipped"].items():
            self.stdout.write(f"  未运行 {name}：{why}")


def _json(result: dict) -> str:
    return json.dumps(
        {
            "period": result["period"],
            "signals": [f.as_json() for f in result["findings"]],
            "skipped": result["skipped"],
        },
        ensure_ascii=False,
        indent=1,
    )
