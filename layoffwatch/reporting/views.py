"""Pages of direct reporting. Thin: permission → form → one service → render."""

import io
import ipaddress
from urllib.parse import urlencode, urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layoffwatch.accounts.roles import Role
from layoffwatch.audit.refusals import attempt
from layoffwatch.audit.services import audit_record, audit_refusal
from layoffwatch.core.client import client_address
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.core.forms import search_text
from layoffwatch.core.permissions import deny, deny_not_found, require
from layoffwatch.core.pii import mask_id_number, mask_phone
from layoffwatch.core.spreadsheets import XLSX
from layoffwatch.core.uploads import file_download, upload_refusal
from layoffwatch.enterprises.importing import ImportRejected
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_get
from layoffwatch.policy.selectors import policy_in_force, reporting_limits

from .bulk import template_xlsx as bulk_template_xlsx
from .forms import (
    FindingResolveForm,
    LayoffForm,
    MonthlyForm,
    StaffLayoffForm,
    StaffMonthlyForm,
    WithdrawForm,
    receipt_figures,
)
from .models import Channel, LayoffReport, MonthlyReport, correction_code_matches
from .nonces import form_nonce_issue, form_nonce_read, form_nonce_use
from .roster import template_xlsx as roster_template_xlsx
from .selectors import (
    due_date,
    findings_visible_to,
    layoff_report_of,
    layoff_reports_visible_to,
    monthly_reports_visible_to,
    overdue_enterprises,
    overdue_summary,
    own_report_link,
    period_before,
    period_due,
    planned_cuts,
    qr_link_active,
    qr_link_current,
    receipt_next_steps,
    report_by_receipt,
    report_search,
    report_versions,
)
from .services import (
    finding_resolve,
    layoff_report_submit,
    layoff_report_withdraw,
    layoff_reports_export,
    may_bulk_upload,
    monthly_report_submit,
    monthly_reports_bulk_submit,
    qr_link_create,
    qr_link_revoke,
)

STAFF_ROLES = {"admin", "section_staff", "town_liaison"}
REPORTS_PER_PAGE = 50
# Receipts this browser sent through a public form, kept in its session: only they show their
# figures (a QR link on a notice board and a guessable receipt number must not, ADR 0049/0056).
SENT_RECEIPTS = "lw_sent_receipts"
SENT_RECEIPTS_KEPT = 20


def _is_staff(user) -> bool:
    return user.is_superuser or user.role in STAFF_ROLES


def _list_filters(request) -> dict:
    """The report list's filters from the query: text, channel, the month submitted (Tongnan's)
    and "only what counts" (the cockpit's reported cuts link here: dashboard.cockpit, ADR 0098);
    a channel or month that is not one is ignored."""
    channel = request.GET.get("channel", "")
    month = request.GET.get("month", "")
    return {
        "q": search_text(request.GET.get("q")),
        "channel": channel if channel in Channel.values else "",
        "month": month if period_due(month) else "",
        "counted": request.GET.get("counted") == "on",
    }


def _searched(reports, f: dict):
    return report_search(
        reports,
        q=f["q"],
        channel=f["channel"],
        month_from=f["month"],
        month_to=f["month"],
        counted=f["counted"],
    ).order_by("-submitted_at", "-pk")


def report_list(request):
    f = _list_filters(request)
    q, channel, month, counted = f["q"], f["channel"], f["month"], f["counted"]
    pages, cuts = {}, None
    for name, reports in (
        ("layoffs", layoff_reports_visible_to(request.user)),
        ("monthly", monthly_reports_visible_to(request.user)),
    ):
        found = _searched(reports, f)
        if name == "layoffs" and counted:
            cuts = planned_cuts(found)
        pages[name] = Paginator(found, REPORTS_PER_PAGE).get_page(request.GET.get(f"{name}_page"))
    query = request.GET.copy()
    for name in pages:
        query.pop(f"{name}_page", None)
    own_link = own_report_link(request.user)
    return render(
        request,
        "reporting/list.html",
        {
            "active": "reporting",
            "layoffs": pages["layoffs"],
            "monthly": pages["monthly"],
            "q": q,
            "channel": channel,
            "channels": Channel.choices,
            "month": month,
            "counted": counted,
            "cuts": cuts,
            "query": query.urlencode(),
            # the export takes the list's filters, not its page numbers
            "filters_query": urlencode(
                {k: v for k, v in f.items() if k != "counted" and v}
                | ({"counted": "on"} if counted else {})
            ),
            "own_link": own_link,
            "threshold": _threshold() if own_link else None,
            "can_enter": _is_staff(request.user),
            "can_bulk": may_bulk_upload(request.user),
            "can_follow_up": _may_follow_up(request.user),
            "open_findings": findings_visible_to(request.user).filter(status="open").count()
            if _may_follow_up(request.user)
            else 0,
        },
    )


