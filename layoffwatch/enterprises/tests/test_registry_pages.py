"""The registry pages: list, search, filters, detail, create and edit, for every persona.

Plan S2.3 (watch list), S3.1.2 (dispatch agencies), S3.1.4 (key sample enterprises).
"""

import datetime as dt

import pytest

from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG, make_uscc
from layoffwatch.enterprises.models import Enterprise, HeadcountRecord

pytestmark = pytest.mark.django_db


def listed(client, query: str = "") -> str:
    response = client.get(f"/enterprises/?{query}")
    assert response.status_code == 200
    return response.content.decode()


# --- scope on the list ---------------------------------------------------------------------------


def test_it_lists_the_whole_district_for_section_staff_leaders_and_admins(login, people):
    for user in (people.sam, people.li, people.alice):
        page = listed(login(user))
        assert "桂林食品有限公司" in page and "梓潼汽配有限公司" in page
        assert "共 3 家企业" in page


def test_it_lists_only_her_towns_enterprises_to_a_town_liaison(login, people):
    page = listed(login(people.tina))
    assert "桂林食品有限公司" in page
    assert "梓潼汽配有限公司" not in page


def test_it_does_not_leak_another_town_through_search(login, people):
    page = listed(login(people.tina), f"q={people.zitong_factory.uscc}")
    assert "梓潼汽配有限公司" not in page
    assert "共 0 家企业" in page


def test_it_lists_assigned_enterprises_to_a_commissioner(login, people):
    page = listed(login(people.cai))
    assert "梓潼汽配有限公司" in page and "桂林食品有限公司" not in page


def test_it_lists_an_agency_itself_and_the_enterprises_it_serves(login, people):
    page = listed(login(people.agnes))
    assert "潼南人力资源服务有限公司" in page and "梓潼汽配有限公司" in page
    assert "桂林食品有限公司" not in page


def test_it_lists_a_reporter_only_his_enterprise_without_edit_buttons(login, people):
    page = listed(login(people.ed))
    assert "桂林食品有限公司" in page and "梓潼汽配有限公司" not in page
    assert "新增企业" not in page and "批量导入" not in page and "导出 XLSX" not in page


# --- search and filters --------------------------------------------------------------------------


@pytest.fixture
def varied(people, make_enterprise):
    """A few enterprises that differ in one thing each."""
    return {
        "sample": make_enterprise(
            name="双江电子有限公司",
            town_id=ZITONG,
            industry_id="3971",
            is_key_sample=True,
            insured_headcount=800,
        ),
        "watch": make_enterprise(
            name="花岩建材有限公司",
            town_id=GUILIN,
            industry_id="3021",
            on_watch_list=True,
            insured_headcount=40,
        ),
        "platform": make_enterprise(
            name="潼南跑腿科技有限公司",
            town_id=GUILIN,
            industry_id="6432",
            is_platform_employer=True,
            ownership="state",
            insured_headcount=5,
        ),
        "section": make_enterprise(
            name="米心制造集团", town_id=ZITONG, industry_id="C", insured_headcount=300
        ),
    }


def test_it_finds_an_enterprise_by_part_of_its_name(login, people, varied):
    page = listed(login(people.sam), "q=跑腿")
    assert "潼南跑腿科技有限公司" in page and "共 1 家企业" in page


def test_it_finds_an_enterprise_by_uscc_typed_in_lower_case(login, people, varied):
    page = listed(login(people.sam), f"q={varied['watch'].uscc.lower()}")
    assert "花岩建材有限公司" in page and "共 1 家企业" in page


def test_it_filters_by_town(login, people, varied):
    page = listed(login(people.sam), f"town={ZITONG}")
    assert "梓潼汽配有限公司" in page and "双江电子有限公司" in page
    assert "桂林食品有限公司" not in page and "花岩建材有限公司" not in page


