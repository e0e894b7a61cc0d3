"""Which events and items a user may read (plan S6.4; ADR 0107), and the event list's order.

District-wide staff read every event; a town's liaison the events of their town (by the town an
item names or its enterprise's town); a service commissioner those about the enterprises
assigned to them. Others read none. An event one may not read is "not there" (404), as any
record out of scope (ADR 0002).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from layoffwatch.accounts.roles import Role
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.hooks import Row, Section

from .models import OpinionEvent, OpinionImport, OpinionItem, Tone, Topic
from .params import event_rules
from .text import mask

# the topics S6.4 is about: rumours of layoffs, arrears, closures and stopped insurance can grow
# into a mass incident; recruitment and the rest cannot
GRAVE = (Topic.LAYOFF, Topic.WAGE_ARREARS, Topic.CLOSURE, Topic.SOCIAL_INSURANCE)


def events_visible_to(user) -> QuerySet[OpinionEvent]:
    qs = OpinionEvent.objects.select_related("enterprise", "town", "clue", "response")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_district_wide:
        return qs
    if user.role == Role.TOWN_LIAISON and user.town_id:
        return qs.filter(Q(town_id=user.town_id) | Q(enterprise__town_id=user.town_id))
    if user.role == Role.COMMISSIONER:
        return qs.filter(enterprise__commissioner=user)
    return qs.none()


def event_items(event: OpinionEvent) -> QuerySet[OpinionItem]:
    return event.members.select_related("enterprise", "town").order_by("published_at", "pk")


def events_ranked(qs: QuerySet[OpinionEvent], *, at: dt.datetime, on: dt.date) -> QuerySet:
    """Hottest and gravest first (plan S6.4 研判): an event is hot when it gained `hot_items`
    items in the last 24 hours or is told by that many sources; grave when its topic is one
    S6.4 fears and its tone negative. Hot and grave first, then grave, then hot; within each, the
    items of the last 24 hours, then all items, then the newest."""
    rules = event_rules(on)
    since = at - dt.timedelta(hours=24)
    qs = qs.annotate(
        recent=Count(
            "members", filter=Q(members__published_at__gte=since, members__published_at__lte=at)
        ),
    )
    hot = Q(recent__gte=rules["hot_items"]) | Q(sources__gte=rules["hot_items"])
    grave = Q(topic__in=GRAVE, tone=Tone.NEGATIVE)
    return qs.annotate(
        hot=Case(When(hot, then=Value(1)), default=Value(0), output_field=IntegerField()),
        grave=Case(When(grave, then=Value(1)), default=Value(0), output_field=IntegerField()),
    ).order_by("-grave", "-hot", "-recent", "-items", "-last_at", "-pk")


def imports_recent(limit: int = 20) -> QuerySet[OpinionImport]:
    return OpinionImport.objects.select_related("imported_by")[:limit]


SHOWN = 10  # the newest events a related section lists; it says how many there are


def opinion_section(*, user, enterprise) -> Section | None:
    """The enterprise's public-opinion events the user may see, newest first, as a section of
    the enterprise's, the alert's and the case's pages (enterprises.hooks,
    response.hooks.alert_related); None when there are none."""
    qs = events_visible_to(user).filter(enterprise=enterprise).order_by("-last_at", "-pk")
    total = qs.count()
    if not total:
        return None
    return Section(
        key="related-opinion",
        title=_("舆情"),
        rows=[
            Row(
                reverse("opinion:event", args=[e.pk]),
                mask(e.title)[:40],
                _("%(topic)s · %(tone)s · %(n)s 条 · 最近 %(at)s")
                % {
                    "topic": e.get_topic_display(),
                    "tone": e.get_tone_display(),
                    "n": e.items,
                    "at": f"{local_day(e.last_at):%Y-%m-%d}",
                },
            )
            for e in qs[:SHOWN]
        ],
        total=total,
        more_href="",
    )


def alert_opinion_sections(*, user, alert) -> list[Section]:
    """response.hooks.alert_related: the alert's enterprise's events (plan S6.4)."""
    section = (
        opinion_section(user=user, enterprise=alert.enterprise) if alert.enterprise_id else None
    )
    return [section] if section else []
