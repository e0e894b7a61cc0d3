"""Monitoring data for the demo registry (ADR 0060): the feeds, imported and run through detection.

The social-insurance and unemployment-registration feeds hold HISTORY_MONTHS (24, the registry's
history) months of figures, the history forecasting needs (plan S3.1.3 预测), the social-insurance
feed one month more before them (their first month's 岗位流失 is counted against it); the other
feeds the last FEED_MONTHS. Up to the first of the last FEED_MONTHS months, every enterprise's insured headcount
in the feed is its own monthly record (`HeadcountRecord`): the registry's trend, its trades'
seasons (the Spring Festival's outflow and March's hiring, the building sites' winter), its
declining enterprises and its noise, so the district's, each town's and each industry's series
in the lake are the registry's; the people who leave in those months register as unemployed over
that month and the next. The last FEED_MONTHS months run as before: ordinary life, and every
scenario event in the last month, which detection alone judges.

Precursors (ADR 0106; `precursors.choose_demo_precursors`, given by the caller): in the three
months before the month of each warned reported cut (70 % of them; the month its report was
submitted) and of each false alarm (the month the demo is made in), a fifth to a third of the
enterprise's staff have their contribution base cut by a fifth (a tenth to a sixth at a false
alarm), and its revenue falls 10–25 % a month (half that at a false alarm) — the revenue only in
the tax months the lake keeps (the last FEED_MONTHS), so only before the cuts reported within or
just after them (feeds.generate's `planted` and `revenue_from`). Never in the lake's first month
nor its last (detection's month stays as it was), and nobody moves for them: the headcounts stay
the registry's records.
"""

import datetime as dt
import tempfile
from collections import defaultdict
from pathlib import Path

from layoffwatch.enterprises.models import Enterprise, HeadcountRecord
from layoffwatch.monitoring import feeds
from layoffwatch.monitoring.services import detection_run, source_import
from layoffwatch.reporting.models import LayoffReport

from .plan import add_months
from .precursors import DemoPrecursors
from .shape import DEFAULT_MONTHS

# Four months of every feed: the last month judged against the two before it (the stoppage
# baseline and the registration surge's mean, ADR 0095); the first is only the second's "last
# month". These run on the people's lives alone, as they always have.
FEED_MONTHS = 4
# The social-insurance and unemployment-registration feeds go back as far as the registry's
# monthly records (plan S3.1.3 预测): the months before the last FEED_MONTHS follow the records.
# The feeds start a month earlier (LAKE_MONTHS), at the first record's headcount: the first
# record's month then has its leavers and registrations like every other.
HISTORY_MONTHS = DEFAULT_MONTHS
LAKE_MONTHS = HISTORY_MONTHS + 1
HISTORY_KINDS = ("social_insurance", "unemployment_registration")


def feed_employers(end_period: dt.date) -> list[tuple[str, int, str]]:
    """(credit code, size, town code) of every registry enterprise with insured staff, in the
    order feeds.generate gives out the roles (ADR 0095).

    The size is the enterprise's own month-end insured headcount in its first monthly record
    (HISTORY_MONTHS − 1 months before `end_period`; the feeds start a month before it at that
    size), or its registry headcount without one: not scaled, so the contributions the detectors count are the
    registry's people. Enterprises that filed no layoff report come first, largest first (by
    their headcount at the start of the last FEED_MONTHS months), so the scenario employers (a
    hidden mass layoff, a small layoff, a workforce stop, a restructuring, …; see feeds.ROLES)
    are ones the registry knows nothing about."""
    first = add_months(end_period, 1 - HISTORY_MONTHS)
    recent = add_months(end_period, 1 - FEED_MONTHS)
    recorded = _records([first, recent])
    reported = set(LayoffReport.objects.values_list("enterprise_id", flat=True))
    rows = []
    for pk, uscc, registry, town in Enterprise.objects.values_list(
        "pk", "uscc", "insured_headcount", "town_id"
    ):
        own = recorded.get(pk, {})
        rows.append(
            (pk in reported, -own.get(recent, registry), uscc, own.get(first, registry), town)
        )
    rows.sort(key=lambda r: r[:3])
    return [(uscc, size, town) for _r, _recent, uscc, size, town in rows if size > 0]


