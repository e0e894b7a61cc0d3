"""The REST API over real HTTP (Django's test client), with tokens made by the console commands."""

import io
import json

import pytest
from django.core.management import call_command

from layoffwatch.accounts.models import ApiToken
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG, make_uscc
from layoffwatch.core.validators import uscc_with_check_digit
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.testing.enterprises import body
from layoffwatch.testing.reports import issue

pytestmark = pytest.mark.django_db


def post(client, token, body):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(
        "/api/v1/enterprises", data=json.dumps(body), content_type="application/json", **headers
    )


def get(client, token, uscc):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1/enterprises/{uscc}", **headers)


def fields_of(response) -> dict:
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def test_it_creates_an_enterprise_with_a_token_from_issue_token(client, people):
    token = issue("sam")
    data = body()
    response = post(client, token, data)
    assert response.status_code == 201, response.content
    assert response.json()["town_name"] == "桂林街道"
    enterprise = Enterprise.objects.get(uscc=data["uscc"])
    assert enterprise.source == "api"
    assert enterprise.insured_headcount == 88
    entry = AuditEntry.objects.get(action="create", object_type="enterprises.enterprise")
    assert entry.actor_id == people.sam.pk
    assert entry.after["name"] == "潼南接口测试有限公司"


@pytest.mark.parametrize("code", ["C", "36", "367", "3670", "c"])
def test_it_accepts_an_industry_code_at_any_level(client, people, code):
    response = post(client, issue("sam"), body(industry_code=code))
    assert response.status_code == 201, response.content
    assert response.json()["industry_code"] == code.upper()


def test_it_accepts_codes_of_every_registration_authority_and_other_districts(client, people):
    token = issue("sam")
    for stem in [
        "92500152MA0000001",
        "12500223MB0000002",
        "N2500152MA0000003",
        "91110108MA0000004",
    ]:
        response = post(client, token, body(uscc=uscc_with_check_digit(stem)))
        assert response.status_code == 201, response.content


def test_it_refuses_a_request_without_a_token_in_chinese(client, people):
    response = post(client, None, body())
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]
    assert get(client, None, people.guilin_factory.uscc).status_code == 401
    assert get(client, "lw_not-a-real-token", people.guilin_factory.uscc).status_code == 401
    assert not Enterprise.objects.filter(name="潼南接口测试有限公司").exists()


def test_it_refuses_a_revoked_token(client, people):
    token = issue("sam")
    assert get(client, token, people.guilin_factory.uscc).status_code == 200
    out = io.StringIO()
    call_command("revoke_token", token, stdout=out)
    assert "已吊销 1 个令牌" in out.getvalue()
    response = get(client, token, people.guilin_factory.uscc)
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


def test_it_revokes_only_the_token_given_even_when_another_shares_its_prefix(client, people):
    first = issue("sam")
    second = first[:10] + "another-token-with-the-same-prefix"
    ApiToken.objects.create(user=people.sam, prefix=second[:10], digest=ApiToken.digest_of(second))
    call_command("revoke_token", first, stdout=io.StringIO())
    assert get(client, first, people.guilin_factory.uscc).status_code == 401
    assert get(client, second, people.guilin_factory.uscc).status_code == 200


def test_it_refuses_a_token_of_a_deactivated_user(client, people):
    token = issue("sam")
    people.sam.is_active = False
    people.sam.save()
    assert get(client, token, people.guilin_factory.uscc).status_code == 401


def test_it_names_each_bad_field_in_chinese(client, people):
    good = make_uscc()
    wrong_check_digit = good[:-1] + ("1" if good[-1] != "1" else "2")
    bad = body(
        uscc=wrong_check_digit, town_code="500152999000", industry_code="9999", insured_headcount=-1
    )
    del bad["name"]
    response = post(client, issue("sam"), bad)
    assert response.status_code == 422
    errors = fields_of(response)
    assert set(errors) == {"uscc", "name", "town_code", "industry_code", "insured_headcount"}
    assert "校验位错误" in errors["uscc"]
    assert "不是潼南区的镇街" in errors["town_code"]
    assert "GB/T 4754-2017" in errors["industry_code"]
    assert "不能小于 0" in errors["insured_headcount"]
    assert "必填" in errors["name"]
    assert not Enterprise.objects.filter(town_id="500152999000").exists()


