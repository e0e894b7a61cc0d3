"""Writes of direct reports: validate, store, grade and raise the alert in one transaction.

plan S3.1.1–S3.1.2, S3.2. A rejected submission stores nothing; it is audited (action
"rejected") after the failed transaction has rolled back, so that the trace survives.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from layoffwatch.alerts.models import Alert
from layoffwatch.alerts.services import alert_raise_or_escalate
from layoffwatch.audit.services import audit_record, snapshot
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.policy.rules import InvalidFact, grade_waves, reporting_duty
from layoffwatch.policy.selectors import policy_in_force

from .models import Channel, LayoffReport, LayoffWave, MonthlyReport, Receipt
from .validation import clean_layoff, clean_monthly


@dataclass
class Submitted:
    report: LayoffReport | MonthlyReport
    alert: Alert | None = None

    @property
    def receipt_no(self) -> str:
        return self.report.receipt_no


def _receipt(kind: str, at: dt.datetime) -> str:
    return Receipt.objects.create(kind=kind, issued_at=at).number


def _audit_rejected(*, kind: str, enterprise, channel: str, actor, exc: ValidationError, request):
    fields = list(getattr(exc, "message_dict", {"body": exc.messages}).items())
    audit_record(
        action="rejected",
        actor=actor,
        object_type=f"reporting.{kind}",
        object_id=getattr(enterprise, "uscc", "") or "",
        summary=f"{'裁员报告' if kind == 'layoffreport' else '月度用工报告'}被拒绝（{Channel(channel).label}）："
        + "；".join(f"{f} {m[0]}" for f, m in fields[:8]),
        after={"errors": [{"field": f, "message": m[0]} for f, m in fields[:20]]},
        request=request,
        actor_label="" if actor is not None else f"匿名（{Channel(channel).label}）",
    )


def _lock(enterprise: Enterprise) -> None:
    # why: grading reads the enterprise's other waves; two reports of one enterprise at once must
    # be graded one after the other, or each would miss the other's waves (PostgreSQL row lock;
    # SQLite's IMMEDIATE transactions already serialise writers).
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()


def counted_waves(enterprise: Enterprise, *, start: dt.date, end: dt.date):
    """Waves that count for grading: current, not withdrawn, not merged into another report."""
    return LayoffWave.objects.filter(
        report__enterprise=enterprise,
        report__is_current=True,
        report__withdrawn_at__isnull=True,
        report__counted_in__isnull=True,
        date__gte=start,
        date__lte=end,
    )


def _grade(report: LayoffReport, waves: list[tuple[dt.date, int]], *, staff: int | None, at):
    """plan S3.2 via the policy app: the waves of this enterprise near the new ones, graded."""
    policy = policy_in_force()
    first, last = waves[0][0], waves[-1][0]
    window = policy.at(first)["alert_levels"]["window_days"] or 1
    reach = dt.timedelta(days=window - 1)
    near = [
        (w.date, w.count)
        for w in counted_waves(report.enterprise, start=first - reach, end=last + reach)
    ]
    on = max([d for d, _c in near] + [last])
    grade = grade_waves(near, on=on, policy=policy)
    try:
        duty = reporting_duty(
            cut=report.planned_cut,
            dispatched=report.dispatched_cut,
            staff=staff,
            on=first,
            policy=policy,
        ).to_dict()
    except InvalidFact as exc:  # e.g. an outdated headcount in the registry: grade anyway
        duty = {"reasons": [exc.zh]}
    return grade, duty


def _link_co_reports(report: LayoffReport, waves) -> None:
    """plan S3.1.2: an agency's report and the enterprise's own one are counted once."""
    if report.counted_in_id or not waves:
        return
    first, last = waves[0][0], waves[-1][0]
    reach = dt.timedelta(days=30)
    if report.agency_id and report.agency_id != report.enterprise_id:
        own = (
            LayoffReport.objects.filter(
                enterprise=report.enterprise,
                agency__isnull=True,
                is_current=True,
                withdrawn_at__isnull=True,
                waves__date__gte=first - reach,
                waves__date__lte=last + reach,
            )
            .exclude(pk=report.pk)
            .order_by("-submitted_at")
            .first()
        )
        if own is not None:
            report.counted_in = own
            report.save(update_fields=["counted_in"])
    elif report.agency_id is None:
        LayoffReport.objects.filter(
            enterprise=report.enterprise,
            agency__isnull=False,
            is_current=True,
            withdrawn_at__isnull=True,
            counted_in__isnull=True,
            waves__date__gte=first - reach,
            waves__date__lte=last + reach,
        ).exclude(pk=report.pk).update(counted_in=report)


@transaction.atomic
def _store_layoff(
    *, enterprise, fields, waves, channel, actor, at, agency, corrects, staff, attachment
):
    _lock(enterprise)
    series, version = None, 1
    if corrects is not None:
        corrects = LayoffReport.objects.select_for_update().get(pk=corrects.pk)
        if not corrects.is_current or corrects.withdrawn:
            raise ValidationError({"corrects": "只能更正现行且未撤回的报告版本"})
        series, version = corrects.series_no, corrects.version + 1
        LayoffReport.objects.filter(pk=corrects.pk).update(is_current=False)
    receipt_no = _receipt(Receipt.Kind.LAYOFF, at)
    report = LayoffReport(
        receipt_no=receipt_no,
        series_no=series or receipt_no,
        version=version,
        enterprise=enterprise,
        agency=agency,
        channel=channel,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        submitted_at=at,
        **fields,
    )
    if attachment:
        report.attachment = attachment
    report.full_clean()
    report.save()
    LayoffWave.objects.bulk_create(LayoffWave(report=report, date=d, count=c) for d, c in waves)
    if corrects is not None:
        # the enterprise's co-reports follow its latest version
        LayoffReport.objects.filter(counted_in=corrects).update(counted_in=report)
    _link_co_reports(report, waves)
    grade, duty = _grade(report, waves, staff=staff, at=at)
    alert = None
    if report.counted_in_id is None:
        alert = alert_raise_or_escalate(enterprise=enterprise, report=report, grade=grade, at=at)
    report.policy_version = grade.version
    report.grading = {"waves": grade.to_dict(), "duty": duty}
    report.alert = alert
    report.save(update_fields=["policy_version", "grading", "alert"])
    audit_record(
        action="create",
        actor=actor,
        obj=report,
        summary=f"{enterprise.name} 裁员报告 {receipt_no}"
        + (f"（更正第 {version} 版）" if version > 1 else "")
        + f"：计划裁减 {report.planned_cut} 人，{Channel(channel).label}",
        after=snapshot(
            report,
            [
                "receipt_no",
                "series_no",
                "version",
                "enterprise",
                "agency",
                "channel",
                "planned_cut",
                "dispatched_cut",
                "is_closure",
                "policy_version",
                "alert",
            ],
        )
        | {"waves": [[d.isoformat(), c] for d, c in waves]},
    )
    return Submitted(report=report, alert=alert)


def layoff_report_submit(
    *,
    enterprise: Enterprise,
    data: dict,
    channel: str,
    actor,
    at: dt.datetime,
    agency: Enterprise | None = None,
    corrects: LayoffReport | None = None,
    attachment=None,
    request=None,
) -> Submitted:
    """Store a layoff report (or a correction of `corrects`), grade it and raise the alert.

    `data` uses the API's field names (planned_cut, dispatched_cut, waves or effective_date,
    is_closure, reasons, …). Raises ValidationError naming each field; nothing is stored then.
    """
    try:
        if channel not in Channel.values:
            raise ValidationError({"channel": f"未知的报告渠道 {channel}"})
        if agency is not None and not agency.is_hr_agency:
            raise ValidationError({"agency_uscc": f"{agency.name} 不是人力资源服务机构"})
        fields, waves = clean_layoff(data=data, enterprise=enterprise, at=at)
        staff = data.get("headcount") or None
        return _store_layoff(
            enterprise=enterprise,
            fields=fields,
            waves=waves,
            channel=channel,
            actor=actor,
            at=at,
            agency=agency if agency is not None and agency.pk != enterprise.pk else None,
            corrects=corrects,
            staff=staff,
            attachment=attachment,
        )
    except ValidationError as exc:
        _audit_rejected(
            kind="layoffreport",
            enterprise=enterprise,
            channel=channel,
            actor=actor,
            exc=exc,
            request=request,
        )
        raise


@transaction.atomic
def _store_monthly(*, enterprise, fields, channel, actor, at, attachment):
    _lock(enterprise)
    previous = (
        MonthlyReport.objects.select_for_update()
        .filter(enterprise=enterprise, period=fields["period"], is_current=True)
        .first()
    )
    receipt_no = _receipt(Receipt.Kind.MONTHLY, at)
    version = 1
    if previous is not None:  # a second report for the same month is a correction
        MonthlyReport.objects.filter(pk=previous.pk).update(is_current=False)
        version = previous.version + 1
    report = MonthlyReport(
        receipt_no=receipt_no,
        series_no=previous.series_no if previous else receipt_no,
        version=version,
        enterprise=enterprise,
        channel=channel,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        submitted_at=at,
        **fields,
    )
    if attachment:
        report.attachment = attachment
    report.full_clean()
    report.save()
    audit_record(
        action="create",
        actor=actor,
        obj=report,
        summary=f"{enterprise.name} {report.period} 月度用工报告 {receipt_no}"
        + (f"（更正第 {version} 版）" if version > 1 else ""),
        after=snapshot(
            report,
            [
                "receipt_no",
                "series_no",
                "version",
                "enterprise",
                "period",
                "channel",
                "headcount_start",
                "headcount_end",
                "separations",
                "planned_cuts_next",
            ],
        ),
    )
    return Submitted(report=report)


def monthly_report_submit(
    *,
    enterprise: Enterprise,
    data: dict,
    channel: str,
    actor,
    at: dt.datetime,
    attachment=None,
    request=None,
) -> Submitted:
    """Store a monthly employment report for `data["period"]` (YYYY-MM); a repeat is a correction."""
    try:
        if channel not in Channel.values:
            raise ValidationError({"channel": f"未知的报告渠道 {channel}"})
        fields = clean_monthly(data=data, enterprise=enterprise, at=at)
        return _store_monthly(
            enterprise=enterprise,
            fields=fields,
            channel=channel,
            actor=actor,
            at=at,
            attachment=attachment,
        )
    except ValidationError as exc:
        _audit_rejected(
            kind="monthlyreport",
            enterprise=enterprise,
            channel=channel,
            actor=actor,
            exc=exc,
            request=request,
        )
        raise


@transaction.atomic
def layoff_report_withdraw(
    *, report: LayoffReport, actor, reason: str, at: dt.datetime
) -> LayoffReport:
    """Staff only, with a reason. The alert it raised stays: lifting is a decision (plan S5.3)."""
    if actor is None or not getattr(actor, "is_bureau", False) or actor.role == "commissioner":
        raise PermissionDenied("只有区人力社保局工作人员可以撤回报告")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因"})
    report = LayoffReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_current:
        raise ValidationError({"reason": "只能撤回现行版本"})
    if report.withdrawn:
        raise ValidationError({"reason": "该报告已撤回"})
    report.withdrawn_at, report.withdrawn_by, report.withdrawn_reason = at, actor, reason[:500]
    report.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    # agency co-reports merged into it count on their own again
    LayoffReport.objects.filter(counted_in=report).update(counted_in=None)
    audit_record(
        action="update",
        actor=actor,
        obj=report,
        summary=f"撤回裁员报告 {report.receipt_no}：{reason}",
        before={"withdrawn_at": None},
        after={"withdrawn_at": at, "withdrawn_reason": reason},
    )
    return report


@transaction.atomic
def qr_link_create(*, enterprise: Enterprise, actor, at: dt.datetime):
    """A new QR link for the enterprise; the previous one stops working (revocable links)."""
    from .models import QrLink

    _revoke(enterprise=enterprise, actor=actor, at=at)
    link = QrLink.objects.create(enterprise=enterprise, created_by=actor, created_at=at)
    audit_record(
        action="create", actor=actor, obj=link, summary=f"生成 {enterprise.name} 的扫码填报二维码"
    )
    return link


def _revoke(*, enterprise, actor, at) -> int:
    from .models import QrLink

    links = list(
        QrLink.objects.select_for_update().filter(enterprise=enterprise, revoked_at__isnull=True)
    )
    for link in links:
        link.revoked_at = at
        link.save(update_fields=["revoked_at"])
        audit_record(
            action="update", actor=actor, obj=link, summary=f"作废 {enterprise.name} 的填报二维码"
        )
    return len(links)


@transaction.atomic
def qr_link_revoke(*, enterprise: Enterprise, actor, at: dt.datetime) -> int:
    return _revoke(enterprise=enterprise, actor=actor, at=at)
