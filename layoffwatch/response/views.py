"""Pages of the response stage. Thin: scope → form → one service → redirect with a message."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layoffwatch.alerts.models import Alert, LiftRequest
from layoffwatch.alerts.services import (
    alert_lift,
    alert_transition,
    lift_request_create,
    lift_request_decide,
)
from layoffwatch.audit.refusals import attempt, refusals_audited
from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_day
from layoffwatch.core.forms import form_refusal
from layoffwatch.core.permissions import deny, deny_not_found
from layoffwatch.core.uploads import file_download

from .documents import short_report_docx, written_report_docx
from .forms import (
    CaseFilterForm,
    DecisionForm,
    FilingForm,
    MeasuresForm,
    NoteForm,
    OtherFilingForm,
    ProblemForm,
    ReasonForm,
    ReportForm,
    StatusForm,
    TaskCompleteForm,
    TaskDueForm,
    TaskNoteForm,
)
from .models import CaseStep, Filing, TaskNote, WrittenReport
from .permissions import can_work_on, has_role, in_section, is_task_force
from .selectors import (
    alert_related_sections,
    case_get,
    case_unfinished_items,
    cases_search,
    external_body_choices,
    lifting_needs_approval,
    measure_choices,
    my_work,
    timeline,
)
from .services import (
    case_measures_choose,
    filing_record,
    filing_record_other,
    problem_report,
    step_complete,
    task_complete,
    task_due_set,
    task_note_add,
    written_report_sign,
    written_report_update,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _case(request, pk: int):
    if not request.user.is_bureau:
        deny(request, _("您的角色不能查看应急处置"))
    case = case_get(user=request.user, pk=pk)
    if case is None:
        deny_not_found(request, "查看数据权限范围外或不存在的处置案件")
    return case


def _run(request, case, action, done: str):
    """Call one service, then back to the case page; a refusal becomes the page's message (bad
    input) or the 403 page (not allowed)."""
    attempt(request, action, done=done, deny="raise")
    return redirect("response:case", case.pk)


def _refused(request, case, form, *, what: str, obj):
    """A form refused before its service ran (a bad attachment, ADR 0086): the message names the
    field, nothing is stored, and the refusal is audited like a service's (STYLE), through the
    same pieces."""

    def refuse():
        with refusals_audited(what, actor=request.user, obj=obj):
            raise form_refusal(form)

    attempt(request, refuse)
    return redirect("response:case", case.pk)


def my_tasks(request):
    if not request.user.is_bureau:
        deny(request, _("您的角色不能查看应急处置"))
    return render(
        request, "response/my_tasks.html", {"active": "response", **my_work(request.user)}
    )


CASES_SHOWN = 300  # rows on the case list; the total counts them all


def case_list(request):
    """应急处置's case list (plan S5): the cases in the user's scope, filtered by level, status and
    town, each linking its case, its alert and its enterprise."""
    if not request.user.is_bureau:
        deny(request, _("您的角色不能查看应急处置"))
    form = CaseFilterForm(request.GET or None, user=request.user)
    qs = None
    if not request.GET:
        qs = cases_search(user=request.user)
    elif form.is_valid():
        qs = cases_search(user=request.user, **form.filters())
    return render(
        request,
        "response/case_list.html",
        {
            "active": "response",
            "form": form,
            "cases": list(qs[:CASES_SHOWN]) if qs is not None else [],
            "total": qs.count() if qs is not None else None,
            "shown": CASES_SHOWN,
        },
    )


def case_detail(request, pk: int):
    case = _case(request, pk)
    user = request.user
    alert = case.alert
    tasks = list(
        case.tasks.select_related("unfinished_reason_by").prefetch_related("notes__author")
    )
    for t in tasks:
        t.can_complete = case.is_open and t.done_at is None and in_section(user, t.lead)
        t.can_note = case.is_open and (
            is_task_force(user) or any(in_section(user, c) for c in [t.lead, *t.cooperating])
        )
    steps = list(case.steps.select_related("unfinished_reason_by").prefetch_related("filings"))
    for s in steps:
        s.can_act = is_task_force(user) and (case.is_open or s.from_closure) and s.done_at is None
        s.bodies = list(zip(s.notify, s.notify_names, strict=False))
    report = getattr(case, "written_report", None)
    pending = alert.lift_requests.filter(decision=LiftRequest.Decision.PENDING).first()
    return render(
        request,
        "response/case.html",
        {
            "active": "response",
            "case": case,
            "alert": alert,
            "steps": steps,
            "tasks": tasks,
            "filings": case.filings.select_related("recorded_by"),
            "problems": case.problems.all(),
            "timeline": timeline(case),
            "report": report,
            "pending": pending,
            "lift_requests": alert.lift_requests.select_related("requested_by", "decided_by"),
            "related": alert_related_sections(user=user, alert=alert),
            "now": timezone.now(),
            "task_force": is_task_force(user),
            "can_work": can_work_on(user, case),
            "is_leader": has_role(user, "leader"),
            "can_decide": pending is not None
            and has_role(user, "leader")
            and pending.requested_by_id != user.pk,
            "next_status": [
                (s, Alert.Status(s).label)
                for s in Alert.TRANSITIONS[Alert.Status(alert.status)]
                if s != Alert.Status.LIFTED
            ],
            "can_lift": alert.status == Alert.Status.UNDER_CONTROL,
            # the level the case is at: its steps and tasks are this level's and the lower ones'
            "case_level": Alert.Level(case.level).label,
            "needs_approval": lifting_needs_approval(alert),
            "unfinished_count": len(case_unfinished_items(case))
            if alert.status == Alert.Status.UNDER_CONTROL and case.is_open
            else 0,
            "channels": FilingForm.base_fields["channel"].choices,
            "measures": measure_choices(case),
            "bodies": external_body_choices(local_day()),
            "filing_kinds": OtherFilingForm(bodies=[]).fields["kind"].choices,
        },
    )


@require_POST
def case_status(request, pk: int):
    case = _case(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("状态无效"))
        return redirect("response:case", case.pk)
    return _run(
        request,
        case,
        lambda: alert_transition(
            alert=case.alert,
            to_status=form.cleaned_data["to_status"],
            actor=request.user,
            note=form.cleaned_data["note"],
            at=timezone.now(),
        ),
        _("预警状态已更新"),
    )


def _unfinished_reasons(post) -> dict[str, str]:
    """The closing form's reason for each open item: fields named unfinished-<item key>."""
    prefix = "unfinished-"
    return {k.removeprefix(prefix): v for k, v in post.items() if k.startswith(prefix)}


