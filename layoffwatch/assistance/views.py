"""Assistance pages (plan S4.2–S4.6): thin views — permission → form → one service → render."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from layoffwatch.audit.refusals import attempt
from layoffwatch.audit.services import refusal_message
from layoffwatch.core.clock import local_day
from layoffwatch.core.forms import form_refusal, search_text
from layoffwatch.core.permissions import deny, deny_not_found
from layoffwatch.core.spreadsheets import XLSX
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.reporting.models import LayoffReport

from . import services
from .forms import (
    CourseForm,
    EnterpriseVacancyForm,
    FairForm,
    MeasureForm,
    SupportPlanForm,
    UICheckForm,
    UploadForm,
    VacancyForm,
    WorkerEditForm,
    WorkerForm,
)
from .models import (
    AffectedWorker,
    Course,
    Enrolment,
    EnterpriseSupportPlan,
    Measure,
    Referral,
    SupportItem,
)
from .selectors import (
    adviser_choices,
    agency_placements,
    courses_with_counts,
    cuts_avoided,
    fair_invites_visible,
    fair_suggestions,
    fair_vacancies,
    fairs_visible_to,
    open_positions,
    support_plans_visible_to,
    vacancies_for,
    vacancies_visible_to,
    worker_outcomes,
    worker_search,
    workers_for,
    workers_visible_to,
    zero_employment_families,
)
from .spreadsheet import template_xlsx


def _bureau(request):
    if not (request.user.is_bureau or request.user.role == "agency"):
        deny(request, _("您的角色不能查看就业帮扶"))


def _render(request, template, **context):
    return render(request, f"assistance/{template}", {"active": "assistance", **context})


def worker_list(request):
    _bureau(request)
    if request.user.role == "agency":
        return redirect("assistance:agency_placements")
    q = request.GET
    workers = worker_search(
        user=request.user,
        q=search_text(q.get("q")),
        # an unknown status (only a hand-made address has one) filters nothing
        status=status if (status := q.get("status", "")) in AffectedWorker.Status.values else "",
        flag=q.get("flag", ""),
    )
    pending = LayoffReport.objects.filter(
        is_current=True,
        roster__isnull=False,
        enterprise__in=enterprise_visible_to(request.user),
    ).distinct()
    imported = set(
        workers_visible_to(request.user).exclude(report=None).values_list("report_id", flat=True)
    )
    return _render(
        request,
        "workers.html",
        workers=workers[:300],
        figures=worker_outcomes(workers),
        statuses=AffectedWorker.Status.choices,
        rosters=[r for r in pending.select_related("enterprise")[:50] if r.pk not in imported],
        avoided=cuts_avoided(user=request.user),
        q=q,
    )


def worker_new(request):
    _bureau(request)
    form = WorkerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = {}

        def create():
            made["w"] = services.worker_create(
                actor=request.user, at=timezone.now(), **form.cleaned_data
            )

        if attempt(request, create, done=_("已登记，并建立一人一策帮扶计划")):
            return redirect("assistance:worker", made["w"].pk)
    return _render(request, "form.html", form=form, title=_("登记受影响职工"))


def roster_import(request, pk: int):
    _bureau(request)
    # ADR 0082: a report of an enterprise outside the scope is "not found", like one that is not there
    report = (
        LayoffReport.objects.filter(pk=pk, enterprise__in=enterprise_visible_to(request.user))
        .select_related("enterprise")
        .first()
    )
    if request.method != "POST" or report is None:
        deny_not_found(request, "导入数据权限范围外或不存在的裁员报告名单")
    attempt(
        request,
        lambda: services.workers_from_report(report=report, actor=request.user, at=timezone.now()),
        done=_("已由裁员报告职工名单登记受影响职工"),
    )
    return redirect("assistance:workers")


def _worker_or_404(request, pk: int) -> AffectedWorker:
    worker = workers_visible_to(request.user).filter(pk=pk).first()
    if worker is None:
        deny_not_found(request, "查看数据权限范围外或不存在的受影响职工")
    return worker


def worker_detail(request, pk: int):
    _bureau(request)
    worker = _worker_or_404(request, pk)
    today = local_day()
    return _render(
        request,
        "worker.html",
        worker=worker,
        plan=worker.plan,
        measures=worker.plan.measures.all(),
        referrals=worker.referrals.select_related("vacancy__enterprise"),
        enrolments=worker.enrolments.select_related("course"),
        matches=vacancies_for(worker, user=request.user, on=today) if not worker.is_working else [],
        vacancies=vacancies_visible_to(request.user).filter(valid_until__gte=today)[:100],
        courses=courses_with_counts().filter(ends_on__gte=today)[:50],
        measure_form=MeasureForm(initial={"date": today}),
        ui_form=UICheckForm(initial={"involuntary": True}),
        outcomes=Referral.Outcome.choices[1:],
        advisers=adviser_choices(worker),
        statuses=[
            (k, v) for k, v in AffectedWorker.Status.choices if k in services.DIRECT_STATUSES
        ],
    )


# One function per action of the worker page (POST /assistance/workers/<pk>/<action>/); each
# runs one service, its refusal becomes the page's message, and the page is shown again.


def _measure_add(request, worker, now):
    form = MeasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal_message(form_refusal(form)))  # names each field
        return
    attempt(
        request,
        lambda: services.measure_add(
            plan=worker.plan, actor=request.user, at=now, **form.cleaned_data
        ),
        done=_("已记录帮扶措施"),
    )


def _measure_outcome(request, worker, now):
    p = request.POST
    measure = Measure.objects.filter(plan__worker=worker, pk=p.get("measure")).first()
    if measure is not None:
        attempt(
            request,
            lambda: services.measure_outcome_set(
                measure=measure, outcome=p.get("outcome", ""), actor=request.user, at=now
            ),
        )


def _ui_check(request, worker, now):
    form = UICheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal_message(form_refusal(form)))
    else:
        attempt(
            request,
            lambda: services.ui_check(
                worker=worker, actor=request.user, at=now, **form.cleaned_data
            ),
        )


def _vacancy_posted(request):
    """The vacancy the form names, among those the user sees (None if not one of them)."""
    return vacancies_visible_to(request.user).filter(pk=request.POST.get("vacancy") or 0).first()


def _refer(request, worker, now):
    vacancy = _vacancy_posted(request)
    if vacancy is not None:
        attempt(
            request,
            lambda: services.referral_create(
                worker=worker, vacancy=vacancy, actor=request.user, at=now
            ),
        )


def _referral_outcome(request, worker, now):
    p = request.POST
    referral = Referral.objects.filter(worker=worker, pk=p.get("referral") or 0).first()
    if referral is not None:
        attempt(
            request,
            lambda: services.referral_outcome_set(
                referral=referral, outcome=p.get("outcome", ""), actor=request.user, at=now
            ),
        )


def _place(request, worker, now):
    vacancy = _vacancy_posted(request)
    attempt(
        request,
        lambda: services.placement_record(
            worker=worker, vacancy=vacancy, actor=request.user, at=now
        ),
    )


def _status_set(request, worker, now):
    p = request.POST
    attempt(
        request,
        lambda: services.worker_status_set(
            worker=worker,
            status=p.get("status", ""),
            actor=request.user,
            at=now,
            note=p.get("note", ""),
        ),
    )


def _enrol(request, worker, now):
    course = Course.objects.filter(pk=request.POST.get("course") or 0).first()
    if course is not None:
        attempt(
            request,
            lambda: services.enrol(course=course, worker=worker, actor=request.user, at=now),
        )


def _adviser_set(request, worker, now):
    adviser = adviser_choices(worker).filter(pk=request.POST.get("adviser") or 0).first()
    if adviser is None:
        messages.error(request, _("请选择帮扶人员"))
        return
    attempt(
        request,
        lambda: services.plan_adviser_set(
            plan=worker.plan, adviser=adviser, actor=request.user, at=now
        ),
        done=_("帮扶人员已更换"),
    )


def _plan_close(request, worker, now):
    attempt(
        request,
        lambda: services.plan_close(
            plan=worker.plan, reason=request.POST.get("reason", ""), actor=request.user, at=now
        ),
    )


WORKER_ACTIONS = {
    "measure": _measure_add,
    "outcome": _measure_outcome,
    "ui": _ui_check,
    "refer": _refer,
    "referral": _referral_outcome,
    "place": _place,
    "status": _status_set,
    "enrol": _enrol,
    "adviser": _adviser_set,
    "close": _plan_close,
}


def worker_action(request, pk: int, action: str):
    """The worker page's forms post here, one action each (WORKER_ACTIONS); an unknown action
    does nothing."""
    _bureau(request)
    if request.method != "POST":
        return redirect("assistance:worker", pk)
    worker = _worker_or_404(request, pk)
    if (run := WORKER_ACTIONS.get(action)) is not None:
        run(request, worker, timezone.now())
    return redirect("assistance:worker", pk)


def worker_edit(request, pk: int):
    _bureau(request)
    worker = _worker_or_404(request, pk)
    form = WorkerEditForm.for_worker(worker, request.POST or None)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(worker)
        if not changes:
            messages.info(request, _("没有修改"))
            return redirect("assistance:worker", pk)
        if attempt(
            request,
            lambda: services.worker_update(
                worker=worker, actor=request.user, at=timezone.now(), **changes
            ),
            done=_("职工信息已修改"),
        ):
            return redirect("assistance:worker", pk)
    return _render(
        request,
        "form.html",
        form=form,
        title=_("修改受影响职工信息：%(name)s（%(id)s）")
        % {"name": worker.name, "id": worker.masked_id},
    )


def families(request):
    _bureau(request)
    return _render(request, "families.html", families=zero_employment_families(user=request.user))


# ------------------------------------------------------------------ vacancies and matching


def vacancy_list(request):
    _bureau(request)
    form = VacancyForm(request.POST or None, prefix="v")
    upload = UploadForm(prefix="u")
    if request.method == "POST" and "u-file" in request.FILES:
        upload = UploadForm(request.POST, request.FILES, prefix="u")
        if upload.is_valid() and attempt(
            request,
            lambda: services.vacancies_import(
                data=upload.cleaned_data["file"].read(), actor=request.user, at=timezone.now()
            ),
            done=_("用工需求已导入"),
        ):
            return redirect("assistance:vacancies")
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        enterprise = data.pop("enterprise_uscc")
        if attempt(
            request,
            lambda: services.vacancy_create(
                enterprise=enterprise, actor=request.user, at=timezone.now(), **data
            ),
            done=_("用工需求已发布"),
        ):
            return redirect("assistance:vacancies")
    rows = [
        (v, open_positions(v))
        for v in vacancies_visible_to(request.user).filter(valid_until__gte=local_day())[:300]
    ]
    return _render(request, "vacancies.html", rows=rows, form=form, upload=upload)


def vacancy_template(request):
    _bureau(request)
    response = HttpResponse(template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "用工需求导入模板.xlsx")
    return response


def vacancy_detail(request, pk: int):
    _bureau(request)
    vacancy = vacancies_visible_to(request.user).filter(pk=pk).first()
    if vacancy is None:
        deny_not_found(request, "查看不存在的用工需求")
    return _render(
        request,
        "vacancy.html",
        vacancy=vacancy,
        open=open_positions(vacancy),
        matches=workers_for(vacancy, user=request.user, on=local_day()),
        referrals=vacancy.referrals.filter(worker__in=workers_visible_to(request.user)),
    )


# ------------------------------------------------------------------ training


def course_list(request):
    _bureau(request)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["enterprise"] = data.pop("enterprise_uscc")
        if attempt(
            request,
            lambda: services.course_create(actor=request.user, at=timezone.now(), **data),
            done=_("培训课程已新建"),
        ):
            return redirect("assistance:courses")
    return _render(request, "courses.html", courses=courses_with_counts()[:200], form=form)


def course_detail(request, pk: int):
    _bureau(request)
    course = courses_with_counts().filter(pk=pk).first()
    if course is None:
        deny_not_found(request, "查看不存在的培训课程")
    if request.method == "POST":
        enrolment = Enrolment.objects.filter(course=course, pk=request.POST.get("enrolment") or 0)
        enrolment = enrolment.first()
        if enrolment is not None:
            attempt(
                request,
                lambda: services.enrolment_complete(
                    enrolment=enrolment,
                    actor=request.user,
                    at=timezone.now(),
                    completed=request.POST.get("completed") == "1",
                    certificate=request.POST.get("certificate", ""),
                ),
            )
        return redirect("assistance:course", pk)
    enrolments = course.enrolments.filter(worker__in=workers_visible_to(request.user))
    return _render(
        request, "course.html", course=course, enrolments=enrolments.select_related("worker")
    )


# ------------------------------------------------------------------ 一企一策


def support_list(request):
    _bureau(request)
    form = SupportPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = {}

        def create():
            made["p"] = services.support_plan_create(
                enterprise=form.cleaned_data["enterprise"],
                planned_cut=form.cleaned_data["planned_cut"],
                actor=request.user,
                at=timezone.now(),
            )

        if attempt(request, create):
            return redirect("assistance:support_plan", made["p"].pk)
    return _render(
        request,
        "support_list.html",
        plans=support_plans_visible_to(request.user)[:200],
        form=form,
        avoided=cuts_avoided(user=request.user),
    )


def _int_posted(request, name: str) -> int | None:
    try:
        return int(request.POST.get(name))
    except (TypeError, ValueError):
        return None


def _support_item_add(request, plan, now):
    p = request.POST
    attempt(
        request,
        lambda: services.support_item_add(
            plan=plan,
            kind=p.get("kind", ""),
            amount=p.get("amount"),
            actor=request.user,
            at=now,
            insured_at_start=_int_posted(request, "insured_at_start"),
            insured_at_end=_int_posted(request, "insured_at_end"),
        ),
    )


def _support_plan_decide(request, plan, now):
    p = request.POST
    attempt(
        request,
        lambda: services.support_plan_decide(
            plan=plan,
            accepted=p.get("accepted") == "1",
            final_cut=_int_posted(request, "final_cut"),
            note=p.get("note", ""),
            actor=request.user,
            at=now,
        ),
    )


SUPPORT_ACTIONS = {"item": _support_item_add, "decide": _support_plan_decide}


def support_detail(request, pk: int):
    _bureau(request)
    plan = support_plans_visible_to(request.user).filter(pk=pk).first()
    if plan is None:
        deny_not_found(request, "查看数据权限范围外或不存在的稳岗方案")
    if request.method == "POST" and (run := SUPPORT_ACTIONS.get(request.POST.get("action"))):
        run(request, plan, timezone.now())
        return redirect("assistance:support_plan", pk)
    return _render(
        request,
        "support.html",
        plan=plan,
        items=plan.items.all(),
        kinds=SupportItem.Kind.choices,
        draft=plan.status == EnterpriseSupportPlan.Status.DRAFT,
    )


def agency_placement_list(request):
    _bureau(request)
    return _render(request, "agency_placements.html", rows=agency_placements(user=request.user))


# ------------------------------------------------------------------ job fairs (S4.3)


def fair_list(request):
    _bureau(request)
    if request.user.role == "agency":
        deny(request, _("您的角色不能查看招聘活动"))
    form = FairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = {}

        def create():
            made["f"] = services.fair_create(
                actor=request.user, at=timezone.now(), **form.cleaned_data
            )

        if attempt(request, create, done=_("招聘活动已创建，请邀请企业和求职者")):
            return redirect("assistance:fair", made["f"].pk)
    return _render(request, "fairs.html", fairs=fairs_visible_to(request.user)[:200], form=form)


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def _fair_invite(request, fair, now):
    user, p = request.user, request.POST
    enterprises = list(enterprise_visible_to(user).filter(pk__in=_ids(p.getlist("enterprise"))))
    workers = list(workers_visible_to(user).filter(pk__in=_ids(p.getlist("worker"))))
    if not enterprises and not workers:
        messages.error(request, _("请勾选要邀请的企业或求职者"))
        return
    attempt(
        request,
        lambda: services.fair_invite(
            fair=fair, actor=user, at=now, enterprises=enterprises, workers=workers
        ),
        done=_("已发出邀请"),
    )


def _fair_result(request, fair, now):
    user, p = request.user, request.POST
    invite = fair_invites_visible(fair, user=user).filter(pk=p.get("invite") or 0).first()
    if invite is None:
        deny_not_found(request, "登记不存在的招聘活动邀请")
    vacancy = fair_vacancies(fair, user=user, on=local_day()).filter(pk=p.get("vacancy") or 0)
    try:
        offers = int(p.get("offers") or 0)
    except ValueError:
        offers = -1
    attempt(
        request,
        lambda: services.fair_result(
            invite=invite,
            actor=user,
            at=now,
            attended=p.get("attended") == "1",
            offers=offers,
            placed=p.get("placed") == "1",
            placed_vacancy=vacancy.first(),
        ),
        done=_("已登记"),
    )


FAIR_ACTIONS = {"invite": _fair_invite, "result": _fair_result}


def fair_detail(request, pk: int):
    _bureau(request)
    fair = fairs_visible_to(request.user).filter(pk=pk).first()
    if fair is None:
        deny_not_found(request, "查看不存在的招聘活动")
    if request.method == "POST" and (run := FAIR_ACTIONS.get(request.POST.get("action"))):
        run(request, fair, timezone.now())
        return redirect("assistance:fair", pk)
    invites = list(fair_invites_visible(fair, user=request.user))
    suggestions = fair_suggestions(fair, user=request.user, on=local_day())
    return _render(
        request,
        "fair.html",
        fair=fair,
        firms=[i for i in invites if i.enterprise_id],
        people=[i for i in invites if i.worker_id],
        suggestions=suggestions,
        vacancies=suggestions["vacancies"],
        totals={
            "attended": sum(1 for i in invites if i.attended),
            "offers": sum(i.offers for i in invites),
            "placed": sum(1 for i in invites if i.placed),
        },
    )


# ------------------------------------------------------------------ an enterprise's own vacancies


def my_vacancies(request):
    """plan S4.2: an enterprise account posts its vacancies (用工需求) for its own enterprise."""
    user = request.user
    if user.role != "enterprise" or not user.enterprise_id:
        deny(request, _("只有企业账号可以在此发布本企业的用工需求"))
    enterprise = user.enterprise
    form = EnterpriseVacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            lambda: services.vacancy_create(
                enterprise=enterprise, actor=user, at=timezone.now(), **form.cleaned_data
            ),
            done=_("用工需求已发布"),
        ):
            return redirect("assistance:my_vacancies")
    rows = [
        (v, open_positions(v)) for v in vacancies_visible_to(user).filter(enterprise=enterprise)
    ][:200]
    return render(
        request,
        "assistance/my_vacancies.html",
        {"active": "my_vacancies", "rows": rows, "form": form, "enterprise": enterprise},
    )
