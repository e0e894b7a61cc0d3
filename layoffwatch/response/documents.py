"""Documents of a case: the written report (plan S6.2) and the major-problem short report.

The texts are drafted from the case record and stored (editable before sign-off); the DOCX is
laid out from the stored text in the official-document layout of GB/T 9704-2012: A4, margins
37/35/28/26 mm, title in 2号小标宋 (22 pt) centred, recipient flush left, body in 3号仿宋
(16 pt) with a two-character first-line indent and a fixed 28.95 pt line (22 lines a page),
level-one headings “一、” in 3号黑体, the issuing unit and the date at the right.
"""

import datetime as dt
import io
import re

from django.conf import settings
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from layoffwatch.alerts.models import AlertEvent
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.reporting.models import LayoffReport

from .selectors import written_report_facts
from .wording import NUMERALS, TO_FILL, level_name

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
# a written report not yet signed off by a leader is printed as a draft (ADR 0054)
DRAFT = "草稿"
DRAFT_MARK = "草稿（未经局领导签发，不得报送）"


def _day(value: dt.date) -> str:
    """The one way the report writes a date: 2026年12月7日, no zero padding (GB/T 9704-2012 7.3.5)."""
    return f"{value.year}年{value.month}月{value.day}日"


def _local(value: dt.datetime | None) -> str:
    """A moment in Beijing time, its date as `_day` writes it: 2026年12月7日9时05分."""
    if not value:
        return "—"
    at = local_datetime(value)
    return f"{_day(at)}{at.hour}时{at.minute:02d}分"


def _n(value) -> str:
    """A figure, or 待填写 in its place where the record holds none."""
    return TO_FILL if value is None else str(value)


def _yuan(value) -> str:
    return TO_FILL if value is None else f"{value:,.2f}"


def _basic_situation(f: dict) -> str:
    """plan S6.2 基本情况: the enterprise, how the layoff became known, the people affected, and
    how the warning was graded."""
    e = f["enterprise"]
    text = f"{e.name}（统一社会信用代码 {e.uscc}，{e.town.name}，{e.industry.name}）"
    text += _how_found(f)
    text += f"受影响职工 {_n(f['affected'])} 人。"
    return text + _how_graded(f["alert"])


def _how_found(f: dict) -> str:
    """How the layoff became known: the enterprise's reports, else the verified signals, else
    待填写 for the task force."""
    if f["layoffs"]["reports"]:
        return _reported(f["layoffs"])
    if f["verified"] is not None:
        return f"经大数据监测比对发现减员，核实涉及职工 {f['verified']} 人。"
    return f"，计划裁减职工 {TO_FILL} 人，发现渠道：{TO_FILL}。"


def _reported(layoffs: dict) -> str:
    """The layoff reports: their receipts and channels, the people, batches and reasons, and
    whether a roster came with them."""
    reports = layoffs["reports"]
    receipts = "、".join(
        r.receipt_no + (f"（更正后第 {r.version} 版）" if r.version > 1 else "") for r in reports
    )
    channels = "、".join(dict.fromkeys(r.get_channel_display() for r in reports))
    text = (
        f"经监测直报（{channels}）报告裁员（回执编号 {receipts}），"
        f"计划裁减职工合计 {layoffs['planned']} 人，其中派遣人员 {layoffs['dispatched']} 人"
    )
    text += _batches(reports) + _layoff_reasons(reports) + "。"
    return text + (
        f"企业随报告报送受影响职工名单 {layoffs['roster']} 人。"
        if layoffs["roster"]
        else "企业未随报告报送受影响职工名单。"
    )


def _batches(reports: list) -> str:
    """The days of the cuts: several batches listed with their people, or the one date."""
    # waves of several reports on one day are one batch: the people of that day, and how many
    # reports named it (two reports of 30 on the same day are not two batches)
    days: dict[dt.date, list[int]] = {}
    for r in reports:
        for w in r.waves.all():
            days.setdefault(w.date, []).append(w.count)
    batches = sorted(days.items())
    if len(batches) > 1:
        return f"，分 {len(batches)} 批：" + "、".join(
            f"{_day(d)} {sum(c)} 人" + (f"（{len(c)} 份报告合计）" if len(c) > 1 else "")
            for d, c in batches
        )
    if batches:
        return f"，裁员日期 {_day(batches[0][0])}"
    return ""


