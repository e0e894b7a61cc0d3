"""Dated policy parameters: load, validate, resolve on a date, identify the version (ADR 0010, 0013).

A parameter file is YAML in the OpenFisca style: every value that the plan (or a law) sets is a
mapping from its effective date to `{value: …, reference: …}`; `value: null` retires it from that
date. Nothing here reads the database or the clock: callers pass the date and, when the
administrator has added revisions, the revised file texts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from layoffwatch.accounts.roles import Role
from layoffwatch.accounts.sections import SECTIONS

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"
FILESET = "tongnan"
SECTION_CODES = {code for code, _name, kind, _order in SECTIONS if kind != "leadership"}
LEVELS = (3, 2, 1)  # plan S3.2: 三级（轻微） < 二级（较重） < 一级（严重）


# ---------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a parameter file: where (file, key) and what (Chinese, English)."""

    file: str
    key: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.file} › {self.key or '（整个文件）'}：{self.zh} / {self.en}"


class PolicyError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------- YAML reading


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


# ---------------------------------------------------------------- the dated value


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


# ---------------------------------------------------------------- schema


@dataclass
class Ctx:
    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, key: str, zh: str, en: str) -> None:
        self.problems.append(Problem(self.file, key, zh, en))


def _join(path: str, key: Any) -> str:
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
            self.key.check(k, ctx, _join(path, k))
            out[k] = self.value.check(v, ctx, _join(path, k))
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
                ctx.add(_join(path, k), "缺少此项", "is missing")
                continue
            out[k] = schema.check(value[k], ctx, _join(path, k))
        for k, schema in self.optional.items():
            if k in value:
                out[k] = schema.check(value[k], ctx, _join(path, k))
        for k in value:
            if k not in self.required and k not in self.optional:
                ctx.add(_join(path, k), "不认识的键（拼写错误？）", "unknown key (misspelt?)")
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
    """`{2023-02-23: {value: …, reference: …}, 2027-01-01: {value: null, reference: …}}`"""

    def __init__(self, inner: S):
        self.inner = inner

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
            where = _join(path, key)
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
            if not isinstance(entry, dict):
                ctx.add(
                    where, "应写作 {value: …, reference: …}", "must be {value: …, reference: …}"
                )
                continue
            unknown = set(entry) - {"value", "reference", "note"}
            if unknown:
                ctx.add(
                    where,
                    f"不认识的键：{'、'.join(map(str, unknown))}",
                    f"unknown keys: {', '.join(map(str, unknown))}",
                )
            if "value" not in entry:
                ctx.add(where, "缺少 value", "value is missing")
                continue
            ref = entry.get("reference")
            if not isinstance(ref, str) or not ref.strip():
                ctx.add(
                    where,
                    "缺少出处（reference），每个取值都要注明依据",
                    "reference is missing: every value must cite its source",
                )
            v = entry["value"]
            if v is None:
                if not entries:
                    ctx.add(
                        where,
                        "第一个取值不能是停止施行（null）",
                        "the first value cannot be a retirement (null)",
                    )
            else:
                v = self.inner.check(v, ctx, where)
            entries.append((start, v, ref if isinstance(ref, str) else ""))
        return Dated(tuple(entries))


# ---------------------------------------------------------------- the files

POS = Int(min=1)
SHARE = Num(above=0, max=1)
LEVEL = Code(LEVELS)
BODY_MAP = MapOf(Str(), Str())

STEP = Record(
    {"key": Str(), "title": Str(), "actor": Str(), "clause": Str()},
    {
        "notify": ListOf(Str()),
        "document": Optional(Str()),
        "deadline": Optional(
            Record(
                {},
                {
                    "hours": Num(min=0),
                    "working_days": Int(min=0),
                    "from": Code(("alert", "closure")),
                },
            )
        ),
    },
)
LIFTING = Record(
    {"requires_approval": Bool(), "decided_by": Str()},
    {
        "approver_role": Code([r.value for r in Role]),
        "approval_bodies": ListOf(Str()),
        "notify": ListOf(Str()),
        # keys of steps that must be done before lifting; no reason can waive them (ADR 0053)
        "requires_done": ListOf(Str()),
    },
)
PROCEDURE = Record({"steps": ListOf(STEP, min_len=1), "lifting": LIFTING})
TASK = Record(
    {
        "number": POS,
        "category": Str(),
        "content": Str(),
        "lead": Code(sorted(SECTION_CODES)),
        "cooperating": ListOf(Code(sorted(SECTION_CODES))),
        "leader_role": Str(),
        "clause": Str(),
        "standing": Bool(),
        "opens_at_level": Optional(LEVEL),
        "opens_for_measures": ListOf(Str()),
    }
)