def report_export(request):
    """The layoff reports the list shows with the same filters, as XLSX (staff, in their scope)."""
    if not _is_staff(request.user):
        deny(request, _("您的角色不能导出裁员报告清单"))
    f = _list_filters(request)
    data = layoff_reports_export(
        actor=request.user,
        reports=_searched(layoff_reports_visible_to(request.user), f),
        filters=f,
        request=request,
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"裁员报告清单-{local_datetime():%Y%m%d-%H%M}.xlsx"
    )
    return response


@require(_is_staff, "无权录入电话或书面报告")
def report_new(request, kind: str = "layoff"):
    monthly = kind == "monthly"
    form_class = StaffMonthlyForm if monthly else StaffLayoffForm
    initial = {}
    if not monthly and request.method == "GET" and request.GET.get("corrects"):
        # "更正此报告" on a report's page: start from that report (found within the user's scope)
        earlier = report_by_receipt(user=request.user, receipt_no=request.GET["corrects"])
        if isinstance(earlier, LayoffReport) and earlier.is_current and not earlier.withdrawn:
            initial = form_class.initial_from(earlier) | {
                "enterprise_uscc": earlier.enterprise.uscc
            }
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and not form.is_valid() and (refused := upload_refusal(form)):
        audit_refusal(what="上传附件", exc=refused, actor=request.user)  # ADR 0086
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["enterprise_uscc"]
        # ADR 0082: a code outside the scope or unknown goes to the service alike (an unsaved
        # enterprise for the latter), which refuses both in the same words and audits them
        enterprise = enterprise_get(user=request.user, uscc=code) or Enterprise(uscc=code)
        data = form.report_data() | {"source_note": form.cleaned_data["source_note"]}
        submit = monthly_report_submit if monthly else layoff_report_submit
        try:
            submitted = submit(
                enterprise=enterprise,
                data=data,
                channel=form.cleaned_data["channel"],
                actor=request.user,
                at=timezone.now(),
                attachment=form.cleaned_data.get("attachment"),
                request=request,
                **form.service_files(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc.message_dict)
        else:
            messages.success(request, _("已登记，回执编号 %(no)s") % {"no": submitted.receipt_no})
            return redirect("reporting:detail", submitted.receipt_no)
    return render(
        request,
        "reporting/new.html",
        {"active": "reporting", "form": form, "monthly": monthly},
    )


def _correctable(report) -> bool:
    return isinstance(report, LayoffReport) and report.is_current and not report.withdrawn


def _correct_url(user, report) -> str:
    """Where this user corrects this layoff report: staff on the entry page, the enterprise's own
    reporter on its QR form; "" when the report cannot be corrected or not by this user."""
    if not _correctable(report):
        return ""
    if _is_staff(user):
        return f"{reverse('reporting:new')}?corrects={report.receipt_no}"
    link = own_report_link(user)
    if link is not None and link.enterprise_id == report.enterprise_id:
        return f"{reverse('public_report:form', args=[link.token])}?corrects={report.receipt_no}"
    return ""


def report_detail(request, receipt_no: str):
    report = report_by_receipt(user=request.user, receipt_no=receipt_no)
    if report is None:
        deny_not_found(request, "查看数据权限范围外或不存在的报告")
    return render(
        request,
        "reporting/detail.html",
        {
            "active": "reporting",
            "report": report,
            "is_layoff": isinstance(report, LayoffReport),
            "versions": report_versions(report),
            "next_steps": receipt_next_steps(report),
            "figures": [] if isinstance(report, LayoffReport) else receipt_figures(report),
            "roster": [
                {
                    "name": w.name,
                    "id_number": mask_id_number(w.id_number),
                    "phone": mask_phone(w.phone),
                    "intention": w.get_intention_display(),
                }
                for w in report.roster.all()
            ]
            if isinstance(report, LayoffReport)
            else [],
            "can_withdraw": _is_staff(request.user) and _correctable(report),
            "correct_url": _correct_url(request.user, report),
            "withdraw_form": WithdrawForm(),
        },
    )


@require_POST
@require(_is_staff, "无权撤回报告")
def report_withdraw(request, receipt_no: str):
    report = report_by_receipt(user=request.user, receipt_no=receipt_no)
    if not isinstance(report, LayoffReport):
        deny_not_found(request, "撤回数据权限范围外或不存在的报告")
    form = WithdrawForm(request.POST)

    def withdraw() -> None:
        if not form.is_valid():
            raise ValidationError({"reason": _("请填写撤回原因")})
        layoff_report_withdraw(
            report=report, actor=request.user, reason=form.cleaned_data["reason"], at=timezone.now()
        )

    # a PermissionDenied of the service is audited there (ADR 0082) and answered 403
    attempt(request, withdraw, done=_("报告已撤回"), deny="raise")
    return redirect("reporting:detail", report.receipt_no)


def report_file(request, receipt_no: str, which: str):
    """The scanned document or the resettlement plan of a report the user may see."""
    report = report_by_receipt(user=request.user, receipt_no=receipt_no)
    if report is None:
        deny_not_found(request, "下载数据权限范围外或不存在的报告附件")
    f = report.attachment if which == "scan" else getattr(report, "resettlement_file", None)
    if not f:
        raise Http404(_("没有该附件"))
    audit_record(
        action="export",
        actor=request.user,
        obj=report,
        summary=f"下载报告 {report.receipt_no} 的{'扫描件' if which == 'scan' else '职工安置方案'}",
        request=request,
    )
    return file_download(f)


# ------------------------------------------------------------------ QR codes (staff)


def _qr_enterprise(request, uscc):
    if not _is_staff(request.user):
        deny(request, "无权管理填报二维码")
    enterprise = enterprise_get(user=request.user, uscc=uscc)
    if enterprise is None:
        deny_not_found(request, "数据权限范围外或不存在的企业")
    return enterprise


def _public_url(request, link) -> str:
    """The address the QR code encodes: settings.PUBLIC_BASE_URL (LAYOFFWATCH_PUBLIC_BASE_URL,
    docs/deploy.md), else the address this page was asked on."""
    path = reverse("public_report:form", args=[link.token])
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL + path
    return request.build_absolute_uri(path)


def _is_loopback(url: str) -> bool:
    """127.0.0.1, ::1 or localhost: an address only this machine opens, not a phone."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def qr_page(request, uscc: str):
    enterprise = _qr_enterprise(request, uscc)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            qr_link_revoke(enterprise=enterprise, actor=request.user, at=timezone.now())
            messages.success(request, _("二维码已作废，旧二维码不能再填报"))
        else:
            # a rotation when a link works now: the old token stops working at once (ADR 0083)
            qr_link_create(enterprise=enterprise, actor=request.user, at=timezone.now())
            messages.success(request, _("已生成新的填报二维码"))
        return redirect("reporting:qr", enterprise.uscc)
    link = qr_link_current(enterprise.pk)
    url = _public_url(request, link) if link else ""
    return render(
        request,
        "reporting/qr.html",
        {
            "active": "reporting",
            "enterprise": enterprise,
            "link": link,
            "url": url,
            "loopback": _is_loopback(url) if url else False,
            "expires_on": local_day(link.expires_at) if link and link.expires_at else None,
        },
    )


def qr_image(request, uscc: str, kind: str):
    enterprise = _qr_enterprise(request, uscc)
    link = qr_link_current(enterprise.pk)
    if link is None:
        raise Http404(_("尚未生成二维码"))
    qr = segno.make(_public_url(request, link), error="m")
    out = io.BytesIO()
    if kind == "svg":
        qr.save(out, kind="svg", scale=6, border=4, title=f"{enterprise.name} 扫码填报")
        content_type = "image/svg+xml"
    else:
        qr.save(out, kind="png", scale=10, border=4)
        content_type = "image/png"
    response = HttpResponse(out.getvalue(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{enterprise.name}-扫码填报.{kind}"
    )
    return response


def qr_notice(request, uscc: str):
    """A printable A4 notice (扫码填报告知书) with the enterprise's QR code, for its notice board."""
    enterprise = _qr_enterprise(request, uscc)
    link = qr_link_current(enterprise.pk)
    if link is None:
        messages.error(request, _("请先生成二维码"))
        return redirect("reporting:qr", enterprise.uscc)
    url = _public_url(request, link)
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2)
    return render(
        request,
        "reporting/qr_notice.html",
        {
            "enterprise": enterprise,
            "qr_svg": svg,
            "url": url,
            "threshold": _threshold(),
            "due_day": reporting_limits(local_day()).monthly_due_day,
            "today": local_day(),
            "expires_on": local_day(link.expires_at) if link.expires_at else None,
            "loopback": _is_loopback(url),
            "bureau_phone": settings.BUREAU_PHONE,
        },
    )


