"""Reads of response cases, always within the user's data scope (ADR 0002)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.roles import Role
from layoffwatch.alerts.models import Alert, AlertEvent, LiftRequest
from layoffwatch.alerts.selectors import lifting_rule
from layoffwatch.core.clock import local_day, month_after, month_start
from layoffwatch.core.recorded import (
    Recorded,
    actor_shown,
    reasons_shown,
    recorded,
    shown,
    term,
)
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_visible_to, industry_q
from layoffwatch.monitoring.selectors import alert_verified_affected, signals_visible_to
from layoffwatch.policy.selectors import policy_in_force
from layoffwatch.reporting.models import LayoffReport
from layoffwatch.reporting.selectors import alert_layoff_figures, layoff_reports_visible_to

from . import hooks
from .models import EXTERNAL_BODIES, CaseStep, CaseTask, ResponseCase
from .permissions import is_task_force
from .wording import level_name


def cases_visible_to(user) -> QuerySet[ResponseCase]:
    """Bureau staff: the cases of the enterprises they may see; others: none."""
    if user is None or not user.is_authenticated or not user.is_bureau:
        return ResponseCase.objects.none()
    return ResponseCase.objects.filter(
        alert__enterprise__in=enterprise_visible_to(user)
    ).select_related("alert__enterprise__town", "alert__enterprise__industry")


def alert_related_sections(*, user, alert: Alert) -> list:
    """What later apps hold about the alert's enterprise that `user` may see (hooks.alert_related),
    for the alert's page and its case's."""
    return [
        section
        for handler in hooks.alert_related.handlers
        for section in handler(user=user, alert=alert)
    ]


def case_get(*, user, pk: int) -> ResponseCase | None:
    return cases_visible_to(user).filter(pk=pk).first()


def overdue_items(now: dt.datetime) -> tuple[QuerySet[CaseStep], QuerySet[CaseTask]]:
    """逾期事项 (ADR 0055: the one definition the home tile, the alert list and the API count): the
    steps not done past their due time, and the annex tasks of open cases not done past theirs."""
    return (
        CaseStep.objects.filter(done_at__isnull=True, due_at__lt=now),
        CaseTask.objects.filter(case__status="open", done_at__isnull=True, due_at__lt=now),
    )


def overdue_q(now: dt.datetime) -> Q:
    """Alerts whose case has an open step or task past its due time."""
    steps, tasks = overdue_items(now)
    return Q(Exists(steps.filter(case__alert=OuterRef("pk")))) | Q(
        Exists(tasks.filter(case__alert=OuterRef("pk")))
    )


def alerts_people(alerts) -> int:
    """The 合计裁员 column of the alert list summed, all pages: the people cut within each alert's
    window (the cockpit's industries chart sums the same field by industry)."""
    return alerts.aggregate(n=Sum("total_in_window"))["n"] or 0


def alerts_search(
    *,
    user,
    level: int | None = None,
    town: str = "",
    industry: str = "",
    status: str = "",
    overdue: bool = False,
    opened_from: str = "",
    opened_to: str = "",
    now: dt.datetime | None = None,
) -> QuerySet[Alert]:
    """The alert list's filters: level, town, industry (code at any level), status, overdue, and
    the Tongnan months it was raised in (`opened_from` to `opened_to`, "YYYY-MM", either may be
    left out): the cockpit's charts count with this and link to the list filtered the same way
    (dashboard.cockpit, ADR 0098)."""
    qs = Alert.objects.filter(enterprise__in=enterprise_visible_to(user)).select_related(
        "enterprise__town", "enterprise__industry", "case"
    )
    if user is None or not user.is_authenticated or not user.is_bureau:
        return qs.none()
    if level:
        qs = qs.filter(level=level)
    if town:
        qs = qs.filter(enterprise__town_id=town)
    if industry:
        q = industry_q(industry)  # a code at any level (C, 36, 3670) or part of a name
        qs = qs.filter(enterprise__in=Enterprise.objects.filter(q)) if q is not None else qs.none()
    if status == "open":
        qs = qs.filter(status__in=Alert.OPEN)
    elif status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q(now or timezone.now()))
    if opened_from:
        qs = qs.filter(opened_at__gte=month_start(opened_from))
    if opened_to:
        qs = qs.filter(opened_at__lt=month_start(month_after(opened_to)))
    return qs.order_by("level", "-opened_at")


