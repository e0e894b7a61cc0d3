"""Monitoring (ADR 0060): every detector runs on the demo data (`demo` imports feeds naming its own registry)."""

import datetime as dt
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum

from layoffwatch.demo.models import DemoDataset
from layoffwatch.enterprises.models import Enterprise, HeadcountRecord
from layoffwatch.monitoring.models import ImportRun, Signal
from layoffwatch.reporting.models import LayoffReport


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_produces_signals_for_its_own_enterprises(reference_data, lake, client):
    output = run("demo", "--no-serve", "--enterprises", "40")
    assert "信号 signals" in output
    # the feeds name only registry enterprises: none is added as “found in the feed”
    assert Enterprise.objects.count() == 40
    assert not Enterprise.objects.filter(source=Enterprise.Source.FEED).exists()
    runs = ImportRun.objects.all()
    assert runs.exists() and all(r.status == ImportRun.Status.IMPORTED for r in runs)
    assert (lake / "social_insurance").is_dir()

    signals = Signal.objects.exclude(enterprise=None)
    assert signals.exists()
    reported = set(LayoffReport.objects.values_list("enterprise_id", flat=True))
    hidden = signals.filter(kind=Signal.Kind.MASS_STOPPAGE).exclude(enterprise_id__in=reported)
    assert hidden.exists(), "a mass layoff nobody reported is found by the data comparison"
    assert signals.filter(kind=Signal.Kind.WORKFORCE_STOP).exists()

    # ADR 0096: the feeds count the registry's own people, not a scaled-down sample: a whole
    # workforce that stopped is the enterprise's own monthly record of the month before, and its
    # page says so beside the registry's figure
    first = DemoDataset.objects.get().end_period - dt.timedelta(days=1)
    people = HeadcountRecord.objects.filter(period=first.replace(day=1)).aggregate(
        n=Sum("insured_headcount")
    )["n"]
    assert f"{people} 人、40 家单位" in output
    client.force_login(get_user_model().objects.get(username="admin"))
    for stop in signals.filter(kind=Signal.Kind.WORKFORCE_STOP):
        before = dt.date.fromisoformat(f"{stop.period}-01") - dt.timedelta(days=1)
        record = HeadcountRecord.objects.get(
            enterprise=stop.enterprise, period=before.replace(day=1)
        )
        assert stop.figures["headcount_before"] == record.insured_headcount
        page = client.get(f"/monitoring/signals/{stop.pk}/").content.decode()
        assert f"社保数据 {before:%Y-%m}：参保 {record.insured_headcount} 人" in page
        assert "企业名录（更新于 " in page
        assert f"：参保 {stop.enterprise.insured_headcount} 人" in page


def test_a_second_run_imports_and_detects_nothing_new(reference_data):
    run("demo", "--no-serve", "--enterprises", "40")
    counts = (ImportRun.objects.count(), Signal.objects.count(), Enterprise.objects.count())
    run("demo", "--no-serve", "--enterprises", "40")
    assert (ImportRun.objects.count(), Signal.objects.count(), Enterprise.objects.count()) == counts
