"""The written report of a closed case includes what assistance achieved (plan S6.2, S2.2, S4)."""

import datetime as dt
import io

from docx import Document

from layoffwatch.alerts.services import alert_lift, alert_transition
from layoffwatch.assistance import services as s
from layoffwatch.assistance.models import Vacancy
from layoffwatch.conftest import GUILIN
from layoffwatch.response.documents import written_report_docx
from layoffwatch.rights import services as r
from layoffwatch.testing.cases import unfinished_reasons
from layoffwatch.testing.people import NOW, id_number


def test_it_puts_the_assistance_figures_in_the_written_report(people, layoff):
    report = layoff(
        rows=[
            ("甲", id_number(), "", "就业"),
            ("乙", id_number(), "", "培训"),
            ("丙", id_number(), "", ""),
        ],
        cut=60,
    )
    alert = report.alert
    assert alert.level == 2
    a, b, c = s.workers_from_report(report=report, actor=people.sam, at=NOW)
    vacancy = Vacancy.objects.create(
        enterprise=people.zitong_factory,
        occupation="普工",
        count=3,
        town_id=GUILIN,
        valid_until=NOW.date() + dt.timedelta(days=30),
    )
    s.placement_record(worker=a, vacancy=vacancy, actor=people.sam, at=NOW)
    course = s.course_create(
        actor=people.sam,
        at=NOW,
        name="巴渝工匠·焊工",
        kind="bayu",
        provider="职教中心",
        starts_on=NOW.date(),
        ends_on=NOW.date() + dt.timedelta(days=20),
        capacity=10,
    )
    s.enrol(course=course, worker=b, actor=people.sam, at=NOW)
    s.ui_check(worker=c, actor=people.sam, at=NOW, contribution_months=80)
    plan = s.support_plan_create(
        enterprise=people.guilin_factory, planned_cut=60, alert=alert, actor=people.sam, at=NOW
    )
    s.support_item_add(plan=plan, kind="social_insurance", amount=50000, actor=people.sam, at=NOW)
    s.support_plan_decide(plan=plan, accepted=True, final_cut=45, actor=people.sam, at=NOW)
    r.rights_case_create(
        kind="wage_arrears",
        dispute_type="wages",
        enterprise=people.guilin_factory,
        alert=alert,
        summary="欠薪",
        workers_involved=5,
        received_at=NOW,
        actor=people.sam,
        at=NOW,
        amount_owed=20000,
    )
    later = NOW + dt.timedelta(days=10)
    alert_transition(alert=alert, to_status="responding", actor=people.alice, at=later)
    alert_transition(alert=alert, to_status="under_control", actor=people.alice, at=later)
    alert_lift(
        alert=alert,
        actor=people.alice,
        reason="职工已妥善安置",
        at=later,
        unfinished_reasons=unfinished_reasons(alert),  # ADR 0053: open work explained
    )
    written = alert.case.written_report
    text = "\n".join(p.text for p in Document(io.BytesIO(written_report_docx(written))).paragraphs)
    # 一人一策 as the record holds it: the people registered and those with a plan (ADR 0054)
    assert "一人一策：登记受影响职工 3 人，其中已制定帮扶计划 3 人" in text
    assert "逐人制定" not in text
    assert "已就业 1 人" in text and "参加培训 1 人" in text
    assert "享受失业保险待遇 1 人" in text
    assert "裁员由 60 人减至 45 人，减少裁员 15 人" in text
    assert "欠薪 20,000.00 元" in text
