"""The running system does what the unit tests say (plan S3.2, S5.1–S5.3; ADR 0080).

The real web server (gunicorn, `layoffwatch serve --only web`) and the real queue consumer
(Huey, `layoffwatch serve --only queue`) run as separate processes on the stack the suite runs on:
SQLite with Huey's SQLite queue, or — when the suite runs with DATABASE_URL=postgres://… — a
fresh PostgreSQL database with the queue on Redis. The test talks to them over HTTP only, as the
bureau's systems and browsers do; a small local HTTP server stands in for the group-chat robot.

Nothing here runs a task in-process: if the consumer did not run, no case would open, no robot
message would arrive and no signal would be found.
"""

import datetime as dt
import http.cookiejar
import http.server
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from layoffwatch.core.clock import local_day
from layoffwatch.policy.rules import annex_tasks_for, response_procedure

from .installs import Migrated
from .running_seed import PASSWORD

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[1]
CASE_WAIT = 30  # seconds: generous for a loaded 2-core CI machine; a case opens in ~1 s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, probe, timeout: float = CASE_WAIT):
    """Poll `probe` until it returns something truthy; that value. Fails naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.25)


# ------------------------------------------------------------------ the stack


def _redis(url: str) -> str:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not running at {url}")
    client.flushdb()  # why: a queue left by an earlier run would be consumed here
    return url


class Robot(http.server.BaseHTTPRequestHandler):
    """The group-chat robot's webhook (企业微信 style): records what it is sent."""

    received: list[dict] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Robot.received.append(json.loads(body or b"{}"))
        answer = b'{"errcode":0,"errmsg":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


class Stack:
    """The stack's database is a copy of `migrated` (tests/installs.py): these tests are about
    the running system, not about migrating (the demo test below migrates from nothing)."""

    def __init__(self, tmp: Path, migrated: Migrated):
        self.tmp = tmp
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.cleanups: list = []
        self.processes: dict[str, subprocess.Popen] = {}
        suite_db = os.environ.get("DATABASE_URL", "")
        self.kind = "postgres+redis" if suite_db.startswith("postgres") else "sqlite"
        if self.kind == "sqlite":
            database = f"sqlite:///{tmp / 'db' / 'layoffwatch.sqlite3'}"
            migrated.sqlite_copy(tmp / "db" / "layoffwatch.sqlite3")
            queue = ""
        else:
            database, drop = migrated.postgres_copy(suite_db)
            self.cleanups.append(drop)
            queue = _redis(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11"))
        self.robot = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Robot)
        Robot.received = []
        threading.Thread(target=self.robot.serve_forever, daemon=True).start()
        self.cleanups.append(self.robot.shutdown)
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))
        } | {
            "DATABASE_URL": database,
            "REDIS_URL": queue,
            "LAYOFFWATCH_DATA_DIR": str(tmp / "data"),
            "SECRET_KEY": "running-system-test-secret-key-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NOTIFY_WEBHOOK_URLS": f"http://127.0.0.1:{self.robot.server_port}/robot",
            "NOTIFY_RETRY_DELAY": "1",
            "SITE_URL": self.base,
            "HUEY_IMMEDIATE": "false",
        }

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "layoffwatch.cli", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
        )

    def seed(self) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "tests.running_seed"],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self, name: str, *args: str) -> None:
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "layoffwatch.cli", "serve", *args],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.cleanups.append(log.close)

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for cleanup in reversed(self.cleanups):
            cleanup()


@pytest.fixture
def stack(tmp_path, migrated):
    s = Stack(tmp_path, migrated)
    try:
        yield s
    finally:
        s.stop()


# ------------------------------------------------------------------ HTTP, as a client does


