"""plan S3.1.3 大数据监测比对, ADR 0097: a feed file of several months (an insurance agency's
quarter) imports through the command and the upload page, each month into its own lake file,
all months or none; a month the lake already holds is replaced only when asked (--replace, or a
confirmation on the page) and the user is told what changes; a crash between two months is
finished for all of them."""

import io
import os
import signal
import subprocess
import sys

import duckdb
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from huey.contrib.djhuey import HUEY

from layoffwatch.audit.models import AuditEntry
from layoffwatch.monitoring import importing, lake
from layoffwatch.monitoring.management.commands.import_source import Command
from layoffwatch.monitoring.models import ImportRun
from layoffwatch.monitoring.services import feed_imports, recover_publishing
from layoffwatch.monitoring.services.feed_imports import feed_import
from layoffwatch.testing.feeds import person_id, uscc, write_csv

SI_HEADER = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数", "增减变动", "变动原因"]
QUARTER = ("2026-01", "2026-02", "2026-03")


def si_rows(period: str, n: int = 3, base: str = "4500") -> list[list[str]]:
    """n people at one employer in one month (the same people every month)."""
    return [[person_id(i, "510227"), uscc(1), period, base, "", ""] for i in range(n)]


def quarter(sizes=(3, 4, 5)) -> list[list[str]]:
    return [row for period, n in zip(QUARTER, sizes, strict=True) for row in si_rows(period, n)]


def lake_state(lake_dir) -> dict[str, str]:
    """What the lake's readers see: each month file and its checksum (work folders aside)."""
    return {
        p.relative_to(lake_dir).as_posix(): lake.sha256(p)
        for p in lake_dir.glob("*/*.parquet")
        if not p.relative_to(lake_dir).parts[0].startswith(".")
    }


def months_in(lake_dir, kind="social_insurance") -> dict[str, list]:
    """Each lake month of a kind: its rows' (month, base) values."""
    con = duckdb.connect()
    return {
        p.stem: con.execute(f"SELECT period, contribution_base FROM '{p}'").fetchall()
        for p in sorted((lake_dir / kind).glob("*.parquet"))
    }


def leftovers(lake_dir) -> list[str]:
    """Files left in the lake's work folder (a failed or finished import leaves none)."""
    incoming = lake_dir / ".incoming"
    return sorted(
        p.relative_to(incoming).as_posix()
        for p in incoming.rglob("*")
        if p.is_file() and "uploads" not in p.parts
    )


def run_command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_source", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def ready(reference_data):
    return None


@pytest.fixture
def detected(monkeypatch):
    """The months detection ran for, in order (the queue runs at once)."""
    from layoffwatch.monitoring import tasks

    periods = []

    def detection_run(*, period, **kwargs):
        periods.append(period)
        return {"created": 0, "updated": 0, "unchanged": 0}

    monkeypatch.setattr(tasks, "detection_run", detection_run)
    before = HUEY.immediate
    HUEY.immediate = True
    yield periods
    HUEY.immediate = before


# --- the command ---------------------------------------------------------------------------------


def test_the_command_writes_each_month_of_a_quarter_to_its_own_lake_file_and_detects_in_order(
    ready, tmp_path, lake, detected, django_capture_on_commit_callbacks
):
    path = write_csv(tmp_path / "si-q1.csv", SI_HEADER, quarter())
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run_command("social_insurance", path)

    assert out.splitlines() == [
        f"已导入 参保缴费明细 {p}：{n} 行 → social_insurance/{p}.parquet（新增月份）"
        + ("；新登记名录外单位 1 家" if p == "2026-03" else "")
        for p, n in zip(QUARTER, (3, 4, 5), strict=True)
    ]
    months = months_in(lake)
    assert {p: len(rows) for p, rows in months.items()} == dict(
        zip(QUARTER, (3, 4, 5), strict=True)
    )
    assert all({month for month, _base in rows} == {p} for p, rows in months.items())
    runs = ImportRun.objects.order_by("period")
    assert [(r.period, r.status, r.rows_kept, r.replaced) for r in runs] == [
        ("2026-01", "imported", 3, False),
        ("2026-02", "imported", 4, False),
        ("2026-03", "imported", 5, False),
    ]
    assert detected == list(QUARTER)  # detection for each month, oldest first
    assert leftovers(lake) == []


