"""The demo's precursors (ADR 0106, docs/models.md): before a reported cut of 20+ the demo plants
wage-arrears cases, and as many enterprises that cut nobody get the same (false alarms); the
queue's monthly training says why it cannot train on too short a history."""

import datetime as dt

from layoffwatch.analysis.models import RiskModel
from layoffwatch.analysis.tasks import risk_train_monthly
from layoffwatch.core.clock import local_month
from layoffwatch.demo.generator import precursors
from layoffwatch.monitoring.models import Clue
from layoffwatch.rights.models import RightsCase
from layoffwatch.testing.cases import local, queue_runs, report

AT = local(2026, 3, 20, 10, 0)


def test_cuts_get_arrears_before_them_and_false_alarms_get_the_same_without_a_cut(
    people, make_enterprise
):
    cutters = [make_enterprise(name=f"减员企业{i}有限公司") for i in range(6)]
    quiet = [make_enterprise(name=f"平稳企业{i}有限公司") for i in range(10)]
    for e in cutters:
        report(e, cut=30, on=dt.date(2026, 3, 25), at=AT, actor=people.sam)
    planted = precursors.plant_demo_precursors(seed=5, at=AT)
    assert planted["false_alarms"] == len(cutters)
    assert planted["warned"] >= 1
    cases = RightsCase.objects.filter(kind=RightsCase.Kind.WAGE_ARREARS)
    months = {local_month(c.received_at) for c in cases}
    assert months <= {"2026-01", "2026-02"}  # the two months before March's reports
    with_cases = set(cases.values_list("enterprise_id", flat=True))
    assert with_cases & {e.pk for e in cutters}
    assert with_cases & {e.pk for e in quiet}  # precursors that come to nothing
    # the same seed plants the same again
    again = precursors.plant_demo_precursors(seed=5, at=AT)
    assert again == planted


def test_the_lake_is_given_the_same_enterprises_and_the_three_months_before_their_month(
    people, make_enterprise
):
    cutters = [make_enterprise(name=f"减员企业{i}有限公司") for i in range(6)]
    for i in range(10):
        make_enterprise(name=f"平稳企业{i}有限公司")
    for e in cutters:
        report(e, cut=30, on=dt.date(2026, 3, 25), at=AT, actor=people.sam)
    chosen = precursors.choose_demo_precursors(seed=5, at=AT)
    assert chosen == precursors.choose_demo_precursors(seed=5, at=AT)
    # a cut reported in March, and a false alarm (its month the one the demo is made in): bases
    # and revenue from December to February, full strength before a cut, half before nothing
    lake = {
        uscc: (first, last, strength) for uscc, first, last, strength in chosen.lake_precursors()
    }
    assert {u for u, _m in chosen.warned.values()} <= {e.uscc for e in cutters}
    assert {lake[u] for u, _m in chosen.warned.values()} == {("2025-12", "2026-02", 1.0)}
    assert {lake[u] for u, _m in chosen.alarms.values()} == {("2025-12", "2026-02", 0.5)}
    # the records get theirs on the very same enterprises, as without the choice passed
    planted = precursors.plant_demo_precursors(seed=5, at=AT, chosen=chosen)
    cases = RightsCase.objects.filter(kind=RightsCase.Kind.WAGE_ARREARS)
    assert {c.enterprise.uscc for c in cases} == set(lake)
    RightsCase.objects.all().delete()
    Clue.objects.all().delete()
    assert precursors.plant_demo_precursors(seed=5, at=AT) == planted


def test_the_monthly_training_says_why_when_the_history_is_too_short(db, settings, tmp_path):
    settings.LAKE_DIR = tmp_path / "lake"
    with queue_runs():  # as the worker runs it, in the test's own connection
        result = risk_train_monthly.call_local()
    assert result["trained"] is False
    assert "历史数据不足" in result["reason"]
    assert not RiskModel.objects.exists()
