"""Monitoring (ADR 0060): every detector runs on the demo data (`demo` imports feeds naming its own registry)."""

from io import StringIO

from django.core.management import call_command

from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring.models import ImportRun, Signal
from layoffwatch.reporting.models import LayoffReport


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_produces_signals_for_its_own_enterprises(reference_data, lake):
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


def test_a_second_run_imports_and_detects_nothing_new(reference_data):
    run("demo", "--no-serve", "--enterprises", "40")
    counts = (ImportRun.objects.count(), Signal.objects.count(), Enterprise.objects.count())
    run("demo", "--no-serve", "--enterprises", "40")
    assert (ImportRun.objects.count(), Signal.objects.count(), Enterprise.objects.count()) == counts