# ------------------------------------------------------------------ public QR form (no account)


def _rate_limited(request, token: str) -> bool:
    """At most `public_form.max_posts` posts per client and link in `public_form.window_minutes`
    (policy reporting.yaml, ADR 0040, 0092)."""
    limits = reporting_limits(local_day())
    # the client's address as the login lockout reads it (behind the TLS proxy: the address the
    # proxy saw, not the proxy's own — else every phone would share one count)
    key = f"lw:qr-rate:{client_address(request) or '-'}:{token[:16]}"
    cache.add(key, 0, limits.public_form_window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, limits.public_form_window_seconds)
        count = 1
    return count > limits.public_form_max_posts


def _public_actor(request, link):
    """Who submits through the QR form: the logged-in 企业填报员 of the link's own enterprise (who
    came from 监测直报) is recorded as the submitter; anyone else stays anonymous."""
    user = request.user
    if (
        user.is_authenticated
        and user.role == Role.ENTERPRISE
        and user.enterprise_id == link.enterprise_id
    ):
        return user
    return None


def _public_render(request, template: str, context: dict | None = None, status: int = 200):
    """A public QR page (form, receipt, refusal). The anonymous scanner gets the light page; a
    logged-in user (the 企业填报员 sent here from 监测直报) gets it inside the app's top bar and menu,
    with 监测直报 marked, so the way back to the workbench stays in reach (plan S3.1.1)."""
    chrome = {
        "public_base": (
            "reporting/public_in_app.html"
            if request.user.is_authenticated
            else "reporting/public_base.html"
        ),
        "active": "reporting",
    }
    return render(request, template, chrome | (context or {}), status=status)


