"""Every Chinese text of the bundled parameter files has an English entry (ADR 0100): a name, a
task, a step, a report section, a finding, a description or a source that a page shows reads in
English on an English page, and a new YAML text without English fails here."""

import re

import yaml
from django.utils import translation

from layoffwatch.policy.loader import parameter_files
from layoffwatch.policy.wording import finding_name, policy_text, task_reason
from layoffwatch.policy.yaml_terms import TERMS

HAN = re.compile(r"[\u3400-\u9fff]")


def _texts(node) -> list[str]:
    if isinstance(node, dict):
        return [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return [node] if isinstance(node, str) and HAN.search(node) else []


def _bundled_texts() -> dict[str, str]:
    """Chinese text → the file it comes from, over every registered file."""
    found = {}
    for entry in parameter_files():
        for text in _texts(yaml.safe_load(entry.path.read_text(encoding="utf-8"))):
            found.setdefault(text, entry.filename)
    return found


def test_every_yaml_text_is_marked_for_the_catalog():
    missing = {t: f for t, f in _bundled_texts().items() if t not in TERMS}
    assert not missing, f"add to policy/yaml_terms.py and the policy catalog: {missing!r}"


def test_every_yaml_text_reads_in_english_on_an_english_page():
    texts = _bundled_texts()
    assert len(texts) > 100  # the policy's and the apps' files, not an empty registry
    with translation.override("en"):
        untranslated = {t: policy_text(t) for t in texts if HAN.search(policy_text(t))}
    assert not untranslated, untranslated


def test_a_chinese_page_shows_the_text_as_written():
    with translation.override("zh-hans"):
        assert policy_text("相关镇街") == "相关镇街"
        assert finding_name("迟报（未在规定时间内报告）") == "迟报"


def test_an_english_page_names_findings_and_task_reasons_in_english():
    with translation.override("en"):
        assert finding_name("迟报（未在规定时间内报告）") == "Reported late"
        assert task_reason("3级预警（3级及以上启动）") == (
            "Level 3 alert (starts at level 3 or more severe)"
        )
        assert task_reason("选用措施：对接民政临时救助、零工市场与灵活就业") == (
            "Measures chosen: Linking with civil affairs for temporary relief, "
            "Gig markets and flexible employment"
        )
        # a text only an administrator's revision has is shown as written
        assert policy_text("某新增的情形") == "某新增的情形"