@pytest.mark.parametrize(
    "industry, expected",
    [
        (
            "C",
            {
                "桂林食品有限公司",
                "梓潼汽配有限公司",
                "双江电子有限公司",
                "花岩建材有限公司",
                "米心制造集团",
            },
        ),
        ("36", {"梓潼汽配有限公司"}),
        ("367", {"梓潼汽配有限公司"}),
        ("3670", {"梓潼汽配有限公司"}),
        ("39", {"双江电子有限公司"}),
        ("3670 汽车零部件及配件制造", {"梓潼汽配有限公司"}),
        ("汽车", {"梓潼汽配有限公司"}),
    ],
)
def test_it_filters_by_industry_at_any_level_by_code_or_name(
    login, people, varied, industry, expected
):
    client = login(people.sam)
    response = client.get("/enterprises/", {"industry": industry})
    shown = {e.name for e in response.context["page"]}
    assert shown == expected


def test_it_says_so_when_the_industry_is_unknown(login, people, varied):
    page = listed(login(people.sam), "industry=99")
    assert "找不到代码或名称为“99”的行业" in page
    assert "共 0 家企业" in page


@pytest.mark.parametrize(
    "flag, name",
    [
        ("key_sample", "双江电子有限公司"),
        ("watch", "花岩建材有限公司"),
        ("platform", "潼南跑腿科技有限公司"),
        ("agency", "潼南人力资源服务有限公司"),
    ],
)
def test_it_filters_by_each_flag(login, people, varied, flag, name):
    response = login(people.sam).get("/enterprises/", {"flags": flag})
    assert [e.name for e in response.context["page"]] == [name]


def test_it_filters_labour_intensive_enterprises(login, people, varied):
    Enterprise.objects.filter(name="潼南跑腿科技有限公司").update(is_labour_intensive=False)
    Enterprise.objects.filter(name="米心制造集团").update(is_labour_intensive=True)
    response = login(people.sam).get("/enterprises/", {"flags": "labour"})
    assert [e.name for e in response.context["page"]] == ["米心制造集团"]


def test_it_filters_by_ownership_and_headcount_range(login, people, varied):
    client = login(people.sam)
    assert [
        e.name for e in client.get("/enterprises/", {"ownership": "state"}).context["page"]
    ] == ["潼南跑腿科技有限公司"]
    shown = {
        e.name
        for e in client.get("/enterprises/", {"min_headcount": 200, "max_headcount": 800}).context[
            "page"
        ]
    }
    assert shown == {"双江电子有限公司", "米心制造集团"}


def test_it_refuses_a_headcount_range_upside_down_in_chinese(login, people):
    page = listed(login(people.sam), "min_headcount=100&max_headcount=10")
    assert "参保人数上限不能小于下限" in page


def test_it_refuses_a_headcount_that_is_not_a_number(login, people):
    page = listed(login(people.sam), "min_headcount=abc")
    assert "参保人数下限" in page and "共 0 家企业" in page


def test_it_sorts_by_headcount_largest_first(login, people, varied):
    response = login(people.sam).get("/enterprises/", {"order": "-insured_headcount"})
    counts = [e.insured_headcount for e in response.context["page"]]
    assert counts == sorted(counts, reverse=True)


def test_it_pages_fifty_at_a_time_and_shows_the_total(login, people, make_enterprise):
    for i in range(57):
        make_enterprise(name=f"分页企业{i:03d}")
    client = login(people.sam)
    first = client.get("/enterprises/", {"q": "分页企业"})
    assert len(first.context["page"]) == 50 and "共 57 家企业" in first.content.decode()
    second = client.get("/enterprises/", {"q": "分页企业", "page": 2})
    assert len(second.context["page"]) == 7


# --- detail --------------------------------------------------------------------------------------


