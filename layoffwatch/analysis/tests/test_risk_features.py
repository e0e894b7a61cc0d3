"""The risk ranking's features, as the reasons say them (ADR 0106, docs/models.md): one
enterprise's five months in the lake and its records, read back as plain Chinese."""

import datetime as dt

import pandas as pd
from django.utils import timezone

from layoffwatch.analysis.risk import FEATURES
from layoffwatch.analysis.risk_features import feature_table, with_outcome
from layoffwatch.analysis.risk_reasons import reason_of, reason_text
from layoffwatch.monitoring.detection import Finding
from layoffwatch.monitoring.models import Signal
from layoffwatch.monitoring.services import clue_file, signal_dismiss, signals_record
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


# -- what was known at the end of each month (ADR 0106: the back-test must not see the future) ---

KNOWN_MONTHS = ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07"]


def _steady_lake(lake, enterprise, months=KNOWN_MONTHS):
    """A hundred people contributing every month: only the records make the months differ."""
    for period in months:
        rows = [(p, enterprise.uscc, period, 6000.0, None, None) for p in range(1, 101)]
        si = pd.DataFrame(rows, columns=COLUMNS).astype(
            {"person_key": "uint64", "change_type": "object", "change_reason": "object"}
        )
        (lake / "social_insurance").mkdir(parents=True, exist_ok=True)
        si.to_parquet(lake / "social_insurance" / f"{period}.parquet", index=False)


def _monthly(people, time_machine, *, period, at, arrears, cuts=0):
    time_machine.move_to(at, tick=False)
    monthly_report_submit(
        enterprise=people.guilin_factory,
        data={
            "period": period,
            "headcount_start": 100,
            "headcount_end": 100,
            "hires": 0,
            "separations": 0,
            "wages_paid_in_full": arrears == 0,
            "wage_arrears_months": arrears,
            "wage_arrears_amount": "50000" if arrears else "0",
            "planned_cuts_next": cuts,
        },
        channel="api",
        actor=people.ed,
        at=timezone.now(),
    )


def test_a_late_monthly_report_is_missed_in_its_month_and_read_once_it_came(
    people, lake, time_machine
):
    factory = people.guilin_factory
    factory.is_key_sample = True
    factory.save()
    _steady_lake(lake, factory)
    # March's report (due 10 April) came at 00:30 on 1 June in Tongnan (still 31 May in UTC)
    _monthly(
        people, time_machine, period="2026-03", at="2026-05-31 16:30 +00:00", arrears=2, cuts=15
    )
    # April's (due 10 May) half an hour after its due day ended; May's a minute before its ended
    _monthly(people, time_machine, period="2026-04", at="2026-05-10 16:30 +00:00", arrears=1)
    _monthly(people, time_machine, period="2026-05", at="2026-06-10 15:59 +00:00", arrears=1)
    # May's report corrected in July: June read the version it had
    _monthly(people, time_machine, period="2026-05", at="2026-07-03 02:00 +00:00", arrears=4)
    mine = feature_table().set_index(["uscc", "period"])
    said = {month: _reasons(mine.loc[(factory.uscc, month)]) for month in KNOWN_MONTHS}
    # April: March's report was not there (and nothing of what it said)
    assert "未报送上月月报" in said["2026-04"]
    assert not {r for r in said["2026-04"] if r.startswith("上月月报填报")}
    # May: April's came 30 minutes late — missed, though its figures are read
    assert "未报送上月月报" in said["2026-05"]
    assert "上月月报填报欠薪1个月" in said["2026-05"]
    assert "上月月报填报欠薪2个月" not in said["2026-05"]
    # June: May's came in time, and March's late one is there now (its plan was for April: gone)
    assert "未报送上月月报" not in said["2026-06"]
    assert "上月月报填报欠薪2个月" in said["2026-06"]
    assert not {r for r in said["2026-06"] if "计划减员" in r}
    assert "近3个月2次未报送月报（按报告所属月的次月计）" in said["2026-06"]
    # the correction of July does not change what June knew
    assert mine.loc[(factory.uscc, "2026-06"), "reported_arrears_months"] == 2
    # July: June's report never came
    assert "未报送上月月报" in said["2026-07"]


