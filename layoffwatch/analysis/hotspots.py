"""Hotspots of the month (plan S6.1 研判就业形势, ADR 0104): towns and industry divisions whose
indicator moved unusually against their own history, and the month's largest events.

The rule (dated parameters in parameters/analysis.yaml, `hotspot_rules`): for each town and
division, each watched indicator is compared with the same area's previous `history_months`
months (those that hold the figure; at least `min_history_months`). It is a hotspot when it is
worse than their mean by at least `deviation` standard deviations (a standard deviation under a
tenth of the mean counts as a tenth, so a flat history does not make every wobble a hotspot) and
by at least `min_people` people.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Sum

from layoffwatch.core.clock import month_start

from .indicators import (
    BY_KEY,
    DIVISION,
    TOWN,
    MonthIndicators,
    NoData,
    month_indicators,
    shift_period,
)
from .params import hotspot_rules

# the indicators watched, and the people figure that sizes a change of each
WATCHED = {
    "job_losses": "job_losses",
    "registrations": "registrations",
    "job_loss_rate": "job_losses",
    "insured": "insured",
}


@dataclass(frozen=True)
class Hotspot:
    area: str  # TOWN or DIVISION
    code: str
    name: str
    indicator: str  # an INDICATORS key
    value: float
    usual: float  # the mean of the history months
    months: int  # how many history months

    @property
    def label(self) -> str:
        return str(BY_KEY[self.indicator].label)


@dataclass(frozen=True)
class Event:
    """One of the month's largest events: a reported cut or a detected stoppage."""

    kind: str  # "reported" or "detected"
    uscc: str
    enterprise: str
    town: str
    people: int


def month_hotspots(m: MonthIndicators) -> list[Hotspot]:
    rules = hotspot_rules(month_start(m.period).date())
    history = []
    for back in range(1, rules["history_months"] + 1):
        try:
            history.append(month_indicators(shift_period(m.period, -back), town=m.town))
        except NoData:
            continue
    found = []
    for row in m.rows:
        if row.area not in (TOWN, DIVISION):
            continue
        for key, people_key in WATCHED.items():
            spot = _unusual(row, key, people_key, history, rules)
            if spot:
                found.append(spot)
    return sorted(found, key=lambda h: (h.area != TOWN, h.code, h.indicator))


def _unusual(row, key, people_key, history, rules) -> Hotspot | None:
    value = row.values[key].value
    if value is None:
        return None
    past = []
    for h in history:
        other = h.row(row.area, row.code)
        if other is not None and other.values[key].value is not None:
            past.append((other.values[key].value, other.values[people_key].value))
    if len(past) < rules["min_history_months"]:
        return None
    values = [v for v, _p in past]
    mean = statistics.fmean(values)
    spread = max(statistics.pstdev(values), abs(mean) * 0.1, 1e-9)
    worse = value - mean if BY_KEY[key].rising_is_worse else mean - value
    if worse < rules["deviation"] * spread:
        return None
    people_now = row.values[people_key].value
    people_usual = statistics.fmean(p for _v, p in past if p is not None) if past else 0
    if people_now is None:
        return None
    # the people moved the same bad way by at least min_people: more losses or registrations,
    # fewer insured (a rate up on a shrunken workforce with fewer losses is not a hotspot)
    more_people = people_now - people_usual
    worse_people = more_people if people_key != "insured" else -more_people
    if worse_people < rules["min_people"]:
        return None
    return Hotspot(row.area, row.code, row.name, key, value, round(mean, 4), len(past))


def largest_events(
    period: str, *, town: str | None = None, limit: int | None = None
) -> list[Event]:
    """The month's largest reported cuts and detected stoppages, most people first."""
    from layoffwatch.monitoring.models import Signal
    from layoffwatch.monitoring.selectors import signals_filtered
    from layoffwatch.reporting.models import LayoffReport
    from layoffwatch.reporting.selectors import report_search, reports_counted

    if limit is None:
        limit = hotspot_rules(month_start(period).date())["largest_events"]
    reports = report_search(
        reports_counted(LayoffReport.objects.all()), month_from=period, month_to=period
    )
    signals = signals_filtered(
        Signal.objects.all(), kind="stoppage", status="counted", period=period
    )
    if town:
        reports = reports.filter(enterprise__town_id=town)
        signals = signals.filter(enterprise__town_id=town)
    events = [
        Event("reported", code, name, town_name, n or 0)
        for code, name, town_name, n in reports.values_list(
            "enterprise__uscc", "enterprise__name", "enterprise__town__name"
        ).annotate(n=Sum("planned_cut"))
    ]
    events += [
        Event("detected", code, name, town_name, n or 0)
        for code, name, town_name, n in signals.exclude(enterprise=None)
        .values_list("enterprise__uscc", "enterprise__name", "enterprise__town__name")
        .annotate(n=Sum("count"))
    ]
    return sorted(events, key=lambda e: (-e.people, e.enterprise))[:limit]
