"""The plan's rules as pure functions of facts and the parameters in force on a date.

No database, no clock: the caller passes `on` (the date the facts refer to) and, to include the
administrator's revisions, `policy=policy_in_force()` from selectors.py. Every result carries
`version` (the parameters used) and `reasons` (Chinese sentences a policy officer can check);
callers store both with whatever they grade (ARCHITECTURE: a later change never regrades history).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.sections import SECTIONS
from layoffwatch.core.recorded import Recorded, recorded, term

from .loader import LEVELS, Policy, bundled_policy


class InvalidFact(ValueError):
    """A fact given to a rule is impossible (negative count, share over 100% …). Bilingual."""

    def __init__(self, field: str, zh: str, en: str):
        self.field, self.zh, self.en = field, zh, en
        super().__init__(f"{field}：{zh} / {en}")


def _count(name: str, value: Any, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidFact(
            name, f"须为整数，实际为 {value!r}", f"must be a whole number, got {value!r}"
        )
    if value < minimum:
        raise InvalidFact(
            name,
            f"不能小于 {minimum}（实际为 {value}）",
            f"must be at least {minimum} (got {value})",
        )
    return value


def share(value: Any) -> Fraction:
    # why: 0.1 as a float is not exactly a tenth; 10 of 100 staff must be exactly on the boundary.
    return Fraction(str(value))


def pct(value: Fraction | float) -> str:
    return f"{float(value) * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _policy(policy: Policy | None) -> Policy:
    return policy if policy is not None else bundled_policy()


@dataclass
class Result:
    on: dt.date
    version: str
    reasons: list[str] = field(default_factory=list)
    # the recorded message of each reason, one for one (ADR 0100): the reasons stay Chinese for
    # the record, a page says them again in the reader's language (core.recorded.reasons_shown);
    # only the grading rules (grade_cut, grade_waves, reporting_duty) say theirs so far
    reason_messages: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        return _jsonable(data)

    def say(self, reason: Recorded, *, first: bool = False) -> None:
        """Add a reason: its Chinese to `reasons`, its message to `reason_messages`."""
        at = 0 if first else len(self.reasons)
        self.reasons.insert(at, reason.text)
        self.reason_messages.insert(at, reason.message)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return float(value)
    return value


# ---------------------------------------------------------------- S3.2 alert level


@dataclass
class Grade(Result):
    cut: int = 0
    level: int | None = None
    level_label: str = ""


def _level_for(total: int, params: dict) -> tuple[int | None, int | None]:
    """(level, threshold of its bracket) for a total cut; None below the lowest bracket."""
    found: tuple[int | None, int | None] = (None, None)
    for bracket in params["alert_levels"]["brackets"]:
        if (
            bracket["threshold"] is not None
            and bracket["level"] is not None
            and total >= bracket["threshold"]
        ):
            found = (bracket["level"], bracket["threshold"])
    return found


def grade_cut(cut: int, *, on: dt.date, policy: Policy | None = None) -> Grade:
    """plan S3.2: the warning level of a one-time cut of `cut` people at one enterprise."""
    cut = _count("cut", cut)
    policy = _policy(policy)
    params = policy.at(on)
    level, threshold = _level_for(cut, params)
    result = Grade(on=on, version=policy.version(on), cut=cut, level=level)
    labels = params["alert_levels"]["level_labels"] or {}
    if level is None:
        lowest = min(
            (
                b["threshold"]
                for b in params["alert_levels"]["brackets"]
                if b["threshold"] is not None
            ),
            default=None,
        )
        if lowest is None:
            result.say(
                recorded(
                    N_("%(on)s 没有施行中的预警等级标准，不分级（预案三（二）施行前）"),
                    on=on.isoformat(),
                )
            )
        else:
            result.say(
                recorded(
                    N_(
                        "一次性裁员 %(cut)s 人，少于 %(lowest)s 人，不构成规模性裁员预警（预案三（二））"
                    ),
                    cut=cut,
                    lowest=lowest,
                )
            )
    else:
        result.level_label = labels.get(level, f"{level}级预警")
        upper = _upper_bound(level, params)
        span = (
            recorded(N_("%(threshold)s 人及以上"), threshold=threshold)
            if upper is None
            else recorded(N_("%(threshold)s–%(upper)s 人"), threshold=threshold, upper=upper)
        )
        result.say(
            recorded(
                N_("一次性裁员 %(cut)s 人，属于 %(span)s档，为%(level)s（预案三（二））"),
                cut=cut,
                span=span,
                level=_level_term(labels, level),
            )
        )
    return result


def _level_term(labels: dict, level: int):
    """A level's name as the parameters name it (a msgid of the policy catalog), or N级预警."""
    if level in labels:
        return term(labels[level])
    return recorded(N_("%(level)s级预警"), level=level)


