"""View guards. Scope itself is enforced in selectors; these only refuse whole pages by role."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from layoffwatch.audit.services import audit_record


def deny(request, summary: str):
    audit_record(
        action="denied",
        actor=request.user,
        object_id=request.path[:80],
        summary=summary,
        request=request,
    )
    raise PermissionDenied(summary)


def deny_not_found(request, summary: str):
    """Out of scope: audited like a refusal, answered like a missing record (404), so that the
    user cannot tell another town's enterprise from one that does not exist."""
    audit_record(
        action="denied",
        actor=request.user,
        object_id=request.path[:80],
        summary=summary,
        request=request,
    )
    raise Http404(summary)


def require(predicate, summary: str):
    """@require(lambda u: u.can_edit_registry, "无权修改企业名录")"""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                deny(request, summary)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
