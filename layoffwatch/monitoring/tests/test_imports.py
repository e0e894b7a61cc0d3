"""plan S3.1.3 / S6.1: every feed imports all-or-nothing into the lake; bad input is explained."""

import duckdb
import openpyxl
import pytest

from layoffwatch.core.pii import keyed_hash
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring.importing import ImportRejected
from layoffwatch.monitoring.lake import person_key
from layoffwatch.monitoring.models import ImportRun
from layoffwatch.monitoring.services import source_import
from layoffwatch.testing.feeds import person_id, uscc, write_csv

SI_HEADER = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数", "增减变动", "变动原因"]


def si_rows(n=3, period="2026-02"):
    return [[person_id(i, "510227"), uscc(1), period, "4500", "", ""] for i in range(n)]


def lake_files(lake):
    return (
        sorted(p.relative_to(lake).as_posix() for p in lake.rglob("*.parquet"))
        if lake.exists()
        else []
    )


def _seen(path, lake) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(lake).parts)


@pytest.fixture
def ready(reference_data):
    return None


def test_it_imports_social_insurance_with_chinese_headers_and_hashes_ids(ready, tmp_path, lake):
    path = write_csv(tmp_path / "si.csv", SI_HEADER, si_rows())
    run = source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert run.status == "imported" and run.rows_kept == 3 and run.period == "2026-02"
    rows = (
        duckdb.connect()
        .execute(f"SELECT * FROM '{lake}/social_insurance/2026-02.parquet'")
        .fetchall()
    )
    text = repr(rows)
    assert person_id(0, "510227") not in text  # no raw ID in the lake
    cols = (
        duckdb.connect()
        .execute(f"DESCRIBE SELECT * FROM '{lake}/social_insurance/2026-02.parquet'")
        .fetchall()
    )
    names = [c[0] for c in cols]
    assert "person_id" not in names and {"person_key", "age", "sex"} <= set(names)
    hashes = (
        duckdb.connect()
        .execute(
            f"SELECT person_key, age, sex FROM '{lake}/social_insurance/2026-02.parquet' ORDER BY 1"
        )
        .fetchall()
    )
    assert person_key(keyed_hash(person_id(0, "510227"))) in {h for h, _a, _s in hashes}
    assert {a for _h, a, _s in hashes} == {36}


def test_it_accepts_the_old_tongnan_birthplace_codes(ready, tmp_path):
    rows = [
        [person_id(1, "500223"), uscc(1), "2026-02", "3000", "", ""],
        [person_id(2, "510227"), uscc(1), "2026-02", "3000", "", ""],
    ]
    run = source_import(
        kind="social_insurance",
        path=write_csv(tmp_path / "a.csv", SI_HEADER, rows),
        enqueue_detection=False,
    )
    assert run.rows_kept == 2


def test_it_registers_unknown_employers_as_found_in_the_feed(ready, tmp_path):
    run = source_import(
        kind="social_insurance",
        path=write_csv(tmp_path / "a.csv", SI_HEADER, si_rows()),
        enqueue_detection=False,
    )
    assert run.unknown_employers == [uscc(1)]
    assert Enterprise.objects.get(uscc=uscc(1)).source == "feed"


def test_it_imports_xlsx_and_parquet(ready, tmp_path, lake):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["period", "town_code", "rate"])
    ws.append(["2026-02", "500152001000", 5.5])
    wb.save(tmp_path / "rate.xlsx")
    assert (
        source_import(
            kind="unemployment_rate", path=tmp_path / "rate.xlsx", enqueue_detection=False
        ).rows_kept
        == 1
    )
    duckdb.connect().execute(
        f"COPY (SELECT '2026-03' AS period, '500152001000' AS town_code, 6.1 AS rate) TO '{tmp_path}/rate.parquet'"
    )
    assert (
        source_import(
            kind="unemployment_rate", path=tmp_path / "rate.parquet", enqueue_detection=False
        ).period
        == "2026-03"
    )
    assert lake_files(lake) == [
        "unemployment_rate/2026-02.parquet",
        "unemployment_rate/2026-03.parquet",
    ]


