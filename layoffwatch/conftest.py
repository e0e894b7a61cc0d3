"""Shared test personas (style: healthchecks' BaseTestCase).

Alice is the administrator; Li the leader; Sam works in 就业和人才中心; Tina is the liaison of
桂林街道 and must be refused 梓潼街道's enterprises; Cai is the service commissioner of one
enterprise; Agnes works for an HR service agency; Ed reports for his own enterprise.
"""

import contextlib
import itertools

import pytest

from layoffwatch.accounts.models import Section
from layoffwatch.accounts.roles import Role
from layoffwatch.accounts.services import user_create
from layoffwatch.core.validators import uscc_with_check_digit
from layoffwatch.enterprises.models import DispatchRelation, Enterprise
from layoffwatch.reference.models import Town
from layoffwatch.testing.browser import CHROMIUM_ARGS, chromium_executable  # noqa: F401

GUILIN = "500152001000"  # 桂林街道
ZITONG = "500152002000"  # 梓潼街道
PASSWORD = "correct-horse-battery"

_serial = itertools.count(1)


def make_uscc(prefix: str = "91", region: str = "500152") -> str:
    n = next(_serial)
    return uscc_with_check_digit(f"{prefix}{region}MA{n:07d}")


@pytest.fixture
def reference_data(db):
    """Towns, industries and sections come from migrations; a transactional test's flush removes
    them, so they are put back here."""
    from layoffwatch.reference.loaders import ensure_reference_data

    ensure_reference_data()


@pytest.fixture
def make_enterprise(db, reference_data):
    def make(**fields) -> Enterprise:
        values = {
            "uscc": make_uscc(),
            "name": f"测试企业{next(_serial)}有限公司",
            "town_id": GUILIN,
            "industry_id": "1361",
            "insured_headcount": 120,
        }
        values.update(fields)
        return Enterprise.objects.create(**values)

    return make


class People:
    def __init__(self, make_enterprise):
        section = Section.objects.get(code="talent_center")
        self.guilin_factory = make_enterprise(name="桂林食品有限公司", town_id=GUILIN)
        self.zitong_factory = make_enterprise(
            name="梓潼汽配有限公司", town_id=ZITONG, industry_id="3670"
        )
        self.agency_firm = make_enterprise(
            name="潼南人力资源服务有限公司", town_id=GUILIN, industry_id="7261", is_hr_agency=True
        )
        DispatchRelation.objects.create(
            agency=self.agency_firm, user_enterprise=self.zitong_factory, dispatched_headcount=30
        )

        def mk(username, role, **kw):
            return user_create(username=username, password=PASSWORD, role=role, **kw)

        self.alice = mk("alice", Role.ADMIN, display_name="Alice", is_superuser=True)
        self.li = mk("li", Role.LEADER, section=Section.objects.get(code="leadership"))
        self.sam = mk("sam", Role.SECTION_STAFF, section=section)
        self.tina = mk("tina", Role.TOWN_LIAISON, town=Town.objects.get(code=GUILIN))
        self.cai = mk("cai", Role.COMMISSIONER)
        self.agnes = mk("agnes", Role.AGENCY, enterprise=self.agency_firm)
        self.ed = mk("ed", Role.ENTERPRISE, enterprise=self.guilin_factory)
        self.zitong_factory.commissioner = self.cai
        self.zitong_factory.save()


@pytest.fixture
def people(db, make_enterprise) -> People:
    return People(make_enterprise)


@pytest.fixture
def login(client):
    """login(user) -> the Django test client logged in as that persona."""

    def do(user):
        client.force_login(user)
        return client

    return do


@contextlib.contextmanager
def _closing_test_connections():
    """Close the database connections the test body opens while Playwright's event loop runs.

    why: Django keeps connections per context (asgiref Local); under Playwright's sync API the
    test body gets a connection that pytest-django's teardown, in another context, never sees —
    on PostgreSQL it stayed open and the test database could not be dropped at the end."""
    import threading

    from django.db.backends.signals import connection_created

    opened, test_thread = [], threading.get_ident()

    def track(sender, connection, **kwargs):
        if threading.get_ident() == test_thread:  # not the live server's request threads
            opened.append(connection)

    connection_created.connect(track)
    try:
        yield
    finally:
        connection_created.disconnect(track)
        for connection in opened:
            connection.close()


class _Chromium:
    """Playwright's driver and one chromium, kept from one browser test to the next when they run
    back to back (starting both costs about a second each time); every test still gets a new
    browser context (no cookies, storage or cache of the test before). Stopped as soon as the
    next test does not use a page (`pytest_runtest_teardown` in the root conftest.py): Playwright's
    sync API marks its event loop as running in this thread between calls, which no other test
    should see."""

    def __init__(self):
        self._playwright = None
        self.browser = None

    def launch(self, executable: str):
        if self.browser is not None and not self.browser.is_connected():
            self.stop()  # it died with the test before: a new one
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self.browser = self._playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
        return self.browser

    def stop(self) -> None:
        if self.browser is not None:
            try:
                if self.browser.is_connected():
                    self.browser.close()
            finally:
                self.browser = None
                self._playwright.stop()
                self._playwright = None


chromium = _Chromium()


@pytest.fixture
def page(live_server):
    """A real Debian chromium page driven by Playwright against the live test server.

    Skips with a clear message where chromium is missing locally; never skips in CI.
    `page.base` is the server's URL.
    """
    import os

    executable = chromium_executable()
    # why: Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    browser = chromium.launch(executable)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        pg = context.new_page()
        pg.set_default_timeout(15000)
        pg.base = live_server.url
        with _closing_test_connections():
            yield pg
    finally:
        context.close()


def browser_login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-submit")
