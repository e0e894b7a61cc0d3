"""The screenshots in docs/user-guide.md, taken from the demo: `make screenshots`.

    .venv/bin/python scripts/screenshots.py [--out docs/screens]

1. Builds the demo (`layoffwatch demo --no-serve`, the same data and accounts as `make demo`)
   into a temporary data directory, on SQLite whatever DATABASE_URL says.
2. Serves it on a free local port (Django's runserver, as the demo does; no queue is needed to
   show pages).
3. Logs in as the role that uses each page (plan S1: the bureau leader at a desk, section staff,
   a town liaison and an enterprise's HR officer on a phone) in Debian's chromium, in Chinese,
   and saves what the screen shows (the viewport, not the whole page) as one PNG per screen.
4. Stops the server and removes the temporary directory.

SCREENS below is the list of files; tests/test_docs_screens.py checks that the user guide shows
each of them and no other. The PNGs are reduced to a palette when Pillow is installed (it is not a
dependency of the project); without it Chromium's own PNGs are kept.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from layoffwatch.testing.browser import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "screens"
CHROMIUM = "/usr/bin/chromium"

DESK = {"width": 1440, "height": 900}
PHONE = {"width": 360, "height": 780}
SERVER_WAIT = 60  # seconds for runserver to answer on a loaded 2-core machine


@dataclass(frozen=True)
class Screen:
    name: str  # the file in docs/screens, without .png
    caption: str  # as the user guide captions it
    role: str  # the demo account that opens the page
    device: str  # "desk" or "phone"


SCREENS = [
    Screen("home-leader-desk", "工作台（局领导，桌面）", "leader", "desk"),
    Screen("alerts-desk", "预警清单（局领导，桌面）", "leader", "desk"),
    Screen("alert-desk", "预警页面（局领导，桌面）", "leader", "desk"),
    Screen("case-desk", "处置案件（局领导，桌面）", "leader", "desk"),
    Screen("signals-desk", "监测信号清单（局领导，桌面）", "leader", "desk"),
    Screen("enterprise-desk", "企业页面（局领导，桌面）", "leader", "desk"),
    Screen("home-liaison-phone", "工作台（镇街联络员，手机）", "guilin", "phone"),
    Screen("menu-phone", "手机上打开的菜单（镇街联络员）", "guilin", "phone"),
    Screen("report-form-phone", "填报裁员报告（企业填报员，手机）", "enterprise", "phone"),
    Screen("worker-desk", "一人一策（就业科，桌面）", "employment", "desk"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_env(data_dir: Path) -> dict[str, str]:
    """The environment of the demo's commands: its own SQLite database in data_dir, no Redis."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["LAYOFFWATCH_DATA_DIR"] = str(data_dir)
    env.pop("SECRET_KEY", None)  # why: the demo keeps a key of its own in data_dir
    env["DEBUG"] = "false"
    return env


def layoffwatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "layoffwatch.cli", *args]


def build_demo(env: dict[str, str]) -> str:
    """Build the demo; the accounts' password, read from the table the demo prints."""
    print("生成演示数据 / building the demo …", flush=True)
    done = subprocess.run(
        layoffwatch("demo", "--no-serve"), env=env, check=True, capture_output=True, text=True
    )
    for line in done.stdout.splitlines():
        cells = line.split()
        if cells and cells[0] == "leader":
            return cells[-1]
    raise SystemExit(f"演示账号表中没有 leader / no leader in the demo's accounts:\n{done.stdout}")


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        server = subprocess.Popen(
            layoffwatch("runserver", f"127.0.0.1:{port}", "--noreload"),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            process_group=0,
        )
    deadline = time.monotonic() + SERVER_WAIT
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            raise SystemExit(f"服务未启动 / the server did not start:\n{log.read_text()}")
        time.sleep(0.5)


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ------------------------------------------------------------------ the pages


def _first_link(page, pattern: str) -> str:
    """The first link in the page's main area whose path matches pattern (a regex)."""
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(a => a.pathname)")
    for href in hrefs:
        if re.fullmatch(pattern, href):
            return href
    raise SystemExit(f"{page.url}: 没有链接 / no link matching {pattern}")


