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