def test_it_shows_every_field_dispatch_relations_commissioner_and_history(login, people):
    factory = people.zitong_factory
    HeadcountRecord.objects.create(
        enterprise=factory, period=dt.date(2026, 1, 1), insured_headcount=118
    )
    HeadcountRecord.objects.create(
        enterprise=factory, period=dt.date(2026, 2, 1), insured_headcount=95
    )
    page = login(people.sam).get(f"/enterprises/{factory.uscc}/").content.decode()
    assert factory.uscc in page and "梓潼街道" in page and "3670" in page
    assert "潼南人力资源服务有限公司" in page and "30 人" in page  # dispatch agency, plan S3.1.2
    assert "cai" in page  # commissioner
    assert page.index("2026-02") < page.index("2026-01")  # newest month first


def test_it_shows_the_agency_which_enterprises_it_dispatches_to(login, people):
    page = login(people.agnes).get(f"/enterprises/{people.agency_firm.uscc}/").content.decode()
    assert "派遣至用工单位" in page and "梓潼汽配有限公司" in page


def test_it_refuses_every_out_of_scope_detail_with_404(login, people):
    refused = [
        (people.tina, people.zitong_factory),
        (people.cai, people.guilin_factory),
        (people.agnes, people.guilin_factory),
        (people.ed, people.zitong_factory),
    ]
    for user, enterprise in refused:
        assert login(user).get(f"/enterprises/{enterprise.uscc}/").status_code == 404


def test_it_shows_the_records_audit_history_to_bureau_staff_only(login, people):
    from layoffwatch.enterprises.services import enterprise_update

    enterprise_update(actor=people.sam, enterprise=people.guilin_factory, insured_headcount=99)
    page = login(people.sam).get(f"/enterprises/{people.guilin_factory.uscc}/").content.decode()
    assert "变更记录" in page and "参保人数：120 → 99" in page
    page = login(people.ed).get(f"/enterprises/{people.guilin_factory.uscc}/").content.decode()
    assert "变更记录" not in page


# --- create and edit -----------------------------------------------------------------------------


def new_enterprise_form(**overrides) -> dict:
    data = {
        "uscc": make_uscc(),
        "name": "潼南新建食品有限公司",
        "town": GUILIN,
        "industry_code": "1361",
        "ownership": "private",
        "insured_headcount": "66",
        "contact_phone": "13812345678",
        "labour": "",
    }
    data.update(overrides)
    return data


def test_it_creates_an_enterprise_and_audits_it(login, people):
    data = new_enterprise_form(is_key_sample="on")
    response = login(people.sam).post("/enterprises/new/", data)
    assert response.status_code == 302
    e = Enterprise.objects.get(uscc=data["uscc"])
    assert e.is_key_sample and e.is_labour_intensive  # labour-intensive from food manufacturing
    assert AuditEntry.objects.filter(action="create", object_id=str(e.pk)).exists()


