"""The risk ranking's features, as the reasons say them (ADR 0106, docs/models.md): one
enterprise's five months in the lake and its records, read back as plain Chinese."""

import datetime as dt

import pandas as pd

from layoffwatch.analysis.risk import FEATURES
from layoffwatch.analysis.risk_features import feature_table, with_outcome
from layoffwatch.analysis.risk_reasons import reason_of, reason_text
from layoffwatch.reporting.services import monthly_report_submit
from layoffwatch.rights.models import RightsCase

MONTHS = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
COLUMNS = [
    "person_key",
    "employer_uscc",
    "period",
    "contribution_base",
    "change_type",
    "change_reason",
]


def _write(lake, kind, period, rows, columns):
    (lake / kind).mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=columns).to_parquet(lake / kind / f"{period}.parquet", index=False)


def _reasons(row) -> set[str]:
    values = dict(zip(FEATURES, row[list(FEATURES)].to_numpy(dtype=float).tolist(), strict=True))
    return {reason_text(r) for name in FEATURES if (r := reason_of(name, values))}


def test_a_months_precursors_read_as_plain_reasons(make_enterprise, people, lake):
    factory = make_enterprise(name="缩编机械有限公司", is_key_sample=True)
    heads = {"2025-10": 100, "2025-11": 100, "2025-12": 100, "2026-01": 95, "2026-02": 85}
    for period, n in heads.items():
        rows = []
        for p in range(1, n + 1):
            # in February the first twenty still there have their base cut by a fifth
            base = 4800.0 if period == "2026-02" and p <= 20 else 6000.0
            rows.append((p, factory.uscc, period, base, None, None))
        if period == "2026-02":  # the ten who left in February, listed as dismissed
            rows += [
                (p, factory.uscc, period, 6000.0, "remove", "dismissal") for p in range(86, 96)
            ]
        si = pd.DataFrame(rows, columns=COLUMNS).astype(
            {"person_key": "uint64", "change_type": "object", "change_reason": "object"}
        )
        (lake / "social_insurance").mkdir(parents=True, exist_ok=True)
        si.to_parquet(lake / "social_insurance" / f"{period}.parquet", index=False)
        revenue = 700_000.0 if period == "2026-02" else 1_000_000.0
        _write(
            lake,
            "tax",
            period,
            [(factory.uscc, period, revenue, "normal")],
            ["employer_uscc", "period", "revenue", "tax_status"],
        )
    RightsCase.objects.create(
        kind=RightsCase.Kind.WAGE_ARREARS,
        dispute_type=RightsCase.DisputeType.WAGES,
        enterprise=factory,
        summary="拖欠两个月工资",
        workers_involved=12,
        received_at=dt.datetime(2026, 1, 12, 2, tzinfo=dt.UTC),
    )
    table = feature_table()
    mine = table[table["uscc"] == factory.uscc].set_index("period")
    assert _reasons(mine.loc["2026-02"]) == {
        "近3个月参保人数下降15%",
        "本月停缴社保10人",
        "本月因辞退减员10人",
        "本月20人缴费基数下调10%以上",
        "营业收入较上月下降30%",
        "营业收入较3个月前下降30%",
        "近3个月拖欠工资案件1件",
        "近3个月欠薪案件涉及12人",
        "近3个月3次未报送月报（按报告所属月的次月计）",
        "未报送上月月报",
    }
    # an ordinary month says nothing but the missing monthly report
    assert _reasons(mine.loc["2025-11"]) == {
        "近3个月2次未报送月报（按报告所属月的次月计）",
        "未报送上月月报",
    }
    # three months back is not in the lake for the first months: unknown, not "no change"
    assert pd.isna(mine.loc["2025-12", "insured_change_3m"])
    # the last three months' outcome is not known yet
    outcome = with_outcome(table).set_index(["uscc", "period"])["target"]
    assert pd.isna(outcome[(factory.uscc, "2026-01")]) and outcome[(factory.uscc, "2025-11")] == 0


def test_a_monthly_report_counts_in_the_month_it_falls_due(make_enterprise, people, lake):
    factory = people.guilin_factory
    factory.is_key_sample = True
    factory.save()
    for period in ("2026-01", "2026-02"):
        rows = [(p, factory.uscc, period, 6000.0, None, None) for p in range(1, 101)]
        si = pd.DataFrame(rows, columns=COLUMNS).astype(
            {"person_key": "uint64", "change_type": "object", "change_reason": "object"}
        )
        (lake / "social_insurance").mkdir(parents=True, exist_ok=True)
        si.to_parquet(lake / "social_insurance" / f"{period}.parquet", index=False)
    monthly_report_submit(
        enterprise=factory,
        data={
            "period": "2026-01",
            "headcount_start": 100,
            "headcount_end": 100,
            "hires": 0,
            "separations": 0,
            "wages_paid_in_full": False,
            "wage_arrears_months": 2,
            "wage_arrears_amount": "120000",
            "planned_cuts_next": 15,
        },
        channel="api",
        actor=people.ed,
        at=dt.datetime(2026, 2, 5, 2, tzinfo=dt.UTC),
    )
    mine = feature_table().set_index(["uscc", "period"])
    january, february = mine.loc[(factory.uscc, "2026-01")], mine.loc[(factory.uscc, "2026-02")]
    # January's report is February's news: February says what it declared, January does not
    assert {"上月月报填报欠薪2个月", "上月月报填报本月计划减员15人"} <= _reasons(february)
    assert "未报送上月月报" not in _reasons(february)
    assert "未报送上月月报" in _reasons(january)
    assert not {r for r in _reasons(january) if r.startswith("上月月报填报")}