class Client:
    """A browser without a screen: cookies, the CSRF token, forms; or a bearer token."""

    def __init__(self, base: str, token: str = ""):
        self.base, self.token = base, token
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, method: str, path: str, *, data=None, json_body=None, headers=None):
        headers = dict(headers or {})
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            csrf = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf}, doseq=True)
            body = body.encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + path
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=30) as answer:
                return answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read(), answer.headers

    def get(self, path: str):
        return self.request("GET", path)

    def get_json(self, path: str) -> dict:
        status, body, _ = self.get(path)
        assert status == 200, (path, status, body[:500])
        return json.loads(body)

    def login(self, username: str) -> None:
        self.get("/accounts/login/")
        status, body, _ = self.request(
            "POST", "/accounts/login/", data={"username": username, "password": PASSWORD}
        )
        assert status == 200 and "退出".encode() in body, body[:800]


def _case(api: Client, alert_id: int, *, level: int):
    def probe():
        case = api.get_json(f"/api/v1/alerts/{alert_id}")["case"]
        return case if case and case["level"] == level else None

    return wait_for(f"the level-{level} case of alert {alert_id}", probe)


def _expected(level: int, on: dt.date):
    procedure = response_procedure(level, on=on)
    steps = {(level, s["key"]): s for s in procedure.steps}
    tasks = {t["number"] for t in annex_tasks_for(level, on=on, measures=[]).tasks}
    return steps, tasks


def _worked(steps: dict) -> set:
    """A level's steps that stay at that level when the case rises: all but the one counted from
    closure (the case's single written report moves up with the case, ADR 0053)."""
    return {key for key, s in steps.items() if (s["deadline"] or {}).get("from") != "closure"}


def _report(api: Client, seeded: dict, *, cut: int, day: dt.date, key: str) -> dict:
    status, body, _ = api.request(
        "POST",
        "/api/v1/reports/layoff",
        json_body={
            "enterprise_uscc": seeded["uscc"],
            "planned_cut": cut,
            "effective_date": day.isoformat(),
            "reasons": ["orders"],
            "contact_name": "王芳",
            "contact_phone": "13800000000",
        },
        headers={"Idempotency-Key": key},
    )
    assert status == 201, body[:800]
    return json.loads(body)


