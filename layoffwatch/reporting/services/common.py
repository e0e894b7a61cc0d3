"""What the report services share: the answer to a submission and the API's Idempotency-Key, the
receipt number, the audit entry of a rejected submission, the scope checks and the row lock."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.utils.translation import gettext_lazy, override

from layoffwatch.audit.refusals import refusals_recorded
from layoffwatch.audit.services import audit_record
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_visible_to

from ..models import Channel, IdempotencyRecord, LayoffReport, MonthlyReport, Receipt


@dataclass
class Submitted:
    report: LayoffReport | MonthlyReport
    alert: models.Model | None = None  # the alert (alerts.Alert) it raised or escalated

    @property
    def receipt_no(self) -> str:
        return self.report.receipt_no


@dataclass
class Idempotency:
    """An API write's Idempotency-Key. The answer is stored with the key in the report's own
    transaction (ADR 0047): a crash leaves both or neither, and no separate reservation commit."""

    user: object
    key: str
    body_sha256: str
    answer: Callable[[Submitted], dict]  # the response body the API sends for this report


class KeyAlreadyUsed(Exception):
    """Another request with this Idempotency-Key committed first; this one was rolled back whole.
    The caller replays the stored answer (same body) or refuses with 409 (different body)."""


def remember(idempotency: Idempotency | None, submitted: Submitted) -> None:
    if idempotency is None:
        return
    try:
        # why no pre-check query: a repeated key is rare; the unique constraint decides, and a
        # concurrent twin waits on the index until the first commits, then lands here
        IdempotencyRecord.objects.create(
            user=idempotency.user,
            key=idempotency.key,
            body_sha256=idempotency.body_sha256,
            receipt_no=submitted.receipt_no,
            status_code=201,
            response=idempotency.answer(submitted),
        )
    except IntegrityError as exc:
        raise KeyAlreadyUsed(idempotency.key) from exc


def receipt_issue(kind: str, at: dt.datetime) -> str:
    return Receipt.objects.create(kind=kind, issued_at=at).number


KIND_WORDS = {"layoffreport": "裁员报告", "monthlyreport": "月度用工报告"}


def _rejection_record(exc: ValidationError, *, kind: str, enterprise, channel: str, actor, request):
    """The "rejected" entry of a refused submission: each field with its first message, in
    Chinese whatever the reporter's language where the message is said when read (a roster's,
    ADR 0100: the audit log keeps the bureau's words)."""
    with override(settings.LANGUAGE_CODE):
        fields = list(getattr(exc, "message_dict", {"body": exc.messages}).items())
        channel_word = str(Channel(channel).label)
    audit_record(
        action="rejected",
        actor=actor,
        object_type=f"reporting.{kind}",
        object_id=getattr(enterprise, "uscc", "") or "",
        summary=f"{KIND_WORDS[kind]}被拒绝（{channel_word}）："
        + "；".join(m[0] for _f, m in fields[:8]),  # each message names its field in words
        after={"errors": [{"field": f, "message": m[0]} for f, m in fields[:20]]},
        request=request,
        actor_label="" if actor is not None else f"匿名（{channel_word}）",
    )


def rejection_audited(*, kind: str, enterprise, channel: str, actor, request):
    """A submission refused in the block (ValidationError) leaves only its "rejected" entry:
    written after the report's own transaction rolled back, then the refusal goes on (ADR 0044).
    Open the block outside that transaction."""
    return refusals_recorded(
        partial(
            _rejection_record,
            kind=kind,
            enterprise=enterprise,
            channel=channel,
            actor=actor,
            request=request,
        ),
        kinds=(ValidationError,),
    )


def require_channel(channel: str) -> None:
    if channel not in Channel.values:
        raise ValidationError({"channel": f"未知的报告渠道 {channel}"})


# ADR 0082: the staff form's words; an unknown code (an unsaved Enterprise) reads the same.
NOT_IN_SCOPE = gettext_lazy("企业不在企业名录中或不在您的数据权限范围内")


def require_scope(actor, enterprise: Enterprise, *, agency: Enterprise | None = None) -> None:
    """A signed-in reporter reports only for enterprises they may see (the QR form's anonymous
    reporter, actor None, is bound to the link's enterprise by its token)."""
    if actor is None:
        return
    scope = enterprise_visible_to(actor)
    errors = {}
    if enterprise.pk is None or not scope.filter(pk=enterprise.pk).exists():
        errors["enterprise_uscc"] = [NOT_IN_SCOPE]
    if agency is not None and (agency.pk is None or not scope.filter(pk=agency.pk).exists()):
        errors["agency_uscc"] = [NOT_IN_SCOPE]
    if errors:
        raise ValidationError(errors)


# ADR 0082: staff work only on what they may read; a record outside the scope reads as missing.
NOT_IN_SCOPE_RECORD = "该{what}不存在或不在您的数据权限范围内"


def require_record_scope(actor, enterprise_id, what: str) -> None:
    if enterprise_id is None or not enterprise_visible_to(actor).filter(pk=enterprise_id).exists():
        raise PermissionDenied(NOT_IN_SCOPE_RECORD.format(what=what))


def check_fields(report) -> None:
    """The model's field validators (lengths, counts, phone) without full_clean()'s queries: the
    foreign keys were just looked up, receipt numbers are unique by construction and the one
    current version per series is kept by the row locks (the database enforces both anyway).
    why: full_clean() cost 3 ms of the ~30 ms a layoff report takes (benchmarks/README.md)."""
    report.clean_fields(
        exclude=[f.name for f in report._meta.fields if f.is_relation] + ["receipt_no"]
    )


def lock_enterprise(enterprise: Enterprise) -> None:
    # why: grading reads the enterprise's other waves; two reports of one enterprise at once must
    # be graded one after the other, or each would miss the other's waves (PostgreSQL row lock;
    # SQLite's IMMEDIATE transactions already serialise writers).
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()


def submitter(actor):
    """The signed-in user who submits, kept on the report; None for the QR form's anonymous one."""
    return actor if getattr(actor, "is_authenticated", False) else None
