# The shared personas and fixtures live in layoffwatch/conftest.py; top-level tests/ use them too.
import collections

import pytest
from hypothesis import settings as hypothesis_settings

from layoffwatch.conftest import *  # noqa: F401,F403
from layoffwatch.conftest import chromium

# No test asserts a duration (benchmarks measure speed, benchmarks/README.md): Hypothesis's
# per-example deadline is one, and it fails on a busy CI machine, so it is off everywhere.
hypothesis_settings.register_profile("layoffwatch", deadline=None)
hypothesis_settings.load_profile("layoffwatch")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After a browser test's fixtures are torn down: stop the chromium it shared with the tests
    before it unless the next test also has a page (layoffwatch/conftest.py, `page`)."""
    if nextitem is None or "page" not in getattr(nextitem, "fixturenames", ()):
        chromium.stop()


def pytest_collection_modifyitems(config, items):
    """The files that start processes (marker `processes`) or a browser (`browser`) come first,
    the others after them by their number of tests, most first; a file's tests keep their order.

    why: `make test` deals whole files to two workers in this order (--dist loadfile
    --no-loadscope-reorder). xdist's own order, by number of tests only, left the files of two
    or three long tests for the end, where one worker ran them while the other had nothing left.
    Only on xdist's workers: a run in one process keeps pytest-django's order (transactional tests
    last, as Django's runner has them).
    """
    if not hasattr(config, "workerinput"):
        return
    tests = collections.Counter(item.nodeid.split("::")[0] for item in items)
    rank = {}  # file: 0 starts processes, 1 a browser, 2 neither
    for item in items:
        name = item.nodeid.split("::")[0]
        kind = 2
        if item.get_closest_marker("processes"):
            kind = 0
        elif item.get_closest_marker("browser"):
            kind = 1
        rank[name] = min(rank.get(name, 2), kind)
    items.sort(key=lambda item: (rank[n := item.nodeid.split("::")[0]], -tests[n], n))


@pytest.fixture(scope="session", autouse=True)
def _postgresql_for_tests():
    """Two settings of this test process's PostgreSQL connections (the installations that tests
    start as processes keep the production ones):

    - a transactional test's flush empties the tables with DELETE instead of one TRUNCATE of
      every table: the same empty tables (sequences kept, as Django's flush keeps them) in a few
      hundredths of a second instead of well over one (TRUNCATE makes new files for each of ~70
      tables; these tests leave a few rows in each). Foreign keys are checked at commit, as Django
      makes them DEFERRABLE INITIALLY DEFERRED;
    - commits do not wait for the disk (synchronous_commit=off): what a commit makes visible to
      other connections is the same; only a crash of the database server could lose the last
      ones, and the test database is thrown away."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    connection.settings_dict.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        deletes = [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(t)};" for t in tables]
        return [f"{style.SQL_KEYWORD('SET CONSTRAINTS ALL DEFERRED')};", *deletes]

    DatabaseOperations.sql_flush = sql_flush
    try:
        yield
    finally:
        DatabaseOperations.sql_flush = truncate
