"""Numbers on the cockpit (ADR 0098): thousands separated by commas in either language (Django's
zh-hans format groups nothing), and a figure nobody knows said to be unknown, never 0."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def thousands(value) -> str:
    if value is None or value == "":
        return _("未知")
    return f"{int(value):,}"
