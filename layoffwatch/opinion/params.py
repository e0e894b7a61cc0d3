"""Public opinion's dated parameters (ADR 0092 registry, ADR 0107): how far back an item is
compared to join an event, when an event is hot, and when a day's talk of an enterprise or a
topic is a burst (plan S6.4 舆情研判)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from layoffwatch.policy.loader import DatedS, Int, Num, Record, register_parameters
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
        "burst": Record(
            {
                "usual_days": DatedS(Int(min=1, max=90), retirable=False),
                "min_items": DatedS(Int(min=2), retirable=False),
                "times_usual": DatedS(Num(above=1), retirable=False),
            }
        ),
        # the clocks of the response (responses.py; plan S6.4 及时主动发声), in hours from when
        # the bureau first held the event
        "response": Record(
            {
                "major_publish_hours": DatedS(Int(min=1), retirable=False),
                "major_conference_hours": DatedS(Int(min=1), retirable=False),
                "general_answer_hours": DatedS(Int(min=1), retirable=False),
            }
        ),
    }
)


def cross_check(ctx, tree: dict) -> None:
    """No cross-check: the values are independent."""


LABELS = {
    "events.window_days": (_("与此前几天内的信息比较归并事件"), _("天")),
    "events.hot_items": (_("24小时内新增几条（或几个来源）即为热点"), _("条")),
    "burst.usual_days": (_("突增与此前几天的日均条数比较"), _("天")),
    "burst.min_items": (_("当天至少几条才判定突增"), _("条")),
    "burst.times_usual": (_("当天条数达到此前日均的几倍为突增"), _("倍")),
    "response.major_publish_hours": (_("重大舆情几小时内发布权威信息"), _("小时")),
    "response.major_conference_hours": (_("重大舆情几小时内举行新闻发布会"), _("小时")),
    "response.general_answer_hours": (_("一般舆情几小时内回应"), _("小时")),
}

FILE = register_parameters(
    key=KEY,
    title=_("舆情研判规则"),
    path=Path(__file__).resolve().parent / "parameters" / "opinion.yaml",
    schema=SCHEMA,
    cross=cross_check,
    labels=LABELS,
).path


def burst_rules(on: dt.date) -> dict:
    """The burst rule in force on `on` (plan S6.4 舆情监控, ADR 0107)."""
    return dict(policy_in_force().at(on)[KEY]["burst"])


def event_rules(on: dt.date) -> dict:
    """The event rules in force on `on` (with the administrator's revisions)."""
    return dict(policy_in_force().at(on)[KEY]["events"])


def response_clocks(on: dt.date) -> dict:
    """The response clocks in force on `on` (plan S6.4 及时主动发声; 国办发〔2016〕61号), in hours."""
    return dict(policy_in_force().at(on)[KEY]["response"])
