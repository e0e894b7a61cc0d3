"""One 422 format for the API: {"detail": [{"field": "uscc", "message": "…(Chinese)"}]}.

Both kinds of field error end up here: pydantic's (schema: missing, wrong type, out of range,
our field validators) and Django's (model full_clean in the service). User-facing wording lives
in this one file (style: FAC's "user-facing wording in one place").
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError

from layoffwatch.audit.services import audit_record

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
}


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


def audit_rejected(request, detail: list[dict]) -> None:
    """Bad input leaves a trace (issue 2, "Bad input"): which fields, not the values sent."""
    fields = "、".join(dict.fromkeys(e["field"] for e in detail))
    audit_record(
        action="rejected",
        actor=getattr(request, "auth", None),
        object_type="api",
        object_id=f"{request.method} {request.path}"[:80],
        summary=f"API 请求被拒绝：字段错误（{fields}）",
        after={"errors": detail[:20]},
        request=request,
    )


def audit_bad_token(request) -> None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    token = header.split(" ", 1)[1].strip() if " " in header else ""
    # why only a prefix: a mistyped token is still most of a secret.
    shown = f"（令牌前缀 {token[:10]}…）" if token else "（未提供令牌）"
    audit_record(
        action="login_failed",
        object_type="api",
        object_id=f"{request.method} {request.path}"[:80],
        summary=f"API 令牌无效、已吊销或缺失{shown} / bad bearer token",
        request=request,
        actor_label="API（未认证）",
    )
