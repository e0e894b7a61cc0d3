"""Closing a case when its alert is lifted (plan S5, ADR 0053): every step and annex task left
open has its reason, and the written report's draft is made (plan S6.2, ADR 0054)."""

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.alerts.models import Alert
from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import recorded
from layoffwatch.policy.rules import written_report_sections
from layoffwatch.policy.selectors import policy_in_force

from ..deadlines import due_at
from ..documents import draft_sections
from ..models import CaseStep, CaseTask, ResponseCase, WrittenReport
from ..selectors import UnfinishedItem, case_unfinished_items
from .common import ISSUING_UNIT, RECIPIENT, case_event

# a case opened by the queue after its alert was already lifted (ADR 0045) closes at once: nobody
# could work on it in the system, and nobody was asked at the lifting
OPENED_AFTER_LIFTING = "预警在处置开启前已解除，此项未在系统中办理"


def case_closure_check(
    *, alert: Alert, reasons: Mapping[str, str]
) -> list[tuple[UnfinishedItem, str]]:
    """ADR 0053: what lifting the alert (closing its case) needs: every step and annex task not
    done has a reason from the person closing it, and the steps the lifting rule requires done —
    plan S5.3 “区党委、政府和市人力社保局按规定报市委、市政府”, the onward report of a level-1
    alert — are done; no reason waives those. `reasons` maps an item's key ("step-<pk>",
    "task-<pk>", `selectors.case_unfinished_items`) to its reason.

    Raises ValidationError naming each item missing; returns the open items with their reasons.
    """
    case = ResponseCase.objects.filter(alert=alert).select_related("alert").first()
    if case is None or not case.is_open:
        return []
    items = case_unfinished_items(case)
    problems = []
    required = [i for i in items if i.required]
    if required:
        bodies = "、".join(i.detail for i in required if i.detail)
        problems.append(
            f"{alert.get_level_display()}解除前须完成{'、'.join(i.label for i in required)}"
            "（预案五（三）），不能以说明未完成原因代替"
            + (f"：请先在该步骤中登记向{bodies}的报送记录" if bodies else "")
        )
    missing = [i for i in items if not i.required and not (reasons.get(i.key) or "").strip()]
    if missing:
        problems.append(
            f"尚有 {len(missing)} 项未办结，请逐项办结或填写未完成原因："
            + "；".join(i.label for i in missing)
        )
    if problems:
        raise ValidationError({"unfinished": problems})
    return [(i, reasons[i.key].strip()) for i in items]


def close_case(
    case: ResponseCase, *, actor, at: dt.datetime, reasons: Mapping[str, str] | None = None
) -> None:
    if actor is None:
        pairs = [(i, OPENED_AFTER_LIFTING) for i in case_unfinished_items(case)]
    else:
        # the callers (alert_lift, lift_request_decide) checked already; this keeps any other
        # path that closes a case from closing it with work undone and unexplained
        pairs = case_closure_check(alert=case.alert, reasons=reasons or {})
    moved = ResponseCase.objects.filter(pk=case.pk, status=ResponseCase.Status.OPEN).update(
        status=ResponseCase.Status.CLOSED, closed_at=at
    )
    if not moved:
        return
    case.refresh_from_db()
    real = actor if getattr(actor, "is_authenticated", False) else None
    for item, reason in pairs:
        model = CaseStep if item.kind == "step" else CaseTask
        # why conditional: an item completed since it was read keeps no reason
        if model.objects.filter(pk=item.pk, done_at__isnull=True).update(
            unfinished_reason=reason, unfinished_reason_by=real, unfinished_reason_at=at
        ):
            case_event(
                case=case,
                kind="unfinished",
                at=at,
                actor=actor,
                summary=recorded(
                    N_("结案时未办结：%(item)s。原因：%(reason)s"),
                    item=item.label_recorded or item.label,
                    reason=reason,
                ),
                data={"item": item.key, "reason": reason},
            )
    # plan S6.2: the written report is due counted from the closure
    for step in case.steps.filter(done_at__isnull=True):
        if step.from_closure:
            step.due_at, step.due_provisional = due_at(step.deadline, start=at)
            step.save(update_fields=["due_at", "due_provisional"])
    content = written_report_sections(on=local_day(at), policy=policy_in_force())
    enterprise = case.alert.enterprise
    report = WrittenReport(
        case=case,
        title=f"关于{enterprise.name}规模性裁员风险处置情况的报告",
        recipient=RECIPIENT,
        issuing_unit=ISSUING_UNIT,
        report_date=local_day(at),
        sections=draft_sections(case, content.sections),
        policy_version=content.version,
        updated_at=at,
    )
    report.full_clean(exclude=["case", "updated_by", "signed_by"])
    report.save()
    case_event(
        case=case,
        kind="closed",
        at=at,
        actor=actor,
        summary=recorded(
            N_("预警解除，处置结案；已生成书面报告草稿，待修改和签发后报送市人力社保局")
        ),
    )
