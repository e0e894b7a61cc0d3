"""Charts as the pages draw them (ADR 0098): a chart's spec for the template (its title, a table of
the same figures, the note) and for the script (`json_script`), which `dashboard/cockpit.js`
draws with ECharts. A figure's `url` opens the list it counts."""

from django.utils.translation import gettext as _

# a chart's unit (`unit=`): the tooltip writes each figure with it, "{n}" standing for the number
PEOPLE = "people"
PERCENT = "percent"


def unit_template(unit: str | None) -> str:
    """A figure with its unit as the page's language writes it: "{n}人" / "{n} people", "{n}%"."""
    if unit is None:
        return "{n}"
    template = {PEOPLE: _("%(n)s人"), PERCENT: _("%(n)s%%")}[unit]
    return template % {"n": "{n}"}


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
        "line",
    )
    return {
        "unknown": _("未知"),
        "charts": {c["key"]: {k: c[k] for k in keep} for c in charts},
    }
