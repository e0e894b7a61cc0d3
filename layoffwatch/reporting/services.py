"""Writes of direct reports: validate, store, grade and raise the alert in one transaction.

plan S3.1.1–S3.1.2, S3.2. A rejected submission stores nothing; it is audited (action
"rejected") after the failed transaction has rolled back, so that the trace survives.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy

from layoffwatch.accounts.roles import require_writer
from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_batch, audit_record, audit_record_many, snapshot
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.enterprises.selectors import (
    NOT_IN_SCOPE_ENTERPRISE,
    enterprise_visible_to,
    responsible_people,
    responsible_section_staff,
)
from layoffwatch.policy.rules import InvalidFact, grade_waves, reporting_duty
from layoffwatch.policy.selectors import policy_in_force

from . import hooks
from .models import (
    AffectedWorker,
    Channel,
    IdempotencyRecord,
    LayoffReport,
    LayoffWave,
    MissingReportFinding,
    MonthlyReport,
    Receipt,
    ReminderRun,
    correction_code_matches,
)
from .roster import parse_roster
from .selectors import layoff_report_of
from .validation import clean_layoff, clean_monthly


@dataclass
class Submitted:
    report: LayoffReport | MonthlyReport
    alert: models.Model | None = None  # the alert (alerts.Alert) it raised or escalated

    @property
    def receipt_no(self) -> str:
        return self.report.receipt_no


@dataclass
class Idempotency:
    """An API write's Idempotency-Key. The answer is stored with the key in the report's own
    transaction (ADR 0047): a crash leaves both or neither, and no separate reservation commit."""

    user: object
    key: str
    body_sha256: str
    answer: Callable[[Submitted], dict]  # the response body the API sends for this report


class KeyAlreadyUsed(Exception):
    """Another request with this Idempotency-Key committed first; this one was rolled back whole.
    The caller replays the stored answer (same body) or refuses with 409 (different body)."""


def _remember(idempotency: Idempotency | None, submitted: Submitted) -> None:
    if idempotency is None:
        return
    try:
        # why no pre-check query: a repeated key is rare; the unique constraint decides, and a
        # concurrent twin waits on the index until the first commits, then lands here
        IdempotencyRecord.objects.create(
            user=idempotency.user,
            key=idempotency.key,
            body_sha256=idempotency.body_sha256,
            receipt_no=submitted.receipt_no,
            status_code=201,
            response=idempotency.answer(submitted),
        )
    except IntegrityError as exc:
        raise KeyAlreadyUsed(idempotency.key) from exc


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


# ADR 0082: the staff form's words; an unknown code (an unsaved Enterprise) reads the same.
NOT_IN_SCOPE = gettext_lazy("企业不在企业名录中或不在您的数据权限范围内")


def _require_scope(actor, enterprise: Enterprise, *, agency: Enterprise | None = None) -> None:
    """A signed-in reporter reports only for enterprises they may see (the QR form's anonymous
    reporter, actor None, is bound to the link's enterprise by its token)."""
    if actor is None:
        return
    scope = enterprise_visible_to(actor)
    errors = {}
    if enterprise.pk is None or not scope.filter(pk=enterprise.pk).exists():
        errors["enterprise_uscc"] = [NOT_IN_SCOPE]
    if agency is not None and (agency.pk is None or not scope.filter(pk=agency.pk).exists()):
        errors["agency_uscc"] = [NOT_IN_SCOPE]
    if errors:
        raise ValidationError(errors)


def _check_fields(report) -> None:
    """The model's field validators (lengths, counts, phone) without full_clean()'s queries: the
    foreign keys were just looked up, receipt numbers are unique by construction and the one
    current version per series is kept by the row locks (the database enforces both anyway).
    why: full_clean() cost 3 ms of the ~30 ms a layoff report takes (benchmarks/README.md)."""
    report.clean_fields(
        exclude=[f.name for f in report._meta.fields if f.is_relation] + ["receipt_no"]
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
def _store_layoff(*, idempotency=None, **kwargs) -> Submitted:
    # why one audit batch: the report's and the alert's entries are chained and written together
    # at the end, one short lock on the audit chain per report (ADR 0046)
    with audit_batch():
        submitted = _store_layoff_rows(**kwargs)
        _remember(idempotency, submitted)
    return submitted


def _store_layoff_rows(
    *,
    enterprise,
    fields,
    waves,
    channel,
    actor,
    at,
    agency,
    corrects,
    staff,
    attachment,
    resettlement_file=None,
    roster_rows=None,
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
    if resettlement_file:
        report.resettlement_file = resettlement_file
    elif corrects is not None and corrects.resettlement_file:
        report.resettlement_file = corrects.resettlement_file.name  # a correction keeps the plan
    _check_fields(report)
    report.save()
    LayoffWave.objects.bulk_create(LayoffWave(report=report, date=d, count=c) for d, c in waves)
    if roster_rows is None and corrects is not None:  # a correction keeps the roster
        roster_rows = [
            {
                "name": w.name,
                "id_number": w.id_number,
                "id_hash": w.id_hash,
                "phone": w.phone,
                "intention": w.intention,
            }
            for w in corrects.roster.all()
        ]
    if roster_rows:
        AffectedWorker.objects.bulk_create(
            [AffectedWorker(report=report, **row) for row in roster_rows], batch_size=500
        )
    if corrects is not None:
        # the enterprise's co-reports follow its latest version
        LayoffReport.objects.filter(counted_in=corrects).update(counted_in=report)
    _link_co_reports(report, waves)
    grade, duty = _grade(report, waves, staff=staff, at=at)
    alert = None
    if report.counted_in_id is None:
        # ADR 0090: alerts registers alert_raise_or_escalate (reporting may not import alerts);
        # it runs here, inside the report's transaction, as it always did
        for raise_alert in hooks.on_layoff_report_graded.handlers:
            alert = raise_alert(
                enterprise=enterprise, report=report, grade=grade, at=at, enterprise_locked=True
            )
    report.policy_version = grade.version
    report.grading = {"waves": grade.to_dict(), "duty": duty}
    report.alert = alert
    report.save(update_fields=["policy_version", "grading", "alert"])
    _findings_resolve_by_report(report, waves, at=at)
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
        | {"waves": [[d.isoformat(), c] for d, c in waves], "roster": len(roster_rows or [])},
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
    attachment=None,
    resettlement_file=None,
    roster: bytes | None = None,
    request=None,
    idempotency: Idempotency | None = None,
) -> Submitted:
    """Store a layoff report (or a correction), grade it and raise the alert.

    `data` uses the API's field names (planned_cut, dispatched_cut, waves or effective_date,
    is_closure, reasons, …; `corrects`: the receipt number of the enterprise's report that this
    one corrects — a new version of it, the old one kept and no longer counted). Raises
    ValidationError naming each field; nothing is stored then.
    With `idempotency`, raises KeyAlreadyUsed (nothing stored) if the key was used before.
    """
    try:
        _require_scope(actor, enterprise, agency=agency)
        if channel not in Channel.values:
            raise ValidationError({"channel": f"未知的报告渠道 {channel}"})
        if agency is not None and not agency.is_hr_agency:
            raise ValidationError({"agency_uscc": f"{agency.name} 不是人力资源服务机构"})
        errors: dict = {}
        corrects = None
        if receipt := (data.get("corrects") or "").strip():
            corrects = layoff_report_of(enterprise, receipt)
            if actor is None:
                # ADR 0083: anyone holding the printed QR link may report, but only who holds the
                # receipt's correction code may correct it; an unknown number and a wrong code
                # read the same (receipt numbers are sequential: no oracle)
                if corrects is None or not correction_code_matches(
                    corrects, data.get("correction_code") or ""
                ):
                    corrects = None
                    errors["corrects"] = [
                        f"未找到本企业回执编号为 {receipt} 且更正码相符的裁员报告，"
                        "请核对回执上的回执编号和更正码"
                    ]
            elif corrects is None:
                errors["corrects"] = [
                    f"未找到本企业回执编号为 {receipt} 的裁员报告，请核对回执编号"
                ]
        try:
            fields, waves = clean_layoff(data=data, enterprise=enterprise, at=at)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        roster_rows = None
        if roster is not None:
            cut = data.get("planned_cut")
            try:
                roster_rows = parse_roster(
                    roster, planned_cut=cut if isinstance(cut, int) else None
                )
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
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
            resettlement_file=resettlement_file,
            roster_rows=roster_rows,
            idempotency=idempotency,
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
def _store_monthly(*, idempotency=None, **kwargs) -> Submitted:
    with audit_batch():
        submitted = _store_monthly_rows(**kwargs)
        _remember(idempotency, submitted)
    return submitted


def _store_monthly_rows(*, enterprise, fields, channel, actor, at, attachment):
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
    _check_fields(report)
    report.save()
    findings_raise(reports=[report], at=at)
    audit_record(
        action="create",
        actor=actor,
        obj=report,
        summary=f"{enterprise.name} {report.period} 月度用工报告 {receipt_no}"
        + (f"（更正第 {version} 版）" if version > 1 else "")
        + _gap_summary(report),
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
                "headcount_gap",
                "headcount_gap_note",
            ],
        ),
    )
    return Submitted(report=report)


