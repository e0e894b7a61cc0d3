"""plan S3.1.3: the upload page, the task queue, the demo feed generator, and (in a real browser)
a signal verified by staff and confirmed into an alert."""

import io
import json

import duckdb
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from layoffwatch.conftest import browser_login
from layoffwatch.monitoring.detection import shift
from layoffwatch.monitoring.models import ImportRun, Signal
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.monitoring.tasks import detect_after_import, detect_nightly
from layoffwatch.testing.feeds import person_id, uscc

from .conftest import NOW
from .test_detection import H, crafted  # noqa: F401

SI = "身份证号,单位统一社会信用代码,缴费月份,缴费基数\n"


def upload(client, text: str, name="si.csv"):
    return client.post(
        "/monitoring/imports/",
        {
            "kind": "social_insurance",
            "period": "",
            "file": SimpleUploadedFile(name, text.encode(), content_type="text/csv"),
        },
        follow=True,
    )


def test_it_imports_a_feed_uploaded_on_the_page(people, login, lake, immediate_huey):
    body = SI + "".join(f"{person_id(i)},{uscc(1)},2026-02,4500\n" for i in range(3))
    page = upload(login(people.sam), body).content.decode()
    assert "已导入 3 行（2026-02）" in page
    assert "<td>参保缴费明细</td>" in page and "<td>social_insurance</td>" not in page  # history
    english = login(people.sam)
    english.cookies["django_language"] = "en"
    page_en = english.get("/monitoring/imports/").content.decode()
    assert "<td>Social insurance contributions</td>" in page_en
    assert (lake / "social_insurance" / "2026-02.parquet").exists()
    assert ImportRun.objects.get().status == "imported"


def test_it_rejects_an_upload_naming_the_bad_row_and_leaves_the_lake_unchanged(
    people, login, lake, immediate_huey
):
    bad = person_id(2)[:-1] + ("0" if person_id(2)[-1] != "0" else "1")
    body = SI + f"{person_id(1)},{uscc(1)},2026-02,4500\n{bad},{uscc(1)},2026-02,abc\n"
    page = upload(login(people.sam), body).content.decode()
    assert "未导入：发现 2 处问题，数据湖未改变。" in page
    assert "第 3 行 “身份证号”列（person_id）：身份证号码校验位错误" in page
    assert "第 3 行 “缴费基数”列（contribution_base）：不是数字" in page
    assert not (lake / "social_insurance").exists() or not any(
        (lake / "social_insurance").glob("*.parquet")
    )
    assert ImportRun.objects.get().status == "rejected"


def test_it_refuses_the_upload_page_to_a_town_liaison(people, login):
    assert login(people.tina).get("/monitoring/imports/").status_code == 403


@pytest.fixture
def immediate_huey():
    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before


def test_it_runs_detection_on_the_queue_when_a_feed_arrives(
    crafted,  # noqa: F811
    immediate_huey,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    Signal.objects.all().delete()
    path = tmp_path / "again.csv"
    path.write_text(",".join(H) + "\n" + f"{person_id(900)},{uscc(40)},2026-02,4000,,\n")
    with django_capture_on_commit_callbacks(execute=True):
        source_import(kind="social_insurance", path=path, period="2026-02")
    # the February file was replaced: only employer 40 contributes now, so every January
    # employer stopped at once and the queue recorded the signals
    assert Signal.objects.filter(kind="workforce_stop", period="2026-02").exists()


def test_it_runs_the_queued_detection_task_for_a_period(crafted):  # noqa: F811
    counts = detect_after_import.call_local("2026-02")
    assert counts["created"] == Signal.objects.count() > 0
    assert detect_after_import.call_local("2026-02")["created"] == 0


def test_it_runs_the_nightly_detection_for_last_month_and_this_month(reference_data):
    this = timezone.localdate().strftime("%Y-%m")
    assert set(detect_nightly.call_local()) == {shift(this, -1), this}


def test_it_generates_demo_feeds_that_import_and_detect(reference_data, tmp_path):
    out = io.StringIO()
    call_command(
        "generate_feeds",
        "--seed",
        "7",
        "--people",
        "3000",
        "--out",
        str(tmp_path / "feeds"),
        "--end-period",
        "2026-02",
        stdout=out,
    )
    summary = json.loads(out.getvalue())
    # six months by default, ending at the end period: five of ordinary life, then the events
    assert summary["periods"] == ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
    for period in summary["periods"]:
        source_import(
            kind="social_insurance",
            path=tmp_path / "feeds" / "social_insurance" / f"{period}.csv",
            enqueue_detection=False,
        )
    truth = duckdb.connect().execute(
        f"SELECT employer_uscc FROM '{tmp_path}/feeds/truth.parquet' "
        "WHERE event = 'layoff' AND count >= 20"
    )
    layoffs = {r[0] for r in truth.fetchall()}
    flagged = {
        f.employer_uscc
        for f in detection_run(period="2026-02", at=NOW)["findings"]
        if f.kind == "mass_stoppage"
    }
    assert layoffs and layoffs <= flagged


def test_it_refuses_a_malformed_end_period(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("generate_feeds", "--out", str(tmp_path), "--end-period", "2026/02")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_lets_staff_verify_a_signal_and_confirm_it_into_an_alert_in_the_browser(
    crafted,  # noqa: F811
    people,
    page,
):
    detection_run(period="2026-02", at=NOW)
    signal = Signal.objects.get(kind="mass_stoppage")
    browser_login(page, "sam")
    page.goto(f"{page.base}/monitoring/signals/{signal.pk}/")
    assert "社保断缴 25 人" in page.text_content("#signal-facts")
    page.select_option("#id_method", "visit")
    page.fill("#id_contacted_on", "2026-03-04")
    page.fill("#id_reason", "订单减少，停产一条生产线")
    page.fill("#id_affected", "25")
    page.fill("#id_separation_from", "2026-02-10")
    page.fill("#id_separation_to", "2026-02-20")
    page.click("#verify-submit")
    page.wait_for_selector("#confirm")
    assert "订单减少，停产一条生产线" in page.text_content("#verifications")
    page.click("#confirm")
    page.wait_for_selector("#signal-alert")
    assert page.text_content("#signal-status").strip() == "已确认"
    signal.refresh_from_db()
    assert signal.status == "confirmed"
    link = page.locator("#signal-alert")
    assert link.text_content() == f"#{signal.alert_id}"
    assert link.get_attribute("href") == reverse("alerts:detail", args=[signal.alert_id])
