"""Public opinion's dated parameters (ADR 0092 registry, ADR 0107): how far back an item is
compared to join an event, and when an event is hot (plan S6.4 舆情研判)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from layoffwatch.policy.loader import DatedS, Int, Record, register_parameters
from layoffwatch.policy.selectors import policy_in_force

KEY = "opinion"

SCHEMA = Record(
    {
        "events": Record(
            {
                "window_days": DatedS(Int(min=1, max=90), retirable=False),
                "hot_items": DatedS(Int(min=2), retirable=False),
            }
        ),
    }
)


def cross_check(ctx, tree: dict) -> None:
    """No cross-check: the values are independent."""


LABELS = {
    "events.window_days": (_("与此前几天内的信息比较归并事件"), _("天")),
    "events.hot_items": (_("24小时内新增几条（或几个来源）即为热点"), _("条")),
}

FILE = register_parameters(
    key=KEY,
    title=_("舆情研判规则"),
    path=Path(__file__).resolve().parent / "parameters" / "opinion.yaml",
    schema=SCHEMA,
    cross=cross_check,
    labels=LABELS,
).path


def event_rules(on: dt.date) -> dict:
    """The event rules in force on `on` (with the administrator's revisions)."""
    return dict(policy_in_force().at(on)[KEY]["events"])
