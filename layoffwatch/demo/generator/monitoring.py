"""Monitoring data for the demo registry (ADR 0060): the feeds, imported and run through detection."""

import datetime as dt
import tempfile
from pathlib import Path

from layoffwatch.enterprises.models import Enterprise, HeadcountRecord
from layoffwatch.monitoring import feeds
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.reporting.models import LayoffReport

from .plan import add_months

# Four months of feeds: the last month judged against the two before it (the stoppage baseline and
# the registration surge's mean, ADR 0095); the first is only the second's "last month".
FEED_MONTHS = 4


def feed_employers(end_period: dt.date) -> list[tuple[str, int]]:
    """(credit code, size) of every registry enterprise with insured staff, in the order
    feeds.generate gives out the roles (ADR 0095).

    The size is the enterprise's own month-end insured headcount for the feeds' first month
    (FEED_MONTHS − 1 months before `end_period`) from its monthly records, or its registry headcount without one:
    not scaled, so the contributions the detectors count are the registry's people and a
    signal's “上月参保” is the registry's figure for that month. Enterprises that filed no layoff
    report come first, largest first, so the scenario employers (a hidden mass layoff, a small
    layoff, a workforce stop, a restructuring, …; see feeds.ROLES) are ones the registry knows
    nothing about."""
    first = add_months(end_period, 1 - FEED_MONTHS)
    recorded = dict(
        HeadcountRecord.objects.filter(period=first).values_list(
            "enterprise_id", "insured_headcount"
        )
    )
    reported = set(LayoffReport.objects.values_list("enterprise_id", flat=True))
    rows = [
        (pk in reported, uscc, recorded.get(pk, registry))
        for pk, uscc, registry in Enterprise.objects.values_list("pk", "uscc", "insured_headcount")
    ]
    rows.sort(key=lambda r: (r[0], -r[2], r[1]))
    return [(uscc, size) for _reported, uscc, size in rows if size > 0]


def generate_monitoring(*, seed: int, end_period: dt.date) -> dict:
    """Monitoring data for the demo registry (ADR 0060, 0095): FEED_MONTHS months of every feed naming
    the registry's own enterprises at their own sizes (`feed_employers`), imported through the
    real importer and run through detection."""
    employers = feed_employers(end_period)
    period = end_period.strftime("%Y-%m")
    imported = 0
    with tempfile.TemporaryDirectory(prefix="demofeeds-") as tmp:
        out = Path(tmp)
        summary = feeds.generate(
            seed=seed,
            people=sum(size for _uscc, size in employers),
            out=out,
            end_period=period,
            employers=employers,
            months=FEED_MONTHS,
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
