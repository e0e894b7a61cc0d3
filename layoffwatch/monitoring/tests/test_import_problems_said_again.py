"""ADR 0100, amended 2026-12-07 (2): a refused feed file's problems read in the reader's language
on the import page (the job's panel and the import history); what is stored stays the Chinese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override
from huey.contrib.djhuey import HUEY

from layoffwatch.monitoring.importing import problem_shown
from layoffwatch.monitoring.models import ImportRun
from layoffwatch.testing.feeds import person_id, uscc

HEADER = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数", "增减变动", "变动原因"]


@pytest.fixture
def ready(reference_data):
    return None


@pytest.fixture
def queue_now():
    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


def csv_bytes(header, rows) -> bytes:
    return ("\n".join(",".join(r) for r in [header, *rows]) + "\n").encode()


def upload(client, name: str, content: bytes) -> str:
    return client.post(
        "/monitoring/imports/",
        {"kind": "social_insurance", "period": "", "file": SimpleUploadedFile(name, content)},
        follow=True,
    ).content.decode()


def bad_rows() -> bytes:
    """Row 3 has a wrong check digit in its ID number, row 4 an unknown 增减变动."""
    rows = [[person_id(i, "510227"), uscc(1), "2026-02", "4500", "", ""] for i in range(3)]
    rows[1][0] = rows[1][0][:-1] + ("0" if rows[1][0][-1] != "0" else "1")
    rows[2][4] = "调入"
    return csv_bytes(HEADER, rows)


def unknown_column() -> bytes:
    header = [*HEADER[:5], "工号"]
    return csv_bytes(header, [[person_id(0, "510227"), uscc(1), "2026-02", "4500", "", "7"]])


CHINESE = (
    "第 3 行 “身份证号”列（person_id）：身份证号码校验位错误",
    "第 4 行 “增减变动”列（change_type）：不认识的取值“调入”（可填：增加、新增、增员、减少、",
    "第 1 行：第 F 列的列名“工号”无法识别（参保缴费明细可用的列：身份证号（person_id）、"
    "单位统一社会信用代码（employer_uscc）、缴费月份（period）",
)
ENGLISH = (
    "Row 3, column “ID number” (person_id): The ID number&#x27;s check digit is wrong",
    "Row 4, column “Change” (change_type): Unknown value “调入” (allowed: 增加, 新增, 增员, 减少, ",
    "Row 1: The name “工号” of column F is not recognised (columns of Social insurance "
    "contributions: ID number (person_id), Employer USCC (employer_uscc), Contribution month "
    "(period)",
)


def test_a_refused_file_s_problems_read_in_english_on_an_english_page(
    people, login, lake, queue_now, ready
):
    client = login(people.sam)
    client.cookies["django_language"] = "en"
    rows_page = upload(client, "bad-rows.csv", bad_rows())
    header_page = upload(client, "bad-header.csv", unknown_column())

    # the job's panel says the problems of the file just uploaded
    for text in ENGLISH[:2]:
        assert text in rows_page
    assert ENGLISH[2] in header_page
    # the history lists both refused files with their problems, in English too
    for text in ENGLISH:
        assert text in header_page
    assert not any(text in rows_page + header_page for text in CHINESE)
    # what is kept is the Chinese, as before, whatever the uploader's language
    stored = [p["message"] for r in ImportRun.objects.order_by("pk") for p in r.problems]
    assert stored[0] == CHINESE[0] and stored[1].startswith(CHINESE[1])
    assert stored[2].startswith(CHINESE[2])


def test_a_refused_file_s_problems_read_as_before_on_a_chinese_page(
    people, login, lake, queue_now, ready
):
    client = login(people.sam)
    rows_page = upload(client, "bad-rows.csv", bad_rows())
    header_page = upload(client, "bad-header.csv", unknown_column())
    for text in CHINESE[:2]:
        assert text in rows_page
    for text in CHINESE:
        assert text in header_page


def test_a_problem_stored_before_reads_as_stored():
    old = {"row": 2, "column": "period", "message": "第 2 行 “缴费月份”列（period）：旧的说法"}
    with override("en"):
        assert problem_shown(old) == "第 2 行 “缴费月份”列（period）：旧的说法"
        assert problem_shown("第 2 行：旧的说法") == "第 2 行：旧的说法"
