"""Policy what-if (plan S3.1.3 政策调整评估预测, ADR 0101): a staff member drafts one parameter
file and sees, with nothing in force changed, which alerts, enterprises and people would change
category over the last 12 months or this month, and the totals before and after.

The draft is the text of one registered parameter file, as the revision form and `policy show`
use it (policy.loader). It is checked like a revision's text (schema, history) but needs no
effective date: the values it changes are applied, in memory only, to the whole period
(`DraftPolicy`), and the same pure rules (`policy.rules`) grade the period's facts under the
policy in force and under the draft:

- alerts: each alert of the period, and the reported cuts that raised none, re-graded with
  `grade_waves` (parameters of alert_levels.yaml);
- enterprises: the job-retention refund screen `layoff_rate_screen` (layoff_aversion.yaml) on
  each enterprise's insured headcount over the 12 months ending in the period's month;
- people: the unemployment-insurance entitlement `ui_entitlement` (unemployment_insurance.yaml)
  of the affected workers registered in the period whose contribution months are known.

A draft of any other file changes none of them: it is said so plainly. Nothing is written
except one audit entry (政策调整评估), refusals included. `whatif_assess` is the one service;
the page (whatif_views.py) and `layoffwatch policy whatif` (through policy.hooks.whatif_runner)
are its doors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_noop as N_
from django.utils.translation import override

from layoffwatch.alerts.models import Alert
from layoffwatch.assistance.models import AffectedWorker, SupportItem
from layoffwatch.assistance.selectors import workers_visible_to
from layoffwatch.audit.refusals import refusals_audited
from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import recorded
from layoffwatch.enterprises.models import Enterprise, HeadcountRecord
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.policy.loader import (
    ParamFile,
    Policy,
    Problem,
    dated_nodes,
    parameter_file,
    plain,
    resolve,
    validate_text,
)
from layoffwatch.policy.rules import grade_waves, layoff_rate_screen, share, ui_entitlement
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.policy.wording import path_label, value_text
from layoffwatch.reporting.models import LayoffWave

WHAT = "政策调整评估"
CLI_LABEL = "系统（命令行）"

# the periods a what-if looks back over; 本月 is Tongnan's month (core.clock, ADR 0009)
PERIODS = {"12m": N_("最近12个月"), "current": N_("本月")}

# Which parameter file each category's rule reads (and nothing else): a draft of any other file
# cannot change a category, so that category is not computed (ADR 0101).
CATEGORY_FILES = {
    "alerts": "alert_levels",
    "enterprises": "layoff_aversion",
    "people": "unemployment_insurance",
}
NO_EFFECT = N_("该参数调整对已有企业、预警和人员没有影响")
LEVELS = (1, 2, 3, None)  # None: below level 3, no alert
DATED_KEY = re.compile(r"^(.*)\.(\d{4}-\d{2}-\d{2})$")


# ---------------------------------------------------------------- the draft


class DraftPolicy(Policy):
    """The policy in force with one file replaced by the draft, its changed values in force over
    the whole period: on a day before the draft's first change, the drafted file reads as on that
    first change; every other file reads as in force."""

    def __init__(self, files, *, key: str, since: dt.date):
        super().__init__(files)
        self.key, self.since = key, since

    def at(self, on: dt.date) -> dict:
        if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
            raise TypeError("on must be a datetime.date")
        if on not in self._cache:
            self._cache[on] = {
                k: resolve(f.tree, max(on, self.since) if k == self.key else on)
                for k, f in self.files.items()
            }
        return self._cache[on]


class DraftRefused(ValidationError):
    """A draft that cannot be assessed: each problem names the file and the value, in Chinese
    (for the record) and English (ADR 0100: an English page reads it in English)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__({"yaml_text": [_problem_zh(p) for p in self.problems]})

    def shown(self, language: str) -> list[str]:
        english = (language or "").startswith("en")
        return [_problem_en(p) if english else _problem_zh(p) for p in self.problems]


def _where(p: Problem, *, english: bool) -> str:
    """The value a problem is about, as the policy page names it (wording.path_label)."""
    if not p.key:
        return "the whole file" if english else "整个文件"
    if " / " in p.key:  # a line of the YAML: "第 3 行 / line 3"
        zh, en = p.key.split(" / ", 1)
        return en if english else zh
    found = DATED_KEY.match(p.key)
    path, day = (found.group(1), found.group(2)) if found else (p.key, "")
    label = path_label(p.file.removesuffix(".yaml"), path)[0]
    return f"{label} ({day})" if day and english else f"{label}（{day}）" if day else label