def _upper_bound(level: int, params: dict) -> int | None:
    brackets = [
        b
        for b in params["alert_levels"]["brackets"]
        if b["threshold"] is not None and b["level"] is not None
    ]
    for a, b in zip(brackets, brackets[1:], strict=False):
        if a["level"] == level:
            return b["threshold"] - 1
    return None


@dataclass
class WaveGrade(Result):
    level: int | None = None
    level_label: str = ""
    total: int = 0  # the window total that set the level
    split: bool = False  # the level came from several waves added up
    window_days: int | None = None
    timeline: list[dict] = field(default_factory=list)


def grade_waves(
    waves: list[tuple[dt.date, int]], *, on: dt.date, policy: Policy | None = None
) -> WaveGrade:
    """plan S3.2 + ADR 0011: grade the waves of cuts at one enterprise up to `on`.

    Each wave is graded by the total of the waves within the window that ends on its date (the
    window of N days includes both ends: dates d−N+1 … d), with the parameters in force on that
    wave's date. The level is the most severe reached so far: it rises as waves arrive and
    never falls by itself (lifting a warning is a decision, plan S5.3).
    """
    policy = _policy(policy)
    counted = [w for w in _checked_waves(waves) if w[0] <= on]
    params_on = policy.at(on)
    result = WaveGrade(
        on=on, version=policy.version(on), window_days=params_on["alert_levels"]["window_days"]
    )
    result.timeline = [_wave_row(day, count, counted, policy.at(day)) for day, count in counted]
    best = _most_severe(result.timeline)
    if best is None:
        result.total = max((r["window_total"] for r in result.timeline), default=0)
    else:
        result.level, result.total = best["level"], best["window_total"]
        result.split = _reached_only_by_adding_up(best, counted, policy)
    if not counted:
        result.say(recorded(N_("截至 %(on)s 没有裁员批次"), on=on.isoformat()))
        return result
    labels = params_on["alert_levels"]["level_labels"] or {}
    if result.level is not None:
        result.level_label = labels.get(result.level, f"{result.level}级预警")
    for reason in _waves_reasons(result, labels, largest=max(c for _d, c in counted)):
        result.say(reason)
    return result


def _checked_waves(waves: list[tuple[dt.date, int]]) -> list[tuple[dt.date, int]]:
    """The waves as (date, count), oldest first; a wave without both, or with a date that is
    not a day or a count that is not a whole number of people, is an impossible fact."""
    clean = []
    for i, wave in enumerate(waves):
        try:
            day, count = wave
        except (TypeError, ValueError):
            raise InvalidFact(
                f"waves[{i}]", "每批须写明日期和人数", "each wave needs a date and a count"
            )
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidFact(f"waves[{i}].date", f"不是日期：{day!r}", f"not a date: {day!r}")
        clean.append((day, _count(f"waves[{i}].count", count)))
    clean.sort(key=lambda w: w[0])
    return clean


def _wave_row(day: dt.date, count: int, waves: list[tuple[dt.date, int]], params: dict) -> dict:
    """One wave graded by the total of `waves` within the window ending on its date (both ends
    included, ADR 0011), with `params`, the parameters in force on that date."""
    window = params["alert_levels"]["window_days"] or 1
    inside = [w for w in waves if day - dt.timedelta(days=window - 1) <= w[0] <= day]
    total = sum(c for _d, c in inside)
    level, _threshold = _level_for(total, params)
    return {
        "date": day,
        "count": count,
        "window_total": total,
        "waves_in_window": len(inside),
        "level": level,
    }


def _most_severe(timeline: list[dict]) -> dict | None:
    """The wave that set the level: the most severe level reached (1 is the most severe), at the
    largest window total; of equals, the earliest. None when no wave reached a level."""
    reached = [row for row in timeline if row["level"] is not None]
    return min(reached, key=lambda row: (row["level"], -row["window_total"]), default=None)


def _reached_only_by_adding_up(
    best: dict, waves: list[tuple[dt.date, int]], policy: Policy
) -> bool:
    """A split cut (plan S3.2 “一次性”): the level was reached by several waves added up, and
    no single wave reaches it on its own."""
    if best["waves_in_window"] <= 1:
        return False
    alone = [_level_for(c, policy.at(d))[0] for d, c in waves]
    return not any(level is not None and level <= best["level"] for level in alone)


