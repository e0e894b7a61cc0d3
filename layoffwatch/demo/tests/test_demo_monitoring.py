"""Monitoring (ADR 0060): every detector runs on the demo data (`demo` imports feeds naming its own registry)."""

import datetime as dt
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum

from layoffwatch.analysis.indicators import TOWN, month_indicators
from layoffwatch.analysis.risk_features import feature_table
from layoffwatch.core.clock import local_datetime
from layoffwatch.demo.generator import DEFAULT_SEED, precursors
from layoffwatch.demo.generator.monitoring import FEED_MONTHS, HISTORY_MONTHS
from layoffwatch.demo.generator.plan import add_months
from layoffwatch.demo.models import DemoDataset
from layoffwatch.enterprises.models import Enterprise, HeadcountRecord
from layoffwatch.monitoring import lake as lake_files
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

    # ADR 0096: the feeds count the registry's own people, not a scaled-down sample: the feeds
    # start at each enterprise's first monthly record; later months move with the people's lives.
    # A stoppage's page gives the feed's figure with its month (the signal's own figure) beside
    # the registry's, each with its source.
    end = DemoDataset.objects.get().end_period
    first = add_months(end.replace(day=1), 1 - HISTORY_MONTHS)
    people = HeadcountRecord.objects.filter(period=first).aggregate(n=Sum("insured_headcount"))["n"]
    assert f"{people} 人、40 家单位" in output
    client.force_login(get_user_model().objects.get(username="admin"))
    for stop in signals.filter(kind=Signal.Kind.WORKFORCE_STOP):
        before = dt.date.fromisoformat(f"{stop.period}-01") - dt.timedelta(days=1)
        page = client.get(f"/monitoring/signals/{stop.pk}/").content.decode()
        assert f"社保数据 {before:%Y-%m}：参保 {stop.figures['headcount_before']} 人" in page
        assert "企业名录（更新于 " in page
        assert f"：参保 {stop.enterprise.insured_headcount} 人" in page

    # ADR 0095: a ranked work list: the scores spread, no more than a tenth sit at the maximum,
    # and the list comes highest first
    scores = list(Signal.objects.values_list("score", flat=True))
    assert len(set(scores)) > len(scores) / 2
    assert sum(score >= 100 for score in scores) <= len(scores) / 10
    listing = client.get("/monitoring/")
    shown = [s.score for s in listing.context["signals"]]
    assert shown == sorted(shown, reverse=True) and len(shown) > 1

    # plan S3.1.3 预测 (the same demo, not a second one): two years of history for forecasting
    history_for_forecasting(end, Signal.objects.all())
    # ADR 0106: the lake's precursors on the enterprises the records' precursors are on
    precursors_in_the_lake(end)


def history_for_forecasting(end: dt.date, signals) -> None:
    """The lake holds the registry's 24 months of social insurance and unemployment registrations;
    the analysis has the district's figures in the first and the last of them; up to the last
    FEED_MONTHS each town's insured headcount is the registry's; detection judged the last month only."""
    months = [f"{add_months(end, -back):%Y-%m}" for back in range(HISTORY_MONTHS - 1, -1, -1)]
    for kind in ("social_insurance", "unemployment_registration"):
        assert set(months) <= set(lake_files.lake_periods(kind)), kind
    assert len(lake_files.lake_periods("tax")) == FEED_MONTHS
    for period in (months[0], months[-1]):
        district = month_indicators(period).district
        for key in ("insured", "job_losses", "job_loss_rate", "registrations"):
            assert district.value(key), (period, key, district.values[key])
    towns = dict(
        HeadcountRecord.objects.filter(period=add_months(end, 1 - FEED_MONTHS))
        .values_list("enterprise__town")
        .annotate(n=Sum("insured_headcount"))
    )
    shown = month_indicators(months[-FEED_MONTHS])
    assert {r.code: r.value("insured") for r in shown.area(TOWN) if r.value("insured")} == {
        t: n for t, n in towns.items() if n
    }
    assert shown.district.value("insured") == sum(towns.values())
    assert {s.period for s in signals} == {months[-1]}


def test_a_second_run_imports_and_detects_nothing_new(reference_data):
    run("demo", "--no-serve", "--enterprises", "40")
    counts = (ImportRun.objects.count(), Signal.objects.count(), Enterprise.objects.count())
    run("demo", "--no-serve", "--enterprises", "40")
    assert (ImportRun.objects.count(), Signal.objects.count(), Enterprise.objects.count()) == counts


def precursors_in_the_lake(end: dt.date) -> None:
    """The risk ranking reads contribution-base cuts in the lake at the enterprises chosen for
    precursors (warned cuts and false alarms), in their months, and at no other; revenue falls
    where those months have tax figures before them; the headcounts stay the registry's (above)."""
    chosen = precursors.choose_demo_precursors(seed=DEFAULT_SEED, at=local_datetime())
    # the lake's months after its first and before its last
    second, before_last = (f"{add_months(end, -back):%Y-%m}" for back in (HISTORY_MONTHS - 1, 1))
    shown = {
        uscc: (max(first, second), min(last, before_last))
        for uscc, first, last, _strength in chosen.lake_precursors()
        if first <= before_last and last >= second
    }
    assert shown, "the demo holds cuts with precursors"
    table = feature_table()
    cuts = table[table["base_cuts"] > 0]
    assert set(cuts["uscc"]) == set(shown)
    for uscc, period in cuts[["uscc", "period"]].itertuples(index=False):
        assert shown[uscc][0] <= period <= shown[uscc][1]
    taxed = f"{add_months(end, 2 - FEED_MONTHS):%Y-%m}"  # a tax month with one before it
    fell = table[table["revenue_change_1m"] < -0.04]
    for uscc, (first, last) in shown.items():
        if last >= taxed:
            rows = fell[(fell["uscc"] == uscc) & fell["period"].between(max(first, taxed), last)]
            assert len(rows), uscc