def _social_insurance(path: Path, seeded: dict, periods: tuple[str, str]) -> None:
    """Two months of contributions: 30 insured, 25 of whom stop in the second month."""
    from layoffwatch.testing.feeds import person_id

    header = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数", "增减变动", "变动原因"]
    people = [person_id(i) for i in range(30)]
    before, after = periods
    rows = {
        before: [[p, seeded["uscc"], before, "4000", "", ""] for p in people],
        after: [[p, seeded["uscc"], after, "4000", "减少", "辞退"] for p in people[:25]]
        + [[p, seeded["uscc"], after, "4000", "", ""] for p in people[25:]],
    }
    import csv

    for period, lines in rows.items():
        with open(path / f"si-{period}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(lines)


def test_a_report_opens_its_case_and_the_case_follows_the_alert_on_the_running_stack(stack):
    seeded = stack.seed()
    stack.start("web", "--only", "web", "--bind", f"127.0.0.1:{stack.port}", "--web-workers", "2")
    stack.start("queue", "--only", "queue", "--queue-workers", "2")
    api = Client(stack.base, seeded["token"])
    wait_for("the web server", lambda: _up(stack.base), timeout=60)

    ready = api.get_json("/readyz")
    assert ready == {
        "ready": True,
        "checks": {"database": {"ok": True}, "queue": {"ok": True}, "lake": {"ok": True}},
    }, stack.kind

    today = local_day()
    # plan S3.2: 35 people at once is a level-3 alert; its case opens in the queue (ADR 0045)
    first = _report(api, seeded, cut=35, day=today + dt.timedelta(days=7), key="running-1")
    assert first["alert"]["level"] == 3
    alert_id = first["alert"]["id"]
    try:
        case = _case(api, alert_id, level=3)
    except AssertionError:
        raise AssertionError(f"no case; queue log:\n{stack.log('queue')}") from None
    steps3, tasks3 = _expected(3, today)
    assert {(s["level"], s["key"]) for s in case["steps"]} == set(steps3)
    for step in case["steps"]:
        deadline = steps3[(3, step["key"])]["deadline"]
        if deadline and deadline.get("from") != "closure":
            assert step["due_at"], f"{step['title']} has no deadline"
    assert {t["number"] for t in case["tasks"]} == tasks3

    # the robot was told of the new alert, by the consumer, over HTTP
    robot = wait_for(
        "the robot message of the alert",
        lambda: [m for m in Robot.received if seeded["name"] in json.dumps(m, ensure_ascii=False)],
    )
    assert "预警" in json.dumps(robot[0], ensure_ascii=False)

    # a second wave of 30 within the window: 65 people, level 2 (plan S3.2); the case follows
    second = _report(api, seeded, cut=30, day=today + dt.timedelta(days=10), key="running-2")
    assert second["alert"]["id"] == alert_id and second["alert"]["level"] == 2
    case = _case(api, alert_id, level=2)
    steps2, tasks2 = _expected(2, today)
    have = {(s["level"], s["key"]): s for s in case["steps"]}
    assert _worked(steps3) <= set(have), "the level-3 steps must stay"
    assert set(steps2) <= set(have), "the level-2 steps must be added"
    # the one written report: its step, counted from closure, moved up with the case (ADR 0053)
    assert [k for k in have if k[1] == "written_report"] == [(2, "written_report")]
    for key, step in steps2.items():
        assert have[key]["notify"] == step["notify"], f"filings of {step['title']}"
        deadline = step["deadline"]
        if deadline and deadline.get("from") != "closure":
            assert have[key]["due_at"], f"{step['title']} has no deadline"
    assert tasks3 | tasks2 <= {t["number"] for t in case["tasks"]}

    # the alert export says the case is at level 2
    staff = Client(stack.base)
    staff.login("sam")
    status, body, headers = staff.get("/alerts/export/")
    assert status == 200 and "spreadsheet" in headers["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if seeded["name"] in r)
    assert row[header.index("处置等级")] == "二级预警（较重）"
    assert row[header.index("预警等级")].startswith("二级预警")

    # a third wave of 150: 215 people, level 1 (plan S3.2); the case adds the level-1 procedure
    third = _report(api, seeded, cut=150, day=today + dt.timedelta(days=12), key="running-3")
    assert third["alert"]["id"] == alert_id and third["alert"]["level"] == 1
    case = _case(api, alert_id, level=1)
    steps1, _tasks1 = _expected(1, today)
    assert set(steps1) | _worked(steps2) | _worked(steps3) <= {
        (s["level"], s["key"]) for s in case["steps"]
    }
    assessment = api.get_json("/api/v1/assessment")
    assert assessment["open_alerts"].get("1") == 1 and assessment["grade"] == 1

    _lift_level_one(stack, case, alert_id, api)

    assessment = api.get_json("/api/v1/assessment")
    assert assessment["open_alerts"].get("1", 0) == 0 and assessment["grade"] != 1
    leader = Client(stack.base)
    leader.login("li")
    status, home, _ = leader.get("/")
    assert status == 200 and assessment["label"].encode() in home
    assert "第一等次".encode() not in home

    # detection runs in the queue after an import (plan S3.1.3)
    periods = _last_two_months(today)
    _social_insurance(stack.tmp, seeded, periods)
    for period in periods:
        done = stack.manage(
            "import_source", "social_insurance", str(stack.tmp / f"si-{period}.csv")
        )
        assert done.returncode == 0, done.stderr

    def signal_listed():
        status, body, _ = staff.get(f"/monitoring/?status=&kind=mass_stoppage&period={periods[1]}")
        return status == 200 and seeded["name"].encode() in body

    wait_for("the stoppage signal found after the import", signal_listed)


def _lift_level_one(stack: Stack, case: dict, alert_id: int, api: Client) -> None:
    """plan S5.3 over HTTP: li brings the alert under control, files the onward report to
    市委、市政府 and asks to lift; zhang is refused while open items have no reason, then
    approves with a reason for each (ADR 0053)."""
    import re

    li = Client(stack.base)
    li.login("li")
    page = f"/response/cases/{case['id']}/"
    for to in ("responding", "under_control"):
        status, _body, _ = li.request("POST", f"{page}status/", data={"to_status": to})
        assert status == 200
    escalate = next(s for s in case["steps"] if s["level"] == 1 and s["key"] == "escalate")
    sent = _local_now_minute()
    for body in escalate["notify"]:
        li.request(
            "POST",
            f"{page}filings/",
            data={
                "step": escalate["id"],
                "recipient": body,
                "channel": "document",
                "sent_at": sent,
                "document_title": "潼人社文〔2026〕1号",
            },
        )
    now = api.get_json(f"/api/v1/alerts/{alert_id}")
    step = next(s for s in now["case"]["steps"] if s["id"] == escalate["id"])
    assert step["done_at"], "the onward report is done once every body has its filing"
    status, _body, _ = li.request(
        "POST", f"{page}lift/", data={"mode": "request", "reason": "企业恢复正常生产，风险已控制"}
    )
    assert status == 200

    zhang = Client(stack.base)
    zhang.login("zhang")
    _status, body, _ = zhang.get(page)
    decide = re.search(rf"{page}lift/(\d+)/decide/", body.decode()).group(0)
    _status, form, _ = zhang.get(decide)
    keys = re.findall(r'name="unfinished-([^"]+)"', form.decode())
    assert keys, "the approver is shown the open steps and tasks"
    status, refused, _ = zhang.request("POST", decide, data={"approve": "1", "note": "同意"})
    assert "未办结".encode() in refused
    assert api.get_json(f"/api/v1/alerts/{alert_id}")["status"] == "under_control"
    reasons = {f"unfinished-{k}": "已转入常态化帮扶跟踪" for k in keys}
    zhang.request(
        "POST", decide, data={"approve": "1", "note": "同意，区委、区政府已批准", **reasons}
    )
    lifted = api.get_json(f"/api/v1/alerts/{alert_id}")
    assert lifted["status"] == "lifted" and lifted["case"]["status"] == "closed"


def _local_now_minute() -> str:
    from layoffwatch.core.clock import local_datetime

    return local_datetime().strftime("%Y-%m-%dT%H:%M")


def _up(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def _last_two_months(today: dt.date) -> tuple[str, str]:
    last = today.replace(day=1) - dt.timedelta(days=1)
    before = last.replace(day=1) - dt.timedelta(days=1)
    return f"{before:%Y-%m}", f"{last:%Y-%m}"


def test_readyz_names_the_part_that_is_down_and_healthz_still_answers(tmp_path, migrated):
    """docs/deploy.md: a load balancer takes a server out when /readyz answers 503; the body
    names the part (database, queue, lake) so that the operator knows where to look."""
    stack = Stack(tmp_path, migrated)
    try:
        stack.env["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens there
        stack.start(
            "web", "--only", "web", "--bind", f"127.0.0.1:{stack.port}", "--web-workers", "1"
        )
        wait_for("the web server", lambda: _up(stack.base), timeout=60)
        client = Client(stack.base)

        status, body, _ = client.get("/readyz")
        assert status == 503
        assert json.loads(body)["checks"]["queue"]["ok"] is False
        assert json.loads(body)["checks"]["database"] == {"ok": True}
        assert b"127.0.0.1" not in body and b"redis" not in body.lower()  # nothing to an outsider

        if stack.kind == "sqlite":
            import shutil

            shutil.rmtree(tmp_path / "db")  # the database is gone
        else:
            stack.cleanups[0]()  # DROP DATABASE … WITH (FORCE) (IF EXISTS: again at the end)
        status, body, _ = client.get("/readyz")
        assert status == 503 and json.loads(body)["checks"]["database"]["ok"] is False
        assert client.get("/healthz")[0] == 200  # the process itself is alive
    finally:
        stack.stop()


def test_the_demo_serves_with_its_queue_and_ctrl_c_stops_both(tmp_path):
    """`make demo` (ADR 0080): the demo's first layoff report gets its case from the queue
    worker the demo started, within seconds; Ctrl-C stops the web server and the worker."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))} | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",  # the embedded default
        "REDIS_URL": "",
        "LAYOFFWATCH_DATA_DIR": str(tmp_path),
        "HUEY_IMMEDIATE": "false",
    }
    cli = [sys.executable, "-m", "layoffwatch.cli"]
    log = open(tmp_path / "demo.log", "w")  # noqa: SIM115
    demo = subprocess.Popen(
        [*cli, "demo", "--port", str(port), "--enterprises", "40"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for("the demo's web server", lambda: _up(base), timeout=240)
        output = (tmp_path / "demo.log").read_text()
        pids = {
            name: int(line.split("pid")[1])
            for line in output.splitlines()
            for name in ("web", "queue")
            if line.strip().startswith(f"{name}: pid")
        }
        assert set(pids) == {"web", "queue"}, output

        def shell(code: str) -> str:
            done = subprocess.run(
                [*cli, "shell", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr
            return done.stdout.strip().splitlines()[-1]  # after "N objects imported…"

        uscc = shell(
            "from layoffwatch.enterprises.models import Enterprise as E;"
            "print(E.objects.filter(alerts__isnull=True, is_hr_agency=False,"
            " insured_headcount__gte=40).order_by('uscc').first().uscc)"
        )
        done = subprocess.run(
            [*cli, "issue_token", "talent"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        token = done.stdout.split()[-1]
        api = Client(base, token)
        answer = _report(
            api,
            {"uscc": uscc},
            cut=35,
            day=local_day() + dt.timedelta(days=5),
            key="demo-1",
        )
        case = _case(api, answer["alert"]["id"], level=3)
        assert case["steps"] and case["tasks"]
        # plan S6.1: the demo's signed month reads over the API of the running server
        signed = re.search(r"形势分析 analysis：(\d{4}-\d{2}) 已签发", output)[1]
        month = api.get_json(f"/api/v1/analysis/{signed}")
        district = next(r for r in month["rows"] if r["area"] == "district")
        assert district["figures"]["insured"]["value"] > 0
        assert {f["source"] for f in month["feeds"] if f["has_month"]} >= {"social_insurance"}
        # plan S3.1.3 预测 (ADR 0105): the demo's forecasts are made by the queue worker it started
        wait_for(
            "the queue worker's forecasts",
            lambda: (
                shell(
                    "from layoffwatch.analysis.models import ForecastRun as F;"
                    "r = F.objects.first(); print(r and r.result['backtest']['series'] or 0)"
                )
                != "0"
            ),
            timeout=600,  # a busy 2-core runner: the demo's 25 months read and fitted
        )
        # and asked for again, twice, as staff do with the page's button: the worker makes each
        # (its threads once forked statsforecast's process pool, and the third run crashed)
        count = "from layoffwatch.analysis.models import AnalysisJob as J, ForecastRun as F;"
        count += (
            "print(F.objects.count(), J.objects.filter(kind='forecast', status='failed').count())"
        )
        made = int(shell(count).split()[0])
        period = shell(
            "from layoffwatch.analysis.models import ForecastRun as F; print(F.objects.first().period)"
        )
        for n in (made + 1, made + 2):
            shell(
                "import datetime as dt; from layoffwatch.analysis.jobs import job_request;"
                f"job_request(kind='forecast', period='{period}', at=dt.datetime.now(dt.UTC));"
                "print('asked')"
            )

            def settled(n=n):  # made, or a job failed: either ends the wait
                now = shell(count)
                return now if now == f"{n} 0" or now.split()[1] != "0" else None

            assert wait_for(f"forecast run {n} by the queue worker", settled, timeout=600) == (
                f"{n} 0"
            )
    finally:
        demo.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            status = demo.wait(timeout=60)
        finally:
            log.close()
    assert status == 0, (tmp_path / "demo.log").read_text()[-3000:]
    assert not _up(base)
    for pid in pids.values():
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # the supervisor reaped it: no stray worker keeps running