def _waves_reasons(result: WaveGrade, labels: dict, *, largest: int) -> list[Recorded]:
    """The window, each wave with its window total, and the level they set, as sentences."""
    reasons = [
        recorded(N_("合并计算期为连续 %(days)s 天（含首尾两天）"), days=result.window_days)
        if result.window_days
        else recorded(N_("合并计算期为连续 （合并计算期未施行）（含首尾两天）"))
    ]
    for row in result.timeline:
        reached = row["level"] and row["level"] in labels
        reasons.append(
            recorded(
                N_(
                    "%(date)s 裁员 %(count)s 人，计算期内共 %(waves)s 批合计 %(total)s 人：%(outcome)s"
                ),
                date=row["date"].isoformat(),
                count=row["count"],
                waves=row["waves_in_window"],
                total=row["window_total"],
                outcome=term(labels[row["level"]]) if reached else term(N_("未达预警标准")),
            )
        )
    if result.level is None:
        reasons.append(recorded(N_("各批次合计均未达到预警标准")))
        return reasons
    reasons.append(
        recorded(
            N_(
                "按最高达到的等级定级：%(level)s（合计 %(total)s 人）；等级只升不降，解除须按处置程序办理"
            ),
            level=_level_term(labels, result.level),
            total=result.total,
        )
    )
    if result.split:
        reasons.append(
            recorded(
                N_("单批最多 %(largest)s 人，分批合计后才达到该等级：标记为“分批裁员”"),
                largest=largest,
            )
        )
    return reasons


# ---------------------------------------------------------------- S3.1.1, S3.1.2, Art. 41


@dataclass
class ReportingDuty(Result):
    cut: int = 0
    staff: int | None = None
    dispatched: int = 0
    must_report: bool = False
    rule: str | None = None  # the rule that makes it reportable: "S3.1.1", "LCL41" or None
    rules: list[str] = field(default_factory=list)
    agency_must_report: bool = False
    notice_days: int | None = None


def reporting_duty(
    *,
    cut: int,
    staff: int | None = None,
    dispatched: int = 0,
    on: dt.date,
    policy: Policy | None = None,
) -> ReportingDuty:
    """Must a planned one-time cut be reported, and under which rule?

    `cut` counts everyone cut, dispatched workers included (plan S3.1.1 “含派遣”); `dispatched`
    says how many of them are dispatched workers; `staff` is all staff, dispatched included.
    """
    cut = _count("cut", cut)
    dispatched = _count("dispatched", dispatched)
    if staff is not None:
        staff = _count("staff", staff, minimum=1)
        if cut > staff:
            raise InvalidFact(
                "staff",
                f"职工总数 {staff} 人少于裁减人数 {cut} 人",
                f"staff ({staff}) is less than the cut ({cut})",
            )
    if dispatched > cut:
        raise InvalidFact(
            "dispatched",
            f"派遣人员 {dispatched} 人多于裁减总人数 {cut} 人",
            f"dispatched ({dispatched}) exceeds the cut ({cut})",
        )
    policy = _policy(policy)
    p = policy.at(on)["reporting"]
    result = ReportingDuty(
        on=on, version=policy.version(on), cut=cut, staff=staff, dispatched=dispatched
    )
    threshold = p["report_threshold"]
    if threshold is not None and cut >= threshold:
        result.rules.append("S3.1.1")
        extra = (
            recorded(N_("（含派遣人员 %(dispatched)s 人）"), dispatched=dispatched)
            if dispatched
            else ""
        )
        result.say(
            recorded(
                N_(
                    "一次性裁减 %(cut)s 人%(extra)s，达到 %(threshold)s 人，须立即报告区人力社保局（预案三（一）1）"
                ),
                cut=cut,
                extra=extra,
                threshold=threshold,
            )
        )
    art = p["art41"]
    if art["min_cut"] is not None:
        by_count = cut >= art["min_cut"]
        by_share = (
            staff is not None
            and art["min_share"] is not None
            and cut > 0
            and Fraction(cut, staff) >= share(art["min_share"])
        )
        if by_count or by_share:
            result.rules.append("LCL41")
            result.notice_days = art["notice_days"]
            if by_count:
                why = recorded(
                    N_("裁减 %(cut)s 人，达到 %(min_cut)s 人"), cut=cut, min_cut=art["min_cut"]
                )
            else:
                why = recorded(
                    N_(
                        "裁减 %(cut)s 人不足 %(min_cut)s 人，但占职工总数 %(staff)s 人的 %(share)s，达到 %(min_share)s"
                    ),
                    cut=cut,
                    min_cut=art["min_cut"],
                    staff=staff,
                    share=pct(Fraction(cut, staff)),
                    min_share=pct(share(art["min_share"])),
                )
            result.say(
                recorded(
                    N_(
                        "%(why)s：依《劳动合同法》第四十一条，须提前 %(days)s 日向工会或全体职工说明情况，并向劳动行政部门报告裁减人员方案"
                    ),
                    why=why,
                    days=art["notice_days"],
                )
            )
        elif staff is None and cut > 0:
            result.say(
                recorded(
                    N_(
                        "未提供职工总数，无法判断是否达到职工总数的 %(min_share)s（《劳动合同法》第四十一条）"
                    ),
                    min_share=pct(share(art["min_share"])),
                )
            )
    co = p["agency_co_report_above"]
    if co is not None and dispatched > co:
        result.agency_must_report = True
        result.say(
            recorded(
                N_(
                    "裁减派遣等人员 %(dispatched)s 人，超过 %(co)s 人：用工单位报告，人力资源服务机构同步报告行业主管部门（预案三（一）1 第二段）"
                ),
                dispatched=dispatched,
                co=co,
            )
        )
    result.must_report = bool(result.rules)
    result.rule = result.rules[0] if result.rules else None
    if not result.must_report:
        result.say(recorded(N_("一次性裁减 %(cut)s 人，未达到报告标准"), cut=cut), first=True)
    return result


