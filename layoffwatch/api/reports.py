"""Direct reporting over the API (plan S3.1.1–S3.1.2): the same services as the forms.

Writes accept `Idempotency-Key`: the key and the answer are stored in the report's own
transaction under a unique constraint (ADR 0047), so two requests with one key cannot both create
a report; the second replays the first's answer.
"""

import datetime as dt
import hashlib
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from layoffwatch.core.validators import normalize_uscc
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.reporting.models import Channel, IdempotencyRecord, LayoffReport, MonthlyReport
from layoffwatch.reporting.selectors import (
    receipt_next_steps,
    report_by_receipt,
    report_versions,
)
from layoffwatch.reporting.services import (
    Idempotency,
    KeyAlreadyUsed,
    Submitted,
    layoff_report_submit,
    monthly_report_submit,
)

from .errors import (
    PERIOD_PATTERN,
    Input,
    audit_denied,
    audit_rejected,
    responses,
    service_refused,
    uscc_format,
)

router = Router(tags=["reports 监测直报"])


class WaveIn(Schema):
    date: dt.date = Field(description="裁员日期 YYYY-MM-DD")
    count: int = Field(description="该批人数")


class LayoffIn(Input):
    enterprise_uscc: str = Field(
        description="裁员企业（用工单位）的统一社会信用代码", json_schema_extra=uscc_format()
    )
    planned_cut: int = Field(description="计划裁减总人数（含派遣人员）")
    dispatched_cut: int = Field(0, description="其中派遣人员人数")
    waves: list[WaveIn] = Field(
        default_factory=list, description="分批计划；不分批时填 effective_date"
    )
    effective_date: dt.date | None = Field(None, description="一次性裁员的日期")
    is_closure: bool = False
    reasons: list[str] = Field(
        default_factory=list,
        description="原因代码：orders, restructuring, relocation, bankruptcy, contract, other",
    )
    reasons_text: str = ""
    jobs_affected: str = ""
    union_consulted: bool = False
    resettlement_plan: str = ""
    severance_status: str = ""
    contact_name: str
    contact_phone: str
    headcount: int | None = Field(None, description="职工总数（含派遣），可选")
    agency_uscc: str | None = Field(
        None,
        description="代为报告的人力资源服务机构（S3.1.2）",
        json_schema_extra=uscc_format(),
    )
    corrects: str | None = Field(None, description="更正时：被更正版本的回执编号")
    remarks: str = ""


class MonthlyIn(Input):
    enterprise_uscc: str = Field(
        description="报告企业的统一社会信用代码", json_schema_extra=uscc_format()
    )
    period: str = Field(
        description="报告月份 YYYY-MM", json_schema_extra={"pattern": PERIOD_PATTERN}
    )
    headcount_start: int
    headcount_end: int
    hires: int = 0
    separations: int = 0
    dispatched_hires: int = 0
    dispatched_separations: int = 0
    operating_status: str = Field("normal", description="normal / reduced / halted")
    revenue_change_pct: float | None = None
    wages_paid_in_full: bool = True
    wage_arrears_amount: float = 0
    wage_arrears_months: int = 0
    planned_hires_next: int = 0
    planned_cuts_next: int = 0
    planned_dispatched_hires_next: int = 0
    planned_dispatched_cuts_next: int = 0
    confirm_headcount_gap: bool = Field(
        False,
        description="月初 + 本月新增 − 本月减少 ≠ 月末（均含派遣）时，报告人确认数字无误；"
        "不确认则拒收（422，字段 confirm_headcount_gap）",
    )
    headcount_gap_note: str = Field("", description="确认人数不平时必填：原因")
    remarks: str = ""


class AlertOut(Schema):
    id: int
    level: int
    total_in_window: int
    split: bool


class ReceiptOut(Schema):
    receipt_no: str
    alert: AlertOut | None = None
    next_steps: str = ""


def _alert(alert) -> dict | None:
    if alert is None:
        return None
    return {
        "id": alert.pk,
        "level": alert.level,
        "total_in_window": alert.total_in_window,
        "split": alert.split,
    }


