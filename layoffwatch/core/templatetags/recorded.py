"""Who did it, in the reader's language (core.recorded.actor_shown, ADR 0100 amended
2026-12-07 (2)): `{{ e.actor_label|actor_shown:e.actor_id }}` on every page that lists an event's
or an audit entry's actor."""

from django import template

from layoffwatch.core.recorded import actor_shown as _actor_shown

register = template.Library()


@register.filter
def actor_shown(label, actor_id=None):
    return _actor_shown(label, actor_id)