def _closing_page(request, case, *, mode: str, pending=None):
    """ADR 0053: lifting (levels without approval), asking to lift (level 1) or approving a lift:
    the case's open steps and tasks, each with a link to complete it or a field for its reason."""
    alert = case.alert
    items = case_unfinished_items(case)
    typed = _unfinished_reasons(request.POST) if request.method == "POST" else {}
    return render(
        request,
        "response/lift.html",
        {
            "active": "response",
            "case": case,
            "alert": alert,
            "mode": mode,
            "pending": pending,
            "items": items,
            "rows": [(i, typed.get(i.key, "")) for i in items],
            "required": [i for i in items if i.required],
            "values": request.POST if request.method == "POST" else {},
            "now": timezone.now(),
        },
    )


def _closing(request, case, action, done: str, page):
    """Call the lifting service; a refusal shows the closing page again with the message and
    what was typed (nothing changed); a success goes to the case page."""
    if attempt(request, action, done=done, deny="raise"):
        return redirect("response:case", case.pk)
    return page()


def case_lift(request, pk: int):
    case = _case(request, pk)
    alert = case.alert
    needs_approval = lifting_needs_approval(alert)
    mode = "request" if needs_approval else "lift"
    if request.method != "POST":
        if not is_task_force(request.user) or alert.status != Alert.Status.UNDER_CONTROL:
            deny(request, _("只有工作专班成员可以解除“已控制”的预警"))
        return _closing_page(request, case, mode=mode)
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    if request.POST.get("mode") == "request":
        return _run(
            request,
            case,
            lambda: lift_request_create(
                alert=alert, actor=request.user, reason=reason, at=timezone.now()
            ),
            _("已提交解除申请，待局领导审批"),
        )
    return _closing(
        request,
        case,
        lambda: alert_lift(
            alert=alert,
            actor=request.user,
            reason=reason,
            at=timezone.now(),
            unfinished_reasons=_unfinished_reasons(request.POST),
        ),
        _("预警已解除，处置结案"),
        lambda: _closing_page(request, case, mode=mode),
    )


