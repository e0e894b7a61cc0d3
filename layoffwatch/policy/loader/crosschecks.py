"""Per-date checks across the values of one policy file (ADR 0010): brackets increase at every
change date, levels go 3→2→1, every actor is a known body or section, and so on. Each runs on a
file that already passed its schema; it adds Problems to the Ctx."""

from __future__ import annotations

from .codes import LEVELS, SECTION_CODES
from .resolving import change_dates, resolve
from .schema import Ctx


def _check_brackets(
    ctx: Ctx, tree: dict, key: str, low: str, high: str, *, high_rises: bool
) -> None:
    """At every date on which any bracket changes, the brackets in force must increase."""
    for on in change_dates(tree[key]):
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
    for on in change_dates(tree):
        labels = tree["level_labels"].at(on) or {}
        for b in resolve(tree["brackets"], on):
            if b["level"] is not None and b["threshold"] is not None and b["level"] not in labels:
                ctx.add(
                    "level_labels",
                    f"自 {on} 起缺少 {b['level']} 级的名称",
                    f"from {on} level {b['level']} has no label",
                )


def _cross_district(ctx: Ctx, tree: dict) -> None:
    for on in change_dates(tree):
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


def _cross_response(ctx: Ctx, tree: dict) -> None:
    for level in LEVELS:
        for start, proc, _ref in tree["levels"][level].entries:
            if proc is None:
                continue
            where = f"levels.{level}.{start}"
            actors = set(tree["bodies"].at(start) or {}) | SECTION_CODES
            documents = tree["documents"].at(start) or {}
            _response_steps(ctx, where, proc["steps"], actors, documents)
            _response_lifting(ctx, where, proc, actors)


def _unknown_actors(ctx: Ctx, where: str, names: list[str], actors: set[str]) -> None:
    for name in names:
        if name not in actors:
            ctx.add(
                where,
                f"{name} 不在 bodies 或科室代码中",
                f"{name} is neither a body nor a section code",
            )


def _response_steps(
    ctx: Ctx, where: str, steps: list[dict], actors: set[str], documents: dict
) -> None:
    """A procedure has a `report` and a `plan` step, unique keys, known actors and documents,
    and each deadline in hours or in working days."""
    keys = [s["key"] for s in steps]
    for needed in ("report", "plan"):
        if needed not in keys:
            ctx.add(where, f"缺少 key 为 {needed} 的步骤", f"needs a step with key {needed}")
    if len(set(keys)) != len(keys):
        ctx.add(where, "步骤 key 重复", "step keys repeat")
    for i, step in enumerate(steps):
        at = f"{where}.steps[{i}]"
        _unknown_actors(ctx, f"{at}.actor", [step["actor"]], actors)
        _unknown_actors(ctx, f"{at}.notify", step.get("notify", []), actors)
        doc = step.get("document")
        if doc is not None and doc not in documents:
            ctx.add(
                f"{at}.document", f"{doc} 不在 documents 中", f"{doc} is not listed in documents"
            )
        deadline = step.get("deadline")
        if deadline is not None and ("hours" in deadline) == ("working_days" in deadline):
            ctx.add(
                f"{at}.deadline",
                "须写 hours 或 working_days 之一",
                "needs exactly one of hours, working_days",
            )


def _response_lifting(ctx: Ctx, where: str, proc: dict, actors: set[str]) -> None:
    """Who decides, approves and is told of a lift is known; approval names its bodies; the
    steps a lift requires are steps of this level (ADR 0053)."""
    lifting = proc["lifting"]
    _unknown_actors(
        ctx,
        f"{where}.lifting",
        [lifting["decided_by"], *lifting.get("approval_bodies", []), *lifting.get("notify", [])],
        actors,
    )
    if lifting["requires_approval"] and not lifting.get("approval_bodies"):
        ctx.add(
            f"{where}.lifting",
            "需要报批时须写明审批机关（approval_bodies）",
            "approval needs approval_bodies",
        )
    keys = {s["key"] for s in proc["steps"]}
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
    for on in change_dates(tree):
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
    for on in change_dates(tree):
        a, b = tree["max_layoff_rate"].at(on), tree["small_enterprise_max_layoff_rate"].at(on)
        if a is not None and b is not None and b < a:
            ctx.add(
                "small_enterprise_max_layoff_rate",
                f"自 {on} 起小微企业的裁员率上限不应低于一般企业（{b} < {a}）",
                f"from {on} the small-enterprise limit must not be below the general one ({b} < {a})",
            )


def _cross_reporting(ctx: Ctx, tree: dict) -> None:
    for on in change_dates(tree):
        ahead, notice = (
            tree["waves"]["future_limit_days"].at(on),
            tree["art41"]["notice_days"].at(on),
        )
        if ahead is not None and notice is not None and ahead < notice:
            ctx.add(
                "waves.future_limit_days",
                f"自 {on} 起分批计划最远可填 {ahead} 天，短于劳动合同法第四十一条提前告知的 {notice} 天：依法提前告知的裁员须能填报",
                f"from {on} waves may be at most {ahead} days ahead, less than the {notice} days' notice of LCL Art. 41: a cut announced as the law asks must be reportable",
            )


CROSS = {
    "reporting": _cross_reporting,
    "alert_levels": _cross_alert_levels,
    "district_assessment": _cross_district,
    "response": _cross_response,
    "annex_tasks": _cross_annex,
    "blacklist": _cross_blacklist,
    "unemployment_insurance": _cross_ui,
    "layoff_aversion": _cross_aversion,
}
