"""Reads of the blacklist: the bureau's full records (in scope) and the public list."""

import datetime as dt

from django.db.models import QuerySet

from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.policy.wording import finding_name

from .models import BlacklistEntry

# What the public page may show (ADR 0073: plan S6.3 "面向社会公布" names the employer and the
# failing; evidence, explanations, people and reviewers stay inside the bureau).
PUBLIC_FIELDS = ("enterprise name", "uscc", "finding", "listed_on", "expires_on")


def blacklist_visible_to(user) -> QuerySet[BlacklistEntry]:
    if user is None or not getattr(user, "is_bureau", False):
        return BlacklistEntry.objects.none()
    return BlacklistEntry.objects.filter(enterprise__in=enterprise_visible_to(user)).select_related(
        "enterprise", "decided_by"
    )


def public_blacklist(*, on: dt.date) -> list[dict]:
    """The current list: published, not removed, listing period not yet over."""
    findings = policy_in_force().at(on)["blacklist"]["candidate_findings"] or {}
    qs = (
        BlacklistEntry.objects.filter(
            status=BlacklistEntry.Status.LISTED, listed_on__lte=on, expires_on__gt=on
        )
        .select_related("enterprise")
        .order_by("-listed_on", "enterprise__name")
    )
    return [
        {
            "name": e.enterprise.name,
            "uscc": e.enterprise.uscc,
            "finding": finding_name(findings.get(e.finding, e.finding)),
            "listed_on": e.listed_on,
            "expires_on": e.expires_on,
        }
        for e in qs
    ]
