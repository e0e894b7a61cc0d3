"""The demo in time: built at any moment of the day, its history reads in order and nothing in it
is stamped after the moment it was built; each open case has what its level's procedure asks for;
the figures agree with the lists behind them.

Built at 08:05 (before office hours: the last events are the previous working day's), at 23:50,
and at 00:10 Beijing time — 16:10 UTC the day before, where a UTC date would be yesterday.
"""

import datetime as dt
import zoneinfo
from collections import Counter

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Max

from layoffwatch.alerts.models import Alert, AlertEvent, DistrictAssessment
from layoffwatch.assistance.models import AffectedWorker, AssistancePlan
from layoffwatch.assistance.selectors import assistance_figures, zero_employment_families
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.demo.generator import OFFICE_HOURS, generate
from layoffwatch.policy.rules import annex_tasks_for, response_procedure
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.reference.calendar import is_working_day
from layoffwatch.reporting.models import LayoffReport, MonthlyReport
from layoffwatch.response.deadlines import due_at
from layoffwatch.response.models import CaseEvent, ResponseCase

User = get_user_model()
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MOMENTS = {
    "at 08:05, before office hours": dt.datetime(2026, 12, 8, 8, 5, tzinfo=SHANGHAI),
    "at 23:50": dt.datetime(2026, 12, 8, 23, 50, tzinfo=SHANGHAI),
    "at 00:10, the UTC date still yesterday's": dt.datetime(2026, 12, 9, 0, 10, tzinfo=SHANGHAI),
}
# Times that lie ahead by design: deadlines and a session's expiry.
AHEAD_BY_DESIGN = {"due_at", "expire_date", "expires_at"}  # deadlines, sessions, QR links
# Days that record something done (never after today in Tongnan).
DAYS_DONE = {
    ("response", "WrittenReport", "report_date"),
    ("rights", "ArrearsPayment", "paid_on"),
    ("assistance", "AffectedWorker", "ui_checked_on"),
    ("assistance", "Measure", "date"),
}


def nothing_is_stamped_after(built: dt.datetime) -> None:
    assert Alert.objects.count() >= 5 and MonthlyReport.objects.exists()
    later = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField) and f.name not in AHEAD_BY_DESIGN:
                latest = model.objects.aggregate(m=Max(f.name))["m"]
                if latest is not None and latest > built:
                    later.append(f"{model._meta.label}.{f.name} {local_datetime(latest)}")
            elif (model._meta.app_label, model.__name__, f.name) in DAYS_DONE:
                latest = model.objects.aggregate(m=Max(f.name))["m"]
                if latest is not None and latest > local_day(built):
                    later.append(f"{model._meta.label}.{f.name} {latest}")
    assert later == [], f"stamped after {built:%Y-%m-%d %H:%M}: {later}"


def each_alert_and_case_reads_in_order() -> None:
    for alert in Alert.objects.all():
        times = list(alert.events.order_by("pk").values_list("at", flat=True))
        assert times == sorted(times) and times[0] == alert.opened_at
        reports = alert.layoff_reports.order_by("pk").values_list("submitted_at", flat=True)
        assert reports[0] == alert.opened_at  # the report raised it
        case = alert.case
        steps = list(case.events.order_by("pk").values_list("at", flat=True))
        assert steps == sorted(steps) and steps[0] == case.opened_at == alert.opened_at
        for filing in case.filings.all():
            assert case.opened_at <= filing.sent_at <= filing.recorded_at
    # the district assessment was recomputed as each alert changed, in that order
    assessed = list(DistrictAssessment.objects.order_by("pk").values_list("at", flat=True))
    assert len(assessed) > 5 and assessed == sorted(assessed)


def events_fall_in_office_hours_of_working_days() -> None:
    """…and not all at one clock time (they were all at 10:00)."""
    moments = [
        local_datetime(at)
        for at in [
            *AlertEvent.objects.values_list("at", flat=True),
            *CaseEvent.objects.values_list("at", flat=True),
            *MonthlyReport.objects.values_list("submitted_at", flat=True),
        ]
    ]
    start, end = OFFICE_HOURS
    assert all(start <= m.time() <= end and is_working_day(m.date()) for m in moments)
    assert len({m.time() for m in moments}) > len(moments) / 2  # not all at 10:00
    assert len({m.date() for m in moments}) >= 8  # over several weeks' working days
    # the layoffs were reported over the last weeks, the latest on the last working day
    reported = {local_day(at) for at in LayoffReport.objects.values_list("submitted_at", flat=True)}
    assert len(reported) >= 4


