"""A deterministic, plausible Tongnan (ADR 0030): enterprises, dispatch relations, 24 months of
headcounts, accounts, and the stories of the last weeks told through the real services.

Two halves, so that tests and benchmarks can use either:

- `build(...)` is pure (`district.py`): a `random.Random(seed)`, the towns and industries it is
  given, and the period it is told. It never reads the clock, the database or the global random
  state, so the same arguments always give the same `Plan`.
- `generate(...)` (`writing.py`) reads the towns and industries from the database, builds the plan
  and writes it with `bulk_create` in one transaction, tells the stories — response cases
  (`cases.py`), the closed case's assistance (`assistance.py`), the monthly reports
  (`monthly.py`) — in time order (`clock.py`), then records a `DemoDataset` marker.
- `generate_monitoring(...)` (`monitoring.py`) imports the feeds and runs detection on the last
  month. The lake holds 24 months (the registry's history) of the social-insurance and
  unemployment-registration feeds, the history forecasting needs (plan S3.1.3 预测), and the last
  four of the others. Up to the first of those four months every enterprise's insured headcount
  in the feed is its own monthly record, so the district's, each town's and each industry
  section's series carry the registry's mild growth, its trades' seasons (the outflow after the
  Spring Festival and March's hiring, the building sites' winter, the food plants' busy winter),
  the declining enterprises and the noise; the people let go register as unemployed that month or
  the next, in their employer's town. The last four months run on the people's lives alone, with
  every scenario (a hidden mass layoff, a closure, a restructuring, …) in the last.
- `generate_analysis(...)` (`analysis.py`) analyses the feeds' last two months (one signed off, one
  a draft) and holds a consultation on the signed one.

`shape.py` holds the district's shape (towns, trades, sizes) and the defaults; `plan.py` what
`build` returns.
"""

from .analysis import generate_analysis
from .clock import OFFICE_HOURS, DemoClock, Story
from .district import build
from .monitoring import feed_employers, generate_monitoring
from .plan import EnterpriseSpec, Plan, add_months, month_start, previous_month
from .shape import DEFAULT_ENTERPRISES, DEFAULT_MONTHS, DEFAULT_SEED, DEMO_PASSWORD
from .writing import generate, reference_from_db

__all__ = [
    "DEFAULT_ENTERPRISES",
    "DEFAULT_MONTHS",
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "OFFICE_HOURS",
    "DemoClock",
    "EnterpriseSpec",
    "Plan",
    "Story",
    "add_months",
    "build",
    "feed_employers",
    "generate",
    "generate_analysis",
    "generate_monitoring",
    "month_start",
    "previous_month",
    "reference_from_db",
]
