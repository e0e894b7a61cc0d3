"""From items read to items understood and grouped (plan S6.4 研判; ADR 0107).

Each new item is segmented with the registry's words (text.Analyser: enterprise names and their
short names, the towns, the plan's terms), given its keywords, tied to the enterprise it names
(rapidfuzz, within the town it names) and to a town, classified by topic and tone (classify,
trained on the seed set the project ships), and grouped with its near-duplicates and reposts
(text.Grouper over the items of the last `window_days`): one event per story. An event's figures
(items, sources, first and last time, topic, tone, enterprise, keywords) are its items'.

An item the bureau already holds (the same source's same number: a file brought in twice) is
counted, not added. An ID number in a text is masked before it is stored (ADR 0107).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache

from layoffwatch.core.clock import local_day
from layoffwatch.core.pii import redact_text
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.reference.models import Town

from . import classify, text
from .bursts import bursts_check
from .models import OpinionEvent, OpinionImport, OpinionItem, Tone, Topic
from .params import event_rules
from .reading import Item

TITLE_CHARS = 60
BATCH = 1000


def analyser() -> text.Analyser:
    """The registry's analyser, as the registry stands now (built each time: 0.06 s for 1,500
    enterprises, under half a second for 10,000; a cache keyed on anything less than the names
    themselves could serve yesterday's names)."""
    enterprises = [
        text.Known(uscc=u, name=n, town=t or "", town_name=tn or "")
        for u, n, t, tn in Enterprise.objects.values_list("uscc", "name", "town_id", "town__name")
    ]
    towns = list(Town.objects.values_list("code", "name"))
    return text.Analyser(enterprises, towns)


@lru_cache(maxsize=1)
def _plain() -> text.Analyser:
    return text.Analyser([], [])


def classifier() -> classify.Classifier:
    """Trained once per process on the shipped seed set, with the plan's words only (the same
    words whatever the registry holds)."""
    return classify.default_classifier(_plain().tokens)


def _known(items: list[Item]) -> set[tuple[str, str, str]]:
    refs = {(i.kind, i.source, i.reference) for i in items if i.reference}
    held: set[tuple[str, str, str]] = set()
    sources = {s for _k, s, _r in refs}
    for kind, source, reference in OpinionItem.objects.filter(
        source__in=sources, reference__in={r for _k, _s, r in refs}
    ).values_list("kind", "source", "reference"):
        held.add((kind, source, reference))
    return held


def _grouper(since: dt.datetime) -> tuple[text.Grouper, dict]:
    """A grouper holding the items published since `since`, and each one's event."""
    grouper = text.Grouper()
    event_of: dict = {}
    for pk, event_id, body in (
        OpinionItem.objects.filter(published_at__gte=since)
        .order_by("published_at", "pk")
        .values_list("pk", "event_id", "text")
        .iterator()
    ):
        grouper.add(("held", pk), body)
        event_of[("held", pk)] = event_id
    return grouper, event_of


def add_items(
    items: list[Item], *, at: dt.datetime, batch: OpinionImport | None = None, actor=None
) -> tuple[list[OpinionItem], int]:
    """Store the new items, understood and grouped: (the items stored, how many were held)."""
    held = _known(items)
    fresh = [i for i in items if not (i.reference and (i.kind, i.source, i.reference) in held)]
    if not fresh:
        return [], len(items)
    fresh.sort(key=lambda i: i.published_at)
    window = event_rules(local_day(at))["window_days"]
    grouper, event_of = _grouper(fresh[0].published_at - dt.timedelta(days=window))
    lyser = analyser()
    towns = dict(Town.objects.values_list("name", "code"))
    ids = {u: (pk, t) for u, pk, t in Enterprise.objects.values_list("uscc", "pk", "town_id")}
    # ID numbers masked before anything is kept or derived (ADR 0107): the title as the text
    for item in fresh:
        item.title = redact_text(item.title)
    bodies = [redact_text(i.text) for i in fresh]
    labels = classifier().predict([f"{i.title} {b}" for i, b in zip(fresh, bodies, strict=True)])
    rows: list[OpinionItem] = []
    new_events: dict[int, OpinionEvent] = {}
    for n, (item, body, label) in enumerate(zip(fresh, bodies, labels, strict=True)):
        whole = f"{item.title} {body}"
        match = lyser.match(whole)
        named = lyser.towns_in(whole)
        enterprise, enterprise_town = ids.get(match[0], (None, None)) if match else (None, None)
        town = towns.get(item.town_name) or (named[0] if named else enterprise_town)
        topic, topic_score, tone, tone_score = label
        row = OpinionItem(
            kind=item.kind,
            source=item.source,
            reference=item.reference,
            published_at=item.published_at,
            link=item.link,
            title=item.title,
            text=body,
            fingerprint=text.fingerprint(body),
            town_id=town,
            enterprise_id=enterprise,
            match_score=match[1] if enterprise else None,
            topic=topic,
            topic_score=topic_score,
            tone=tone,
            tone_score=tone_score,
            keywords=lyser.keywords(whole),
            batch=batch,
            entered_by=actor if batch is None else None,
            created_at=at,
        )
        duplicate = grouper.add(("new", n), body)
        if duplicate is not None:
            event_of[("new", n)] = event_of[duplicate]
        else:
            new_events[n] = OpinionEvent(
                title=_title(item, body),
                topic=topic,
                tone=tone,
                first_at=item.published_at,
                last_at=item.published_at,
                created_at=at,
            )
            event_of[("new", n)] = new_events[n]
        rows.append(row)
    _new_figures(rows, [event_of[("new", n)] for n in range(len(rows))])
    OpinionEvent.objects.bulk_create(new_events.values(), batch_size=BATCH)
    held_events = set()
    for n, row in enumerate(rows):
        event = event_of[("new", n)]
        row.event_id = event.pk if isinstance(event, OpinionEvent) else event
        if not isinstance(event, OpinionEvent):
            held_events.add(event)
    OpinionItem.objects.bulk_create(rows, batch_size=BATCH)
    events_update(held_events)
    bursts_check(rows, at=at)
    return rows, len(items) - len(fresh)


