"""市场监管变更: deregistration, revocation, abnormal status … (plan S3.1.3 工商变化, S6.1)."""

from .base import USCC_ALIASES, Column, Source

SOURCE = Source(
    kind="business_registration",
    label="市场监管变更",
    columns=(
        Column("employer_uscc", "统一社会信用代码", "uscc", aliases=USCC_ALIASES),
        Column(
            "event",
            "变更事项",
            "code",
            aliases=("事项", "变更类型", "登记状态"),
            choices=("deregistered", "revoked", "abnormal", "bankruptcy", "suspended", "moved_out"),
            value_aliases={
                "注销": "deregistered",
                "吊销": "revoked",
                "经营异常": "abnormal",
                "列入经营异常名录": "abnormal",
                "破产": "bankruptcy",
                "歇业": "suspended",
                "停业": "suspended",
                "迁出": "moved_out",
            },
        ),
        Column("event_date", "变更日期", "date", aliases=("日期", "核准日期")),
    ),
    key=("employer_uscc", "event", "event_date"),
    period_column="event_date",
    employer_column="employer_uscc",
)
