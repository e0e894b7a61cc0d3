"""失业登记: one row per registration (plan S3.1.3 失业登记人数, claims cluster)."""

from .base import PERSON_ID_ALIASES, TOWN_ALIASES, Column, Source

SOURCE = Source(
    kind="unemployment_registration",
    label="失业登记",
    columns=(
        Column("person_id", "身份证号", "person_id", aliases=PERSON_ID_ALIASES),
        Column("registered_on", "登记日期", "date", aliases=("失业登记日期",)),
        Column(
            "last_employer_uscc",
            "原工作单位统一社会信用代码",
            "uscc",
            aliases=("原单位统一社会信用代码", "原单位信用代码", "统一社会信用代码"),
        ),
        Column("town_code", "镇街代码", "town", aliases=TOWN_ALIASES),
        Column(
            "ui_claim",
            "申领失业保险金",
            "bool",
            required=False,
            aliases=("是否申领失业保险金", "申领失业金"),
        ),
    ),
    key=("person_id", "registered_on"),
    period_column="registered_on",
    employer_column="last_employer_uscc",
)
