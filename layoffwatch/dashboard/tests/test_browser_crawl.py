"""Every page each role reaches from the sidebar, in a real browser, on the demo's data (plan S1:
the bureau leader at a desk, section staff, a town liaison, an HR officer on a phone).

For every role the crawl opens the sidebar's pages (dashboard/navigation.py, as the sidebar
renders them), then one page of every kind linked from them and one of every kind linked from
those (a case, a signal, an alert, a receipt, an enterprise, a worker …), at 1440 px in
Chinese and at 360 px in English (the language switch's cookie, ADR 0007). Each page must:

- be no wider than the screen (a wide table scrolls inside its own box, never the page);
- log no error in the console (a script error, a CSP refusal, a 4xx/5xx fetch);
- load every static file;
- show no developer text: a dict or repr, an `…_id`, `None`, an ADR number, a plan clause ID
  (`S5.1`, docs/clauses.md's numbering for code and docs), a raw field name.

On a phone the sidebar is a menu behind a button in the top bar.

In English the pages that still show Chinese outside names, the data people typed and the text
records keep in the bureau's words (ADR 0100) fail the check.

One demo build (`generate`, 40 enterprises, with its monitoring feeds) and one live server serve
the whole module; each role is crawled once (one browser, about 20 s), on the first check that
needs it.
"""

import os
import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test.utils import override_settings
from django.urls import Resolver404, resolve

from layoffwatch.opinion.reading import EXPORT_COLUMNS, HOTLINE_COLUMNS
from layoffwatch.testing.browser import CHROMIUM_ARGS, chromium_executable

# why a plain django_db mark: it makes pytest-django set up the test database; the demo itself is
# written once, by the module's fixture, and each test only reads it through the live server
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROLES = ["admin", "leader", "employment", "guilin", "commissioner", "agency", "enterprise"]
WIDE, NARROW = 1440, 360
# why two views of each page, not four: the desk's 1440 px in Chinese, the phone's 360 px in
# English, where words are longest and a page is likeliest to overflow; the English check reads
# the phone's pages, the developer-text check the desk's
VIEWS = [(WIDE, "zh-hans"), (NARROW, "en")]
DEPTH = 2  # sidebar page → a linked page → a page linked from that

# pages that are not pages: files, the language switch, the admin's own screens, the API
NOT_PAGES = re.compile(
    r"(\.(xlsx|docx|pdf|png|svg|csv|zip)$)|^/(admin|api|i18n|static|accounts/logout)/|/file/|/files/|/export"
)
STATIC = "/static/"

