"""The one way to refuse (STYLE "refusals"; ADR 0089).

A service refuses with ``ValidationError`` (bad input: the message names the field) or
``PermissionDenied`` (not allowed; "not there" and "not yours" read the same). The refusal is
audited OUTSIDE the transaction that rolled back, so nothing changed but the trace survives:
action "denied" for a permission refusal, "rejected" for anything else.

- ``guarded("登记受影响职工")`` over a keyword-only service: atomic, refusals audited.
- ``refusals_audited(what, actor=…, obj=…)``: the same as a ``with`` block, for a caller that
  opens its own transaction inside it.
- ``refusals_recorded(record, kinds=…)``: the general form, for an entry that says more than
  "拒绝…：message" (a rejected report, a rejected import file).
- ``attempt(request, action, done=…)``: the view side — runs one service, turns a refusal into
  the page's message (the service audited it already) and tells whether it went through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .services import audit_refusal, refusal_message

REFUSALS = (ValidationError, PermissionDenied)


@contextmanager
def refusals_recorded(
    record: Callable[[Exception], object], *, kinds: tuple[type[Exception], ...] = REFUSALS
) -> Iterator[None]:
    """The general form: `record(exc)` writes the entry for a refusal of `kinds` raised in the
    block, then the refusal goes on. For an entry that says more than "拒绝…：message" (a
    rejected report lists its fields and the channel, a rejected import its rows). Open the block
    OUTSIDE the transaction, as for refusals_audited."""
    try:
        yield
    except kinds as exc:
        record(exc)
        raise


@contextmanager
def refusals_audited(
    what: str,
    *,
    actor,
    obj: models.Model | Callable[[], models.Model | None] | None = None,
    object_type: str = "",
    actor_label: str | None = None,
) -> Iterator[None]:
    """Audit a refusal raised in the block, then let it go on. Open the block OUTSIDE the
    transaction: an entry written inside one that rolls back would roll back with it.

    `obj` may be a callable, read only when a refusal comes (the object may not exist before).
    `actor_label` defaults to "系统" when no one is signed in (a queued job, a feed)."""

    def record(exc: Exception) -> None:
        target = obj() if callable(obj) else obj
        label = actor_label
        if label is None:
            label = "" if getattr(actor, "is_authenticated", False) else "系统"
        audit_refusal(
            what=what,
            exc=exc,
            actor=actor,
            obj=target,
            object_type=object_type if target is None else "",
            actor_label=label,
        )

    with refusals_recorded(record):
        yield


def _subject(kwargs: dict, actor) -> models.Model | None:
    """The first saved model among a service's arguments that is not the actor."""
    return next(
        (
            v
            for v in kwargs.values()
            if isinstance(v, models.Model) and getattr(v, "pk", None) and v is not actor
        ),
        None,
    )


def guarded(
    what: str,
    *,
    subject: Callable[[dict], models.Model | None] | None = None,
    check: Callable[[dict], None] | None = None,
) -> Callable:
    """``@guarded("确认信号")`` over a keyword-only service (``actor=`` among its arguments):
    the service runs in one transaction, and a refusal — from ``check`` (run first, outside the
    transaction, e.g. a unit or scope test) or from the service — is audited, then re-raised.

    The audit entry names `subject(kwargs)`, by default the first saved model passed that is not
    the actor; with none, the entry is filed under the service's app."""

    def decorator(fn: Callable) -> Callable:
        atomic = transaction.atomic(fn)
        app = fn.__module__.split(".")[1]

        @wraps(fn)
        def run(**kwargs):
            actor = kwargs.get("actor")
            with refusals_audited(
                what,
                actor=actor,
                obj=lambda: (subject or (lambda kw: _subject(kw, actor)))(kwargs),
                object_type=app,
            ):
                if check is not None:
                    check(kwargs)
                return atomic(**kwargs)

        return run

    return decorator


def attempt(
    request, action: Callable[[], object], *, done: str = "", deny: str = "message"
) -> bool:
    """Run one service for a page. A ValidationError becomes the page's error message; a
    PermissionDenied too, or with ``deny="raise"`` it goes on to the 403 page. On success the
    `done` message (if any) is shown. True when the service went through."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, refusal_message(exc))
        return False
    except PermissionDenied as exc:
        if deny == "raise":
            raise  # the 403 page says why, once (not again in a message above it)
        messages.error(request, str(exc) or _("无权办理"))
        return False
    if done:
        messages.success(request, done)
    return True