def grade(
    *,
    cut: int,
    staff: int | None = None,
    dispatched: int = 0,
    on: dt.date,
    policy: Policy | None = None,
) -> dict:
    """One one-time cut, graded and checked for the reporting duty (the `policy grade` command)."""
    policy = _policy(policy)
    g = grade_cut(cut, on=on, policy=policy)
    duty = reporting_duty(cut=cut, staff=staff, dispatched=dispatched, on=on, policy=policy)
    return {
        "on": on.isoformat(),
        "version": g.version,
        "cut": cut,
        "staff": staff,
        "dispatched": dispatched,
        "level": g.level,
        "level_label": g.level_label,
        "must_report": duty.must_report,
        "rule": duty.rule,
        "rules": duty.rules,
        "agency_must_report": duty.agency_must_report,
        "notice_days": duty.notice_days,
        "reasons": g.reasons + duty.reasons,
        "reason_messages": g.reason_messages + duty.reason_messages,
    }


# ---------------------------------------------------------------- S3.2 district assessment


@dataclass
class DistrictAssessment(Result):
    grade: int | None = None
    label: str = ""
    score: float = 0
    open_alerts: dict = field(default_factory=dict)
    unemployment_rate: float | None = None


def district_assessment(
    *,
    open_alerts: dict[int, int],
    on: dt.date,
    unemployment_rate: float | None = None,
    policy: Policy | None = None,
) -> DistrictAssessment:
    """plan S3.2 + ADR 0012: the district's overall grade from its open warnings.

    score = Σ weight(level) × number of open warnings of that level; the grade is the highest
    whose min_score the score reaches; a surveyed unemployment rate at or above the parameter
    raises the grade by one (never beyond grade 1).
    """
    counts = _open_alert_counts(open_alerts)
    _check_unemployment_rate(unemployment_rate)
    policy = _policy(policy)
    p = policy.at(on)["district_assessment"]
    result = DistrictAssessment(
        on=on, version=policy.version(on), open_alerts=counts, unemployment_rate=unemployment_rate
    )
    if p["weights"] is None or p["grades"] is None:
        result.reasons.append(_("%(on)s 没有施行中的综合评定标准") % {"on": on})
        return result
    result.score, result.reasons = _alert_score(counts, p["weights"])
    reached = [g for g in p["grades"] if result.score >= g["min_score"]][-1]
    result.reasons.append(
        _("合计 %(score)s 分，达到 %(min)s 分：%(grade)s")
        % {
            "score": f"{result.score:g}",
            "min": f"{reached['min_score']:g}",
            "grade": _(reached["label"]),
        }
    )
    grade_no, why = _raised_by_unemployment(
        reached["grade"], unemployment_rate, p["unemployment_rate_raise_at"]
    )
    if why:
        result.reasons.append(why)
    result.grade = grade_no
    result.label = next(g["label"] for g in p["grades"] if g["grade"] == grade_no)
    return result


def _open_alert_counts(open_alerts: dict[int, int]) -> dict[int, int]:
    """The open warnings by level, every level present (0 where none)."""
    counts = {}
    for level in LEVELS:
        counts[level] = _count(f"open_alerts[{level}]", open_alerts.get(level, 0))
    unknown = set(open_alerts) - set(LEVELS)
    if unknown:
        raise InvalidFact(
            "open_alerts",
            f"预警等级只能是 1、2、3，实际有 {sorted(unknown)}",
            f"levels are 1, 2, 3; got {sorted(unknown)}",
        )
    return counts


def _check_unemployment_rate(rate: Any) -> None:
    if rate is not None and (
        isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1
    ):
        raise InvalidFact(
            "unemployment_rate",
            "失业率须为 0 到 1 之间的小数（如 0.055）",
            "the rate must be a fraction between 0 and 1 (e.g. 0.055)",
        )