# developer text, as a user would read it
DEV_TEXT = [
    ("dict", re.compile(r"\{'|'\}|\{\"|\"\}")),
    ("…_id", re.compile(r"\b[a-z]\w*_id\b")),
    ("None", re.compile(r"\bNone\b")),
    ("ADR", re.compile(r"\bADR ?\d")),
    ("plan clause ID", re.compile(r"(?<![\w.-])S\d(?:\.\d+)+(?![\w.])|（S\d")),
    ("field name", re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")),
    (
        "repr",
        re.compile(
            r"<[A-Z]\w+: |<QuerySet|object at 0x|\bdatetime\.|\bDecimal\('|\[\('|"
            r"\b(True|False)\b"
        ),
    ),
]
HAN = re.compile(r"[\u3400-\u9fff]+")
LANGUAGE_NAMES = {"简体中文"}  # the language switch names each language in its own words
# the sheets of the Chinese XLSX templates, named as the downloaded file names them
SHEET_NAMES = {"填写说明", "月度用工报告", "企业名录"}
# the columns a public-opinion export and the 12345 records carry, quoted as the files spell them
# (opinion/reading.py: the import page tells which a file needs)
OPINION_COLUMNS = {names[0] for c in (EXPORT_COLUMNS, HOTLINE_COLUMNS) for names in c.values()}
KNOWN_NAMES = LANGUAGE_NAMES | SHEET_NAMES | OPINION_COLUMNS


@dataclass
class Visit:
    url: str
    route: str
    width: int
    scroll_width: int = 0
    text: str = ""
    console: list = field(default_factory=list)
    static_failures: list = field(default_factory=list)
    error: str = ""


@dataclass
class Crawl:
    role: str
    visits: list = field(default_factory=list)
    english: list = field(default_factory=list)
    records: list = field(default_factory=list)  # _records_text() as the crawl left it

    def pages(self, width=None):
        return [v for v in self.visits if width is None or v.width == width]


def _field_words() -> set:
    """Single-word field names of the app's models (`outcome`, `status` …): in Chinese text
    such a word is a field name leaking onto the page."""
    from django.apps import apps

    words = set()
    for model in apps.get_models():
        if model.__module__.startswith("layoffwatch."):
            for f in model._meta.get_fields():
                if re.fullmatch(r"[a-z]{3,}", f.name):
                    words.add(f.name)
    return words


# Text the system writes at the moment something happens, kept in Chinese with its message and
# read in the reader's language (core/recorded.py, ADR 0100 amended 2026-12-07 (2)): not data, so
# an English page is held to English there (but for the names the message quotes).
SAID_AGAIN = {
    "response.caseevent": {"summary"},
    "alerts.alertevent": {"summary"},
    "monitoring.signalevent": {"summary"},
    "monitoring.signal": {"summary"},  # its message: Signal.summary_message
    # the bureau's sections and the units a case copies from the policy files, by their names in
    # the reader's language (Section.name_shown, policy_text; ADR 0100 amended 2026-12-07 (6))
    "accounts.section": {"name"},
    "response.casetask": {"lead_name", "cooperating_names"},
    "response.casestep": {"actor_name"},
    "notifications.notification": {"title", "body"},
}


def _actor_labels(model) -> list[str]:
    """Who did it (`actor_label`): data only where a person did (the row has an actor); the
    system's labels (系统, 系统（直报定级）…) are read in the reader's language
    (core.recorded.actor_shown, ADR 0100 amended 2026-12-07 (2))."""
    return list(model.objects.filter(actor_id__isnull=False).values_list("actor_label", flat=True))


def _data_text() -> str:
    """Every text value the demo wrote (names, notes, reasons): Chinese that is data, not the
    interface, when the page is in English."""
    from django.apps import apps
    from django.db import models

    values = []
    for model in apps.get_models():
        if not model.__module__.startswith("layoffwatch.") or model._meta.app_label == "audit":
            continue
        said_again = SAID_AGAIN.get(model._meta.label_lower, set())
        fields = {f.name for f in model._meta.concrete_fields} | {
            f.attname for f in model._meta.concrete_fields
        }
        if {"actor_label", "actor_id"} <= fields:
            said_again = said_again | {"actor_label"}
            values.extend(v for v in _actor_labels(model) if v and HAN.search(v))
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and f.name not in said_again
        ]
        if text_fields:
            for row in model.objects.values_list(*text_fields):
                values.extend(v for v in row if v and HAN.search(v))
    return "\n".join(values + _records_text())


