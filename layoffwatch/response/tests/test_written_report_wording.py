"""The written report (plan S6.2) words each fact of the record once, exactly and in time order
(ADR 0054), and a case escalated 3 → 2 names each step with its level (ADR 0053).

The case: two reports of 30 people each for the same day (level 3, then level 2), with the same
reasons and the same severance words, a filing sent before it was entered, no worker registered
for help yet; lifted by the task force with a reason for each open item.
"""

import datetime as dt
import importlib
import io
import re

import pytest
import time_machine
from django.apps import apps
from django.utils import translation
from docx import Document

from layoffwatch.alerts.services import alert_lift, alert_transition
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.response.documents import draft_sections, written_report_docx
from layoffwatch.response.models import CaseStep, Filing, ResponseCase, WrittenReport
from layoffwatch.response.selectors import case_unfinished_items
from layoffwatch.response.services import filing_record
from layoffwatch.testing.cases import layoff_data, local, queue_runs, staff, unfinished_reasons

pytestmark = pytest.mark.django_db

T0 = local(2026, 12, 1, 9, 0)
T1 = local(2026, 12, 3, 10, 0)  # the second report: level 2
T2 = local(2026, 12, 7, 16, 0)  # lifted
DAY = dt.date(2026, 12, 10)


def same_words_report(enterprise, *, at):
    data = {
        **layoff_data(enterprise, cut=30, on=DAY),
        "reasons_text": "主要客户订单转移",
        "severance_status": "无欠薪",
    }
    with queue_runs():
        return layoff_report_submit(
            enterprise=enterprise, data=data, channel="staff", actor=None, at=at
        ).report


@pytest.fixture
def escalated(people):
    """The level-3 → level-2 case, closed; its written report drafted."""
    emma = staff("emma", "employment")
    people.guilin_factory.insured_headcount = 900
    people.guilin_factory.save()
    with time_machine.travel(T0, tick=False):
        alert = same_words_report(people.guilin_factory, at=T0).alert
        alert_transition(alert=alert, to_status="responding", actor=emma, at=T0)
    case = ResponseCase.objects.get(alert=alert)
    entered = local(2026, 12, 1, 15, 0)
    with time_machine.travel(entered, tick=False):
        step = CaseStep.objects.get(case=case, level=3, key="report")
        # sent at 11:00, entered at 15:00: the report tells when it was sent
        filing_record(step=step, actor=emma, recipient="municipal_bureau", channel="fax",
                      sent_at=local(2026, 12, 1, 11, 0), document_title="潼人社〔2026〕1号",
                      at=entered)  # fmt: skip
    with time_machine.travel(T1, tick=False):
        same_words_report(people.guilin_factory, at=T1)
    alert.refresh_from_db()
    case.refresh_from_db()
    assert (alert.level, case.level) == (2, 2)
    with time_machine.travel(T2, tick=False):
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=T2)
        alert_lift(
            alert=alert,
            actor=emma,
            reason="企业生产恢复",
            at=T2,
            unfinished_reasons=unfinished_reasons(alert),
        )
    case.refresh_from_db()
    assert case.status == "closed"
    return case


def section(report: WrittenReport, key: str) -> str:
    return next(row["text"] for row in report.sections if row["key"] == key)


def test_it_says_plainly_that_no_worker_is_registered_for_help(escalated):
    measures = section(escalated.written_report, "measures")
    assert "尚未登记受影响职工，未制定一人一策帮扶计划" in measures
    assert "逐人制定" not in measures and "登记受影响职工 0 人" not in measures


def test_it_tells_each_filing_once_in_time_order(escalated):
    process = section(escalated.written_report, "process")
    assert process.count("潼人社〔2026〕1号") == 1
    assert "2026年12月1日11时00分 以机要传真向市人力社保局报送潼人社〔2026〕1号" in process
    stamps = [
        dt.datetime(int(y), int(m), int(d), int(h), int(mi))
        for y, m, d, h, mi in re.findall(r"(\d{4})年(\d+)月(\d+)日(\d+)时(\d+)分", process)
    ]
    assert len(stamps) > 3 and stamps == sorted(stamps)


def test_it_writes_the_record_in_chinese_whatever_language_the_pages_are_read_in(escalated):
    with translation.override("en"):
        rows = draft_sections(escalated, escalated.written_report.sections)
    text = "\n".join(row["text"] for row in rows)
    assert "以机要传真向市人力社保局报送" in text and "Secure fax" not in text


