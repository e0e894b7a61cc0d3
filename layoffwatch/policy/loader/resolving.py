"""Walking a checked file: its dated values, the dates on which anything changes, and the plain
values in force on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from .schema import Dated, join_path


def dated_nodes(tree: Any, path: str = "") -> Iterator[tuple[str, Dated]]:
    """Every dated value of a checked tree with its key path (`brackets[1].threshold`)."""
    if isinstance(tree, Dated):
        yield path, tree
    elif isinstance(tree, dict):
        for k, v in tree.items():
            yield from dated_nodes(v, join_path(path, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            yield from dated_nodes(v, f"{path}[{i}]")


def change_dates(tree: Any) -> list[dt.date]:
    """The dates on which any value of `tree` starts (cross-checks run on each of them)."""
    return sorted({start for _p, d in dated_nodes(tree) for start, _v, _r in d.entries})


def resolve(tree: Any, on: dt.date) -> Any:
    """The plain values in force on `on` (a retired or not-yet-valid value is None)."""
    if isinstance(tree, Dated):
        return tree.at(on)
    if isinstance(tree, dict):
        return {k: resolve(v, on) for k, v in tree.items()}
    if isinstance(tree, list):
        return [resolve(v, on) for v in tree]
    return tree


def plain(value: Any) -> Any:
    """JSON-ready: string keys, ISO dates."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
