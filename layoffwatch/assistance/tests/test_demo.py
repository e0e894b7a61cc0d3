"""The demo: a closed level-2 case with its workers' plans, support plan, disputes and a written
report carrying these figures (ADR 0030, ADR 0070)."""

import datetime as dt
import io

import pytest
from docx import Document

from layoffwatch.alerts.models import Alert
from layoffwatch.assistance.models import AffectedWorker, EnterpriseSupportPlan
from layoffwatch.response.documents import written_report_docx


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_it_closes_a_level_2_demo_case_with_assistance_figures_in_its_report(reference_data):
    from layoffwatch.demo.generator import generate

    summary = generate(seed=7, enterprises=300, today=dt.date(2026, 3, 2))
    assert summary["assistance"]["workers"] == 8
    alert = Alert.objects.get(level=2, status=Alert.Status.LIFTED)
    assert alert.case.status == "closed"
    assert alert.layoff_reports.get().roster.count() == 8  # the phone report came with its roster
    workers = AffectedWorker.objects.filter(alert=alert)
    assert {w.status for w in workers} >= {"placed", "training", "public_welfare"}
    assert EnterpriseSupportPlan.objects.get(alert=alert).cuts_avoided == 18
    report = alert.case.written_report
    text = "\n".join(p.text for p in Document(io.BytesIO(written_report_docx(report))).paragraphs)
    assert "登记受影响职工 8 人" in text and "减少裁员 18 人" in text
    assert "已就业 3 人" in text and "欠薪 54,000.00 元" in text
