"""How the policy page says its parameters: each dated value by a Chinese label and as a reader
says it (a share as a percentage, a number with its unit, a list by its items' names), never by
its key path or as JSON; and the sources without the design records (ADR numbers) they cite —
those stay in the YAML files for developers.

The apps' files name their values in their registration (`labels`, ADR 0092); the policy's own
files, whose values the page's cards show in sentences, are named here for the history table.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .loader import BUNDLED, parameter_file
from .rules import pct, share

# key path (an index as [], numbered in the label) → (label, unit); the unit "%" shows a share as
# a percentage, a unit in UNIT_WORDS formats the whole value (a list, a mapping, a procedure).
CORE_LABELS: dict[str, dict[str, tuple]] = {
    "reporting": {
        "report_threshold": (gettext_lazy("一次性裁员须报告的人数（含派遣）"), gettext_lazy("人")),
        "agency_co_report_above": (
            gettext_lazy("人力资源服务机构同步报告行业主管部门的派遣人数（超过）"),
            gettext_lazy("人"),
        ),
        "qr_link_valid_days": (gettext_lazy("填报二维码有效期"), gettext_lazy("天")),
        "art41.min_cut": (gettext_lazy("劳动合同法第四十一条：裁减人数"), gettext_lazy("人")),
        "art41.min_share": (gettext_lazy("劳动合同法第四十一条：占职工总数比例"), "%"),
        "art41.notice_days": (
            gettext_lazy("劳动合同法第四十一条：提前说明情况的天数"),
            gettext_lazy("日"),
        ),
        "monthly_due_day": (gettext_lazy("月度用工报告截止：次月第几日"), ""),
        "waves.past_limit_days": (gettext_lazy("裁员日期最早可填（今天以前）"), gettext_lazy("天")),
        "waves.future_limit_days": (
            gettext_lazy("裁员日期最晚可填（今天以后）"),
            gettext_lazy("天"),
        ),
        "waves.max_count": (gettext_lazy("一份报告最多批数"), gettext_lazy("批")),
        "public_form.max_posts": (
            gettext_lazy("扫码填报：同一设备同一二维码每个时段最多提交"),
            gettext_lazy("次"),
        ),
        "public_form.window_minutes": (gettext_lazy("扫码填报：时段长度"), gettext_lazy("分钟")),
        "uploads.roster_max_rows": (gettext_lazy("受影响职工名单最多行数"), gettext_lazy("行")),
        "uploads.monthly_bulk_max_rows": (
            gettext_lazy("批量上传月度用工报告每个文件最多行数"),
            gettext_lazy("行"),
        ),
    },
    "alert_levels": {
        "brackets[].threshold": (
            gettext_lazy("第 %(n)s 档：一次性裁员人数达到"),
            gettext_lazy("人"),
        ),
        "brackets[].level": (gettext_lazy("第 %(n)s 档：预警等级"), "level"),
        "window_days": (gettext_lazy("分批裁员合并计算期"), gettext_lazy("天")),
        "level_labels": (gettext_lazy("预警等级名称"), "names"),
    },
    "district_assessment": {
        "weights": (gettext_lazy("每起未解除预警的计分"), "weights"),
        "grades": (gettext_lazy("综合评定等次"), "grades"),
        "unemployment_rate_raise_at": (
            gettext_lazy("全区城镇调查失业率达到即上调一个等次"),
            "%",
        ),
    },
    "response": {
        "bodies": (gettext_lazy("执行单位和报告对象"), "names"),
        "documents": (gettext_lazy("形成的文书"), "names"),
        "immediate_grace_hours": (gettext_lazy("“立即”办理的宽限时间"), gettext_lazy("小时")),
        "levels.3": (gettext_lazy("三级预警处置程序"), "procedure"),
        "levels.2": (gettext_lazy("二级预警处置程序"), "procedure"),
        "levels.1": (gettext_lazy("一级预警处置程序"), "procedure"),
    },
    "annex_tasks": {
        "categories": (gettext_lazy("任务类别"), "names"),
        "leader_roles": (gettext_lazy("责任领导"), "names"),
        "measures": (gettext_lazy("可选用的措施"), "names"),
        "tasks": (gettext_lazy("任务分解表"), "tasks"),
    },
    "written_report": {
        "sections": (gettext_lazy("书面报告的内容"), "sections"),
        "major_problems_realtime": (gettext_lazy("处置中的重大问题随时报告"), ""),
    },
    "blacklist": {
        "candidate_findings": (gettext_lazy("可列入黑名单的情形"), "names"),
        "requires_bad_social_impact": (gettext_lazy("须造成不良社会影响"), ""),
        "listing_years": (gettext_lazy("列入后公布"), gettext_lazy("年")),
        "early_removal_after_months": (
            gettext_lazy("守信满多久可申请提前移出"),
            gettext_lazy("个月"),
        ),
    },
    "unemployment_insurance": {
        "min_contribution_months": (
            gettext_lazy("领取失业保险金须缴费满"),
            gettext_lazy("个月"),
        ),
        "requires_involuntary": (gettext_lazy("须非因本人意愿中断就业"), ""),
        "duration[].min_contribution_months": (
            gettext_lazy("领取期限第 %(n)s 档：累计缴费满"),
            gettext_lazy("个月"),
        ),
        "duration[].max_benefit_months": (
            gettext_lazy("领取期限第 %(n)s 档：最长领取"),
            gettext_lazy("个月"),
        ),
        "max_benefit_months_total": (gettext_lazy("累计最长领取"), gettext_lazy("个月")),
        "monthly_amount": (gettext_lazy("每月失业保险金"), gettext_lazy("元")),
    },
    "layoff_aversion": {
        "max_layoff_rate": (gettext_lazy("稳岗返还：裁员率不高于"), "%"),
        "small_enterprise_max_insured": (
            gettext_lazy("稳岗返还：小微企业参保人数不超过"),
            gettext_lazy("人"),
        ),
        "small_enterprise_max_layoff_rate": (
            gettext_lazy("稳岗返还：小微企业裁员率不高于"),
            "%",
        ),
    },
}


def policy_text(text) -> str:
    """A text of a parameter file (a name, a task, a step, a source) in the reader's language:
    its English from the policy catalog (the msgids are marked in policy/yaml_terms.py, ADR
    0100); a text that only an administrator's revision has is shown as written."""
    return _(str(text)) if text else ""