def _alert_score(counts: dict[int, int], weights: dict) -> tuple[float, list[str]]:
    """(score, how it was counted): each level's open warnings times its weight."""
    labels = {3: _("未解除的三级预警"), 2: _("未解除的二级预警"), 1: _("未解除的一级预警")}
    score = 0
    reasons = []
    for level in LEVELS:
        if counts[level]:
            part = weights[level] * counts[level]
            score += part
            reasons.append(
                _("%(open)s %(count)s 起 × %(weight)s 分 = %(part)s 分")
                % {
                    "open": labels[level],
                    "count": counts[level],
                    "weight": weights[level],
                    "part": f"{part:g}",
                }
            )
    if not score:
        reasons.append(_("没有未解除的预警，计 0 分"))
    return score, reasons


def _raised_by_unemployment(
    grade_no: int, rate: float | None, raise_at: float | None
) -> tuple[int, str | None]:
    """(grade, why): a surveyed unemployment rate at or above `raise_at` raises the grade by one
    (grade 1 is the highest); no rate, or no such rule in force, changes nothing."""
    if rate is None or raise_at is None:
        return grade_no, None
    rates = {"rate": pct(share(rate)), "raise_at": pct(share(raise_at))}
    if rate < raise_at:
        return grade_no, _("全区城镇调查失业率 %(rate)s 低于 %(raise_at)s，不调整") % rates
    if grade_no > 1:
        return (
            grade_no - 1,
            _("全区城镇调查失业率 %(rate)s 达到 %(raise_at)s，上调一个等次") % rates,
        )
    return grade_no, _("全区城镇调查失业率 %(rate)s 达到 %(raise_at)s，已是最高等次") % rates


# ---------------------------------------------------------------- S5.1–S5.3 response procedure


@dataclass
class Procedure(Result):
    level: int = 3
    steps: list[dict] = field(default_factory=list)
    lifting: dict = field(default_factory=dict)
    report_within_hours: float | None = None
    plan_within_working_days: int | None = None
    notify: list[str] = field(default_factory=list)
    immediate_grace_hours: float = 0


def _check_level(level: Any) -> int:
    if level not in LEVELS or isinstance(level, bool):
        raise InvalidFact(
            "level",
            f"预警等级只能是 1、2、3，实际为 {level!r}",
            f"the level must be 1, 2 or 3, got {level!r}",
        )
    return level


def response_procedure(level: int, *, on: dt.date, policy: Policy | None = None) -> Procedure:
    """plan S5.1–S5.3: what must happen, by whom, who is told, what document, by when."""
    level = _check_level(level)
    policy = _policy(policy)
    p = policy.at(on)["response"]
    result = Procedure(on=on, version=policy.version(on), level=level)
    proc = p["levels"][level]
    if proc is None:
        result.reasons.append(f"{on} 没有施行中的 {level} 级预警处置程序")
        return result
    bodies = p["bodies"]
    # ADR 0053: “立即” sets no length; a step due at once is overdue only after this grace
    result.immediate_grace_hours = p["immediate_grace_hours"] or 0
    result.steps = [
        _procedure_step(step, bodies, p["documents"], result.immediate_grace_hours)
        for step in proc["steps"]
    ]
    result.notify = list(dict.fromkeys(n for row in result.steps for n in row["notify"]))
    for row in result.steps:
        if row["key"] == "report" and row["deadline"]:
            result.report_within_hours = row["deadline"].get("hours")
        if row["key"] == "plan" and row["deadline"]:
            result.plan_within_working_days = row["deadline"].get("working_days")
    result.lifting = _lifting(proc, bodies)
    result.reasons += _procedure_reasons(level, result.steps, result.lifting, bodies)
    return result


def _body_name(bodies: dict, code: str) -> str:
    """A body's name: from the policy's list of bodies, else the bureau's section of that code."""
    return bodies.get(code) or next((n for c, n, _k, _o in SECTIONS if c == code), code)


def _procedure_step(step: dict, bodies: dict, documents: dict, grace: float) -> dict:
    """One step of the procedure, with the names of who acts, who is told and what document,
    and its deadline in words."""
    deadline = dict(step["deadline"]) if step.get("deadline") else None
    if deadline and deadline.get("hours") == 0 and deadline.get("from") != "closure" and grace:
        deadline["grace_hours"] = grace
    return {
        "key": step["key"],
        "title": step["title"],
        "actor": step["actor"],
        "actor_name": _body_name(bodies, step["actor"]),
        "notify": list(step.get("notify", [])),
        "notify_names": [_body_name(bodies, n) for n in step.get("notify", [])],
        "document": step.get("document"),
        "document_name": documents.get(step.get("document")) if step.get("document") else None,
        "deadline": deadline,
        "deadline_text": _deadline_text(deadline),
        "clause": step["clause"],
    }


