"""A consultation's minutes (会商纪要, plan S6.1) as DOCX, in the official-document layout the
case documents use (GB/T 9704-2012, `response.documents`): A4, margins 37/35/28/26 mm, the title
in 2号小标宋 centred, the body in 3号仿宋 with a fixed 28.95 pt line, headings “一、” in 3号黑体,
the issuing unit and the date at the right; the actions as a table (事项/责任人/完成时限/状态).

A document leaves the system: it keeps the bureau's Chinese whatever the reader's language
(ADR 0100)."""

import datetime as dt
import io

from django.conf import settings
from django.utils.translation import override
from docx.enum.text import WD_ALIGN_PARAGRAPH

from layoffwatch.core.clock import local_day
from layoffwatch.response.documents import (
    BODY_FONT,
    HEADING_FONT,
    TITLE_FONT,
    _day,
    _font,
    _paragraph,
)
from layoffwatch.response.documents import _document as _case_document
from layoffwatch.response.services import ISSUING_UNIT

from .consultations import action_overdue, input_rows, participant_names
from .models import Consultation

TITLE = "会商纪要"
TABLE_FONT_SIZE = 12  # 小四: a table's cells in 3号 would not fit four columns on A4


def _document():
    doc = _case_document()
    props = doc.core_properties
    props.author = props.last_modified_by = ISSUING_UNIT  # who issued it, not the library
    props.title = TITLE
    props.comments = ""
    return doc


def _status(action, today: dt.date) -> str:
    if action.done_at is not None:
        return f"已办结（{local_day(action.done_at):%Y-%m-%d}）"
    return "逾期未办结" if action_overdue(action, today) else "办理中"


def _actions_table(doc, actions: list, today: dt.date) -> None:
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["事项", "责任人", "完成时限", "状态"], strict=True):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, TABLE_FONT_SIZE)
    for action in actions:
        owner = action.owner.name_and_unit  # the minutes are written in Chinese
        cells = table.add_row().cells
        values = [action.text, owner, f"{action.due_on:%Y-%m-%d}", _status(action, today)]
        for cell, text in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, TABLE_FONT_SIZE)


def minutes_docx(consultation: Consultation, *, at: dt.datetime) -> bytes:
    """The minutes: title, date, subject, the analysis discussed, participants, each
    department's input, conclusions, the actions with their state at `at`."""
    with override(settings.LANGUAGE_CODE):
        participants = "、".join(participant_names(consultation))
        inputs = input_rows(consultation)
    actions = list(consultation.actions.select_related("owner__section"))
    today = local_day(at)
    doc = _document()
    _paragraph(doc, "", indent=False)
    _paragraph(doc, TITLE, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, f"会商日期：{_day(consultation.held_on)}")
    _paragraph(doc, f"议题：{consultation.subject}")
    if consultation.analysis:
        period = consultation.analysis.period
        _paragraph(doc, f"研讨的月度分析：{int(period[:4])}年{int(period[5:7])}月形势分析")
    _paragraph(doc, f"参会单位：{participants}")
    _paragraph(doc, "一、各部门意见", font=HEADING_FONT)
    for name, text in inputs:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        _paragraph(doc, f"{name}：{lines[0] if lines else ''}")
        for line in lines[1:]:
            _paragraph(doc, line)
    if not inputs:
        _paragraph(doc, "（未记录）")
    _paragraph(doc, "二、会商结论", font=HEADING_FONT)
    for line in consultation.conclusions.splitlines():
        if line.strip():
            _paragraph(doc, line.strip())
    _paragraph(doc, "三、后续事项", font=HEADING_FONT)
    if actions:
        _actions_table(doc, actions, today)
    else:
        _paragraph(doc, "（无）")
    _paragraph(doc, "", indent=False)
    _paragraph(doc, ISSUING_UNIT, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, _day(consultation.held_on), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
