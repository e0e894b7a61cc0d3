"""The month's indicator tables as XLSX (plan S6.1): one sheet per area (全区、镇街、行业门类、行业大类)
and a sheet of the definitions and sources. An unknown figure is an empty cell with its reason in
the 说明 column, never a 0."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from layoffwatch.core.recorded import joined, mark
from layoffwatch.core.spreadsheets import append_row

from .indicators import (
    AREAS,
    DISTRICT,
    DIVISION,
    INDICATORS,
    SECTION,
    SOURCE_NAMES,
    TOWN,
    MonthIndicators,
)


def _cell(indicator, figure):
    if figure.value is None:
        return None
    return round(figure.value * 100, 2) if indicator.is_rate else figure.value


def _heading(indicator) -> str:
    unit = "%" if indicator.is_rate else str(indicator.unit)
    return f"{indicator.label}{mark('（')}{unit}{mark('）')}" if unit else str(indicator.label)


def indicators_xlsx(m: MonthIndicators) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for area in (DISTRICT, TOWN, SECTION, DIVISION):
        rows = m.area(area)
        if not rows:
            continue
        # a liaison's "district" is their town, and the sheet says so
        ws = wb.create_sheet(m.district.name if area == DISTRICT else str(AREAS[area]))
        append_row(
            ws,
            [_("月份"), _("范围"), _("参保人数环比"), _("参保人数同比")]
            + [_heading(i) for i in INDICATORS]
            + [_("说明")],
        )
        for row in rows:
            unknown = sorted(
                {f.unknown_because for f in row.values.values() if f.unknown_because}
                | {why for why in (row.mom_unknown_because, row.yoy_unknown_because) if why}
            )
            append_row(
                ws,
                [m.period, row.name, row.insured_mom, row.insured_yoy]
                + [_cell(i, row.values[i.key]) for i in INDICATORS]
                + [joined(unknown, "；")],
            )
    ws = wb.create_sheet(_("指标说明"))
    append_row(ws, [_("指标"), _("口径"), _("数据来源"), _("该月数据")])
    feeds = {f.source: f for f in m.feeds}
    for i in INDICATORS:
        feed = feeds.get(i.source)
        state = _("已导入") if feed and feed.has_month else _("未导入") if feed else _("实时")
        append_row(ws, [str(i.label), str(i.definition), str(SOURCE_NAMES[i.source]), state])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
