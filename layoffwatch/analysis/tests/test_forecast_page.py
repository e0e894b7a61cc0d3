"""The forecasts on the month page (plan S3.1.3 预测, ADR 0105): none made yet is said so; staff ask
for them and the queue makes them; a liaison sees their own town's only; the other roles none."""

import pytest

from layoffwatch.analysis.models import ForecastRun
from layoffwatch.audit.models import AuditEntry
from layoffwatch.testing.cases import queue_runs

from .conftest import LAST

pytestmark = pytest.mark.django_db
PAGE = f"/analysis/{LAST}/"


def test_staff_ask_for_the_forecasts_and_the_page_shows_them(feeds, people, login):
    feeds.months(5)
    client = login(people.sam)
    page = client.get(PAGE).content.decode()
    assert f"尚未依据截至{LAST}的数据生成预测" in page
    assert 'id="forecast-request"' in page

    with queue_runs():
        answer = client.post(f"/analysis/{LAST}/forecast/", follow=True)
    assert "预测已提交" in answer.content.decode()
    run = ForecastRun.objects.get()
    assert run.requested_by == people.sam

    page = client.get(PAGE).content.decode()
    assert "依据2025-10至2026-02共5个月的数据" in page
    # five months are too few for the models: said, and the last month carried on
    assert 'id="forecast-short"' in page and "全区参保人数" in page
    for key in ("insured", "job_loss_rate"):
        assert f'data-chart="forecast-{key}"' in page
    # no registrations were imported: none forecast, and the page says why
    assert 'data-chart="forecast-registrations"' not in page
    missing = page[page.index('id="forecast-missing"') :]
    assert missing.index("失业登记人数") < missing.index("</p>")
    # the chart's table: the last actual month, the forecast and its ranges
    district = next(s for s in run.result["series"] if s["id"] == "insured|district|")
    last = district["history"][-1]
    assert f'<td class="text-end">{last:,}</td>' in page
    towns = page[page.index('id="forecast-towns"') :]
    assert "桂林街道" in towns and "梓潼街道" in towns
    assert AuditEntry.objects.filter(object_type="analysis.forecastrun", action="create").exists()


def test_a_liaison_sees_their_towns_forecast_only_and_cannot_ask_for_one(feeds, people, login):
    feeds.months(5)
    with queue_runs():
        login(people.sam).post(f"/analysis/{LAST}/forecast/")
    client = login(people.tina)  # 桂林街道's liaison
    page = client.get(PAGE).content.decode()
    assert 'data-chart="forecast-insured"' in page and "桂林街道参保人数预测" in page
    assert "全区参保人数预测" not in page
    towns = page[page.index('id="forecast-towns"') :]
    assert "桂林街道" in towns and "梓潼街道" not in towns
    assert 'id="forecast-request"' not in page
    assert client.post(f"/analysis/{LAST}/forecast/").status_code == 403
    assert ForecastRun.objects.count() == 1
    assert AuditEntry.objects.filter(action="denied", actor_id=people.tina.pk).exists()


@pytest.mark.parametrize("who", ["ed", "agnes"])
def test_enterprise_and_agency_users_see_no_forecast(feeds, people, login, who):
    feeds.months(3)
    client = login(getattr(people, who))
    assert client.get(PAGE).status_code == 403
    assert client.post(f"/analysis/{LAST}/forecast/").status_code == 403
    assert not ForecastRun.objects.exists()


def test_the_cockpit_shows_the_forecast_only_to_those_who_read_the_analysis(feeds, people, login):
    feeds.months(5)
    with queue_runs():
        login(people.sam).post(f"/analysis/{LAST}/forecast/")
    assert 'data-chart="forecast-insured"' in login(people.li).get("/").content.decode()
    # a commissioner is refused the analysis: the cockpit has no forecast for them either
    assert "forecast-insured" not in login(people.cai).get("/").content.decode()


def _series(metric, area, code, name, history, step, last=None, surprise=""):
    return {
        "id": f"{metric}|{area}|{code}",
        "metric": metric,
        "area": area,
        "code": code,
        "name": name,
        "history": history,
        "method": "ensemble",
        "months_used": len(history),
        "forecast": [step],
        "backtest": None,
        "last_month_forecast": last,
        "surprise": surprise,
    }


def test_the_page_writes_ranges_sections_and_one_person_as_the_reader_reads_them(
    feeds, people, login
):
    """A rate's range with two decimals at both ends; an industry section's name in the reader's
    language (ADR 0100); one person is "1 person" in English."""
    from django.utils import timezone

    feeds.months(2)
    step = {"mean": 1.2, "lo80": 0.6, "hi80": 2.0, "lo95": 0.2, "hi95": 3.0}
    rate = {"mean": 0.035, "lo80": 0.0289, "hi80": 0.048, "lo95": 0.02, "hi95": 0.06}
    series = [
        _series("insured", "district", "", "潼南区", [100, 98], {**step, "mean": 97.0}),
        _series("registrations", "town", "500152001000", "桂林街道", [0, 1], step),
        _series("job_loss_rate", "town", "500152001000", "桂林街道", [0.03, 0.03], rate),
        _series(
            "registrations", "section", "C", "C 制造业", [3, 40], step, last=step, surprise="up"
        ),
    ]
    ForecastRun.objects.create(
        first_period="2026-01",
        period=LAST,
        created_at=timezone.now(),
        finished_at=timezone.now(),
        result={
            "months": ["2026-01", LAST],
            "forecast_months": ["2026-03"],
            "series": series,
            "backtest": {
                "series": 4,
                "range_points": 0,
                "mase_seasonal_below_1": None,
                "mase_naive_below_1": None,
                "coverage80": None,
            },
        },
    )
    client = login(people.sam)
    page = client.get(PAGE).content.decode()
    towns = page[page.index('id="forecast-towns"') :]
    assert "2.89–4.80%" in towns and "1人" in towns
    surprises = page[page.index('id="forecast-surprises"') :]
    assert "C 制造业" in surprises[: surprises.index("</ul>")]

    client.cookies["django_language"] = "en"
    page = client.get(PAGE).content.decode()
    towns = page[page.index('id="forecast-towns"') :]
    assert "1 person<" in towns and "1 people" not in page
    surprises = page[page.index('id="forecast-surprises"') :]
    assert "C Manufacturing" in surprises[: surprises.index("</ul>")]
    assert "制造业" not in surprises[: surprises.index("</ul>")]
