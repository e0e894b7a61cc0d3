"""Corrections (更正, ADR 0049): a report is corrected by a new version of its series; the earlier
version is kept, no longer current and no longer counted. Through the QR link (no login) only
who holds the receipt's correction code may correct (ADR 0083); staff, the enterprise's own
reporter and API tokens correct within their scope."""

from django.core.exceptions import ValidationError

from ..models import LayoffReport, MonthlyReport, correction_code_matches
from ..selectors import layoff_report_of


def layoff_report_corrected(enterprise, data: dict, *, actor, errors: dict) -> LayoffReport | None:
    """The enterprise's layoff report that `data["corrects"]` names by its receipt number, or None
    (no correction, or a problem: then `errors["corrects"]` says which)."""
    receipt = (data.get("corrects") or "").strip()
    if not receipt:
        return None
    corrects = layoff_report_of(enterprise, receipt)
    if actor is None:
        # ADR 0083: anyone holding the printed QR link may report, but only who holds the
        # receipt's correction code may correct it; an unknown number and a wrong code
        # read the same (receipt numbers are sequential: no oracle)
        if corrects is None or not correction_code_matches(
            corrects, data.get("correction_code") or ""
        ):
            errors["corrects"] = [
                f"未找到本企业回执编号为 {receipt} 且更正码相符的裁员报告，"
                "请核对回执上的回执编号和更正码"
            ]
            return None
    elif corrects is None:
        errors["corrects"] = [f"未找到本企业回执编号为 {receipt} 的裁员报告，请核对回执编号"]
    return corrects


def layoff_report_supersede(corrects: LayoffReport) -> LayoffReport:
    """In the new version's transaction: the corrected version, locked and still current and not
    withdrawn (else ValidationError), is current no more."""
    corrects = LayoffReport.objects.select_for_update().get(pk=corrects.pk)
    if not corrects.is_current or corrects.withdrawn:
        raise ValidationError({"corrects": "只能更正现行且未撤回的报告版本"})
    LayoffReport.objects.filter(pk=corrects.pk).update(is_current=False)
    return corrects


def monthly_report_supersede(enterprise, period: str) -> MonthlyReport | None:
    """In the new report's transaction: the month's current report (a second report for the same
    month is its correction), locked and current no more; None for the month's first report."""
    previous = (
        MonthlyReport.objects.select_for_update()
        .filter(enterprise=enterprise, period=period, is_current=True)
        .first()
    )
    if previous is not None:
        MonthlyReport.objects.filter(pk=previous.pk).update(is_current=False)
    return previous


def require_monthly_code(enterprise, period: str, code: str) -> None:
    """ADR 0083: through the QR link (no login) a month already reported is corrected only with
    the correction code of that month's current report, as a layoff report is."""
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
