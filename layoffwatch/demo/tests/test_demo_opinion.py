"""The demo's week of public opinion (plan S6.4 舆情研判; ADR 0107): three files brought in through
the real importer, a rumour at an enterprise with an open alert grouped into one story told on
several platforms, every item within the week before the demo was built, and nothing added when
the same week is brought in again."""

import datetime as dt
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from layoffwatch.alerts.models import Alert
from layoffwatch.demo.generator import DEFAULT_SEED
from layoffwatch.demo.generator.opinion import HOTLINE_FILE, NEWS_FILE, generate_opinion
from layoffwatch.opinion.models import OpinionEvent, OpinionImport, OpinionItem, Source, Topic
from layoffwatch.rights.models import RightsCase


def test_the_demo_holds_a_week_of_public_opinion_about_its_own_enterprises(reference_data, client):
    out = StringIO()
    call_command("demo", "--no-serve", "--enterprises", "40", stdout=out)
    now = timezone.now()

    # the three files, recorded as the bureau's imports, and said in the build's summary
    imports = {batch.kind: batch for batch in OpinionImport.objects.all()}
    built_at = imports[Source.EXPORT].imported_at
    day = timezone.localtime(built_at).date()
    assert {kind: batch.file_name for kind, batch in imports.items()} == {
        Source.EXPORT: f"舆情监测导出{day:%Y-%m-%d}.csv",
        Source.NEWS: NEWS_FILE,
        Source.HOTLINE: HOTLINE_FILE,
    }
    assert 60 <= imports[Source.EXPORT].items <= 120
    assert 8 <= imports[Source.NEWS].items <= 12
    assert 15 <= imports[Source.HOTLINE].items <= 30
    assert f"舆情 public opinion：3 个文件 files，{OpinionItem.objects.count()} 条信息" in (
        out.getvalue()
    )

    # within the week before the build, none ahead of now
    times = list(OpinionItem.objects.values_list("published_at", flat=True))
    assert min(times) >= now - dt.timedelta(days=7) and max(times) <= built_at <= now

    # the rumour at the enterprise with the gravest open alert: one event, told on several
    # platforms, about that enterprise, among the first the page lists
    alerted = Alert.objects.filter(status__in=Alert.OPEN).order_by("level", "-opened_at").first()
    story = OpinionEvent.objects.filter(enterprise=alerted.enterprise).order_by("-items").first()
    assert story.items >= 3 and story.sources >= 2
    assert story.topic == Topic.LAYOFF
    assert story.members.filter(enterprise=alerted.enterprise).count() == story.items
    client.force_login(get_user_model().objects.get(username="employment"))
    page = client.get("/opinion/").content.decode()
    assert story.title in page

    # the arrears told on the hotline name the enterprise whose wage-arrears case is open
    open_cases = RightsCase.objects.filter(closed_at__isnull=True).values("enterprise")
    calls = OpinionItem.objects.filter(kind=Source.HOTLINE, enterprise__in=open_cases)
    assert calls.filter(topic=Topic.WAGE_ARREARS).count() >= 2

    # the same week again: every item is already held
    counts = (OpinionItem.objects.count(), OpinionEvent.objects.count())
    again = generate_opinion(seed=DEFAULT_SEED, now=built_at)
    assert again["items"] == 0 and again["held"] == counts[0]
    assert (OpinionItem.objects.count(), OpinionEvent.objects.count()) == counts