def case_decide(request, pk: int, request_pk: int):
    case = _case(request, pk)
    lift = case.alert.lift_requests.filter(pk=request_pk).first()
    if lift is None:
        deny_not_found(request, "不存在的解除申请")
    if request.method != "POST":
        if lift.decision != LiftRequest.Decision.PENDING:
            messages.info(request, _("该解除申请已审批"))
            return redirect("response:case", case.pk)
        if not has_role(request.user, "leader") or lift.requested_by_id == request.user.pk:
            deny(request, _("只有提出申请人以外的局领导可以审批解除预警"))
        return _closing_page(request, case, mode="decide", pending=lift)
    form = DecisionForm(request.POST)
    approve = form.data.get("approve") == "1"
    return _closing(
        request,
        case,
        lambda: lift_request_decide(
            request=lift,
            actor=request.user,
            approve=approve,
            note=form.data.get("note", ""),
            at=timezone.now(),
            unfinished_reasons=_unfinished_reasons(request.POST),
        ),
        _("已审批"),
        lambda: _closing_page(request, case, mode="decide", pending=lift),
    )


@require_POST
def step_done(request, pk: int, step_pk: int):
    case = _case(request, pk)
    step = case.steps.filter(pk=step_pk).first() or deny_not_found(request, "不存在的步骤")
    form = NoteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, case, form, what="办结步骤", obj=step)
    data = form.cleaned_data
    return _run(
        request,
        case,
        lambda: step_complete(
            step=step,
            actor=request.user,
            note=data.get("note", ""),
            attachment=data.get("attachment"),
            at=timezone.now(),
        ),
        _("步骤已办结"),
    )


@require_POST
def filing_new(request, pk: int):
    case = _case(request, pk)
    form = FilingForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, case, form, what="登记报送记录", obj=case)
    data = form.cleaned_data
    step = case.steps.filter(pk=data["step"]).first() or deny_not_found(request, "不存在的步骤")
    return _run(
        request,
        case,
        lambda: filing_record(
            step=step,
            actor=request.user,
            recipient=data["recipient"],
            channel=data["channel"],
            sent_at=data["sent_at"],
            document_title=data["document_title"],
            document=data.get("document"),
            at=timezone.now(),
        ),
        _("已登记报送记录"),
    )


def _form_errors(form) -> str:
    return "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items())


@require_POST
def measures_choose(request, pk: int):
    case = _case(request, pk)
    form = MeasuresForm(request.POST, choices=measure_choices(case))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("response:case", case.pk)
    return _run(
        request,
        case,
        lambda: case_measures_choose(
            case=case,
            measures=form.cleaned_data["measures"],
            actor=request.user,
            at=timezone.now(),
        ),
        _("已选用处置措施，相应任务已启动"),
    )


@require_POST
def filing_other(request, pk: int):
    case = _case(request, pk)
    form = OtherFilingForm(request.POST, request.FILES, bodies=external_body_choices(local_day()))
    if not form.is_valid():
        return _refused(request, case, form, what="登记报送记录", obj=case)
    data = form.cleaned_data
    problem = None
    if data.get("problem"):
        problem = case.problems.filter(pk=data["problem"]).first() or deny_not_found(
            request, "不存在的重大问题"
        )
    return _run(
        request,
        case,
        lambda: filing_record_other(
            case=case,
            actor=request.user,
            kind=data["kind"],
            recipient=data["recipient"],
            channel=data["channel"],
            sent_at=data["sent_at"],
            document_title=data["document_title"],
            document=data.get("document"),
            problem=problem,
            at=timezone.now(),
        ),
        _("已登记报送记录"),
    )


