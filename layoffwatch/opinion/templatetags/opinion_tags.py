"""An item's text on a page: phone and ID numbers masked (plan S6.4; ADR 0107)."""

from django import template

from layoffwatch.opinion.text import mask

register = template.Library()


@register.filter
def masked(value) -> str:
    return mask(str(value or ""))