def _problem_zh(p: Problem) -> str:
    with override(settings.LANGUAGE_CODE):  # the record is Chinese (ADR 0100)
        return _problem_zh_here(p)


def _problem_zh_here(p: Problem) -> str:
    entry = parameter_file(p.file.removesuffix(".yaml"))
    where = f"{entry.title}（{p.file}）" if entry is not None else p.file
    return f"{where} › {_where(p, english=False)}：{p.zh}"


def _problem_en(p: Problem) -> str:
    return f"{p.file} › {_where(p, english=True)}: {p.en}"


@dataclass(frozen=True)
class Draft:
    key: str
    title: str
    policy: DraftPolicy
    since: dt.date
    changes: list[dict]  # {path, label, before, after (as text), since}


def _values(tree: dict) -> dict[tuple[str, dt.date], Any]:
    return {(path, s): plain(v) for path, d in dated_nodes(tree) for s, v, _r in d.entries}


def draft_read(*, file_key: str, yaml_text: str, base: Policy, today: dt.date) -> Draft:
    """The draft applied to `base` in memory; DraftRefused names what is wrong with it."""
    file = f"{file_key}.yaml"
    entry = parameter_file(file_key)
    if entry is None:
        raise DraftRefused(
            [Problem(file, "", f"未知的参数文件 {file_key}", f"unknown parameter file {file_key}")]
        )
    tree, problems = validate_text(file_key, yaml_text.replace("\r\n", "\n"))
    if problems:
        raise DraftRefused(problems)
    old, new = _values(base.files[file_key].tree), _values(tree)
    changed = sorted({k for k in old.keys() | new.keys() if old.get(k) != new.get(k)})
    if not changed:
        raise DraftRefused(
            [
                Problem(
                    file,
                    "",
                    "草案与现行版本相同，没有改动任何取值",
                    "the draft changes no value of the version in use",
                )
            ]
        )
    since = min(s for _p, s in changed)
    files = dict(base.files)
    files[file_key] = ParamFile(file_key, yaml_text, tree, "草案")
    policy = DraftPolicy(files, key=file_key, since=since)
    old_nodes, new_nodes = dict(dated_nodes(base.files[file_key].tree)), dict(dated_nodes(tree))
    on = max(today, since)
    changes = []
    for path in sorted({p for p, _s in changed}):
        label, unit = path_label(file_key, path)
        before = old_nodes[path].at(today) if path in old_nodes else None
        after = new_nodes[path].at(on) if path in new_nodes else None
        changes.append(
            {
                "path": path,
                "label": label,
                "before": value_text(before, unit),
                "after": value_text(after, unit),
                "before_value": plain(before),
                "after_value": plain(after),
                "since": min(s for p, s in changed if p == path),
            }
        )
    return Draft(file_key, str(entry.title), policy, since, changes)


# ---------------------------------------------------------------- periods and scope


def period_bounds(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """[first day, today] of 本月 or of the 12 months up to and including this month."""
    first = today.replace(day=1)
    if period == "current":
        return first, today
    year, month = first.year, first.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1), today


def _enterprises(user) -> Any:
    # why None: the command line is the operator's, who sees the whole district (ADR 0101)
    return Enterprise.objects.all() if user is None else enterprise_visible_to(user)


def _workers(user) -> Any:
    return AffectedWorker.objects.all() if user is None else workers_visible_to(user)


# ---------------------------------------------------------------- alerts (plan S3.2)


def _alert_waves(alert: Alert) -> list[tuple[dt.date, int]]:
    timeline = (alert.facts or {}).get("timeline") or []
    waves = [(dt.date.fromisoformat(r["date"]), int(r["count"])) for r in timeline]
    return waves or [(alert.last_wave_on, alert.total_in_window)]


def _level(waves, *, policy: Policy) -> tuple[int | None, int]:
    grade = grade_waves(waves, on=max(d for d, _c in waves), policy=policy)
    return grade.level, grade.total