def test_the_command_imports_a_multi_month_xlsx(ready, tmp_path, lake):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(SI_HEADER)
    for row in quarter((2, 2, 3)):
        ws.append(row)
    wb.save(tmp_path / "si-q1.xlsx")

    out, _err = run_command("social_insurance", str(tmp_path / "si-q1.xlsx"), "--no-detect")

    assert "已导入 参保缴费明细 2026-03：3 行" in out
    assert {p: len(rows) for p, rows in months_in(lake).items()} == dict(
        zip(QUARTER, (2, 2, 3), strict=True)
    )


def test_a_bad_row_in_the_second_month_writes_no_month_and_names_row_and_column(
    ready, tmp_path, lake
):
    rows = quarter()
    rows[4][3] = "四千五"  # 2026-02's second row: spreadsheet row 6 (the header is row 1)
    path = write_csv(tmp_path / "si-q1.csv", SI_HEADER, rows)

    with pytest.raises(CommandError) as refused:
        run_command("social_insurance", path, "--no-detect")

    message = str(refused.value)
    assert "未导入：发现 1 处问题，数据湖未改变。" in message
    assert "第 6 行 “缴费基数”列（contribution_base）：不是数字" in message
    assert lake_state(lake) == {}  # no month written, not even January's
    assert leftovers(lake) == []
    assert list(ImportRun.objects.values_list("status", flat=True)) == ["rejected"]


def test_a_person_twice_in_one_month_is_refused_but_once_in_each_month_is_not(
    ready, tmp_path, lake
):
    rows = quarter() + [si_rows("2026-02", 1)[0]]  # row 14 repeats 2026-02's first row (row 5)
    path = write_csv(tmp_path / "si-q1.csv", SI_HEADER, rows)

    with pytest.raises(CommandError, match="第 5 行：与第 14 行重复"):
        run_command("social_insurance", path, "--no-detect")
    assert lake_state(lake) == {}


def test_an_existing_month_is_refused_without_replace_and_the_lake_and_runs_stay(
    ready, tmp_path, lake
):
    run_command(
        "social_insurance",
        write_csv(tmp_path / "jan.csv", SI_HEADER, si_rows("2026-01", 3)),
        "--no-detect",
    )
    before, runs_before = lake_state(lake), list(ImportRun.objects.values_list("pk", "status"))
    path = write_csv(tmp_path / "q1.csv", SI_HEADER, quarter((4, 3, 3)))

    with pytest.raises(CommandError) as refused:
        run_command("social_insurance", path, "--no-detect")

    assert str(refused.value).splitlines() == [
        "未导入：数据湖中已有文件中的月份，数据湖未改变。导入将：",
        "  2026-01：3 行 → 4 行",
        "  2026-02：新增月份（3 行）",
        "  2026-03：新增月份（3 行）",
        "确认替换请加 --replace 重新运行。",
    ]
    assert lake_state(lake) == before
    assert list(ImportRun.objects.values_list("pk", "status")) == runs_before
    assert leftovers(lake) == []
    refusal = AuditEntry.objects.filter(action="rejected").latest("pk")
    assert "拒绝导入参保缴费明细（q1.csv）：数据湖中已有 2026-01 的数据" in refusal.summary


def test_with_replace_the_months_are_replaced_and_the_command_says_what_changed(
    ready, tmp_path, lake
):
    run_command(
        "social_insurance",
        write_csv(tmp_path / "jan.csv", SI_HEADER, si_rows("2026-01", 3)),
        "--no-detect",
    )
    path = write_csv(tmp_path / "q1.csv", SI_HEADER, quarter((4, 3, 3)))

    out, _err = run_command("social_insurance", path, "--replace", "--no-detect")

    lines = out.splitlines()
    assert lines[0] == (
        "已导入 参保缴费明细 2026-01：4 行 → social_insurance/2026-01.parquet"
        "（替换原有数据：3 行 → 4 行）"
    )
    assert lines[1].endswith("（新增月份）") and lines[2].endswith("（新增月份）")
    assert len(months_in(lake)["2026-01"]) == 4
    assert list(
        ImportRun.objects.filter(period="2026-01").order_by("pk").values_list("replaced", flat=True)
    ) == [False, True]


