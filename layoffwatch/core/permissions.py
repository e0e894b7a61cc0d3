"""View guards. Scope itself is enforced in selectors; these only refuse whole pages by role.

Every refusal is recorded in the audit log: `audit` registers its handler on `hooks.on_denied`
in its `ready()` (ADR 0093), since core may not import the apps above it."""

from functools import wraps

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from .hooks import on_denied


def _record(request, summary: str) -> None:
    if not on_denied.handlers:
        # why refuse to go on: a page refusal that nobody records would pass unnoticed (STYLE)
        raise ImproperlyConfigured(
            "没有登记拒绝记录的处理程序（layoffwatch.audit 未安装？）/ "
            "no handler records page refusals: is layoffwatch.audit installed?"
        )
    for handler in on_denied.handlers:
        handler(request=request, summary=summary)


def deny(request, summary: str):
    _record(request, summary)
    raise PermissionDenied(summary)


def deny_not_found(request, summary: str):
    """Out of scope: audited like a refusal, answered like a missing record (404), so that the
    user cannot tell another town's enterprise from one that does not exist."""
    _record(request, summary)
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
