"""城镇调查失业率 per town (plan S3.1.3: towns whose rate rises suddenly get focused monitoring)."""

from .base import PERIOD_ALIASES, TOWN_ALIASES, Column, Source

SOURCE = Source(
    kind="unemployment_rate",
    label="城镇调查失业率",
    columns=(
        Column("period", "月份", "period", aliases=PERIOD_ALIASES),
        Column("town_code", "镇街代码", "town", aliases=TOWN_ALIASES),
        Column("rate", "调查失业率", "rate", aliases=("失业率", "调查失业率(%)")),
    ),
    key=("period", "town_code"),
    period_column="period",
)