def alerts_by_month(qs: QuerySet[Alert]) -> dict[tuple[str, int], int]:
    """{(Tongnan month "YYYY-MM", level): alerts} of `qs` (from `alerts_search`), counted in SQL
    by the local month of `opened_at` — the months `alerts_search(opened_from=, opened_to=)`
    filters on."""
    rows = (
        qs.order_by()
        .annotate(month=TruncMonth("opened_at", tzinfo=timezone.get_default_timezone()))
        .values_list("month", "level")
        .annotate(n=Count("pk"))
    )
    return {(f"{local_day(month):%Y-%m}", level): n for month, level, n in rows}


def overdue_by_level(*, user, now: dt.datetime) -> dict[int, int]:
    """逾期事项 (`overdue_items`) of the alerts `alerts_search(user=, level=, overdue=True)` lists,
    for each level: the sum of that list's 逾期事项 column (ADR 0055, 0098)."""
    steps, tasks = overdue_items(now)
    counts = {}
    for level in Alert.Level.values:
        listed = alerts_search(user=user, level=level, overdue=True, now=now).values("pk")
        counts[level] = (
            steps.filter(case__alert__in=listed).count()
            + tasks.filter(case__alert__in=listed).count()
        )
    return counts


def timeline(case: ResponseCase) -> list[dict]:
    """Every event of the case and of its alert, oldest first."""
    rows = [
        {
            "at": e.at,
            "actor": actor_shown(e.actor_label, e.actor_id),
            "kind": e.get_kind_display(),
            "summary": e.summary_shown,
        }
        for e in AlertEvent.objects.filter(alert=case.alert_id)
    ]
    rows += [
        {
            "at": e.at,
            "actor": actor_shown(e.actor_label, e.actor_id),
            "kind": e.kind,
            "summary": e.summary_shown,
        }
        for e in case.events.all()
    ]
    return sorted(rows, key=lambda r: r["at"])


def my_work(user, *, now: dt.datetime | None = None) -> dict:
    """“我的任务”: what this user owes (or, for a liaison, what runs in their town)."""
    now = now or timezone.now()
    code = user.section.code if getattr(user, "section_id", None) else None
    key = lambda item: (item.due_at is None, item.due_at or now)  # noqa: E731
    return {
        "tasks": sorted(_my_tasks(user, code), key=key),
        "steps": sorted(_my_steps(user, code), key=key),
        "approvals": _lift_requests_to_decide(user),
        "reports": _written_reports_to_sign(user),
        # what later apps add (ADR 0088): a section each, only when it has rows
        "more": [
            section
            for handler in hooks.more_work.handlers
            if (section := handler(user=user, now=now)) and section.rows
        ],
        "now": now,
        "lead_code": code,
    }


def _my_tasks(user, code: str | None) -> list[CaseTask]:
    """The open cases' annex tasks not done: a leader's and a liaison's all of them (in their
    scope), a section's those it leads or cooperates on."""
    open_cases = cases_visible_to(user).filter(status="open")
    tasks = CaseTask.objects.filter(case__in=open_cases, done_at__isnull=True).select_related(
        "case__alert__enterprise"
    )
    if user.role in (Role.TOWN_LIAISON, Role.LEADER):
        return list(tasks)
    return [t for t in tasks if code and (t.lead == code or code in t.cooperating)]


def _my_steps(user, code: str | None) -> list[CaseStep]:
    """The steps not done of open cases (and those counted from closure, the written report):
    a liaison's all of them (in their town), a section's those it acts on; the task force also
    sees every step that has a due time."""
    steps = CaseStep.objects.filter(
        done_at__isnull=True, case__in=cases_visible_to(user)
    ).select_related("case__alert__enterprise")
    due = [s for s in steps if s.case.is_open or s.from_closure]
    if user.role == Role.TOWN_LIAISON:
        return due
    task_force = is_task_force(user)
    return [s for s in due if s.actor == code or (task_force and s.due_at is not None)]


def _lift_requests_to_decide(user) -> list[LiftRequest]:
    """A leader's: the requests to lift a warning awaiting a decision, but not their own."""
    if user.role != Role.LEADER:
        return []
    return list(
        LiftRequest.objects.filter(
            decision="pending", alert__enterprise__in=enterprise_visible_to(user)
        )
        .exclude(requested_by=user)
        .select_related("alert__enterprise")
    )


def _written_reports_to_sign(user) -> list[ResponseCase]:
    """A leader's and the task force's: the cases whose written report is still a draft."""
    if user.role == Role.LEADER or is_task_force(user):
        return list(cases_visible_to(user).filter(written_report__status="draft"))
    return []


