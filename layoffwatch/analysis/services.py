"""The monthly analysis (plan S6.1 研判就业形势): drafted from the month's tables, edited by the
bureau's staff, signed by a leader — the shape of a case's written report (response.services.
written_report, ADR 0054).

- Who: section staff, leaders and administrators draft and edit; only a leader signs. Others
  are refused (PermissionDenied).
- A signed analysis is final: neither redrafted nor edited. A leader cannot sign while a section
  is empty (下一步工作建议 is never drafted: staff write it).
- Each change is one transaction and one audit entry; a refusal changes nothing and is audited
  after the rollback, its message in the bureau's Chinese whatever the page's language
  (STYLE "refusals", ADR 0100).
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from layoffwatch.accounts.roles import Role
from layoffwatch.audit.services import audit_record

from .drafting import SECTION_KEYS, STAFF_WRITTEN, draft_sections, section_title
from .forecasting import TooLittleHistory, run_forecasts
from .hotspots import largest_events, month_hotspots
from .indicators import PERIOD, NoData, month_indicators
from .models import ForecastRun, MonthlyAnalysis
from .refusals import refusals_audited

WRITERS = {Role.ADMIN, Role.LEADER, Role.SECTION_STAFF}
SIGNERS = {Role.LEADER}
OBJECT_TYPE = "analysis.monthlyanalysis"


def _section_names(keys: list[str]) -> str:
    return "、".join(section_title(key) for key in keys)


_names_said = lazy(_section_names, str)


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_write(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in WRITERS)


def can_sign(user) -> bool:
    return _active(user) and user.role in SIGNERS


def _refusals_audited(what: str, *, actor, obj=None):
    return refusals_audited(what, actor=actor, obj=obj, object_type=OBJECT_TYPE)


def _require_writer(actor) -> None:
    if not can_write(actor):
        raise PermissionDenied(_("只有科室工作人员、局领导和系统管理员可以起草和修改月度形势分析"))


def _not_signed(analysis: MonthlyAnalysis, message) -> None:
    if analysis.status == MonthlyAnalysis.Status.SIGNED:
        raise ValidationError(message)


def analysis_draft(period: str, *, actor, at: dt.datetime) -> MonthlyAnalysis:
    """Draft the month's analysis from its district-wide tables, or refresh a draft: the drafted
    sections are written again from the figures as they are now; what staff wrote in
    下一步工作建议 is kept."""
    with _refusals_audited(
        "起草月度形势分析",
        actor=actor,
        obj=lambda: MonthlyAnalysis.objects.filter(period=period).first(),
    ):
        _require_writer(actor)
        if not PERIOD.fullmatch(period or ""):
            raise ValidationError(_("月份：应为“YYYY-MM”格式，如 2026-03"))
        try:
            m = month_indicators(period)
        except NoData:
            raise ValidationError(
                _(
                    "%(period)s没有可分析的数据：该月的社保、失业登记和人力资源市场数据均未导入，"
                    "本平台也没有该月的直报、监测、预警和权益案件记录"
                ),
                params={"period": period},
            ) from None
        drafted = draft_sections(m, month_hotspots(m), largest_events(period))
        with transaction.atomic():
            analysis = MonthlyAnalysis.objects.select_for_update().filter(period=period).first()
            if analysis is None:
                analysis = MonthlyAnalysis.objects.create(
                    period=period, sections=drafted, drafted_at=at, drafted_by=actor
                )
                audit_record(
                    action="create",
                    actor=actor,
                    obj=analysis,
                    summary=f"起草{period}月度形势分析",
                    after={"sections": drafted},
                )
                return analysis
            _not_signed(analysis, _("该月分析已签发，不能重新起草"))
            kept = {row["key"]: row["text"] for row in analysis.sections}
            sections = [
                {**row, "text": kept.get(row["key"], "")} if row["key"] in STAFF_WRITTEN else row
                for row in drafted
            ]
            before = analysis.sections
            analysis.sections, analysis.drafted_at, analysis.drafted_by = sections, at, actor
            analysis.save(update_fields=["sections", "drafted_at", "drafted_by"])
            audit_record(
                action="update",
                actor=actor,
                obj=analysis,
                summary=f"按当前数据重新起草{period}月度形势分析",
                before={"sections": before},
                after={"sections": sections},
            )
    return analysis


def analysis_edit(
    analysis: MonthlyAnalysis, *, texts: dict[str, str], actor, at: dt.datetime
) -> MonthlyAnalysis:
    """Save staff's texts of the sections named in `texts` (the others as they were)."""
    with _refusals_audited("修改月度形势分析", actor=actor, obj=analysis):
        _require_writer(actor)
        unknown = [key for key in texts if key not in SECTION_KEYS]
        if unknown:
            raise ValidationError(_("没有这个栏目：%(keys)s"), params={"keys": "、".join(unknown)})
        with transaction.atomic():
            analysis = MonthlyAnalysis.objects.select_for_update().get(pk=analysis.pk)
            _not_signed(analysis, _("该月分析已签发，不能再修改"))
            old = {row["key"]: row["text"] for row in analysis.sections}
            sections = [
                {"key": key, "text": (texts.get(key, old.get(key, "")) or "").strip()}
                for key in SECTION_KEYS
            ]
            changed = [s["key"] for s in sections if s["text"] != old.get(s["key"], "")]
            if not changed:
                return analysis
            before = analysis.sections
            analysis.sections, analysis.edited_at, analysis.edited_by = sections, at, actor
            analysis.save(update_fields=["sections", "edited_at", "edited_by"])
            with override(settings.LANGUAGE_CODE):  # the audit log keeps the bureau's words
                names = _section_names(changed)
            audit_record(
                action="update",
                actor=actor,
                obj=analysis,
                summary=f"修改{analysis.period}月度形势分析：{names}",
                before={"sections": before},
                after={"sections": sections},
            )
    return analysis


