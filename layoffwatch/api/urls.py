from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .auth import TokenAuth
from .docs import VendoredSwagger
from .enterprises import router as enterprises_router
from .errors import (
    RefusingNulParser,
    audit_api_refusal,
    audit_bad_token,
    audit_rejected,
    pydantic_field_error,
)


class LayoffWatchAPI(NinjaAPI):
    """Every answer the API gives passes here, so every refusal is audited (ADR 0085)."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if 400 <= response.status_code < 500:
            audit_api_refusal(request, response.status_code, data)
        return response


api = LayoffWatchAPI(
    title="LayoffWatch API",
    version="1",
    description="潼南区规模性失业风险监测预警平台接口。使用 Bearer 令牌（layoffwatch issue_token USERNAME）。"
    '字段错误返回 422：{"detail": [{"field": "uscc", "message": "…"}]}。',
    auth=TokenAuth(),
    parser=RefusingNulParser(),
    urls_namespace="api",
    # ADR 0085: Swagger UI from our own static files (no CDN), for logged-in users only; the
    # operations themselves still take bearer tokens.
    docs=VendoredSwagger(),
    docs_decorator=login_required,
)


@api.exception_handler(ValidationError)
def validation_errors(request: HttpRequest, exc: ValidationError):
    """422 with one entry per field: {"detail": [{"field": "uscc", "message": "…"}]}."""
    detail = [pydantic_field_error(e) for e in exc.errors]
    audit_rejected(request, detail)
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc):
    audit_bad_token(request)
    return api.create_response(
        request,
        {
            "detail": "未提供有效的 API 令牌（令牌缺失、错误或已吊销）/ missing, invalid or revoked bearer token"
        },
        status=401,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    message = str(exc)
    if exc.status_code == 400 and message == "Cannot parse request body":
        # why: ninja's own wording is English; callers of a Chinese system get Chinese.
        message = "请求体不是有效的 JSON / cannot parse request body"
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc):
    return api.create_response(request, {"detail": "未找到 / not found"}, status=404)


api.add_router("/enterprises", enterprises_router)
api.add_router("/reports", "layoffwatch.api.reports.router")
api.add_router("", "layoffwatch.api.alerts.router")
api.add_router("/vacancies", "layoffwatch.api.vacancies.router")
api.add_router("", "layoffwatch.api.analysis.router")
