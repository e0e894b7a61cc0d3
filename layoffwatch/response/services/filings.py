"""Reports and filings sent out (plan S5.1–S5.3, S6.2): for a procedure step (which completes
it once every body has been sent to), or not tied to a step."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.refusals import guarded
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.core.recorded import recorded, term
from layoffwatch.policy.selectors import policy_in_force

from ..models import (
    EXTERNAL_BODIES,
    CaseStep,
    Channel,
    Filing,
    MajorProblem,
    ResponseCase,
    WrittenReport,
)
from ..permissions import is_task_force
from .common import case_event, require_open

STEP_FILING_KIND = {
    "report": Filing.Kind.ALERT_REPORT,
    "filing": Filing.Kind.PLAN_FILING,
    "escalate": Filing.Kind.ONWARD_REPORT,
    "written_report": Filing.Kind.WRITTEN_REPORT,
}


def _body_name(case: ResponseCase, code: str) -> str:
    for step in case.steps.all():
        for c, n in zip(step.notify, step.notify_names, strict=False):
            if c == code:
                return n
    return code


def _check_sent(*, channel: str, sent_at: dt.datetime, at: dt.datetime) -> None:
    if channel not in Channel.values:
        raise ValidationError({"channel": "请选择报送方式"})
    if sent_at > at + dt.timedelta(minutes=5):
        raise ValidationError({"sent_at": "报送时间不能晚于现在"})


def _store(filing: Filing, *, document, actor, at: dt.datetime, data: dict) -> None:
    """Save the filing (with its document, if any) and record it in the case's events."""
    if document:
        filing.document = document
    filing.full_clean(exclude=["case", "step", "recorded_by"])
    filing.save()
    case_event(
        case=filing.case,
        kind="filing",
        at=at,
        actor=actor,
        obj=filing,
        summary=recorded(
            N_("%(kind)s：%(sent)s 以%(channel)s报送%(recipient)s（%(document)s），逾期")
            if filing.late
            else N_("%(kind)s：%(sent)s 以%(channel)s报送%(recipient)s（%(document)s）"),
            kind=Filing.Kind(filing.kind).label,
            sent=f"{local_datetime(filing.sent_at):%Y-%m-%d %H:%M}",
            channel=Channel(filing.channel).label,
            recipient=term(filing.recipient_name),
            document=filing.document_title,
        ),
        data={"filing": filing.pk, **data},
    )


@guarded("登记报送记录", subject=lambda kw: kw["step"].case)
def filing_record(
    *,
    step: CaseStep,
    actor,
    recipient: str,
    channel: str,
    sent_at: dt.datetime,
    document_title: str = "",
    document=None,
    at: dt.datetime,
) -> Filing:
    """Record a report or filing sent out for `step` (plan S5.1–S5.3, S6.2); late if past due."""
    step = CaseStep.objects.select_for_update().select_related("case").get(pk=step.pk)
    case = step.case
    require_open(case, closure_ok=step.from_closure)
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以登记报送记录")
    if recipient not in step.external_bodies:
        raise ValidationError(
            {"recipient": f"该步骤的报送对象为：{'、'.join(step.notify_names) or '无'}"}
        )
    _check_sent(channel=channel, sent_at=sent_at, at=at)
    if step.from_closure and case.is_open:
        raise ValidationError({"step": "书面报告在处置结束后报送"})
    if step.key == "written_report":
        report = getattr(case, "written_report", None)
        if report is None or report.status != WrittenReport.Status.SIGNED:
            raise ValidationError({"step": "书面报告须经局领导签发后方可报送"})
    filing = Filing(
        case=case,
        step=step,
        kind=STEP_FILING_KIND.get(step.key, Filing.Kind.OTHER),
        recipient=recipient,
        recipient_name=_body_name(case, recipient),
        sent_at=sent_at,
        channel=channel,
        document_title=(document_title or "").strip() or step.document_name,
        due_at=step.due_at,
        late=step.due_at is not None and sent_at > step.due_at,
        recorded_by=actor,
        recorded_at=at,
    )
    _store(filing, document=document, actor=actor, at=at, data={"late": filing.late})
    sent = set(step.filings.values_list("recipient", flat=True))
    if step.done_at is None and set(step.external_bodies) <= sent:
        # why conditional: two filings recorded at once must complete the step only once
        CaseStep.objects.filter(pk=step.pk, done_at__isnull=True).update(
            done_at=max(step.filings.values_list("sent_at", flat=True)), done_by=actor
        )
        case_event(
            case=case,
            kind="step",
            at=at,
            actor=actor,
            summary=recorded(N_("办结：%(step)s"), step=term(step.title)),
        )
    return filing


def _body_names(on: dt.date) -> dict[str, str]:
    return dict(policy_in_force().at(on)["response"]["bodies"] or {})


FREE_FILING_KINDS = {Filing.Kind.OTHER, Filing.Kind.MAJOR_PROBLEM}


@guarded("登记报送记录", subject=lambda kw: kw["case"])
def filing_record_other(
    *,
    case: ResponseCase,
    actor,
    kind: str,
    recipient: str,
    channel: str,
    sent_at: dt.datetime,
    document_title: str = "",
    document=None,
    problem: MajorProblem | None = None,
    at: dt.datetime,
) -> Filing:
    """A filing not tied to a procedure step (plan S6.2 “加强情况报告”): another report to a body
    outside the bureau, or the short report of a major problem sent on (“实时报送”)."""
    case = ResponseCase.objects.select_for_update().get(pk=case.pk)
    require_open(case)
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以登记报送记录")
    if kind not in FREE_FILING_KINDS:
        raise ValidationError(
            {
                "kind": "预案规定的报告和备案请在对应的处置步骤中登记；此处只登记其他报送和重大问题报送"
            }
        )
    if recipient not in EXTERNAL_BODIES:
        raise ValidationError(
            {"recipient": "请选择报送对象（区委、区政府、市人力社保局、市委、市政府）"}
        )
    _check_sent(channel=channel, sent_at=sent_at, at=at)
    title = (document_title or "").strip()
    if kind == Filing.Kind.MAJOR_PROBLEM:
        if problem is None or problem.case_id != case.pk:
            raise ValidationError({"problem": "请选择本处置中报告的重大问题"})
        if sent_at < problem.at - dt.timedelta(minutes=5):
            raise ValidationError({"sent_at": "报送时间不能早于发现问题的时间"})
        title = title or f"关于{problem.summary}的简要报告"
    elif not title:
        raise ValidationError({"document_title": "请填写报送文书的标题或文号"})
    filing = Filing(
        case=case,
        step=None,
        kind=kind,
        recipient=recipient,
        recipient_name=_body_names(local_day(at)).get(recipient, recipient),
        sent_at=sent_at,
        channel=channel,
        document_title=title[:200],
        due_at=None,
        late=False,
        recorded_by=actor,
        recorded_at=at,
    )
    _store(
        filing,
        document=document,
        actor=actor,
        at=at,
        data={"problem": problem.pk if problem else None},
    )
    return filing
