"""Monitoring data for the demo registry (ADR 0060): the feeds, imported and run through detection."""

import datetime as dt
import tempfile
from pathlib import Path

from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring import feeds
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.reporting.models import LayoffReport

DEMO_FEED_PEOPLE = 20_000  # insured people in the demo's monitoring feeds: a few seconds end to end


def generate_monitoring(*, seed: int, end_period: dt.date, people: int = DEMO_FEED_PEOPLE) -> dict:
    """Monitoring data for the demo registry (ADR 0060): two months of every feed naming the
    registry's own enterprises, imported through the real importer and run through detection.

    Sizes come from the registry's insured headcounts, scaled so the feeds hold about `people`
    people. Enterprises that filed no layoff report come first, largest first, so the scenario
    employers (a hidden mass layoff, a small layoff, a workforce stop, a restructuring, job
    changes, a retirement wave, …; see feeds.ROLES) are ones the registry knows nothing about.
    """
    reported = set(LayoffReport.objects.values_list("enterprise_id", flat=True))
    rows = list(Enterprise.objects.values_list("pk", "uscc", "insured_headcount"))
    rows.sort(key=lambda r: (r[0] in reported, -(r[2] or 0), r[1]))
    total = sum(r[2] or 0 for r in rows) or 1
    factor = min(1.0, people / total)
    employers = [(uscc, max(5, round((size or 0) * factor))) for _pk, uscc, size in rows]
    period = end_period.strftime("%Y-%m")
    imported = 0
    with tempfile.TemporaryDirectory(prefix="demofeeds-") as tmp:
        out = Path(tmp)
        summary = feeds.generate(
            seed=seed, people=people, out=out, end_period=period, employers=employers
        )
        for kind_dir in sorted(p for p in out.iterdir() if p.is_dir()):
            for path in sorted(kind_dir.glob("*.csv")):
                source_import(
                    kind=kind_dir.name, path=path, period=path.stem, enqueue_detection=False
                )
                imported += 1
    result = detection_run(period=period)
    return {
        "people": summary["people"],
        "employers": summary["employers"],
        "periods": summary["periods"],
        "imports": imported,
        "signals": result["created"] + result["updated"] + result["unchanged"],
        "findings": len(result["findings"]),
    }