def _layoff_reasons(reports: list) -> str:
    """The reasons the reports chose, then their own words, each once."""
    reasons = [
        str(LayoffReport.Reason(code).label)
        for code in dict.fromkeys(c for r in reports for c in r.reasons)
        if code in LayoffReport.Reason.values
    ]
    # one enterprise's reports often repeat the same words: each text once
    details = list(dict.fromkeys(r.reasons_text.strip() for r in reports if r.reasons_text))
    if not (reasons or details):
        return ""
    return "；裁员原因：" + "；".join(["、".join(reasons), *details] if reasons else details)


def _how_graded(alert) -> str:
    """The warning's level as it was at each moment the record holds."""
    # the grade as it was at each moment the record holds: raised at one level, escalated by
    # later waves (an escalated alert was not "graded level 2" when it was first raised)
    grades = [
        e
        for e in alert.events.all()
        if e.kind in (AlertEvent.Kind.RAISED, AlertEvent.Kind.ESCALATED)
    ]
    raised = next((e for e in grades if e.kind == AlertEvent.Kind.RAISED), None)
    if raised is None or "level" not in raised.data:
        return (
            f"{_local(alert.opened_at)}按预案三（二）定为{alert.get_level_display()}"
            f"（计算期内合计裁员 {alert.total_in_window} 人，政策参数版本 {alert.policy_version}）。"
        )
    text = f"{_local(raised.at)}按预案三（二）定为{level_name(raised.data['level'])}预警" + (
        f"（计算期内合计裁员 {raised.data['total']} 人）" if "total" in raised.data else ""
    )
    for e in grades:
        if e.kind == AlertEvent.Kind.ESCALATED and "to" in e.data:
            text += f"；{_local(e.at)}后续批次计入，升为{level_name(e.data['to'])}预警"
    return text + (
        f"；现计算期内合计裁员 {alert.total_in_window} 人，政策参数版本 {alert.policy_version}。"
    )


def _measures(case, f: dict) -> str:
    o, tasks = f["outcomes"], f["tasks"]
    opened = next((e for e in case.events.all() if e.kind == "opened"), None)
    first = opened.data.get("level", case.level) if opened else case.level
    text = f"{_local(case.opened_at)}启动{level_name(first)}预警处置"
    for e in case.events.all():
        if e.kind == "escalated" and "to" in e.data:
            text += f"，{_local(e.at)}升为{level_name(e.data['to'])}预警处置"
    steps = [s for s in f["steps"] if not s.from_closure]
    # a case escalated 3 → 2 holds both levels' steps, often of the same title: each named with
    # its level (f["steps"] is ordered level 3 first, as the response ran)
    by_level: dict[int, list] = {}
    for s in sorted(steps, key=lambda s: (-s.level, s.order, s.pk)):
        by_level.setdefault(s.level, []).append(s)
    for level, rows in by_level.items():
        text += f"；{level_name(level)}响应步骤：" + "、".join(
            f"{s.title}{'（已办结）' if s.done_at else '（未办结）'}" for s in rows
        )
    if tasks:
        text += (
            "。按任务分解表启动第"
            + "、".join(str(t.number) for t in tasks)
            + "项任务，分别由"
            + "、".join(dict.fromkeys(t.lead_name for t in tasks))
            + "牵头落实"
        )
    # ADR 0054 (amended): only what the record holds — the people registered for help and the
    # plans made for them, as the assistance pages count them; none registered is said plainly
    if o["workers"]:
        text += (
            f"。一人一策：登记受影响职工 {o['workers']} 人，"
            f"其中已制定帮扶计划 {o['with_plan']} 人；"
            f"经核定可领取失业保险金 {o['ui_eligible']} 人，"
            f"转介民政临时救助 {o['relief_referred']} 人。"
        )
    else:
        text += "。一人一策：尚未登记受影响职工，未制定一人一策帮扶计划。"
    if o["support_plans"]:
        text += (
            f"一企一策：为企业制定稳岗方案 {o['support_plans']} 个，"
            f"企业采纳 {o['support_plans_accepted']} 个，落实稳岗补贴等 {_yuan(o['subsidies'])} 元。"
        )
    return text