def _stoppage(uscc: str, score: float) -> Finding:
    return Finding(
        kind="mass_stoppage",
        summary=f"{uscc} 社保断缴 30 人",
        employer_uscc=uscc,
        count=30,
        score=score,
        figures={"employer_uscc": uscc, "headcount_before": 100},
    )


def test_a_signal_counts_while_it_stood_and_only_once_found(people, lake, time_machine):
    factory = people.guilin_factory
    _steady_lake(lake, factory)
    # April's stoppage found at 23:30 on 30 April in Tongnan, dismissed at 00:30 on 1 June
    time_machine.move_to("2026-04-30 15:30 +00:00", tick=False)
    signals_record(period="2026-04", findings=[_stoppage(factory.uscc, 80.0)], at=timezone.now())
    april = Signal.objects.get(period="2026-04")
    # found again in May with other figures: April's score stays what it was in April
    time_machine.move_to("2026-05-06 02:00 +00:00", tick=False)
    signals_record(period="2026-04", findings=[_stoppage(factory.uscc, 95.0)], at=timezone.now())
    time_machine.move_to("2026-05-31 16:30 +00:00", tick=False)
    signal_dismiss(signal=april, actor=people.sam, at=timezone.now(), reason="季节性停产，已复工")
    # May's stoppage found at 00:30 on 1 June in Tongnan (31 May in UTC)
    signals_record(period="2026-05", findings=[_stoppage(factory.uscc, 70.0)], at=timezone.now())
    mine = feature_table().set_index(["uscc", "period"])
    features = {m: mine.loc[(factory.uscc, m)] for m in KNOWN_MONTHS}
    assert features["2026-03"]["signals_3m"] == 0
    # April: found that day, open, with the score it then had
    assert (features["2026-04"]["signals_3m"], features["2026-04"]["detector_score"]) == (1, 80)
    # May: April's still stood (dismissed only in June); May's not found yet
    assert (features["2026-05"]["signals_3m"], features["2026-05"]["detector_score"]) == (1, 0)
    # June: April's dismissed, May's found
    assert features["2026-06"]["signals_3m"] == 1
    # today's status for all months would have dropped April's from April and May
    assert Signal.objects.get(pk=april.pk).status == "dismissed"


def test_a_clue_filed_after_a_month_is_not_in_that_months_features(people, lake, time_machine):
    factory = people.guilin_factory
    _steady_lake(lake, factory)
    # received on 20 April, filed at 00:30 on 1 June in Tongnan (31 May in UTC)
    time_machine.move_to("2026-05-31 16:30 +00:00", tick=False)
    clue_file(
        actor=people.sam,
        at=timezone.now(),
        channel="commissioner",
        received_on=dt.date(2026, 4, 20),
        description="服务专员走访发现订单减少，企业酝酿减员",
        enterprise=factory,
    )
    # and a wage-arrears case received in May (its receipt is its only time)
    RightsCase.objects.create(
        kind=RightsCase.Kind.WAGE_ARREARS,
        dispute_type=RightsCase.DisputeType.WAGES,
        enterprise=factory,
        summary="拖欠一个月工资",
        workers_involved=8,
        received_at=dt.datetime(2026, 5, 12, 2, tzinfo=dt.UTC),
    )
    mine = feature_table().set_index(["uscc", "period"])
    clues = {m: mine.loc[(factory.uscc, m), "clues_3m"] for m in KNOWN_MONTHS}
    assert clues == {"2026-03": 0, "2026-04": 0, "2026-05": 0, "2026-06": 1, "2026-07": 0}
    said = {m: _reasons(mine.loc[(factory.uscc, m)]) for m in KNOWN_MONTHS}
    assert "近3个月拖欠工资案件1件" in said["2026-05"]
    assert not {r for r in said["2026-04"] if "欠薪" in r or "拖欠" in r}
