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
        return None, [Problem(file, where, f"YAML 格式错误：{detail}", f"invalid YAML: {detail}")]