def assess_alerts(*, user, start: dt.date, end: dt.date, before: Policy, after: Policy) -> dict:
    """Each alert whose waves touch the period, and each enterprise's reported cuts in the period
    that no alert covers, graded under both policies (grade_waves, plan S3.2, ADR 0011)."""
    scope = _enterprises(user).order_by().values("pk")
    alerts = list(
        Alert.objects.filter(enterprise__in=scope, first_wave_on__lte=end, last_wave_on__gte=start)
        .select_related("enterprise", "enterprise__town")
        .order_by("pk")
    )
    rows = []
    covered = defaultdict(list)
    for alert in alerts:
        covered[alert.enterprise_id].append((alert.first_wave_on, alert.last_wave_on))
        waves = _alert_waves(alert)
        level_before, total_before = _level(waves, policy=before)
        level_after, total_after = _level(waves, policy=after)
        rows.append(
            {
                "alert": alert.pk,
                "enterprise": alert.enterprise.name,
                "uscc": alert.enterprise.uscc,
                "town": alert.enterprise.town.name,
                "total": total_after,
                "recorded_level": alert.level,
                "before": level_before,
                "after": level_after,
            }
        )
    # the reported cuts of the period that raised no alert: a lower band may turn them into one
    waves_by = defaultdict(list)
    reported = LayoffWave.objects.filter(
        report__enterprise__in=scope,
        report__is_current=True,
        report__withdrawn_at__isnull=True,
        report__counted_in__isnull=True,
        date__gte=start,
        date__lte=end,
    ).values_list("report__enterprise_id", "date", "count")
    for enterprise_id, day, count in reported:
        if not any(a <= day <= b for a, b in covered.get(enterprise_id, ())):
            waves_by[enterprise_id].append((day, count))
    extra = Enterprise.objects.filter(pk__in=list(waves_by)).select_related("town")
    for enterprise in extra:
        waves = sorted(waves_by[enterprise.pk])
        level_before, _t = _level(waves, policy=before)
        level_after, total_after = _level(waves, policy=after)
        if level_before is None and level_after is None:
            continue
        rows.append(
            {
                "alert": None,
                "enterprise": enterprise.name,
                "uscc": enterprise.uscc,
                "town": enterprise.town.name,
                "total": total_after,
                "recorded_level": None,
                "before": level_before,
                "after": level_after,
            }
        )
    counts_before = Counter(r["before"] for r in rows)
    counts_after = Counter(r["after"] for r in rows)
    changed = [r for r in rows if r["before"] != r["after"]]
    # the most severe after the change first (1 is the most severe; no alert last)
    changed.sort(key=lambda r: (r["after"] or 9, r["before"] or 9, r["enterprise"]))
    return {
        "considered": len(rows),
        "by_level": [
            {"level": lv, "before": counts_before.get(lv, 0), "after": counts_after.get(lv, 0)}
            for lv in LEVELS
        ],
        "changed": changed,
    }


# ---------------------------------------------------------------- enterprises (plan S4.2)


def _limits(p: dict) -> tuple[int | None, Fraction | None, Fraction | None]:
    small_max = p["small_enterprise_max_insured"]
    small = p["small_enterprise_max_layoff_rate"]
    limit = p["max_layoff_rate"]
    return (
        small_max,
        share(small) if small is not None else None,
        share(limit) if limit is not None else None,
    )


def _eligible(start: int, end: int, limits) -> bool:
    """`layoff_rate_screen(insured_at_start=start, insured_at_end=end).eligible` in whole numbers
    (its default average, the mean of start and end): the rule builds reasons for each call
    (57 µs), too slow for 2 × 200,000 enterprises (ADR 0101); a test holds the two together, and
    each enterprise that changes category is screened by the rule itself for its reasons."""
    small_max, small_limit, limit = limits
    total = start + end  # average = total / 2
    small = small_max is not None and total <= 2 * small_max
    cap = small_limit if small else limit
    if cap is None:
        return False
    fall = max(start - end, 0)
    # rate = fall / (total / 2) <= cap  ⇔  2 · fall · q <= p · total  (cap = p / q)
    return 2 * fall * cap.denominator <= cap.numerator * total


def _month_first(day: dt.date, back: int) -> dt.date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


