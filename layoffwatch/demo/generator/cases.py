"""Response cases (ADR 0051) at every level, and the closed case with its assistance (ADR 0070):
phone reports → alerts → cases, spread over the last weeks' working days (plan S5.1–S5.3, S6.2)."""

import datetime as dt

from django.contrib.auth import get_user_model

from layoffwatch.alerts.services import alert_transition, lift_request_create
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.policy.selectors import policy_in_force

from .assistance import generate_assistance
from .clock import DemoClock, Story, stream
from .steps import as_the_queue_would, phone_report, step_done, task_done


def _thresholds(day: dt.date) -> dict[int, int]:
    brackets = policy_in_force().at(day)["alert_levels"]["brackets"]
    return {b["level"]: b["threshold"] for b in brackets if b["level"] and b["threshold"]}


# (story, level, people above the level's threshold): the open cases of generate_cases.
CASES = [("just_opened", 3, 3), ("responding", 3, 12), ("escalated", 2, 9), ("lift_asked", 1, 19)]
ASSISTED_ABOVE = 19  # the closed level-2 case of generate_assistance: threshold + 19 people
FIRST_WAVE_ABOVE = 5  # the escalated case's first report: the level-3 threshold + 5 people


def _demo_enterprises(threshold: dict[int, int]) -> dict:
    """The enterprise of each story, chosen before any story runs: the largest (by insured
    headcount, then credit code) that can cut enough staff; the assisted one also keeps 20+."""
    candidates = list(
        Enterprise.objects.filter(source=Enterprise.Source.DEMO, is_hr_agency=False).order_by(
            "-insured_headcount", "uscc"
        )[:40]
    )
    wanted = [(name, threshold[level] + extra) for name, level, extra in CASES]
    wanted.append(("assisted", threshold[2] + ASSISTED_ABOVE + 20))
    chosen = {}
    for name, size in wanted:
        enterprise = next((e for e in candidates if e.insured_headcount >= size), None)
        if enterprise is not None:
            candidates.remove(enterprise)
            chosen[name] = enterprise
    return chosen


def generate_cases(*, clock: DemoClock, seed: int, response: dict, assistance: dict) -> list:
    """Open cases at every level and a closed one, through the real services, spread over the
    last weeks' working days (plan S5.1–S5.3, S6.2): phone reports → alerts → cases.

    - 3 级, just opened: reported on the last working day; the task force has not started yet.
    - 3 级, in response: started, the alert report filed with the municipal bureau within hours,
      就业和人才中心 has done its first annex task.
    - 2 级, escalated: a level-3 report a week ago (response started, report filed, risk-control
      plan made and filed), then a second wave within the aggregation window raised it to level 2:
      the case keeps its level-3 steps and adds level 2's, reported within the hour.
    - 1 级: reported, filed on to the municipal Party committee and government, plan filed; under
      control, with a lift request waiting for a leader's approval (plan S5.3).
    - 2 级, closed: generate_assistance's story, told in the same time order.

    Each case is opened by the response service at its alert's level, so its steps, deadlines and
    annex tasks are the procedure's (policy: response_procedure, annex_tasks_for). Returns the
    stories for `in_time_order`; fills the `response` and `assistance` summaries. Needs the demo
    accounts.
    """
    users = {
        u.username: u
        for u in get_user_model()
        .objects.filter(
            username__in=["employment", "talent", "enforcement", "legal", "arbitration"]
        )
        .select_related("section")
    }
    staff, talent = users.get("employment"), users.get("talent")
    response.update({"cases": 0, "levels": [], "escalated": 0})
    assistance.update({"workers": 0})
    threshold = _thresholds(clock.today)
    if staff is None or not all(threshold.get(level) for level in (1, 2, 3)):
        return []
    chosen = _demo_enterprises(threshold)
    made = []
    tellers = {
        "just_opened": _just_opened,
        "responding": _responding,
        "escalated": _escalated,
        "lift_asked": _lift_asked,
    }
    stories = []
    for name, level, extra in CASES:
        if name in chosen:
            story = Story(clock, stream(seed, name))
            made.append(level)
            stories.append(
                tellers[name](
                    story,
                    enterprise=chosen[name],
                    cut=threshold[level] + extra,
                    threshold=threshold,
                    staff=staff,
                    talent=talent,
                )
            )
    if "assisted" in chosen and talent is not None:
        stories.append(
            generate_assistance(
                Story(clock, stream(seed, "assisted")),
                enterprise=chosen["assisted"],
                cut=threshold[2] + ASSISTED_ABOVE,
                users=users,
                summary=assistance,
            )
        )
    response.update(
        {"cases": len(made), "levels": sorted(made), "escalated": int("escalated" in chosen)}
    )
    return stories


