"""`layoffwatch forecast --period YYYY-MM [--json] [--jobs N]`: the forecasts after a month with
their back-test (plan S3.1.3 预测, ADR 0105), kept as a forecast run like the queue's; printed as the
series' last months, their forecasts with 80 % and 95 % ranges, and the back-test table."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from layoffwatch.analysis.forecasting import method_label, metric_label
from layoffwatch.analysis.services import forecast_make


def _n(x, metric: str) -> str:
    if x is None:
        return "暂无数据"
    return f"{x * 100:.2f}%" if metric == "job_loss_rate" else f"{x:,.0f}"


def _ratio(x) -> str:
    return "—" if x is None else f"{x:.2f}"


class Command(BaseCommand):
    help = "就业形势预测（全区、镇街、行业门类，含回测）/ forecasts with their back-test"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="截止月份 YYYY-MM")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--jobs", type=int, default=2, help="并行进程数（默认 2）")

    def handle(self, *args, period, json: bool = False, jobs: int = 2, **options):
        try:
            run = forecast_make(period, at=timezone.now(), jobs=max(1, jobs))
        except ValidationError as e:
            raise CommandError("--period：" + " ".join(e.messages).removeprefix("月份：")) from None
        result = run.result
        if json:
            self.stdout.write(_json_dump(result))
            return
        months = result["months"]
        self.stdout.write(
            f"预测 #{run.pk}：使用 {months[0]} 至 {months[-1]} 共 {len(months)} 个月的数据，"
            f"预测 {'、'.join(result['forecast_months'])}，用时 {run.seconds:.1f} 秒"
        )
        self.stdout.write(
            "序列\t方法\t最近值\t"
            + "\t".join(f"{m}（80%区间；95%区间）" for m in result["forecast_months"])
            + "\tMASE（季节朴素）\tMASE（上月值）\t80%区间覆盖率\t上月意外"
        )
        for s in result["series"]:
            metric = s["metric"]
            steps = [
                f"{_n(f['mean'], metric)}（{_n(f['lo80'], metric)}–{_n(f['hi80'], metric)}；"
                f"{_n(f['lo95'], metric)}–{_n(f['hi95'], metric)}）"
                for f in s["forecast"]
            ]
            b = s["backtest"] or {}
            coverage = b.get("coverage80")
            self.stdout.write(
                "\t".join(
                    [
                        f"{s['name']}·{metric_label(metric)}",
                        method_label(s["method"])
                        if s["forecast"]
                        else "不预测（最近一个月数据缺失）",
                        _n(s["history"][-1], metric),
                        *steps,
                        _ratio(b.get("mase_seasonal")),
                        _ratio(b.get("mase_naive")),
                        "—" if coverage is None else f"{coverage:.0%}",
                        {"up": "高于95%区间", "down": "低于95%区间"}.get(s["surprise"], ""),
                    ]
                )
            )
        o = result["backtest"]
        share = lambda x: "—" if x is None else f"{x:.0%}"  # noqa: E731
        self.stdout.write(
            f"回测（{o['series']}个序列）：MASE<1 的序列占比 对季节朴素 {share(o['mase_seasonal_below_1'])}"
            f"（{o['scored_seasonal']}个可比）、对上月值 {share(o['mase_naive_below_1'])}"
            f"（{o['scored_naive']}个可比）；80%区间覆盖率 {share(o['coverage80'])}"
            f"（{o['range_points']}个检验点）"
        )


def _json_dump(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, default=float)
