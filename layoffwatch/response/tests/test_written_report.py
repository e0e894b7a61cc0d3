"""The written report (plan S6.2) says only what the record says (ADR 0054): every figure from
the case's data, 待填写 where the record holds nothing, and no sign-off while one is left.

A 220-person layoff (reported as 200, then corrected), three waves, a roster of three people:
one placed, one in training, one on unemployment insurance; a wage-arrears case partly paid.
"""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from layoffwatch.alerts.services import (
    alert_lift,
    alert_transition,
    lift_request_create,
    lift_request_decide,
)
from layoffwatch.assistance import services as assist
from layoffwatch.assistance.models import Vacancy
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.response.documents import written_report_docx
from layoffwatch.response.models import CaseStep, ResponseCase, WrittenReport
from layoffwatch.response.services import (
    filing_record,
    written_report_sign,
    written_report_update,
)
from layoffwatch.rights import services as rights
from layoffwatch.testing.cases import local, queue_runs, report, staff, unfinished_reasons
from layoffwatch.testing.people import id_number, roster_xlsx

pytestmark = pytest.mark.django_db

T0 = local(2026, 3, 2, 10, 0)
REASSURING = ["风险得到控制", "未发生群体性事件", "总体可控", "恢复正常秩序", "持续跟踪"]


def docx_text(written: WrittenReport) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(written_report_docx(written))).paragraphs)


def layoff(enterprise, *, waves, actor, at, corrects="", roster=None, **extra):
    data = {
        "enterprise_uscc": enterprise.uscc,
        "planned_cut": sum(c for _d, c in waves),
        "dispatched_cut": 20,
        "waves": [{"date": d.isoformat(), "count": c} for d, c in waves],
        "reasons": ["orders"],
        "contact_name": "王经理",
        "contact_phone": "13800000001",
        "corrects": corrects,
        **extra,
    }
    with queue_runs():
        return layoff_report_submit(
            enterprise=enterprise, data=data, channel="phone", actor=actor, at=at, roster=roster
        ).report


@pytest.fixture
def big_layoff(people, make_enterprise):
    """The 220-person case, closed by a leader's approval of the lifting (level 1, plan S5.3)."""
    emma = staff("emma", "employment")  # the task force
    factory = make_enterprise(name="双江机械有限公司", town_id=GUILIN, insured_headcount=800)
    day = dt.date(2026, 3, 16)
    with time_machine.travel(T0, tick=False):
        first = layoff(
            factory,
            waves=[(day, 100), (day + dt.timedelta(days=7), 50), (day + dt.timedelta(days=14), 50)],
            actor=people.sam,
            at=T0,
            roster=roster_xlsx([(n, id_number(), "", "就业") for n in ("甲", "乙", "丙")]),
            severance_status="经济补偿按 N+1 标准于离职当日支付",
        )
        current = layoff(
            factory,
            waves=[(day, 100), (day + dt.timedelta(days=7), 60), (day + dt.timedelta(days=14), 60)],
            actor=people.sam,
            at=T0 + dt.timedelta(hours=1),
            corrects=first.receipt_no,
            severance_status="经济补偿按 N+1 标准于离职当日支付",
        )
    alert = current.alert
    assert (alert.level, alert.total_in_window) == (1, 220)
    t1 = local(2026, 3, 20, 10, 0)
    with time_machine.travel(t1, tick=False):
        a, b, c = assist.workers_from_report(report=current, actor=people.sam, at=t1)
        vacancy = Vacancy.objects.create(
            enterprise=people.zitong_factory,
            occupation="装配工",
            count=2,
            town_id=GUILIN,
            valid_until=t1.date() + dt.timedelta(days=30),
        )
        assist.placement_record(worker=a, vacancy=vacancy, actor=people.sam, at=t1)
        course = assist.course_create(
            actor=people.sam,
            at=t1,
            name="巴渝工匠·数控车工",
            kind="bayu",
            provider="区职教中心",
            starts_on=t1.date(),
            ends_on=t1.date() + dt.timedelta(days=20),
            capacity=10,
        )
        assist.enrol(course=course, worker=b, actor=people.sam, at=t1)
        assist.ui_check(worker=c, actor=people.sam, at=t1, contribution_months=80)
        arrears = rights.rights_case_create(
            kind="wage_arrears",
            dispute_type="wages",
            enterprise=factory,
            alert=alert,
            summary="拖欠二月工资",
            workers_involved=40,
            received_at=t1,
            actor=people.sam,
            at=t1,
            amount_owed=20000,
        )
        rights.arrears_payment_add(
            case=arrears, paid_on=t1.date(), amount=5000, actor=people.sam, at=t1, workers=10
        )
    case = ResponseCase.objects.get(alert=alert)
    t2 = local(2026, 4, 20, 10, 0)
    with time_machine.travel(t2, tick=False):
        alert_transition(alert=alert, to_status="responding", actor=emma, at=t2)
        escalate = CaseStep.objects.get(case=case, level=1, key="escalate")
        for body in escalate.external_bodies:
            filing_record(step=escalate, actor=emma, recipient=body, channel="document",
                          sent_at=t2, document_title="潼府〔2026〕8号", at=t2)  # fmt: skip
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=t2)
        request = lift_request_create(
            alert=alert, actor=emma, reason="职工已妥善安置，企业生产经营恢复", at=t2
        )
        lift_request_decide(
            request=request,
            actor=people.li,
            approve=True,
            note="区委、区政府同意解除",
            at=t2,
            unfinished_reasons=unfinished_reasons(alert),
        )
    case.refresh_from_db()
    assert case.status == "closed"
    return case