def _levels_gone_through(alert: Alert) -> dict[int, dt.datetime]:
    """Each level the alert had, with when it got it (raised, then escalated by a new wave)."""
    levels = {}
    for event in alert.events.order_by("pk"):
        if event.kind == AlertEvent.Kind.RAISED:
            levels[event.data["level"]] = event.at
        elif event.kind == AlertEvent.Kind.ESCALATED:
            levels[event.data["to"]] = event.at
    return levels


def every_open_case_has_the_steps_deadlines_tasks_and_filings_of_its_levels() -> None:
    policy = policy_in_force()
    cases = ResponseCase.objects.filter(status=ResponseCase.Status.OPEN).select_related("alert")
    assert sorted(c.level for c in cases) == [1, 2, 3, 3]
    escalated = 0
    for case in cases:
        alert, on = case.alert, local_day(case.alert.opened_at)
        levels = _levels_gone_through(alert)
        assert case.level == alert.level == min(levels)
        escalated += len(levels) > 1
        # every level's steps, except that the step counted from closure (the one written
        # report) exists once, at the case's level (ADR 0053 amendment)
        want = {
            (case.level if (s["deadline"] or {}).get("from") == "closure" else level, s["key"])
            for level in levels
            for s in response_procedure(level, on=on, policy=policy).steps
        }
        steps = {(s.level, s.key): s for s in case.steps.all()}
        assert set(steps) == want
        for (level, _key), step in steps.items():
            if step.deadline and step.deadline.get("from") != "closure":
                assert step.due_at == due_at(step.deadline, start=levels[level])[0]
            if step.done_at is not None and step.external_bodies:
                sent = set(step.filings.values_list("recipient", flat=True))
                assert sent == set(step.external_bodies)
        tasks = annex_tasks_for(case.level, on=on, measures=[], policy=policy).tasks
        assert set(case.tasks.values_list("number", flat=True)) == {t["number"] for t in tasks}
    assert escalated == 1, "the escalated case keeps its level-3 steps beside level 2's"


def the_assessment_and_the_families_agree_with_the_lists_behind_them() -> None:
    open_by_level = Counter(
        dict(
            Alert.objects.filter(status__in=Alert.OPEN)
            .values_list("level")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    latest = DistrictAssessment.objects.order_by("-at", "-pk").first()
    assert {int(k): v for k, v in latest.open_alerts.items() if v} == dict(open_by_level)

    # one zero-employment family still being helped, on the home tile and on the list alike
    leader = User.objects.get(username="leader")
    families = zero_employment_families(user=leader)
    assert assistance_figures(user=leader)["zero_employment_families"] == len(families) == 1
    flagged = AffectedWorker.objects.filter(zero_employment_family=True)
    on_list = {m.pk for f in families for m in f["members"]}
    for worker in flagged:
        helped = worker.plan.status == AssistancePlan.Status.OPEN
        assert not helped or worker.pk in on_list, f"{worker.name} 帮扶中 but the family is cleared"


def build_at(now: dt.datetime) -> None:
    """The demo as `layoffwatch demo` builds it (monitoring feeds included), at a frozen moment."""
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel(now, tick=False):
        call_command("demo", "--no-serve", "--enterprises", "60", "--seed", "7", stdout=StringIO())


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_the_demo_reads_in_time_whenever_it_is_built(reference_data, moment):
    """One build per moment (a build takes seconds), every check on it."""
    now = MOMENTS[moment]
    build_at(now)
    nothing_is_stamped_after(now)
    each_alert_and_case_reads_in_order()
    events_fall_in_office_hours_of_working_days()
    every_open_case_has_the_steps_deadlines_tasks_and_filings_of_its_levels()
    the_assessment_and_the_families_agree_with_the_lists_behind_them()


def test_a_demo_built_for_a_day_is_built_that_evening(reference_data):
    generate(seed=7, enterprises=60, today=dt.date(2026, 12, 8))
    evening = dt.datetime(2026, 12, 8, 18, 0, tzinfo=SHANGHAI)
    assert Alert.objects.aggregate(m=Max("updated_at"))["m"] <= evening
    assert local_day(Alert.objects.aggregate(m=Max("opened_at"))["m"]) <= dt.date(2026, 12, 8)
    with pytest.raises(ValueError):  # a day that is not the moment's day in Tongnan
        generate(seed=7, enterprises=5, today=dt.date(2026, 12, 8), now=evening.replace(day=9))
