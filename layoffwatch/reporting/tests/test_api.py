"""plan S3.1.1–S3.1.2 over real HTTP: POST/GET /api/v1/reports/…, idempotency, scope, 422."""

import pytest

from layoffwatch.alerts.models import Alert
from layoffwatch.audit.models import AuditEntry
from layoffwatch.reporting.models import LayoffReport, MonthlyReport

from .helpers import fields_of, issue, layoff_body, post, soon

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
    assert refused.status_code == 403
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


def test_a_key_whose_request_died_unanswered_can_be_used_again_after_a_minute(client, people):
    import datetime as dt

    from django.utils import timezone

    from layoffwatch.reporting.models import IdempotencyRecord

    token = issue("ed")
    body = layoff_body(people.guilin_factory)
    record = IdempotencyRecord.objects.create(user=people.ed, key="k-dead", body_sha256="x")
    assert post(client, token, "layoff", body, key="k-dead").status_code == 409  # in progress
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=2)
    )
    retried = post(client, token, "layoff", body, key="k-dead")
    assert retried.status_code == 201 and LayoffReport.objects.count() == 1
    assert post(client, token, "layoff", body, key="k-dead").json() == retried.json()