def assess_enterprises(*, user, end: dt.date, before: Policy, after: Policy) -> dict:
    """The job-retention refund screen (plan S4.2, layoff_aversion.yaml) of every enterprise with
    at least two months of insured headcount in the 12 months ending in `end`'s month: the first
    and the last of those months are the start and end headcounts."""
    first_month, last_month = _month_first(end, 11), _month_first(end, 0)
    months = HeadcountRecord.objects.filter(
        enterprise=OuterRef("pk"), period__gte=first_month, period__lte=last_month
    )
    oldest, newest = months.order_by("period"), months.order_by("-period")
    rows = (
        _enterprises(user)
        .order_by()
        .annotate(
            h_first_on=Subquery(oldest.values("period")[:1]),
            h_first=Subquery(oldest.values("insured_headcount")[:1]),
            h_last_on=Subquery(newest.values("period")[:1]),
            h_last=Subquery(newest.values("insured_headcount")[:1]),
        )
        .filter(h_first_on__isnull=False)
        .values_list("pk", "h_first_on", "h_first", "h_last_on", "h_last")
    )
    limits_before = _limits(before.at(end)["layoff_aversion"])
    limits_after = _limits(after.at(end)["layoff_aversion"])
    screened, short = 0, 0
    eligible_before, eligible_after, flipped = set(), set(), []
    for pk, first_on, start, last_on, last in rows.iterator(chunk_size=20_000):
        if first_on == last_on or start + last == 0:
            short += 1  # one month, or no one insured: no rate (the rule refuses an average of 0)
            continue
        screened += 1
        was, now = _eligible(start, last, limits_before), _eligible(start, last, limits_after)
        if was:
            eligible_before.add(pk)
        if now:
            eligible_after.add(pk)
        if was != now:
            flipped.append((pk, start, last))
    refunds = dict(
        SupportItem.objects.filter(
            kind=SupportItem.Kind.RETENTION_REFUND,
            plan__enterprise__in=_enterprises(user).order_by().values("pk"),
        )
        .values("plan__enterprise_id")
        .annotate(total=Sum("amount"))
        .values_list("plan__enterprise_id", "total")
    )
    info = {
        e.pk: e
        for e in Enterprise.objects.filter(pk__in=[f[0] for f in flipped]).select_related("town")
    }
    changed = []
    for pk, start, last in flipped:
        was = layoff_rate_screen(insured_at_start=start, insured_at_end=last, on=end, policy=before)
        now = layoff_rate_screen(insured_at_start=start, insured_at_end=last, on=end, policy=after)
        e = info[pk]
        changed.append(
            {
                "enterprise": e.name,
                "uscc": e.uscc,
                "town": e.town.name,
                "insured_at_start": start,
                "insured_at_end": last,
                "layoff_rate": round(now.layoff_rate, 4),
                "before": was.eligible,
                "after": now.eligible,
                "limit_before": was.limit,
                "limit_after": now.limit,
                "refund": _money(refunds.get(pk)),
            }
        )
    changed.sort(key=lambda r: (r["after"], r["enterprise"]))

    def cost(eligible: set) -> tuple[float, int]:
        known = [refunds[pk] for pk in eligible if pk in refunds]
        return _money(sum(known, Decimal(0))), len(eligible) - len(known)

    refund_before, unknown_before = cost(eligible_before)
    refund_after, unknown_after = cost(eligible_after)
    return {
        "screened": screened,
        "short_of_data": short,
        "months": [first_month.isoformat()[:7], last_month.isoformat()[:7]],
        "eligible_before": len(eligible_before),
        "eligible_after": len(eligible_after),
        "refund_before": refund_before,
        "refund_after": refund_after,
        "refund_unknown_before": unknown_before,
        "refund_unknown_after": unknown_after,
        "changed": changed,
    }


def _money(value) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------- people (plan S4.6)


def _aware_day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_default_timezone())