def _link_gone(request, link):
    """The page for a revoked or unknown link (404) or an expired one (410, ADR 0083), else None."""
    if link is None:
        return _public_render(request, "reporting/public_gone.html", status=404)
    if link.expired(timezone.now()):
        return _public_render(
            request, "reporting/public_gone.html", {"expired_on": link.expires_at}, status=410
        )
    return None


def _public_initial(request, link, form_class, *, monthly: bool) -> dict:
    """The receipt's "更正本报告": the number only — the public form shows no earlier content,
    except to the enterprise's own logged-in reporter; the browser that sent the report also gets
    its correction code filled in (ADR 0083)."""
    if monthly or request.method != "GET" or not request.GET.get("corrects"):
        return {}
    earlier = layoff_report_of(link.enterprise, request.GET["corrects"])
    if earlier is None or not earlier.is_current or earlier.withdrawn:
        return {}
    own = _public_actor(request, link) is not None
    initial = form_class.initial_from(earlier) if own else {"corrects": earlier.receipt_no}
    if not own and earlier.receipt_no in request.session.get(SENT_RECEIPTS, []):
        initial["correction_code"] = earlier.correction_code
    return initial


def _public_send(request, token: str, link, form, *, monthly: bool):
    """Send the public form once: the redirect to its receipt, or None when the page shows the
    form again with its errors. ADR 0086: the nonce is signed, not stored when the form is shown;
    a sent report records it, so a replay or a double tap shows the first receipt instead of a
    second report."""
    nonce = form_nonce_read(link=link, signed=request.POST.get("nonce", ""))
    if nonce is None:
        messages.error(request, _("表单已过期或无效，请核对后重新提交"))
        return None
    errors = None
    with transaction.atomic():
        used, earlier = form_nonce_use(
            link=link, value=nonce[0], issued_at=nonce[1], at=timezone.now()
        )
        if earlier is not None:
            return redirect("public_report:receipt", token, earlier.receipt_no)
        if form.is_valid():
            submit = monthly_report_submit if monthly else layoff_report_submit
            try:
                submitted = submit(
                    enterprise=link.enterprise,
                    data=form.report_data(),
                    channel=Channel.QR,
                    actor=_public_actor(request, link),
                    at=timezone.now(),
                    request=request,
                    **form.service_files(),
                )
            except ValidationError as exc:
                # caught inside the block: the "rejected" audit entry commits, the report
                # (its own savepoint) is rolled back; the nonce stays free to resend.
                errors = exc.message_dict
                used.delete()
            else:
                used.receipt_no = submitted.receipt_no
                used.save(update_fields=["receipt_no"])
                sent = request.session.get(SENT_RECEIPTS, [])
                request.session[SENT_RECEIPTS] = [*sent, submitted.receipt_no][-SENT_RECEIPTS_KEPT:]
                return redirect("public_report:receipt", token, submitted.receipt_no)
        else:
            used.delete()
            if refused := upload_refusal(form):
                audit_refusal(
                    what="上传附件",
                    exc=refused,
                    actor=_public_actor(request, link),
                    actor_label="扫码填报",
                )
    if errors:
        form.add_service_errors(errors)
    return None