SCHEMAS: dict[str, Record] = {
    "reporting": Record(
        {
            "report_threshold": DatedS(POS),
            "agency_co_report_above": DatedS(Int(min=0)),
            "qr_link_valid_days": DatedS(Int(min=1, max=3660)),
            "art41": Record(
                {
                    "min_cut": DatedS(POS),
                    "min_share": DatedS(SHARE),
                    "notice_days": DatedS(Int(min=0)),
                }
            ),
        }
    ),
    "alert_levels": Record(
        {
            "brackets": ListOf(
                Record({"threshold": DatedS(POS), "level": DatedS(LEVEL)}), min_len=1
            ),
            "window_days": DatedS(Int(min=1, max=366)),
            "level_labels": DatedS(MapOf(LEVEL, Str())),
        }
    ),
    "district_assessment": Record(
        {
            "weights": DatedS(Record({3: Num(above=0), 2: Num(above=0), 1: Num(above=0)})),
            "grades": DatedS(
                ListOf(
                    Record({"grade": LEVEL, "label": Str(), "min_score": Num(min=0)}),
                    min_len=3,
                    max_len=3,
                )
            ),
            "unemployment_rate_raise_at": DatedS(SHARE),
        }
    ),
    "response": Record(
        {
            "bodies": DatedS(BODY_MAP),
            "documents": DatedS(BODY_MAP),
            "immediate_grace_hours": DatedS(Num(min=0)),
            "levels": Record({3: DatedS(PROCEDURE), 2: DatedS(PROCEDURE), 1: DatedS(PROCEDURE)}),
        }
    ),
    "annex_tasks": Record(
        {
            "categories": DatedS(BODY_MAP),
            "leader_roles": DatedS(BODY_MAP),
            "measures": DatedS(BODY_MAP),
            "tasks": DatedS(ListOf(TASK, min_len=1)),
        }
    ),
    "written_report": Record(
        {
            "sections": DatedS(
                ListOf(Record({"key": Str(), "title": Str(), "guidance": Str()}), min_len=1)
            ),
            "major_problems_realtime": DatedS(Bool()),
        }
    ),
    "blacklist": Record(
        {
            "candidate_findings": DatedS(BODY_MAP),
            "requires_bad_social_impact": DatedS(Bool()),
            "listing_years": DatedS(POS),
            "early_removal_after_months": DatedS(Int(min=0)),
        }
    ),
    "unemployment_insurance": Record(
        {
            "min_contribution_months": DatedS(POS),
            "requires_involuntary": DatedS(Bool()),
            "duration": ListOf(
                Record({"min_contribution_months": DatedS(POS), "max_benefit_months": DatedS(POS)}),
                min_len=1,
            ),
            "max_benefit_months_total": DatedS(POS),
            "monthly_amount": DatedS(Num(min=0)),
        }
    ),
    "layoff_aversion": Record(
        {
            "max_layoff_rate": DatedS(SHARE),
            "small_enterprise_max_insured": DatedS(POS),
            "small_enterprise_max_layoff_rate": DatedS(SHARE),
        }
    ),
}
FILE_KEYS = list(SCHEMAS)
FILE_TITLES = {
    "reporting": "裁员报告义务",
    "alert_levels": "预警等级与合并计算期",
    "district_assessment": "全区综合评定",
    "response": "分级处置程序",
    "annex_tasks": "任务分解表",
    "written_report": "书面报告内容",
    "blacklist": "黑名单",
    "unemployment_insurance": "失业保险金",
    "layoff_aversion": "稳岗返还裁员率",
}


# ---------------------------------------------------------------- cross checks (per date)