def test_it_words_same_day_reports_and_repeated_words_once(escalated):
    basic = section(escalated.written_report, "basic_situation")
    assert "计划裁减职工合计 60 人" in basic
    assert "裁员日期 2026年12月10日" in basic and "分 2 批" not in basic
    assert basic.count("主要客户订单转移") == 1
    result = section(escalated.written_report, "result")
    assert "企业报告的经济补偿及欠薪情况：无欠薪。" in result and "无欠薪；无欠薪" not in result


def test_it_names_the_level_of_each_step_of_an_escalated_case(escalated):
    measures = section(escalated.written_report, "measures")
    assert "三级响应步骤：" in measures and "二级响应步骤：" in measures
    level3 = measures.split("三级响应步骤：")[1].split("；")[0]
    level2 = measures.split("二级响应步骤：")[1].split("。")[0]
    assert "研究制定风险防控方案（未办结）" in level3
    assert "研究制定风险防控方案（未办结）" in level2
    result = section(escalated.written_report, "result")
    assert "三级响应步骤“研究制定风险防控方案”未办结的原因" in result
    assert "二级响应步骤“研究制定风险防控方案”未办结的原因" in result


def test_it_writes_every_date_one_way(escalated):
    text = "\n".join(row["text"] for row in escalated.written_report.sections)
    # the policy version is an identifier (tongnan@2023-02-23#…), quoted as recorded
    text = text.replace(escalated.alert.policy_version, "")
    assert re.findall(r"\d{4}年\d+月\d+日", text)
    assert not re.search(r"年0\d月|月0\d日", text)  # 2026年12月7日, never 12月07日
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_the_lifting_page_names_the_level_of_each_step(login, people):
    emma = staff("emma", "employment")
    people.guilin_factory.insured_headcount = 900
    people.guilin_factory.save()
    with time_machine.travel(T0, tick=False):
        alert = same_words_report(people.guilin_factory, at=T0).alert
    with time_machine.travel(T1, tick=False):
        same_words_report(people.guilin_factory, at=T1)
        alert_transition(alert=alert, to_status="responding", actor=emma, at=T1)
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=T1)
        case = ResponseCase.objects.get(alert=alert)
        html = login(emma).get(f"/response/cases/{case.pk}/lift/").content.decode()
    assert "三级响应步骤“研究制定风险防控方案”" in html
    assert "二级响应步骤“研究制定风险防控方案”" in html
    labels = [i.label for i in case_unfinished_items(case)]
    assert len(labels) == len(set(labels))
    # plan S6.2: one written report per case, so its step is there once, at the case's level
    closing = CaseStep.objects.filter(case=case, key="written_report")
    assert list(closing.values_list("level", flat=True)) == [2]


def test_cases_escalated_before_keep_one_closure_step_with_its_filings(escalated, people):
    # a case escalated before the change holds the step at both levels; the migration merges them
    case = escalated
    kept = CaseStep.objects.get(case=case, key="written_report")
    older = CaseStep.objects.create(
        case=case,
        level=3,
        order=5,
        key="written_report",
        title=kept.title,
        actor=kept.actor,
        actor_name=kept.actor_name,
        notify=kept.notify,
        notify_names=kept.notify_names,
        clause=kept.clause,
        deadline=kept.deadline,
        note="已报送",
        done_at=T2,
    )
    filing = Filing.objects.create(
        case=case,
        step=older,
        kind="written_report",
        recipient="municipal_bureau",
        recipient_name="市人力社保局",
        sent_at=T2,
        channel="fax",
        document_title="书面报告",
        recorded_by=people.sam,
        recorded_at=T2,
    )
    migration = importlib.import_module("layoffwatch.response.migrations.0003_one_closure_step")
    migration.merge(apps, None)
    step = CaseStep.objects.get(case=case, key="written_report")
    assert step.pk == kept.pk and step.level == 2
    assert (step.done_at, step.note) == (T2, "已报送")
    filing.refresh_from_db()
    assert filing.step_id == kept.pk


def test_the_draft_docx_is_marked_as_a_draft_and_names_its_issuing_unit(escalated, people):
    written = escalated.written_report
    doc = Document(io.BytesIO(written_report_docx(written)))
    header = "".join(p.text for p in doc.sections[0].header.paragraphs)
    assert "草稿" in header
    assert doc.paragraphs[0].text.startswith("草稿")
    assert doc.core_properties.author == written.issuing_unit != "python-docx"
    assert written.title in doc.core_properties.title

    written.status = WrittenReport.Status.SIGNED
    signed = Document(io.BytesIO(written_report_docx(written)))
    assert "草稿" not in "".join(p.text for p in signed.sections[0].header.paragraphs)
    assert "草稿" not in "\n".join(p.text for p in signed.paragraphs)
    assert signed.core_properties.author == written.issuing_unit
