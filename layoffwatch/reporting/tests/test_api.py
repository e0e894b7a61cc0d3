"""plan S3.1.1–S3.1.2 over real HTTP: POST/GET /api/v1/reports/…, idempotency, scope, 422."""

import pytest

from layoffwatch.alerts.models import Alert
from layoffwatch.audit.models import AuditEntry
from layoffwatch.reporting.models import LayoffReport, MonthlyReport
from layoffwatch.testing.reports import fields_of, issue, layoff_body, post, soon

pytestmark = pytest.mark.django_db


def test_it_answers_a_layoff_report_with_a_receipt_and_the_alert(client, people):
    token = issue("agnes")
    response = post(
        client,
        token,
        "layoff",
        layoff_body(people.zitong_factory, planned_cut=30, dispatched_cut=30),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["receipt_no"].startswith("ZB-")
    assert data["alert"]["level"] == 3 and data["alert"]["total_in_window"] == 30
    assert data["alert"]["split"] is False
    report = LayoffReport.objects.get(receipt_no=data["receipt_no"])
    assert report.channel == "api" and report.agency == people.agency_firm
    got = client.get(f"/api/v1/reports/{data['receipt_no']}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert got.status_code == 200
    assert got.json()["data"]["planned_cut"] == 30 and got.json()["alert"]["level"] == 3


def test_it_answers_19_with_no_alert(client, people):
    response = post(
        client, issue("ed"), "layoff", layoff_body(people.guilin_factory, planned_cut=19)
    )
    assert response.status_code == 201
    assert response.json()["alert"] is None


def test_it_replays_the_same_key_and_body_and_refuses_a_different_body(client, people):
    token = issue("ed")
    body = layoff_body(people.guilin_factory)
    first = post(client, token, "layoff", body, key="k-1")
    again = post(client, token, "layoff", body, key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert LayoffReport.objects.count() == 1 and Alert.objects.count() == 1
    changed = post(client, token, "layoff", body | {"planned_cut": 26}, key="k-1")
    assert changed.status_code == 409
    assert "Idempotency-Key" in changed.json()["detail"]
    assert LayoffReport.objects.count() == 1


def test_it_names_each_bad_field_in_chinese_and_stores_nothing(client, people):
    token = issue("sam")
    response = post(
        client,
        token,
        "layoff",
        layoff_body(
            people.guilin_factory,
            planned_cut=200_000,
            dispatched_cut=-1,
            contact_phone="abc",
            effective_date=None,
            waves=[{"date": "2020-01-01", "count": 10}],
        ),
    )
    assert response.status_code == 422
    fields = fields_of(response)
    assert "超过上限" in fields["planned_cut"]
    assert "负数" in fields["dispatched_cut"]
    assert "waves.0.date" in fields and "contact_phone" in fields
    assert LayoffReport.objects.count() == 0
    assert AuditEntry.objects.filter(
        action="rejected", object_type="reporting.layoffreport"
    ).exists()
    unknown = post(
        client,
        token,
        "layoff",
        layoff_body(people.guilin_factory) | {"enterprise_uscc": "91500152MA00000000"},
    )
    assert unknown.status_code == 422 and "enterprise_uscc" in fields_of(unknown)
    typed = post(client, token, "layoff", layoff_body(people.guilin_factory, planned_cut="many"))
    assert typed.status_code == 422 and fields_of(typed)["planned_cut"] == "应为整数"


def test_it_lets_an_agency_token_report_only_for_itself_and_its_user_enterprises(client, people):
    token = issue("agnes")
    refused = post(client, token, "layoff", layoff_body(people.guilin_factory))
    assert refused.status_code == 422
    assert "不在您可报告的企业范围内或不存在" in fields_of(refused)["enterprise_uscc"]
    assert AuditEntry.objects.filter(action="denied", object_type="reporting.report").exists()
    assert LayoffReport.objects.count() == 0
    own = post(client, issue("ed"), "layoff", layoff_body(people.guilin_factory))
    hidden = client.get(
        f"/api/v1/reports/{own.json()['receipt_no']}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert hidden.status_code == 404


def test_it_takes_a_monthly_report_and_names_bad_fields(client, people):
    token = issue("ed")
    body = {
        "enterprise_uscc": people.guilin_factory.uscc,
        "period": soon(0)[:7],
        "headcount_start": 120,
        "headcount_end": 119,
        "separations": 1,
    }
    response = post(client, token, "monthly", body)
    assert response.status_code == 201, response.content
    assert MonthlyReport.objects.get().channel == "api"
    bad = post(client, token, "monthly", body | {"period": "2026/11", "hires": -2})
    assert bad.status_code == 422
    assert set(fields_of(bad)) >= {"period", "hires"}


def test_it_records_a_correction_through_the_api(client, people):
    token = issue("ed")
    first = post(client, token, "layoff", layoff_body(people.guilin_factory, planned_cut=20)).json()
    second = post(
        client,
        token,
        "layoff",
        layoff_body(people.guilin_factory, planned_cut=55, corrects=first["receipt_no"]),
    ).json()
    assert second["alert"]["level"] == 2
    got = client.get(f"/api/v1/reports/{first['receipt_no']}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert got.json()["is_current"] is False
    assert got.json()["versions"] == [first["receipt_no"], second["receipt_no"]]


def test_a_correction_naming_a_receipt_the_enterprise_does_not_have_is_refused(client, people):
    token = issue("sam")
    other = post(client, token, "layoff", layoff_body(people.zitong_factory, planned_cut=25))
    for receipt in ("ZB-20990101-999999", other.json()["receipt_no"]):
        bad = post(client, token, "layoff", layoff_body(people.guilin_factory, corrects=receipt))
        assert bad.status_code == 422 and receipt in fields_of(bad)["corrects"]
    assert LayoffReport.objects.count() == 1
    rejected = AuditEntry.objects.filter(action="rejected", object_id=people.guilin_factory.uscc)
    assert rejected.count() == 2


def test_a_twin_that_committed_first_wins_and_this_attempt_stores_nothing(client, people):
    """ADR 0047: the key is stored with the report in one transaction. A twin request with the
    same key that committed while this one was being processed (here: its row is already there)
    makes this attempt roll back whole and answer with the twin's receipt."""
    import json as _json

    from layoffwatch.api.reports import LayoffIn, _body_digest
    from layoffwatch.notifications.models import Notification
    from layoffwatch.reporting.models import IdempotencyRecord, Receipt

    token = issue("ed")
    body = layoff_body(people.guilin_factory, planned_cut=40)
    twin_answer = {"receipt_no": "ZB-20261127-000001", "alert": None, "next_steps": "已收到"}
    IdempotencyRecord.objects.create(
        user=people.ed,
        key="k-twin",
        body_sha256=_body_digest(LayoffIn(**_json.loads(_json.dumps(body)))),
        receipt_no=twin_answer["receipt_no"],
        status_code=201,
        response=twin_answer,
    )
    audit_before = AuditEntry.objects.count()
    response = post(client, token, "layoff", body, key="k-twin")
    assert response.status_code == 201 and response.json() == twin_answer
    # nothing of this attempt survived: no report, receipt, alert, notification or audit entry
    assert LayoffReport.objects.count() == 0 and Receipt.objects.count() == 0
    assert Alert.objects.count() == 0 and Notification.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before
    # with a different body the same key is refused, and again nothing is stored
    other = post(client, token, "layoff", body | {"planned_cut": 41}, key="k-twin")
    assert other.status_code == 409 and "Idempotency-Key" in other.json()["detail"]
    assert LayoffReport.objects.count() == 0


def test_a_retry_after_the_wave_date_passed_replays_the_receipt(client, people):
    """A client that retries much later (its wave date now lies in the past) gets the receipt it
    was given, not a refusal of a report that was in fact received."""
    import datetime as dt

    import time_machine

    token = issue("ed")
    body = layoff_body(people.guilin_factory, planned_cut=30)
    first = post(client, token, "layoff", body, key="k-late")
    assert first.status_code == 201
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=400)):
        fresh = post(client, token, "layoff", body, key="k-fresh")
        assert fresh.status_code == 422  # the date is now refused for a new report …
        late = post(client, token, "layoff", body, key="k-late")
    assert late.status_code == 201 and late.json() == first.json()  # … but the retry replays
    assert LayoffReport.objects.count() == 1


def test_it_answers_an_unknown_code_and_another_enterprises_code_alike(client, people):
    """ADR 0082: Ed cannot learn from the API whether 梓潼's code exists; both are audited."""
    token = issue("ed")
    other = post(client, token, "layoff", layoff_body(people.zitong_factory))
    unknown = post(
        client,
        token,
        "layoff",
        layoff_body(people.guilin_factory) | {"enterprise_uscc": "91500152MA00000000"},
    )
    assert other.status_code == unknown.status_code == 422
    assert other.json() == unknown.json()
    assert people.zitong_factory.name not in other.content.decode()
    assert LayoffReport.objects.count() == 0
    refusals = AuditEntry.objects.filter(
        actor_id=people.ed.pk, action__in=["denied", "rejected"]
    ).count()
    assert refusals == 2