def followed_headcounts(end_period: dt.date, employers: list[tuple]) -> list[list[int]]:
    """Each employer's monthly insured headcount from the feeds' first month to the first of the
    last FEED_MONTHS (feeds.generate follows them; see the module docstring), its registry
    headcount where it has no record; the first (the month before the records) is the size
    `feed_employers` gave."""
    first = add_months(end_period, -HISTORY_MONTHS)
    periods = [add_months(first, m) for m in range(LAKE_MONTHS - FEED_MONTHS + 1)]
    records = _records(periods)
    ids = dict(Enterprise.objects.values_list("uscc", "pk"))
    registry = dict(Enterprise.objects.values_list("uscc", "insured_headcount"))
    out = []
    for uscc, size, *_town in employers:
        own = records.get(ids[uscc], {})
        counts = [own.get(p, registry[uscc]) for p in periods]
        counts[0] = size
        out.append(counts)
    return out


def _records(periods: list[dt.date]) -> dict[int, dict[dt.date, int]]:
    out: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for pk, period, n in HeadcountRecord.objects.filter(period__in=periods).values_list(
        "enterprise_id", "period", "insured_headcount"
    ):
        out[pk][period] = n
    return out


def generate_monitoring(
    *, seed: int, end_period: dt.date, chosen: DemoPrecursors | None = None
) -> dict:
    """Monitoring data for the demo registry (ADR 0060, 0095): LAKE_MONTHS months of the
    social-insurance feed, HISTORY_MONTHS of the unemployment registrations and FEED_MONTHS of
    the others, naming the registry's own enterprises at their own sizes (`feed_employers`,
    `followed_headcounts`), imported through the real importer; detection runs on the last month
    only. `chosen`: the enterprises that get precursors in the lake (module docstring; ADR
    0106), the same that `precursors.plant_demo_precursors` is given; none without it."""
    employers = feed_employers(end_period)
    period = end_period.strftime("%Y-%m")
    recent = add_months(end_period, 1 - FEED_MONTHS).strftime("%Y-%m")
    imported = 0
    with tempfile.TemporaryDirectory(prefix="demofeeds-") as tmp:
        out = Path(tmp)
        summary = feeds.generate(
            seed=seed,
            people=sum(size for _uscc, size, _town in employers),
            out=out,
            end_period=period,
            employers=employers,
            headcounts=followed_headcounts(end_period, employers),
            months=LAKE_MONTHS,
            planted=chosen.lake_precursors() if chosen else None,
            revenue_from=recent,
        )
        for kind_dir in sorted(p for p in out.iterdir() if p.is_dir()):
            kind = kind_dir.name
            paths = sorted(kind_dir.glob("*.csv"))
            older = [p for p in paths if p.stem < recent]
            files = [(p, p.stem) for p in paths if p.stem >= recent]
            if kind == "social_insurance":
                files = [(p, p.stem) for p in older] + files
            elif kind == "unemployment_registration" and older:
                # the older months in one file, as an export of several months comes: a quarter
                # of the time a file a month takes (not so for the social-insurance months)
                # named as the bureau would name the export (the import page lists file names)
                name = f"失业登记{older[0].stem}至{older[-1].stem}.csv"
                files = [(_joined(older, out / name), None), *files]
            for path, month in files:
                source_import(kind=kind, path=path, period=month, enqueue_detection=False)
                imported += 1
    result = detection_run(period=period)
    return {
        "people": summary["people"],
        "employers": summary["employers"],
        "periods": summary["periods"],
        "imports": imported,
        "signals": result["created"] + result["updated"] + result["unchanged"],
        "findings": len(result["findings"]),
        "planted": summary.get("planted", 0),
    }


def _joined(paths: list[Path], target: Path) -> Path:
    """The CSV files (with the same header) as one file."""
    with open(target, "w", encoding="utf-8") as out:
        for n, path in enumerate(paths):
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            out.writelines(lines if n == 0 else lines[1:])
    return target