_REVISION_SOURCE = re.compile(r"^修订 #(\d+)（(.+) 起施行）$")


def source_text(source: str) -> str:
    """Where a file in force comes from (loader.BUNDLED, or `PolicyRevision.source`), in the
    reader's language."""
    if source == BUNDLED:
        return _("随代码发布")
    found = _REVISION_SOURCE.match(source or "")
    if found:
        return _("修订 #%(n)s（%(date)s 起施行）") % {"n": found.group(1), "date": found.group(2)}
    return source or ""


def finding_name(text) -> str:
    """A blacklist finding by its name alone, in the reader's language: 应报未报（事后发现…）→
    应报未报 / "Not reported (found afterwards …)" → "Not reported"."""
    return re.split(r"（| \(", policy_text(text), maxsplit=1)[0]


_WHY_LEVEL = re.compile(r"^(\d)级预警（(\d)级及以上启动）$")
_WHY_MEASURES = "选用措施："


def task_reason(why: str) -> str:
    """One reason a task of the annex started, as `rules.annex_tasks_for` words it and a case
    keeps it (常态化任务; 3级预警（3级及以上启动）; 选用措施：…), in the reader's language; any
    other text as written."""
    if why == "常态化任务":
        return _("常态化任务")
    found = _WHY_LEVEL.match(why)
    if found:
        return _("%(level)s级预警（%(opens)s级及以上启动）") % {
            "level": found.group(1),
            "opens": found.group(2),
        }
    if why.startswith(_WHY_MEASURES):
        measures = why.removeprefix(_WHY_MEASURES).split("、")
        return _("选用措施：%(measures)s") % {"measures": names_text(measures)}
    return why


def semicolons(items) -> str:
    """Clauses listed as a reader says them (A；B / A; B)."""
    return _("；").join(str(i) for i in items)


def names_text(items) -> str:
    """Names of a parameter file listed as a reader says them (市委、市政府 / A, B)."""
    return _("、").join(policy_text(v) for v in items)


_INDEX = re.compile(r"\[(\d+)\]")
# "（ADR 0011）", "，ADR 0017", "，见 ADR 0012", "（ADR 0040、0042、0092）", "（见 ADR 0015、ADR 0053）"
_ADR = re.compile(r"\s*[，,、；;]?\s*(?:见\s*)?ADR\s*\d{4}(?:\s*[、,，]\s*(?:ADR\s*)?\d{4})*")
_EMPTY_BRACKETS = re.compile(r"（\s*）|\(\s*\)")


def without_adr(text: str) -> str:
    """A parameter's source as the page shows it: the ADR numbers it cites removed (they are for
    developers, who read them in the YAML), e.g. "本平台默认值（ADR 0060）：…" → "本平台默认值：…"."""
    return _EMPTY_BRACKETS.sub("", _ADR.sub("", text or "")).strip()


_CLAUSE = re.compile(r"^S(\d)(?:\.(\d{1,2}))?(?:\.(\d{1,2}))?$")
_NUMERALS = "〇一二三四五六七八九十"


def _numeral(n: int) -> str:
    return _NUMERALS[n] if n <= 10 else "十" + _NUMERALS[n - 10]