def test_a_single_month_is_refused_again_without_replace_too(ready, tmp_path, lake):
    path = write_csv(tmp_path / "feb.csv", SI_HEADER, si_rows("2026-02"))
    run_command("social_insurance", path, "--no-detect")
    with pytest.raises(CommandError, match="2026-02：3 行 → 3 行"):
        run_command("social_insurance", path, "--no-detect")
    out, _err = run_command("social_insurance", path, "--no-detect", "--replace")
    assert "（替换原有数据：3 行 → 3 行）" in out


def test_the_command_prints_progress_for_a_long_import(ready, tmp_path, lake, monkeypatch):
    monkeypatch.setattr(Command, "PROGRESS_AFTER", 0)  # as if the file took minutes
    path = write_csv(tmp_path / "q1.csv", SI_HEADER, quarter())

    _out, err = run_command("social_insurance", path, "--no-detect")

    lines = err.splitlines()
    assert "进度：已读取并检查 12 行，3 个月份：2026-01、2026-02、2026-03" in lines
    assert lines[-2:] == ["进度：已写出 3/3 个月份", "进度：已发布到数据湖：3 个月份"]


def test_a_given_month_still_requires_every_row_to_be_of_it(ready, tmp_path, lake):
    path = write_csv(tmp_path / "q1.csv", SI_HEADER, quarter())
    with pytest.raises(CommandError, match="第 5 行 “缴费月份”列（period）：月份为 2026-02"):
        run_command("social_insurance", path, "--period", "2026-01", "--no-detect")
    assert lake_state(lake) == {}


def test_the_one_pass_and_the_full_check_write_the_same_months(ready, tmp_path):
    """ADR 0062, 0097: a clean file of several months is written the same by either route."""
    from layoffwatch.monitoring.sources import SOURCES
    from layoffwatch.reference.models import Industry, Town

    rows = quarter() + [[person_id(7, "510227", "20000229"), uscc(2), "2026-02", "1", "", ""]]
    common = dict(
        source=SOURCES["social_insurance"],
        path=write_csv(tmp_path / "q1.csv", SI_HEADER, rows),
        period=None,
        max_bytes=2**30,
        max_xlsx_bytes=2**20,
        towns=list(Town.objects.values_list("code", flat=True)),
        industries=list(Industry.objects.values_list("code", flat=True)),
    )
    fast = importing.convert_months(**common)
    full = importing.convert_months(**common, one_pass=False)
    con = duckdb.connect()
    read = lambda p: con.execute(f"SELECT * FROM '{p}'").fetchall()  # noqa: E731
    assert [(m.period, m.rows_read, m.employers) for m in fast] == [
        (m.period, m.rows_read, m.employers) for m in full
    ]
    assert [read(m.temp) for m in fast] == [read(m.temp) for m in full]
    # born on 29 February 2000: 25 at the end of February 2026 (the month's own last day)
    february = con.execute(f"SELECT age FROM '{fast[1].temp}'").fetchall()
    assert february[-1] == (25,)
    for m in fast + full:
        m.temp.unlink()


# --- publishing all months or none (ADR 0087, 0097) ------------------------------------------------


class Crash(BaseException):
    """A process killed at a fault point: the open transaction rolls back, files stay as they are."""


def crash_at(monkeypatch, point: str) -> None:
    def fault_point(name: str) -> None:
        if name == point:
            raise Crash(name)

    monkeypatch.setattr(lake, "fault_point", fault_point)


def test_a_crash_between_two_months_is_finished_for_every_month(ready, tmp_path, lake, monkeypatch):
    path = write_csv(tmp_path / "q1.csv", SI_HEADER, quarter())
    crash_at(monkeypatch, "import-between-months")
    with pytest.raises(Crash):
        feed_import(kind="social_insurance", path=path, replace=False, enqueue_detection=False)
    # January was renamed into the lake before the crash; the record still says publishing
    assert set(ImportRun.objects.values_list("status", flat=True)) == {"publishing"}
    assert list(lake_state(lake)) == ["social_insurance/2026-01.parquet"]

    monkeypatch.undo()
    assert recover_publishing() == 3
    runs = ImportRun.objects.order_by("period")
    assert lake_state(lake) == {r.lake_path: r.sha256 for r in runs}
    assert {r.status for r in runs} == {"imported"} and leftovers(lake) == []


