"""Figures on list pages and tiles: thousands separated by commas in either language (Django's
zh-hans format groups nothing), as the cockpit does (ADR 0098). Anything that is not a number
("—", 未知) is shown as it is, so `default_if_none:"—"` can come first."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def thousands(value):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return f"{value:,}"
