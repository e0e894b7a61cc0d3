"""参保缴费明细: one row per person per employer per month (plan S3.1.3 社保断缴)."""

from .base import PERIOD_ALIASES, PERSON_ID_ALIASES, USCC_ALIASES, Column, Source

REASONS = {
    "辞退": "dismissal",
    "解除劳动合同": "dismissal",
    "裁员": "dismissal",
    "合同到期": "contract_end",
    "劳动合同终止": "contract_end",
    "辞职": "resignation",
    "主动离职": "resignation",
    "退休": "retirement",
    "死亡": "death",
    "转出": "transfer_out",
    "转移": "transfer_out",
    "其他": "other",
}

SOURCE = Source(
    kind="social_insurance",
    label="参保缴费明细",
    columns=(
        Column("person_id", "身份证号", "person_id", aliases=PERSON_ID_ALIASES),
        Column("employer_uscc", "单位统一社会信用代码", "uscc", aliases=USCC_ALIASES),
        Column("period", "缴费月份", "period", aliases=PERIOD_ALIASES),
        Column("contribution_base", "缴费基数", "money", aliases=("缴费工资", "基数")),
        Column(
            "change_type",
            "增减变动",
            "code",
            required=False,
            aliases=("变动类型", "增减类型"),
            choices=("add", "remove"),
            value_aliases={
                "增加": "add",
                "新增": "add",
                "增员": "add",
                "减少": "remove",
                "减员": "remove",
            },
        ),
        Column(
            "change_reason",
            "变动原因",
            "code",
            required=False,
            aliases=("减员原因", "减少原因"),
            choices=tuple(dict.fromkeys(REASONS.values())),
            value_aliases=REASONS,
        ),
        Column("change_date", "变动日期", "date", required=False, aliases=("减员日期",)),
    ),
    key=("person_id", "employer_uscc", "period"),
    period_column="period",
    employer_column="employer_uscc",
)