def test_a_lost_month_after_a_crash_publishes_no_month(ready, tmp_path, lake, monkeypatch):
    path = write_csv(tmp_path / "q1.csv", SI_HEADER, quarter())
    crash_at(monkeypatch, "import-recorded")
    with pytest.raises(Crash):
        feed_import(kind="social_insurance", path=path, replace=False, enqueue_detection=False)
    monkeypatch.undo()
    (lake / ImportRun.objects.get(period="2026-02").incoming_path).unlink()  # lost

    assert recover_publishing() == 0
    assert lake_state(lake) == {}  # neither January nor March alone
    assert set(ImportRun.objects.values_list("status", flat=True)) == {"rejected"}
    assert "导入中断" in ImportRun.objects.get(period="2026-01").problems[0]["message"]
    assert leftovers(lake) == []


@pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL of a real process")
def test_a_real_import_killed_between_two_months_is_finished_by_the_next_start(tmp_path):
    """The same as a real `layoffwatch import_source` killed with SIGKILL between the renames of
    two months (an installation of its own, SQLite)."""
    env = os.environ | {
        "LAYOFFWATCH_DATA_DIR": str(tmp_path / "site"),
        "SECRET_KEY": "multi-month-test-secret-key-0123456789-abcdefghij",
        "LAYOFFWATCH_PII_KEY": "multi-month-test-pii-key-0123456789-abcdefghij",
    }
    for name in ("DATABASE_URL", "SQLITE_TEST_NAME", "HUEY_IMMEDIATE", "REDIS_URL"):
        env.pop(name, None)

    def layoffwatch(*args, **extra):
        return subprocess.run(
            [sys.executable, "-m", "layoffwatch.cli", *args],
            env=env | extra,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )

    assert layoffwatch("migrate", "--no-input").returncode == 0
    path = write_csv(tmp_path / "q1.csv", SI_HEADER, quarter())
    killed = layoffwatch(
        "import_source",
        "social_insurance",
        path,
        "--no-detect",
        LAYOFFWATCH_CRASH_AT="import-between-months",
    )
    assert killed.returncode == -signal.SIGKILL
    site_lake = tmp_path / "site" / "lake"
    assert list(lake_state(site_lake)) == ["social_insurance/2026-01.parquet"]

    again = layoffwatch("import_source", "social_insurance", path, "--no-detect")
    # the next import first finishes the killed one (all three months), then asks before replacing
    assert again.returncode == 1 and "2026-03：5 行 → 5 行" in again.stderr
    assert sorted(lake_state(site_lake)) == [f"social_insurance/{p}.parquet" for p in QUARTER]


# --- the upload page ------------------------------------------------------------------------------


def upload(client, name: str, content: bytes, **fields):
    return client.post(
        "/monitoring/imports/",
        {"kind": "social_insurance", "period": "", "file": SimpleUploadedFile(name, content)}
        | fields,
        follow=True,
    )


def csv_bytes(rows) -> bytes:
    return ("\n".join(",".join(r) for r in [SI_HEADER, *rows]) + "\n").encode()


@pytest.fixture
def paused_queue():
    """The queue holds what the page queues (in memory) until the test runs it."""
    from huey.storage import MemoryStorage

    storage, immediate = HUEY.storage, HUEY.immediate
    HUEY.immediate = False
    HUEY.storage = MemoryStorage(HUEY.name)
    yield HUEY
    HUEY.immediate = immediate
    HUEY.storage = storage


@pytest.fixture
def queue_now():
    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


def test_the_page_imports_a_quarter_each_month_in_its_own_file(
    people, login, lake, queue_now, ready
):
    page = upload(login(people.sam), "si-q1.csv", csv_bytes(quarter())).content.decode()

    assert "已导入 3 行（2026-01）：新增月份" in page
    assert "已导入 4 行（2026-02）：新增月份" in page
    assert "已导入 5 行（2026-03）：新增月份" in page
    assert {p: len(rows) for p, rows in months_in(lake).items()} == dict(
        zip(QUARTER, (3, 4, 5), strict=True)
    )
    assert page.count("<td>si-q1.csv</td>") == 3  # one history line per month
    assert not any((lake / ".incoming" / "uploads").rglob("upload.*"))  # the upload is gone