# a time written into a stored event's summary (“2026-12-01 10:00”), rewritten as the report
# writes dates, so the section has one date format
_STAMP = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?")


def _stamp(m: re.Match) -> str:
    text = _day(dt.date(int(m[1]), int(m[2]), int(m[3])))
    return text + (f"{int(m[4])}时{m[5]}分" if m[4] else "")


def _process(f: dict) -> str:
    # the items left open at closure are listed once, with their reasons, under 处理结果; a
    # filing is told once, from its record (when it was sent, not when it was entered), so its
    # “filing” event is not repeated; everything in time order
    events = [ev for ev in f["events"] if ev.kind not in ("unfinished", "filing")]
    entries = [
        (ev.at, 0, ev.pk, f"{_local(ev.at)} {_STAMP.sub(_stamp, ev.summary)}") for ev in events
    ] + [
        (
            x.sent_at,
            1,
            x.pk,
            f"{_local(x.sent_at)} 以{x.get_channel_display()}向{x.recipient_name}报送"
            f"{x.document_title}" + ("（逾期）" if x.late else ""),
        )
        for x in f["filings"]
    ]
    return "；".join(text for *_key, text in sorted(entries)) + "。"


def _result(f: dict) -> str:
    """plan S6.2 处理结果, three paragraphs: what became of the people (and the money and cases
    for them), the work done and the warning's control and lifting, the work left open."""
    people = _people_outcomes(f) + _compensation_and_disputes(f)
    work = _annex_work(f["tasks"]) + _control(f["controlled"]) + _lifted(f["alert"], f["approval"])
    return "\n".join([people, work, _left_open(f["unfinished"])])


def _people_outcomes(f: dict) -> str:
    """Where the affected people are now: in work, training, on benefits or relief."""
    o, affected = f["outcomes"], f["affected"]
    people = f"受影响职工 {_n(affected)} 人，纳入一人一策帮扶 {o['workers']} 人"
    if affected is not None and affected > o["workers"]:
        people += f"（尚未纳入 {affected - o['workers']} 人）"
    people += (
        f"：已就业 {o['placed']} 人，自主创业 {o['self_employed']} 人，"
        f"公益性岗位安置 {o['public_welfare']} 人，参加培训 {o['trained'] + o['in_training']} 人"
        f"（已结业 {o['trained']} 人，结业后就业 {o['placed_after_training']} 人），"
        f"享受失业保险待遇 {o['ui_eligible']} 人，获民政临时救助 {o['relief_granted']} 人，"
        f"尚未就业 {o['unemployed']} 人。"
    )
    # plan S6.2 处理结果 names 失业保险金发放: the amounts paid are kept by the social insurance
    # system, not here; the report asks for them instead of leaving them out
    if o["ui_eligible"]:
        people += f"发放失业保险金 {TO_FILL} 元。"
    if o["relief_granted"]:
        people += f"民政临时救助金额 {_yuan(o['relief_amount'])} 元。"
    return people


def _compensation_and_disputes(f: dict) -> str:
    """The severance the enterprise reported, the cuts its support plan avoided, and the
    disputes and wage cases."""
    o = f["outcomes"]
    severance = list(
        dict.fromkeys(
            r.severance_status.strip() for r in f["layoffs"]["reports"] if r.severance_status
        )
    )
    text = (
        "企业报告的经济补偿及欠薪情况：" + "；".join(severance) + "。"
        if severance
        else f"职工经济补偿支付情况：{TO_FILL}。"
    )
    if o["support_plans_accepted"]:
        text += (
            f"企业采纳一企一策方案，裁员由 {o['planned_cut']} 人减至 {o['final_cut']} 人，"
            f"减少裁员 {o['cuts_avoided']} 人。"
        )
    return text + (
        f"受理劳动争议和欠薪案件 {o['disputes']} 件（已结 {o['disputes_closed']} 件），"
        f"请求金额 {_yuan(o['amount_claimed'])} 元，欠薪 {_yuan(o['wages_owed'])} 元，"
        f"已清偿 {_yuan(o['wages_paid'])} 元。"
        if o["disputes"]
        else "受理与该企业有关的劳动争议和欠薪案件 0 件。"
    )


