from django import template

from layoffwatch.policy import wording
from layoffwatch.policy.rules import pct, share

register = template.Library()


@register.filter
def percent(value):
    """0.055 → 5.5% (exact: the parameter's decimal text, not a float)."""
    if value is None or value == "":
        return ""
    return pct(share(value))


@register.filter
def without_adr(text):
    """A source as the page shows it, without the ADR numbers it cites (policy.wording)."""
    return wording.without_adr(str(text or ""))


@register.filter
def version_label(version):
    """A policy version as staff read it (policy.wording.version_label)."""
    return wording.version_label(version)


@register.filter
def clause_label(clause):
    """A plan clause ID as the plan numbers it (policy.wording.clause_label)."""
    return wording.clause_label(clause)
