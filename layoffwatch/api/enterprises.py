from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, field_validator

from layoffwatch.core.validators import validate_uscc
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_get
from layoffwatch.enterprises.services import enterprise_create
from layoffwatch.reference.models import Industry, Town

from .errors import (
    TOWN_PATTERN,
    Input,
    audit_denied,
    audit_rejected,
    field_errors,
    responses,
    service_refused,
    uscc_format,
)

router = Router(tags=["enterprises 企业名录"])


class EnterpriseIn(Input):
    uscc: str = Field(description="统一社会信用代码（18 位）", json_schema_extra=uscc_format())
    name: str = Field(min_length=1, max_length=100, description="企业名称")
    town_code: str = Field(
        description="镇街 12 位统计用区划代码", json_schema_extra={"pattern": TOWN_PATTERN}
    )
    industry_code: str = Field(description="GB/T 4754-2017 行业代码，任意层级：C、36、367、3670")
    insured_headcount: int = Field(ge=0, le=1_000_000, description="参保人数")
    ownership: Enterprise.Ownership = Enterprise.Ownership.PRIVATE
    contact_name: str = ""
    contact_phone: str = ""
    is_key_sample: bool = False
    on_watch_list: bool = False
    is_hr_agency: bool = False
    is_platform_employer: bool = False

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, value: str) -> str:
        try:
            return validate_uscc(value)
        except DjangoValidationError as exc:
            raise ValueError(exc.messages[0])

    @field_validator("town_code")
    @classmethod
    def _town(cls, value: str) -> str:
        if not Town.objects.filter(code=value.strip()).exists():
            raise ValueError(
                f"镇街代码 {value} 不是潼南区的镇街（应为 12 位统计用区划代码，如 500152001000）"
            )
        return value.strip()

    @field_validator("industry_code")
    @classmethod
    def _industry(cls, value: str) -> str:
        code = value.strip().upper()
        if not Industry.objects.filter(code=code).exists():
            raise ValueError(f"行业代码 {value} 不是 GB/T 4754-2017 中的代码")
        return code


class EnterpriseOut(Schema):
    uscc: str = Field(json_schema_extra=uscc_format())
    name: str
    town_code: str = Field(json_schema_extra={"pattern": TOWN_PATTERN})
    town_name: str
    industry_code: str
    industry_name: str
    insured_headcount: int
    ownership: str
    is_key_sample: bool
    on_watch_list: bool
    is_labour_intensive: bool
    is_hr_agency: bool
    is_platform_employer: bool

    @staticmethod
    def of(e: Enterprise) -> "EnterpriseOut":
        return EnterpriseOut(
            uscc=e.uscc,
            name=e.name,
            town_code=e.town_id,
            town_name=e.town.name,
            industry_code=e.industry_id,
            industry_name=e.industry.name,
            insured_headcount=e.insured_headcount,
            ownership=e.ownership,
            is_key_sample=e.is_key_sample,
            on_watch_list=e.on_watch_list,
            is_labour_intensive=e.is_labour_intensive,
            is_hr_agency=e.is_hr_agency,
            is_platform_employer=e.is_platform_employer,
        )


def _is_duplicate(exc: DjangoValidationError) -> bool:
    errors = getattr(exc, "error_dict", {}).get("uscc", [])
    return any(e.code == "unique" for e in errors)


@router.post(
    "", response=responses({201: EnterpriseOut}, 400, 403, 409), summary="新增企业（企业名录）"
)
def create_enterprise(request, payload: EnterpriseIn):
    user = request.auth
    data = payload.model_dump()
    duplicate = {
        "detail": [{"field": "uscc", "message": f"统一社会信用代码 {payload.uscc} 已在企业名录中"}]
    }
    try:
        # why no pre-check for duplicates here: the service checks scope first, so a town liaison
        # cannot learn from a 409 that another town's code exists.
        enterprise = enterprise_create(
            actor=user,
            source=Enterprise.Source.API,
            town_id=data.pop("town_code"),
            industry_id=data.pop("industry_code"),
            **data,
        )
    except PermissionDenied as exc:  # the service audited it (ADR 0082): no second entry
        return service_refused(request, exc)
    except DjangoValidationError as exc:
        detail = duplicate["detail"] if _is_duplicate(exc) else field_errors(exc)
        audit_rejected(request, detail)
        return (409 if _is_duplicate(exc) else 422), {"detail": detail}
    except IntegrityError:  # a concurrent request created the same code between check and insert
        audit_rejected(request, duplicate["detail"])
        return 409, duplicate
    enterprise = Enterprise.objects.select_related("town", "industry").get(pk=enterprise.pk)
    return 201, EnterpriseOut.of(enterprise)


@router.get(
    "/{uscc}", response=responses({200: EnterpriseOut}, 404), summary="按统一社会信用代码查询企业"
)
def get_enterprise(
    request,
    uscc: str = Path(description="统一社会信用代码（18 位）", pattern=r"^[0-9A-Za-z]{18}$"),
):
    enterprise = enterprise_get(user=request.auth, uscc=uscc)
    if enterprise is None:
        if Enterprise.objects.filter(uscc=uscc.strip().upper()).exists():
            audit_denied(
                request,
                object_type="enterprises.enterprise",
                object_id=uscc,
                summary="API 查询数据权限范围外的企业",
            )
        # why 404 and not 403: an out-of-scope enterprise must not be distinguishable from a missing one.
        raise HttpError(404, "企业不存在或不在您的数据权限范围内")
    return EnterpriseOut.of(enterprise)
