"""Reads of reports, scoped by the enterprises the user may see (enterprise_visible_to)."""

import datetime as dt
import re

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from layoffwatch.accounts.roles import Role
from layoffwatch.core.clock import local_day, month_after, month_start
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.policy.selectors import reporting_limits
from layoffwatch.reference.industry_sections import industry_name_shown
from layoffwatch.reference.models import Industry

from .models import AffectedWorker, LayoffReport, MissingReportFinding, MonthlyReport, QrLink


def layoff_reports_visible_to(user):
    return LayoffReport.objects.filter(enterprise__in=enterprise_visible_to(user)).select_related(
        "enterprise", "agency", "alert", "submitted_by"
    )


def monthly_reports_visible_to(user):
    return MonthlyReport.objects.filter(enterprise__in=enterprise_visible_to(user)).select_related(
        "enterprise", "submitted_by"
    )


def report_by_receipt(*, user, receipt_no: str):
    """The report with this receipt number within the user's scope, or None."""
    receipt_no = (receipt_no or "").strip().upper()
    return (
        layoff_reports_visible_to(user).filter(receipt_no=receipt_no).first()
        or monthly_reports_visible_to(user).filter(receipt_no=receipt_no).first()
    )


def report_versions(report):
    """Every version of a report's series, oldest first (all are kept, plan: corrections)."""
    return type(report).objects.filter(series_no=report.series_no).order_by("version")


def alert_layoff_figures(alert) -> dict:
    """The people an alert's layoff reports affect, as the enterprise reported them (plan S3.1.1,
    S6.2 风险基本情况): the current version of every report series that counted towards the alert
    (a correction replaces its earlier version, ADR 0049; withdrawn reports do not count), all of
    their waves, and the persons on their rosters (an agency's co-report merged into the
    enterprise's own one, plan S3.1.2, adds its roster but never its cut a second time)."""
    series = LayoffReport.objects.filter(alert=alert).values("series_no")
    reports = list(
        LayoffReport.objects.filter(
            series_no__in=series,
            is_current=True,
            withdrawn_at__isnull=True,
            counted_in__isnull=True,
        )
        .prefetch_related("waves")
        .order_by("submitted_at", "pk")
    )
    merged = LayoffReport.objects.filter(
        counted_in__in=reports, is_current=True, withdrawn_at__isnull=True
    ).values("pk")
    roster = (
        AffectedWorker.objects.filter(Q(report__in=reports) | Q(report__in=merged))
        .values("id_hash")
        .distinct()
        .count()
    )
    waves = sorted(((w.date, w.count) for r in reports for w in r.waves.all()), key=lambda w: w[0])
    return {
        "reports": reports,
        "waves": waves,
        "planned": sum(r.planned_cut for r in reports),
        "dispatched": sum(r.dispatched_cut for r in reports),
        "roster": roster,
    }


def qr_link_active(token: str) -> QrLink | None:
    """The link with this token unless revoked (an expired one too: its page says so, ADR 0083)."""
    return (
        QrLink.objects.select_related("enterprise")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )


def reports_counted(reports):
    """The reports whose figures count: the current version of each series, not withdrawn (ADR
    0049), and for layoff reports not an agency's co-report merged into the enterprise's own
    (`counted_in`, plan S3.1.2: its cut is not counted a second time)."""
    reports = reports.filter(is_current=True, withdrawn_at__isnull=True)
    if reports.model is LayoffReport:
        reports = reports.filter(counted_in__isnull=True)
    return reports


def report_search(
    reports,
    *,
    q: str = "",
    channel: str = "",
    month_from: str = "",
    month_to: str = "",
    counted: bool = False,
):
    """Reports (already scoped) whose receipt or first receipt number, enterprise name or credit
    code matches `q`, sent through `channel`, submitted in Tongnan's months `month_from` to
    `month_to` ("YYYY-MM"), only those that count (`reports_counted`); all optional. The cockpit's
    reported cuts are counted with this and link to the list filtered the same way (ADR 0098)."""
    if counted:
        reports = reports_counted(reports)
    if month_from:
        reports = reports.filter(submitted_at__gte=month_start(month_from))
    if month_to:
        reports = reports.filter(submitted_at__lt=month_start(month_after(month_to)))
    if q:
        reports = reports.filter(
            Q(receipt_no__iexact=q)
            | Q(series_no__iexact=q)
            | Q(enterprise__uscc__iexact=q)
            | Q(enterprise__name__icontains=q)
        )
    if channel:
        reports = reports.filter(channel=channel)
    return reports


def planned_cuts(reports) -> int:
    """The people the layoff reports `reports` plan to cut (their 计划裁减 summed, in SQL)."""
    return reports.aggregate(n=Sum("planned_cut"))["n"] or 0


