"""One 422 format for the API: {"detail": [{"field": "uscc", "message": "…(Chinese)"}]}.

Both kinds of field error end up here: pydantic's (schema: missing, wrong type, out of range,
our field validators) and Django's (model full_clean in the service). User-facing wording lives
in this one file (style: FAC's "user-facing wording in one place").
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.encoding import escape_uri_path
from ninja import Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from pydantic import Field, model_validator

from layoffwatch.audit.services import audit_record
from layoffwatch.core.validators import USCC_CHARS

# Model field name -> API field name, where they differ.
MODEL_TO_API_FIELD = {"town": "town_code", "industry": "industry_code", NON_FIELD_ERRORS: "body"}

# pydantic error type -> Chinese message ({…} filled from the error's ctx).
PYDANTIC_MESSAGES = {
    "missing": "必填项，不能为空",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "string_too_short": "长度不能少于 {min_length} 个字符",
    "string_too_long": "长度不能超过 {max_length} 个字符",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "应小于 {lt}",
    "enum": "取值无效，可选：{expected}",
    "literal_error": "取值无效，可选：{expected}",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "请求体应为 JSON 对象",
    "dict_type": "请求体应为 JSON 对象",
    "model_type": "请求体应为 JSON 对象",
    "extra_forbidden": "不支持的字段",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "string_pattern_mismatch": "格式不正确",
    "nul_character": "不能包含空字符（NUL）",
}


# Formats published in the OpenAPI (ADR 0085). Documentation only: the fields keep their own
# validators, so a bad value still gets its Chinese message naming the field.
USCC_PATTERN = rf"^[{USCC_CHARS}]{{2}}[0-9]{{6}}[{USCC_CHARS}]{{10}}$"
PERIOD_PATTERN = r"^20\d{2}-(0[1-9]|1[0-2])$"  # this century: a month the clock can turn
TOWN_PATTERN = r"^[0-9]{12}$"


def uscc_format(**extra) -> dict:
    return {"pattern": USCC_PATTERN, "minLength": 18, "maxLength": 18, **extra}


class FieldError(Schema):
    field: str = Field(description="出错的字段（API 字段名；请求体整体为 body）")
    message: str = Field(description="中文说明：哪个字段、什么问题")


class ErrorOut(Schema):
    """Every refusal: 422 lists field errors; 401/403/404/409 carry one sentence."""

    detail: list[FieldError] | str


ERROR_MEANINGS = {
    400: "请求体不是有效的 JSON",
    401: "令牌缺失、错误或已吊销",
    403: "您的角色无权执行此操作",
    404: "不存在或不在您的数据权限范围内",
    409: "与已有记录冲突（重复的代码或已用过的 Idempotency-Key）",
    422: "字段错误：逐项列出字段和原因",
}


def responses(ok: dict, *refusals: int) -> dict:
    """The `response=` of a route: its success answer(s) and every refusal it can give, each with
    the one error schema. 401 (bearer token) and 422 (input) apply to every route."""
    codes = sorted({401, 422, *refusals})
    return ok | {code: ErrorOut for code in codes}


def _nul_paths(value, path=()):
    """Where a parsed request holds the NUL character (PostgreSQL refuses it in text)."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nul_paths(v, (*path, str(k)))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nul_paths(v, (*path, i))]
    return []


class RefusingNulParser(Parser):
    """Query strings with NUL are bad input (422 naming the parameter), not a database error."""

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        found = _nul_paths(dict(result))
        if found:
            raise NinjaValidationError(
                [{"type": "nul_character", "loc": ("query", *p), "msg": ""} for p in found]
            )
        return result