def assess_people(*, user, start: dt.date, end: dt.date, before: Policy, after: Policy) -> dict:
    """The unemployment-insurance entitlement (ui_entitlement, plan S4.6) of the affected workers
    registered in the period whose contribution months are known, laid off involuntarily (they
    came from a layoff), on the day they were registered."""
    workers = (
        _workers(user)
        .filter(
            created_at__gte=_aware_day_start(start),
            created_at__lt=_aware_day_start(end + dt.timedelta(days=1)),
        )
        .order_by("pk")
    )
    unknown = workers.filter(contribution_months__isnull=True).count()
    memo: dict = {}

    def entitled(months: int, on: dt.date, policy: Policy, which: str):
        key = (which, months, on)
        if key not in memo:
            memo[key] = ui_entitlement(
                contribution_months=months, involuntary=True, on=on, policy=policy
            )
        return memo[key]

    totals = {
        f"{k}_{w}": 0 for k in ("covered", "months", "cost", "cost_unknown") for w in ("b", "a")
    }
    changed, considered = [], 0
    rows = workers.filter(contribution_months__isnull=False).values_list(
        "pk", "name", "contribution_months", "created_at", "enterprise__name"
    )
    for pk, name, months, created, enterprise in rows.iterator(chunk_size=5_000):
        considered += 1
        on = local_day(created)
        was = entitled(months, on, before, "b")
        now = entitled(months, on, after, "a")
        for w, r in (("b", was), ("a", now)):
            if r.eligible:
                totals[f"covered_{w}"] += 1
                totals[f"months_{w}"] += r.max_months
                if r.max_total_amount is None:
                    totals[f"cost_unknown_{w}"] += 1
                else:
                    totals[f"cost_{w}"] += r.max_total_amount
        if (was.eligible, was.max_months, was.max_total_amount) != (
            now.eligible,
            now.max_months,
            now.max_total_amount,
        ):
            changed.append(
                {
                    "worker": pk,
                    "name": name,
                    "enterprise": enterprise or "",
                    "contribution_months": months,
                    "before": {
                        "eligible": was.eligible,
                        "months": was.max_months,
                        "amount": was.max_total_amount,
                    },
                    "after": {
                        "eligible": now.eligible,
                        "months": now.max_months,
                        "amount": now.max_total_amount,
                    },
                }
            )
    return {
        "considered": considered,
        "months_unknown": unknown,
        "covered_before": totals["covered_b"],
        "covered_after": totals["covered_a"],
        "benefit_months_before": totals["months_b"],
        "benefit_months_after": totals["months_a"],
        "cost_before": totals["cost_b"],
        "cost_after": totals["cost_a"],
        "cost_unknown_before": totals["cost_unknown_b"],
        "cost_unknown_after": totals["cost_unknown_a"],
        "changed": changed,
    }


# ---------------------------------------------------------------- the assessment


def whatif_compute(
    *, user, file_key: str, yaml_text: str, period: str, today: dt.date, base: Policy
) -> dict:
    """The what-if as plain data (JSON-able): pure reads, nothing written. Its texts are
    Chinese, as the record keeps them; a page says the changes again in its language."""
    with override(settings.LANGUAGE_CODE):
        return _compute(
            user=user, file_key=file_key, yaml_text=yaml_text, period=period, today=today, base=base
        )


def _compute(*, user, file_key, yaml_text, period, today, base) -> dict:
    if period not in PERIODS:
        raise ValidationError({"period": "请选择评估期间：最近12个月或本月"})
    draft = draft_read(file_key=file_key, yaml_text=yaml_text, base=base, today=today)
    start, end = period_bounds(period, today)
    result: dict[str, Any] = {
        "file": file_key,
        "title": draft.title,
        "period": period,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "changes": [{**c, "since": c["since"].isoformat()} for c in draft.changes],
        "alerts": None,
        "enterprises": None,
        "people": None,
    }
    category = next((c for c, f in CATEGORY_FILES.items() if f == file_key), None)
    before, after = base, draft.policy
    if category == "alerts":
        result["alerts"] = assess_alerts(
            user=user, start=start, end=end, before=before, after=after
        )
    elif category == "enterprises":
        result["enterprises"] = assess_enterprises(user=user, end=end, before=before, after=after)
    elif category == "people":
        result["people"] = assess_people(
            user=user, start=start, end=end, before=before, after=after
        )
    result["no_effect"] = not _has_effect(result)
    labels = "、".join(dict.fromkeys(c["label"] for c in draft.changes))
    note = recorded(N_("%(title)s：%(labels)s"), title=draft.title, labels=labels)
    result["no_effect_text"] = recorded(NO_EFFECT).text + f"（{note.text}）"
    result["summary"] = summary_lines(result)
    return result


def _has_effect(result: dict) -> bool:
    a, e, p = result["alerts"], result["enterprises"], result["people"]
    if a and (a["changed"] or any(r["before"] != r["after"] for r in a["by_level"])):
        return True
    if e and (e["changed"] or e["eligible_before"] != e["eligible_after"]):
        return True
    if p and (
        p["changed"]
        or p["covered_before"] != p["covered_after"]
        or p["cost_before"] != p["cost_after"]
    ):
        return True
    return False


