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

from django.conf import settings
from django.utils import translation

from layoffwatch.core.clock import local_day
from layoffwatch.response.documents import _official
from layoffwatch.response.services import ISSUING_UNIT
from layoffwatch.response.wording import NUMERALS, TO_FILL

from .drafting import period_name, section_title
from .models import MonthlyAnalysis


def analysis_title(analysis: MonthlyAnalysis) -> str:
    return f"潼南区{period_name(analysis.period)}就业形势分析"


def analysis_docx(analysis: MonthlyAnalysis) -> bytes:
    signed = analysis.status == MonthlyAnalysis.Status.SIGNED
    # a Chinese official document whatever language the person printing it reads the pages in
    with translation.override(settings.LANGUAGE_CODE):
        blocks = [
            (f"{NUMERALS[i]}、{section_title(row['key'])}", row["text"] or TO_FILL)
            for i, row in enumerate(analysis.sections)
        ]
    # signed: the day it was signed; a draft: the day it was last drafted or edited
    day = (
        analysis.signed_at
        if signed
        else max(filter(None, (analysis.edited_at, analysis.drafted_at)))
    )
    return _official(
        title=analysis_title(analysis),
        recipient=None,
        blocks=blocks,
        unit=ISSUING_UNIT,
        day=local_day(day),
        draft=not signed,
    )
