"""ADR 0085: every API refusal is audited like a refused page; the API docs come from our own
static files, behind login; the OpenAPI lists every answer and the formats of the fields."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.staticfiles import finders

from layoffwatch.audit.models import AuditEntry
from layoffwatch.core.validators import USCC_RE
from layoffwatch.testing.cases import local, report
from layoffwatch.testing.reports import issue

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


def get(client, token, path):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def zitong_alert(people):
    with time_machine.travel(T0, tick=False):
        return report(people.zitong_factory, cut=60, on=dt.date(2026, 3, 20), at=T0).alert


def test_it_audits_a_town_liaison_asking_for_another_towns_alert(client, people, zitong_alert):
    path = f"/api/v1/alerts/{zitong_alert.pk}"
    assert get(client, issue("sam"), path).status_code == 200
    response = get(client, issue("tina"), path)
    assert response.status_code == 404
    entry = AuditEntry.objects.get(action="denied", actor_id=people.tina.pk)
    assert entry.object_id == f"GET {path}"


def test_it_audits_a_reporter_asking_for_the_alert_list(client, people):
    response = get(client, issue("ed"), "/api/v1/alerts")
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="denied", actor_id=people.ed.pk)
    assert entry.object_id == "GET /api/v1/alerts"
    assert "403" in entry.summary


def test_it_audits_an_unknown_receipt_number_once(client, people):
    response = get(client, issue("ed"), "/api/v1/reports/ZB-20260101-999999")
    assert response.status_code == 404
    entries = AuditEntry.objects.filter(actor_id=people.ed.pk, object_type="api")
    assert [(e.action, e.object_id) for e in entries] == [
        ("rejected", "GET /api/v1/reports/ZB-20260101-999999")
    ]


def test_it_audits_another_enterprises_receipt_as_denied(client, people):
    with time_machine.travel(T0, tick=False):
        receipt = report(people.zitong_factory, cut=60, on=dt.date(2026, 3, 20), at=T0)
    number = receipt.report.receipt_no
    assert get(client, issue("ed"), f"/api/v1/reports/{number}").status_code == 404
    assert AuditEntry.objects.filter(action="denied", actor_id=people.ed.pk).count() == 1


def test_it_audits_a_body_that_is_not_json(client, people):
    response = client.post(
        "/api/v1/reports/layoff",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue('ed')}",
    )
    assert response.status_code == 400
    assert AuditEntry.objects.filter(action="rejected", actor_id=people.ed.pk).count() == 1


def test_it_sends_anonymous_visitors_of_the_api_docs_to_the_login_page(client, db):
    for path in ["/api/v1/docs", "/api/v1/openapi.json"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_it_serves_the_api_docs_from_our_own_static_files(login, people):
    response = login(people.sam).get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in sources
    assert "/static/vendor/swagger-ui/swagger-ui.css" in sources
    assert "/static/lw/api-docs.js" in sources
    assert "cdn" not in html.lower() and "https://" not in html and "http://" not in html
    assert "<script>" not in html  # the CSP allows no inline script
    for path in sources:
        assert finders.find(path.removeprefix("/static/")), path


# Each operation's refusals: 401 (token) and 422 (input) everywhere, and the rest where they apply.
EXPECTED = {
    ("post", "/api/v1/enterprises"): {"201", "400", "401", "403", "409", "422"},
    ("get", "/api/v1/enterprises/{uscc}"): {"200", "401", "404", "422"},
    ("post", "/api/v1/reports/layoff"): {"201", "400", "401", "403", "409", "422"},
    ("post", "/api/v1/reports/monthly"): {"201", "400", "401", "403", "409", "422"},
    ("get", "/api/v1/reports/{receipt_no}"): {"200", "401", "404", "422"},
    ("get", "/api/v1/alerts"): {"200", "401", "403", "422"},
    ("get", "/api/v1/alerts/{alert_id}"): {"200", "401", "403", "404", "422"},
    ("get", "/api/v1/assessment"): {"200", "401", "403", "422"},
    ("get", "/api/v1/vacancies"): {"200", "401", "422"},
    ("post", "/api/v1/vacancies"): {"201", "400", "401", "403", "422"},
    ("get", "/api/v1/analysis/{period}"): {"200", "401", "403", "404", "422"},
}


def test_it_lists_every_answer_and_field_format_in_the_openapi(login, people):
    spec = login(people.sam).get("/api/v1/openapi.json").json()
    operations = {
        (method, path): op for path, item in spec["paths"].items() for method, op in item.items()
    }
    assert set(operations) == set(EXPECTED)
    for key, codes in EXPECTED.items():
        answers = operations[key]["responses"]
        assert set(answers) == codes, key
        for code in codes - {"200", "201"}:
            schema = answers[code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (key, code)
    schemas = spec["components"]["schemas"]
    for name in ["EnterpriseIn", "EnterpriseOut", "LayoffIn", "MonthlyIn", "VacancyIn"]:
        uscc = next(v for k, v in schemas[name]["properties"].items() if k.endswith("uscc"))
        assert uscc["pattern"] and uscc["minLength"] == uscc["maxLength"] == 18, name
        assert re.match(uscc["pattern"], people.guilin_factory.uscc)
        assert USCC_RE.pattern == uscc["pattern"].replace("[0-9]{6}", r"\d{6}")
    period = schemas["MonthlyIn"]["properties"]["period"]["pattern"]
    assert re.match(period, "2026-03") and not re.match(period, "2026-13")
    assert schemas["VacancyIn"]["properties"]["valid_until"]["format"] == "date"
    assert schemas["WaveIn"]["properties"]["date"]["format"] == "date"


def test_it_answers_an_alert_number_beyond_any_database_integer_as_bad_input(client, people):
    response = get(client, issue("sam"), f"/api/v1/alerts/{2**70}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "alert_id"


def test_it_refuses_the_nul_character_in_a_filter_or_a_body_naming_the_field(client, people):
    response = get(client, issue("sam"), "/api/v1/alerts?industry=36%00")
    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "industry", "message": "不能包含空字符（NUL）"}]
    response = client.post(
        "/api/v1/reports/layoff",
        data='{"enterprise_uscc": "x", "contact_name": "王\\u0000芳"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue('ed')}",
    )
    assert response.status_code == 422
    messages = [e["message"] for e in response.json()["detail"]]
    assert "contact_name：不能包含空字符（NUL）" in messages, messages
    assert AuditEntry.objects.filter(action="rejected", actor_id=people.sam.pk).count() == 1


def test_it_answers_a_malformed_code_in_the_address_as_bad_input(client, people):
    token = issue("sam")
    for path, field in [
        ("/api/v1/enterprises/%00", "uscc"),
        ("/api/v1/enterprises/91500152MA0000001%00", "uscc"),
        ("/api/v1/reports/ZB%00", "receipt_no"),
    ]:
        response = get(client, token, path)
        assert response.status_code == 422, path
        assert response.json()["detail"] == [{"field": field, "message": "格式不正确"}]
