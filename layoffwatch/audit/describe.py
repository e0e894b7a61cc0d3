"""The audit log's objects in words: "裁员报告 ZB-20261126-000003", "用户 李科员", "页面 /monitoring/"
rather than `reporting.layoffreport 10`.

An entry stores its object as the model's label and the primary key (or, for a refusal before
anything was saved, the code it was about). The audit app sits at the bottom of the layers
(.importlinter) and imports no app above it: it finds the model through Django's app registry,
says the model's verbose_name and the object's `__str__`, and an app whose objects read better
otherwise registers a namer for its model label (`object_namers.register(...)` in its
AppConfig.ready(), as monitoring does for its signals).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

NAME_LENGTH = 40  # an object's name is cut to this many characters (the summary says the rest)

# object types that are not models
OTHER_TYPES = {"": _("页面"), "api": _("数据接口")}


class ObjectNamers:
    """Model label → how one of its objects is named in the audit log."""

    def __init__(self) -> None:
        self.by_label: dict[str, Callable[[models.Model], str]] = {}

    def register(self, label: str, namer: Callable[[models.Model], str]) -> None:
        self.by_label[label.lower()] = namer


object_namers = ObjectNamers()


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _short(text: str) -> str:
    return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1] + "…"


def _objects(model: type[models.Model], ids: Iterable[str]) -> dict[str, models.Model]:
    """The objects of `ids` that still exist, by id; an id that is no primary key is skipped."""
    keys = {}
    for raw in ids:
        try:
            keys[model._meta.pk.to_python(raw)] = raw
        except (ValidationError, TypeError, ValueError):
            continue
    found = model._default_manager.in_bulk(list(keys)) if keys else {}
    return {keys[pk]: obj for pk, obj in found.items()}


def _names(label: str, ids: set[str]) -> dict[str, str]:
    if label in OTHER_TYPES:
        return {i: f"{OTHER_TYPES[label]} {i}".strip() for i in ids}
    model = _model(label)
    if model is None:  # a type that is no model: said as stored
        return {i: f"{label} {i}".strip() for i in ids}
    kind = str(model._meta.verbose_name)
    namer = object_namers.by_label.get(label, str)
    objects = _objects(model, ids)
    out = {}
    for i in ids:
        if i in objects:
            out[i] = f"{kind} {_short(namer(objects[i]))}"
        elif i:
            # removed since, or a refusal about a thing that was never saved (a code it named)
            out[i] = gettext("%(kind)s（%(id)s）") % {"kind": kind, "id": i}
        else:
            out[i] = kind
    return out


def describe_objects(entries: Iterable) -> dict[int, str]:
    """{entry seq: its object in words} for a page of audit entries, one query per model."""
    entries = list(entries)
    wanted: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        wanted[e.object_type.lower()].add(e.object_id)
    names = {label: _names(label, ids) for label, ids in wanted.items()}
    return {e.seq: names[e.object_type.lower()][e.object_id] for e in entries}