def test_the_page_imports_a_multi_month_xlsx(people, login, lake, queue_now, ready, tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(SI_HEADER)
    for row in quarter((2, 2, 3)):
        ws.append(row)
    wb.save(tmp_path / "q1.xlsx")
    page = upload(login(people.sam), "q1.xlsx", (tmp_path / "q1.xlsx").read_bytes())
    assert "已导入 3 行（2026-03）" in page.content.decode()
    assert sorted(months_in(lake)) == list(QUARTER)


def test_the_page_refuses_a_quarter_with_a_bad_row_in_month_two(
    people, login, lake, queue_now, ready
):
    rows = quarter()
    rows[4][0] = rows[4][0][:-1] + ("0" if rows[4][0][-1] != "0" else "1")  # row 6's check digit
    page = upload(login(people.sam), "si-q1.csv", csv_bytes(rows)).content.decode()

    assert "未导入：发现 1 处问题，数据湖未改变。" in page
    assert "第 6 行 “身份证号”列（person_id）：身份证号码校验位错误" in page
    assert lake_state(lake) == {} and leftovers(lake) == []


def test_the_page_asks_before_replacing_and_replaces_once_confirmed(
    people, login, lake, queue_now, ready
):
    client = login(people.sam)
    upload(client, "jan.csv", csv_bytes(si_rows("2026-01", 3)))
    before, runs_before = lake_state(lake), ImportRun.objects.count()

    asked = upload(client, "q1.csv", csv_bytes(quarter((4, 3, 3))))
    page = asked.content.decode()
    assert "数据湖中已有这份文件的月份，确认后替换。" in page
    assert "<li>2026-01：3 行 → 4 行</li>" in page
    assert "<li>2026-02：新增月份（3 行）</li>" in page
    assert lake_state(lake) == before and ImportRun.objects.count() == runs_before
    assert "请确认文件完整" not in page  # 3 → 4 rows: nothing to warn about

    confirm = asked.redirect_chain[-1][0].split("?job=")[1]
    done = client.post(f"/monitoring/imports/jobs/{confirm}/confirm/", follow=True)
    page = done.content.decode()
    assert "已导入 4 行（2026-01）：替换原有数据，3 行 → 4 行" in page
    assert "已导入 3 行（2026-03）：新增月份" in page
    assert len(months_in(lake)["2026-01"]) == 4
    assert ImportRun.objects.filter(period="2026-01", replaced=True, status="imported").exists()


def test_the_page_asks_again_when_the_lake_changed_after_the_question(
    people, login, lake, queue_now, ready, tmp_path
):
    client = login(people.sam)
    upload(client, "jan.csv", csv_bytes(si_rows("2026-01", 3)))
    asked = upload(client, "q1.csv", csv_bytes(quarter((4, 3, 3))))
    token = asked.redirect_chain[-1][0].split("?job=")[1]
    # meanwhile someone else imports February
    feed_import(
        kind="social_insurance",
        path=write_csv(tmp_path / "feb.csv", SI_HEADER, si_rows("2026-02", 2)),
        replace=False,
        enqueue_detection=False,
    )
    before = lake_state(lake)

    page = client.post(f"/monitoring/imports/jobs/{token}/confirm/", follow=True).content.decode()

    assert "确认之后数据湖中的数据已有变化，请重新确认。" in page
    assert "<li>2026-02：2 行 → 3 行</li>" in page
    assert lake_state(lake) == before


def test_the_page_cancels_a_replacement_and_changes_nothing(people, login, lake, queue_now, ready):
    client = login(people.sam)
    upload(client, "jan.csv", csv_bytes(si_rows("2026-01", 3)))
    before = lake_state(lake)
    asked = upload(client, "q1.csv", csv_bytes(quarter((4, 3, 3))))
    token = asked.redirect_chain[-1][0].split("?job=")[1]

    page = client.post(f"/monitoring/imports/jobs/{token}/cancel/", follow=True).content.decode()

    assert "已取消导入，数据湖未改变" in page
    assert lake_state(lake) == before
    assert not (lake / ".incoming" / "uploads" / token).exists()
    gone = client.post(f"/monitoring/imports/jobs/{token}/confirm/", follow=True).content.decode()
    assert "这次导入不在等待确认" in gone and lake_state(lake) == before


def test_the_page_shows_the_import_s_progress_while_it_runs(
    people, login, lake, ready, monkeypatch, paused_queue
):
    """The upload waits on the queue; the page follows it (every second, htmx) while it reads,
    checks and writes the months, then reloads with the result."""
    from layoffwatch.monitoring.services import feed_uploads
    from layoffwatch.monitoring.tasks import import_uploaded_feed

    client = login(people.sam)
    queued = upload(client, "q1.csv", csv_bytes(quarter()))  # the queue is not running yet
    token = queued.redirect_chain[-1][0].split("?job=")[1]
    page = queued.content.decode()
    assert "排队等待导入" in page and f'hx-get="/monitoring/imports/jobs/{token}/"' in page

    seen = []
    publish = feed_imports._publish

    def publishing(runs):  # what the page shows while the months are being published
        seen.append(client.get(f"/monitoring/imports/jobs/{token}/").content.decode())
        return publish(runs)

    monkeypatch.setattr(feed_imports, "_publish", publishing)
    monkeypatch.setattr(feed_uploads, "PROGRESS_SAVE_SECONDS", 0)
    (task,) = paused_queue.pending()  # the page queued the import
    assert task.name.endswith("import_uploaded_feed") and task.args == (token,)
    # what the queue's worker runs (call_local: without closing the test's database connection)
    import_uploaded_feed.call_local(token)

    assert "已写出 3/3 个月份" in seen[0] and 'hx-trigger="every 1s"' in seen[0]
    done = client.get(f"/monitoring/imports/jobs/{token}/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"  # the job ended: the page reloads with its history
    assert "已导入 5 行（2026-03）" in done.content.decode()


def test_a_job_is_seen_only_by_the_user_who_uploaded_it(people, login, lake, ready, paused_queue):
    from django.test import Client

    queued = upload(login(people.sam), "q1.csv", csv_bytes(quarter()))
    token = queued.redirect_chain[-1][0].split("?job=")[1]
    other = Client()
    other.force_login(people.alice)
    assert other.get(f"/monitoring/imports/jobs/{token}/").status_code == 404
    assert other.post(f"/monitoring/imports/jobs/{token}/cancel/").status_code == 302
    assert (lake / ".incoming" / "uploads" / token).exists()


def test_the_page_in_english(people, login, lake, queue_now, ready):
    client = login(people.sam)
    client.cookies["django_language"] = "en"
    upload(client, "jan.csv", csv_bytes(si_rows("2026-01", 3)))
    page = upload(client, "q1.csv", csv_bytes(quarter((4, 3, 3)))).content.decode()
    assert "Confirm and replace" in page and "2026-01: 3 rows → 4 rows" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_quarter_uploaded_in_the_browser_is_followed_on_the_queue_and_replaced_once_confirmed(
    people, page, lake, tmp_path, reference_data
):
    """In a real browser, with the queue's worker running: the page follows the job (htmx) until
    it ends and then shows the months and the history; a second quarter asks before replacing."""
    from layoffwatch.conftest import browser_login
    from layoffwatch.notifications.tests.servers import running_queue

    first = tmp_path / "q1.csv"
    first.write_bytes(csv_bytes(quarter()))
    second = tmp_path / "q1-corrected.csv"
    second.write_bytes(csv_bytes(quarter((4, 4, 6))))
    with running_queue(tmp_path):
        browser_login(page, "sam")
        page.goto(f"{page.base}/monitoring/imports/")
        page.set_input_files("#id_file", str(first))
        page.click("#upload-submit")
        page.wait_for_selector("#import-job[data-status=done]")
        assert "已导入 5 行（2026-03）：新增月份" in page.text_content("#import-months")
        assert page.locator("#import-runs tbody tr").count() == 3

        page.set_input_files("#id_file", str(second))
        page.click("#upload-submit")
        page.wait_for_selector("#import-confirm")
        changes = page.text_content("#import-changes")
        assert "2026-01：3 行 → 4 行" in changes and "2026-03：5 行 → 6 行" in changes
        page.click("#import-confirm-replace")
        page.wait_for_selector("#import-job[data-status=done]")
        done = page.text_content("#import-months")
        assert "已导入 4 行（2026-01）：替换原有数据，3 行 → 4 行" in done
    assert {p: len(rows) for p, rows in months_in(lake).items()} == dict(
        zip(QUARTER, (4, 4, 6), strict=True)
    )


def test_the_page_warns_when_a_replacement_drops_most_of_a_month(
    people, login, lake, queue_now, ready
):
    client = login(people.sam)
    upload(client, "jan.csv", csv_bytes(si_rows("2026-01", 10)))
    page = upload(client, "partial.csv", csv_bytes(si_rows("2026-01", 2))).content.decode()
    assert "2026-01：10 行 → 2 行" in page and "（减少 80%，请确认文件完整）" in page
