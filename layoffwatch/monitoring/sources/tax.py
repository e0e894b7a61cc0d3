"""税务: monthly revenue per employer (plan S3.1.3 税务变化)."""

from .base import PERIOD_ALIASES, USCC_ALIASES, Column, Source

SOURCE = Source(
    kind="tax",
    label="税务",
    columns=(
        Column("employer_uscc", "纳税人识别号", "uscc", aliases=(*USCC_ALIASES, "纳税人识别号")),
        Column("period", "所属月份", "period", aliases=PERIOD_ALIASES),
        Column("revenue", "营业收入", "money", aliases=("销售收入", "收入", "申报收入")),
        Column(
            "tax_status",
            "纳税状态",
            "code",
            required=False,
            aliases=("状态",),
            choices=("normal", "abnormal"),
            value_aliases={"正常": "normal", "非正常": "abnormal", "非正常户": "abnormal"},
        ),
    ),
    key=("employer_uscc", "period"),
    period_column="period",
    employer_column="employer_uscc",
)
