"""XLSX template, export and all-or-nothing import (ADR 0020).

Every test opens real XLSX bytes with openpyxl, the way a user's Excel/WPS file arrives.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG, make_uscc
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.spreadsheet import DATA_SHEET, EXAMPLE_USCC, HEADERS, HELP_SHEET

pytestmark = pytest.mark.django_db


def row(**values) -> list:
    base = {
        "统一社会信用代码": make_uscc(),
        "企业名称": "导入测试有限公司",
        "镇街": "桂林街道",
        "行业代码": "1361",
        "参保人数": 50,
    }
    base.update(values)
    return [base.get(h, "") for h in HEADERS]


def xlsx(rows: list[list], headers: list[str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append(headers if headers is not None else HEADERS)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "enterprises.xlsx"):
    return client.post("/enterprises/import/", {"file": SimpleUploadedFile(name, data)})


def sheet_rows(data: bytes, sheet: str = DATA_SHEET) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data), read_only=True)[sheet].iter_rows(values_only=True))


def counts() -> tuple[int, int]:
    return Enterprise.objects.count(), AuditEntry.objects.filter(
        action__in=["create", "update", "delete", "import"]
    ).count()


def assert_rejected(response, *messages: str, before: tuple[int, int]) -> str:
    page = response.content.decode()
    assert response.status_code == 400
    assert "未导入" in page
    for message in messages:
        assert message in page, message
    assert counts() == before, "a rejected import changed something"
    assert AuditEntry.objects.filter(action="rejected", object_type="enterprises.import").exists()
    return page


# --- template ------------------------------------------------------------------------------------


def test_it_offers_a_chinese_template_with_an_example_row_and_the_towns(login, people):
    response = login(people.tina).get("/enterprises/import/template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = sheet_rows(response.content)
    assert list(rows[0]) == HEADERS and rows[1][0] == EXAMPLE_USCC
    help_rows = sheet_rows(response.content, HELP_SHEET)
    flat = [c for r in help_rows for c in r if c]
    assert "500152001000" in flat and "桂林街道" in flat and "统一社会信用代码" in flat
    assert (
        sum(1 for r in help_rows if r and isinstance(r[1], str) and r[1].startswith("500152")) == 23
    )


def test_it_refuses_the_templates_example_row_left_in_place(login, people):
    before = counts()
    template = login(people.sam).get("/enterprises/import/template.xlsx").content
    response = upload(login(people.sam), template)
    assert_rejected(response, "示例行", before=before)


# --- export and the round trip -------------------------------------------------------------------


def test_it_exports_the_filtered_list_with_the_template_columns_and_audits_it(login, people):
    response = login(people.sam).get("/enterprises/export.xlsx", {"town": ZITONG})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content)
    assert list(rows[0]) == HEADERS
    assert [r[1] for r in rows[1:]] == ["梓潼汽配有限公司"]
    assert rows[1][HEADERS.index("服务专员账号")] == "cai"
    entry = AuditEntry.objects.get(action="export")
    assert entry.after["rows"] == 1 and entry.after["filters"]["town"] == ZITONG


def test_it_exports_only_the_users_scope(login, people):
    rows = sheet_rows(login(people.tina).get("/enterprises/export.xlsx").content)
    names = {r[1] for r in rows[1:]}
    assert "桂林食品有限公司" in names and "梓潼汽配有限公司" not in names


@pytest.mark.parametrize("who", ["agnes", "ed"])
def test_it_refuses_export_to_agencies_and_reporters(login, people, who):
    assert login(getattr(people, who)).get("/enterprises/export.xlsx").status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()


def test_it_imports_an_export_again_and_changes_nothing(login, people, make_enterprise):
    make_enterprise(
        name="全字段企业",
        address="桂林街道某路 8 号",
        contact_name="王五",
        contact_phone="023-44551234",
        on_watch_list=True,
        ownership="hmt",
    )
    client = login(people.sam)
    exported = client.get("/enterprises/export.xlsx").content
    snapshot = list(Enterprise.objects.order_by("pk").values())
    response = upload(client, exported, "export.xlsx")
    assert response.status_code == 302
    assert list(Enterprise.objects.order_by("pk").values()) == snapshot
    entry = AuditEntry.objects.filter(action="import").first()
    assert (
        entry.after["created"] == 0
        and entry.after["updated"] == 0
        and entry.after["unchanged"] == 4
    )


def test_it_updates_existing_enterprises_in_place_and_creates_new_ones(login, people):
    client = login(people.sam)
    exported = client.get("/enterprises/export.xlsx", {"q": "桂林食品"}).content
    wb = load_workbook(io.BytesIO(exported))
    ws = wb[DATA_SHEET]
    ws.cell(row=2, column=HEADERS.index("参保人数") + 1, value=77)
    new = row(
        **{"企业名称": "新导入企业有限公司", "镇街": ZITONG, "行业代码": "36", "重点关注企业": "是"}
    )
    ws.append(new)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = upload(client, buffer.getvalue())
    assert response.status_code == 302
    people.guilin_factory.refresh_from_db()
    assert (
        people.guilin_factory.insured_headcount == 77
        and people.guilin_factory.name == "桂林食品有限公司"
    )
    created = Enterprise.objects.get(name="新导入企业有限公司")
    assert created.town_id == ZITONG and created.on_watch_list and created.is_labour_intensive
    assert created.source == "import"
    update = AuditEntry.objects.get(action="update", object_id=str(people.guilin_factory.pk))
    assert update.before == {"insured_headcount": 120} and update.after == {"insured_headcount": 77}
    assert AuditEntry.objects.filter(action="create", object_id=str(created.pk)).exists()
    summary = AuditEntry.objects.get(action="import")
    assert (summary.after["created"], summary.after["updated"]) == (1, 1)


def test_it_keeps_values_of_blank_optional_cells_on_update(login, people):
    e = people.guilin_factory
    Enterprise.objects.filter(pk=e.pk).update(contact_name="赵六", is_key_sample=True)
    headers = ["统一社会信用代码", "企业名称", "镇街", "行业代码", "参保人数"]
    data = xlsx([[e.uscc, e.name, "桂林街道", "1361", 130]], headers=headers)
    assert upload(login(people.sam), data).status_code == 302
    e.refresh_from_db()
    assert e.insured_headcount == 130 and e.contact_name == "赵六" and e.is_key_sample


def test_it_accepts_town_codes_numbers_and_every_registration_authority(login, people):
    rows = [
        row(
            **{"统一社会信用代码": make_uscc("12", "500152"), "镇街": int(GUILIN), "参保人数": 12.0}
        ),
        row(**{"统一社会信用代码": make_uscc("N2", "500152")}),
        row(**{"统一社会信用代码": make_uscc("Y1", "500152")}),
        row(**{"统一社会信用代码": make_uscc("51", "500152")}),
        row(**{"统一社会信用代码": make_uscc("92", "500152")}),
        row(
            **{"统一社会信用代码": make_uscc("91", "440300").lower()}
        ),  # a Shenzhen firm, typed in lower case
    ]
    before = Enterprise.objects.count()
    assert upload(login(people.sam), xlsx(rows)).status_code == 302
    assert Enterprise.objects.count() == before + 6


# --- bad files -----------------------------------------------------------------------------------


def test_it_lists_every_bad_row_in_chinese_and_imports_nothing(login, people):
    good = row()
    valid = make_uscc()
    bad_check = row(**{"统一社会信用代码": valid[:-1] + ("1" if valid[-1] == "0" else "0")})
    rows = [
        good,
        bad_check,
        row(**{"镇街": "火星街道"}),
        row(**{"行业代码": "9999"}),
        row(**{"统一社会信用代码": good[0]}),
        row(**{"企业名称": ""}),
        row(**{"参保人数": "很多"}),
        row(**{"联系电话": "123"}),
        row(**{"经济类型": "跨国"}),
        row(**{"重点样本企业": "也许"}),
        row(**{"服务专员账号": "nobody"}),
    ]
    before = counts()
    page = assert_rejected(
        upload(login(people.sam), xlsx(rows)),
        "第 3 行",
        "校验位错误",
        "未知的镇街“火星街道”",
        "未知的行业代码“9999”",
        "与第 2 行重复",
        "企业名称不能为空",
        "应为 0 到 1000000 之间的整数，实际为“很多”",
        "电话号码格式不正确",
        "未知的经济类型“跨国”",
        "应填“是”或“否”",
        "找不到账号为“nobody”的服务专员",
        before=before,
    )
    assert "发现 10 处问题" in page
    entry = AuditEntry.objects.get(action="rejected")
    assert entry.after["problems"] == 10 and entry.actor_id == people.sam.pk


def test_it_names_missing_and_unknown_columns(login, people):
    before = counts()
    headers = ["统一社会信用代码", "名称", "行业代码"]
    assert_rejected(
        upload(login(people.sam), xlsx([[make_uscc(), "某企业", "1361"]], headers=headers)),
        "缺少必填列：企业名称、镇街",
        "无法识别的列“名称”",
        before=before,
    )


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.xlsx", b"", "文件是空的"),
        (
            "list.xlsx",
            "统一社会信用代码,企业名称\n91500152MA5U00000C,某企业\n".encode(),
            "不是有效的 XLSX",
        ),
        ("random.xlsx", bytes(range(256)) * 40, "不是有效的 XLSX"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 200, "不是有效的 XLSX"),
    ],
)
def test_it_refuses_files_that_are_not_xlsx(login, people, name, data, message):
    before = counts()
    assert_rejected(upload(login(people.sam), data, name), message, before=before)


def test_it_refuses_a_sheet_with_only_the_header_or_nothing(login, people):
    before = counts()
    assert_rejected(upload(login(people.sam), xlsx([])), "没有数据行", before=before)
    assert_rejected(
        upload(login(people.sam), xlsx([], headers=[])), "第 1 行应为模板中的列名", before=before
    )


@override_settings(IMPORT_MAX_BYTES=2000)
def test_it_refuses_a_file_over_the_size_limit(login, people):
    before = counts()
    data = xlsx([row() for _ in range(50)])
    assert len(data) > 2000
    assert_rejected(upload(login(people.sam), data), "超过", before=before)


def test_it_refuses_ten_thousand_rows_with_one_bad_row_and_names_it(
    login, people, django_assert_max_num_queries
):
    rows = [row(**{"企业名称": f"批量企业{i}"}) for i in range(10_050)]
    rows[7_777] = row(**{"镇街": "不存在镇"})
    data = xlsx(rows)
    before = counts()
    client = login(people.sam)
    with django_assert_max_num_queries(80):  # bulk lookups, not a query per row
        response = upload(client, data)
    page = assert_rejected(response, "第 7779 行", "未知的镇街“不存在镇”", before=before)
    assert "发现 1 处问题" in page


def test_it_imports_ten_thousand_rows_in_one_go(login, people):
    rows = [row(**{"企业名称": f"万行企业{i}"}) for i in range(10_000)]
    before = Enterprise.objects.count()
    response = upload(login(people.sam), xlsx(rows))
    assert response.status_code == 302
    assert Enterprise.objects.count() == before + 10_000


# --- scope ---------------------------------------------------------------------------------------


def test_it_lets_a_town_liaison_import_only_her_towns_enterprises(login, people):
    before = counts()
    rows = [
        row(),
        row(**{"镇街": "梓潼街道"}),
        row(**{"统一社会信用代码": people.zitong_factory.uscc, "镇街": "桂林街道"}),
    ]
    page = assert_rejected(
        upload(login(people.tina), xlsx(rows)),
        "只能导入本镇街（桂林街道）的企业",
        "该统一社会信用代码不能在此登记，请联系区人力社保局",
        before=before,
    )
    assert "第 2 行" not in page
    people.zitong_factory.refresh_from_db()
    assert people.zitong_factory.town_id == ZITONG


def test_it_lets_a_town_liaison_import_in_her_town(login, people):
    assert upload(login(people.tina), xlsx([row(**{"企业名称": "桂林新企业"})])).status_code == 302
    assert Enterprise.objects.get(name="桂林新企业").town_id == GUILIN


@pytest.mark.parametrize("who", ["li", "cai", "agnes", "ed"])
def test_it_refuses_imports_from_roles_that_cannot_edit(login, people, who):
    before = Enterprise.objects.count()
    response = upload(login(getattr(people, who)), xlsx([row()]))
    assert response.status_code == 403
    assert Enterprise.objects.count() == before
    assert AuditEntry.objects.filter(action="denied").exists()