@require_POST
def task_due(request, pk: int, task_pk: int):
    case = _case(request, pk)
    task = case.tasks.filter(pk=task_pk).first() or deny_not_found(request, "不存在的任务")
    form = TaskDueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("response:case", case.pk)
    return _run(
        request,
        case,
        lambda: task_due_set(
            task=task,
            due_at=form.cleaned_data["due_at"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            at=timezone.now(),
        ),
        _("任务时限已调整"),
    )


@require_POST
def task_done(request, pk: int, task_pk: int):
    case = _case(request, pk)
    task = case.tasks.filter(pk=task_pk).first() or deny_not_found(request, "不存在的任务")
    form = TaskCompleteForm(request.POST)
    return _run(
        request,
        case,
        lambda: task_complete(
            task=task, actor=request.user, note=form.data.get("note", ""), at=timezone.now()
        ),
        _("任务已办结"),
    )


@require_POST
def task_note(request, pk: int, task_pk: int):
    case = _case(request, pk)
    task = case.tasks.filter(pk=task_pk).first() or deny_not_found(request, "不存在的任务")
    form = TaskNoteForm(request.POST, request.FILES)
    if form.errors.get("attachment"):
        return _refused(request, case, form, what="记录任务进展", obj=task)
    return _run(
        request,
        case,
        lambda: task_note_add(
            task=task,
            actor=request.user,
            text=form.data.get("text", ""),
            attachment=form.cleaned_data.get("attachment"),
            at=timezone.now(),
        ),
        _("已记录进展"),
    )


@require_POST
def problem_new(request, pk: int):
    case = _case(request, pk)
    form = ProblemForm(request.POST)
    return _run(
        request,
        case,
        lambda: problem_report(
            case=case,
            actor=request.user,
            summary=form.data.get("summary", ""),
            details=form.data.get("details", ""),
            at=timezone.now(),
        ),
        _("已报告重大问题，简要报告已生成并实时报送"),
    )


def report_edit(request, pk: int):
    case = _case(request, pk)
    report = getattr(case, "written_report", None) or deny_not_found(request, "该处置尚无书面报告")
    form = ReportForm(request.POST or None, report=report)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: written_report_update(
                report=report,
                actor=request.user,
                title=form.cleaned_data["title"],
                sections=form.sections(),
                at=timezone.now(),
            ),
            done=_("书面报告已保存"),
            deny="raise",
        )
    ):
        return redirect("response:case", case.pk)
    return render(
        request,
        "response/report_form.html",
        {
            "active": "response",
            "case": case,
            "report": report,
            "form": form,
            "editable": report.status == WrittenReport.Status.DRAFT and is_task_force(request.user),
        },
    )


@require_POST
def report_sign(request, pk: int):
    case = _case(request, pk)
    report = getattr(case, "written_report", None) or deny_not_found(request, "该处置尚无书面报告")
    return _run(
        request,
        case,
        lambda: written_report_sign(report=report, actor=request.user, at=timezone.now()),
        _("书面报告已签发"),
    )


def _docx(request, data: bytes, name: str, obj) -> HttpResponse:
    audit_record(
        action="export", actor=request.user, obj=obj, summary=f"下载 {name}", request=request
    )
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def report_docx(request, pk: int):
    case = _case(request, pk)
    report = getattr(case, "written_report", None) or deny_not_found(request, "该处置尚无书面报告")
    return _docx(request, written_report_docx(report), f"{report.title}.docx", report)


def problem_docx(request, pk: int, problem_pk: int):
    case = _case(request, pk)
    problem = case.problems.filter(pk=problem_pk).first() or deny_not_found(
        request, "不存在的重大问题"
    )
    return _docx(
        request, short_report_docx(problem), f"重大问题简要报告-{problem.pk}.docx", problem
    )


ATTACHMENTS = {
    "note": (TaskNote, "task__case", "attachment"),
    "filing": (Filing, "case", "document"),
    "step": (CaseStep, "case", "attachment"),
}


def attachment(request, pk: int, kind: str, item_pk: int):
    case = _case(request, pk)
    model, path, field = ATTACHMENTS.get(kind, (None, None, None))
    if model is None:
        deny_not_found(request, "不存在的附件")
    item = model.objects.filter(pk=item_pk, **{path: case}).first()
    file = getattr(item, field, None) if item else None
    if not file:
        deny_not_found(request, "不存在的附件")
    audit_record(
        action="export",
        actor=request.user,
        obj=item,
        summary=f"下载附件 {file.name}",
        request=request,
    )
    return file_download(file)
