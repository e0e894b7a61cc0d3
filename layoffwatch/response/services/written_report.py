"""The written report after closure (plan S6.2, ADR 0054): edited by the task force, signed
by a bureau leader once no fact is left to fill in."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.accounts.roles import Role
from layoffwatch.audit.refusals import guarded
from layoffwatch.core.clock import local_day
from layoffwatch.core.recorded import recorded

from ..models import WrittenReport
from ..permissions import has_role, is_task_force
from ..wording import TO_FILL, missing_facts
from .common import case_event


@guarded("修改书面报告", subject=lambda kw: kw["report"])
def written_report_update(
    *, report: WrittenReport, actor, title: str = "", sections: dict, at: dt.datetime
) -> WrittenReport:
    report = WrittenReport.objects.select_for_update().get(pk=report.pk)
    if not is_task_force(actor):
        raise PermissionDenied("只有工作专班成员可以修改书面报告")
    if report.status != WrittenReport.Status.DRAFT:
        raise ValidationError({"report": "书面报告已签发，不能再修改"})
    rows = []
    for row in report.sections:
        text = (sections.get(row["key"], row["text"]) or "").strip()
        if not text:
            raise ValidationError({row["key"]: f"“{row['title']}”不能为空（预案六（二））"})
        rows.append({**row, "text": text})
    before = {"title": report.title, "sections": report.sections}
    report.title = (title or report.title).strip()[:200]
    report.sections, report.updated_at, report.updated_by = rows, at, actor
    report.save(update_fields=["title", "sections", "updated_at", "updated_by"])
    case_event(
        case=report.case,
        kind="report_edit",
        at=at,
        actor=actor,
        obj=report,
        summary=recorded(N_("修改书面报告")),
        data={"before_title": before["title"]},
    )
    return report


@guarded("签发书面报告", subject=lambda kw: kw["report"])
def written_report_sign(*, report: WrittenReport, actor, at: dt.datetime) -> WrittenReport:
    if not has_role(actor, Role.LEADER):
        raise PermissionDenied("书面报告须由局领导签发")
    report = WrittenReport.objects.select_for_update().get(pk=report.pk)
    if report.status != WrittenReport.Status.DRAFT:
        raise ValidationError({"report": "书面报告已签发"})
    # plan S6.2, ADR 0054: the report states only what the record or the task force says; a fact
    # still 待填写 keeps it unsigned
    missing = missing_facts(title=report.title, sections=report.sections)
    if missing:
        by_section: dict[str, list[str]] = {}
        for section, fact in missing:
            by_section.setdefault(section, []).append(f"“{fact}”")
        raise ValidationError(
            {
                "report": f"书面报告还有 {len(missing)} 处“{TO_FILL}”，不能签发："
                + "；".join(f"{name}：{'、'.join(facts)}" for name, facts in by_section.items())
                + "。请工作专班修改书面报告、填入实际情况后再签发"
            }
        )
    # why conditional: it is signed once, by whoever signs first. The report is dated the day it
    # is signed (GB/T 9704-2012 7.3.5: 成文日期 is the day the head of the issuing body signs)
    signed = WrittenReport.objects.filter(pk=report.pk, status=WrittenReport.Status.DRAFT).update(
        status=WrittenReport.Status.SIGNED, signed_at=at, signed_by=actor, report_date=local_day(at)
    )
    if not signed:
        raise ValidationError({"report": "书面报告已签发"})
    report.refresh_from_db()
    case_event(
        case=report.case,
        kind="report_signed",
        at=at,
        actor=actor,
        obj=report,
        summary=recorded(N_("局领导签发书面报告，可报送市人力社保局")),
    )
    return report