def _records_text() -> list[str]:
    """Text that records keep in the bureau's words, written at the moment they were made (ADR
    0100): an alert's grading reasons, a written report's draft sections, an audit entry's
    summary and the name of the person who made it. An English page shows them as recorded, so
    they count as data here; the interface around them (labels, headings, a section's title and
    guidance) does not, nor does the system's label of an entry no person made."""
    from layoffwatch.alerts.models import Alert
    from layoffwatch.analysis.models import Consultation, MonthlyAnalysis
    from layoffwatch.audit.models import AuditEntry
    from layoffwatch.response.models import WrittenReport

    # an alert's reasons with their messages are said again in the reader's language (ADR 0100
    # amended 2026-12-07 (4)): only their quoted values are data; older ones, as recorded
    values = []
    for facts in Alert.objects.values_list("facts", flat=True):
        if facts.get("reason_messages"):
            values += _quoted(facts["reason_messages"])
        else:
            values += facts.get("reasons", [])
    values += [
        s.get("text", "")
        for sections in WrittenReport.objects.values_list("sections", flat=True)
        for s in sections
    ]
    # the month's written analysis (drafted in the bureau's words, edited by staff) and what each
    # department said at a consultation (typed by staff): records, as a written report is
    values += [
        s.get("text", "")
        for sections in MonthlyAnalysis.objects.values_list("sections", flat=True)
        for s in sections
    ]
    values += [
        i.get("text", "")
        for inputs in Consultation.objects.values_list("inputs", flat=True)
        for i in inputs
    ]
    values += AuditEntry.objects.values_list("summary", flat=True)
    values += _actor_labels(AuditEntry)
    values += _said_again_names()
    return [v for v in values if v and HAN.search(v)]


def _said_again_names() -> list[str]:
    """What the recorded messages of SAID_AGAIN quote as it is — names, what a person typed,
    reasons the record keeps — as opposed to their words and the interface terms (`{"term": …}`)
    they put in the reader's language."""
    from layoffwatch.alerts.models import AlertEvent
    from layoffwatch.core.recorded import MESSAGE_KEY
    from layoffwatch.monitoring.models import Signal, SignalEvent
    from layoffwatch.notifications.models import Notification
    from layoffwatch.reporting.models import MissingReportFinding
    from layoffwatch.response.models import CaseEvent

    messages = [
        data.get(MESSAGE_KEY)
        for model in (CaseEvent, AlertEvent, SignalEvent)
        for data in model.objects.values_list("data", flat=True)
    ]
    messages += [
        m for pair in Notification.objects.values_list("messages", flat=True) for m in pair.values()
    ]
    messages += Signal.objects.values_list("summary_message", flat=True)
    messages += [
        m
        for said in MissingReportFinding.objects.values_list("reason_messages", flat=True)
        for m in said or []
    ]
    return [q for m in messages if m for q in _quoted(m)]


