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


@register.filter
def policy_text(text):
    """A text of a parameter file in the reader's language (policy.wording.policy_text)."""
    return wording.policy_text(text)


@register.filter
def policy_names(names):
    """Names of a parameter file, listed in the reader's language (policy.wording.names_text)."""
    return wording.names_text(names or [])


@register.filter
def task_reasons(reasons):
    """Why a task started, in the reader's language (policy.wording.task_reason)."""
    return wording.semicolons(wording.task_reason(str(r)) for r in reasons or [])


@register.filter
def source_text(source):
    """Where a parameter file in force comes from, in the reader's language."""
    return wording.source_text(source)


@register.filter
def deadline_label(text):
    """A step's time limit in the reader's language (policy.wording.deadline_label)."""
    return wording.deadline_label(text)
