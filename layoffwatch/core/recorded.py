"""Text the system writes into a record at the moment something happens — a case's timeline
(`CaseEvent.summary`), an alert's history (`AlertEvent.summary`), an in-app notification's title
and body — kept in Chinese and shown in the reader's language (ADR 0100, amended 2026-12-07 (2)).

`recorded(msgid, **params)` builds one such text from a gettext msgid with `%(name)s`
placeholders: `.text` is the Chinese (rendered under `settings.LANGUAGE_CODE`, whatever the
writer's language) for the record's text field, as before; `.message` is a small JSON-able dict
`{"msgid": …, "args": {…}}` stored beside it. `shown(message, stored)` says it again in the
active language; a record without a message (older rows) shows its stored text.

A parameter that is itself interface (a status, kind or level label, a measure's or a step's
name from the policy files) is kept as its Chinese msgid, marked `{"term": …}`, and translated
when shown: a lazy gettext object (a choice's `.label`) is marked by itself, a plain string by
`term(…)`. Proper names (enterprises, towns, people, document titles), what a person typed, and
numbers are kept as they are. A list is joined by the language's separator (、 or ", "), or by
`listed(items, "；")` by another pair (；or "; ").

`actor_shown(label, actor_id)` says who did it: a person (a row with an actor) by the name
recorded, the system's fixed labels (系统, 系统（直报定级）, 扫码填报 …) in the reader's language.

`reasons_shown(texts, messages)` says a list a record keeps with a message for each item (a
grading's reasons, ADR 0100 amended 2026-12-07 (4)) in the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, override

MESSAGE_KEY = "message"  # where a record with a JSON `data` field keeps the message


@dataclass(frozen=True)
class Term:
    """A plain string that is interface text (its Chinese msgid): translated when shown."""

    msgid: str


def term(text) -> Term | str:
    """Mark `text` (a Chinese msgid, e.g. a step's title from the policy files) as interface."""
    return Term(str(text)) if text else ""


# a Chinese full-width mark beside interface text → the English one, spaced as English sets it
MARKS = {"：": ": ", "；": "; ", "（": " (", "）": ")", "，": ", ", "、": ", "}


def mark(text: str) -> str:
    """A full-width mark a template sets between a translated label and data (名称：值, 值（月份）):
    itself on a Chinese page, its English pair (MARKS) on an English one (ADR 0100)."""
    if (get_language() or "").startswith("zh"):
        return text
    return MARKS.get(text, text)


def joined(items, sep: str = "、") -> str:
    """Items a page computes (a district grade's reasons) joined by the reader's separator."""
    return _joined([str(i) for i in items], sep)


@dataclass(frozen=True)
class Listed:
    items: list
    sep: str = "、"


def listed(items, sep: str = "、") -> Listed:
    """A list joined by `sep` in Chinese and by its English pair (MARKS) in English."""
    return Listed(list(items), sep)


@dataclass(frozen=True)
class Recorded:
    text: str  # the Chinese, for the record's text field
    message: dict  # {"msgid": …, "args": {…}}, JSON-able


def recorded(msgid: str, **params) -> Recorded:
    """The Chinese text and the message of `msgid` with `params` (see the module's note)."""
    args = {name: _stored(value) for name, value in params.items()}
    message = {"msgid": str(msgid), "args": args}
    with override(settings.LANGUAGE_CODE):
        return Recorded(text=_render(message), message=message)


def shown(message, stored: str) -> str:
    """The recorded text in the active language; `stored` when there is no message or it cannot
    be rendered (a translation whose placeholders do not match its msgid)."""
    if not isinstance(message, dict) or not message.get("msgid"):
        return stored
    try:
        return _render(message)
    except (KeyError, TypeError, ValueError):
        return stored


# labels of rows without an actor that quote a word: the channel of an anonymous submission
# (匿名（扫码填报）), the name typed at a failed login (张三（未登录）)
ACTOR_FORMS = (
    (re.compile(r"^匿名（(?P<channel>[^（）]+)）$"), "匿名（%(channel)s）", ("channel",)),
    (re.compile(r"^(?P<name>.+)（未登录）$"), "%(name)s（未登录）", ()),
)


def actor_shown(label: str, actor_id=None) -> str:
    """Who did it (an event's or an audit entry's `actor_label`), in the reader's language (ADR
    0100, amended 2026-12-07 (2)). A row with an actor (`actor_id`) names a person: shown as
    recorded. A row without one was written by the system, anonymously or by a feed: its label
    is one of the fixed labels (系统, 系统（直报定级）, 扫码填报 …, each a msgid of the app that
    writes it) or one of ACTOR_FORMS, and is translated; an unknown label reads as stored. What
    is stored (and hashed into the audit chain) does not change."""
    if actor_id is not None or not label:
        return label
    for pattern, msgid, words in ACTOR_FORMS:
        if found := pattern.match(label):
            values = {
                name: gettext(value) if name in words else value
                for name, value in found.groupdict().items()
            }
            return gettext(msgid) % values
    return gettext(label)


def text_and_message(value: Recorded | str) -> tuple[str, dict | None]:
    """For the writers that take either: a plain string has no message."""
    if isinstance(value, Recorded):
        return value.text, value.message
    return str(value), None


def _stored(value):
    if isinstance(value, Recorded):
        return value.message
    if isinstance(value, Term):
        return {"term": value.msgid}
    if isinstance(value, Promise):
        with override(settings.LANGUAGE_CODE):
            return {"term": str(value)}
    if isinstance(value, list | tuple):
        return [_stored(v) for v in value]
    if isinstance(value, Listed):
        return {"items": [_stored(v) for v in value.items], "sep": value.sep}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _render(message: dict) -> str:
    values = {name: _value(v) for name, v in (message.get("args") or {}).items()}
    text = gettext(message["msgid"])
    return text % values if values else text


def _value(value):
    if isinstance(value, dict):
        if "term" in value:
            return gettext(value["term"]) if value["term"] else ""
        if "msgid" in value:
            return _render(value)
        if "items" in value:
            return _joined(value["items"], value.get("sep") or "、")
    if isinstance(value, list):
        return _joined(value, "、")
    return value


def _joined(items: list, sep: str) -> str:
    if not (get_language() or "").startswith("zh"):
        sep = MARKS.get(sep, sep)
    return sep.join(str(_value(v)) for v in items)


def reasons_recorded(texts, messages) -> list[Recorded | str]:
    """Reasons a record keeps (a grading's, ADR 0100) with their messages, one for one: each a
    Recorded to quote in another recorded message; a reason without a message (a row graded
    before the reasons were said again) as its stored text."""
    texts = list(texts or [])
    messages = list(messages or [])
    if len(messages) != len(texts):
        return texts
    return [
        Recorded(text=text, message=message) if isinstance(message, dict) else text
        for text, message in zip(texts, messages, strict=True)
    ]


def reasons_shown(texts, messages) -> list[str]:
    """Reasons a record keeps, in the reader's language (`shown` of each); as stored when the
    record has no messages for them."""
    return [
        shown(r.message, r.text) if isinstance(r, Recorded) else str(r)
        for r in reasons_recorded(texts, messages)
    ]