EVERY_KIND = {
    "unemployment_registration": (
        ["身份证号", "登记日期", "原单位统一社会信用代码", "镇街代码", "申领失业保险金"],
        [[person_id(5), "2026-02-03", uscc(2), "500152001", "是"]],
    ),
    "business_registration": (
        ["统一社会信用代码", "变更事项", "变更日期"],
        [[uscc(2), "注销", "2026-02-10"]],
    ),
    "tax": (
        ["纳税人识别号", "所属月份", "营业收入", "纳税状态"],
        [[uscc(2), "202602", "1,200,000.50", "正常"]],
    ),
    "hr_market": (
        ["月份", "镇街代码", "行业代码", "求职人数", "岗位数"],
        [["2026-02", "", "", "300", "420"]],
    ),
    "industry_capacity": (
        ["月份", "行业代码", "指标", "数值"],
        [["2026-02", "18", "产能利用率", "71.5"]],
    ),
}


@pytest.mark.parametrize("kind", sorted(EVERY_KIND))
def test_it_imports_every_feed_kind(ready, tmp_path, kind):
    header, rows = EVERY_KIND[kind]
    run = source_import(
        kind=kind, path=write_csv(tmp_path / f"{kind}.csv", header, rows), enqueue_detection=False
    )
    assert run.status == "imported" and run.period == "2026-02"


