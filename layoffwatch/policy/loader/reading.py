"""Reading a parameter file's YAML strictly (duplicate keys refused, ADR 0010)."""

from __future__ import annotations

from typing import Any

import yaml

from .problems import Problem


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one, which would let
    two versions with the same effective date overlap unnoticed)."""


def _mapping_without_duplicates(loader, node):
    seen = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} / 重复的键 {key}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def parse_yaml(text: str, *, file: str) -> tuple[Any, list[Problem]]:
    try:
        return yaml.load(text, Loader=_StrictLoader), []
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f"第 {mark.line + 1} 行 / line {mark.line + 1}"
        detail = getattr(exc, "problem", None) or str(exc)
        said = _yaml_problem_zh(detail)
        return None, [Problem(file, where, f"YAML 格式错误：{said}", f"invalid YAML: {detail}")]


# PyYAML's problems, in English, as a Chinese reader needs them said (the English message keeps
# the library's own words)
_YAML_PROBLEMS_ZH = (
    ("expected <block end>", "缩进与上一层不对齐"),
    ("mapping values are not allowed", "此处不能出现冒号（值中含冒号时请加引号）"),
    ("could not find expected ':'", "缺少冒号"),
    ("cannot start any token", "含有不能使用的字符（缩进请用空格，不要用制表符）"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("found unexpected ':'", "冒号的位置不对"),
    ("expected ',' or '}'", "花括号内的写法有误（各项用逗号分隔，以 } 结束）"),
    ("expected ',' or ']'", "方括号内的写法有误（各项用逗号分隔，以 ] 结束）"),
)


def _yaml_problem_zh(detail: str) -> str:
    for english, chinese in _YAML_PROBLEMS_ZH:
        if english in detail:
            return chinese
    return "写法无法解析，请检查缩进、冒号和引号"
