"""Forecasts (plan S3.1.3 预测, ADR 0105): each area's next months with 80 % and 95 % ranges, the
towns adding up to the district, the back-test, the latest month's surprise; bad months refused
with nothing kept."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from layoffwatch.analysis.forecasting import SIMPLE
from layoffwatch.analysis.models import ForecastRun
from layoffwatch.analysis.services import forecast_make
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG

from .conftest import LAST

pytestmark = pytest.mark.django_db


def _series(run, metric, area, code=""):
    return next(
        s
        for s in run.result["series"]
        if s["metric"] == metric and s["area"] == area and s["code"] == code
    )


def test_it_forecasts_each_area_with_ranges_the_towns_adding_up_to_the_district(feeds):
    feeds.months(15)
    run = forecast_make(LAST, at=timezone.now())

    assert run.result["forecast_months"] == ["2026-03", "2026-04", "2026-05"]
    district = _series(run, "insured", "district")
    guilin = _series(run, "insured", "town", GUILIN)
    zitong = _series(run, "insured", "town", ZITONG)
    assert district["name"] == "全区" and guilin["name"] == "桂林街道"
    assert district["history"][-1] == guilin["history"][-1] + zitong["history"][-1]
    for step, g, z in zip(
        district["forecast"], guilin["forecast"], zitong["forecast"], strict=True
    ):
        # reconciled: the towns' forecasts add up to the district's
        assert step["mean"] == pytest.approx(g["mean"] + z["mean"], abs=0.01)
        assert step["lo95"] <= step["lo80"] <= step["mean"] <= step["hi80"] <= step["hi95"]
    # Guilin grows by one a month: its forecast goes on up from its last month
    assert guilin["forecast"][0]["mean"] > guilin["history"][-2]
    section = _series(run, "insured", "section", "C")
    assert section["forecast"] and section["method"] == "ensemble"
    # the back-test scored every forecast series, against both yardsticks, and the ranges
    assert district["backtest"]["points"] > 0
    assert district["backtest"]["mase_naive"] is not None
    assert district["backtest"]["mase_seasonal"] is not None  # 15 months: a year before is held
    assert 0 <= run.result["backtest"]["coverage80"] <= 1
    assert run.first_period == "2024-12" and run.period == LAST
    entry = AuditEntry.objects.get(object_type="analysis.forecastrun")
    assert "2024-12至2026-02" in entry.summary


def test_a_town_losing_many_more_than_it_ever_did_is_a_surprise(feeds):
    feeds.months(15, zitong_last_loss=30)
    run = forecast_make(LAST, at=timezone.now())

    zitong = _series(run, "job_loss_rate", "town", ZITONG)
    assert zitong["surprise"] == "up"
    assert zitong["history"][-1] > zitong["last_month_forecast"]["hi95"]
    assert _series(run, "job_loss_rate", "town", GUILIN)["surprise"] == ""


def test_a_short_history_gets_the_simple_forecast_and_says_so(feeds):
    feeds.months(5)
    run = forecast_make(LAST, at=timezone.now())

    district = _series(run, "insured", "district")
    assert district["method"] == SIMPLE and district["months_used"] == 5
    assert district["forecast"][0]["mean"] == district["history"][-1]

    out = io.StringIO()
    call_command("forecast", "--period", LAST, "--jobs", "1", stdout=out)
    text = out.getvalue()
    assert "全区·参保人数\t简单预测（沿用上月数值）" in text
    assert "回测" in text and "80%区间覆盖率" in text


def test_the_command_prints_json_with_the_series_and_back_test(feeds):
    feeds.months(13)
    out = io.StringIO()
    call_command("forecast", "--period", LAST, "--json", "--jobs", "1", stdout=out)
    data = json.loads(out.getvalue())
    assert data["months"][0] == "2025-02" and data["months"][-1] == LAST
    assert {s["metric"] for s in data["series"]} == {"insured", "job_loss_rate", "registrations"}
    assert data["backtest"]["series"] > 0
    assert ForecastRun.objects.count() == 1


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-13", "--period：应为“YYYY-MM”格式"),
        ("2025-06", "2025-06的社保参保缴费数据尚未导入，无法预测"),
        ("2024-12", "截至2024-12只有1个月的社保参保缴费数据"),
    ],
)
def test_a_month_without_enough_data_is_refused_and_nothing_is_kept(feeds, period, message):
    feeds.months(3, last="2025-02")  # 2024-12 … 2025-02
    with pytest.raises(CommandError, match=message):
        call_command("forecast", "--period", period, "--jobs", "1", stdout=io.StringIO())
    assert not ForecastRun.objects.exists()
    assert AuditEntry.objects.filter(action="rejected", object_type="analysis.forecastrun").exists()


def test_only_those_who_draft_the_analysis_ask_for_forecasts(feeds, people):
    feeds.months(3)
    with pytest.raises(PermissionDenied):
        forecast_make(LAST, actor=people.tina, at=timezone.now())
    with pytest.raises(ValidationError):
        forecast_make("2026-13", actor=people.sam, at=timezone.now())
    assert not ForecastRun.objects.exists()
    run = forecast_make(LAST, actor=people.sam, at=timezone.now())
    assert run.requested_by == people.sam