def _public_page(request, token: str, *, monthly: bool):
    link = qr_link_active(token)
    if (gone := _link_gone(request, link)) is not None:
        return gone
    form_class = MonthlyForm if monthly else LayoffForm
    initial = _public_initial(request, link, form_class, monthly=monthly)
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if _rate_limited(request, token):
            return _public_render(
                request, "reporting/public_gone.html", {"rate_limited": True}, status=429
            )
        if (sent := _public_send(request, token, link, form, monthly=monthly)) is not None:
            return sent
    return _public_render(
        request,
        "reporting/public_monthly.html" if monthly else "reporting/public_form.html",
        {
            "link": link,
            "enterprise": link.enterprise,
            "form": form,
            "nonce": form_nonce_issue(link=link),
            "threshold": _threshold(),
        },
    )


def public_form(request, token: str):
    return _public_page(request, token, monthly=False)


def public_monthly(request, token: str):
    return _public_page(request, token, monthly=True)


def public_receipt(request, token: str, receipt_no: str):
    """A receipt seen through the QR link: by the browser that sent it, the enterprise's own
    logged-in reporter, or whoever gives its correction code (ADR 0083); to anyone else it reads
    as an unknown receipt (receipt numbers are sequential)."""
    link = qr_link_active(token)
    if (gone := _link_gone(request, link)) is not None:
        return gone
    report = (
        LayoffReport.objects.filter(enterprise=link.enterprise, receipt_no=receipt_no).first()
        or MonthlyReport.objects.filter(enterprise=link.enterprise, receipt_no=receipt_no).first()
    )
    sender = receipt_no in request.session.get(SENT_RECEIPTS, [])
    own = _public_actor(request, link) is not None
    given = request.POST.get("correction_code", "") if request.method == "POST" else ""
    if report is None or not (sender or own or correction_code_matches(report, given)):
        if given:
            audit_record(
                action="denied",
                object_type="reporting.receipt",
                object_id=link.enterprise.uscc,
                summary=f"扫码查看回执 {receipt_no[:40]} 被拒绝：回执编号或更正码不对",
                request=request,
                actor_label="匿名（扫码填报）",
            )
        return _public_render(
            request,
            "reporting/public_gone.html",
            {"ask_code": True, "receipt_no": receipt_no, "wrong_code": bool(given)},
            status=404,
        )
    return _public_render(
        request,
        "reporting/public_receipt.html",
        {
            "report": report,
            "is_layoff": isinstance(report, LayoffReport),
            "enterprise": link.enterprise,
            "link": link,
            "next_steps": receipt_next_steps(report),
            "figures": receipt_figures(report) if sender or own else None,
            "correction_code": report.correction_code,
        },
    )


