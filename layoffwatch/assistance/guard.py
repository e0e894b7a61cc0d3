"""One refusal path for the services of assistance, rights and credit (STYLE: a refused action
is audited OUTSIDE its rolled-back transaction, with action "rejected" — or "denied" for a
permission refusal — so that the trace survives while nothing else does)."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from layoffwatch.accounts.roles import Role
from layoffwatch.audit.services import audit_refusal, refusal_message

WRITERS = {Role.ADMIN, Role.SECTION_STAFF, Role.TOWN_LIAISON}


message_of = refusal_message  # the pages show the same text the audit log keeps


def guarded(what: str) -> Callable:
    """@guarded("登记受影响职工") over a keyword-only service: atomic, and refusals audited."""

    def decorator(fn: Callable) -> Callable:
        atomic = transaction.atomic(fn)

        @wraps(fn)
        def run(**kwargs):
            try:
                return atomic(**kwargs)
            except (ValidationError, PermissionDenied) as exc:
                actor = kwargs.get("actor")
                obj = next(
                    (
                        v
                        for v in kwargs.values()
                        if isinstance(v, models.Model) and getattr(v, "pk", None) and v is not actor
                    ),
                    None,
                )
                audit_refusal(
                    what=what,
                    exc=exc,
                    actor=actor,
                    obj=obj,
                    object_type="" if obj is not None else fn.__module__.split(".")[1],
                    actor_label="" if getattr(actor, "is_authenticated", False) else "系统",
                )
                raise

        return run

    return decorator


def require_writer(actor, what: str) -> None:
    """Bureau staff who work on people and enterprises: administrators, section staff, and town
    liaisons (their own town is enforced by the caller through the selectors' scope)."""
    ok = (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.is_active
        and (actor.is_superuser or actor.role in WRITERS)
    )
    if not ok:
        raise PermissionDenied(f"您的角色不能{what}")
