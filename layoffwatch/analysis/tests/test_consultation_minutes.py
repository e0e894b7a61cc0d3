"""A consultation's minutes as DOCX (会商纪要, plan S6.1): opened again, they say the date, who
took part, the month discussed, each department's input, the conclusions and the actions."""

import datetime as dt
import io

import pytest
import time_machine
from docx import Document

from layoffwatch.analysis.consultations import consultation_record
from layoffwatch.analysis.models import MonthlyAnalysis
from layoffwatch.audit.models import AuditEntry
from layoffwatch.testing.cases import local, staff

pytestmark = pytest.mark.django_db
NOW = local(2026, 3, 12, 10, 0)


@pytest.fixture
def consultation(people):
    emma = staff("emma", "employment")
    analysis = MonthlyAnalysis.objects.create(period="2026-02", drafted_at=NOW)
    with time_machine.travel(NOW, tick=False):
        return consultation_record(
            actor=people.sam,
            at=NOW,
            held_on=dt.date(2026, 3, 2),
            subject="二月就业形势会商",
            analysis=analysis,
            participants=["section:employment", "dept:tax", "dept:market_regulation"],
            inputs=[
                {"organisation": "dept:tax", "text": "两户企业申报工资总额下降三成"},
                {"organisation": "dept:market_regulation", "text": "新登记市场主体 112 户"},
            ],
            conclusions="形势总体稳定\n食品行业需重点关注",
            actions=[
                {
                    "number": 1,
                    "text": "走访桂林食品有限公司",
                    "owner": emma,
                    "due_on": dt.date(2026, 3, 10),
                },
                {
                    "number": 2,
                    "text": "汇总税务数据",
                    "owner": people.sam,
                    "due_on": dt.date(2026, 3, 31),
                },
            ],
        )


def opened(response) -> tuple[str, list[list[str]]]:
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    rows = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    return text, rows


def test_the_minutes_say_what_was_discussed_and_who_does_what(consultation, login, people):
    with time_machine.travel(NOW, tick=False):
        response = login(people.li).get(f"/analysis/consultations/{consultation.pk}/minutes.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text, rows = opened(response)
    assert text.splitlines()[1] == "会商纪要"
    assert "会商日期：2026年3月2日" in text
    assert "研讨的月度分析：2026年2月形势分析" in text
    assert "参会单位：就业促进和职业能力建设科、区市场监管局、区税务局" in text
    assert "区税务局：两户企业申报工资总额下降三成" in text
    assert "形势总体稳定\n食品行业需重点关注" in text
    assert rows == [
        ["事项", "责任人", "完成时限", "状态"],
        ["走访桂林食品有限公司", "emma（就业促进和职业能力建设科）", "2026-03-10", "逾期未办结"],
        ["汇总税务数据", "sam（就业和人才中心）", "2026-03-31", "办理中"],
    ]
    assert AuditEntry.objects.filter(action="export", actor_id=people.li.pk).exists()


def test_the_minutes_stay_chinese_for_an_english_reader(consultation, client, people):
    client.force_login(people.sam)
    client.cookies["django_language"] = "en"
    text, _rows = opened(client.get(f"/analysis/consultations/{consultation.pk}/minutes.docx"))
    assert "参会单位：就业促进和职业能力建设科、区市场监管局、区税务局" in text