def test_it_states_each_figure_of_the_record_in_its_sentence(big_layoff, login, people):
    written = big_layoff.written_report
    text = docx_text(written)
    # people affected: the corrected report (220, not 200 nor 420), all its waves, its roster
    assert "受影响职工 220 人" in text
    assert "计划裁减职工合计 220 人，其中派遣人员 20 人，分 3 批：" in text
    assert "2026年3月16日 100 人、2026年3月23日 60 人、2026年3月30日 60 人" in text
    assert "更正后第 2 版" in text
    assert "企业随报告报送受影响职工名单 3 人" in text
    # assistance, counted as the assistance pages count it
    assert "纳入一人一策帮扶 3 人（尚未纳入 217 人）：已就业 1 人" in text
    assert "参加培训 1 人" in text and "享受失业保险待遇 1 人" in text
    html = login(people.sam).get("/assistance/", {"q": "双江机械"}).content.decode()
    placed = re.search(r'data-testid="placed">(\d+)<', html).group(1)
    assert f"已就业 {placed} 人" in text
    # money and disputes from the rights record; the severance as the enterprise reported it
    assert "受理劳动争议和欠薪案件 1 件（已结 0 件）" in text
    assert "欠薪 20,000.00 元，已清偿 5,000.00 元" in text
    assert "企业报告的经济补偿及欠薪情况：经济补偿按 N+1 标准于离职当日支付" in text
    # control and lifting as recorded, with the approval
    assert "emma将预警状态确认为“已控制”" in text
    assert (
        "解除预警（理由：职工已妥善安置，企业生产经营恢复），经li审批同意（区委、区政府同意解除）"
        in text
    )
    # the work left open at closure, with the reason the leader gave
    assert (
        "任务分解表第7项（就业和人才中心牵头）未办结的原因："
        "已纳入常态化就业服务，不再单列办理（任务分解表第7项（就业和人才中心牵头））"
    ) in text
    for sentence in REASSURING:
        assert sentence not in text


def test_it_leaves_what_the_record_does_not_hold_to_fill(big_layoff):
    written = big_layoff.written_report
    doc = Document(io.BytesIO(written_report_docx(written)))
    text = "\n".join(p.text for p in doc.paragraphs)
    # the amounts paid out of unemployment insurance are not in this record: asked, not invented
    assert "发放失业保险金 待填写 元" in text
    assert "处置期间是否发生群体性事件和极端事件：待填写" in text
    assert "对全区就业局势和社会稳定的影响：待填写" in text
    marks = [r for p in doc.paragraphs for r in p.runs if r.text == "待填写"]
    assert marks and all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in marks)


