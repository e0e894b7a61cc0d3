"""人力资源市场供求: job seekers and vacancies per town (blank = district) and industry."""

from .base import INDUSTRY_ALIASES, PERIOD_ALIASES, TOWN_ALIASES, Column, Source

SOURCE = Source(
    kind="hr_market",
    label="人力资源市场供求",
    columns=(
        Column("period", "月份", "period", aliases=PERIOD_ALIASES),
        Column("town_code", "镇街代码", "town", required=False, aliases=TOWN_ALIASES),
        Column("industry_code", "行业代码", "industry", required=False, aliases=INDUSTRY_ALIASES),
        Column("job_seekers", "求职人数", "int", aliases=("求职人次",)),
        Column("vacancies", "岗位数", "int", aliases=("需求人数", "招聘岗位数")),
    ),
    key=("period", "town_code", "industry_code"),
    period_column="period",
)
