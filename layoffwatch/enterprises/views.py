"""Registry pages. Thin: permission → form → one service (or selector) → render."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from layoffwatch.core.clock import local_datetime
from layoffwatch.core.permissions import deny, deny_not_found
from layoffwatch.core.pii import mask_phone
from layoffwatch.core.spreadsheets import XLSX
from layoffwatch.reference.models import Town

from . import hooks, spreadsheet
from .forms import EnterpriseForm, EnterpriseSearchForm, ImportForm
from .importing import ImportRejected
from .selectors import (
    enterprise_dispatches,
    enterprise_editable_by,
    enterprise_exists,
    enterprise_get,
    enterprise_headcounts,
    enterprise_history,
    enterprise_search,
    registry_headcount,
)
from .services import enterprise_create, enterprise_export, enterprise_import, enterprise_update

PER_PAGE = 50
ERRORS_SHOWN = 500


def _searched(request):
    form = EnterpriseSearchForm(request.GET or None)
    if not request.GET:
        return form, enterprise_search(user=request.user), {}
    if not form.is_valid():
        return form, None, {}
    filters = form.filters()
    return form, enterprise_search(user=request.user, **filters), filters


def _xlsx(data: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.xlsx")
    return response


def enterprise_list(request):
    form, qs, _filters = _searched(request)
    page = Paginator(qs if qs is not None else [], PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_edit": request.user.can_edit_registry,
            "can_export": request.user.is_bureau,
            "active": "enterprises",
        },
    )


def enterprise_export_view(request):
    # Exports are for back-office staff (ADR 0020); agencies and reporters see but do not export.
    if not request.user.is_bureau:
        deny(request, _("您的角色不能导出企业名录"))
    form, qs, filters = _searched(request)
    if qs is None:
        messages.error(request, _("筛选条件有误，未导出。请修正后再导出。"))
        return redirect(f"{reverse('enterprises:list')}?{request.GET.urlencode()}")
    data = enterprise_export(actor=request.user, enterprises=qs, filters=filters, request=request)
    return _xlsx(data, f"企业名录-{local_datetime():%Y%m%d-%H%M}")


def _not_found(request, uscc: str):
    """404 either way; an existing enterprise outside the user's scope is also audited (ADR 0002)."""
    if enterprise_exists(uscc=uscc):
        deny_not_found(request, f"越权访问企业 {uscc}（不在数据权限范围内）")
    raise Http404


def enterprise_detail(request, uscc: str):
    enterprise = enterprise_get(user=request.user, uscc=uscc)
    if enterprise is None:
        _not_found(request, uscc)
    user = request.user
    phone = enterprise.contact_phone if user.is_bureau else mask_phone(enterprise.contact_phone)
    return render(
        request,
        "enterprises/detail.html",
        {
            "enterprise": enterprise,
            "contact_phone": phone,
            "dispatches": enterprise_dispatches(user=user, enterprise=enterprise),
            "headcounts": enterprise_headcounts(enterprise=enterprise),
            "registry_headcount": registry_headcount(enterprise),
            "history": enterprise_history(user=user, enterprise=enterprise),
            "show_history": user.is_bureau,
            "can_edit": enterprise_editable_by(user).filter(pk=enterprise.pk).exists(),
            # its reports, alerts, signals, cases, plans and disputes the viewer may see (hooks)
            "related": [
                section
                for handler in hooks.enterprise_related.handlers
                for section in handler(user=user, enterprise=enterprise)
            ],
            "active": "enterprises",
        },
    )


def _form_page(request, form, enterprise=None, status=200):
    return render(
        request,
        "enterprises/form.html",
        {"form": form, "enterprise": enterprise, "active": "enterprises"},
        status=status,
    )


def _save(request, form, save):
    """Run the service; its refusals become 403 (audited by the service, ADR 0082) and its
    validation errors form errors."""
    try:
        return save(**form.service_fields())
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return None


def enterprise_new(request):
    if not request.user.can_edit_registry:
        deny(request, _("您的角色不能新增企业"))
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        enterprise = _save(request, form, lambda **f: enterprise_create(actor=request.user, **f))
        if enterprise is not None:
            messages.success(request, _("已新增企业：%(name)s") % {"name": enterprise.name})
            return redirect("enterprises:detail", uscc=enterprise.uscc)
    return _form_page(request, form, status=400 if request.method == "POST" else 200)


def enterprise_edit(request, uscc: str):
    enterprise = enterprise_get(user=request.user, uscc=uscc)
    if enterprise is None:
        _not_found(request, uscc)  # out of scope looks exactly like missing
    if not enterprise_editable_by(request.user).filter(pk=enterprise.pk).exists():
        deny(request, _("您的角色不能修改企业名录"))
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        # why re-read: ModelForm validation already wrote the posted values onto `enterprise`;
        # the service must see the stored record to audit the true before/after.
        stored = enterprise_get(user=request.user, uscc=uscc)
        saved = _save(
            request, form, lambda **f: enterprise_update(actor=request.user, enterprise=stored, **f)
        )
        if saved is not None:
            messages.success(request, _("已保存修改：%(name)s") % {"name": saved.name})
            return redirect("enterprises:detail", uscc=saved.uscc)
    return _form_page(request, form, enterprise, status=400 if request.method == "POST" else 200)


def enterprise_import_view(request):
    if not request.user.can_edit_registry:
        deny(request, _("您的角色不能导入企业名录"))
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "active": "enterprises",
        "max_mb": settings.IMPORT_MAX_BYTES // 1048576,
    }
    if request.method != "POST":
        return render(request, "enterprises/import.html", context)
    upload = request.FILES.get("file")
    filename = upload.name if upload else ""
    # why read at most one byte over the limit: the service only needs to know the file is too big.
    data = upload.read(settings.IMPORT_MAX_BYTES + 1) if upload else b""
    try:
        plan = enterprise_import(
            actor=request.user, data=data, filename=filename or "（未选择文件）", request=request
        )
    except ImportRejected as exc:
        context.update(
            problems=exc.problems[:ERRORS_SHOWN], problem_count=len(exc.problems), filename=filename
        )
        return render(request, "enterprises/import.html", context, status=400)
    messages.success(
        request,
        _("导入完成（%(file)s）：新增 %(c)s 家，更新 %(u)s 家，未变 %(n)s 家。")
        % {"file": filename, "c": len(plan.creates), "u": len(plan.updates), "n": plan.unchanged},
    )
    return redirect("enterprises:list")


def import_template(request):
    return _xlsx(spreadsheet.template_xlsx(towns=Town.objects.all()), "企业名录导入模板")
