"""The situation analysis's dated parameters (ADR 0092 registry, ADR 0104, ADR 0105): how unusual a
town's or an industry's month must be against its own history to be a hotspot (plan S6.1), and how
far and from how many months the forecasts look (plan S3.1.3 预测)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from layoffwatch.policy.loader import DatedS, Int, Num, Record, register_parameters
from layoffwatch.policy.selectors import policy_in_force

KEY = "analysis"
POS = Int(min=1)

SCHEMA = Record(
    {
        "hotspots": Record(
            {
                "history_months": DatedS(POS, retirable=False),
                "min_history_months": DatedS(POS, retirable=False),
                "deviation": DatedS(Num(above=0), retirable=False),
                "min_people": DatedS(POS, retirable=False),
                "largest_events": DatedS(POS, retirable=False),
            }
        ),
        "forecast": Record(
            {
                "horizon": DatedS(Int(min=1, max=6), retirable=False),
                "max_months": DatedS(Int(min=12), retirable=False),
                "min_history_months": DatedS(Int(min=6), retirable=False),
                "backtest_windows": DatedS(Int(min=1, max=24), retirable=False),
            }
        ),
    }
)


def cross_check(ctx, tree: dict) -> None:
    """No cross-check: the values are independent."""


LABELS = {
    "hotspots.history_months": (_("热点与此前几个月比较"), _("个月")),
    "hotspots.min_history_months": (_("判定热点至少需要此前几个月数据"), _("个月")),
    "hotspots.deviation": (_("偏离此前均值达到几个标准差即为热点"), ""),
    "hotspots.min_people": (_("变化至少多少人才列为热点"), _("人")),
    "hotspots.largest_events": (_("列出当月涉及人数最多的几件事"), _("件")),
    "forecast.horizon": (_("预测未来几个月"), _("个月")),
    "forecast.max_months": (_("预测最多使用最近几个月数据"), _("个月")),
    "forecast.min_history_months": (
        _("至少几个月数据才用统计模型预测（不足的沿用上月数值）"),
        _("个月"),
    ),
    "forecast.backtest_windows": (_("回测最近几个预测起点"), _("个")),
}

FILE = register_parameters(
    key=KEY,
    title=_("月度形势分析热点与预测规则"),
    path=Path(__file__).resolve().parent / "parameters" / "analysis.yaml",
    schema=SCHEMA,
    cross=cross_check,
    labels=LABELS,
).path


def hotspot_rules(on: dt.date) -> dict:
    """The hotspot rules in force on `on` (with the administrator's revisions)."""
    return dict(policy_in_force().at(on)[KEY]["hotspots"])


def forecast_rules(on: dt.date) -> dict:
    """The forecasts' rules in force on `on` (plan S3.1.3 预测, ADR 0105)."""
    return dict(policy_in_force().at(on)[KEY]["forecast"])