@pytest.mark.parametrize(
    "prefix, region",
    [
        ("92", "500152"),
        ("12", "500152"),
        ("51", "500152"),
        ("N2", "500152"),
        ("Y1", "500152"),
        ("91", "110105"),
    ],
)
def test_it_accepts_every_registration_authority_and_other_regions(login, people, prefix, region):
    data = new_enterprise_form(uscc=make_uscc(prefix, region))
    assert login(people.sam).post("/enterprises/new/", data).status_code == 302
    assert Enterprise.objects.filter(uscc=data["uscc"]).exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"uscc": "91500152MA5U000001"}, "校验位错误"),
        ({"name": ""}, "企业名称"),
        ({"industry_code": "9999"}, "行业代码“9999”不是 GB/T 4754-2017 中的代码"),
        ({"contact_phone": "12345"}, "电话号码格式不正确"),
        ({"insured_headcount": "-3"}, "参保人数"),
    ],
)
def test_it_refuses_bad_input_in_chinese_and_saves_nothing(login, people, overrides, message):
    before = Enterprise.objects.count()
    response = login(people.sam).post("/enterprises/new/", new_enterprise_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Enterprise.objects.count() == before


def test_it_refuses_a_duplicate_uscc(login, people):
    response = login(people.sam).post(
        "/enterprises/new/", new_enterprise_form(uscc=people.zitong_factory.uscc)
    )
    assert response.status_code == 400 and "已存在" in response.content.decode()


def test_it_lets_a_town_liaison_create_only_in_her_town(login, people):
    client = login(people.tina)
    assert client.post("/enterprises/new/", new_enterprise_form()).status_code == 302
    data = new_enterprise_form(town=ZITONG)
    response = client.post("/enterprises/new/", data)
    assert response.status_code == 400
    assert not Enterprise.objects.filter(uscc=data["uscc"]).exists()


@pytest.mark.parametrize("who", ["li", "cai", "agnes", "ed"])
def test_it_refuses_the_create_and_import_pages_to_roles_that_cannot_edit(login, people, who):
    client = login(getattr(people, who))
    assert client.get("/enterprises/new/").status_code == 403
    assert client.post("/enterprises/new/", new_enterprise_form()).status_code == 403
    assert client.get("/enterprises/import/").status_code == 403
    assert AuditEntry.objects.filter(action="denied", actor_id=getattr(people, who).pk).count() >= 3


def test_it_edits_an_enterprise_and_records_before_and_after(login, people):
    e = people.guilin_factory
    data = new_enterprise_form(
        name="桂林食品股份有限公司", uscc=e.uscc, insured_headcount="150", labour="1"
    )
    response = login(people.tina).post(f"/enterprises/{e.uscc}/edit/", data)
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.name == "桂林食品股份有限公司" and e.insured_headcount == 150
    entry = AuditEntry.objects.filter(action="update", object_id=str(e.pk)).first()
    assert (
        entry.before["name"] == "桂林食品有限公司" and entry.after["name"] == "桂林食品股份有限公司"
    )


def test_it_keeps_the_uscc_when_an_edit_posts_another(login, people):
    e = people.guilin_factory
    original = e.uscc
    login(people.sam).post(
        f"/enterprises/{e.uscc}/edit/", new_enterprise_form(uscc=make_uscc(), labour="1")
    )
    e.refresh_from_db()
    assert e.uscc == original


def test_it_refuses_a_town_liaison_another_towns_enterprise_and_moving_hers_away(login, people):
    client = login(people.tina)
    zitong = people.zitong_factory
    assert client.get(f"/enterprises/{zitong.uscc}/edit/").status_code == 404
    assert (
        client.post(
            f"/enterprises/{zitong.uscc}/edit/", new_enterprise_form(name="改名")
        ).status_code
        == 404
    )
    guilin = people.guilin_factory
    response = client.post(
        f"/enterprises/{guilin.uscc}/edit/", new_enterprise_form(town=ZITONG, labour="1")
    )
    assert response.status_code == 400
    guilin.refresh_from_db()
    assert guilin.town_id == GUILIN
    zitong.refresh_from_db()
    assert zitong.name == "梓潼汽配有限公司"


def test_it_refuses_an_enterprise_reporter_editing_his_own_enterprise(login, people):
    e = people.guilin_factory
    client = login(people.ed)
    assert client.get(f"/enterprises/{e.uscc}/edit/").status_code == 403
    assert (
        client.post(f"/enterprises/{e.uscc}/edit/", new_enterprise_form(name="改名")).status_code
        == 403
    )
    e.refresh_from_db()
    assert e.name == "桂林食品有限公司"


def test_it_speaks_english_when_the_user_switches(login, people):
    client = login(people.sam)
    client.cookies["django_language"] = "en"
    page = client.get("/enterprises/").content.decode()
    assert "Export XLSX" in page and "3 enterprises" in page
    page = client.get("/enterprises/?industry=99").content.decode()
    assert "No industry (GB/T 4754-2017) has the code or name “99”" in page
