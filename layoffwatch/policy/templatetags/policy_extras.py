from django import template

from layoffwatch.policy.rules import pct, share

register = template.Library()


@register.filter
def percent(value):
    """0.055 → 5.5% (exact: the parameter's decimal text, not a float)."""
    if value is None or value == "":
        return ""
    return pct(share(value))
