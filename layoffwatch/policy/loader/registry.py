"""One registry of dated parameter files (ADR 0092).

The policy's own files and every app's files are registered here with their schema, per-date
cross-checks, title and labels. `layoffwatch policy check`, the policy in force, the policy page
and administrator revisions all work from this one list, so a file registered by an app is
checked, shown, versioned and revised exactly like the policy's own.

An app declares its files in its `params.py` (`register_parameters(...)` at import time); the
policy app imports every installed app's `params` module in `PolicyConfig.ready()`, the way the
admin finds every app's `admin.py`, so the policy never names the apps above it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem
from .reading import parse_yaml
from .schema import Ctx, Record

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent  # layoffwatch/
META = ("description", "reference")  # every file says what it is and where it comes from
_KEY = re.compile(r"[a-z][a-z0-9_]*")

CrossCheck = Callable[[Ctx, dict], None]


@dataclass(frozen=True)
class ParameterFile:
    """A registered parameter file.

    `labels` name the values a reader looks for on the policy page: key path → (Chinese label,
    unit); the unit "%" shows a share as a percentage.
    """

    key: str
    title: Any  # str or a lazy translation
    path: Path
    schema: Record
    cross: CrossCheck | None = None
    labels: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.key}.yaml"

    @property
    def location(self) -> str:
        """Where the bundled file lives, from the package root (`monitoring/parameters/…`)."""
        try:
            return self.path.relative_to(PACKAGE_DIR).as_posix()
        except ValueError:
            return self.path.as_posix()


_REGISTRY: dict[str, ParameterFile] = {}


def register_parameters(
    *,
    key: str,
    title: Any,
    path: Path,
    schema: Record,
    cross: CrossCheck | None = None,
    labels: Mapping[str, tuple[Any, Any]] | None = None,
) -> ParameterFile:
    """Register a dated parameter file; returns its entry. The file's name is `<key>.yaml`
    (revisions, checks and problems name it so), and a key is registered once."""
    path = Path(path).resolve()
    if not _KEY.fullmatch(key) or path.name != f"{key}.yaml":
        raise ValueError(f"a parameter file is <key>.yaml with a lowercase key: {key!r}, {path}")
    entry = ParameterFile(key, title, path, schema, cross, dict(labels or {}))
    existing = _REGISTRY.get(key)
    if existing is not None:
        if existing.path != path:
            raise ValueError(f"two parameter files named {key}.yaml: {existing.path} and {path}")
        return existing
    _REGISTRY[key] = entry
    return entry


def parameter_files() -> list[ParameterFile]:
    """Every registered file: the policy's own first, then the apps' in the order they registered."""
    return list(_REGISTRY.values())


def parameter_file(key: str) -> ParameterFile | None:
    return _REGISTRY.get(key)


def registered_keys() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def validate_text(key: str, text: str) -> tuple[dict | None, list[Problem]]:
    """Parse and validate one registered file; returns (checked tree, problems)."""
    file = f"{key}.yaml"
    entry = _REGISTRY.get(key)
    if entry is None:
        return None, [Problem(file, "", f"未知的参数文件 {key}", f"unknown parameter file {key}")]
    data, problems = parse_yaml(text, file=file)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(file, "", "文件内容应为键值表", "the file must be a mapping")]
    ctx = Ctx(file)
    for meta in META:
        if not isinstance(data.get(meta), str) or not data[meta].strip():
            ctx.add(meta, "缺少文件说明或出处", "description/reference of the file is missing")
    body = {k: v for k, v in data.items() if k not in META}
    tree = entry.schema.check(body, ctx, "")
    if not ctx.problems and entry.cross is not None:
        entry.cross(ctx, tree)
    if ctx.problems:
        return None, ctx.problems
    tree["description"], tree["reference"] = data["description"], data["reference"]
    return tree, []
