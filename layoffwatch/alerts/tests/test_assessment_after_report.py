"""plan S3.2, ADR 0047: the district assessment follows the alerts that reports raise, computed in
the queue right after the report commits (the report's own transaction stays short)."""

import datetime as dt

import pytest

from layoffwatch.alerts.models import DistrictAssessment
from layoffwatch.reporting.services import layoff_report_submit
from layoffwatch.testing.cases import local, report

pytestmark = pytest.mark.django_db

DATA = {
    "dispatched_cut": 0,
    "is_closure": False,
    "reasons": ["orders"],
    "contact_name": "王芳",
    "contact_phone": "13800000000",
}


def test_a_report_that_raises_an_alert_updates_the_assessment_once_the_queue_ran(
    make_enterprise, people
):
    factory = make_enterprise(name="潼南某电子厂", insured_headcount=800)
    report(factory, cut=60, on=dt.date(2026, 12, 14), at=local(2026, 12, 1, 9), actor=people.sam)
    latest = DistrictAssessment.objects.first()
    assert latest is not None and latest.open_alerts == {"1": 0, "2": 1, "3": 0}
    assert "潼南某电子厂" in latest.trigger and "二级" in latest.trigger
    # a further wave at the same level changes no count: no new assessment is written
    report(factory, cut=5, on=dt.date(2026, 12, 20), at=local(2026, 12, 2, 9), actor=people.sam)
    assert DistrictAssessment.objects.count() == 1
    # an escalation to level 1 is counted again
    report(factory, cut=150, on=dt.date(2026, 12, 28), at=local(2026, 12, 3, 9), actor=people.sam)
    assert DistrictAssessment.objects.first().open_alerts == {"1": 1, "2": 0, "3": 0}


def test_the_assessment_is_not_part_of_the_reports_transaction(make_enterprise, people):
    factory = make_enterprise(insured_headcount=800)
    submitted = layoff_report_submit(
        enterprise=factory,
        data=DATA | {"planned_cut": 60, "effective_date": "2026-12-14"},
        channel="staff",
        actor=people.sam,
        at=local(2026, 12, 1, 9),
    )
    # the alert committed with the report; the assessment waits for the queue (never ran here)
    assert submitted.alert is not None and submitted.alert.level == 2
    assert not DistrictAssessment.objects.exists()
