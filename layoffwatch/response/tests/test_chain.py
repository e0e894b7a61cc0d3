"""The whole response chain (ADR 0050, 0051, 0052): report → alert → case with the level's steps and tasks → a second
wave raises it → filings, tasks by the right units → under control → lifted → written report.

plan S3.2, S5.0–S5.3, S6.2, annex.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from docx import Document

from layoffwatch.alerts.models import DistrictAssessment
from layoffwatch.alerts.services import alert_lift, alert_transition
from layoffwatch.audit.models import AuditEntry
from layoffwatch.response.documents import written_report_docx
from layoffwatch.response.models import CaseStep, ResponseCase, WrittenReport
from layoffwatch.response.services import (
    filing_record,
    task_complete,
    written_report_sign,
    written_report_update,
)
from layoffwatch.testing.cases import local, report, staff, unfinished_reasons

pytestmark = pytest.mark.django_db


def steps_of(case, level):
    return {s.key: s for s in case.steps.filter(level=level)}


def test_it_runs_the_whole_chain_from_a_level_3_report_to_the_written_report(people):
    emma = staff("emma", "employment")  # task force (就业促进和职业能力建设科)
    lena = staff("lena", "legal")
    arvo = staff("arvo", "arbitration")
    enzo = staff("enzo", "enforcement")
    factory = people.guilin_factory

    # 1. plan S3.2 + S5.1: 30 cut → level 3; the steps' deadlines run across National Day 2026
    t0 = local(2026, 9, 30, 10, 0)
    with time_machine.travel(t0, tick=False):
        first = report(factory, cut=30, on=dt.date(2026, 10, 12), at=t0, actor=people.sam)
    alert = first.alert
    case = ResponseCase.objects.get(alert=alert)
    assert (alert.level, case.level) == (3, 3)
    level3 = steps_of(case, 3)
    assert list(level3) == [
        "start_response",
        "report",
        "plan",
        "filing",
        "coordinate",
        "written_report",
    ]
    assert level3["report"].due_at == local(2026, 9, 30, 22, 0)  # 12 hours on the clock
    # 5 working days: 1–7 October are holidays; 8, 9, 10 (make-up Saturday), 12, 13 October
    assert level3["plan"].due_at == local(2026, 10, 13, 23, 59, 59)
    assert level3["filing"].due_at == local(2026, 10, 13, 23, 59, 59)
    assert not level3["plan"].due_provisional
    assert level3["written_report"].due_at is None  # counted from closure
    assert sorted(case.tasks.values_list("number", flat=True)) == [5, 6, 7, 9, 12, 13]
    task5 = case.tasks.get(number=5)
    assert (task5.lead, task5.cooperating, task5.leader_role) == (
        "legal",
        ["enforcement"],
        "leader_labour_relations",
    )
    assert DistrictAssessment.objects.first().grade == 3

    # 2. the task force starts the response and reports to the leadership and the city
    t1 = local(2026, 9, 30, 11, 0)
    with time_machine.travel(t1, tick=False):
        alert_transition(alert=alert, to_status="responding", actor=emma, at=t1)
        for body in ["municipal_bureau"]:
            filing_record(step=level3["report"], actor=emma, recipient=body, channel="document",
                          sent_at=t1, document_title="潼人社〔2026〕1号", at=t1)  # fmt: skip
    assert CaseStep.objects.get(pk=level3["start_response"].pk).done_at == t1
    assert CaseStep.objects.get(pk=level3["report"].pk).done_at is not None

    # 3. a second wave within the window lifts the alert to level 2 (55 → 51–200, split)
    t2 = local(2026, 10, 9, 10, 0)
    with time_machine.travel(t2, tick=False):
        second = report(factory, cut=30, on=dt.date(2026, 10, 15), at=t2, actor=people.sam)
    assert second.alert.pk == alert.pk
    alert.refresh_from_db()
    case.refresh_from_db()
    assert (alert.level, alert.split, case.level) == (2, True, 2)
    level2 = steps_of(case, 2)
    # plan S5.2: the immediate reports to 区委、区政府、市人力社保局 are due within 2 hours
    assert level2["report"].notify_names == ["区委", "区政府", "市人力社保局"]
    assert level2["report"].due_at == local(2026, 10, 9, 12, 0)
    assert level2["plan"].due_at == local(2026, 10, 13, 23, 59, 59)  # 3 WD: 10, 12, 13 Oct
    assert level2["start_response"].done_at == t2  # the response was already running
    assert sorted(case.tasks.values_list("number", flat=True)) == [5, 6, 7, 8, 9, 10, 12, 13, 14]
    assert DistrictAssessment.objects.first().grade == 2

    # one of the three reports is late (sent after the 2 hours)
    with time_machine.travel(local(2026, 10, 9, 14, 0), tick=False):
        for body, sent in [("district_party_committee", 11), ("district_government", 11),
                           ("municipal_bureau", 13)]:  # fmt: skip
            f = filing_record(step=level2["report"], actor=emma, recipient=body, channel="fax",
                              sent_at=local(2026, 10, 9, sent, 30), document_title="报告", at=local(2026, 10, 9, 14, 0))  # fmt: skip
    assert f.late
    assert case.filings.filter(late=True).count() == 1
    assert CaseStep.objects.get(pk=level2["report"].pk).done_at == local(2026, 10, 9, 13, 30)

    # 4. each annex task is completed by its lead unit's staff — and only by them
    t3 = local(2026, 10, 12, 9, 0)
    by_unit = {"legal": lena, "talent_center": people.sam, "arbitration": arvo, "enforcement": enzo}
    with time_machine.travel(t3, tick=False):
        with pytest.raises(PermissionDenied):
            task_complete(task=case.tasks.get(number=5), actor=people.sam, note="代办", at=t3)
        for task in case.tasks.all():
            task_complete(
                task=task, actor=by_unit[task.lead], note=f"第{task.number}项已落实", at=t3
            )
    assert case.tasks.filter(done_at__isnull=True).count() == 0

    # 5. under control → lifted by the task force (level 2 needs no approval) → case closed
    t4 = local(2026, 11, 2, 10, 0)
    with time_machine.travel(t4, tick=False):
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=t4)
        # ADR 0053: the steps still open are explained, one by one
        alert_lift(alert=alert, actor=emma, reason="职工已妥善安置，企业恢复正常生产", at=t4,
                   unfinished_reasons=unfinished_reasons(alert))  # fmt: skip
    alert.refresh_from_db()
    case.refresh_from_db()
    assert (alert.status, alert.lifted_by, case.status) == ("lifted", emma, "closed")
    assert DistrictAssessment.objects.first().grade == 3
    written = CaseStep.objects.get(case=case, level=2, key="written_report")
    assert written.due_at == local(2026, 11, 9, 23, 59, 59)  # 5 working days after closure

    # 6. plan S6.2: the written report, edited, signed off by a leader, as DOCX
    draft = WrittenReport.objects.get(case=case)
    assert [s["title"] for s in draft.sections] == [
        "风险基本情况", "应对举措", "处置经过", "处理结果", "后果影响"
    ]  # fmt: skip
    with time_machine.travel(t4, tick=False):
        # ADR 0054: what the record does not hold (compensation paid, the impact) is filled in
        result = next(row["text"] for row in draft.sections if row["key"] == "result")
        filled = {
            "impact": "未发生群体性事件。",
            "result": result.replace("待填写", "已按 N+1 标准足额支付"),
        }
        written_report_update(report=draft, actor=emma, sections=filled, at=t4)
        written_report_sign(report=draft, actor=people.li, at=t4)
    draft.refresh_from_db()
    assert draft.status == "signed" and draft.signed_by == people.li
    doc = Document(io.BytesIO(written_report_docx(draft)))
    texts = [p.text for p in doc.paragraphs]
    assert draft.title in texts and "市人力社保局：" in texts
    for heading in [
        "一、风险基本情况",
        "二、应对举措",
        "三、处置经过",
        "四、处理结果",
        "五、后果影响",
    ]:
        assert heading in texts
    assert "未发生群体性事件。" in texts
    assert factory.name in "".join(texts)
    assert texts[-2:] == ["潼南区人力资源和社会保障局", "2026年11月2日"]
    assert (
        round(doc.sections[0].top_margin.mm) == 37 and round(doc.sections[0].left_margin.mm) == 28
    )
    title_run = next(p for p in doc.paragraphs if p.text == draft.title).runs[0]
    assert title_run.font.name == "方正小标宋简体"
    # the signed report is filed with the municipal bureau and the step completes
    with time_machine.travel(t4, tick=False):
        filing_record(step=written, actor=emma, recipient="municipal_bureau", channel="document",
                      sent_at=t4, document_title=draft.title, at=t4)  # fmt: skip
    assert CaseStep.objects.get(pk=written.pk).done_at is not None
    assert AuditEntry.objects.filter(object_type="alerts.alert", summary__contains="解除").exists()
