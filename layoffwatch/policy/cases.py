"""YAML policy tests (style: OpenFisca): tables a policy officer can read and extend.

    - name: 51 人一次性裁员为二级预警（50 人仍属三级）
      rule: grade                # which rule: see RUNNERS
      date: 2026-03-01           # the date the facts refer to (the rules in force that day)
      input: {cut: 51}
      output: {level: 2, must_report: true}

Only the keys listed under `output` are compared. `layoffwatch policy check` and the pytest
module test_yaml_cases.py run every file in policy/tests/*.yaml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import rules
from .loader import Policy, parse_yaml

CASES_DIR = Path(__file__).resolve().parent / "tests"


def _waves(waves: list[dict]) -> list[tuple[dt.date, int]]:
    return [(w["date"], w["count"]) for w in waves]


RUNNERS = {
    "grade": lambda i, on, p: rules.grade(
        cut=i["cut"], staff=i.get("staff"), dispatched=i.get("dispatched", 0), on=on, policy=p
    ),
    "waves": lambda i, on, p: rules.grade_waves(_waves(i["waves"]), on=on, policy=p).to_dict(),
    "district": lambda i, on, p: rules.district_assessment(
        open_alerts=i.get("open_alerts", {}),
        unemployment_rate=i.get("unemployment_rate"),
        on=on,
        policy=p,
    ).to_dict(),
    "procedure": lambda i, on, p: rules.response_procedure(i["level"], on=on, policy=p).to_dict(),
    "annex": lambda i, on, p: {
        **(
            r := rules.annex_tasks_for(
                i.get("level"),
                measures=i.get("measures", []),
                include_standing=i.get("include_standing", False),
                on=on,
                policy=p,
            )
        ).to_dict(),
        "task_numbers": r.numbers,
    },
    "report_sections": lambda i, on, p: {
        **(r := rules.written_report_sections(on=on, policy=p)).to_dict(),
        "titles": [s["title"] for s in r.sections],
    },
    "blacklist": lambda i, on, p: rules.blacklist_terms(
        finding=i["finding"],
        bad_social_impact=i.get("bad_social_impact", False),
        listed_on=i.get("listed_on"),
        compliant_since=i.get("compliant_since"),
        on=on,
        policy=p,
    ).to_dict(),
    "unemployment_insurance": lambda i, on, p: rules.ui_entitlement(
        contribution_months=i["contribution_months"],
        involuntary=i.get("involuntary", True),
        unused_previous_months=i.get("unused_previous_months", 0),
        on=on,
        policy=p,
    ).to_dict(),
    "layoff_rate": lambda i, on, p: rules.layoff_rate_screen(
        insured_at_start=i["insured_at_start"],
        insured_at_end=i["insured_at_end"],
        average_insured=i.get("average_insured"),
        on=on,
        policy=p,
    ).to_dict(),
}


@dataclass
class Case:
    file: str
    index: int
    name: str
    rule: str
    date: dt.date
    input: dict
    output: dict

    @property
    def id(self) -> str:
        return f"{self.file}#{self.index + 1} {self.name}"


@dataclass
class Outcome:
    case: Case | None
    ok: bool
    message: str = ""


def _jsonish(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonish(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonish(v) for v in value]
    return value


def load_cases(directory: Path = CASES_DIR) -> tuple[list[Case], list[str]]:
    cases, problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        data, found = parse_yaml(path.read_text(encoding="utf-8"), file=path.name)
        problems += [str(p) for p in found]
        if found:
            continue
        if not isinstance(data, list):
            problems.append(f"{path.name}：应为测试用例列表 / must be a list of cases")
            continue
        for i, raw in enumerate(data):
            where = f"{path.name}#{i + 1}"
            if not isinstance(raw, dict) or not {"name", "rule", "date", "input", "output"} <= set(
                raw
            ):
                problems.append(
                    f"{where}：须有 name、rule、date、input、output / needs name, rule, date, input, output"
                )
                continue
            if raw["rule"] not in RUNNERS:
                problems.append(
                    f"{where}：不认识的规则 {raw['rule']!r}（可选：{'、'.join(RUNNERS)}） / unknown rule"
                )
                continue
            if not isinstance(raw["date"], dt.date):
                problems.append(f"{where}：date 须写作 YYYY-MM-DD / date must be YYYY-MM-DD")
                continue
            cases.append(
                Case(
                    path.name,
                    i,
                    raw["name"],
                    raw["rule"],
                    raw["date"],
                    raw["input"] or {},
                    raw["output"] or {},
                )
            )
    return cases, problems


def run_case(case: Case, policy: Policy | None = None) -> Outcome:
    try:
        actual = RUNNERS[case.rule](case.input, case.date, policy)
    except rules.InvalidFact as exc:
        actual = {"error": exc.field}
    except Exception as exc:  # a case must report, not crash the whole run
        return Outcome(case, False, f"运行出错 / crashed: {exc!r}")
    actual = _jsonish(actual)
    wrong = []
    for key, expected in case.output.items():
        got = actual.get(key, "（没有此项 / missing）") if isinstance(actual, dict) else actual
        if _jsonish(expected) != got:
            wrong.append(f"{key}: 期望 expected {_jsonish(expected)!r}，实际 got {got!r}")
    if wrong:
        return Outcome(case, False, "；".join(wrong))
    return Outcome(case, True)


def run_all(directory: Path = CASES_DIR, policy: Policy | None = None) -> list[Outcome]:
    cases, problems = load_cases(directory)
    return [Outcome(None, False, p) for p in problems] + [run_case(c, policy) for c in cases]