def planned_cuts_by_month(reports) -> dict[str, int]:
    """{Tongnan month "YYYY-MM": people} of the layoff reports `reports` by the local month they
    were submitted in: the months `report_search(month_from=, month_to=)` filters on."""
    rows = (
        reports.order_by()
        .annotate(month=TruncMonth("submitted_at", tzinfo=timezone.get_default_timezone()))
        .values_list("month")
        .annotate(n=Sum("planned_cut"))
    )
    return {f"{local_day(month):%Y-%m}": n or 0 for month, n in rows}


def layoff_report_of(enterprise, receipt_no: str) -> LayoffReport | None:
    """The enterprise's layoff report with this receipt number (the one a correction names)."""
    return LayoffReport.objects.filter(
        receipt_no=receipt_no.strip().upper(), enterprise=enterprise
    ).first()


def qr_link_current(enterprise_id: int) -> QrLink | None:
    """The enterprise's QR link that works now (the newest one neither revoked nor expired,
    ADR 0083), or None."""
    return (
        QrLink.objects.select_related("enterprise")
        .filter(enterprise_id=enterprise_id, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .order_by("-created_at")
        .first()
    )


def own_report_link(user) -> QrLink | None:
    """The current QR link of an enterprise reporter's own enterprise, or None (other roles, or no
    link yet): a logged-in 企业填报员 reports through the same form the QR code opens."""
    if getattr(user, "role", None) != Role.ENTERPRISE or not user.enterprise_id:
        return None
    return qr_link_current(user.enterprise_id)


def receipt_next_steps(report) -> str:
    """What happens next, told on the receipt (ADR 0040), in the reader's language."""
    if not isinstance(report, LayoffReport):
        return _(
            "区人力社保局已收到您的月度用工报告。如情况有变化，请在本月内重新报告（作为更正）。"
        )
    if report.counted_in_id:
        return _("本报告已与企业报告 %(no)s 合并计算，不重复计数。") % {
            "no": report.counted_in.receipt_no
        }
    if report.alert is not None:
        return _(
            "已按预案发布%(level)s（计算期内合计 %(total)s 人）。"
            "就业促进和职业能力建设科及所在镇街将尽快与联系人联系，指导制定职工安置方案并提供稳岗、培训和就业帮扶。"
        ) % {"level": report.alert.get_level_display(), "total": report.alert.total_in_window}
    return _("计划裁减人数未达到预警标准。区人力社保局已登记，如人数变化请及时更正报告。")


def findings_visible_to(user):
    return MissingReportFinding.objects.filter(
        enterprise__in=enterprise_visible_to(user)
    ).select_related(
        "enterprise", "enterprise__town", "monthly_report", "layoff_report", "resolved_by"
    )


# ------------------------------------------------------------------ monthly reports due / overdue


def period_before(day: dt.date) -> str:
    """The month whose report is due in `day`'s month (the previous month)."""
    first = day.replace(day=1)
    return f"{first - dt.timedelta(days=1):%Y-%m}"


def due_date(period: str) -> dt.date:
    """A month's report is due on the due day in force in the following month (policy
    reporting.yaml › monthly_due_day, ADR 0042, 0092)."""
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, reporting_limits(dt.date(year, month, 1)).monthly_due_day)


def period_due(raw: str) -> dt.date | None:
    """The due date of a month given as YYYY-MM, or None if it is not a real month whose report
    could fall due (year 1 to 9998: the due date is in the next month)."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", raw or ""):
        return None
    try:
        return due_date(raw)
    except ValueError:
        return None


def obliged_enterprises():
    """Who reports monthly (ADR 0042): key sample enterprises (plan S3.1.4) and the watch list."""
    return Enterprise.objects.filter(Q(is_key_sample=True) | Q(on_watch_list=True))


def overdue_enterprises(period: str, *, user=None):
    """Obliged enterprises with no current monthly report for `period` (within `user`'s scope)."""
    reported = MonthlyReport.objects.filter(period=period, is_current=True).values("enterprise_id")
    qs = obliged_enterprises().exclude(pk__in=reported)
    if user is not None:
        qs = qs.filter(pk__in=enterprise_visible_to(user).values("pk"))
    return qs.select_related("town", "industry").order_by("town__code", "industry_id", "name")


def overdue_summary(enterprises) -> list[dict]:
    """Counts by town and industry section (门类), for the overdue page and the reminders."""
    names = dict(Industry.objects.filter(level="section").values_list("code", "name"))
    rows = (
        enterprises.order_by()
        .values("town__code", "town__name", "industry__section")
        .annotate(n=Count("pk"))
        .order_by("town__code", "industry__section")
    )
    return [
        {
            "town": r["town__name"],
            "section": r["industry__section"],
            "section_name": names.get(r["industry__section"], ""),
            # on the page, in the reader's language (ADR 0100, amended 2026-12-07 (6))
            "section_name_shown": industry_name_shown(
                "section", names.get(r["industry__section"], "")
            ),
            "count": r["n"],
        }
        for r in rows
    ]