def _dated_nodes(tree: Any, path: str = ""):
    if isinstance(tree, Dated):
        yield path, tree
    elif isinstance(tree, dict):
        for k, v in tree.items():
            yield from _dated_nodes(v, _join(path, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            yield from _dated_nodes(v, f"{path}[{i}]")


def _dates(tree: Any) -> list[dt.date]:
    return sorted({start for _p, d in _dated_nodes(tree) for start, _v, _r in d.entries})


def resolve(tree: Any, on: dt.date) -> Any:
    if isinstance(tree, Dated):
        return tree.at(on)
    if isinstance(tree, dict):
        return {k: resolve(v, on) for k, v in tree.items()}
    if isinstance(tree, list):
        return [resolve(v, on) for v in tree]
    return tree


def _check_brackets(
    ctx: Ctx, tree: dict, key: str, low: str, high: str, *, high_rises: bool
) -> None:
    """At every date on which any bracket changes, the brackets in force must increase."""
    for on in _dates(tree[key]):
        active = [b for b in resolve(tree[key], on) if b[low] is not None and b[high] is not None]
        for i in range(1, len(active)):
            a, b = active[i - 1], active[i]
            if b[low] <= a[low]:
                ctx.add(
                    f"{key}[{i}].{low}",
                    f"自 {on} 起各档门槛须递增：{b[low]} 不大于上一档的 {a[low]}",
                    f"from {on} the brackets must increase: {b[low]} is not above the previous {a[low]}",
                )
            rises = b[high] > a[high]
            if rises != high_rises or b[high] == a[high]:
                ctx.add(
                    f"{key}[{i}].{high}",
                    f"自 {on} 起各档 {high} 须{'递增' if high_rises else '由低到高逐级加重（3→2→1）'}：{a[high]} 之后是 {b[high]}",
                    f"from {on} the brackets' {high} must {'increase' if high_rises else 'go 3→2→1'}: {a[high]} then {b[high]}",
                )


def _cross_alert_levels(ctx: Ctx, tree: dict) -> None:
    _check_brackets(ctx, tree, "brackets", "threshold", "level", high_rises=False)
    for on in _dates(tree):
        labels = tree["level_labels"].at(on) or {}
        for b in resolve(tree["brackets"], on):
            if b["level"] is not None and b["threshold"] is not None and b["level"] not in labels:
                ctx.add(
                    "level_labels",
                    f"自 {on} 起缺少 {b['level']} 级的名称",
                    f"from {on} level {b['level']} has no label",
                )


def _cross_district(ctx: Ctx, tree: dict) -> None:
    for on in _dates(tree):
        w = tree["weights"].at(on)
        if w and not (w[3] < w[2] < w[1]):
            ctx.add(
                "weights",
                f"自 {on} 起权重须随等级加重而增大（三级 < 二级 < 一级）",
                f"from {on} weights must grow with severity (3 < 2 < 1)",
            )
        grades = tree["grades"].at(on)
        if grades:
            if [g["grade"] for g in grades] != [3, 2, 1]:
                ctx.add(
                    "grades",
                    f"自 {on} 起等次须按 3、2、1 排列",
                    f"from {on} grades must be listed 3, 2, 1",
                )
            scores = [g["min_score"] for g in grades]
            if scores[0] != 0 or not all(a < b for a, b in zip(scores, scores[1:], strict=False)):
                ctx.add(
                    "grades",
                    f"自 {on} 起最低分数须从 0 开始并递增：{scores}",
                    f"from {on} min_score must start at 0 and increase: {scores}",
                )


def _cross_response(ctx: Ctx, tree: dict) -> None:  # noqa: C901 — to split: steps, notify, lifting checks (pyproject.toml list)
    for level in LEVELS:
        for start, proc, _ref in tree["levels"][level].entries:
            if proc is None:
                continue
            where = f"levels.{level}.{start}"
            bodies = tree["bodies"].at(start) or {}
            documents = tree["documents"].at(start) or {}
            actors = set(bodies) | SECTION_CODES
            keys = [s["key"] for s in proc["steps"]]
            for needed in ("report", "plan"):
                if needed not in keys:
                    ctx.add(
                        where, f"缺少 key 为 {needed} 的步骤", f"needs a step with key {needed}"
                    )
            if len(set(keys)) != len(keys):
                ctx.add(where, "步骤 key 重复", "step keys repeat")
            for i, step in enumerate(proc["steps"]):
                if step["actor"] not in actors:
                    ctx.add(
                        f"{where}.steps[{i}].actor",
                        f"{step['actor']} 不在 bodies 或科室代码中",
                        f"{step['actor']} is neither a body nor a section code",
                    )
                for n in step.get("notify", []):
                    if n not in actors:
                        ctx.add(
                            f"{where}.steps[{i}].notify",
                            f"{n} 不在 bodies 或科室代码中",
                            f"{n} is neither a body nor a section code",
                        )
                doc = step.get("document")
                if doc is not None and doc not in documents:
                    ctx.add(
                        f"{where}.steps[{i}].document",
                        f"{doc} 不在 documents 中",
                        f"{doc} is not listed in documents",
                    )
                deadline = step.get("deadline")
                if deadline is not None and ("hours" in deadline) == ("working_days" in deadline):
                    ctx.add(
                        f"{where}.steps[{i}].deadline",
                        "须写 hours 或 working_days 之一",
                        "needs exactly one of hours, working_days",
                    )
            lifting = proc["lifting"]
            for n in [
                lifting["decided_by"],
                *lifting.get("approval_bodies", []),
                *lifting.get("notify", []),
            ]:
                if n not in actors:
                    ctx.add(
                        f"{where}.lifting",
                        f"{n} 不在 bodies 或科室代码中",
                        f"{n} is neither a body nor a section code",
                    )
            if lifting["requires_approval"] and not lifting.get("approval_bodies"):
                ctx.add(
                    f"{where}.lifting",
                    "需要报批时须写明审批机关（approval_bodies）",
                    "approval needs approval_bodies",
                )
            for key in lifting.get("requires_done", []):
                if key not in keys:
                    ctx.add(
                        f"{where}.lifting.requires_done",
                        f"{key} 不是本级处置程序的步骤",
                        f"{key} is not a step of this level's procedure",
                    )


def _cross_annex(ctx: Ctx, tree: dict) -> None:
    for start, tasks, _ref in tree["tasks"].entries:
        if tasks is None:
            continue
        cats = tree["categories"].at(start) or {}
        roles = tree["leader_roles"].at(start) or {}
        measures = tree["measures"].at(start) or {}
        numbers = [t["number"] for t in tasks]
        if numbers != sorted(set(numbers)):
            ctx.add(
                f"tasks.{start}",
                "任务序号须唯一且递增",
                "task numbers must be unique and increasing",
            )
        for i, t in enumerate(tasks):
            where = f"tasks.{start}[{i}]"
            if t["category"] not in cats:
                ctx.add(
                    f"{where}.category",
                    f"{t['category']} 不在 categories 中",
                    f"{t['category']} is not in categories",
                )
            if t["leader_role"] not in roles:
                ctx.add(
                    f"{where}.leader_role",
                    f"{t['leader_role']} 不在 leader_roles 中",
                    f"{t['leader_role']} is not in leader_roles",
                )
            for m in t["opens_for_measures"]:
                if m not in measures:
                    ctx.add(
                        f"{where}.opens_for_measures",
                        f"{m} 不在 measures 中",
                        f"{m} is not in measures",
                    )
            if t["lead"] in t["cooperating"]:
                ctx.add(
                    f"{where}.cooperating",
                    "牵头单位不能同时是配合单位",
                    "the lead unit cannot also cooperate",
                )


def _cross_blacklist(ctx: Ctx, tree: dict) -> None:
    for on in _dates(tree):
        years, months = tree["listing_years"].at(on), tree["early_removal_after_months"].at(on)
        if years and months is not None and months >= years * 12:
            ctx.add(
                "early_removal_after_months",
                f"自 {on} 起提前移出的期限（{months} 个月）须短于公布期（{years} 年）",
                f"from {on} early removal ({months} months) must be shorter than the listing ({years} years)",
            )


def _cross_ui(ctx: Ctx, tree: dict) -> None:
    _check_brackets(
        ctx, tree, "duration", "min_contribution_months", "max_benefit_months", high_rises=True
    )


def _cross_aversion(ctx: Ctx, tree: dict) -> None:
    for on in _dates(tree):
        a, b = tree["max_layoff_rate"].at(on), tree["small_enterprise_max_layoff_rate"].at(on)
        if a is not None and b is not None and b < a:
            ctx.add(
                "small_enterprise_max_layoff_rate",
                f"自 {on} 起小微企业的裁员率上限不应低于一般企业（{b} < {a}）",
                f"from {on} the small-enterprise limit must not be below the general one ({b} < {a})",
            )


CROSS = {
    "alert_levels": _cross_alert_levels,
    "district_assessment": _cross_district,
    "response": _cross_response,
    "annex_tasks": _cross_annex,
    "blacklist": _cross_blacklist,
    "unemployment_insurance": _cross_ui,
    "layoff_aversion": _cross_aversion,
}


def validate_text(key: str, text: str) -> tuple[dict | None, list[Problem]]:
    """Parse and validate one parameter file; returns (normalised tree, problems)."""
    file = f"{key}.yaml"
    if key not in SCHEMAS:
        return None, [Problem(file, "", f"未知的参数文件 {key}", f"unknown parameter file {key}")]
    data, problems = parse_yaml(text, file=file)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(file, "", "文件内容应为键值表", "the file must be a mapping")]
    ctx = Ctx(file)
    for meta in ("description", "reference"):
        if not isinstance(data.get(meta), str) or not data[meta].strip():
            ctx.add(meta, "缺少文件说明或出处", "description/reference of the file is missing")
    body = {k: v for k, v in data.items() if k not in ("description", "reference")}
    tree = SCHEMAS[key].check(body, ctx, "")
    if not ctx.problems and key in CROSS:
        CROSS[key](ctx, tree)
    if ctx.problems:
        return None, ctx.problems
    tree["description"], tree["reference"] = data["description"], data["reference"]
    return tree, []


# ---------------------------------------------------------------- the policy


@dataclass(frozen=True)
class ParamFile:
    key: str
    text: str
    tree: dict
    source: str  # "随代码发布" (bundled) or "修订 #id（date 起施行）" (PolicyRevision.source)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Policy:
    """The parameter files in use, resolvable on any date. Immutable; build a new one to revise."""

    def __init__(self, files: dict[str, ParamFile]):
        missing = [k for k in FILE_KEYS if k not in files]
        if missing:
            raise PolicyError(
                [
                    Problem(f"{k}.yaml", "", "缺少参数文件", "parameter file is missing")
                    for k in missing
                ]
            )
        self.files = files
        self._cache: dict[dt.date, dict] = {}
        # why memoise: a Policy never changes after construction (with_file builds a new one), so
        # its version on a date is fixed; computing it hashes every dated entry (~1 ms).
        self._versions: dict[dt.date, str] = {}

    # -- reading
    def at(self, on: dt.date) -> dict:
        """Every parameter's value in force on `on`, as plain data ({file key: {…}})."""
        if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
            raise TypeError("on must be a datetime.date")
        if on not in self._cache:
            self._cache[on] = {k: resolve(f.tree, on) for k, f in self.files.items()}
        return self._cache[on]

    def entries_in_force(self, on: dt.date) -> list[tuple[str, str, dt.date, Any]]:
        rows = []
        for key, f in self.files.items():
            for path, dated in _dated_nodes(f.tree):
                entry = dated.entry_at(on)
                if entry is not None:
                    rows.append((key, path, entry[0], entry[1]))
        return rows

    def version(self, on: dt.date) -> str:
        """`tongnan@<latest effective date in force>#<hash of the values in force>`.

        It depends only on the values in force on `on`, so a revision effective later (which may
        not touch earlier values: ADR 0013) leaves the version of earlier dates unchanged.
        """
        if on not in self._versions:
            self._versions[on] = self._version(on)
        return self._versions[on]

    def _version(self, on: dt.date) -> str:
        rows = self.entries_in_force(on)
        if not rows:
            return f"{FILESET}@none"
        since = max(r[2] for r in rows)
        payload = json.dumps(
            sorted([k, p, s.isoformat(), _plain(v)] for k, p, s, v in rows),
            ensure_ascii=False,
            sort_keys=True,
        )
        return f"{FILESET}@{since.isoformat()}#{hashlib.sha256(payload.encode()).hexdigest()[:12]}"

    def history(self, key: str | None = None) -> list[dict]:
        """Every dated value of every file: path, start, end (day before the next), value, reference."""
        rows = []
        for k, f in self.files.items():
            if key and k != key:
                continue
            for path, dated in _dated_nodes(f.tree):
                for i, (start, value, ref) in enumerate(dated.entries):
                    nxt = dated.entries[i + 1][0] if i + 1 < len(dated.entries) else None
                    rows.append(
                        {
                            "file": k,
                            "path": path,
                            "start": start,
                            "end": nxt - dt.timedelta(days=1) if nxt else None,
                            "value": value,
                            "retired": value is None,
                            "reference": ref,
                        }
                    )
        return rows

    def change_dates(self) -> list[dt.date]:
        return sorted({d for f in self.files.values() for d in _dates(f.tree)})

    # -- revising
    def with_file(self, key: str, text: str, source: str) -> Policy:
        tree, problems = validate_text(key, text)
        if problems:
            raise PolicyError(problems)
        files = dict(self.files)
        files[key] = ParamFile(key, text, tree, source)
        return Policy(files)


def _entries(tree: dict) -> dict[tuple[str, dt.date], tuple[Any, str]]:
    return {(path, s): (_plain(v), r) for path, d in _dated_nodes(tree) for s, v, r in d.entries}


def check_revision(
    policy: Policy,
    *,
    key: str,
    text: str,
    effective: dt.date,
    today: dt.date,
    pending: list[dt.date] = (),
) -> list[Problem]:
    """May `text` become the new version of file `key`, effective on `effective`? (ADR 0013)

    - it validates like a bundled file;
    - it is effective after `today` (what was graded stays graded by the rules of its day);
    - no other revision of the file is effective on or after that date (overlapping versions);
    - it changes nothing dated before `effective`, and its earliest change is on `effective`.
    """
    file = f"{key}.yaml"
    if key not in SCHEMAS:
        return [Problem(file, "", f"未知的参数文件 {key}", f"unknown parameter file {key}")]
    tree, problems = validate_text(key, text)
    if effective <= today:
        problems.append(
            Problem(
                file,
                "effective_date",
                f"生效日期须晚于今天（{today}），已施行的规则不能追溯修改",
                f"the effective date must be after today ({today}); rules in force cannot be changed retroactively",
            )
        )
    clash = sorted(d for d in pending if d >= effective)
    if clash:
        problems.append(
            Problem(
                file,
                "effective_date",
                f"与已登记的 {clash[-1]} 生效版本重叠；新版本的生效日期须晚于它",
                f"overlaps the version registered for {clash[-1]}; the new version must take effect after it",
            )
        )
    if tree is None:
        return problems
    old, new = _entries(policy.files[key].tree), _entries(tree)
    changed = sorted(
        {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}, key=lambda k: (k[1], k[0])
    )
    early = [k for k in changed if k[1] < effective]
    for path, start in early[:5]:
        problems.append(
            Problem(
                file,
                f"{path}.{start}",
                f"改动了 {effective} 之前的取值；历史取值不能修改，请新增一个 {effective} 或以后生效的取值",
                f"changes a value dated before {effective}; history is fixed, add a value dated {effective} or later",
            )
        )
    if not changed:
        problems.append(
            Problem(
                file,
                "",
                "与现行版本相同，没有任何改动",
                "identical to the version in use: nothing changes",
            )
        )
    elif not early and changed[0][1] != effective:
        problems.append(
            Problem(
                file,
                "effective_date",
                f"最早的改动日期是 {changed[0][1]}，与填写的生效日期 {effective} 不一致",
                f"the earliest change is dated {changed[0][1]}, not the stated effective date {effective}",
            )
        )
    return problems


def read_bundled(directory: Path = PARAMETERS_DIR) -> dict[str, str]:
    return {
        key: (directory / f"{key}.yaml").read_text(encoding="utf-8")
        for key in FILE_KEYS
        if (directory / f"{key}.yaml").exists()
    }


def load_directory(directory: Path = PARAMETERS_DIR) -> tuple[Policy | None, list[Problem]]:
    """Validate every file of a directory; returns the policy (or None) and all problems found."""
    texts = read_bundled(directory)
    problems = [
        Problem(f"{k}.yaml", "", "缺少参数文件", "parameter file is missing")
        for k in FILE_KEYS
        if k not in texts
    ]
    files = {}
    for key, text in texts.items():
        tree, found = validate_text(key, text)
        problems += found
        if tree is not None:
            files[key] = ParamFile(key, text, tree, "随代码发布")
    extra = sorted(p.stem for p in directory.glob("*.yaml") if p.stem not in SCHEMAS)
    problems += [
        Problem(
            f"{k}.yaml",
            "",
            "不认识的参数文件（文件名拼错？）",
            "unknown parameter file (misspelt name?)",
        )
        for k in extra
    ]
    if problems:
        return None, problems
    return Policy(files), []


@lru_cache(maxsize=1)
def bundled_policy() -> Policy:
    """The parameter files shipped with the code (no administrator revisions)."""
    policy, problems = load_directory(PARAMETERS_DIR)
    if problems:
        raise PolicyError(problems)
    return policy