def _lifting(proc: dict, bodies: dict) -> dict:
    """plan S5.3: who decides to lift the warning, who approves it, who is told, and the steps
    that must be done first."""
    lifting = proc["lifting"]
    return {
        "requires_approval": lifting["requires_approval"],
        "decided_by": lifting["decided_by"],
        "decided_by_name": _body_name(bodies, lifting["decided_by"]),
        "approver_role": lifting.get("approver_role"),
        "approval_bodies": list(lifting.get("approval_bodies", [])),
        "approval_body_names": [_body_name(bodies, b) for b in lifting.get("approval_bodies", [])],
        "notify": list(lifting.get("notify", [])),
        # plan S5.3: steps that must be done before lifting; no reason waives them (ADR 0053)
        "requires_done": list(lifting.get("requires_done", [])),
        "requires_done_titles": [
            s["title"]
            for k in lifting.get("requires_done", [])
            for s in proc["steps"]
            if s["key"] == k
        ],
    }


def _procedure_reasons(level: int, steps: list[dict], lifting: dict, bodies: dict) -> list[str]:
    """The steps with their deadlines, then how the warning is lifted, as sentences."""
    step_list = "；".join(
        f"{s['title']}（{s['deadline_text']}）" if s["deadline_text"] else s["title"] for s in steps
    )
    reasons = [f"{level}级预警处置程序（预案五）：{step_list}"]
    if lifting["requires_approval"]:
        reasons.append(
            f"风险调控后预警企业恢复正常秩序，由{lifting['decided_by_name']}提出，经局领导审核后报{'、'.join(lifting['approval_body_names'])}批准，方可解除预警（预案五（三）“经报批预警可以解除”）"
        )
    else:
        reasons.append(
            f"风险得到控制后由{lifting['decided_by_name']}决定解除预警，并告知{'、'.join(_body_name(bodies, n) for n in lifting['notify'])}"
        )
    if lifting["requires_done"]:
        reasons.append(
            f"解除前须已完成：{'、'.join(lifting['requires_done_titles'])}（预案五（三）），不能以说明未完成原因代替"
        )
    return reasons


def _deadline_text(deadline: dict | None) -> str:
    if not deadline:
        return ""
    start = "处置结束后 " if deadline.get("from") == "closure" else ""
    if "hours" in deadline:
        if deadline["hours"] == 0:
            grace = deadline.get("grace_hours")
            return f"{start.strip()}立即" + (f"（宽限 {grace:g} 小时）" if grace else "")
        return f"{start}{deadline['hours']:g} 小时内"
    return f"{start}{deadline['working_days']} 个工作日内"


# ---------------------------------------------------------------- annex task table


@dataclass
class AnnexTasks(Result):
    level: int | None = None
    measures: list[str] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)

    @property
    def numbers(self) -> list[int]:
        return [t["number"] for t in self.tasks]


def annex_tasks_for(
    level: int | None,
    *,
    on: dt.date,
    measures: list[str] | tuple[str, ...] = (),
    include_standing: bool = False,
    policy: Policy | None = None,
) -> AnnexTasks:
    """Annex: the tasks that open for a warning of `level` and the chosen `measures`.

    A task opens when the warning is at least as severe as its `opens_at_level`, or when one of
    its `opens_for_measures` is chosen; standing monitoring tasks only when asked for.
    """
    if level is not None:
        level = _check_level(level)
    policy = _policy(policy)
    p = policy.at(on)["annex_tasks"]
    known = p["measures"] or {}
    for m in measures:
        if m not in known:
            raise InvalidFact(
                "measures",
                f"不认识的措施 {m!r}（可选：{'、'.join(known)}）",
                f"unknown measure {m!r} (known: {', '.join(known)})",
            )
    result = AnnexTasks(on=on, version=policy.version(on), level=level, measures=list(measures))
    if p["tasks"] is None:
        result.reasons.append(f"{on} 没有施行中的任务分解表")
        return result
    unit = {c: n for c, n, _k, _o in SECTIONS}
    for task in p["tasks"]:
        why = []
        if include_standing and task["standing"]:
            why.append("常态化任务")
        opens = task["opens_at_level"]
        if level is not None and opens is not None and level <= opens:
            why.append(f"{level}级预警（{opens}级及以上启动）")
        chosen = [m for m in task["opens_for_measures"] if m in measures]
        if chosen:
            why.append("选用措施：" + "、".join(known[m] for m in chosen))
        if not why:
            continue
        result.tasks.append(
            {
                **task,
                "category_name": p["categories"].get(task["category"], task["category"]),
                "lead_name": unit.get(task["lead"], task["lead"]),
                "cooperating_names": [unit.get(c, c) for c in task["cooperating"]],
                "leader_role_name": p["leader_roles"].get(task["leader_role"], task["leader_role"]),
                "why": why,
            }
        )
        result.reasons.append(
            f"第{task['number']}项（{unit.get(task['lead'], task['lead'])}牵头）：{'；'.join(why)}"
        )
    if not result.tasks:
        result.reasons.append("没有需要启动的任务")
    return result


# ---------------------------------------------------------------- S6.2 written report


@dataclass
class ReportContent(Result):
    sections: list[dict] = field(default_factory=list)
    major_problems_realtime: bool = True