def _quoted(value) -> list[str]:
    """What a recorded message (or a list of them) quotes as it is."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [q for v in value for q in _quoted(v)]
    if isinstance(value, dict) and "term" not in value:
        inner = value.get("args", {}).values() if "msgid" in value else value.get("items", [])
        return [q for v in inner for q in _quoted(v)]
    return []


def _empty_again(call_command, ensure_reference_data) -> None:
    """Leave the database as the migrations left it for the tests that follow: no demo, the
    towns, industries and sections back."""
    from django.contrib.contenttypes.models import ContentType

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    ensure_reference_data()


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo (40 enterprises, its accounts, cases, reports and signals) served by a live
    server of its own: the module's tests share it and only read it (but for logging in).
    Afterwards the database is emptied as a transactional test leaves it."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from layoffwatch.core.clock import local_datetime
    from layoffwatch.demo.generator import generate, generate_analysis, generate_monitoring
    from layoffwatch.demo.models import DemoDataset
    from layoffwatch.reference.loaders import ensure_reference_data

    chromium_executable()
    quick = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LAKE_DIR=tmp_path_factory.mktemp("lake"),
    )
    with django_db_blocker.unblock(), quick:
        ensure_reference_data()
        generate(seed=7, enterprises=40, now=local_datetime())
        end = DemoDataset.objects.get().end_period
        generate_monitoring(seed=7, end_period=end)
        generate_analysis(end_period=end, now=local_datetime())
        site = {"field_words": _field_words(), "data_text": _data_text()}
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        site["base"] = server.url
        try:
            yield site
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            _empty_again(call_command, ensure_reference_data)


@pytest.fixture(scope="module")
def crawls():
    return {}


def _watch(page, visit_ref: dict) -> None:
    """Console errors and failed static files go to the page being visited."""

    def console(msg):
        if msg.type == "error" and visit_ref.get("visit"):
            visit_ref["visit"].console.append(msg.text)

    def page_error(exc):
        if visit_ref.get("visit"):
            visit_ref["visit"].console.append(f"{exc}")

    def response(resp):
        if STATIC in resp.url and resp.status >= 400 and visit_ref.get("visit"):
            visit_ref["visit"].static_failures.append(f"{resp.status} {resp.url}")

    def failed(req):
        if STATIC in req.url and visit_ref.get("visit"):
            visit_ref["visit"].static_failures.append(f"{req.failure} {req.url}")

    page.on("console", console)
    page.on("pageerror", page_error)
    page.on("response", response)
    page.on("requestfailed", failed)


def _route(base: str, url: str) -> str | None:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != base or NOT_PAGES.search(parts.path):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name


def _open(page, url: str, route: str, width: int, ref: dict) -> Visit:
    visit = Visit(url=url, route=route, width=width)
    ref["visit"] = visit
    try:
        response = page.goto(url, wait_until="load")
        if response is not None and response.status >= 400:
            visit.error = f"HTTP {response.status}"
        visit.scroll_width = page.evaluate("document.documentElement.scrollWidth")
        visit.text = page.inner_text("body")
    except Exception as exc:  # a download, a timeout: recorded, never silently skipped
        visit.error = str(exc).splitlines()[0]
    ref["visit"] = None
    return visit


def _links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(a => a.href)")
    return [urldefrag(h)[0] for h in hrefs]


def _login(browser, base: str, username: str) -> dict:
    from layoffwatch.demo.generator import DEMO_PASSWORD

    context = browser.new_context(locale="zh-CN", viewport={"width": WIDE, "height": 900})
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    state = context.storage_state()
    context.close()
    return state


def crawl(browser, base: str, role: str) -> Crawl:
    state = _login(browser, base, role)
    pages, refs = {}, {}
    for width, language in VIEWS:
        context = browser.new_context(
            locale="zh-CN", viewport={"width": width, "height": 900}, storage_state=state
        )
        if language == "en":
            context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
        context.set_default_timeout(20000)
        pages[width], refs[width] = context.new_page(), {}
        _watch(pages[width], refs[width])

    result = Crawl(role)
    wide = pages[WIDE]
    wide.goto(base + "/")
    frontier = [(url, 0) for url in dict.fromkeys(_links(wide, "#sidebar a[href]"))]
    frontier.insert(0, (base + "/", 0))
    seen_routes = set()
    while frontier:
        url, depth = frontier.pop(0)
        route = _route(base, url)
        if route is None or route in seen_routes:
            continue
        seen_routes.add(route)
        for width, language in VIEWS:
            visit = _open(pages[width], url, route, width, refs[width])
            result.visits.append(visit)
            if language == "en":
                result.english.append(visit)
        if depth < DEPTH and not result.visits[-1].error:  # the narrow page shows that url now
            frontier += [(link, depth + 1) for link in _links(pages[NARROW], "main a[href]")]
    for page in pages.values():
        page.context.close()
    return result


def _with_browser(work):
    """work(browser) in a fresh Debian chromium, closed afterwards.

    why a browser per use, inside the test: Playwright's event loop must start after the test's
    database transaction, or the ORM opens a second connection that locks the first."""
    # why: Playwright's sync API runs an event loop in this thread; nothing touches the ORM
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        try:
            return work(browser)
        finally:
            browser.close()


@pytest.fixture
def crawled(demo_site, crawls):
    """crawled(role) -> that role's crawl, made on the first call."""

    def get(role: str) -> Crawl:
        if role not in crawls:
            crawls[role] = _with_browser(lambda browser: crawl(browser, demo_site["base"], role))
            # read now: the entries the crawl's own logins wrote are rolled back with the test
            # that made the crawl, while the pages it saw still show them
            crawls[role].records = _records_text()
        return crawls[role]

    return get


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _listed(problems: list[str]) -> str:
    return "\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_opens_and_fits_the_screen(crawled, role):
    result = crawled(role)
    assert len(result.pages(WIDE)) >= 5, [v.url for v in result.visits]
    problems = [
        f"{_path(v.url)} at {v.width} px: {v.error or f'{v.scroll_width} px wide'}"
        for v in result.visits
        if v.error or v.scroll_width > v.width + 1
    ]
    assert not problems, _listed(problems)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_logs_an_error_or_misses_a_static_file(crawled, role):
    result = crawled(role)
    problems = [
        f"{_path(v.url)} at {v.width} px: {msg}"
        for v in result.visits
        for msg in v.console + v.static_failures
    ]
    assert not problems, _listed(problems)