def overdue_count(alert: Alert, now: dt.datetime | None = None) -> int:
    steps, tasks = overdue_items(now or timezone.now())
    return steps.filter(case__alert=alert).count() + tasks.filter(case__alert=alert).count()


def measure_choices(case: ResponseCase) -> list[tuple[str, str]]:
    """The annex's measures (annex_tasks.yaml › measures) in force when the case opened."""
    on = local_day(case.opened_at)
    known = policy_in_force().at(on)["annex_tasks"]["measures"] or {}
    return list(known.items())


def external_body_choices(on: dt.date) -> list[tuple[str, str]]:
    """Bodies outside the bureau a filing goes to, with their names from the policy."""
    names = policy_in_force().at(on)["response"]["bodies"] or {}
    return [(code, name) for code, name in names.items() if code in EXTERNAL_BODIES]


# ------------------------------------------------------------------ closing with open work (ADR 0053)


# an open step's label by its response level (`wording.level_name`), as a recorded message
STEP_LABELS = {
    1: N_("一级响应步骤“%(step)s”"),
    2: N_("二级响应步骤“%(step)s”"),
    3: N_("三级响应步骤“%(step)s”"),
}


@dataclass(frozen=True)
class UnfinishedItem:
    """A step or annex task not done: what the person closing the case must complete or explain,
    and, once the case closed, the reason they gave (printed in the written report, plan S6.2)."""

    key: str  # "step-<pk>" / "task-<pk>": how the closing forms and services name the item
    kind: str  # "step" / "task"
    pk: int
    label: str  # 处置步骤“…” / 任务分解表第N项（…牵头）
    detail: str  # the task's content or the step's reporting bodies
    owner: str  # who does it: the step's actor, the task's lead unit
    due_at: dt.datetime | None
    anchor: str  # the row's id on the case page
    # plan S5.3: a step the lifting rule requires done (the onward report of a level-1 alert);
    # no reason waives it
    required: bool
    reason: str
    reason_by: str
    reason_at: dt.datetime | None
    # the label as a recorded message, for the closing's timeline entry (ADR 0100)
    label_recorded: Recorded | None = None

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        return self.due_at is not None and self.due_at < (now or timezone.now())

    @property
    def label_shown(self) -> str:
        """The label in the reader's language (its recorded message: a step's title and a task's
        lead unit as terms, ADR 0100 amended 2026-12-07 (6)); the Chinese without one."""
        if self.label_recorded is None:
            return self.label
        return shown(self.label_recorded.message, self.label_recorded.text)


def lifting_needs_approval(alert: Alert) -> bool:
    """plan S5.3 “经报批预警可以解除”: lifted by a leader's approval of a request."""
    return bool(lifting_rule(alert).get("requires_approval"))


def case_unfinished_items(case: ResponseCase) -> list[UnfinishedItem]:
    """The case's steps and annex tasks not done, steps first, each with the reason recorded when
    the case closed with it open (empty while the case is open).

    The written report after closure (plan S6.2, `response.documents`) prints these with their
    reasons. Steps counted from closure (the written report itself) are not listed: they can
    only be done after it.
    """
    alert = case.alert
    required = set(lifting_rule(alert).get("requires_done", [])) if case.is_open else set()
    items = []
    steps = case.steps.filter(done_at__isnull=True).select_related("unfinished_reason_by")
    for s in steps:
        if s.from_closure:
            continue
        items.append(
            UnfinishedItem(
                key=f"step-{s.pk}",
                kind="step",
                pk=s.pk,
                # a case escalated 3 → 2 has both levels' steps, often with the same title
                label=f"{level_name(s.level)}响应步骤“{s.title}”",
                detail="、".join(s.notify_names),
                owner=s.actor_name,
                due_at=s.due_at,
                anchor=f"step-{s.pk}",
                required=s.level == alert.level and s.key in required,
                reason=s.unfinished_reason,
                reason_by=str(s.unfinished_reason_by or ""),
                reason_at=s.unfinished_reason_at,
                label_recorded=(
                    recorded(STEP_LABELS[s.level], step=term(s.title))
                    if s.level in STEP_LABELS
                    else None
                ),
            )
        )
    tasks = case.tasks.filter(done_at__isnull=True).select_related("unfinished_reason_by")
    for t in tasks:
        items.append(
            UnfinishedItem(
                key=f"task-{t.pk}",
                kind="task",
                pk=t.pk,
                label=f"任务分解表第{t.number}项（{t.lead_name}牵头）",
                detail=t.content,
                owner=t.lead_name,
                due_at=t.due_at,
                anchor=f"task-{t.number}",
                required=False,
                reason=t.unfinished_reason,
                reason_by=str(t.unfinished_reason_by or ""),
                reason_at=t.unfinished_reason_at,
                label_recorded=recorded(
                    N_("任务分解表第%(number)s项（%(lead)s牵头）"),
                    number=t.number,
                    lead=term(t.lead_name),
                ),
            )
        )
    return items


