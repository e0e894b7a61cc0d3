"""The policy page speaks to bureau staff: every dated value of the history by its Chinese name and
in words (no key path, no JSON), the sources without the design records they cite (ADR numbers
stay in the YAML for developers), no file names or paths but for administrators."""

import datetime as dt
import re

import pytest

from layoffwatch.policy.loader import bundled_policy
from layoffwatch.policy.rules import grade_waves
from layoffwatch.policy.wording import path_label

pytestmark = pytest.mark.django_db
DEVELOPER_TEXT = re.compile(r"\bADR\b|\.yaml\b|\{\"|\[\{|\bbrackets\b|_[a-z]+\b|\bNone\b|tongnan@")


def visible(page: str) -> str:
    page = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def history(page: str) -> str:
    start = page.index('data-testid="history"')
    return visible(page[start : page.index("</table>", start)])


def test_every_bundled_value_has_a_name_for_the_history():
    unnamed = [
        (row["file"], row["path"])
        for row in bundled_policy().history()
        if path_label(row["file"], row["path"])[0] == row["path"]
    ]
    assert unnamed == []


def test_the_page_says_the_rules_without_codes_json_or_adr_numbers(login, people):
    page = login(people.sam).get("/policy/?on=2026-03-01").content.decode()
    text = visible(page)
    assert not DEVELOPER_TEXT.search(text), DEVELOPER_TEXT.search(text)
    rows = history(page)
    assert "预警等级与合并计算期 · 第 2 档：一次性裁员人数达到" in rows and "51 人" in rows
    assert "第 2 档：预警等级 施行中 2023-02-23 — 二级预警" in rows
    assert "三级预警 1 分；二级预警 3 分；一级预警 9 分" in rows
    assert "第三等次（一般）：0 分及以上" in rows
    assert "解除须报批" in rows  # a level's procedure, said in steps
    assert "本平台默认值：三级1分、二级3分、一级9分" in rows  # was "本平台默认值（ADR 0012）：…"
    assert "等级只升不降。" in text  # was "…（ADR 0011）。"


def test_the_reasons_of_a_grading_cite_no_adr_numbers():
    """The reasons go into the alert and the written report (plan S3.2, S6.2)."""
    day = dt.date(2026, 3, 2)
    reasons = grade_waves([(day, 30), (day + dt.timedelta(days=5), 25)], on=day).reasons
    assert "合并计算期为连续 30 天（含首尾两天）" in reasons
    assert not any("ADR" in r for r in reasons)


def test_the_file_page_names_its_location_to_administrators_only(login, people):
    assert (
        "policy/parameters/"
        not in login(people.sam).get("/policy/files/alert_levels/").content.decode()
    )
    assert (
        "policy/parameters/alert_levels.yaml"
        in login(people.alice).get("/policy/files/alert_levels/").content.decode()
    )


def test_the_history_reads_in_english_on_request(login, people):
    client = login(people.sam)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    rows = history(client.get("/policy/?on=2026-03-01").content.decode())
    assert "Warning levels and the window for batches · Bracket 2: one-time cut of at least" in rows
    assert "Level 3 alert 1 points" in rows and "ADR" not in rows


def test_each_procedure_step_cites_its_clause_as_the_plan_numbers_it(login, people):
    """S5.1 is docs/clauses.md's numbering for code; staff read the plan's 五（一）."""
    text = visible(login(people.sam).get("/policy/?on=2026-03-01").content.decode())
    assert "预案五（一）" in text
    assert not re.search(r"(?<![\w.])S\d(?:\.\d+)+", text)


@pytest.mark.parametrize(
    ("clause", "chinese", "english"),
    [
        ("S5.1", "预案五（一）", "Plan part 5 (1)"),
        ("S3.1.1", "预案三（一）1", "Plan part 3 (1) 1"),
        ("S6", "预案六", "Plan part 6"),
        ("S5.12", "预案五（十二）", "Plan part 5 (12)"),
        ("附件任务", "附件任务", "附件任务"),  # not a clause ID: shown as it is
    ],
)
def test_a_clause_id_reads_as_the_plan_numbers_it(clause, chinese, english):
    from django.utils import translation

    from layoffwatch.policy.wording import clause_label

    with translation.override("zh-hans"):
        assert clause_label(clause) == chinese
    with translation.override("en"):
        assert clause_label(clause) == english


def test_a_revision_names_the_files_by_their_titles_only(login, people):
    text = visible(login(people.alice).get("/policy/revisions/new/").content.decode())
    assert "预警等级与合并计算期" in text and ".yaml" not in text and "alert_levels" not in text


@pytest.mark.parametrize(
    ("kept", "english"),
    [
        ("立即（宽限 2 小时）", "at once (2 hours' grace)"),
        ("立即", "at once"),
        ("12 小时内", "within 12 hours"),
        ("3 个工作日内", "within 3 working days"),
        ("处置结束后 5 个工作日内", "after the response ends, within 5 working days"),
        ("另行通知", "另行通知"),  # not a time limit the rules write: shown as it is
    ],
)
def test_a_steps_time_limit_reads_in_the_readers_language(kept, english):
    from django.utils import translation

    from layoffwatch.policy.wording import deadline_label

    with translation.override("zh-hans"):
        assert deadline_label(kept) == kept
    with translation.override("en"):
        assert deadline_label(kept) == english
