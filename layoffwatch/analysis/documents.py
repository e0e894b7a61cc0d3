"""The monthly analysis as a DOCX (plan S6.1), laid out as the case documents are
(response.documents: GB/T 9704-2012 — A4, margins 37/35/28/26 mm, title in 2号小标宋 centred, body
in 3号仿宋 with a fixed 28.95 pt line, level-one headings “一、” in 3号黑体, the issuing unit and the
date at the right).

The analysis goes to the bureau's leaders and is forwarded by them, so it carries no recipient
line. One not yet signed by a leader is printed as a draft (the draft mark in every page's header
and on its first line), and an empty section as 待填写, highlighted; signed, it is dated the day it
was signed (GB/T 9704-2012 7.3.5).
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH

from layoffwatch.core.clock import local_day
from layoffwatch.response.documents import (
    DRAFT,
    DRAFT_MARK,
    HEADING_FONT,
    TITLE_FONT,
    _day,
    _document,
    _font,
    _paragraph,
)
from layoffwatch.response.wording import NUMERALS, TO_FILL

from .drafting import period_name, section_title
from .models import MonthlyAnalysis

UNIT = "潼南区人力资源和社会保障局"


def analysis_title(analysis: MonthlyAnalysis) -> str:
    return f"潼南区{period_name(analysis.period)}就业形势分析"


def analysis_docx(analysis: MonthlyAnalysis) -> bytes:
    signed = analysis.status == MonthlyAnalysis.Status.SIGNED
    title = analysis_title(analysis)
    doc = _document()
    props = doc.core_properties
    props.author = props.last_modified_by = UNIT
    props.title = title
    props.comments = ""
    if not signed:
        props.title = f"{title}（{DRAFT}）"
        props.category = DRAFT
        header = doc.sections[0].header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(header.add_run(DRAFT_MARK), HEADING_FONT, 14)
        _paragraph(doc, DRAFT_MARK, font=HEADING_FONT, size=16, indent=False)
    else:
        _paragraph(doc, "", indent=False)
    _paragraph(doc, title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "", indent=False)
    # a Chinese official document whatever language the person printing it reads the pages in
    with translation.override(settings.LANGUAGE_CODE):
        for i, row in enumerate(analysis.sections):
            _paragraph(doc, f"{NUMERALS[i]}、{section_title(row['key'])}", font=HEADING_FONT)
            lines = [line.strip() for line in (row["text"] or "").splitlines() if line.strip()]
            for line in lines or [TO_FILL]:
                _paragraph(doc, line)
    # signed: the day it was signed; a draft: the day it was last drafted or edited
    day = (
        analysis.signed_at
        if signed
        else max(filter(None, (analysis.edited_at, analysis.drafted_at)))
    )
    _paragraph(doc, "", indent=False)
    _paragraph(doc, UNIT, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, _day(local_day(day)), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