def test_it_refuses_to_sign_while_a_fact_is_to_fill_and_audits_it(big_layoff, people):
    written = big_layoff.written_report
    at = local(2026, 4, 21, 9, 0)
    with time_machine.travel(at, tick=False), pytest.raises(ValidationError) as refused:
        written_report_sign(report=written, actor=people.li, at=at)
    message = "；".join(refused.value.messages)
    assert "书面报告还有 4 处“待填写”，不能签发" in message
    assert "处理结果：“发放失业保险金”" in message
    assert (
        "后果影响：“处置期间是否发生群体性事件和极端事件”、“对全区就业局势和社会稳定的影响”、“舆情情况”"
        in message
    )
    written.refresh_from_db()
    assert (written.status, written.signed_by, written.signed_at) == ("draft", None, None)
    entry = AuditEntry.objects.filter(
        action="rejected", summary__startswith="拒绝签发书面报告"
    ).get()
    assert entry.actor_id == people.li.pk and "发放失业保险金" in entry.summary
    assert (entry.object_type, entry.object_id) == ("response.writtenreport", str(written.pk))


def test_it_signs_once_the_task_force_has_filled_every_fact(big_layoff, people):
    written = big_layoff.written_report
    emma = big_layoff.events.filter(actor__username="emma").first().actor
    rows = {row["key"]: row["text"] for row in written.sections}
    filled = {
        "result": rows["result"].replace("待填写", "86,400.00"),
        "impact": rows["impact"]
        .replace("群体性事件和极端事件：待填写", "群体性事件和极端事件：未发生")
        .replace("社会稳定的影响：待填写", "社会稳定的影响：较小")
        .replace("舆情情况：待填写", "舆情情况：未监测到负面舆情"),
    }
    at = local(2026, 4, 21, 9, 0)
    with time_machine.travel(at, tick=False):
        written_report_update(report=written, actor=emma, sections=filled, at=at)
        written_report_sign(report=written, actor=people.li, at=at)
    written.refresh_from_db()
    assert (written.status, written.signed_by) == ("signed", people.li)
    text = docx_text(written)
    assert "发放失业保险金 86,400.00 元" in text and "待填写" not in text


def test_it_says_to_fill_the_people_affected_when_no_report_counts_them(people):
    """An alert whose only report was withdrawn: nobody is counted, so nobody is invented."""
    from layoffwatch.reporting.services import layoff_report_withdraw

    emma = staff("emma", "employment")
    with time_machine.travel(T0, tick=False):
        first = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0).report
        layoff_report_withdraw(report=first, actor=people.sam, reason="企业报错", at=T0)
    alert = first.alert
    case = ResponseCase.objects.get(alert=alert)
    with time_machine.travel(T0, tick=False):
        alert_transition(alert=alert, to_status="responding", actor=emma, at=T0)
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=T0)
        alert_lift(alert=alert, actor=emma, reason="企业撤回", at=T0,
                   unfinished_reasons=unfinished_reasons(alert))  # fmt: skip
    text = docx_text(WrittenReport.objects.get(case=case))
    assert "受影响职工 待填写 人" in text
    assert not re.search(r"(?<!登记)受影响职工 0 人", text)  # 0 registered for help, not 0 affected
    assert "计划裁减职工 待填写 人，发现渠道：待填写" in text


def test_it_shows_the_refusal_on_the_case_page(big_layoff, login, people):
    written = big_layoff.written_report
    client = login(people.li)
    html = client.get(f"/response/cases/{big_layoff.pk}/").content.decode()
    assert "尚有 4 处“待填写”，补齐后方可签发" in html
    response = client.post(f"/response/cases/{big_layoff.pk}/report/sign/", follow=True)
    html = response.content.decode()
    assert "书面报告还有 4 处“待填写”，不能签发" in html
    assert "处置期间是否发生群体性事件和极端事件" in html
    written.refresh_from_db()
    assert written.status == "draft"
    html = client.get(f"/response/cases/{big_layoff.pk}/report/").content.decode()
    assert 'id="report-to-fill"' in html and "后果影响：舆情情况" in html


def test_it_tells_an_english_reader_what_is_left_to_fill(big_layoff, login, people):
    client = login(people.li)
    client.cookies["django_language"] = "en"
    html = client.get(f"/response/cases/{big_layoff.pk}/").content.decode()
    assert (
        "4 places still read “待填写” (to be filled); they must be filled before sign-off" in html
    )
    html = client.get(f"/response/cases/{big_layoff.pk}/report/").content.decode()
    assert "4 places still read “待填写” (to be filled): the record does not hold them" in html
