"""行业产能 shared by sector departments (plan S3.1.3): e.g. indicator `utilisation` in percent."""

from .base import INDUSTRY_ALIASES, PERIOD_ALIASES, Column, Source

SOURCE = Source(
    kind="industry_capacity",
    label="行业产能",
    columns=(
        Column("period", "月份", "period", aliases=PERIOD_ALIASES),
        Column("industry_code", "行业代码", "industry", aliases=INDUSTRY_ALIASES),
        Column(
            "indicator",
            "指标",
            "code",
            aliases=("指标名称",),
            choices=("utilisation", "output", "orders"),
            value_aliases={"产能利用率": "utilisation", "产量": "output", "订单": "orders"},
        ),
        Column("value", "数值", "number", aliases=("指标值",)),
    ),
    key=("period", "industry_code", "indicator"),
    period_column="period",
)