def clause_label(clause: str) -> str:
    """A plan clause ID (docs/clauses.md's numbering for code and docs, e.g. `S5.1`) as the plan
    itself numbers it: 预案五（一）; `S3.1.1` → 预案三（一）1. Any other text is returned as it is."""
    found = _CLAUSE.match((clause or "").strip())
    if not found:
        return clause or ""
    part, section, item = found.groups()
    # Chinese numbers the plan's way (五（一）); other languages use the digits (5 (1))
    number = _numeral if (get_language() or "zh").startswith("zh") else str
    words = {"part": number(int(part)), "item": item or ""}
    if section is None:
        return _("预案%(part)s") % words
    words["section"] = number(int(section))
    if item is None:
        return _("预案%(part)s（%(section)s）") % words
    return _("预案%(part)s（%(section)s）%(item)s") % words


_DEADLINE = re.compile(
    r"^(?P<after>处置结束后 ?)?(?:(?P<now>立即)(?:（宽限 (?P<grace>[\d.]+) 小时）)?"
    r"|(?P<hours>[\d.]+) 小时内|(?P<days>\d+) 个工作日内)$"
)


def deadline_label(text: str) -> str:
    """A step's time limit (policy.rules._deadline_text, kept on the case's step: 立即（宽限 2 小时）,
    12 小时内, 处置结束后 5 个工作日内) in the reader's language; other text as it is."""
    found = _DEADLINE.match((text or "").strip())
    if not found:
        return text or ""
    if found["now"]:
        said = (
            _("立即（宽限 %(hours)s 小时）") % {"hours": found["grace"]}
            if found["grace"]
            else _("立即")
        )
    elif found["hours"]:
        said = _("%(hours)s 小时内") % {"hours": found["hours"]}
    else:
        said = _("%(days)s 个工作日内") % {"days": found["days"]}
    return _("处置结束后 %(limit)s") % {"limit": said} if found["after"] else said


_VERSION = re.compile(r"^[^@]+@(\d{4}-\d{2}-\d{2})#")


def version_label(version: str) -> str:
    """A policy version (`tongnan@2023-02-23#dff94cfb89da`, kept with every result for the
    record) as staff read it: the rules in force since that day ("2023-02-23 起施行的政策参数");
    an empty one as 未记录."""
    found = _VERSION.match(version or "")
    if found:
        return _("%(date)s 起施行的政策参数") % {"date": found.group(1)}
    return _("未记录") if not version or version.endswith("@none") else str(version)


def path_label(file_key: str, path: str) -> tuple[str, object]:
    """(label, unit) of a value of a parameter file; the path itself when nothing names it."""
    entry = parameter_file(file_key)
    if entry is not None and path in entry.labels:
        label, unit = entry.labels[path]
        return str(label), unit
    pattern = _INDEX.sub("[]", path)
    known = CORE_LABELS.get(file_key, {}).get(pattern)
    if known is None:
        return path, ""
    label, unit = known
    number = _INDEX.search(path)
    return str(label) % {"n": int(number.group(1)) + 1} if number else str(label), unit


LEVEL_NAMES = {
    1: gettext_lazy("一级预警"),
    2: gettext_lazy("二级预警"),
    3: gettext_lazy("三级预警"),
}


def level_name(level) -> str:
    return str(LEVEL_NAMES.get(int(level), level))


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _names(value) -> str:
    return names_text(value.values() if isinstance(value, dict) else value)


def _procedure(value: dict) -> str:
    steps = _("；").join(policy_text(s["title"]) for s in value.get("steps", []))
    lifting = value.get("lifting") or {}
    lift = _("解除须报批") if lifting.get("requires_approval") else _("解除不需报批")
    return _("%(n)s 个步骤：%(steps)s。%(lift)s") % {
        "n": len(value.get("steps", [])),
        "steps": steps,
        "lift": lift,
    }


def _whole(unit: str, value) -> str:
    """A value that its unit formats as a whole (a mapping, a list, a procedure)."""
    if unit == "names":
        return _names(value)
    if unit == "level":
        return level_name(value)
    if unit == "weights":
        return _("；").join(
            _("%(level)s %(points)s 分") % {"level": level_name(level), "points": _number(points)}
            for level, points in value.items()
        )
    if unit == "grades":
        return _("；").join(
            _("%(label)s：%(score)s 分及以上")
            % {"label": policy_text(g["label"]), "score": g["min_score"]}
            for g in value
        )
    if unit == "procedure":
        return _procedure(value)
    if unit == "tasks":
        return _("共 %(n)s 项任务（见上方任务分解表）") % {"n": len(value)}
    return names_text(s["title"] for s in value)  # sections


WHOLE_UNITS = {"names", "level", "weights", "grades", "procedure", "tasks", "sections"}


def value_text(value, unit) -> str:
    """A dated value as a reader says it."""
    if value is None:
        return _("（停止施行）")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if unit in WHOLE_UNITS:
        return _whole(unit, value)
    if unit == "%":
        return pct(share(value))
    if isinstance(value, dict):
        return _names(value)
    if isinstance(value, list):
        return "、".join(_number(v) if not isinstance(v, dict) else _names(v) for v in value)
    return f"{_number(value)} {unit}".strip()
