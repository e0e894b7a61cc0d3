"""The reporting API in tests: a layoff report's body, a token, a post and the fields it refuses."""

import datetime as dt
import io
import json

from django.core.management import call_command
from django.utils import timezone


def soon(days: int = 10) -> str:
    # tests compute the expected day independently of core.clock (as in **/tests/**)
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()  # noqa: TID251


def layoff_body(enterprise, **overrides) -> dict:
    body = {
        "enterprise_uscc": enterprise.uscc,
        "planned_cut": 25,
        "dispatched_cut": 0,
        "effective_date": soon(),
        "is_closure": False,
        "reasons": ["orders"],
        "contact_name": "王芳",
        "contact_phone": "13800000000",
    }
    body.update(overrides)
    return body


def issue(username: str) -> str:
    out = io.StringIO()
    call_command("issue_token", username, stdout=out)
    return out.getvalue().strip()


def post(client, token, path, body, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        f"/api/v1/reports/{path}", data=json.dumps(body), content_type="application/json", **headers
    )


def fields_of(response) -> dict:
    return {e["field"]: e["message"] for e in response.json()["detail"]}