def written_report_sections(*, on: dt.date, policy: Policy | None = None) -> ReportContent:
    """plan S6.2: what the written report to the municipal bureau must cover."""
    policy = _policy(policy)
    p = policy.at(on)["written_report"]
    result = ReportContent(on=on, version=policy.version(on))
    result.sections = [dict(s) for s in p["sections"] or []]
    result.major_problems_realtime = bool(p["major_problems_realtime"])
    titles = "、".join(s["title"] for s in result.sections)
    result.reasons.append(f"书面报告须包括：{titles}（预案六（二））")
    if result.major_problems_realtime:
        result.reasons.append("处置过程中遇到的重大问题要实时报送")
    return result


# ---------------------------------------------------------------- S6.3 blacklist


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later; the 31st (or 29 February) becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class BlacklistTerms(Result):
    finding: str = ""
    candidate: bool = False
    listable: bool = False
    listed_on: dt.date | None = None
    expires_on: dt.date | None = None
    early_removal_from: dt.date | None = None
    status: str = ""  # "not_listed", "listed", "early_removal_possible", "expired"


def blacklist_terms(
    *,
    finding: str,
    on: dt.date,
    bad_social_impact: bool = False,
    listed_on: dt.date | None = None,
    compliant_since: dt.date | None = None,
    policy: Policy | None = None,
) -> BlacklistTerms:
    """plan S6.3: is the employer a blacklist candidate, may it be listed, and until when?

    The terms (listing period, early removal) are those in force on the listing date.
    """
    policy = _policy(policy)
    on_terms = listed_on or on
    p = policy.at(on_terms)["blacklist"]
    findings = p["candidate_findings"] or {}
    result = BlacklistTerms(
        on=on, version=policy.version(on_terms), finding=finding, listed_on=listed_on
    )
    if finding not in findings and finding != "none":
        raise InvalidFact(
            "finding",
            f"不认识的情形 {finding!r}（可选：{'、'.join(findings)}、none）",
            f"unknown finding {finding!r}",
        )
    if listed_on is not None and listed_on > on:
        raise InvalidFact(
            "listed_on",
            f"列入日期 {listed_on} 晚于查询日期 {on}",
            f"listed_on {listed_on} is after {on}",
        )
    result.candidate = finding in findings
    if not result.candidate:
        result.status = "not_listed"
        result.reasons.append("没有应报未报、迟报或报告不实的情形，不列入黑名单候选")
        return result
    result.reasons.append(f"{findings[finding]}：列为黑名单候选（预案六（三））")
    needs_impact = bool(p["requires_bad_social_impact"])
    result.listable = bad_social_impact or not needs_impact
    if needs_impact and not bad_social_impact:
        result.reasons.append(
            "尚未认定造成恶劣社会影响，暂不列入（预案六（三）“造成恶劣社会影响的”）"
        )
    elif needs_impact:
        result.reasons.append("已认定造成恶劣社会影响，可以列入黑名单，纳入信用评价并面向社会公布")
    if listed_on is None:
        result.status = "not_listed"
        if result.listable:
            result.reasons.append(
                f"列入后公布 {p['listing_years']} 年；守信满 {p['early_removal_after_months']} 个月可申请提前移出"
            )
        return result
    result.expires_on = add_months(listed_on, 12 * p["listing_years"])
    start = max(listed_on, compliant_since) if compliant_since else None
    result.early_removal_from = (
        add_months(start, p["early_removal_after_months"]) if start else None
    )
    if on >= result.expires_on:
        result.status = "expired"
        result.reasons.append(
            f"{listed_on} 列入，公布期 {p['listing_years']} 年已于 {result.expires_on} 届满，移出黑名单"
        )
    elif result.early_removal_from and on >= result.early_removal_from:
        result.status = "early_removal_possible"
        result.reasons.append(
            f"自 {start} 起守信满 {p['early_removal_after_months']} 个月（{result.early_removal_from}），可以申请提前移出"
        )
    else:
        result.status = "listed"
        more = (
            f"；守信满 {p['early_removal_after_months']} 个月后（{result.early_removal_from}）可申请提前移出"
            if result.early_removal_from
            else ""
        )
        result.reasons.append(f"{listed_on} 列入，公布至 {result.expires_on}{more}")
    return result


# ---------------------------------------------------------------- S4.6 unemployment insurance


@dataclass
class UIEntitlement(Result):
    eligible: bool = False
    max_months: int = 0
    monthly_amount: float | None = None
    max_total_amount: float | None = None


