"""The enterprise picker (enterprises/picker.py): suggestions within the user's scope, the
confirmation of a full code, and a form saved with the picked enterprise."""

import re
from html import unescape

import pytest

from layoffwatch.conftest import make_uscc
from layoffwatch.reporting.models import LayoffReport
from layoffwatch.testing.reports import soon

pytestmark = pytest.mark.django_db

PICK = "/enterprises/pick/"


def suggested(response) -> list[str]:
    return re.findall(r'data-pick-code="([0-9A-Z]{18})"', response.content.decode())


def shown(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_a_town_liaison_is_offered_only_her_towns_enterprises(login, people):
    tina = login(people.tina)
    codes = suggested(tina.get(PICK, {"q": "有限公司"}))
    assert people.guilin_factory.uscc in codes and people.agency_firm.uscc in codes
    assert people.zitong_factory.uscc not in codes
    assert suggested(tina.get(PICK, {"q": "梓潼汽配"})) == []
    assert "在您的数据权限范围内没有名称或代码含“梓潼汽配”的企业" in shown(
        tina.get(PICK, {"q": "梓潼汽配"})
    )


def test_a_suggestion_shows_name_town_and_code(login, people):
    page = login(people.sam).get(PICK, {"q": "梓潼"})
    e = people.zitong_factory
    assert suggested(page) == [e.uscc]
    assert f"梓潼汽配有限公司 {e.town.name} · {e.uscc}" in shown(page)
    assert f"已选：梓潼汽配有限公司（{e.town.name}，{e.uscc}）" in page.content.decode()


def test_a_code_prefix_finds_the_enterprise(login, people):
    e = people.guilin_factory
    assert e.uscc in suggested(login(people.tina).get(PICK, {"q": e.uscc[:10].lower()}))


def test_a_full_code_in_scope_is_confirmed(login, people):
    e = people.guilin_factory
    page = shown(login(people.tina).get(PICK, {"q": e.uscc}))
    assert page == f"已选：桂林食品有限公司（{e.town.name}，{e.uscc}）"


def test_an_unknown_code_and_another_towns_code_read_the_same(login, people):
    tina = login(people.tina)
    unknown = shown(tina.get(PICK, {"q": make_uscc()}))
    not_hers = shown(tina.get(PICK, {"q": people.zitong_factory.uscc}))
    assert unknown == not_hers == "企业名录中没有该企业或该企业不在您的数据权限范围内"


def test_it_needs_two_characters_and_lists_at_most_twenty(login, people, make_enterprise):
    for n in range(25):
        make_enterprise(name=f"批量测试{n:02d}厂")
    sam = login(people.sam)
    assert suggested(sam.get(PICK, {"q": "批"})) == []
    assert "请至少输入 2 个字" in shown(sam.get(PICK, {"q": "批"}))
    many = sam.get(PICK, {"q": "批量"})
    assert len(suggested(many)) == 20
    assert "只列出前 20 家，请多输入几个字缩小范围" in shown(many)


def test_the_input_names_its_field_in_the_request(login, people):
    """The widget sends its own field name (?field=enterprise_uscc&enterprise_uscc=…)."""
    page = login(people.sam).get(PICK, {"field": "enterprise_uscc", "enterprise_uscc": "梓潼"})
    assert suggested(page) == [people.zitong_factory.uscc]


def test_a_phone_report_is_saved_with_the_enterprise_picked_by_name(login, people):
    sam = login(people.sam)
    form = sam.get("/reporting/new/").content.decode()
    assert 'hx-get="/enterprises/pick/?field=enterprise_uscc"' in form
    [code] = suggested(sam.get(PICK, {"field": "enterprise_uscc", "enterprise_uscc": "梓潼汽"}))
    response = sam.post(
        "/reporting/new/",
        {
            "enterprise_uscc": code,
            "channel": "phone",
            "planned_cut": "30",
            "dispatched_cut": "0",
            "wave_date_1": soon(7),
            "wave_count_1": "30",
            "reasons": ["orders"],
            "contact_name": "王芳",
            "contact_phone": "13800000000",
        },
        follow=True,
    )
    report = LayoffReport.objects.get()
    assert report.enterprise == people.zitong_factory
    assert report.receipt_no in response.content.decode()


def test_a_mistyped_code_is_refused_naming_the_field(login, people):
    page = login(people.sam).post(
        "/reporting/new/", {"enterprise_uscc": "梓潼汽配", "channel": "phone"}
    )
    assert "企业（名称或统一社会信用代码）：统一社会信用代码应为 18 位" in shown(page)
    assert not LayoffReport.objects.exists()