def analysis_sign(analysis: MonthlyAnalysis, *, actor, at: dt.datetime) -> MonthlyAnalysis:
    """A leader signs the analysis once every section has its text; once."""
    with _refusals_audited("签发月度形势分析", actor=actor, obj=analysis):
        if not can_sign(actor):
            raise PermissionDenied(_("月度形势分析须由局领导签发"))
        with transaction.atomic():
            analysis = MonthlyAnalysis.objects.select_for_update().get(pk=analysis.pk)
            _not_signed(analysis, _("该月分析已签发"))
            texts = {row["key"]: (row["text"] or "").strip() for row in analysis.sections}
            empty = [key for key in SECTION_KEYS if not texts.get(key)]
            if empty:
                # the section names in the language the message is read in
                names = _names_said(empty)
                raise ValidationError(_("尚未填写：%(sections)s"), params={"sections": names})
            # why conditional: it is signed once, by whoever signs first
            signed = MonthlyAnalysis.objects.filter(
                pk=analysis.pk, status=MonthlyAnalysis.Status.DRAFT
            ).update(status=MonthlyAnalysis.Status.SIGNED, signed_at=at, signed_by=actor)
            if not signed:
                raise ValidationError(_("该月分析已签发"))
            analysis.refresh_from_db()
            audit_record(
                action="update",
                actor=actor,
                obj=analysis,
                summary=f"局领导签发{analysis.period}月度形势分析",
                after={"status": analysis.status, "signed_at": at},
            )
    return analysis


def forecast_make(period: str, *, actor=None, at: dt.datetime, jobs: int = 1) -> ForecastRun:
    """The forecasts after `period` with their back-test (plan S3.1.3 预测, ADR 0105), kept as a
    ForecastRun with the months they saw. `actor` None is the queue's monthly run or the command;
    a person must be one who drafts the analysis. A month without its social-insurance feed, or
    with too few months before it, is refused and nothing is kept."""
    started = time.monotonic()
    with refusals_audited("生成就业形势预测", actor=actor, object_type="analysis.forecastrun"):
        if actor is not None:
            _require_writer(actor)
        if not PERIOD.fullmatch(period or ""):
            raise ValidationError(_("月份：应为“YYYY-MM”格式，如 2026-03"))
        try:
            result = run_forecasts(period, n_jobs=jobs)
        except NoData:
            raise ValidationError(
                _("月份：%(period)s的社保参保缴费数据尚未导入，无法预测"), params={"period": period}
            ) from None
        except TooLittleHistory:
            raise ValidationError(
                _("月份：截至%(period)s只有1个月的社保参保缴费数据，至少需要连续2个月才能预测"),
                params={"period": period},
            ) from None
        with transaction.atomic():
            run = ForecastRun.objects.create(
                first_period=result["months"][0],
                period=period,
                created_at=at,
                # kept now: the start plus the time the work took (on the same clock as `at`)
                finished_at=at + dt.timedelta(seconds=time.monotonic() - started),
                requested_by=actor,
                parameters=result["parameters"],
                result=result,
                seconds=result["seconds"],
            )
            audit_record(
                action="create",
                actor=actor,
                obj=run,
                summary=f"生成{period}之后{len(result['forecast_months'])}个月的就业形势预测"
                f"（使用{result['months'][0]}至{period}的数据）",
                after={"backtest": result["backtest"], "parameters": result["parameters"]},
            )
    return run