# ------------------------------------------------------------------ written report (S6.2)


def written_report_facts(case: ResponseCase) -> dict:
    """Every fact the written report states (plan S6.2), read from the record through the
    selectors the other pages use, so one figure is the same everywhere (ADR 0054): the people
    in the layoff reports and rosters (reporting), the verified signals (monitoring), assistance,
    support and rights figures (registered with `hooks.written_report_figures` by assistance,
    `assistance.selectors.case_outcomes`, counted as on the assistance pages, then rights, ADR 0088),
    and the case's own steps, tasks, filings, problems and timeline, the alert's control and
    lifting, the work left unfinished with its reasons (`case_unfinished_items`, ADR 0053). A
    fact the record does not hold is None (the report says 待填写)."""
    alert = case.alert
    layoffs = alert_layoff_figures(alert)
    verified = None if layoffs["reports"] else alert_verified_affected(alert)
    # a roster names people: when it lists more than the reported cut, they are all affected
    affected = max(layoffs["planned"], layoffs["roster"]) if layoffs["reports"] else verified
    controlled = (
        AlertEvent.objects.filter(
            alert=alert, kind=AlertEvent.Kind.STATUS, to_status=Alert.Status.UNDER_CONTROL
        )
        .order_by("-at", "-pk")
        .first()
    )
    outcomes: dict = {}
    for handler in hooks.written_report_figures.handlers:
        outcomes.update(handler(alert=alert))
    approval = (
        alert.lift_requests.filter(decision=LiftRequest.Decision.APPROVED)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return {
        "alert": alert,
        "enterprise": alert.enterprise,
        "layoffs": layoffs,
        "verified": verified,
        "affected": affected,
        "outcomes": outcomes,
        "steps": list(case.steps.all()),
        "tasks": list(case.tasks.prefetch_related("notes")),
        "filings": list(case.filings.all()),
        "problems": list(case.problems.order_by("at", "pk")),
        "events": list(case.events.all()),
        "controlled": controlled,
        "approval": approval,
        "unfinished": case_unfinished_items(case),
    }


# ------------------------------------------------------------------ the alert page (plan S3.2)


def alert_page_facts(*, user, alert: Alert) -> dict:
    """What the alert page shows of one alert the user may see: the waves it was graded on
    (its `facts`, as graded when it was raised or last raised, plan S3.2), the layoff reports
    behind it (the current version of each report series that counted, with its receipt), the
    signals linked to it and its own history (raised, escalated, status changes, lifting) — each
    within the user's scope (ADR 0002)."""
    series = LayoffReport.objects.filter(alert=alert).values("series_no")
    reports = (
        layoff_reports_visible_to(user)
        .filter(series_no__in=series, is_current=True)
        .order_by("submitted_at", "pk")
    )
    signals = signals_visible_to(user).filter(alert=alert).order_by("-created_at", "-pk")
    facts = alert.facts or {}
    return {
        # each wave with the level it reached, by its name (一级预警…), not its number
        "waves": [
            {**w, "level_label": Alert.Level(w["level"]).label if w.get("level") else None}
            for w in facts.get("timeline") or []
        ],
        # the grading's reasons as recorded, said again in the reader's language (ADR 0100)
        "reasons": reasons_shown(facts.get("reasons"), facts.get("reason_messages")),
        "window_days": facts.get("window_days"),
        "reports": list(reports),
        "signals": list(signals),
        "events": list(AlertEvent.objects.filter(alert=alert).order_by("at", "pk")),
    }


def cases_search(*, user, level: int | None = None, status: str = "", town: str = ""):
    """The case list (应急处置, plan S5): the cases the user may see (`cases_visible_to`: a town
    liaison's in her town), by the case's level, its status and the enterprise's town; open cases
    first, then the most severe, then the newest."""
    qs = cases_visible_to(user).select_related("alert")
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    if town:
        qs = qs.filter(alert__enterprise__town_id=town)
    return qs.order_by("-status", "level", "-opened_at")
