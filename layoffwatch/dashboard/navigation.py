"""The sidebar: every stage of the flow (docs/architecture.md) and who sees it. The shell
names every app's pages and every role, so it sits at the top of the layers beside the home page
(ADR 0093).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from layoffwatch.accounts.roles import Role

BUREAU = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF, Role.TOWN_LIAISON, Role.COMMISSIONER}
EVERYONE = set(Role)


@dataclass(frozen=True)
class Stage:
    key: str
    label: object
    url_name: str
    clauses: str
    roles: frozenset


STAGES = [
    Stage("home", _("工作台"), "home", "S1", frozenset(EVERYONE)),
    Stage("enterprises", _("企业名录"), "enterprises:list", "S2.3 S3.1.4", frozenset(EVERYONE)),
    Stage("reporting", _("监测直报"), "reporting:list", "S3.1.1 S3.1.2", frozenset(EVERYONE)),
    Stage(
        "monitoring",
        _("大数据监测"),
        "monitoring:signals",
        "S3.1.3–S3.1.5 S6.1",
        frozenset(BUREAU),
    ),
    # ADR 0106: the enterprise risk ranking (plan S2.3 预防为先), beside 监测
    Stage(
        "risk",
        _("风险企业排序"),
        "risk",
        "S2.3 S3.1.3",
        frozenset({Role.ADMIN, Role.LEADER, Role.SECTION_STAFF, Role.TOWN_LIAISON}),
    ),
    Stage("alerts", _("预警管理"), "alerts:list", "S3.2", frozenset(BUREAU)),
    Stage("response", _("应急处置"), "response:cases", "S5.0–S5.3 S6.2", frozenset(BUREAU)),
    Stage(
        "assistance",
        _("就业帮扶"),
        "assistance:workers",
        "S2.2 S4.2–S4.5",
        frozenset(BUREAU | {Role.AGENCY}),
    ),
    Stage("rights", _("权益维护"), "rights:list", "S4.1 S4.6", frozenset(BUREAU)),
    Stage("credit", _("信用管理"), "credit:list", "S6.3", frozenset(BUREAU)),
    # plan S6.4 舆情研判 (ADR 0107): items brought in, grouped into events, ranked
    Stage("opinion", _("舆情研判"), "opinion:events", "S6.4", frozenset(BUREAU)),
    Stage(
        "analysis",
        _("形势分析"),
        "analysis:latest",
        "S6.1 S3.1.3",
        frozenset({Role.ADMIN, Role.LEADER, Role.SECTION_STAFF, Role.TOWN_LIAISON}),
    ),
    Stage("policy", _("政策参数"), "policy:index", "S3.2 S5 S6.2 S6.3", frozenset(BUREAU)),
    Stage("audit", _("审计日志"), "audit:list", "—", frozenset({Role.ADMIN, Role.LEADER})),
]


def stages_for(user) -> list[Stage]:
    if user.is_superuser:
        return list(STAGES)
    return [s for s in STAGES if user.role in s.roles]
