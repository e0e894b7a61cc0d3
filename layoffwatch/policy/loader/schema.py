"""The schema types a parameter file is checked with, and the dated value they produce (ADR 0010).

Every check adds Problems to a Ctx (file, key path, Chinese and English) instead of raising, so one
reading of a file lists everything wrong with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem


@dataclass(frozen=True)
class Dated:
    """A parameter's values over time: (start date, value, reference); value None = retired."""

    entries: tuple[tuple[dt.date, Any, str], ...]

    def at(self, on: dt.date) -> Any:
        value = None
        for start, entry_value, _ref in self.entries:
            if start > on:
                break
            value = entry_value
        return value

    def entry_at(self, on: dt.date) -> tuple[dt.date, Any, str] | None:
        found = None
        for entry in self.entries:
            if entry[0] > on:
                break
            found = entry
        return found


@dataclass
class Ctx:
    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, key: str, zh: str, en: str) -> None:
        self.problems.append(Problem(self.file, key, zh, en))


def join_path(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


class S:
    def check(self, value: Any, ctx: Ctx, path: str) -> Any:  # pragma: no cover - interface
        raise NotImplementedError


class Int(S):
    def __init__(self, min: int | None = None, max: int | None = None):
        self.min, self.max = min, max

    def check(self, value, ctx, path):
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.add(path, f"应为整数，实际为 {value!r}", f"must be an integer, got {value!r}")
            return value
        if self.min is not None and value < self.min:
            ctx.add(
                path,
                f"不能小于 {self.min}（实际 {value}）",
                f"must be at least {self.min} (got {value})",
            )
        if self.max is not None and value > self.max:
            ctx.add(
                path,
                f"不能大于 {self.max}（实际 {value}）",
                f"must be at most {self.max} (got {value})",
            )
        return value


class Num(S):
    def __init__(
        self, min: float | None = None, max: float | None = None, above: float | None = None
    ):
        self.min, self.max, self.above = min, max, above

    def check(self, value, ctx, path):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            ctx.add(path, f"应为数值，实际为 {value!r}", f"must be a number, got {value!r}")
            return value
        if self.min is not None and value < self.min:
            ctx.add(
                path,
                f"不能小于 {self.min}（实际 {value}）",
                f"must be at least {self.min} (got {value})",
            )
        if self.above is not None and value <= self.above:
            ctx.add(
                path,
                f"必须大于 {self.above}（实际 {value}）",
                f"must be greater than {self.above} (got {value})",
            )
        if self.max is not None and value > self.max:
            ctx.add(
                path,
                f"不能大于 {self.max}（实际 {value}）",
                f"must be at most {self.max} (got {value})",
            )
        return value


class Str(S):
    def check(self, value, ctx, path):
        if not isinstance(value, str) or not value.strip():
            ctx.add(
                path, f"应为非空文字，实际为 {value!r}", f"must be non-empty text, got {value!r}"
            )
        return value


class Bool(S):
    def check(self, value, ctx, path):
        if not isinstance(value, bool):
            ctx.add(
                path,
                f"应为 true 或 false，实际为 {value!r}",
                f"must be true or false, got {value!r}",
            )
        return value


class Code(S):
    def __init__(self, choices):
        self.choices = tuple(choices)

    def check(self, value, ctx, path):
        if value not in self.choices:
            allowed = "、".join(str(c) for c in self.choices)
            ctx.add(
                path,
                f"{value!r} 不是允许的取值（{allowed}）",
                f"{value!r} is not one of: {allowed}",
            )
        return value


class Optional(S):
    def __init__(self, inner: S):
        self.inner = inner

    def check(self, value, ctx, path):
        return None if value is None else self.inner.check(value, ctx, path)


class ListOf(S):
    def __init__(self, item: S, min_len: int = 0, max_len: int | None = None):
        self.item, self.min_len, self.max_len = item, min_len, max_len

    def check(self, value, ctx, path):
        if not isinstance(value, list):
            ctx.add(path, "应为列表", "must be a list")
            return value
        if len(value) < self.min_len:
            ctx.add(path, f"至少需要 {self.min_len} 项", f"needs at least {self.min_len} items")
        if self.max_len is not None and len(value) > self.max_len:
            ctx.add(path, f"最多 {self.max_len} 项", f"at most {self.max_len} items")
        return [self.item.check(v, ctx, f"{path}[{i}]") for i, v in enumerate(value)]


class MapOf(S):
    def __init__(self, key: S, value: S, min_len: int = 1):
        self.key, self.value, self.min_len = key, value, min_len

    def check(self, value, ctx, path):
        if not isinstance(value, dict):
            ctx.add(path, "应为键值表", "must be a mapping")
            return value
        if len(value) < self.min_len:
            ctx.add(path, f"至少需要 {self.min_len} 项", f"needs at least {self.min_len} entries")
        out = {}
        for k, v in value.items():
            self.key.check(k, ctx, join_path(path, k))
            out[k] = self.value.check(v, ctx, join_path(path, k))
        return out


class Record(S):
    def __init__(self, required: dict, optional: dict | None = None):
        self.required, self.optional = required, optional or {}

    def check(self, value, ctx, path):
        if not isinstance(value, dict):
            ctx.add(path, "应为键值表", "must be a mapping")
            return value
        out = {}
        for k, schema in self.required.items():
            if k not in value:
                ctx.add(join_path(path, k), "缺少此项", "is missing")
                continue
            out[k] = schema.check(value[k], ctx, join_path(path, k))
        for k, schema in self.optional.items():
            if k in value:
                out[k] = schema.check(value[k], ctx, join_path(path, k))
        for k in value:
            if k not in self.required and k not in self.optional:
                ctx.add(join_path(path, k), "不认识的键（拼写错误？）", "unknown key (misspelt?)")
        return out


def _as_date(key: Any) -> dt.date | None:
    if isinstance(key, dt.datetime):
        return None
    if isinstance(key, dt.date):
        return key
    if isinstance(key, str):
        try:
            return dt.date.fromisoformat(key)
        except ValueError:
            return None
    return None


class DatedS(S):
    """`{2023-02-23: {value: …, reference: …}, 2027-01-01: {value: null, reference: …}}`

    `retirable=False` for a value the code cannot do without (a limit, a due day): `null` is then
    refused, and a revision gives a new value instead.
    """

    def __init__(self, inner: S, *, retirable: bool = True):
        self.inner, self.retirable = inner, retirable

    def check(self, value, ctx, path):
        if not isinstance(value, dict) or not value:
            ctx.add(
                path,
                "应为按生效日期排列的取值（日期: {value: …, reference: …}）",
                "must map effective dates to {value, reference}",
            )
            return Dated(())
        entries: list[tuple[dt.date, Any, str]] = []
        previous: dt.date | None = None
        for key, entry in value.items():
            where = join_path(path, key)
            start = _as_date(key)
            if start is None:
                ctx.add(
                    where,
                    f"{key!r} 不是日期（应写作 YYYY-MM-DD）",
                    f"{key!r} is not a date (write YYYY-MM-DD)",
                )
                continue
            if previous is not None and start <= previous:
                ctx.add(
                    where,
                    f"生效日期须按先后顺序排列，{start} 不晚于 {previous}",
                    f"effective dates must be in order: {start} is not after {previous}",
                )
            previous = start
            checked = self._entry(entry, ctx, where, first=not entries)
            if checked is not None:
                entries.append((start, *checked))
        return Dated(tuple(entries))

    def _entry(self, entry, ctx: Ctx, where: str, *, first: bool) -> tuple[Any, str] | None:
        """One `{value: …, reference: …}`: (checked value, reference), or None if unusable."""
        if not isinstance(entry, dict):
            ctx.add(where, "应写作 {value: …, reference: …}", "must be {value: …, reference: …}")
            return None
        unknown = set(entry) - {"value", "reference", "note"}
        if unknown:
            ctx.add(
                where,
                f"不认识的键：{'、'.join(map(str, unknown))}",
                f"unknown keys: {', '.join(map(str, unknown))}",
            )
        if "value" not in entry:
            ctx.add(where, "缺少 value", "value is missing")
            return None
        ref = entry.get("reference")
        if not isinstance(ref, str) or not ref.strip():
            ctx.add(
                where,
                "缺少出处（reference），每个取值都要注明依据",
                "reference is missing: every value must cite its source",
            )
        value = entry["value"]
        if value is not None:
            value = self.inner.check(value, ctx, where)
        elif first:
            ctx.add(
                where,
                "第一个取值不能是停止施行（null）",
                "the first value cannot be a retirement (null)",
            )
        elif not self.retirable:
            ctx.add(
                where,
                "此项不能停止施行（null），请写出新的取值",
                "this value cannot be retired (null): give the new value instead",
            )
        return value, ref if isinstance(ref, str) else ""
