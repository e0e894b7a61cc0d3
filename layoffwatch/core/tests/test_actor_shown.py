"""core.recorded.actor_shown: who did it, in the reader's language — the system's fixed labels
translated, a person's name as recorded (ADR 0100, amended 2026-12-07 (2))."""

import ast
import re
from pathlib import Path

from django.utils import translation

from layoffwatch.core.recorded import actor_shown

HAN = re.compile(r"[\u3400-\u9fff]")
CODE = Path(__file__).resolve().parents[2]  # the layoffwatch package


def test_a_system_label_reads_in_english_and_a_persons_name_as_recorded():
    with translation.override("en"):
        assert actor_shown("系统") == "System"
        assert actor_shown("系统（直报定级）") == "System (grading of direct reports)"
        assert actor_shown("匿名（扫码填报）") == "Anonymous (QR-code reporting)"
        assert actor_shown("李科员（未登录）") == "李科员 (not signed in)"
        assert actor_shown("系统（直报定级）", actor_id=7) == "系统（直报定级）"
        assert actor_shown("李科员", actor_id=7) == "李科员"
        assert actor_shown("某个旧标签") == "某个旧标签"
        assert actor_shown("") == ""
    with translation.override("zh-hans"):
        assert actor_shown("系统（直报定级）") == "系统（直报定级）"
        assert actor_shown("李科员（未登录）") == "李科员（未登录）"


def _fixed_labels() -> dict[str, str]:
    """Every fixed label the code writes as an actor_label (a keyword argument, a dict key, or a
    module constant passed as one), each with where it is written."""
    found = {}
    for path in CODE.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        values = [
            k.value for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == "actor_label"
        ]
        values += [
            v
            for d in ast.walk(tree)
            if isinstance(d, ast.Dict)
            for k, v in zip(d.keys, d.values, strict=True)
            if isinstance(k, ast.Constant) and k.value == "actor_label"
        ]  # fmt: skip
        for value in values:
            nodes = [constants.get(n.id) for n in _walk(value) if isinstance(n, ast.Name)]
            for node in [value, *filter(None, nodes)]:
                for c in _walk(node):
                    if (
                        isinstance(c, ast.Constant)
                        and isinstance(c.value, str)
                        and HAN.search(c.value)
                    ):
                        found[c.value] = f"{path.relative_to(CODE)}:{c.lineno}"  # fmt: skip
    return found


def _walk(node):
    """ast.walk but for f-strings: a label built of parts (匿名（{channel}）, {name}（未登录）) is
    one of actor_shown's forms, not a fixed label."""
    yield node
    if not isinstance(node, ast.JoinedStr):
        for child in ast.iter_child_nodes(node):
            yield from _walk(child)


def test_every_fixed_system_label_in_the_code_has_english():
    labels = _fixed_labels()
    assert "系统（直报定级）" in labels and "系统（数据比对）" in labels  # the scan finds them
    with translation.override("en"):
        untranslated = {
            label: where for label, where in labels.items() if HAN.search(actor_shown(label))
        }
    assert not untranslated, untranslated
