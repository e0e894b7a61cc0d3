"""Missing-report findings (未报告发现, plan S3.1.1): a monthly report whose cuts reach the reporting
threshold while no layoff report covers the month raises a finding; a layoff report arriving
later, or staff following it up, closes it."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.audit.refusals import guarded
from layoffwatch.audit.services import audit_record, audit_record_many
from layoffwatch.core.recorded import listed, reasons_recorded, recorded
from layoffwatch.enterprises.selectors import responsible_people
from layoffwatch.notifications.services import notify
from layoffwatch.policy.rules import reporting_duty
from layoffwatch.policy.selectors import policy_in_force

from ..models import LayoffReport, LayoffWave, MissingReportFinding, MonthlyReport
from .common import require_record_scope


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


def _bases(report: MonthlyReport):
    """(basis, month, cut, dispatched): this month's separations and next month's planned cuts."""
    yield (
        MissingReportFinding.Basis.SEPARATIONS,
        report.period,
        report.separations,
        report.dispatched_separations,
    )
    yield (
        MissingReportFinding.Basis.PLANNED,
        next_period(report.period),
        report.planned_cuts_next,
        report.planned_dispatched_cuts_next,
    )


def _over_threshold(reports: list[MonthlyReport]) -> list[tuple]:
    """The figures that reach the policy's reporting threshold: pure, no query."""
    policy = policy_in_force()
    candidates = []
    for report in reports:
        for basis, period, cut, dispatched in _bases(report):
            if not cut:
                continue
            duty = reporting_duty(
                cut=cut, dispatched=dispatched, on=month_bounds(period)[0], policy=policy
            )
            if duty.must_report:
                candidates.append((report, basis, period, cut, dispatched, duty))
    return candidates


def _unreported(report: MonthlyReport, basis: str, period: str) -> bool:
    """No current layoff report covers the month, and no finding for it is open yet."""
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
    return not (reported or already)


def _announce(raised: list[MissingReportFinding], *, at: dt.datetime) -> None:
    """Audit the new findings and tell the people responsible for each enterprise."""
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
    for f in raised:
        notify(
            users=responsible_people(f.enterprise),
            title=recorded(
                N_("%(enterprise)s %(period)s %(basis)s %(count)s 人，未见裁员报告"),
                enterprise=f.enterprise.name,
                period=f.period,
                basis=MissingReportFinding.Basis(f.basis).label,
                count=f.count,
            ),
            # the finding's reasons, each by its own message (ADR 0100)
            body=recorded(
                N_("%(reasons)s。请核实并督促企业报告。"),
                reasons=listed(reasons_recorded(f.reasons, f.reason_messages)[:2], "；"),
            ),
            link=f"/reporting/findings/{f.pk}/",
            kind="finding",
            at=at,
        )


def findings_raise(*, reports: list[MonthlyReport], at: dt.datetime) -> list[MissingReportFinding]:
    """plan S3.1.1: a monthly report whose separations this month, or planned cuts next month
    (dispatched included), reach the reporting threshold (policy `reporting_duty`) while the
    enterprise has no layoff report for that month raises a finding for staff to follow up.

    The threshold is the policy's, checked first (pure, no query); only reports that reach it
    cost queries. One open finding per enterprise, month and basis: a correction does not repeat it.
    """
    raised = [
        MissingReportFinding.objects.create(
            enterprise=report.enterprise,
            monthly_report=report,
            period=period,
            basis=basis,
            count=cut,
            dispatched=dispatched,
            policy_version=duty.version,
            reasons=duty.reasons,
            reason_messages=duty.reason_messages,
            raised_at=at,
        )
        for report, basis, period, cut, dispatched, duty in _over_threshold(reports)
        if _unreported(report, basis, period)
    ]
    if raised:
        _announce(raised, at=at)
    return raised


def findings_resolve_by_report(report: LayoffReport, waves, *, at: dt.datetime) -> int:
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
    require_record_scope(actor, finding.enterprise_id, "未报告发现")
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