LEVEL_ZH = {1: "一级预警", 2: "二级预警", 3: "三级预警", None: "不构成预警"}


def _yuan(value) -> str:
    return "金额未知" if value is None else f"{value:,.2f} 元"


def summary_lines(result: dict) -> list[str]:
    """The what-if in Chinese sentences: the command's text output and the audit entry's gist."""
    period = "最近12个月" if result["period"] == "12m" else "本月"
    lines = [
        f"政策调整评估：{result['title']}（{result['file']}.yaml），"
        f"{period}（{result['start']} 至 {result['end']}）"
    ]
    for c in result["changes"]:
        lines.append(f"  调整：{c['label']} {c['before']} → {c['after']}")
    if result["no_effect"]:
        lines.append(result["no_effect_text"])
        return lines
    a, e, p = result["alerts"], result["enterprises"], result["people"]
    if a:
        levels = "；".join(
            f"{LEVEL_ZH[r['level']]} {r['before']} → {r['after']}" for r in a["by_level"]
        )
        lines.append(f"预警：共 {a['considered']} 起，{levels}；等级变化 {len(a['changed'])} 起")
        for r in a["changed"]:
            name = f"预警 #{r['alert']}" if r["alert"] else "未预警的裁员"
            lines.append(
                f"  {r['enterprise']}（{name}，计算期内合计 {r['total']} 人）："
                f"{LEVEL_ZH[r['before']]} → {LEVEL_ZH[r['after']]}"
            )
    if e:
        lines.append(
            f"企业（稳岗返还裁员率筛查，{e['months'][0]} 至 {e['months'][1]}）：筛查 {e['screened']} 家，"
            f"符合条件 {e['eligible_before']} → {e['eligible_after']} 家；"
            f"已登记返还金额 {_yuan(e['refund_before'])} → {_yuan(e['refund_after'])}；"
            f"未登记返还金额的符合条件企业 {e['refund_unknown_before']} → {e['refund_unknown_after']} 家，其金额无法估算"
        )
        for r in e["changed"]:
            lines.append(
                f"  {r['enterprise']}：参保 {r['insured_at_start']} → {r['insured_at_end']} 人，"
                f"{'不符合 → 符合' if r['after'] else '符合 → 不符合'}"
            )
    if p:
        lines.append(
            f"人员（失业保险金）：核定 {p['considered']} 人，可领取 {p['covered_before']} → {p['covered_after']} 人，"
            f"合计最长领取 {p['benefit_months_before']} → {p['benefit_months_after']} 个月，"
            f"金额 {_yuan(p['cost_before'])} → {_yuan(p['cost_after'])}"
        )
        for r in p["changed"]:
            b, a2 = r["before"], r["after"]
            lines.append(
                f"  {r['name']}：{b['months'] if b['eligible'] else '不可领取'} → "
                f"{a2['months'] if a2['eligible'] else '不可领取'}"
                + (" 个月" if a2["eligible"] else "")
            )
    return lines


def _may_assess(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.is_active and actor.is_bureau)


def whatif_assess(
    *,
    actor,
    file_key: str,
    yaml_text: str,
    period: str = "12m",
    today: dt.date | None = None,
    request=None,
    actor_label: str = "",
) -> dict:
    """Assess a draft of one parameter file (plan S3.1.3). `actor` None is the command line,
    which sees the whole district. Writes one audit entry, or the refusal's (STYLE "refusals")."""
    label = actor_label or ("" if actor is not None else CLI_LABEL)
    with refusals_audited(WHAT, actor=actor, object_type="analysis", actor_label=label):
        if actor is not None and not _may_assess(actor):
            raise PermissionDenied("只有局内工作人员可以进行政策调整评估")
        today = today or local_day()
        result = whatif_compute(
            user=actor,
            file_key=file_key,
            yaml_text=yaml_text,
            period=period,
            today=today,
            base=policy_in_force(),
        )
    audit_record(
        action="export",
        actor=actor,
        object_type="analysis",
        object_id=f"{file_key}.yaml",
        summary="；".join(line for line in result["summary"] if not line.startswith(" "))[:500],
        after={"file": file_key, "period": period, "no_effect": result["no_effect"]},
        request=request,
        actor_label=label,
    )
    return result
