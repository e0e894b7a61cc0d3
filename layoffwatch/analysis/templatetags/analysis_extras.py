"""A figure of the month's indicators as a page shows it: a rate as a percentage, a count with
thousands separated, an unknown figure as 暂无数据 with its reason (never 0)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from layoffwatch.analysis import risk_reasons
from layoffwatch.analysis.indicators import BY_KEY

register = template.Library()


def shown(value, key: str) -> str:
    indicator = BY_KEY[key]
    if indicator.is_rate:
        return f"{value * 100:.1f}%"
    if key == "demand_ratio":
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:,.1f}"  # a mean of people (a hotspot's usual), as the draft writes it
    return f"{value:,}"


@register.simple_tag
def figure(row, key):
    """The indicator `key` of `row` (an indicators.Row)."""
    f = row.values[key]
    if f.value is None:
        return format_html(
            '<span class="text-muted" title="{}">{}</span>', f.unknown_because, _("暂无数据")
        )
    return shown(f.value, key)


@register.simple_tag
def change(value):
    """A change in people: +12 / −7 / 0; unknown as 暂无数据."""
    if value is None:
        return format_html('<span class="text-muted">{}</span>', _("暂无数据"))
    return f"{value:+,}" if value else "0"


@register.filter
def hotspot_value(spot, which="value"):
    return shown(getattr(spot, which), spot.indicator)


@register.filter
def probability(p) -> str:
    """A risk ranking's probability as a page shows it: one decimal, under 0.1 % said so (never a
    bare 0 %, which reads as "no risk")."""
    if p is None:
        return _("未知")
    share = float(p) * 100
    return "<0.1%" if share < 0.1 else f"{share:.1f}%"


@register.filter
def reasons_said(reasons) -> list[str]:
    """A risk ranking's stored reasons ([feature, number], ADR 0106) as sentences in the reader's
    language; a reason stored as text (a model trained before) as it is."""
    return risk_reasons.reasons_said(reasons)
