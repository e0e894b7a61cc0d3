"""The analysis services' refusals, audited after the rollback (STYLE "refusals") in the bureau's
Chinese whatever the page's language (ADR 0100 amended (8)): one helper for the monthly analysis
and the consultations."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils.translation import override

from layoffwatch.audit.refusals import refusals_recorded
from layoffwatch.audit.services import audit_refusal


@contextmanager
def refusals_audited(what: str, *, actor, object_type: str, obj=None) -> Iterator[None]:
    """`obj` may be a callable, read only when a refusal comes."""

    def record(exc: Exception) -> None:
        target = obj() if callable(obj) else obj
        with override(settings.LANGUAGE_CODE):
            audit_refusal(what=what, exc=exc, actor=actor, obj=target, object_type=object_type)

    with refusals_recorded(record):
        yield