def _go(page, base: str, path: str) -> None:
    response = page.goto(base + path, wait_until="networkidle")
    if response is None or response.status >= 400:
        status = response.status if response is not None else "no response"
        raise SystemExit(f"{path}: {status}")


def open_screens(base: str) -> dict:
    """name -> function(page) that opens that screen; pages found by following links, as a
    user would (the highest open alert, its case and enterprise, the first worker)."""
    found: dict[str, str] = {}

    def home(page):
        _go(page, base, "/")

    def alerts(page):
        _go(page, base, "/alerts/")

    def alert(page):
        _go(page, base, "/alerts/?level=1")
        found["alert"] = _first_link(page, r"/alerts/\d+/")
        _go(page, base, found["alert"])

    def case(page):
        _go(page, base, found["alert"])
        _go(page, base, _first_link(page, r"/response/cases/\d+/"))

    def enterprise(page):
        _go(page, base, found["alert"])
        _go(page, base, _first_link(page, r"/enterprises/[0-9A-Z]{18}/"))

    def signals(page):
        _go(page, base, "/monitoring/")

    def menu(page):
        _go(page, base, "/")
        page.click("#menu-open")
        page.locator("#lw-nav.show").wait_for(state="visible")
        # why: the menu slides in; the shot waits for it to stand still
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')"
        )

    def report_form(page):
        _go(page, base, "/reporting/")
        page.click("main a:text-is('填报裁员报告')")
        page.wait_for_load_state("networkidle")

    def worker(page):
        _go(page, base, "/assistance/")
        _go(page, base, _first_link(page, r"/assistance/workers/\d+/"))

    return {
        "home-leader-desk": home,
        "alerts-desk": alerts,
        "alert-desk": alert,
        "case-desk": case,
        "signals-desk": signals,
        "enterprise-desk": enterprise,
        "home-liaison-phone": home,
        "menu-phone": menu,
        "report-form-phone": report_form,
        "worker-desk": worker,
    }


def login_state(browser, base: str, username: str, password: str) -> dict:
    context = browser.new_context(locale="zh-CN", viewport=DESK)
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    state = context.storage_state()
    context.close()
    return state


def shrink(path: Path) -> None:
    """A 256-colour palette PNG when Pillow is there: a screen of text and flat colours loses
    nothing a reader sees and is a third of the size."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def take(base: str, password: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    steps = open_screens(base)
    missing = {s.name for s in SCREENS} ^ set(steps)
    assert not missing, f"SCREENS and open_screens disagree: {missing}"
    saved = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            states: dict[str, dict] = {}
            for screen in SCREENS:
                if screen.role not in states:
                    states[screen.role] = login_state(browser, base, screen.role, password)
                context = browser.new_context(
                    locale="zh-CN",
                    viewport=DESK if screen.device == "desk" else PHONE,
                    storage_state=states[screen.role],
                    reduced_motion="reduce",
                )
                context.set_default_timeout(30000)
                page = context.new_page()
                steps[screen.name](page)
                path = out / f"{screen.name}.png"
                page.screenshot(path=str(path), full_page=False, animations="disabled")
                context.close()
                shrink(path)
                saved.append(path)
                print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        finally:
            browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="目录 / folder for the PNGs")
    args = parser.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        raise SystemExit(
            f"{CHROMIUM} 未安装（apt-get install chromium）/ chromium is not installed"
        )
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    work = Path(tempfile.mkdtemp(prefix="layoffwatch-screens-"))
    try:
        env = demo_env(work / "data")
        password = build_demo(env)
        port = free_port()
        server = start_server(env, port, work / "server.log")
        try:
            print(f"截图 / taking the screenshots at http://127.0.0.1:{port}/ …", flush=True)
            saved = take(f"http://127.0.0.1:{port}", password, out)
        finally:
            stop_server(server)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = sum(p.stat().st_size for p in saved)
    print(f"{len(saved)} 张截图 / screenshots, {total / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
