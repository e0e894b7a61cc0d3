"""The demo has open cases at every level, made through the real services (ADR 0030, ADR 0051)."""

import datetime as dt

import pytest

from layoffwatch.alerts.models import Alert, LiftRequest
from layoffwatch.demo.generator import generate
from layoffwatch.response.models import ResponseCase

pytestmark = pytest.mark.django_db


def test_it_opens_demo_cases_at_every_level(reference_data, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    summary = generate(seed=7, enterprises=300, months=24, today=dt.date(2026, 9, 30))
    assert summary["response"]["levels"] == [1, 2, 3, 3]
    assert set(ResponseCase.objects.filter(status="open").values_list("level", flat=True)) == {
        1,
        2,
        3,
    }
    assert all(a.layoff_reports.exists() for a in Alert.objects.all())  # made from reports
    assert LiftRequest.objects.filter(decision="pending", alert__level=1).exists()