def _title(item: Item, body: str) -> str:
    """The event's name: the item's title, else the start of its text — masked first (a phone
    number cut in half by the truncation could no longer be found and masked on a page)."""
    if item.title:
        return text.mask(item.title)[:300]
    one_line = " ".join(text.mask(body).split())
    return one_line[:TITLE_CHARS] + ("…" if len(one_line) > TITLE_CHARS else "")


def _new_figures(rows: list[OpinionItem], events: list) -> None:
    """The figures of the events this batch opens, from their items in memory (all of a new
    event's items are in the batch): a bulk_update of 50,000 new events took minutes (Django
    builds a CASE per event and field); held events are updated by events_update."""
    members: dict[int, list] = {}
    for row, event in zip(rows, events, strict=True):
        if isinstance(event, OpinionEvent):
            members.setdefault(id(event), [event]).append(
                (
                    None,
                    row.source,
                    row.published_at,
                    row.topic,
                    row.tone,
                    row.enterprise_id,
                    row.town_id,
                    row.keywords,
                )
            )
    for event, *figures in members.values():
        _figures(event, figures)  # rows come in time order (add_items sorts them)


def _figures(event: OpinionEvent, rows: list) -> None:
    """An event's figures from its items' (event, source, published_at, topic, tone,
    enterprise, town, keywords), oldest first."""
    event.items = len(rows)
    event.sources = len({r[1] for r in rows})
    event.first_at, event.last_at = rows[0][2], rows[-1][2]
    event.topic = _most(r[3] for r in rows) or Topic.OTHER
    event.tone = _most(r[4] for r in rows) or Tone.NEUTRAL
    event.enterprise_id = _most(r[5] for r in rows if r[5])
    event.town_id = _most(r[6] for r in rows if r[6])
    words = Counter(w for r in rows for w in (r[7] or []))
    event.keywords = [w for w, _n in words.most_common(5)]


def events_update(event_ids: set[int]) -> None:
    """Each event's figures from its items: how many, from how many sources, first and last
    time, the topic and tone most of them have, the enterprise and town most name, keywords."""
    if not event_ids:
        return
    members: dict[int, list] = {}
    for row in (
        OpinionItem.objects.filter(event_id__in=event_ids)
        .order_by("published_at", "pk")
        .values_list(
            "event_id",
            "source",
            "published_at",
            "topic",
            "tone",
            "enterprise_id",
            "town_id",
            "keywords",
        )
        .iterator()
    ):
        members.setdefault(row[0], []).append(row)
    events = list(OpinionEvent.objects.filter(pk__in=event_ids))
    for event in events:
        rows = members.get(event.pk, [])
        if rows:
            _figures(event, rows)
    OpinionEvent.objects.bulk_update(
        events,
        [
            "items",
            "sources",
            "first_at",
            "last_at",
            "topic",
            "tone",
            "enterprise",
            "town",
            "keywords",
        ],
        batch_size=BATCH,
    )


def _most(values):
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else None
