"""Vacancies over the API (plan S4.3: enterprises and HR agencies publish demand), the same
service as the form and the XLSX import; reads within the token holder's scope.

The router sits in `api` with the other routers (api builds on assistance, docs/architecture.md);
its operation ids stay those it was published with (`layoffwatch_assistance_api_…`), so clients
generated from the OpenAPI document keep working."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from layoffwatch.assistance import services
from layoffwatch.assistance.models import Vacancy
from layoffwatch.assistance.selectors import open_positions, vacancies_visible_to
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.reference.models import Town

from .errors import (
    TOWN_PATTERN,
    Input,
    audit_rejected,
    responses,
    service_refused,
    uscc_format,
)

router = Router(tags=["assistance 用工需求"])


class VacancyIn(Input):
    enterprise_uscc: str = Field(
        description="用工单位统一社会信用代码", json_schema_extra=uscc_format()
    )
    occupation: str = Field(min_length=1, max_length=60, description="岗位/工种")
    count: int = Field(ge=1, le=100_000, description="招聘人数")
    town_code: str = Field(
        description="工作地点：镇街 12 位代码", json_schema_extra={"pattern": TOWN_PATTERN}
    )
    valid_until: dt.date = Field(description="有效期至 YYYY-MM-DD")
    wage_min: int | None = Field(None, ge=0)
    wage_max: int | None = Field(None, ge=0)
    skills: str = ""
    requirements: str = ""
    gig_days: int | None = Field(None, ge=1, description="零工（短期用工）天数；填写即为零工岗位")


class VacancyOut(Schema):
    id: int
    enterprise_uscc: str = Field(json_schema_extra=uscc_format())
    enterprise_name: str
    occupation: str
    count: int
    open_positions: int
    town_code: str = Field(json_schema_extra={"pattern": TOWN_PATTERN})
    wage_min: int | None
    wage_max: int | None
    valid_until: dt.date
    is_gig: bool

    @staticmethod
    def of(v: Vacancy) -> "VacancyOut":
        return VacancyOut(
            id=v.pk,
            enterprise_uscc=v.enterprise.uscc,
            enterprise_name=v.enterprise.name,
            occupation=v.occupation,
            count=v.count,
            open_positions=open_positions(v),
            town_code=v.town_id,
            wage_min=v.wage_min,
            wage_max=v.wage_max,
            valid_until=v.valid_until,
            is_gig=v.is_gig,
        )


@router.get(
    "",
    response=responses({200: list[VacancyOut]}),
    summary="岗位清单",
    operation_id="layoffwatch_assistance_api_list_vacancies",
)
def list_vacancies(request):
    qs = vacancies_visible_to(request.auth).filter(valid_until__gte=local_day())
    return [VacancyOut.of(v) for v in qs[:500]]


@router.post(
    "",
    response=responses({201: VacancyOut}, 400, 403),
    summary="新增岗位",
    operation_id="layoffwatch_assistance_api_create_vacancy",
)
def create_vacancy(request, payload: VacancyIn):
    user = request.auth
    enterprise = enterprise_visible_to(user).filter(uscc=payload.enterprise_uscc.upper()).first()
    town = Town.objects.filter(code=payload.town_code).first()
    problems = []
    if enterprise is None:
        problems.append(
            {"field": "enterprise_uscc", "message": "企业不存在或不在您的数据权限范围内"}
        )
    if town is None:
        problems.append({"field": "town_code", "message": "镇街代码不存在"})
    if problems:
        audit_rejected(request, problems)
        return 422, {"detail": problems}
    data = payload.model_dump(exclude={"enterprise_uscc", "town_code"})
    try:
        vacancy = services.vacancy_create(
            enterprise=enterprise,
            actor=user,
            at=timezone.now(),
            source=Vacancy.Source.API,
            town=town,
            is_gig=bool(data["gig_days"]),
            **data,
        )
    except (PermissionDenied, DjangoValidationError) as exc:  # the service's guard audits it
        return service_refused(request, exc)
    return 201, VacancyOut.of(vacancy)
