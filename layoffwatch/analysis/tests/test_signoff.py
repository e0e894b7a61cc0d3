"""The monthly analysis drafted, edited by staff and signed by a leader (plan S6.1; the shape of
a case's written report, ADR 0054): a refusal changes nothing and leaves its trace in the audit
log; the DOCX is the stored text, a draft until signed."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from layoffwatch.analysis.documents import analysis_docx
from layoffwatch.analysis.models import MonthlyAnalysis
from layoffwatch.analysis.services import analysis_draft, analysis_edit, analysis_sign
from layoffwatch.audit.models import AuditEntry
from layoffwatch.response.documents import DRAFT_MARK

from .conftest import NOW

pytestmark = pytest.mark.django_db

NEXT_STEPS = "加强对梓潼街道汽配行业的监测，督促企业依法履行裁员报告义务。"


@pytest.fixture
def drafted(month, people):
    month.social_insurance()
    month.registrations()
    month.market()
    return analysis_draft("2026-03", actor=people.sam, at=NOW)


def _text(analysis, key):
    analysis.refresh_from_db()
    return next(row["text"] for row in analysis.sections if row["key"] == key)


def _docx_text(analysis) -> str:
    doc = Document(io.BytesIO(analysis_docx(analysis)))
    header = "\n".join(p.text for p in doc.sections[0].header.paragraphs)
    return header + "\n" + "\n".join(p.text for p in doc.paragraphs)


def test_a_leader_cannot_sign_while_next_steps_is_empty(drafted, people):
    with pytest.raises(ValidationError, match="尚未填写：下一步工作建议"):
        analysis_sign(drafted, actor=people.li, at=NOW)
    drafted.refresh_from_db()
    assert drafted.status == MonthlyAnalysis.Status.DRAFT and drafted.signed_by is None
    refusal = AuditEntry.objects.get(action="rejected")
    assert refusal.summary == "拒绝签发月度形势分析：尚未填写：下一步工作建议"
    assert refusal.actor_id == people.li.pk and refusal.object_id == str(drafted.pk)


def test_staff_edit_then_a_leader_signs_and_it_is_final(drafted, people):
    analysis_edit(drafted, texts={"next_steps": NEXT_STEPS}, actor=people.sam, at=NOW)
    assert _text(drafted, "next_steps") == NEXT_STEPS
    signed = analysis_sign(drafted, actor=people.li, at=NOW)
    assert signed.status == MonthlyAnalysis.Status.SIGNED
    assert signed.signed_by == people.li and signed.signed_at == NOW
    assert AuditEntry.objects.filter(summary="局领导签发2026-03月度形势分析").exists()
    # final: neither edited nor drafted again
    with pytest.raises(ValidationError, match="该月分析已签发，不能再修改"):
        analysis_edit(signed, texts={"overall": "改写"}, actor=people.sam, at=NOW)
    with pytest.raises(ValidationError, match="该月分析已签发，不能重新起草"):
        analysis_draft("2026-03", actor=people.sam, at=NOW)
    assert _text(signed, "overall").startswith("2026年3月，全区参保人数28人")
    assert AuditEntry.objects.filter(action="rejected").count() == 2


def test_a_liaison_can_neither_sign_nor_write(drafted, people):
    analysis_edit(drafted, texts={"next_steps": NEXT_STEPS}, actor=people.sam, at=NOW)
    with pytest.raises(PermissionDenied, match="须由局领导签发"):
        analysis_sign(drafted, actor=people.tina, at=NOW)
    # staff write it; only a leader signs
    with pytest.raises(PermissionDenied):
        analysis_sign(drafted, actor=people.sam, at=NOW)
    with pytest.raises(PermissionDenied):
        analysis_edit(drafted, texts={"next_steps": "改写"}, actor=people.tina, at=NOW)
    drafted.refresh_from_db()
    assert drafted.status == MonthlyAnalysis.Status.DRAFT
    assert _text(drafted, "next_steps") == NEXT_STEPS
    assert AuditEntry.objects.filter(action="denied").count() == 3


def test_redrafting_keeps_what_staff_wrote_in_next_steps(drafted, people):
    analysis_edit(drafted, texts={"next_steps": NEXT_STEPS}, actor=people.sam, at=NOW)
    again = analysis_draft("2026-03", actor=people.li, at=NOW)
    assert again.pk == drafted.pk and again.drafted_by == people.li
    assert _text(again, "next_steps") == NEXT_STEPS
    assert MonthlyAnalysis.objects.count() == 1


def test_a_month_with_no_data_is_refused_and_nothing_stored(month, people):
    with pytest.raises(ValidationError, match="^.*2025-01没有可分析的数据："):
        analysis_draft("2025-01", actor=people.sam, at=NOW)
    with pytest.raises(ValidationError, match="月份"):
        analysis_draft("2026-13", actor=people.sam, at=NOW)
    assert not MonthlyAnalysis.objects.exists()
    assert AuditEntry.objects.filter(action="rejected").count() == 2


def test_the_docx_is_a_draft_until_signed(drafted, people):
    text = _docx_text(drafted)
    assert "潼南区2026年3月就业形势分析" in text
    for heading in ("一、总体情况", "二、重点行业和区域", "三、风险企业", "四、下一步工作建议"):
        assert heading in text
    assert "全区参保人数28人，比上月减少7人" in text and "岗位流失率17.1%" in text
    assert DRAFT_MARK in text
    # the empty section is printed to be filled
    assert "待填写" in text

    analysis_edit(drafted, texts={"next_steps": NEXT_STEPS}, actor=people.sam, at=NOW)
    signed = analysis_sign(drafted, actor=people.li, at=NOW)
    text = _docx_text(signed)
    assert DRAFT_MARK not in text and "草稿" not in text
    assert NEXT_STEPS in text and "2026年3月10日" in text
