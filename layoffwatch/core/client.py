"""The address a request came from (ADR 0004)."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """REMOTE_ADDR; behind our own TLS proxy (BEHIND_TLS_PROXY), the last X-Forwarded-For entry,
    the one that proxy added (earlier entries are whatever the client chose to send).

    None when there is no request or no valid address, so that it fits a GenericIPAddressField.
    """
    if request is None:
        return None
    candidates = []
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            candidates.append(forwarded.split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