def _just_opened(story: Story, *, enterprise, cut, threshold, staff, talent):
    yield story.start(0)
    alert = phone_report(
        enterprise=enterprise, cut=cut, at=story.at, staff=staff, note="演示数据：电话报告"
    )
    as_the_queue_would(alert, at=story.at)


def _responding(story: Story, *, enterprise, cut, threshold, staff, talent):
    yield story.start(2, dt.time(8, 40), dt.time(11, 30))
    alert = phone_report(
        enterprise=enterprise, cut=cut, at=story.at, staff=staff, note="演示数据：电话报告"
    )
    as_the_queue_would(alert, at=story.at)
    yield story.later(10, 40)
    alert_transition(alert=alert, to_status="responding", actor=staff, at=story.at)
    yield story.later(20, 120)  # within the 12 hours of plan S5.1
    step_done(alert.case, "report", level=3, actor=staff, at=story.at)
    if talent is not None:
        yield story.later(300, 700)
        task_done(
            alert.case,
            lead="talent_center",
            actor=talent,
            at=story.at,
        )


def _escalated(story: Story, *, enterprise, cut, threshold, staff, talent):
    first = threshold[3] + FIRST_WAVE_ABOVE
    yield story.start(7, dt.time(8, 40), dt.time(11, 0))
    alert = phone_report(
        enterprise=enterprise, cut=first, at=story.at, staff=staff, note="演示数据：电话报告"
    )
    as_the_queue_would(alert, at=story.at)
    yield story.later(10, 40)
    alert_transition(alert=alert, to_status="responding", actor=staff, at=story.at)
    yield story.later(30, 120)
    step_done(alert.case, "report", level=3, actor=staff, at=story.at)
    if talent is not None:
        yield story.later(400, 800)
        task_done(
            alert.case,
            lead="talent_center",
            actor=talent,
            at=story.at,
        )
    yield story.later(300, 700)  # within the plan's 5 working days (plan S5.1)
    step_done(alert.case, "plan", level=3, actor=staff, at=story.at)
    yield story.later(20, 90)
    step_done(alert.case, "filing", level=3, actor=staff, at=story.at)
    # a second wave within the aggregation window raises the alert to level 2 (plan S3.2)
    yield story.on(2, dt.time(8, 40), dt.time(11, 0))
    alert = phone_report(
        enterprise=enterprise,
        cut=cut - first,
        at=story.at,
        staff=staff,
        note="演示数据：电话报告（第二批裁员）",
    )
    as_the_queue_would(alert, at=story.at, escalated=True)
    yield story.later(15, 80)  # within the 2 hours of plan S5.2
    step_done(alert.case, "report", level=2, actor=staff, at=story.at)


def _lift_asked(story: Story, *, enterprise, cut, threshold, staff, talent):
    yield story.start(12, dt.time(8, 40), dt.time(10, 30))
    alert = phone_report(
        enterprise=enterprise, cut=cut, at=story.at, staff=staff, note="演示数据：电话报告"
    )
    as_the_queue_would(alert, at=story.at)
    yield story.later(5, 20)
    alert_transition(alert=alert, to_status="responding", actor=staff, at=story.at)
    yield story.later(15, 60)  # within the 2 hours of plan S5.3
    step_done(alert.case, "report", level=1, actor=staff, at=story.at)
    yield story.later(60, 240)
    step_done(alert.case, "escalate", level=1, actor=staff, at=story.at)
    if talent is not None:
        yield story.later(200, 500)
        task_done(
            alert.case,
            lead="talent_center",
            actor=talent,
            at=story.at,
        )
    yield story.later(300, 600)  # within the plan's 3 working days (plan S5.3)
    step_done(alert.case, "plan", level=1, actor=staff, at=story.at)
    yield story.on(3, dt.time(9, 0), dt.time(16, 0))
    alert_transition(alert=alert, to_status="under_control", actor=staff, at=story.at)
    yield story.later(20, 120)
    lift_request_create(
        alert=alert, actor=staff, reason="职工已妥善安置，企业恢复正常生产经营秩序", at=story.at
    )
