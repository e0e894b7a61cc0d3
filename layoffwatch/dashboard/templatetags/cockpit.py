"""Numbers on the cockpit (ADR 0098): thousands separated by commas in either language (Django's
zh-hans format groups nothing), and a figure nobody knows said to be unknown, never 0."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def thousands(value) -> str:
    if value is None or value == "":
        return _("未知")
    if isinstance(value, str):  # already written out (a range: "1,200–1,350")
        return value
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"  # a rate keeps its decimal (4.6 %)
    return f"{int(value):,}"