def _annex_work(tasks: list) -> str:
    """The annex tasks done, with each one's latest note."""
    done = [t for t in tasks if t.done_at]
    work = f"任务分解表 {len(tasks)} 项任务已办结 {len(done)} 项"
    notes = [
        f"第{t.number}项（{t.lead_name}）{notes[-1].text}"
        for t in done
        if (notes := list(t.notes.all()))
    ]
    return work + ("：" + "；".join(notes) if notes else "") + "。"


def _control(controlled) -> str:
    """When and by whom the warning was confirmed under control, or 待填写."""
    if controlled:
        return f"{_local(controlled.at)}，{controlled.actor_label or '—'}将预警状态确认为“已控制”。"
    return f"风险是否得到控制：{TO_FILL}。"


def _lifted(alert, approval) -> str:
    """When and why the warning was lifted, and who approved it; nothing while it is not."""
    if not alert.lifted_at:
        return ""
    lifted = f"{_local(alert.lifted_at)}解除预警（理由：{alert.lift_reason or TO_FILL}）"
    if approval:
        lifted += f"，经{approval.decided_by}审批同意（{approval.decision_note}）"
    return lifted + "。"


def _left_open(unfinished: list) -> str:
    """The steps and tasks left open at closure, with the reasons given (ADR 0053)."""
    if not unfinished:
        return "结案时处置步骤和任务分解表任务均已办结。"
    return (
        f"结案时未办结事项 {len(unfinished)} 项："
        + "；".join(f"{u.label}未办结的原因：{u.reason or TO_FILL}" for u in unfinished)
        + "。"
    )


def _impact(f: dict) -> str:
    problems = f["problems"]
    return (
        f"处置期间报告重大问题 {len(problems)} 起"
        + ("：" + "；".join(p.summary for p in problems) if problems else "")
        + "。"
        # plan S6.2 后果影响 asks for judgements the record does not hold: the task force states them
        + f"处置期间是否发生群体性事件和极端事件：{TO_FILL}。"
        + f"对全区就业局势和社会稳定的影响：{TO_FILL}。"
        + f"舆情情况：{TO_FILL}。"
    )


def draft_sections(case, sections: list[dict]) -> list[dict]:
    """The sections of S6.2 (written_report.yaml), every fact from the record
    (response.selectors.written_report_facts); what the record does not hold is 待填写 in its
    place, for the task force to fill before a leader can sign (ADR 0054)."""
    f = written_report_facts(case)
    # the report is a Chinese official document: the record's labels (channels, reasons, levels)
    # in Chinese whatever language the person closing the case reads the pages in
    with translation.override(settings.LANGUAGE_CODE):
        texts = {
            "basic_situation": _basic_situation(f),
            "measures": _measures(case, f),
            "process": _process(f),
            "result": _result(f),
            "impact": _impact(f),
        }
    return [
        {
            "key": s["key"],
            "title": s["title"],
            "guidance": s.get("guidance", ""),
            "text": texts.get(s["key"], TO_FILL),
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
    # why split: a 待填写 left in a draft is highlighted, so whoever reads the printout sees it
    for i, part in enumerate(text.split(TO_FILL)):
        if i:
            marker = p.add_run(TO_FILL)
            _font(marker, font, size, bold)
            marker.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if part:
            _font(p.add_run(part), font, size, bold)
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
    *,
    title: str,
    recipient: str | None,
    blocks: list[tuple[str | None, str]],
    unit: str,
    day: dt.date,
    draft: bool = False,
) -> bytes:
    doc = _document()
    # the file says who issued it, not the library that wrote it
    props = doc.core_properties
    props.author = props.last_modified_by = unit
    props.title = title
    props.comments = ""
    if draft:
        # a report not signed off is a draft wherever it is printed or forwarded (plan S6.2,
        # ADR 0054): marked in the header of every page and on its first line
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
    if recipient:  # a document for the bureau's own leaders (the monthly analysis) has none
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
        draft=report.status != report.Status.SIGNED,
    )


def short_report_docx(problem) -> bytes:
    return _official(
        title=f"关于{problem.case.alert.enterprise.name}处置中重大问题的紧急报告",
        recipient="市人力社保局、局领导",
        blocks=[(None, problem.short_report)],
        unit="潼南区人力资源和社会保障局",
        day=local_day(problem.at),
    )