def ui_entitlement(
    *,
    contribution_months: int,
    involuntary: bool,
    on: dt.date,
    unused_previous_months: int = 0,
    policy: Policy | None = None,
) -> UIEntitlement:
    """plan S4.6 + Unemployment Insurance Regulations Art. 14, 17: who may draw benefit, how long."""
    months = _count("contribution_months", contribution_months)
    unused = _count("unused_previous_months", unused_previous_months)
    if not isinstance(involuntary, bool):
        raise InvalidFact("involuntary", "须为是或否", "must be true or false")
    policy = _policy(policy)
    p = policy.at(on)["unemployment_insurance"]
    result = UIEntitlement(on=on, version=policy.version(on), monthly_amount=p["monthly_amount"])
    years = f"{months // 12} 年" + (f" {months % 12} 个月" if months % 12 else "")
    if p["min_contribution_months"] is None:
        result.reasons.append(f"{on} 没有施行中的失业保险金标准")
        return result
    ok = True
    if months < p["min_contribution_months"]:
        ok = False
        result.reasons.append(
            f"累计缴费 {years}，不满 {p['min_contribution_months']} 个月，不能领取失业保险金"
        )
    if p["requires_involuntary"] and not involuntary:
        ok = False
        result.reasons.append("本人意愿中断就业（如主动辞职），不能领取失业保险金")
    if not ok:
        return result
    bracket = None
    for b in p["duration"]:
        if (
            b["min_contribution_months"] is not None
            and b["max_benefit_months"] is not None
            and months >= b["min_contribution_months"]
        ):
            bracket = b
    result.eligible = True
    result.max_months = bracket["max_benefit_months"] if bracket else 0
    result.reasons.append(
        f"非因本人意愿中断就业，累计缴费 {years}：最长领取 {result.max_months} 个月（《失业保险条例》第十七条）"
    )
    if unused:
        total = min(result.max_months + unused, p["max_benefit_months_total"])
        result.reasons.append(
            f"与前次未领完的 {unused} 个月合并计算，最长 {total} 个月（不超过 {p['max_benefit_months_total']} 个月）"
        )
        result.max_months = total
    if result.monthly_amount is not None:
        result.max_total_amount = result.monthly_amount * result.max_months
        result.reasons.append(
            f"每月 {result.monthly_amount:g} 元，最多合计 {result.max_total_amount:g} 元"
        )
    return result


# ---------------------------------------------------------------- S4.2 layoff-aversion screening


@dataclass
class LayoffRateScreen(Result):
    layoff_rate: float = 0.0
    limit: float = 0.0
    small_enterprise: bool = False
    eligible: bool = False


def layoff_rate_screen(
    *,
    insured_at_start: int,
    insured_at_end: int,
    on: dt.date,
    average_insured: float | None = None,
    policy: Policy | None = None,
) -> LayoffRateScreen:
    """plan S4.2: job-retention support screening.

    layoff rate = fall in insured headcount ÷ average insured headcount (default: the mean of
    start and end); eligible at or below the limit; enterprises of at most N insured staff
    (on average) have the higher small-enterprise limit.
    """
    start = _count("insured_at_start", insured_at_start)
    end = _count("insured_at_end", insured_at_end)
    if average_insured is None:
        average = Fraction(start + end, 2)
    else:
        if (
            isinstance(average_insured, bool)
            or not isinstance(average_insured, (int, float))
            or average_insured < 0
        ):
            raise InvalidFact(
                "average_insured",
                "平均参保人数须为非负数",
                "the average must be a non-negative number",
            )
        average = Fraction(str(average_insured))
    if average == 0:
        raise InvalidFact(
            "average_insured",
            "平均参保人数为 0，无法计算裁员率",
            "the average is 0: no rate can be computed",
        )
    policy = _policy(policy)
    p = policy.at(on)["layoff_aversion"]
    result = LayoffRateScreen(on=on, version=policy.version(on))
    fall = max(start - end, 0)
    rate = Fraction(fall, 1) / average
    small_max = p["small_enterprise_max_insured"]
    result.small_enterprise = small_max is not None and average <= small_max
    limit = (
        p["small_enterprise_max_layoff_rate"] if result.small_enterprise else p["max_layoff_rate"]
    )
    result.layoff_rate, result.limit = float(rate), limit
    result.eligible = limit is not None and rate <= share(limit)
    kind = (
        f"平均参保 {float(average):g} 人（{small_max} 人及以下企业）"
        if result.small_enterprise
        else f"平均参保 {float(average):g} 人"
    )
    result.reasons.append(
        f"参保人数由 {start} 人减至 {end} 人，减少 {fall} 人；{kind}，裁员率 {pct(rate)}"
    )
    if limit is None:
        result.reasons.append(f"{on} 没有施行中的裁员率标准")
    elif result.eligible:
        result.reasons.append(
            f"不高于 {pct(share(limit))}，符合稳岗返还的裁员率条件（预案四（二））"
        )
    else:
        result.reasons.append(f"高于 {pct(share(limit))}，不符合稳岗返还的裁员率条件")
    return result