def _gap_summary(report: MonthlyReport) -> str:
    """ADR 0056: a report stored although its headcount does not add up says so in the audit."""
    if not report.headcount_gap:
        return ""
    return f"，人数不平（相差 {report.headcount_gap:+d} 人，报告人已确认：{report.headcount_gap_note[:100]}）"


def monthly_report_submit(
    *,
    enterprise: Enterprise,
    data: dict,
    channel: str,
    actor,
    at: dt.datetime,
    attachment=None,
    request=None,
    idempotency: Idempotency | None = None,
) -> Submitted:
    """Store a monthly employment report for `data["period"]` (YYYY-MM); a repeat is a correction.
    With `idempotency`, raises KeyAlreadyUsed (nothing stored) if the key was used before."""
    try:
        _require_scope(actor, enterprise)
        if channel not in Channel.values:
            raise ValidationError({"channel": f"未知的报告渠道 {channel}"})
        fields = clean_monthly(data=data, enterprise=enterprise, at=at)
        if actor is None:
            _require_monthly_code(enterprise, fields["period"], data.get("correction_code") or "")
        return _store_monthly(
            enterprise=enterprise,
            fields=fields,
            channel=channel,
            actor=actor,
            at=at,
            attachment=attachment,
            idempotency=idempotency,
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


def _require_monthly_code(enterprise, period: str, code: str) -> None:
    """ADR 0083: through the QR link (no login) a month already reported is corrected only with
    the correction code of that month's current report, as a layoff report is; staff, the
    enterprise's own reporter and API tokens correct within their scope."""
    current = MonthlyReport.objects.filter(
        enterprise=enterprise, period=period, is_current=True
    ).first()
    if current is not None and not correction_code_matches(current, code):
        raise ValidationError(
            {
                "correction_code": [
                    f"本企业 {period} 的月度用工报告已报送；再次报送即为更正，"
                    "请填写该月回执上的更正码（没有回执的，请联系区人力社保局或镇街）"
                ]
            }
        )


# ADR 0082: staff work only on what they may read; a record outside the scope reads as missing.
NOT_IN_SCOPE_RECORD = "该{what}不存在或不在您的数据权限范围内"


def _require_record_scope(actor, enterprise_id, what: str) -> None:
    if enterprise_id is None or not enterprise_visible_to(actor).filter(pk=enterprise_id).exists():
        raise PermissionDenied(NOT_IN_SCOPE_RECORD.format(what=what))


@guarded("撤回裁员报告")
def layoff_report_withdraw(
    *, report: LayoffReport, actor, reason: str, at: dt.datetime
) -> LayoffReport:
    """Staff only, with a reason. The alert it raised stays: lifting is a decision (plan S5.3)."""
    if actor is None or not getattr(actor, "is_bureau", False) or actor.role == "commissioner":
        raise PermissionDenied("只有区人力社保局工作人员可以撤回报告")
    _require_record_scope(actor, report.enterprise_id, "报告")
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


def _require_qr_scope(actor, enterprise: Enterprise, what: str) -> None:
    """Staff manage the QR links of the enterprises they may read (ADR 0082); an enterprise
    outside the scope and an unknown one (unsaved) are answered alike."""
    require_writer(actor, what)
    if enterprise.pk is None or not enterprise_visible_to(actor).filter(pk=enterprise.pk).exists():
        raise PermissionDenied(NOT_IN_SCOPE_ENTERPRISE.format(what=what))


@guarded("生成填报二维码")
def qr_link_create(*, enterprise: Enterprise, actor, at: dt.datetime):
    """A new QR link for the enterprise; the previous one stops working at once (revocable links,
    ADR 0040). It expires after reporting.qr_link_valid_days in force today (ADR 0083)."""
    from .models import QrLink

    _require_qr_scope(actor, enterprise, "生成该企业的填报二维码")
    rotated = _revoke(enterprise=enterprise, actor=actor, at=at)
    days = policy_in_force().at(local_day(at))["reporting"]["qr_link_valid_days"]
    link = QrLink.objects.create(
        enterprise=enterprise,
        created_by=actor,
        created_at=at,
        expires_at=at + dt.timedelta(days=days),
    )
    audit_record(
        action="create",
        actor=actor,
        obj=link,
        summary=f"{'更换' if rotated else '生成'} {enterprise.name} 的扫码填报二维码"
        + f"（有效期至 {local_day(link.expires_at):%Y-%m-%d}）",
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


@guarded("作废填报二维码")
def qr_link_revoke(*, enterprise: Enterprise, actor, at: dt.datetime) -> int:
    _require_qr_scope(actor, enterprise, "作废该企业的填报二维码")
    return _revoke(enterprise=enterprise, actor=actor, at=at)


# ------------------------------------------------------------------ "report missing" findings


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    year, month = int(period[:4]), int(period[5:7])
    first = dt.date(year, month, 1)
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


def next_period(period: str) -> str:
    _first, last = month_bounds(period)
    return f"{last + dt.timedelta(days=1):%Y-%m}"


# A layoff report counts for a month when one of its waves falls in the month or in the 31 days
# before it (a cut decided and reported late in one month shows as separations in the next).
LAYOFF_REPORT_REACH = dt.timedelta(days=31)


def _covers(period: str, day: dt.date) -> bool:
    first, last = month_bounds(period)
    return first - LAYOFF_REPORT_REACH <= day <= last


def findings_raise(*, reports: list[MonthlyReport], at: dt.datetime) -> list[MissingReportFinding]:
    """plan S3.1.1: a monthly report whose separations this month, or planned cuts next month
    (dispatched included), reach the reporting threshold (policy `reporting_duty`) while the
    enterprise has no layoff report for that month raises a finding for staff to follow up.

    The threshold is the policy's, checked first (pure, no query); only reports that reach it
    cost queries. One open finding per enterprise, month and basis: a correction does not repeat it.
    """
    policy = policy_in_force()
    candidates = []
    for report in reports:
        for basis, period, cut, dispatched in (
            (
                MissingReportFinding.Basis.SEPARATIONS,
                report.period,
                report.separations,
                report.dispatched_separations,
            ),
            (
                MissingReportFinding.Basis.PLANNED,
                next_period(report.period),
                report.planned_cuts_next,
                report.planned_dispatched_cuts_next,
            ),
        ):
            if not cut:
                continue
            duty = reporting_duty(
                cut=cut, dispatched=dispatched, on=month_bounds(period)[0], policy=policy
            )
            if duty.must_report:
                candidates.append((report, basis, period, cut, dispatched, duty))
    raised = []
    for report, basis, period, cut, dispatched, duty in candidates:
        first, last = month_bounds(period)
        reported = LayoffWave.objects.filter(
            report__enterprise=report.enterprise,
            report__is_current=True,
            report__withdrawn_at__isnull=True,
            date__gte=first - LAYOFF_REPORT_REACH,
            date__lte=last,
        ).exists()
        already = MissingReportFinding.objects.filter(
            enterprise=report.enterprise, period=period, basis=basis, status="open"
        ).exists()
        if reported or already:
            continue
        finding = MissingReportFinding.objects.create(
            enterprise=report.enterprise,
            monthly_report=report,
            period=period,
            basis=basis,
            count=cut,
            dispatched=dispatched,
            policy_version=duty.version,
            reasons=duty.reasons,
            raised_at=at,
        )
        raised.append(finding)
    if raised:
        audit_record_many(
            [
                {
                    "action": "create",
                    "obj": f,
                    "summary": f"{f.enterprise.name} {f.period} {f.get_basis_display()} {f.count} 人，"
                    f"未见裁员报告（月度用工报告 {f.monthly_report.receipt_no}）",
                    "actor_label": "系统（未报告发现）",
                }
                for f in raised
            ]
        )
        from layoffwatch.notifications.services import notify

        for f in raised:
            notify(
                users=responsible_people(f.enterprise),
                title=f"{f.enterprise.name} {f.period} {f.get_basis_display()} {f.count} 人，未见裁员报告",
                body="；".join(f.reasons[:2]) + "。请核实并督促企业报告。",
                link=f"/reporting/findings/{f.pk}/",
                kind="finding",
                at=at,
            )
    return raised


def _findings_resolve_by_report(report: LayoffReport, waves, *, at: dt.datetime) -> int:
    """A layoff report that arrives later closes the open findings of the months it covers."""
    covered = [
        f
        for f in MissingReportFinding.objects.filter(enterprise=report.enterprise, status="open")
        if any(_covers(f.period, day) for day, _count in waves)
    ]
    for f in covered:
        MissingReportFinding.objects.filter(pk=f.pk, status="open").update(
            status="resolved",
            resolved_at=at,
            resolution=MissingReportFinding.Resolution.REPORTED,
            resolution_note=f"企业已报告，回执编号 {report.receipt_no}",
            layoff_report=report,
        )
        audit_record(
            action="update",
            obj=f,
            summary=f"{f.enterprise.name} {f.period} 未报告发现已处理：收到裁员报告 {report.receipt_no}",
            before={"status": "open"},
            after={"status": "resolved", "layoff_report": report.receipt_no},
            actor_label="系统（直报）",
        )
    return len(covered)


def _may_follow_up(actor) -> bool:
    return actor is not None and (
        actor.is_superuser or actor.role in ("admin", "section_staff", "town_liaison")
    )


@guarded("处理未报告发现")
def finding_resolve(
    *, finding: MissingReportFinding, actor, resolution: str, note: str, at: dt.datetime
) -> MissingReportFinding:
    """Staff close a finding after following it up, saying what they found (audited)."""
    if not _may_follow_up(actor):
        raise PermissionDenied("只有区人力社保局工作人员和镇街联络员可以处理未报告发现")
    _require_record_scope(actor, finding.enterprise_id, "未报告发现")
    note = (note or "").strip()
    errors = {}
    if resolution not in MissingReportFinding.Resolution.values:
        errors["resolution"] = "请选择处理结果"
    if not note:
        errors["note"] = "请填写处理说明（核实情况、联系人、时间）"
    if errors:
        raise ValidationError(errors)
    # why conditional: two staff closing the same finding at once must not both succeed.
    done = MissingReportFinding.objects.filter(pk=finding.pk, status="open").update(
        status="resolved",
        resolved_at=at,
        resolved_by=actor,
        resolution=resolution,
        resolution_note=note[:500],
    )
    if not done:
        raise ValidationError({"resolution": "该发现已被处理"})
    finding.refresh_from_db()
    audit_record(
        action="update",
        actor=actor,
        obj=finding,
        summary=f"处理未报告发现：{finding.enterprise.name} {finding.period}，"
        f"{finding.get_resolution_display()}：{note[:200]}",
        before={"status": "open"},
        after={"status": "resolved", "resolution": resolution, "note": note[:500]},
    )
    return finding


# ------------------------------------------------------------------ bulk upload


def may_bulk_upload(actor) -> bool:
    return actor is not None and (
        actor.is_superuser or actor.role in ("admin", "section_staff", "town_liaison", "agency")
    )


def monthly_reports_bulk_submit(
    *, actor, data: bytes, filename: str, at: dt.datetime, request=None
) -> list[MonthlyReport]:
    """Store many monthly reports from the XLSX template (channel "bulk"), all or nothing.

    Every row is checked first (bulk.check_bulk); any problem stores nothing, audits one "rejected"
    entry and raises ImportRejected with the row-by-row list.
    """
    from layoffwatch.enterprises.importing import NOT_XLSX, ImportRejected, Problem

    from .bulk import check_bulk

    if not may_bulk_upload(actor):
        raise PermissionDenied("您的角色不能批量上传月度用工报告")
    try:
        if data and not filename.lower().endswith(".xlsx"):
            raise ImportRejected([Problem(None, "", str(NOT_XLSX))])
        rows = check_bulk(actor=actor, data=data, at=at)
    except ImportRejected as exc:
        audit_record(
            action="rejected",
            actor=actor,
            object_type="reporting.monthlyreport",
            object_id=filename[:80],
            summary=f"批量上传月度用工报告被拒绝（{filename}）：{len(exc.problems)} 处问题："
            + "；".join(
                (f"第 {p.row} 行 " if p.row else "") + f"{p.column} {p.message}"
                for p in exc.problems[:5]
            ),
            after={"problems": [p.as_dict() for p in exc.problems[:50]]},
            request=request,
        )
        raise
    return _store_bulk(actor=actor, rows=rows, filename=filename, at=at, request=request)


@transaction.atomic
def _store_bulk(*, actor, rows, filename: str, at: dt.datetime, request=None):
    ids = sorted({r.enterprise.pk for r in rows})
    # why sorted: two uploads that share enterprises lock them in the same order (no deadlock).
    list(Enterprise.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    periods = {r.fields["period"] for r in rows}
    previous = {
        (m.enterprise_id, m.period): m
        for m in MonthlyReport.objects.filter(
            enterprise_id__in=ids, period__in=periods, is_current=True
        )
    }
    MonthlyReport.objects.filter(pk__in=[m.pk for m in previous.values()]).update(is_current=False)
    receipts = Receipt.objects.bulk_create(
        [Receipt(kind=Receipt.Kind.MONTHLY, issued_at=at) for _ in rows]
    )
    reports = []
    for row, receipt in zip(rows, receipts, strict=True):
        before = previous.get((row.enterprise.pk, row.fields["period"]))
        reports.append(
            MonthlyReport(
                receipt_no=receipt.number,
                series_no=before.series_no if before else receipt.number,
                version=before.version + 1 if before else 1,
                enterprise=row.enterprise,
                channel=Channel.BULK,
                submitted_by=actor,
                submitted_at=at,
                **row.fields,
            )
        )
    reports = MonthlyReport.objects.bulk_create(reports, batch_size=500)
    findings_raise(reports=reports, at=at)
    audit_record_many(
        [
            {
                "action": "create",
                "actor": actor,
                "obj": r,
                "summary": f"{r.enterprise.name} {r.period} 月度用工报告 {r.receipt_no}"
                + (f"（更正第 {r.version} 版）" if r.version > 1 else "")
                + _gap_summary(r)
                + f"，批量上传（{filename}）",
                "request": request,
            }
            for r in reports
        ]
        + [
            {
                "action": "import",
                "actor": actor,
                "object_type": "reporting.monthlyreport",
                "object_id": filename[:80],
                "summary": f"批量上传月度用工报告（{filename}）：{len(reports)} 份",
                "request": request,
            }
        ]
    )
    return reports


# ------------------------------------------------------------------ monthly reminders (催报)


def reminders_send(
    *, at: dt.datetime, period: str | None = None, force: bool = False
) -> ReminderRun | None:
    """Remind whoever has not reported the last month by the due day; once per month.

    1. the month is the one before `at` (or `period`); nothing happens before its due day
       (unless `force`), nor a second time for the same month (a ReminderRun row per month);
    2. each overdue enterprise's own reporters are told (in-app and email);
    3. each town's liaisons get the list of their town's overdue enterprises;
    4. 就业促进和职业能力建设科 and the group-chat robots get the count by town.
    Returns the run, or None when nothing was due.
    """
    from django.db import IntegrityError

    from layoffwatch.accounts.models import User
    from layoffwatch.accounts.roles import Role
    from layoffwatch.notifications.services import notify

    from .selectors import due_date, overdue_enterprises, overdue_summary, period_before

    today = local_day(at)
    period = period or period_before(today)
    due = due_date(period)
    if today <= due and not force:
        return None
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = ReminderRun.objects.create(period=period, due_on=due, ran_at=at)
        except IntegrityError:
            return None  # this month's reminders went out already (or are going out now)
        overdue_qs = overdue_enterprises(period)
        overdue = list(overdue_qs)
        link = f"/reporting/overdue/?period={period}"
        told = 0
        reporters: dict[int, list] = {}
        for user in User.objects.filter(
            role=Role.ENTERPRISE, is_active=True, enterprise__in=[e.pk for e in overdue]
        ):
            reporters.setdefault(user.enterprise_id, []).append(user)
        for e in overdue:
            if e.pk in reporters:
                told += len(
                    notify(
                        users=reporters[e.pk],
                        title=f"请尽快报送 {period} 月度用工报告",
                        body=f"{e.name}：{period} 月度用工报告应于 {due:%Y-%m-%d} 前报送，至今未收到。"
                        "请登录系统或扫描企业填报二维码报送。",
                        link="/reporting/",
                        kind="reminder",
                        at=at,
                        webhook=False,
                    ).notifications
                )
        by_town: dict[str, list] = {}
        for e in overdue:
            by_town.setdefault(e.town_id, []).append(e)
        for town_id, ents in by_town.items():
            liaisons = User.objects.filter(role=Role.TOWN_LIAISON, is_active=True, town_id=town_id)
            told += len(
                notify(
                    users=liaisons,
                    title=f"{ents[0].town.name} {len(ents)} 家企业未报送 {period} 月度用工报告",
                    body="、".join(e.name for e in ents[:30]) + ("等" if len(ents) > 30 else ""),
                    link=link,
                    kind="reminder",
                    at=at,
                    webhook=False,
                ).notifications
            )
        if overdue:
            staff = responsible_section_staff()
            summary = overdue_summary(overdue_qs)
            towns: dict[str, int] = {}
            for row in summary:
                towns[row["town"]] = towns.get(row["town"], 0) + row["count"]
            told += len(
                notify(
                    users=staff,
                    title=f"{period} 月度用工报告：{len(overdue)} 家企业逾期未报（截止 {due:%m月%d日}）",
                    body="；".join(f"{t} {n} 家" for t, n in towns.items()),
                    link=link,
                    kind="reminder",
                    at=at,
                ).notifications
            )
        ReminderRun.objects.filter(pk=run.pk).update(overdue=len(overdue), people_told=told)
        run.overdue, run.people_told = len(overdue), told
        audit_record(
            action="create",
            obj=run,
            summary=f"{period} 月度用工报告催报：{len(overdue)} 家逾期未报，通知 {told} 人",
            actor_label="系统（月度催报）",
        )
    return run
