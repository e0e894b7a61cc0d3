"""Charts as the pages draw them (ADR 0098): a chart's spec for the template (its title, a table of
the same figures, the note) and for the script (`json_script`), which `dashboard/cockpit.js`
draws with ECharts. A figure's `url` opens the list it counts."""

from django.utils.translation import gettext as _
from django.utils.translation import npgettext

# a chart's unit (`unit=`): the tooltip writes each figure with it, "{n}" standing for the number
PEOPLE = "people"
PERCENT = "percent"


def unit_template(unit: str | None, count: int = 2) -> str:
    """A figure with its unit as the page's language writes it for `count` (English says
    "1 person", "2 people"): "{n}人" / "{n} people", "{n}%"."""
    if unit is None:
        return "{n}"
    if unit == PEOPLE:
        return people(count, "{n}")
    return _("%(n)s%%") % {"n": "{n}"}


def people(count: int, shown: str | None = None) -> str:
    """`count` people as the page's language writes it ("12人", "1 person", "12 people"),
    the number written as `shown` (e.g. with thousands separators) where given."""
    return npgettext("people", "%(n)s人", "%(n)s人", count) % {
        "n": count if shown is None else shown
    }


def chart(key, title, *, categories, series, category_axis, value_axis, **options) -> dict:
    """A chart as the template and the script read it; `rows` is the table fallback."""
    rows = [
        {"label": label, "cells": [s["data"][i] for s in series]}
        for i, label in enumerate(categories)
    ]
    return {
        "key": key,
        "title": title,
        "categories": categories,
        "series": series,
        "category_axis": category_axis,
        "value_axis": value_axis,
        "horizontal": options.get("horizontal", False),
        "stack": options.get("stack", False),
        "note": options.get("note", ""),
        "decimals": options.get("decimals", 0),
        "unit": unit_template(options.get("unit")),
        # the unit for exactly one ("1 person"); the same as `unit` in Chinese
        "unit_one": unit_template(options.get("unit"), count=1),
        # lines over the months, a series of "type": "range" a band between its lo and hi
        "line": options.get("line", False),
        "rows": rows,
        "empty": not any(c["value"] for s in series for c in s["data"]),
    }


def chart_data(charts: list[dict]) -> dict:
    """What the script needs of each chart (json_script): no table rows, no titles it shows not."""
    keep = (
        "categories",
        "series",
        "category_axis",
        "value_axis",
        "horizontal",
        "stack",
        "decimals",
        "unit",
        "unit_one",
        "line",
    )
    return {
        "unknown": _("未知"),
        "charts": {c["key"]: {k: c[k] for k in keep} for c in charts},
    }
