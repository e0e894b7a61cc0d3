"""Detector thresholds and import limits: this app's dated parameter file, registered with the
policy (ADR 0092; it was outside the policy's closed file list before, ADR 0060).

`layoffwatch policy check` validates `parameters/monitoring.yaml`, the policy page shows the
labelled values below with their dates and sources, and an administrator revises the file there
like any policy file. `thresholds(on)` resolves every value in force on a date, with the
administrator's revisions; the one-time-cut threshold itself comes from the policy
(reporting.report_threshold, plan S3.1.1) so that both stay one number.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from layoffwatch.policy.loader import (
    Bool,
    Ctx,
    DatedS,
    Int,
    Num,
    Record,
    Str,
    change_dates,
    register_parameters,
)
from layoffwatch.policy.selectors import policy_in_force

KEY = "monitoring"
POS = Int(min=1)
SHARE = Num(above=0, max=1)


def _value(inner) -> DatedS:
    # why not retirable: every detector computes with every threshold; a retired one would stop it.
    return DatedS(inner, retirable=False)


SCHEMA = Record(
    {
        "stoppage": Record(
            {
                "retirement_age_male": _value(POS),
                "retirement_age_female": _value(POS),
                "restructuring_share": _value(SHARE),
                "workforce_stop_share": _value(SHARE),
                "exclude_short_contract_end": _value(Bool()),
                "baseline_months": _value(POS),
                "unusual_share": _value(SHARE),
            }
        ),
        "reconciliation": Record({"window_days": _value(POS), "under_report_share": _value(SHARE)}),
        "claims": Record({"window_days": _value(POS), "min_count": _value(POS)}),
        "distress": Record(
            {
                "min_insured": _value(POS),
                "tax_drop_share": _value(SHARE),
                "key_sample_job_loss_rate": _value(SHARE),
                "wage_arrears_months": _value(POS),
            }
        ),
        "area": Record(
            {
                "rate_jump_points": _value(Num(above=0)),
                "baseline_months": _value(POS),
                "baseline_jump_points": _value(Num(above=0)),
                "registration_surge_ratio": _value(Num(above=1)),
                "registration_surge_min": _value(POS),
                "vacancy_ratio_fall_share": _value(SHARE),
                "capacity_fall_points": _value(Num(above=0)),
            }
        ),
        "imports": Record(
            {
                "max_file_mb": _value(POS),
                "max_xlsx_mb": _value(POS),
                "max_xlsx_rows": _value(POS),
                "unknown_employer_town": _value(Str()),
                "unknown_employer_industry": _value(Str()),
            }
        ),
    }
)


def cross_check(ctx: Ctx, tree: dict) -> None:
    """An Excel file is never allowed to be larger than any feed file."""
    imports = tree["imports"]
    for on in change_dates(imports):
        xlsx, any_file = imports["max_xlsx_mb"].at(on), imports["max_file_mb"].at(on)
        if xlsx is not None and any_file is not None and xlsx > any_file:
            ctx.add(
                "imports.max_xlsx_mb",
                f"自 {on} 起 Excel 文件上限（{xlsx} MB）不能大于数据文件上限（{any_file} MB）",
                f"from {on} the Excel limit ({xlsx} MB) cannot exceed the file limit ({any_file} MB)",
            )


LABELS = {
    "stoppage.retirement_age_male": (_("男职工退休年龄（到龄停缴不计为裁员）"), _("岁")),
    "stoppage.retirement_age_female": (_("女职工退休年龄（到龄停缴不计为裁员）"), _("岁")),
    "stoppage.restructuring_share": (_("离开者转入同一单位的比例达到即视为改制划转"), "%"),
    "stoppage.workforce_stop_share": (_("上月参保人员本月停缴的比例达到即视为整体停缴"), "%"),
    "stoppage.exclude_short_contract_end": (_("上月新增、本月合同到期离开的不计为裁员"), ""),
    "stoppage.baseline_months": (_("断缴与本单位前几个月的常态比较"), _("个月")),
    "stoppage.unusual_share": (_("超出常态的净减员达到裁员人数门槛的比例即提示"), "%"),
    "reconciliation.window_days": (_("断缴与裁员报告比对的前后天数"), _("天")),
    "reconciliation.under_report_share": (_("报告人数比数据少多少视为少报"), "%"),
    "claims.window_days": (_("失业登记聚集的统计天数"), _("天")),
    "claims.min_count": (_("同一原单位失业登记聚集的最少人数"), _("人")),
    "distress.min_insured": (_("企业异常监测的最少参保人数"), _("人")),
    "distress.tax_drop_share": (_("税务收入环比下降达到"), "%"),
    "distress.key_sample_job_loss_rate": (_("重点样本企业月度岗位流失率达到"), "%"),
    "distress.wage_arrears_months": (_("月报欠薪达到"), _("个月")),
    "area.rate_jump_points": (_("镇街调查失业率环比上升达到（百分点）"), ""),
    "area.baseline_months": (_("失业率基线取前几个月的平均"), _("个月")),
    "area.baseline_jump_points": (_("失业率高于基线达到（百分点）"), ""),
    "area.registration_surge_ratio": (_("失业登记人数达到前3个月平均的倍数"), _("倍")),
    "area.registration_surge_min": (_("失业登记激增的最少人数"), _("人")),
    "area.vacancy_ratio_fall_share": (_("求人倍率环比下降达到"), "%"),
    "area.capacity_fall_points": (_("劳动密集型行业产能利用率环比下降达到（百分点）"), ""),
    "imports.max_file_mb": (_("CSV、Parquet 数据文件大小上限"), "MB"),
    "imports.max_xlsx_mb": (_("Excel 数据文件大小上限"), "MB"),
    "imports.max_xlsx_rows": (_("Excel 数据文件最多读取的行数"), _("行")),
    "imports.unknown_employer_town": (_("名录中没有的单位暂列的镇街（代码）"), ""),
    "imports.unknown_employer_industry": (_("名录中没有的单位暂列的行业门类（代码）"), ""),
}

FILE = register_parameters(
    key=KEY,
    title=_("大数据监测阈值与数据导入限制"),
    path=Path(__file__).resolve().parent / "parameters" / "monitoring.yaml",
    schema=SCHEMA,
    cross=cross_check,
    labels=LABELS,
).path


def thresholds(on: dt.date) -> dict:
    """Every monitoring threshold in force on `on`, plus `min_cut` from the policy in force."""
    policy = policy_in_force()
    params = policy.at(on)
    values = dict(params[KEY])  # a copy: the policy's resolved values are shared
    values["min_cut"] = params["reporting"]["report_threshold"]
    values["version"] = policy.version(on)
    return values