class Input(Schema):
    """A request body: text with NUL is refused (422), like the pages' forms refuse it."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data):
        raw = getattr(data, "_obj", data)  # ninja hands its validators a DjangoGetter
        found = _nul_paths(raw) if isinstance(raw, dict) else []
        if found:
            fields = "、".join(".".join(str(x) for x in p) for p in found[:5])
            raise ValueError(f"{fields}：{PYDANTIC_MESSAGES['nul_character']}")
        return data


def _api_field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


def pydantic_field_error(error: dict) -> dict:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        # our own field validators raise ValueError with a Chinese message already
        message = str(ctx["error"])
    elif kind in PYDANTIC_MESSAGES:
        try:
            message = PYDANTIC_MESSAGES[kind].format(**ctx)
        except (KeyError, IndexError):
            message = PYDANTIC_MESSAGES[kind].split("{")[0].rstrip("：，, ")
    else:
        message = f"取值无效 / {error.get('msg', 'invalid value')}"
    return {"field": _api_field(error.get("loc", ())), "message": message}


def field_errors(exc: DjangoValidationError) -> list[dict]:
    """A model ValidationError (from full_clean) as the API's per-field list."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": MODEL_TO_API_FIELD.get(field, field), "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "body", "message": m} for m in exc.messages]


def _mark_audited(request) -> None:
    request._api_refusal_audited = True


def _where(request) -> str:
    # why escaped: the address may hold NUL, which PostgreSQL refuses in the audit log's text
    return f"{request.method} {escape_uri_path(request.path)}"[:80]


def audit_rejected(request, detail: list[dict]) -> None:
    """Bad input leaves a trace (STYLE "Bad input"): which fields, not the values sent."""
    _mark_audited(request)
    fields = "、".join(dict.fromkeys(e["field"] for e in detail))
    audit_record(
        action="rejected",
        actor=getattr(request, "auth", None),
        object_type="api",
        object_id=_where(request),
        summary=f"API 请求被拒绝：字段错误（{fields}）",
        after={"errors": detail[:20]},
        request=request,
    )


def audit_bad_token(request) -> None:
    _mark_audited(request)
    header = request.META.get("HTTP_AUTHORIZATION", "")
    token = header.split(" ", 1)[1].strip() if " " in header else ""
    # why only a prefix: a mistyped token is still most of a secret.
    shown = f"（令牌前缀 {token[:10]}…）" if token else "（未提供令牌）"
    audit_record(
        action="login_failed",
        object_type="api",
        object_id=_where(request),
        summary=f"API 令牌无效、已吊销或缺失{shown} / bad bearer token",
        request=request,
        actor_label="API（未认证）",
    )


def audit_denied(request, *, summary: str, object_type: str = "api", object_id: str = "") -> None:
    """A request for data outside the token's scope (or a role refused), when the route knows
    which: "denied", like the pages' deny / deny_not_found."""
    _mark_audited(request)
    audit_record(
        action="denied",
        actor=getattr(request, "auth", None),
        object_type=object_type,
        object_id=(object_id or _where(request))[:80],
        summary=summary,
        request=request,
    )


def service_refused(request, exc: Exception) -> tuple[int, dict]:
    """A service refused the write and wrote its own trace (PermissionDenied → 403, ValidationError
    → 422): answer it without a second entry."""
    _mark_audited(request)
    if isinstance(exc, PermissionDenied):
        return 403, {"detail": str(exc) or ERROR_MEANINGS[403]}
    return 422, {"detail": field_errors(exc)}


def audit_api_refusal(request, status: int, data) -> None:
    """ADR 0085: every API answer 4xx leaves a trace, as a refused page does. Called for every
    response the API creates (LayoffWatchAPI.create_response), so no route can forget it; a route
    or service that already wrote a more precise entry (audit_rejected, audit_denied,
    service_refused, audit_bad_token) is not logged twice.

    403 is "denied"; 401 "login_failed"; anything else (404 unknown, 409, 422, 400) "rejected":
    a route that knows its 404 is another's record says so with audit_denied."""
    if getattr(request, "_api_refusal_audited", False):
        return
    _mark_audited(request)
    detail = data.get("detail") if isinstance(data, dict) else None
    if isinstance(detail, list):
        why = "字段错误（" + "、".join(dict.fromkeys(str(e.get("field")) for e in detail)) + "）"
    else:
        why = str(detail or ERROR_MEANINGS.get(status, ""))[:200]
    action = {401: "login_failed", 403: "denied"}.get(status, "rejected")
    user = getattr(request, "auth", None)
    audit_record(
        action=action,
        actor=user,
        object_type="api",
        object_id=_where(request),
        summary=f"API 请求被拒绝（{status}）：{why}",
        request=request,
        actor_label="" if user is not None else "API（未认证）",
    )
