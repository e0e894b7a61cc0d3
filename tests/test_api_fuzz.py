"""A bounded schemathesis run over the API's own OpenAPI with two roles' tokens (ADR 0085): section
staff (sees the district) and an enterprise reporter (sees its own enterprise). Whatever the
generated request — valid by the schema or not — the API answers without a server error, with a
status code the OpenAPI lists for that route, and a body of the documented shape.

Bounded: a few examples per route and role, no shrinking, derandomised, so the run takes seconds
and the same examples each time (CI runs it on SQLite and PostgreSQL)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.generation import GenerationMode

from layoffwatch.accounts.services import token_issue
from layoffwatch.api.urls import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=5,
    no_shrink=True,
    deterministic=True,
)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def tokens(people):
    return {user.username: token_issue(user=user) for user in (people.sam, people.ed)}


@pytest.fixture
def same_connection():
    """Keep the test's database connection across the WSGI calls, as Django's test client does:
    otherwise the end of each request closes it (inside the test's transaction, on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_it_answers_every_generated_request_as_its_openapi_says(case, tokens, same_connection):
    for token in tokens.values():
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
