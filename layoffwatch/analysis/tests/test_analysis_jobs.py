"""The queue's analysis work as jobs the pages show (ADR 0105, 0106; analysis.jobs): a forecast or
a retraining asked for is never lost — the page shows it queued, running since when, or failed
and why in plain Chinese — a second click while one waits queues nothing and says so, and each
state of a job is audited."""

import datetime as dt
import re

import pytest
import time_machine

from layoffwatch.analysis import forecasting
from layoffwatch.analysis.models import AnalysisJob, ForecastRun, RiskModel
from layoffwatch.analysis.tasks import forecast_on_demand, risk_train_monthly
from layoffwatch.audit.models import AuditEntry
from layoffwatch.core.clock import local_datetime
from layoffwatch.demo.generator import precursors
from layoffwatch.testing.cases import queue_runs

from .conftest import LAST, NOW

pytestmark = pytest.mark.django_db
PAGE = f"/analysis/{LAST}/"
ASK = f"/analysis/{LAST}/forecast/"
RISK = "/monitoring/risk/"


def _job_box(page: str, element: str) -> str:
    """The text of the page's job box (`element` its id), or "" when there is none."""
    found = re.search(rf'<div class="alert[^"]*" id="{element}"[^>]*>(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def _said(answer) -> str:
    return answer.content.decode()


def test_a_forecast_refused_in_the_worker_is_shown_on_the_month_page(feeds, people, login):
    feeds.months(1)  # one month: too few to forecast from
    client = login(people.sam)
    with queue_runs():
        answer = client.post(ASK, follow=True)
    assert "预测已提交" in _said(answer)
    assert not ForecastRun.objects.exists()
    box = _job_box(client.get(PAGE).content.decode(), "forecast-job")
    assert "最近一次未成功" in box and "sam提交" in box
    assert f"就业形势预测未完成：月份：截至{LAST}只有1个月的社保参保缴费数据" in box
    job = AnalysisJob.objects.get()
    assert job.status == AnalysisJob.Status.FAILED and job.finished_at is not None


def test_a_forecast_that_crashes_in_the_worker_says_so_without_the_traceback(
    feeds, people, login, monkeypatch
):
    feeds.months(5)

    def crash(*args, **kwargs):
        raise RuntimeError("Traceback: statsmodels ran out of memory")

    monkeypatch.setattr(forecasting, "run_forecasts", crash)
    monkeypatch.setattr("layoffwatch.analysis.services.run_forecasts", crash)
    client = login(people.sam)
    with queue_runs():
        client.post(ASK)
    page = client.get(PAGE).content.decode()
    box = _job_box(page, "forecast-job")
    assert "就业形势预测出错，未能完成" in box and "请稍后重新提交" in box
    assert "Traceback" not in page and "statsmodels" not in page
    # nothing made: the page still says none was made, below the failure
    assert 'id="forecast-none"' in page
    # said again in English, the job's name too
    client.cookies["django_language"] = "en"
    box = _job_box(client.get(PAGE).content.decode(), "forecast-job")
    assert "Employment forecast failed with an error" in box and "预测" not in box


def test_a_second_click_while_one_is_queued_queues_nothing_and_says_so(feeds, people, login):
    feeds.months(5)
    sam = login(people.sam)
    sam.post(ASK)  # queued: the test's transaction never commits, so the worker never gets it
    box = _job_box(sam.get(PAGE).content.decode(), "forecast-job")
    assert "就业形势预测已提交，正在排队：sam于" in box

    li = login(people.li)
    with queue_runs():  # were anything queued now, it would run at once
        answer = li.post(ASK, follow=True)
    said = _said(answer)
    at = f"{local_datetime(NOW):%Y-%m-%d %H:%M}"
    assert f"就业形势预测已在排队（sam于{at}提交）" in said and "无需再次提交" in said
    assert "预测已提交，需要几分钟" not in said  # the flash of a request taken
    assert not ForecastRun.objects.exists()
    assert AnalysisJob.objects.count() == 1
    refused = AuditEntry.objects.get(action="rejected", actor_id=people.li.pk)
    assert refused.object_type == "analysis.analysisjob"
    assert "拒绝提交就业形势预测：就业形势预测已在排队" in refused.summary

    # the worker takes the queued job: the forecast is made, and the page shows it, not the job
    job = AnalysisJob.objects.get()
    with queue_runs():
        forecast_on_demand.call_local(job.pk)
    page = sam.get(PAGE).content.decode()
    assert _job_box(page, "forecast-job") == ""
    run = ForecastRun.objects.get()
    assert run.requested_by == people.sam
    assert run.finished_at >= run.created_at
    assert f"生成于{local_datetime(run.finished_at):%Y-%m-%d %H:%M}" in page
    job.refresh_from_db()
    assert (job.status, job.forecast) == (AnalysisJob.Status.DONE, run)
    # each state audited, in order, and the refused click filed under the job it met
    states = AuditEntry.objects.filter(
        object_type="analysis.analysisjob", object_id=str(job.pk)
    ).order_by("seq")
    assert [(e.action, (e.after or {}).get("status")) for e in states] == [
        ("create", "queued"),
        ("rejected", None),
        ("update", "running"),
        ("update", "done"),
    ]
    # a new click, now that none waits, is taken
    with queue_runs():
        assert "预测已提交" in _said(li.post(ASK, follow=True))
    assert ForecastRun.objects.count() == 2


def test_a_job_running_for_hours_says_since_when_and_a_new_click_replaces_it(feeds, people, login):
    feeds.months(5)
    sam = login(people.sam)
    sam.post(ASK)
    job = AnalysisJob.objects.get()
    # a worker takes it, then dies with it
    job.status, job.started_at = AnalysisJob.Status.RUNNING, NOW
    job.save()
    box = _job_box(sam.get(PAGE).content.decode(), "forecast-job")
    assert f"就业形势预测正在运行：{local_datetime(NOW):%Y-%m-%d %H:%M}开始" in box
    assert "可能已中断" not in box

    with time_machine.travel(NOW + dt.timedelta(hours=2, minutes=5), tick=False):
        box = _job_box(sam.get(PAGE).content.decode(), "forecast-job")
        assert "（已125分钟）" in box
        assert "已超过1小时仍未完成，可能已中断，可以重新提交" in box
        with queue_runs():
            answer = sam.post(ASK, follow=True)
        assert "预测已提交" in _said(answer)
    job.refresh_from_db()
    assert job.status == AnalysisJob.Status.FAILED and "视为中断" in job.message
    assert ForecastRun.objects.count() == 1


def _short_history(make_enterprise, lake):
    """Enough months to train on but only a handful of enterprises: too few cuts to learn from."""
    usccs = [make_enterprise().uscc for _ in range(8)]
    months = precursors.months_ending("2026-02", 16)
    precursors.write_lake(
        lake, precursors.plan_histories(usccs, periods=months, seed=3), periods=months
    )


def test_a_retraining_with_too_little_history_shows_the_reason(
    people, make_enterprise, lake, login
):
    _short_history(make_enterprise, lake)
    client = login(people.sam)
    with queue_runs():
        answer = client.post(f"{RISK}train/", follow=True)
    assert "已提交重新训练" in _said(answer)
    assert not RiskModel.objects.exists()
    job = AnalysisJob.objects.get(kind=AnalysisJob.Kind.RISK)
    assert job.status == AnalysisJob.Status.FAILED
    box = _job_box(client.get(RISK).content.decode(), "risk-job")
    assert "风险排序模型训练未完成：历史数据不足" in box and "sam提交" in box
    # and in English, the reason too (kept as its message and values, not as Chinese text)
    client.cookies["django_language"] = "en"
    box = _job_box(client.get(RISK).content.decode(), "risk-job")
    assert "did not finish: Not enough history" in box and "历史数据不足" not in box
    assert AuditEntry.objects.filter(
        object_type="analysis.analysisjob", object_id=str(job.pk), action="update"
    ).filter(summary__contains="失败：风险排序模型训练未完成：历史数据不足")


def test_the_monthly_training_that_cannot_train_is_shown_on_the_page(people, login):
    with queue_runs():  # as the worker runs it, in the test's own connection
        result = risk_train_monthly.call_local()
    assert result["trained"] is False
    box = _job_box(login(people.li).get(RISK).content.decode(), "risk-job")
    assert "风险排序模型训练未完成：历史数据不足" in box and "系统提交" in box


def test_a_second_retrain_while_one_is_queued_queues_nothing(people, make_enterprise, lake, login):
    _short_history(make_enterprise, lake)
    sam = login(people.sam)
    sam.post(f"{RISK}train/")
    assert "风险排序模型训练已提交，正在排队" in _job_box(
        sam.get(RISK).content.decode(), "risk-job"
    )
    with queue_runs():
        said = _said(login(people.alice).post(f"{RISK}train/", follow=True))
    assert "风险排序模型训练已在排队（sam于" in said
    assert AnalysisJob.objects.count() == 1
    assert AnalysisJob.objects.get().status == AnalysisJob.Status.QUEUED