def _developer_text(text: str, field_words: set) -> list[str]:
    found = []
    for name, pattern in DEV_TEXT:
        found += [f"{name}: {m[0]!r}" for m in pattern.finditer(text)]
    # a lone English word in a Chinese page that is one of the models' field names
    for m in re.finditer(r"(?<![\w./@:-])([a-z]{3,})(?![\w./@:-])", text):
        if m[1] in field_words:
            found.append(f"field name: {m[1]!r}")
    return sorted(set(found))


def _developer_text_on(result: Crawl, field_words: set) -> list[str]:
    return [
        f"{_path(v.url)}: {', '.join(found)}"
        for v in result.pages(WIDE)
        if (found := _developer_text(v.text, field_words))
    ]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_developer_text(crawled, demo_site, role):
    problems = _developer_text_on(crawled(role), demo_site["field_words"])
    assert not problems, _listed(problems)


@pytest.mark.parametrize("role", ROLES)
def test_english_pages_show_no_chinese_interface(crawled, demo_site, role):
    result = crawled(role)
    # and the audit entries the crawl's own logins wrote after the demo was built
    data = demo_site["data_text"] + "\n".join(result.records)
    problems = []
    for v in result.english:
        runs = sorted(
            {run for run in HAN.findall(v.text) if run not in data and run not in KNOWN_NAMES}
        )
        if runs:
            problems.append(f"{_path(v.url)}: {' '.join(runs[:12])}")
    assert not problems, _listed(problems)


def test_on_a_phone_the_sidebar_is_a_menu_behind_a_button(demo_site):
    """A liaison on a 360-px phone sees the page, not the whole menu above it; the top bar's
    button opens the menu, which also says who is logged in; a desk's 1440-px screen shows the
    sidebar and the user in the top bar as before."""
    base = demo_site["base"]

    def use(browser):
        state = _login(browser, base, "guilin")
        seen = {}
        for width in (NARROW, WIDE):
            context = browser.new_context(
                locale="zh-CN", viewport={"width": width, "height": 740}, storage_state=state
            )
            page = context.new_page()
            page.goto(base + "/")
            link = page.locator("#sidebar a", has_text="企业名录")
            seen[width] = {
                "menu": link.is_visible(),
                "button": page.is_visible("#menu-open"),
                "user in the top bar": page.is_visible("[data-testid=current-user]"),
            }
            if width == NARROW:
                page.click("#menu-open")
                seen["user in the menu"] = page.inner_text("[data-testid=menu-user]")
                link.click()
                page.wait_for_url("**/enterprises/")
                seen["opened"] = page.is_visible("main h1") and not link.is_visible()
            context.close()
        return seen

    seen = _with_browser(use)
    # on a phone the top bar keeps one line of tools; who is logged in is said in the menu
    assert seen[NARROW] == {"menu": False, "button": True, "user in the top bar": False}
    assert "镇街联络员 · 桂林街道" in seen["user in the menu"]
    assert seen["opened"]  # the menu took the liaison to the registry and closed
    assert seen[WIDE] == {"menu": True, "button": False, "user in the top bar": True}
