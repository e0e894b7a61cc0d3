"""Who did it, in the reader's language (core.recorded.actor_shown, ADR 0100 amended
2026-12-07 (2)): `{{ e.actor_label|actor_shown:e.actor_id }}` on every page that lists an event's
or an audit entry's actor; `{% mark "：" %}` and `|joined:"；"` set the reader's punctuation
between interface text and data."""

from django import template

from layoffwatch.core.recorded import actor_shown as _actor_shown
from layoffwatch.core.recorded import joined as _joined
from layoffwatch.core.recorded import mark as _mark

register = template.Library()


@register.filter
def actor_shown(label, actor_id=None):
    return _actor_shown(label, actor_id)


@register.simple_tag
def mark(text):
    """`{% mark "：" %}`: a full-width mark between a label and data, in the reader's language
    (： on a Chinese page, ": " on an English one; ADR 0100)."""
    return _mark(text)


@register.filter
def joined(items, sep="、"):
    """`{{ reasons|joined:"；" }}`: a list a page computes, joined by the reader's separator."""
    return _joined(items, sep)