BAD = {
    "missing column": (
        ["身份证号", "缴费月份", "缴费基数"],
        [[person_id(1), "2026-02", "1"]],
        "缺少此列",
    ),
    "misnamed column": ([*SI_HEADER, "工号"], [[*si_rows(1)[0], "x"]], "无法识别"),
    "wrong period": (SI_HEADER, si_rows(2, "2026-01"), "与导入月份 2026-02 不符"),
    "duplicates": (SI_HEADER, si_rows(2) + si_rows(1), "重复"),
    "bad number": (SI_HEADER, [[person_id(1), uscc(1), "2026-02", "四千", "", ""]], "不是数字"),
    "bad date": (
        ["统一社会信用代码", "变更事项", "变更日期"],
        [[uscc(1), "注销", "2026-02-31"]],
        "无法识别的日期",
    ),
    "bad ID check digit": (
        SI_HEADER,
        [
            [
                person_id(1)[:-1] + ("0" if person_id(1)[-1] != "0" else "1"),
                uscc(1),
                "2026-02",
                "1",
                "",
                "",
            ]
        ],
        "校验位错误",
    ),
    "bad code": (
        SI_HEADER,
        [[person_id(1), uscc(1), "2026-02", "1", "减少", "跑路"]],
        "不认识的取值",
    ),
    # a bad cell after many good rows: the one-pass conversion stops and the full check names it
    "bad number in row 402": (
        SI_HEADER,
        si_rows(400) + [[person_id(400), uscc(1), "2026-02", "-5", "", ""]],
        "第 402 行 “缴费基数”列（contribution_base）：不能为负数",
    ),
    # employer codes are checked on the written file in one pass: still named by row
    "bad employer check digit": (
        SI_HEADER,
        si_rows(3)
        + [
            [
                person_id(3),
                uscc(2)[:-1] + ("0" if uscc(2)[-1] != "0" else "1"),
                "2026-02",
                "1",
                "",
                "",
            ]
        ],
        "第 5 行 “单位统一社会信用代码”列（employer_uscc）：统一社会信用代码校验位错误",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_it_rejects_bad_input_with_row_and_column_and_leaves_the_lake_unchanged(
    ready, tmp_path, lake, case
):
    source_import(
        kind="social_insurance",
        path=write_csv(tmp_path / "ok.csv", SI_HEADER, si_rows()),
        enqueue_detection=False,
    )
    before = {p: p.stat().st_mtime_ns for p in lake.rglob("*")}
    header, rows, message = BAD[case]
    kind = "business_registration" if "变更事项" in header else "social_insurance"
    with pytest.raises(ImportRejected) as exc:
        source_import(
            kind=kind,
            path=write_csv(tmp_path / "bad.csv", header, rows),
            period="2026-02",
            enqueue_detection=False,
        )
    text = str(exc.value)
    assert message in text
    assert "第 " in text  # the row is named
    # the lake as its readers see it (hidden work folders .scratch and .incoming aside)
    assert {p: p.stat().st_mtime_ns for p in lake.rglob("*") if _seen(p, lake)} == {
        p: t for p, t in before.items() if _seen(p, lake)
    }
    assert not list((lake / ".incoming").glob("*"))  # no temp file left behind
    run = ImportRun.objects.latest("pk")
    assert run.status == "rejected" and run.problems


def test_it_refuses_an_xlsx_with_merged_header_cells(ready, tmp_path, lake):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["月份", "", "调查失业率"])
    ws.merge_cells("A1:B1")
    ws.append(["2026-02", "500152001000", 5.0])
    wb.save(tmp_path / "m.xlsx")
    with pytest.raises(ImportRejected, match="合并单元格"):
        source_import(kind="unemployment_rate", path=tmp_path / "m.xlsx", enqueue_detection=False)
    assert lake_files(lake) == []


def test_it_refuses_an_oversized_file_before_reading_it(ready, tmp_path, lake):
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(2 * 2**30)  # sparse: 2 GB on paper, nothing on disk
    with pytest.raises(ImportRejected, match="文件过大"):
        source_import(kind="social_insurance", path=big, enqueue_detection=False)
    assert lake_files(lake) == []


def test_it_audits_a_rejected_import(ready, tmp_path):
    from layoffwatch.audit.models import AuditEntry

    with pytest.raises(ImportRejected):
        source_import(
            kind="social_insurance",
            path=write_csv(tmp_path / "b.csv", ["x"], [["1"]]),
            enqueue_detection=False,
        )
    assert AuditEntry.objects.filter(action="rejected").exists()


@pytest.mark.parametrize(
    "kind, header, rows",
    [
        (
            "social_insurance",
            [*SI_HEADER, "变动日期"],
            [[*r, ""] for r in si_rows(40)]
            + [
                [
                    person_id(41, "510227", "19650315"),
                    f" {uscc(2).lower()} ",
                    "202602",
                    "1,234.5",
                    "减少",
                    "退休",
                    "2026/02/15",
                ],
                [person_id(42), uscc(2), "2026年02月", "4500", "增加", "", "20260201"],
            ],
        ),
        (
            "hr_market",
            ["月份", "镇街代码", "行业代码", "求职人数", "岗位数"],
            [["2026-02", "500152001", "C", "120", "80"], ["2026-02", "", "", "900", "700"]],
        ),
        (
            "unemployment_registration",
            ["身份证号", "登记日期", "原单位统一社会信用代码", "镇街代码"],
            [[person_id(i), f"2026-02-{i + 1:02d}", uscc(1), "500152002000"] for i in range(5)],
        ),
    ],
)
def test_the_one_pass_and_the_full_check_write_the_same_lake_file(
    ready, tmp_path, lake, kind, header, rows
):
    """ADR 0062: a clean file is converted in one streaming pass; the full check (which a bad file
    gets) must accept it too and write the very same rows, in file order."""
    from pathlib import Path

    from layoffwatch.monitoring import importing
    from layoffwatch.monitoring.sources import SOURCES
    from layoffwatch.reference.models import Industry, Town

    path = Path(write_csv(tmp_path / "f.csv", header, rows))
    common = dict(
        source=SOURCES[kind],
        path=path,
        period=None,
        max_bytes=2**30,
        max_xlsx_bytes=2**20,
        towns=list(Town.objects.values_list("code", flat=True)),
        industries=list(Industry.objects.values_list("code", flat=True)),
    )
    fast = importing.convert(**common)
    full = importing.convert(**common, one_pass=False)
    assert (fast.period, fast.rows_read, fast.employers) == (
        full.period,
        full.rows_read,
        full.employers,
    )
    assert fast.period == "2026-02" and fast.rows_read == len(rows)
    con = duckdb.connect()
    read = lambda p: con.execute(f"SELECT * FROM '{p}'").fetchall()  # noqa: E731
    assert read(fast.temp) == read(full.temp)
    assert (
        con.execute(f"DESCRIBE SELECT * FROM '{fast.temp}'").fetchall()
        == con.execute(f"DESCRIBE SELECT * FROM '{full.temp}'").fetchall()
    )


def test_an_import_removes_what_a_crashed_import_left_in_incoming(ready, tmp_path, lake):
    """ADR 0062: temp files live in the lake's hidden .incoming/; one older than a day was left
    by a crashed import and is removed by the next import; a younger one (an import running
    now) is kept."""
    import os
    import time

    incoming = lake / ".incoming"
    incoming.mkdir(parents=True)
    crashed, running = incoming / "tax-old.parquet", incoming / "tax-now.parquet"
    crashed.write_bytes(b"PAR1")
    running.write_bytes(b"PAR1")
    two_days_ago = time.time() - 2 * 86400
    os.utime(crashed, (two_days_ago, two_days_ago))
    source_import(
        kind="social_insurance",
        path=write_csv(tmp_path / "si.csv", SI_HEADER, si_rows()),
        enqueue_detection=False,
    )
    assert not crashed.exists() and running.exists()
    assert lake_files(lake) == [".incoming/tax-now.parquet", "social_insurance/2026-02.parquet"]


def _gbk_csv(path):
    text = (
        "身份证号,单位统一社会信用代码,缴费月份,缴费基数\n"
        + f"{person_id(1)},{uscc(1)},2026-02,4500\n"
    )
    path.write_bytes(text.encode("gbk"))
    return path


@pytest.mark.parametrize(
    "case, make, message",
    [
        ("wrong type", lambda d: d / "si.docx", "不支持的文件类型“.docx”"),
        ("GBK", lambda d: _gbk_csv(d / "si.csv"), "不是 UTF-8 编码"),
        (
            "header only",
            lambda d: write_csv(d / "si.csv", SI_HEADER, []),
            "文件没有数据行",
        ),
    ],
)
def test_it_explains_a_file_it_cannot_take_and_leaves_the_lake_unchanged(
    ready, tmp_path, lake, case, make, message
):
    from pathlib import Path

    path = Path(make(tmp_path))
    if not path.exists():
        path.write_bytes(b"PK\x03\x04 a word document")
    with pytest.raises(ImportRejected) as exc:
        source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert message in str(exc.value)
    assert lake_files(lake) == []
    assert ImportRun.objects.get().status == "rejected"


# --- XLSX read in streaming mode (ADR 0081) -------------------------------------------------------


def write_xlsx(path, header: list, rows) -> str:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return str(path)


@pytest.fixture
def xlsx_row_cap(monkeypatch):
    """Set the dated `imports.max_xlsx_rows` in force to `n` rows."""
    from layoffwatch.monitoring.services import feed_imports

    def set_cap(n: int) -> None:
        real = feed_imports.thresholds

        def with_cap(on):
            values = real(on)
            return {**values, "imports": {**values["imports"], "max_xlsx_rows": n}}

        monkeypatch.setattr(feed_imports, "thresholds", with_cap)

    return set_cap


def test_it_refuses_an_xlsx_with_a_bad_header_naming_the_column_before_its_rows(
    ready, tmp_path, lake
):
    header = ["身份证号", "单位名称", "缴费月份", "缴费基数", "增减变动", "变动原因"]
    path = write_xlsx(tmp_path / "bad-header.xlsx", header, si_rows(20_000))
    with pytest.raises(ImportRejected) as exc:
        source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert "第 B 列的列名“单位名称”无法识别" in str(exc.value)
    assert exc.value.rows_read == 0
    assert lake_files(lake) == []
    assert not list((lake / ".incoming").glob("*"))


def test_it_refuses_an_xlsx_with_an_unnamed_header_column(ready, tmp_path, lake):
    header = ["身份证号", None, "缴费月份", "缴费基数"]
    path = write_xlsx(tmp_path / "gap.xlsx", header, [[person_id(1), uscc(1), "2026-02", "1"]])
    with pytest.raises(ImportRejected, match="第 1 行表头第 B 列没有列名"):
        source_import(kind="social_insurance", path=path, enqueue_detection=False)


def test_it_takes_an_xlsx_at_the_row_cap_and_refuses_one_row_more_leaving_the_lake_unchanged(
    ready, tmp_path, lake, xlsx_row_cap
):
    xlsx_row_cap(5)
    at_cap = write_xlsx(tmp_path / "five.xlsx", SI_HEADER, si_rows(5, "2026-01"))
    assert (
        source_import(kind="social_insurance", path=at_cap, enqueue_detection=False).rows_kept == 5
    )
    before = {p: p.stat().st_mtime_ns for p in lake.rglob("*") if _seen(p, lake)}

    over = write_xlsx(tmp_path / "six.xlsx", SI_HEADER, si_rows(6, "2026-01"))
    with pytest.raises(ImportRejected) as exc:
        source_import(kind="social_insurance", path=over, enqueue_detection=False)
    assert "文件的数据行超过 5 行的上限" in str(exc.value)
    assert {p: p.stat().st_mtime_ns for p in lake.rglob("*") if _seen(p, lake)} == before
    assert not list((lake / ".incoming").glob("*"))  # no spool or temp file left behind
    assert ImportRun.objects.latest("pk").status == "rejected"


def test_it_reads_a_streamed_xlsx_with_numbers_blank_and_short_rows(ready, tmp_path, lake):
    """Cells typed by Excel (numbers, blanks, rows shorter than the header) arrive as text."""
    rows = [
        [person_id(1), uscc(1), "2026-02", 4500, None, None],
        [person_id(2), uscc(1), 202602, 4500.0],  # short: 4 cells
        [],  # a blank row is skipped
        [person_id(3), uscc(2), "2026-02", "4,500.5", "减少", "退休"],
    ]
    path = write_xlsx(tmp_path / "si.xlsx", SI_HEADER, rows)
    run = source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert run.status == "imported" and run.rows_kept == 3 and run.period == "2026-02"


# --- the header read straight from the file (ADR 0081) ----------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _si(text: str) -> str:
    return f"<si><t>{text}</t></si>"


def crafted_xlsx(path, *, header_cells: list[str], rows: list[list[int]], strings: list[str]):
    """An XLSX as Excel writes it (shared-strings table), built around a small openpyxl workbook:
    `header_cells` are the row-1 <c> elements' inner XML with their type, e.g. 't="s"><v>0</v>';
    each data row's cells are indices into `strings`. Returns (path, sheet XML, strings XML)."""
    import zipfile

    wb = openpyxl.Workbook()
    wb.active.append(["x"])
    wb.save(path)
    with zipfile.ZipFile(path) as z:  # declare the shared-strings part as Excel does
        rels, types = z.read("xl/_rels/workbook.xml.rels"), z.read("[Content_Types].xml")
    rel = (
        '<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    override = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    letters = "ABCDEFGHIJ"
    cells = "".join(f'<c r="{letters[i]}1" {c}</c>' for i, c in enumerate(header_cells))
    body = "".join(
        f'<row r="{n}">'
        + "".join(f'<c r="{letters[i]}{n}" t="s"><v>{v}</v></c>' for i, v in enumerate(row))
        + "</row>"
        for n, row in enumerate(rows, start=2)
    )
    sheet = (
        f'<worksheet xmlns="{_MAIN_NS}"><sheetData><row r="1">{cells}</row>{body}'
        "</sheetData></worksheet>"
    )
    table = (
        f'<sst xmlns="{_MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(_si(s) if not s.startswith("<") else s for s in strings)
        + "</sst>"
    )
    rewrite_zip(
        path,
        {
            "xl/worksheets/sheet1.xml": sheet,
            "xl/sharedStrings.xml": table,
            "xl/_rels/workbook.xml.rels": rels.decode().replace("</Relationships>", rel),
            "[Content_Types].xml": types.decode().replace("</Types>", override),
        },
    )
    return path, sheet, table


def rewrite_zip(path, parts: dict[str, str]) -> None:
    import zipfile

    with zipfile.ZipFile(path) as z:
        kept = {n: z.read(n) for n in z.namelist() if n not in parts}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in kept.items():
            z.writestr(name, data)
        for name, text in parts.items():
            z.writestr(name, text.encode())


def test_it_refuses_a_bad_header_without_reading_past_it_in_a_large_excel_file(
    ready, tmp_path, lake
):
    """A file with 200,000 distinct texts in its shared-strings table (as Excel saves IDs) and a
    misnamed column is refused with the header message; the same file cut right after its header
    row and its header's strings is refused with the same message: nothing after them is read."""
    header = ["身份证号", "单位名称", "缴费月份", "缴费基数"]
    ids = [person_id(i, "510227") + f"-{i}" for i in range(200_000)]
    path, sheet, table = crafted_xlsx(
        tmp_path / "big.xlsx",
        header_cells=[f't="s"><v>{i}</v>' for i in range(4)],
        rows=[[4 + i] for i in range(len(ids))],
        strings=header + ids,
    )
    with pytest.raises(ImportRejected) as exc:
        source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert "第 B 列的列名“单位名称”无法识别" in str(exc.value)
    assert exc.value.rows_read == 0

    cut_sheet = sheet[: sheet.index("</row>") + len("</row>")] + '<row r="2"><c r="A2" t="s"><v>'
    cut_table = table[: table.index(_si(header[-1])) + len(_si(header[-1]))] + "<si><t>5002"
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": cut_sheet, "xl/sharedStrings.xml": cut_table})
    with pytest.raises(ImportRejected) as exc:
        source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert "第 B 列的列名“单位名称”无法识别" in str(exc.value)
    assert lake_files(lake) == []
    assert ImportRun.objects.latest("pk").status == "rejected"


def test_it_reads_a_header_with_formatted_inline_and_formula_cells(ready, tmp_path, lake):
    """Excel keeps a partly bold column name as rich-text runs (with a phonetic guide for
    Japanese-style input that is not part of the name), a typed-in cell inline, and a formula's
    text as its cached value: all read as the names they show."""
    header = [
        't="s"><v>0</v>',  # 身份证号 in two runs, with a phonetic guide
        't="inlineStr"><is><t>单位统一社会信用代码</t></is>',
        't="str"><f>"缴费"&amp;"月份"</f><v>缴费月份</v>',
        't="s"><v>1</v>',
    ]
    strings = [
        "<si><r><rPr><b/></rPr><t>身份</t></r><r><t>证号</t></r>"
        "<rPh sb='0' eb='2'><t>ミブン</t></rPh></si>",
        "缴费基数",
        person_id(1, "510227"),
        uscc(1),
        "2026-02",
        "4500",
    ]
    path, _, _ = crafted_xlsx(
        tmp_path / "styled.xlsx", header_cells=header, rows=[[2, 3, 4, 5]], strings=strings
    )
    run = source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert run.status == "imported" and run.rows_kept == 1 and run.period == "2026-02"


def test_it_refuses_an_excel_file_whose_xml_expands_entities(ready, tmp_path, lake):
    """A sheet whose XML declares nested entities (“billion laughs”) is refused as a damaged
    file at once, without expanding them."""
    path = write_xlsx(tmp_path / "bomb.xlsx", SI_HEADER, si_rows(1))
    entities = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    bomb = (
        f"<!DOCTYPE worksheet [{entities}]>"
        f'<worksheet xmlns="{_MAIN_NS}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>'
    )
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": bomb})
    with pytest.raises(ImportRejected, match="无法打开 Excel 文件"):
        source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert lake_files(lake) == []


QUOTED_HEADER = [
    "身份证号",
    '单位"统一社会信用代码',
    "缴费月份",
    "缴费基数",
    "增减变动",
    "变动原因",
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_it_refuses_a_header_with_a_double_quote_by_naming_the_column(ready, tmp_path, lake, fmt):
    if fmt == "csv":
        path = write_csv(tmp_path / "quoted.csv", QUOTED_HEADER, si_rows(2))
    elif fmt == "xlsx":
        path = write_xlsx(tmp_path / "quoted.xlsx", QUOTED_HEADER, si_rows(2))
    else:
        path = tmp_path / "quoted.parquet"
        con = duckdb.connect()
        con.execute("CREATE TABLE t (a VARCHAR, b VARCHAR, c VARCHAR)")
        con.execute("INSERT INTO t VALUES (?, ?, '2026-02')", [person_id(1), uscc(1)])
        con.execute(
            'COPY (SELECT a AS 身份证号, b AS "单位""统一社会信用代码", c AS 缴费月份 FROM t) '
            f"TO '{path}'"
        )
    with pytest.raises(ImportRejected) as exc:
        source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert "第 B 列的列名“单位" in str(exc.value) and "无法识别" in str(exc.value)
    assert lake_files(lake) == []
    assert ImportRun.objects.latest("pk").status == "rejected"


def test_it_imports_headers_written_with_spaces_around_and_inside(ready, tmp_path, lake):
    header = [" 身份证号 ", "单位统一社会信用代码", "缴费 月份", "缴费基数", "增减变动", "变动原因"]
    path = write_csv(tmp_path / "spaced.csv", header, si_rows(2))
    run = source_import(kind="social_insurance", path=path, enqueue_detection=False)
    assert run.status == "imported" and run.rows_kept == 2
    assert lake_files(lake) == ["social_insurance/2026-02.parquet"]
