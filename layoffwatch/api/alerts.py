"""Alerts, their cases and the district assessment over the API (plan S3.2, S5), read-only and
within the token holder's data scope (the same selectors as the pages)."""

import datetime as dt

from django.http import Http404
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from layoffwatch.alerts.models import Alert
from layoffwatch.alerts.selectors import district_assessment_at
from layoffwatch.response.selectors import alerts_search, overdue_count

from .errors import TOWN_PATTERN, audit_denied, responses, uscc_format

router = Router(tags=["alerts 预警与处置"])


class AlertFilters(Schema):
    level: int | None = Field(None, ge=1, le=3, description="预警等级 1/2/3")
    town: str = Field("", description="镇街 12 位代码", pattern=r"^([0-9]{12})?$")
    industry: str = Field("", description="行业代码，任意层级：C、36、3670")
    status: str = Field(
        "",
        description="raised / responding / under_control / lifted / open",
        pattern=r"^(raised|responding|under_control|lifted|open)?$",
    )
    overdue: bool = Field(False, description="仅返回有逾期步骤或任务的预警")


class AlertOut(Schema):
    id: int
    enterprise_uscc: str = Field(json_schema_extra=uscc_format())
    enterprise_name: str
    town_code: str = Field(json_schema_extra={"pattern": TOWN_PATTERN})
    industry_code: str
    level: int
    status: str
    total_in_window: int
    split: bool
    first_wave_on: dt.date
    last_wave_on: dt.date
    opened_at: dt.datetime
    lifted_at: dt.datetime | None
    policy_version: str
    overdue_items: int


class StepOut(Schema):
    id: int
    level: int
    key: str
    title: str
    actor: str
    notify: list[str]
    document: str
    clause: str
    due_at: dt.datetime | None
    due_provisional: bool
    done_at: dt.datetime | None


class TaskOut(Schema):
    id: int
    number: int
    content: str
    lead: str
    cooperating: list[str]
    leader_role: str
    due_at: dt.datetime | None
    due_provisional: bool
    done_at: dt.datetime | None


class CaseOut(Schema):
    id: int
    level: int
    status: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    steps: list[StepOut]
    tasks: list[TaskOut]


class AlertDetailOut(AlertOut):
    reasons: list[str]
    case: CaseOut | None


class AssessmentOut(Schema):
    grade: int | None
    label: str
    score: float
    open_alerts: dict
    reasons: list[str]
    policy_version: str
    at: dt.datetime


def _bureau(request):
    if not request.auth.is_bureau:
        raise HttpError(403, "您的角色不能查看预警 / your role cannot read alerts")


def _alert(a: Alert) -> dict:
    return {
        "id": a.pk,
        "enterprise_uscc": a.enterprise.uscc,
        "enterprise_name": a.enterprise.name,
        "town_code": a.enterprise.town_id,
        "industry_code": a.enterprise.industry_id,
        "level": a.level,
        "status": a.status,
        "total_in_window": a.total_in_window,
        "split": a.split,
        "first_wave_on": a.first_wave_on,
        "last_wave_on": a.last_wave_on,
        "opened_at": a.opened_at,
        "lifted_at": a.lifted_at,
        "policy_version": a.policy_version,
        "overdue_items": overdue_count(a),
    }


@router.get(
    "/alerts",
    response=responses({200: list[AlertOut]}, 403),
    summary="预警清单（按等级、镇街、行业、状态、逾期筛选）",
)
def list_alerts(request, filters: Query[AlertFilters]):
    _bureau(request)
    qs = alerts_search(user=request.auth, **filters.model_dump())
    return [_alert(a) for a in qs[:1000]]


@router.get(
    "/alerts/{alert_id}",
    response=responses({200: AlertDetailOut}, 403, 404),
    summary="预警详情（含处置步骤和任务）",
)
def get_alert(
    request,
    # why bounded: a number beyond the database's 64-bit keys is bad input (422), not a crash
    alert_id: int = Path(ge=1, le=2**63 - 1, description="预警编号"),
):
    _bureau(request)
    alert = alerts_search(user=request.auth).filter(pk=alert_id).first()
    if alert is None:
        if Alert.objects.filter(pk=alert_id).exists():
            # ADR 0082: answered like a missing alert, logged as what it was
            audit_denied(request, summary="API 查询数据权限范围外的预警")
        raise Http404
    case = getattr(alert, "case", None)
    body = _alert(alert) | {"reasons": alert.facts.get("reasons", []), "case": None}
    if case is not None:
        body["case"] = {
            "id": case.pk,
            "level": case.level,
            "status": case.status,
            "opened_at": case.opened_at,
            "closed_at": case.closed_at,
            "steps": list(case.steps.all()),
            "tasks": list(case.tasks.all()),
        }
    return body


@router.get(
    "/assessment",
    response=responses({200: AssessmentOut}, 403),
    summary="全区综合评定（当前等次和依据）",
)
def get_assessment(request):
    """Computed from the open alerts at the time of the request, as on the home page (ADR 0055)."""
    _bureau(request)
    return district_assessment_at()