def test_it_explains_a_wrong_type_and_a_bad_body_in_chinese(client, people):
    token = issue("sam")
    response = post(client, token, body(insured_headcount="很多"))
    assert response.status_code == 422
    assert "整数" in fields_of(response)["insured_headcount"]
    response = client.post(
        "/api/v1/enterprises",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert "不是有效的 JSON" in response.json()["detail"]


def test_it_reports_model_validation_errors_in_the_same_format(client, people):
    response = post(client, issue("sam"), body(contact_phone="12345"))
    assert response.status_code == 422
    assert "电话号码格式不正确" in fields_of(response)["contact_phone"]


def test_it_refuses_a_duplicate_code_with_409(client, people):
    response = post(client, issue("sam"), body(uscc=people.zitong_factory.uscc))
    assert response.status_code == 409
    assert "已在企业名录中" in fields_of(response)["uscc"]
    assert Enterprise.objects.filter(uscc=people.zitong_factory.uscc).count() == 1


def test_it_keeps_a_town_liaison_to_her_town(client, people):
    token = issue("tina")
    response = post(client, token, body(town_code=ZITONG))
    assert response.status_code == 403
    assert "本镇街" in response.json()["detail"]
    assert AuditEntry.objects.filter(action="denied", actor_id=people.tina.pk).exists()
    assert post(client, token, body(town_code=GUILIN)).status_code == 201


def test_it_does_not_tell_a_liaison_that_another_towns_code_exists(client, people):
    response = post(client, issue("tina"), body(uscc=people.zitong_factory.uscc, town_code=ZITONG))
    assert response.status_code == 403


def test_it_refuses_roles_that_cannot_edit_the_registry(client, people):
    for username in ["li", "cai", "agnes", "ed"]:
        assert post(client, issue(username), body()).status_code == 403


def test_it_gets_an_enterprise_within_scope_only(client, people):
    token = issue("tina")
    response = get(client, token, people.guilin_factory.uscc)
    assert response.status_code == 200
    assert response.json()["name"] == "桂林食品有限公司"
    assert response.json()["town_code"] == GUILIN
    response = get(client, token, people.zitong_factory.uscc)
    assert response.status_code == 404
    assert "不在您的数据权限范围内" in response.json()["detail"]
    assert get(client, token, make_uscc()).status_code == 404


@pytest.mark.parametrize(
    ("username", "visible", "hidden"),
    [
        ("sam", ["guilin_factory", "zitong_factory"], []),
        ("li", ["guilin_factory", "zitong_factory"], []),
        ("cai", ["zitong_factory"], ["guilin_factory"]),
        ("agnes", ["agency_firm", "zitong_factory"], ["guilin_factory"]),
        ("ed", ["guilin_factory"], ["zitong_factory", "agency_firm"]),
    ],
)
def test_it_applies_each_roles_scope_to_get(client, people, username, visible, hidden):
    token = issue(username)
    for attr in visible:
        assert get(client, token, getattr(people, attr).uscc).status_code == 200
    for attr in hidden:
        assert get(client, token, getattr(people, attr).uscc).status_code == 404


def test_it_publishes_openapi_with_both_paths(login, people):
    response = login(people.sam).get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "post" in paths["/api/v1/enterprises"]
    assert "get" in paths["/api/v1/enterprises/{uscc}"]


def test_it_audits_bad_input_and_bad_tokens(client, people):
    token = issue("tina")
    post(client, token, body(town_code="500152999000", insured_headcount=-5))
    rejected = AuditEntry.objects.get(action="rejected", actor_id=people.tina.pk)
    assert "town_code" in rejected.summary and "insured_headcount" in rejected.summary
    post(client, issue("sam"), body(uscc=people.guilin_factory.uscc))
    assert AuditEntry.objects.filter(
        action="rejected", actor_id=people.sam.pk, summary__contains="uscc"
    ).exists()
    get(client, "lw_wrongtoken-123456789", people.guilin_factory.uscc)
    failed = AuditEntry.objects.get(action="login_failed", object_type="api")
    assert "lw_wrongto" in failed.summary
    assert "123456789" not in failed.summary
    get(client, token, people.zitong_factory.uscc)
    assert AuditEntry.objects.filter(
        action="denied", actor_id=people.tina.pk, object_id=people.zitong_factory.uscc
    ).exists()
    # a code that exists nowhere is not an attempt on anyone's data
    get(client, token, make_uscc())
    assert AuditEntry.objects.filter(action="denied", actor_id=people.tina.pk).count() == 1
