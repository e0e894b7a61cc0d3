"""Major problems found during the response (plan S6.2 “重大问题…实时报送”): recorded with a
short report, and the leadership and the task force told at once."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.models import User
from layoffwatch.accounts.roles import Role
from layoffwatch.alerts.notify import send
from layoffwatch.audit.refusals import guarded
from layoffwatch.core.recorded import recorded

from ..documents import short_report_text
from ..models import MajorProblem, ResponseCase
from ..permissions import TASK_FORCE_SECTION, can_work_on
from .common import case_event, case_link, require_open


@guarded("报告重大问题", subject=lambda kw: kw["case"])
def problem_report(
    *, case: ResponseCase, actor, summary: str, details: str, at: dt.datetime
) -> MajorProblem:
    case = ResponseCase.objects.select_related("alert__enterprise").get(pk=case.pk)
    require_open(case)
    if not can_work_on(actor, case):
        raise PermissionDenied("您不是该处置的参与人员，不能报告重大问题")
    summary, details = (summary or "").strip(), (details or "").strip()
    if not summary or not details:
        raise ValidationError({"summary": "请填写问题概要和详细情况"})
    problem = MajorProblem(
        case=case,
        at=at,
        reported_by=actor,
        summary=summary[:200],
        details=details,
        short_report=short_report_text(case=case, summary=summary, details=details, at=at),
    )
    problem.full_clean(exclude=["case", "reported_by"])
    problem.save()
    case_event(
        case=case,
        kind="problem",
        at=at,
        actor=actor,
        obj=problem,
        summary=recorded(N_("重大问题：%(summary)s（已生成简要报告，实时报送）"), summary=summary),
    )
    # plan S6.2 “实时报送”: the leadership and the task force are told at once
    people = User.objects.filter(is_active=True, role=Role.LEADER) | User.objects.filter(
        is_active=True, role=Role.SECTION_STAFF, section__code=TASK_FORCE_SECTION
    )
    send(
        users=people,
        title=recorded(
            N_("重大问题：%(enterprise)s %(summary)s"),
            enterprise=case.alert.enterprise.name,
            summary=summary,
        ),
        body=problem.short_report,
        link=case_link(case),
        kind="major_problem",
        at=at,
    )
    return problem
