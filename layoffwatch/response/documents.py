"""Documents of a case: the written report (plan S6.2) and the major-problem short report.

The texts are drafted from the case record and stored (editable before sign-off); the DOCX is
laid out from the stored text in the official-document layout of GB/T 9704-2012: A4, margins
37/35/28/26 mm, title in 2号小标宋 (22 pt) centred, recipient flush left, body in 3号仿宋
(16 pt) with a two-character first-line indent and a fixed 28.95 pt line (22 lines a page),
level-one headings “一、” in 3号黑体, the issuing unit and the date at the right.
"""

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from layoffwatch.core.clock import local_datetime, local_day

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
NUMERALS = "一二三四五六七八九十"


def _local(value: dt.datetime | None) -> str:
    return f"{local_datetime(value):%Y年%m月%d日%H时%M分}" if value else "—"


def _day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def draft_sections(case, sections: list[dict]) -> list[dict]:
    """The five sections of S6.2 (written_report.yaml) filled from what the case recorded."""
    alert = case.alert
    e = alert.enterprise
    steps = list(case.steps.all())
    tasks = list(case.tasks.all())
    filings = list(case.filings.all())
    problems = list(case.problems.all())
    events = list(case.events.all())
    done_tasks = [t for t in tasks if t.done_at]
    texts = {
        "basic_situation": (
            f"{e.name}（统一社会信用代码 {e.uscc}，{e.town.name}，{e.industry.name}）"
            f"{'分批' if alert.split else '一次性'}计划裁减职工合计 {alert.total_in_window} 人，"
            f"裁员日期 {alert.first_wave_on} 至 {alert.last_wave_on}。"
            f"{_local(alert.opened_at)}经监测直报发现，按预案三（二）定为{alert.get_level_display()}"
            f"（政策参数版本 {alert.policy_version}）。"
        ),
        "measures": (
            f"启动{case.level}级预警响应，成立工作专班；"
            + "；".join(
                f"{s.title}{'（已办结）' if s.done_at else '（未办结）'}"
                for s in steps
                if not s.from_closure
            )
            + "。按任务分解表启动第"
            + "、".join(str(t.number) for t in tasks)
            + "项任务，分别由"
            + "、".join(dict.fromkeys(t.lead_name for t in tasks))
            + "牵头落实。"
        ),
        "process": "；".join(
            [f"{_local(ev.at)} {ev.summary}" for ev in events]
            + [
                f"{_local(f.sent_at)} 以{f.get_channel_display()}向{f.recipient_name}报送{f.document_title}"
                + ("（逾期）" if f.late else "")
                for f in filings
            ]
        )
        + "。",
        "result": (
            f"任务分解表 {len(tasks)} 项任务已办结 {len(done_tasks)} 项："
            + "；".join(
                f"第{t.number}项（{t.lead_name}）{(t.notes.last().text if t.notes.exists() else '')}"
                for t in done_tasks
            )
            + f"。风险得到控制，企业恢复正常秩序，{_local(alert.lifted_at)}解除预警（{alert.lift_reason or '—'}）。"
        ),
        "impact": (
            f"处置期间报告重大问题 {len(problems)} 起"
            + ("：" + "；".join(p.summary for p in problems) if problems else "")
            + "。未发生群体性事件和极端事件，对全区就业局势和社会稳定的影响总体可控；后续将持续跟踪该企业用工情况。"
        ),
    }
    # plan S6.2 + S2.2/S4: what assistance, 一企一策 and rights work achieved (issue 7)
    from layoffwatch.assistance.selectors import case_outcomes

    outcomes = case_outcomes(case)
    texts["measures"] += outcomes["measures_text"]
    texts["result"] = outcomes["result_text"] + texts["result"]
    return [
        {
            "key": s["key"],
            "title": s["title"],
            "guidance": s.get("guidance", ""),
            "text": texts.get(s["key"], ""),
        }
        for s in sections
    ]


def short_report_text(*, case, summary: str, details: str, at: dt.datetime) -> str:
    alert = case.alert
    return (
        f"【重大问题简要报告】{_local(at)}，{alert.enterprise.name}（{alert.get_level_display()}，"
        f"计划裁员 {alert.total_in_window} 人）处置过程中出现重大问题：{summary}。{details}"
        f" 现按预案六（二）要求实时报送。报告单位：潼南区人力资源和社会保障局。"
    )


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    # why rFonts eastAsia: Word picks the font for Chinese characters from this attribute only
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=16, align=None, indent=True, bold=False):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.95)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold)
    return p


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return doc


def _official(
    *, title: str, recipient: str, blocks: list[tuple[str | None, str]], unit: str, day: dt.date
) -> bytes:
    doc = _document()
    _paragraph(doc, "", indent=False)
    _paragraph(doc, title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, f"{recipient}：", indent=False)
    for heading, text in blocks:
        if heading:
            _paragraph(doc, heading, font=HEADING_FONT)
        for line in text.splitlines() or [""]:
            if line.strip():
                _paragraph(doc, line.strip())
    _paragraph(doc, "", indent=False)
    _paragraph(doc, unit, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, _day(day), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def written_report_docx(report) -> bytes:
    """The stored report (title, recipient, five sections, issuing unit, date) as DOCX."""
    blocks = [
        (f"{NUMERALS[i]}、{row['title']}", row["text"]) for i, row in enumerate(report.sections)
    ]
    return _official(
        title=report.title,
        recipient=report.recipient,
        blocks=blocks,
        unit=report.issuing_unit,
        day=report.report_date,
    )


def short_report_docx(problem) -> bytes:
    return _official(
        title=f"关于{problem.case.alert.enterprise.name}处置中重大问题的紧急报告",
        recipient="市人力社保局、局领导",
        blocks=[(None, problem.short_report)],
        unit="潼南区人力资源和社会保障局",
        day=local_day(problem.at),
    )
