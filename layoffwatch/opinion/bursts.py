"""The burst rule (plan S6.4 “做好舆情……监控”; ADR 0107): a day on which an enterprise, or a
topic S6.4 fears, is talked of far above its own usual raises one notification.

For each enterprise named by the day's new items, and each grave topic told negatively
(selectors.GRAVE), the items published that local day are counted against the daily mean of the `usual_days` before it;
a burst is at least `min_items` items and at least `times_usual` times that mean (dated
parameters). With no talk before, the `min_items`th item of a day raises it — at the latest the
third, by default. Raised once a day for each (a unique constraint), recorded (OpinionBurst) and
told in the reader's language to those who answer: for an enterprise, the people responsible for
its layoff risk (enterprises.selectors.responsible_people) and its commissioner; for a topic, the
responsible section's staff and the leaders.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.audit.services import audit_record_many
from layoffwatch.core.clock import day_start, local_day
from layoffwatch.core.recorded import recorded
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import RESPONSIBLE_SECTION, responsible_people
from layoffwatch.notifications.services import notify

from .models import OpinionBurst, OpinionEvent, OpinionItem, Tone, Topic
from .params import burst_rules
from .selectors import GRAVE


def _grave(topic: str, tone: str) -> bool:
    """What a topic burst counts: the grave topics told negatively (selectors.events_ranked's
    “grave”) — a question to the hotline about 失业保险金 is no alarm."""
    return topic in GRAVE and tone == Tone.NEGATIVE


def _key(kind: str, enterprise_id, topic: str) -> tuple:
    return (kind, enterprise_id, topic)


def _counts(days: set[dt.date], usual_days: int) -> dict[tuple, Counter]:
    """{key: {day: items}} over the touched days and the days before them."""
    start = day_start(min(days) - dt.timedelta(days=usual_days))
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for enterprise_id, topic, tone, published in OpinionItem.objects.filter(
        published_at__gte=start
    ).values_list("enterprise_id", "topic", "tone", "published_at"):
        day = local_day(published)
        if enterprise_id:
            counts[_key(OpinionBurst.Kind.ENTERPRISE, enterprise_id, "")][day] += 1
        if _grave(topic, tone):
            counts[_key(OpinionBurst.Kind.TOPIC, None, topic)][day] += 1
    return counts


def bursts_check(rows: list[OpinionItem], *, at: dt.datetime) -> list[OpinionBurst]:
    """The bursts the new items make (see the module's note); each raised once and told."""
    if not rows:
        return []
    rules = burst_rules(local_day(at))
    touched: dict[tuple, dict[dt.date, OpinionItem]] = defaultdict(dict)
    for row in rows:
        day = local_day(row.published_at)
        if row.enterprise_id:
            touched[_key(OpinionBurst.Kind.ENTERPRISE, row.enterprise_id, "")][day] = row
        if _grave(row.topic, row.tone):
            touched[_key(OpinionBurst.Kind.TOPIC, None, row.topic)][day] = row
    if not touched:
        return []
    days = {day for by_day in touched.values() for day in by_day}
    counts = _counts(days, rules["usual_days"])
    raised = []
    for key, by_day in touched.items():
        for day, row in by_day.items():
            burst = _burst(key, day, row, counts[key], rules, at)
            if burst is not None:
                raised.append(burst)
    _tell(raised, at=at)
    return raised


def _burst(key: tuple, day: dt.date, row: OpinionItem, by_day: Counter, rules, at):
    kind, enterprise_id, topic = key
    items = by_day[day]
    usual = (
        sum(by_day[day - dt.timedelta(days=d)] for d in range(1, rules["usual_days"] + 1))
        / rules["usual_days"]
    )
    if items < rules["min_items"] or items < rules["times_usual"] * usual:
        return None
    burst, created = OpinionBurst.objects.get_or_create(
        kind=kind,
        enterprise_id=enterprise_id,
        topic=topic,
        day=day,
        defaults={
            "items": items,
            "usual": round(usual, 2),
            "event_id": row.event_id,
            "raised_at": at,
        },
    )
    return burst if created else None


def _people(burst: OpinionBurst) -> list:
    if burst.enterprise_id:
        enterprise = Enterprise.objects.select_related("commissioner").get(pk=burst.enterprise_id)
        return [*responsible_people(enterprise), enterprise.commissioner]
    return list(
        User.objects.filter(is_active=True).filter(
            Q(section__code=RESPONSIBLE_SECTION, role=Role.SECTION_STAFF) | Q(role=Role.LEADER)
        )
    )


def _link(burst: OpinionBurst) -> str:
    """Where the notice leads: the enterprise's biggest story of the fortnight, or the list of the
    topic's events (the item that tipped the day may be a minor one)."""
    if burst.topic:
        return f"{reverse('opinion:events')}?topic={burst.topic}"
    since = day_start(burst.day - dt.timedelta(days=14))
    story = (
        OpinionEvent.objects.filter(enterprise_id=burst.enterprise_id, last_at__gte=since)
        .order_by("-items", "-last_at", "-pk")
        .first()
    )
    return reverse("opinion:event", args=[story.pk if story else burst.event_id])


def _tell(raised: list[OpinionBurst], *, at: dt.datetime) -> None:
    for burst in raised:
        subject = burst.enterprise.name if burst.enterprise_id else Topic(burst.topic).label
        notify(
            users=_people(burst),
            title=recorded(
                N_("舆情突增：%(subject)s %(day)s 已有 %(n)s 条相关信息"),
                subject=subject,
                day=f"{burst.day:%Y-%m-%d}",
                n=burst.items,
            ),
            body=recorded(
                N_("此前 %(days)s 天日均 %(usual)s 条。请研判，必要时转为线索并及时回应。"),
                days=burst_rules(burst.day)["usual_days"],
                usual=f"{burst.usual:g}",
            ),
            link=_link(burst),
            kind="opinion_burst",
            at=at,
        )
    audit_record_many(
        [
            {
                "action": "create",
                "obj": b,
                "actor_label": "系统（舆情突增）",
                "summary": f"舆情突增：{b.enterprise.name if b.enterprise_id else Topic(b.topic).label}"
                f" {b.day:%Y-%m-%d} {b.items} 条（此前日均 {b.usual:g} 条）",
            }
            for b in raised
        ]
    )
