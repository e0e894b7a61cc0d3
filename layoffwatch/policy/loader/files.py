"""The policy's own parameter files (`policy/parameters/*.yaml`): their schemas and titles,
registered with their cross-checks (ADR 0010; the registry: ADR 0092)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from layoffwatch.accounts.roles import Role

from .codes import LEVELS, SECTION_CODES
from .crosschecks import CROSS
from .registry import register_parameters
from .schema import Bool, Code, DatedS, Int, ListOf, MapOf, Num, Optional, Record, Str

PARAMETERS_DIR = Path(__file__).resolve().parent.parent / "parameters"

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

# A limit the intake code cannot do without: a revision changes it, never retires it.
LIMIT = Int(min=1)


def _limit(schema: Int = LIMIT) -> DatedS:
    return DatedS(schema, retirable=False)


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
            # 1–28: every month has that day (ADR 0042)
            "monthly_due_day": _limit(Int(min=1, max=28)),
            "waves": Record(
                {
                    "past_limit_days": _limit(Int(min=1, max=3660)),
                    "future_limit_days": _limit(Int(min=1, max=3660)),
                    "max_count": _limit(Int(min=1, max=366)),
                }
            ),
            "public_form": Record(
                {
                    "max_posts": _limit(Int(min=1, max=10_000)),
                    "window_minutes": _limit(Int(min=1, max=1440)),
                }
            ),
            "uploads": Record(
                {
                    "roster_max_rows": _limit(Int(min=1, max=1_000_000)),
                    "monthly_bulk_max_rows": _limit(Int(min=1, max=1_000_000)),
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
FILE_TITLES = {
    "reporting": _("报告义务与直报受理"),
    "alert_levels": _("预警等级与合并计算期"),
    "district_assessment": _("全区综合评定"),
    "response": _("分级处置程序"),
    "annex_tasks": _("任务分解表"),
    "written_report": _("书面报告内容"),
    "blacklist": _("黑名单"),
    "unemployment_insurance": _("失业保险金"),
    "layoff_aversion": _("稳岗返还裁员率"),
}


for _key, _schema in SCHEMAS.items():
    register_parameters(
        key=_key,
        title=FILE_TITLES[_key],
        path=PARAMETERS_DIR / f"{_key}.yaml",
        schema=_schema,
        cross=CROSS.get(_key),
    )
