"""Every page, fuzzed: each persona requests each page it can reach with nonsense in the query
string (impossible months and dates, ids and page numbers that are not numbers, markup, NUL,
very long values). A refusal (4xx) or the page with a message is fine; a server error is not.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "li", "sam", "tina", "cai", "agnes", "ed"]

# Not pages: Django's own admin, the API (its own tests), doors that act rather than show, and
# blank spreadsheet templates (the same file whatever the query).
SKIPPED_PREFIXES = ("admin/", "api/")
SKIPPED_NAMES = {"logout", "set_language"}
SKIPPED_NAME_ENDINGS = ("template",)

LONG = "9" * 3000

# One query string per kind of nonsense; each names every parameter a page reads from its query
# string (period, month, dates, ids, page numbers, filters, search), so that one request per kind
# and page reaches them all.
BAD_QUERIES = [
    # a month and a day before the calendar starts; negative numbers; NUL
    {
        "period": "0000-01",
        "month": "0000-01",
        "date": "0000-01-01",
        "on": "0000-01-01",
        "since": "0000-01-01",
        "page": "-1",
        "id": "-1",
        "pk": "-1",
        "level": "-1",
        "status": "<script>",
        "q": "\x00",
    },
    # a month and a day after it ends (the next month overflows); numbers out of range
    {
        "period": "9999-12",
        "month": "9999-12",
        "date": "9999-12-31",
        "on": "9999-12-31",
        "until": "9999-99-99",
        "page": "999999",
        "id": "999999999999999999999",
        "pk": "999999999999999999999",
        "level": "9",
        "status": "9",
        "q": "%00",
    },
    # months and days that do not exist; words where numbers belong
    {
        "period": "2026-13",
        "month": "abc",
        "date": "2026-02-30",
        "on": "2026-02-30",
        "from": "2026-02-30",
        "to": "abc",
        "page": "abc",
        "id": "abc",
        "pk": "abc",
        "level": "abc",
        "kind": "<b>",
        "reports_page": "abc",
        "monthly_page": "-1",
    },
    # very long values
    {
        name: LONG
        for name in ["page", "id", "period", "month", "date", "on", "q", "status", "level"]
    },
    # the filter forms and the policy calculator, with values of the wrong kind
    {
        "status": "\x00",
        "kind": "\x00",
        "channel": "\x00",
        "cut": "abc",
        "staff": "-5",
        "dispatched": LONG,
        "town": "abc",
        "industry": "\x00",
        "flag": "<x>",
        "action": "<script>",
        "unread": "abc",
        "overdue": "maybe",
        "corrects": "x" * 500,
        "file": "../../etc/passwd",
    },
]


def _page_routes(patterns, prefix=""):
    """Every route of the app that takes no argument (reversed by name, with its namespace)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _page_routes(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if (
                pattern.name in SKIPPED_NAMES
                or pattern.name.endswith(SKIPPED_NAME_ENDINGS)
                or pattern.pattern.regex.groups
            ):
                continue
            yield f"{prefix}{pattern.name}"


def _pages(people) -> list[str]:
    urls = sorted({reverse(name) for name in _page_routes(get_resolver().url_patterns)})
    uscc = people.guilin_factory.uscc
    people.guilin_factory.is_key_sample = True  # so that its key-sample page exists
    people.guilin_factory.save(update_fields=["is_key_sample"])
    # the pages reached from a list, for an object most personas may see
    urls += [
        reverse("enterprises:detail", args=[uscc]),
        reverse("monitoring:key_sample", args=[uscc]),
        reverse("reporting:qr", args=[uscc]),
    ]
    return urls


def test_the_crawl_covers_the_pages_that_read_the_query_string(people):
    pages = _pages(people)
    for url in ["/reporting/overdue/", "/enterprises/", "/alerts/", "/policy/", "/audit/"]:
        assert url in pages
    assert not any(url.startswith(("/admin/", "/api/")) for url in pages)


@pytest.mark.parametrize("username", PERSONAS)
def test_it_answers_every_page_with_bad_query_values_without_a_server_error(people, username):
    client = Client(raise_request_exception=False)
    client.force_login(getattr(people, username))
    errors = []
    for url in _pages(people):
        for query in BAD_QUERIES:
            response = client.get(url, query)
            if response.status_code >= 500:
                exc = getattr(response, "exc_info", None)
                reason = repr(exc[1])[:200] if exc else ""
                errors.append(f"{response.status_code} {url} {sorted(query)}: {reason}")
    assert not errors, "\n".join(errors)
