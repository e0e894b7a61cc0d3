"""The feed import page (plan S3.1.3; ADR 0097): upload a file of one month or several, follow
its import on the queue, confirm (or cancel) replacing months the lake already holds."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layoffwatch.audit.refusals import attempt
from layoffwatch.core.permissions import deny, deny_not_found

from .forms import UploadForm
from .selectors import import_runs
from .services.feed_uploads import (
    feed_upload_cancel,
    feed_upload_confirm,
    feed_upload_stage,
    feed_upload_state,
)


def _district_staff(request) -> None:
    if not request.user.is_district_wide:
        deny(request, _("只有区级工作人员可以导入比对数据"))


def _follow(token: str):
    return redirect(f"{reverse('monitoring:imports')}?job={token}")


def import_page(request):
    """The upload form, the job being followed (?job=…) and the import history."""
    _district_staff(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = feed_upload_stage(
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            period=form.cleaned_data["period"] or None,
            actor=request.user,
        )
        return _follow(token)
    job = feed_upload_state(request.GET.get("job", ""), request.user)
    return render(
        request,
        "monitoring/imports.html",
        {
            "active": "monitoring",
            "form": form,
            "job": job,
            "job_gone": bool(request.GET.get("job")) and job is None,
            "runs": import_runs(request.user)[:50],
        },
    )


def import_job(request, token: str):
    """The job's panel alone, which the page asks for every second while the job runs; once it
    has ended, the page reloads whole (its history then lists the new runs)."""
    _district_staff(request)
    job = feed_upload_state(token, request.user)
    if job is None:
        deny_not_found(request, "查看不存在或他人的数据导入")
    response = render(request, "monitoring/_import_job.html", {"job": job})
    if request.headers.get("HX-Request") and not job["waiting"]:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def import_job_confirm(request, token: str):
    _district_staff(request)
    attempt(request, lambda: feed_upload_confirm(token=token, actor=request.user))
    return _follow(token)


@require_POST
def import_job_cancel(request, token: str):
    _district_staff(request)
    if attempt(
        request,
        lambda: feed_upload_cancel(token=token, actor=request.user),
        done=_("已取消导入，数据湖未改变"),
    ):
        return redirect("monitoring:imports")
    return _follow(token)