def _reject(request, field: str, message: str):
    detail = [{"field": field, "message": message}]
    audit_rejected(request, detail)
    return 422, {"detail": detail}


def _audit_denied(request, uscc: str, why: str) -> None:
    audit_denied(
        request, object_type="reporting.report", object_id=uscc, summary=f"API 报告被拒绝：{why}"
    )


def _deny(request, uscc: str, why: str):
    _audit_denied(request, uscc, why)
    return 403, {"detail": why}


NOT_REPORTABLE = "统一社会信用代码不在您可报告的企业范围内或不存在"


def _enterprise(request, uscc: str, field: str):
    """(enterprise, None) or (None, error response).

    ADR 0082 (and 0002): an unknown code and an enterprise outside the token's scope get the same
    422 on the field, so the API cannot be asked which codes exist; the audit log keeps which one
    it was ("rejected" for an unknown code, "denied" for one outside the scope)."""
    code = normalize_uscc(uscc)
    # why one query on the way in: the scope filter finds the enterprise; only a miss asks why
    enterprise = enterprise_visible_to(request.auth).filter(uscc=code).first()
    if enterprise is not None:
        return enterprise, None
    detail = [{"field": field, "message": NOT_REPORTABLE}]
    if Enterprise.objects.filter(uscc=code).exists():
        _audit_denied(request, code, f"{field}：{NOT_REPORTABLE}")
    else:
        audit_rejected(request, detail)
    return None, (422, {"detail": detail})


def _body_digest(payload: Schema) -> str:
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _answer(submitted: Submitted) -> dict:
    report = submitted.report
    return {
        "receipt_no": report.receipt_no,
        "alert": _alert(submitted.alert),
        "next_steps": receipt_next_steps(report),
    }


def _idempotency(request, payload):
    """(Idempotency or None, error response or None) from the `Idempotency-Key` header."""
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if not key:
        return None, None
    if len(key) > 200:
        return None, _reject(request, "Idempotency-Key", "Idempotency-Key 不能超过 200 个字符")
    return Idempotency(
        user=request.auth, key=key, body_sha256=_body_digest(payload), answer=_answer
    ), None


def _replay(idempotency: Idempotency):
    """The stored answer for a key used before (same body), 409 (another body), or None."""
    record = IdempotencyRecord.objects.filter(user=idempotency.user, key=idempotency.key).first()
    if record is None:
        return None
    if record.body_sha256 != idempotency.body_sha256:
        return 409, {
            "detail": f"Idempotency-Key {idempotency.key} 已用于另一份内容不同的报告，请换一个新的键"
        }
    return record.status_code, record.response


def _submit(request, payload, submit):
    """Run `submit(idempotency)` → (status, body). ADR 0047: the key is stored with the report in
    its transaction; a key used before replays its answer (or 409), whatever this attempt gives."""
    idempotency, error = _idempotency(request, payload)
    if error:
        return error
    try:
        status, body = submit(idempotency)
    except KeyAlreadyUsed:  # a twin committed first; this attempt stored nothing
        return _replay(idempotency) or (
            409,
            {"detail": f"Idempotency-Key {idempotency.key} 的请求正在处理中，请稍后重试"},
        )
    if status >= 400 and idempotency is not None:
        # e.g. the same body retried the next day, when its wave date is no longer accepted
        return _replay(idempotency) or (status, body)
    return status, body


RESPONSES = responses({201: ReceiptOut}, 400, 403, 409)


@router.post("/layoff", response=RESPONSES, summary="提交裁员报告")
def submit_layoff(request, payload: LayoffIn):
    def submit(idempotency):
        user = request.auth
        enterprise, error = _enterprise(request, payload.enterprise_uscc, "enterprise_uscc")
        if error:
            return error
        agency = None
        if payload.agency_uscc:
            agency, error = _enterprise(request, payload.agency_uscc, "agency_uscc")
            if error:
                return error
        elif user.role == "agency" and user.enterprise_id != enterprise.pk:
            agency = user.enterprise
        if user.role == "agency" and agency is not None and agency.pk != user.enterprise_id:
            return _deny(request, payload.agency_uscc or "", "只能以本机构名义报告")
        try:
            submitted = layoff_report_submit(
                enterprise=enterprise,
                data=payload.model_dump(),
                channel=Channel.API,
                actor=user,
                at=timezone.now(),
                agency=agency,
                request=request,
                idempotency=idempotency,
            )
        except DjangoValidationError as exc:  # audited as "rejected" by the service
            return service_refused(request, exc)
        return 201, _answer(submitted)

    return _submit(request, payload, submit)


