from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from .auth import TokenAuth
from .enterprises import router as enterprises_router

api = NinjaAPI(
    title="LayoffWatch API",
    version="1",
    description="潼南区规模性失业风险监测预警平台接口。使用 Bearer 令牌（layoffwatch issue_token USERNAME）。",
    auth=TokenAuth(),
    urls_namespace="api",
)


def _loc(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def validation_errors(request: HttpRequest, exc: ValidationError):
    """422 with one entry per field: {"detail": [{"field": "uscc", "message": "…"}]}."""
    detail = [{"field": _loc(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc):
    return api.create_response(request, {"detail": "未提供有效的 API 令牌 / missing or invalid bearer token"}, status=401)


api.add_router("/enterprises", enterprises_router)