def public_roster_template(request, token: str):
    if (gone := _link_gone(request, qr_link_active(token))) is not None:
        return gone
    return _xlsx(roster_template_xlsx(), "受影响职工名单模板.xlsx")


def roster_template(request):
    return _xlsx(roster_template_xlsx(), "受影响职工名单模板.xlsx")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _threshold() -> int | None:
    """The reporting threshold in force today (policy reporting.report_threshold, plan S3.1.1)."""
    return policy_in_force().at(local_day())["reporting"]["report_threshold"]


# ------------------------------------------------------------------ bulk upload (批量上传)

BULK_ERRORS_SHOWN = 500


@require(may_bulk_upload, "无权批量上传月度用工报告")
def bulk_upload(request):
    context = {"active": "reporting", "max_mb": settings.IMPORT_MAX_BYTES // 1048576}
    if request.method != "POST":
        return render(request, "reporting/bulk.html", context)
    upload = request.FILES.get("file")
    filename = upload.name if upload else "（未选择文件）"  # the audit log's words (ADR 0100)
    shown_name = upload.name if upload else _("（未选择文件）")
    # why read one byte over the limit: the service only needs to know the file is too big.
    data = upload.read(settings.IMPORT_MAX_BYTES + 1) if upload else b""
    try:
        reports = monthly_reports_bulk_submit(
            actor=request.user, data=data, filename=filename, at=timezone.now(), request=request
        )
    except ImportRejected as exc:
        context.update(
            problems=exc.problems[:BULK_ERRORS_SHOWN],
            problem_count=len(exc.problems),
            filename=shown_name,
        )
        return render(request, "reporting/bulk.html", context, status=400)
    context.update(reports=reports, filename=filename)
    return render(request, "reporting/bulk.html", context)


def bulk_template(request):
    return _xlsx(bulk_template_xlsx(), "月度用工报告批量上传模板.xlsx")


# ------------------------------------------------------------------ "report missing" findings


def _may_follow_up(user) -> bool:
    return user.is_superuser or user.role in ("admin", "section_staff", "town_liaison", "leader")


@require(_may_follow_up, "无权查看未报告发现")
def finding_list(request):
    status = request.GET.get("status", "open")
    findings = findings_visible_to(request.user)
    if status in ("open", "resolved"):
        findings = findings.filter(status=status)
    return render(
        request,
        "reporting/findings.html",
        {"active": "reporting", "findings": findings[:500], "status": status},
    )


@require(_may_follow_up, "无权处理未报告发现")
def finding_detail(request, pk: int):
    finding = findings_visible_to(request.user).filter(pk=pk).first()
    if finding is None:
        deny_not_found(request, "查看数据权限范围外或不存在的未报告发现")
    form = FindingResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            finding_resolve(
                finding=finding,
                actor=request.user,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
                at=timezone.now(),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:  # a PermissionDenied of the service is audited there (ADR 0082) and answered 403
            messages.success(request, _("已处理"))
            return redirect("reporting:finding", finding.pk)
    return render(
        request,
        "reporting/finding.html",
        {"active": "reporting", "finding": finding, "form": form},
    )


# ------------------------------------------------------------------ overdue monthly reports


@require(_may_follow_up, "无权查看逾期未报名单")
def overdue(request):
    period = request.GET.get("period", "")
    if period and period_due(period) is None:
        messages.error(
            request,
            _("报告月份“%(raw)s”不对，应为 YYYY-MM 格式的实际月份；显示上月的逾期名单。")
            % {"raw": period[:20]},
        )
        period = ""
    period = period or period_before(local_day())
    enterprises = overdue_enterprises(period, user=request.user)
    return render(
        request,
        "reporting/overdue.html",
        {
            "active": "reporting",
            "period": period,
            "due": due_date(period),
            "summary": overdue_summary(enterprises),
            "enterprises": enterprises[:1000],
            "total": enterprises.count(),
        },
    )
