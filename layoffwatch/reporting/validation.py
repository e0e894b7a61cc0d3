"""Checks of a submitted report, one Chinese message per field (API field names: waves.0.date).

Wording lives here (FAC style: user-facing wording in one place). A report that fails any check
is not stored at all (ADR 0044). A monthly report's messages (and the counts' of a layoff report)
are said when read (`reporting.said`): in the reader's language on the form, the API or the bulk
upload's page, in Chinese in the audit log's "rejected" entry (ADR 0100).
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop as N_

from layoffwatch.core.clock import local_day, local_month
from layoffwatch.core.recorded import Recorded, listed, recorded, term
from layoffwatch.core.validators import validate_phone
from layoffwatch.policy.selectors import ReportingLimits, reporting_limits

from .models import MAX_COUNT, LayoffReport, MonthlyReport
from .said import said


class Errors:
    def __init__(self):
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _count(
    errors: Errors, data: dict, field: str, label: str, *, required=True, minimum=0, key=None
):
    value = data.get(key or field)
    # the field's name, in the reader's language (ADR 0100)
    name = label if isinstance(label, Recorded) else term(label)
    if value is None or value == "":
        if required:
            errors.add(field, said(N_("请填写%(label)s"), label=name))
        return None if required else 0
    if isinstance(value, bool):
        errors.add(field, said(N_("%(label)s应为整数"), label=name))
        return None
    if isinstance(value, str):
        if not re.fullmatch(r"-?\d+", value.strip()):
            errors.add(field, said(N_("%(label)s应为整数"), label=name))
            return None
        value = int(value.strip())
    if not isinstance(value, int):
        errors.add(field, said(N_("%(label)s应为整数"), label=name))
        return None
    if value < 0:
        errors.add(
            field, said(N_("%(label)s不能为负数（实际为 %(value)s）"), label=name, value=value)
        )
        return None
    if value < minimum:
        errors.add(field, said(N_("%(label)s不能小于 %(n)s"), label=name, n=minimum))
        return None
    if value > MAX_COUNT:
        errors.add(
            field,
            said(
                N_("%(label)s %(value)s 超过上限 %(max)s，请核对"),
                label=name,
                value=value,
                max=f"{MAX_COUNT:,}",
            ),
        )
        return None
    return value


def _date(errors: Errors, value, field: str, label) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        name = label if isinstance(label, Recorded) else term(label)
        errors.add(field, said(N_("%(label)s格式应为 YYYY-MM-DD"), label=name))
        return None


def _text(data: dict, field: str, limit: int) -> str:
    return str(data.get(field) or "").strip()[:limit]


def _layoff_figures(errors: Errors, data: dict, enterprise) -> tuple[int | None, int | None]:
    """The planned cut and its dispatched part, checked against each other and against the
    headcount given (or, without one, the enterprise's insured headcount)."""
    cut = _count(errors, data, "planned_cut", "计划裁减人数", minimum=1)
    dispatched = _count(errors, data, "dispatched_cut", "其中派遣人员人数", required=False)
    headcount = data.get("headcount")
    if cut is not None and dispatched is not None and dispatched > cut:
        errors.add(
            "dispatched_cut",
            said(
                N_("派遣人员 %(dispatched)s 人多于计划裁减总人数 %(cut)s 人"),
                dispatched=dispatched,
                cut=cut,
            ),
        )
    if headcount not in (None, ""):
        headcount = _count(errors, data, "headcount", "职工总数", minimum=1)
        if headcount is not None and cut is not None and cut > headcount:
            errors.add(
                "planned_cut",
                said(
                    N_("计划裁减 %(cut)s 人超过职工总数 %(headcount)s 人"),
                    cut=cut,
                    headcount=headcount,
                ),
            )
    elif cut is not None and dispatched is not None and enterprise is not None:
        own = cut - dispatched
        if enterprise.insured_headcount and own > enterprise.insured_headcount:
            errors.add(
                "planned_cut",
                said(
                    N_(
                        "计划裁减本单位职工 %(own)s 人（不含派遣）超过企业参保人数 %(insured)s 人，"
                        "请核对"
                    ),
                    own=own,
                    insured=enterprise.insured_headcount,
                ),
            )
    return cut, dispatched


def _wave_list(errors: Errors, data: dict, cut: int | None, *, max_waves: int):
    """The waves as given: (waves read, the raw list, (index, date) of each wave read). One date
    and no list (effective_date) is one wave of the whole cut."""
    waves: list[tuple[dt.date, int]] = []
    raw_waves = data.get("waves") or []
    effective = data.get("effective_date")
    if not raw_waves and effective in (None, ""):
        errors.add("waves", said(N_("请填写裁员日期，或分批裁员的每批日期和人数")))
    elif not raw_waves:
        day = _date(errors, effective, "effective_date", "裁员日期")
        if day is not None and cut is not None:
            waves = [(day, cut)]
        raw_waves = []
    if len(raw_waves) > max_waves:
        errors.add("waves", said(N_("分批计划最多 %(n)s 批"), n=max_waves))
        raw_waves = []
    wave_fields = []
    for i, wave in enumerate(raw_waves):
        if not isinstance(wave, dict):
            errors.add(f"waves.{i}", said(N_("第 %(n)s 批须写明日期和人数"), n=i + 1))
            continue
        day_label = recorded(N_("第 %(n)s 批日期"), n=i + 1)
        day = _date(errors, wave.get("date"), f"waves.{i}.date", day_label)
        count_label = recorded(N_("第 %(n)s 批人数"), n=i + 1)
        count = _count(errors, wave, f"waves.{i}.count", count_label, minimum=1, key="count")
        if day is not None and count is not None:
            wave_fields.append((i, day))
            waves.append((day, count))
    return waves, raw_waves, wave_fields


def _wave_dates_in_reach(
    errors: Errors, waves, wave_fields, *, today: dt.date, limits: ReportingLimits
) -> None:
    """ADR 0040: a wave may be reported after the fact, but not too long after; nor planned too
    far ahead (the limits are dated parameters of policy reporting.yaml, ADR 0092)."""
    for i, day in wave_fields or ([(None, waves[0][0])] if waves else []):
        field = f"waves.{i}.date" if i is not None else "effective_date"
        if day < today - dt.timedelta(days=limits.wave_past_days):
            errors.add(
                field,
                said(
                    N_("日期 %(day)s 早于今天 %(n)s 天以上，超过补报期限，请联系区人力社保局"),
                    day=str(day),
                    n=limits.wave_past_days,
                ),
            )
        elif day > today + dt.timedelta(days=limits.wave_future_days):
            errors.add(
                field,
                said(
                    N_("日期 %(day)s 晚于今天 %(n)s 天以上，请核对"),
                    day=str(day),
                    n=limits.wave_future_days,
                ),
            )


def _layoff_waves(errors: Errors, data: dict, cut: int | None, *, today: dt.date):
    """The waves (date, count), each within reach of today, adding up to the planned cut."""
    limits = reporting_limits(today)
    waves, raw_waves, wave_fields = _wave_list(errors, data, cut, max_waves=limits.max_waves)
    _wave_dates_in_reach(errors, waves, wave_fields, today=today, limits=limits)
    if raw_waves and cut is not None and len(waves) == len(raw_waves):
        total = sum(c for _d, c in waves)
        if total != cut:
            errors.add(
                "waves",
                said(
                    N_("各批人数合计 %(total)s 人，与计划裁减人数 %(cut)s 人不一致"),
                    total=total,
                    cut=cut,
                ),
            )
    return waves


def _reasons(errors: Errors, data: dict) -> list[str]:
    reasons = data.get("reasons") or []
    if isinstance(reasons, str):
        reasons = [reasons]
    valid = set(LayoffReport.Reason.values)
    bad = [r for r in reasons if r not in valid]
    if bad:
        errors.add(
            "reasons",
            said(
                N_("不认识的裁员原因 %(bad)s（可选：%(valid)s）"),
                bad=listed(map(str, bad)),
                valid=listed(valid),
            ),
        )
    return reasons


def _contact(errors: Errors, data: dict) -> tuple[str, str]:
    """The contact person and a valid phone number, both required."""
    contact_name = _text(data, "contact_name", 40)
    if not contact_name:
        errors.add("contact_name", said(N_("请填写联系人")))
    contact_phone = _text(data, "contact_phone", 20)
    if not contact_phone:
        errors.add("contact_phone", said(N_("请填写联系电话")))
    else:
        try:
            validate_phone(contact_phone)
        except ValidationError as exc:
            errors.add("contact_phone", exc.error_list[0].message)  # said when read
    return contact_name, contact_phone


def clean_layoff(
    *, data: dict, enterprise, at: dt.datetime
) -> tuple[dict, list[tuple[dt.date, int]]]:
    """The model fields and the waves of a layoff report, or ValidationError naming each field."""
    errors = Errors()
    cut, dispatched = _layoff_figures(errors, data, enterprise)
    waves = _layoff_waves(errors, data, cut, today=local_day(at))
    reasons = _reasons(errors, data)
    contact_name, contact_phone = _contact(errors, data)
    errors.raise_if_any()
    fields = {
        "planned_cut": cut,
        "dispatched_cut": dispatched or 0,
        "is_closure": bool(data.get("is_closure")),
        "reasons": list(dict.fromkeys(reasons)),
        "reasons_text": _text(data, "reasons_text", 1000),
        "jobs_affected": _text(data, "jobs_affected", 500),
        "union_consulted": bool(data.get("union_consulted")),
        "resettlement_plan": _text(data, "resettlement_plan", 5000),
        "severance_status": _text(data, "severance_status", 500),
        "contact_name": contact_name,
        "contact_phone": contact_phone,
        "remarks": _text(data, "remarks", 2000),
        "source_note": _text(data, "source_note", 200),
    }
    return fields, sorted(waves)


MONTHLY_COUNTS = [
    ("headcount_start", "月初职工人数", True),
    ("headcount_end", "月末职工人数", True),
    ("hires", "本月新增人数", False),
    ("separations", "本月减少人数", False),
    ("dispatched_hires", "其中派遣新增人数", False),
    ("dispatched_separations", "其中派遣减少人数", False),
    ("planned_hires_next", "下月计划新增人数", False),
    ("planned_cuts_next", "下月计划减少人数", False),
    ("planned_dispatched_hires_next", "下月其中派遣新增人数", False),
    ("planned_dispatched_cuts_next", "下月其中派遣减少人数", False),
]


def _period(errors: Errors, data: dict, at: dt.datetime) -> str:
    """The report's month: YYYY-MM, not in the future, not before the platform began."""
    period = str(data.get("period") or "").strip()
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        errors.add("period", said(N_("报告月份格式应为 YYYY-MM，如 2026-11")))
    elif period > local_month(at):
        errors.add("period", said(N_("报告月份 %(period)s 尚未到来"), period=period))
    elif period < "2023-01":
        errors.add("period", said(N_("报告月份 %(period)s 早于平台启用时间"), period=period))
    return period


# (the dispatched part, the whole it is part of)
DISPATCHED_PARTS = [
    ("dispatched_hires", "hires"),
    ("dispatched_separations", "separations"),
    ("planned_dispatched_hires_next", "planned_hires_next"),
    ("planned_dispatched_cuts_next", "planned_cuts_next"),
]


def _monthly_counts(errors: Errors, data: dict) -> dict:
    """The counts (MONTHLY_COUNTS), each dispatched part within its whole, and no more people
    leaving than there were, nor planned to leave than remain."""
    v = {
        field: _count(errors, data, field, label, required=required)
        for field, label, required in MONTHLY_COUNTS
    }
    for part, whole in DISPATCHED_PARTS:
        if v[part] is not None and v[whole] is not None and v[part] > v[whole]:
            errors.add(
                part,
                said(
                    N_("其中派遣人数 %(part)s 人多于总数 %(whole)s 人"),
                    part=v[part],
                    whole=v[whole],
                ),
            )
    if None not in (v["headcount_start"], v["hires"], v["separations"]):
        if v["separations"] > v["headcount_start"] + v["hires"]:
            errors.add(
                "separations",
                said(
                    N_("本月减少 %(gone)s 人超过月初人数与新增人数之和 %(sum)s 人"),
                    gone=v["separations"],
                    sum=v["headcount_start"] + v["hires"],
                ),
            )
    return v


def _planned_cuts_within_staff(errors: Errors, v: dict) -> None:
    if v["headcount_end"] is not None and v["planned_cuts_next"] is not None:
        if v["planned_cuts_next"] > v["headcount_end"]:
            errors.add(
                "planned_cuts_next",
                said(
                    N_("下月计划减少 %(cuts)s 人超过月末职工人数 %(end)s 人"),
                    cuts=v["planned_cuts_next"],
                    end=v["headcount_end"],
                ),
            )


def _operating_status(errors: Errors, data: dict) -> str:
    status = data.get("operating_status") or MonthlyReport.Operating.NORMAL
    if status not in MonthlyReport.Operating.values:
        errors.add(
            "operating_status",
            said(N_("经营状况应为 normal（正常）、reduced（减产）或 halted（停产）")),
        )
    return status


def _revenue_change(errors: Errors, data: dict) -> Decimal | None:
    """The revenue's change in per cent (one decimal), or None when not given."""
    revenue = data.get("revenue_change_pct")
    if revenue in (None, ""):
        return None
    try:
        revenue = Decimal(str(revenue)).quantize(Decimal("0.1"))
        if not Decimal("-100") <= revenue <= Decimal("10000"):
            errors.add("revenue_change_pct", said(N_("营业收入变化应在 -100% 到 10000% 之间")))
    except InvalidOperation:
        errors.add("revenue_change_pct", said(N_("营业收入变化应为数字（百分比）")))
    return revenue


def _wages(errors: Errors, data: dict) -> tuple[bool, Decimal, int]:
    """Wages paid in full and on time, or else the arrears (amount or months, at least one)."""
    paid = data.get("wages_paid_in_full", True)
    paid = paid if isinstance(paid, bool) else str(paid).lower() in ("1", "true", "on", "yes")
    arrears = Decimal("0")
    months = 0
    if paid:
        return paid, arrears, months
    try:
        arrears = Decimal(str(data.get("wage_arrears_amount") or 0)).quantize(Decimal("0.01"))
        if arrears < 0 or arrears > Decimal("1e11"):
            errors.add("wage_arrears_amount", said(N_("欠薪金额不能为负数或超过上限")))
    except InvalidOperation:
        errors.add("wage_arrears_amount", said(N_("欠薪金额应为数字（元）")))
    months = _count(errors, data, "wage_arrears_months", "欠薪月数", required=False) or 0
    if months > 120:
        errors.add("wage_arrears_months", said(N_("欠薪月数不能超过 120")))
    if arrears == 0 and months == 0 and "wage_arrears_amount" not in errors.by_field:
        errors.add(
            "wage_arrears_amount", said(N_("未足额按时发放工资时，请填写欠薪金额或欠薪月数"))
        )
    return paid, arrears, months


def clean_monthly(*, data: dict, enterprise, at: dt.datetime) -> dict:
    """The model fields of a monthly report, or ValidationError naming each field."""
    errors = Errors()
    period = _period(errors, data, at)
    values = _monthly_counts(errors, data)
    gap, gap_note = _headcount_gap(errors, data, values)
    _planned_cuts_within_staff(errors, values)
    status = _operating_status(errors, data)
    revenue = _revenue_change(errors, data)
    paid, arrears, months = _wages(errors, data)
    errors.raise_if_any()
    return {
        "period": period,
        **values,
        "operating_status": status,
        "revenue_change_pct": revenue,
        "wages_paid_in_full": paid,
        "wage_arrears_amount": arrears,
        "wage_arrears_months": months,
        "headcount_gap": gap,
        "headcount_gap_note": gap_note,
        "remarks": _text(data, "remarks", 2000),
        "source_note": _text(data, "source_note", 200),
    }


def _yes(value) -> bool:
    return value if isinstance(value, bool) else str(value or "").strip().lower() in YES_WORDS


YES_WORDS = {"1", "true", "on", "yes", "是"}


def _headcount_gap(errors: Errors, data: dict, v: dict) -> tuple[int, str]:
    """ADR 0056: 月初 + 本月新增 − 本月减少 = 月末, every figure with the dispatched staff in it
    (plan S3.1.1 “本月职工增减情况（含派遣）”); the 其中派遣 figures are parts of those and are not
    added again. A report that does not add up is refused, naming the four figures, unless the
    reporter confirms them (`confirm_headcount_gap`) and says why (`headcount_gap_note`); then it
    is stored with the difference, for the staff to see. Returns (difference, reason)."""
    start, end, hires, gone = (
        v[k] for k in ("headcount_start", "headcount_end", "hires", "separations")
    )
    if None in (start, end, hires, gone) or gone > start + hires:
        return 0, ""  # a figure is missing or wrong: its own message says so
    expected = start + hires - gone
    gap = end - expected
    if gap == 0:
        return 0, ""
    note = _text(data, "headcount_gap_note", 500)
    if not _yes(data.get("confirm_headcount_gap")):
        errors.add(
            "confirm_headcount_gap",
            said(
                N_(
                    "人数对不上：月初 %(start)s 人 + 本月新增 %(hires)s 人 − 本月减少 %(gone)s 人"
                    " = %(expected)s 人，而月末职工人数填的是 %(end)s 人（%(gap)s）。"
                    "请核对月初职工人数、本月新增、本月减少和月末职工人数（均含派遣人员）后修改；"
                    "如数字确实无误，请确认提交并填写人数不平的原因"
                ),
                start=start,
                hires=hires,
                gone=gone,
                expected=expected,
                end=end,
                gap=_gap_words(gap),
            ),
        )
    elif not note:
        errors.add(
            "headcount_gap_note",
            said(
                N_("月末职工人数比推算%(gap)s：确认提交时请填写人数不平的原因"),
                gap=_gap_words(gap),
            ),
        )
    return gap, note


def _gap_words(gap: int):
    """多 n 人 / 少 n 人, to quote in a message said when read."""
    return recorded(N_("多 %(n)s 人"), n=gap) if gap > 0 else recorded(N_("少 %(n)s 人"), n=-gap)