@router.post("/monthly", response=RESPONSES, summary="提交月度用工报告")
def submit_monthly(request, payload: MonthlyIn):
    def submit(idempotency):
        enterprise, error = _enterprise(request, payload.enterprise_uscc, "enterprise_uscc")
        if error:
            return error
        try:
            submitted = monthly_report_submit(
                enterprise=enterprise,
                data=payload.model_dump(),
                channel=Channel.API,
                actor=request.auth,
                at=timezone.now(),
                request=request,
                idempotency=idempotency,
            )
        except DjangoValidationError as exc:  # audited as "rejected" by the service
            return service_refused(request, exc)
        return 201, _answer(submitted)

    return _submit(request, payload, submit)


class ReportOut(Schema):
    receipt_no: str
    kind: str
    enterprise_uscc: str = Field(json_schema_extra=uscc_format())
    enterprise_name: str
    channel: str
    version: int
    is_current: bool
    current_receipt_no: str
    versions: list[str]
    withdrawn: bool
    withdrawn_reason: str
    submitted_at: dt.datetime
    alert: AlertOut | None = None
    policy_version: str = ""
    next_steps: str = ""
    data: dict


@router.get(
    "/{receipt_no}", response=responses({200: ReportOut}, 404), summary="按回执编号查询报告"
)
def get_report(
    request,
    receipt_no: str = Path(
        description="回执编号，如 ZB-20261127-000001", pattern=r"^[0-9A-Za-z-]{1,40}$"
    ),
):
    report = report_by_receipt(user=request.auth, receipt_no=receipt_no)
    if report is None:
        number = receipt_no.strip().upper()
        if any(m.objects.filter(receipt_no=number).exists() for m in (LayoffReport, MonthlyReport)):
            audit_denied(request, summary="API 查询数据权限范围外的报告")
        raise HttpError(404, "回执编号不存在或不在您的数据权限范围内")
    versions = list(report_versions(report))
    current = next((v for v in versions if v.is_current), versions[-1])
    if isinstance(report, LayoffReport):
        kind = "layoff"
        data = {
            "planned_cut": report.planned_cut,
            "dispatched_cut": report.dispatched_cut,
            "waves": [{"date": w.date.isoformat(), "count": w.count} for w in report.waves.all()],
            "is_closure": report.is_closure,
            "reasons": report.reasons,
            "agency_uscc": report.agency.uscc if report.agency else None,
            "counted_in": report.counted_in.receipt_no if report.counted_in else None,
        }
    else:
        kind = "monthly"
        data = {
            "period": report.period,
            "headcount_start": report.headcount_start,
            "headcount_end": report.headcount_end,
            "hires": report.hires,
            "separations": report.separations,
            "planned_cuts_next": report.planned_cuts_next,
            "headcount_gap": report.headcount_gap,
            "headcount_gap_note": report.headcount_gap_note,
        }
    return {
        "receipt_no": report.receipt_no,
        "kind": kind,
        "enterprise_uscc": report.enterprise.uscc,
        "enterprise_name": report.enterprise.name,
        "channel": report.channel,
        "version": report.version,
        "is_current": report.is_current,
        "current_receipt_no": current.receipt_no,
        "versions": [v.receipt_no for v in versions],
        "withdrawn": report.withdrawn,
        "withdrawn_reason": report.withdrawn_reason,
        "submitted_at": report.submitted_at,
        "alert": _alert(getattr(report, "alert", None)),
        "policy_version": getattr(report, "policy_version", ""),
        "next_steps": receipt_next_steps(report),
        "data": data,
    }
