from django.core.exceptions import ValidationError as DjangoValidationError
from ninja.errors import HttpError


def field_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "message_dict"):
        return [{"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs]
    return [{"field": "body", "message": m} for m in exc.messages]


class ApiError(HttpError):
    pass
