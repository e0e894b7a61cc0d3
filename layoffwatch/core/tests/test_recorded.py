"""core.recorded: a recorded text is Chinese whatever the writer's language, and is said again in
the reader's (ADR 0100, amended 2026-12-07 (2))."""

import json

from django.utils import translation

from layoffwatch.alerts.models import Alert
from layoffwatch.core.recorded import listed, recorded, shown, term

STATUS = "%(enterprise)s 预警状态：%(old)s → %(new)s"


def test_an_interface_term_is_kept_as_its_msgid_and_a_name_as_it_is():
    with translation.override("en"):
        made = recorded(
            STATUS,
            enterprise="桂林食品有限公司",
            old=Alert.Status.RAISED.label,
            new=term("处置中"),
        )
    assert made.text == "桂林食品有限公司 预警状态：已发布 → 处置中"
    assert json.loads(json.dumps(made.message)) == made.message
    with translation.override("en"):
        assert (
            shown(made.message, made.text) == "桂林食品有限公司 alert status: Raised → Responding"
        )
    with translation.override("zh-hans"):
        assert shown(made.message, made.text) == made.text


def test_lists_and_nested_messages_join_by_the_readers_separator():
    made = recorded(
        "选用处置措施：%(measures)s；启动任务分解表第 %(tasks)s 项",
        measures=["甲", "乙"],
        tasks=listed([3, 5], "；"),
    )
    assert made.text == "选用处置措施：甲、乙；启动任务分解表第 3；5 项"
    with translation.override("en"):
        assert shown(made.message, "") == (
            "Measures chosen: 甲, 乙; tasks 3; 5 of the task breakdown started"
        )


def test_a_row_without_a_message_or_with_a_broken_one_reads_as_stored():
    assert shown(None, "旧记录") == "旧记录"
    assert shown({}, "旧记录") == "旧记录"
    broken = {"msgid": STATUS, "args": {"enterprise": "某公司"}}  # a placeholder without its value
    with translation.override("en"):
        assert shown(broken, "旧记录") == "旧记录"
