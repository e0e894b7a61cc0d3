"""What staff do in a demo story, through the real services: a phone report, the queue's work
after it, a step of the procedure, an annex task (plan S3.1.1, S5, annex; ADR 0051)."""

import datetime as dt

from layoffwatch.alerts.services import assessment_recompute
from layoffwatch.core.clock import local_day
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.response.services import (
    case_open_for_alert,
    filing_record,
    step_complete,
    task_complete,
)

from .clock import Story


def phone_report(*, enterprise, cut: int, at: dt.datetime, staff, note: str, roster=None):
    """A layoff report by phone, entered by 就业科 (plan S3.1.1); the alert it raised or escalated."""
    data = {
        "enterprise_uscc": enterprise.uscc,
        "planned_cut": cut,
        "dispatched_cut": 0,
        "effective_date": (local_day(at) + dt.timedelta(days=14)).isoformat(),
        "is_closure": False,
        "reasons": ["orders"],
        "contact_name": enterprise.contact_name or "人事负责人",
        "contact_phone": enterprise.contact_phone or "13800000000",
        "source_note": note,
    }
    return layoff_report_submit(
        enterprise=enterprise, data=data, channel="phone", actor=staff, at=at, roster=roster
    ).alert


def as_the_queue_would(alert, *, at: dt.datetime, escalated: bool = False) -> None:
    """What the queue worker does after a report commits: open or escalate the case (ADR 0045)
    and recompute the district assessment (ADR 0047), both at the report's moment. The demo does
    it at once because no worker may be running while it seeds; both are idempotent, so the
    queue entries the commit leaves behind change nothing when a worker runs them later."""
    case_open_for_alert(alert_id=alert.pk, level=alert.level, at=at)
    what = "预警升级为" if escalated else "发布"
    assessment_recompute(
        at=at, trigger=f"{alert.enterprise.name} {what}{alert.get_level_display()}"
    )


def step_done(case, key: str, *, level: int, actor, at: dt.datetime, note: str = "") -> None:
    """Complete a step of the case's procedure the way staff do: a step that reports to bodies
    outside the bureau by a filing to each (plan S5.1–S5.3), any other with a note."""
    step = case.steps.filter(level=level, key=key, done_at__isnull=True).first()
    if step is None:
        return
    if step.needs_filings:
        channel = "fax" if key == "report" else "document"
        for body in step.external_bodies:
            filing_record(
                step=step,
                actor=actor,
                recipient=body,
                channel=channel,
                sent_at=at,
                document_title=step.document_name,
                at=at,
            )
    else:
        step_complete(step=step, actor=actor, note=note or STEP_NOTES.get(key, ""), at=at)


# What each lead unit writes when it completes an annex task (plan annex, tasks 5–14).
TASK_NOTES = {
    5: "已指导企业依法制定裁员方案，提前三十日向工会或全体职工说明情况",
    6: "已审查裁员方案，经济补偿依法足额支付，未发现违法解除劳动合同",
    7: "已摸清职工基本情况和求职培训意向",
    8: "已组织零工市场对接短期用工岗位",
    9: "已逐人建立帮扶台账，推荐岗位和培训",
    10: "已举办专场招聘会，组织受影响职工对接岗位",
    11: "已引导人力资源服务机构参与职业介绍",
    12: "已为符合条件的职工办理失业保险待遇，困难职工转介临时救助",
    13: "已公布投诉举报渠道，受理职工咨询",
    14: "已督促企业足额支付拖欠工资",
}
# What the task force writes when it completes a step without a filing (plan S5.1–S5.3).
STEP_NOTES = {
    "plan": "已制定风险防控方案",
    "coordinate": "已协调区相关部门和镇街落实防控措施",
    "responsibility": "已落实企业主体责任，细化防控措施",
    "municipal_guidance": "市人力社保局已到现场指导，按周调度进展",
    "integrate": "已整合社会资源，防控措施落地见效",
}


def task_done(case, *, lead: str, actor, at: dt.datetime) -> None:
    """The lead unit completes the first of its open annex tasks of the case."""
    task = case.tasks.filter(lead=lead, done_at__isnull=True).order_by("number").first()
    if task is not None:
        task_complete(task=task, actor=actor, note=TASK_NOTES.get(task.number, "已办结"), at=at)


def all_done(story: Story, case, *, staff, users: dict):
    """Every open step and annex task of the case done by its own unit (a case worked through
    before its alert is lifted); steps counted from closure (the written report) come after."""
    by_section = {u.section.code: u for u in users.values() if u.section_id}
    for step in case.steps.filter(done_at__isnull=True).order_by("level", "order"):
        if not step.from_closure:
            yield story.later(10, 40)
            step_done(case, step.key, level=step.level, actor=staff, at=story.at)
    for task in case.tasks.filter(done_at__isnull=True).order_by("number"):
        actor = by_section.get(task.lead)
        if actor is not None:
            yield story.later(10, 40)
            task_complete(
                task=task, actor=actor, note=TASK_NOTES.get(task.number, "已办结"), at=story.at
            )
