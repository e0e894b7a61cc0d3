"""The detectors of the big-data comparison (plan S3.1.3–S3.1.4; ADR 0060, 0091).

Each detector is two small files: its query `monitoring/sql/<name>.sql` and its declaration, a
module in this folder holding `DETECTOR = Detector(...)` (`detection.Detector`). `REGISTRY` is
every module of this folder, in their `order`; `detect_period` runs them for a month over the
lake and returns their findings (no database writes; `services.detection_run` stores them as
signals).

How to add a detector
---------------------
1. **The query**: `monitoring/sql/<name>.sql`, plain DuckDB SQL with `$named` parameters. It
   reads lake files through the paths it is given (`read_parquet($cur_path)`) and the database
   facts as `_registry`, `_industries`, `_reports`, `_monthly` (`detection.Context`; say which in
   a comment at the top, as the siblings do). One row per finding, ordered (score first, then a
   code), so that a run is reproducible.
2. **The declaration**: copy the closest sibling (`tax_drop.py` for a two-month feed,
   `wage_arrears.py` for database facts only) to `<name>.py` and fill in:
   - `name` — the SQL file's name; `order` — where its findings come in a run (pick a free
     number between its neighbours; the order of signals and of the skipped list follows it);
   - `feed=Feed(kind, label, months)` — the lake feed it cannot run without (this month, or last
     month too); when missing, the run says "缺少 <months> 的<label>" under its name (or under
     `skipped_as`, when it shares a sibling's feed) instead of running it;
   - `thresholds` — what it reads of `params.thresholds(on)`: `"min_cut"`, a section
     (`"stoppage"`) or one value (`"distress.tax_drop_share"`). It is given only these (`i.t`),
     so a threshold it reads without declaring fails its tests; a new threshold goes in
     `monitoring/parameters/monitoring.yaml` with its date and source, and in params.py's schema;
   - `tables` — the Context tables its SQL joins; `queries` — any other sql/ file it runs;
   - `params(i)` — the query's parameters from `i: Inputs` (`i.period`, `i.prev`, `i.start`,
     `i.end`, `i.path(kind, period)`, `i.existing(kind, periods)`, `i.t`); or `rows(i)` when it
     runs its own queries (`business_event.py` picks one of two);
   - `finding(row, i)` — one row → `detection.Finding`: `kind` (a `Signal.Kind`), the
     `summary` as `core.recorded.recorded(N_("%(enterprise)s …"), enterprise=r["employer_uscc"],
     …)` — Chinese msgid, its English in the app's .po, words as `term(…)` (ADR 0100, amended
     2026-12-07 (5)); codes in it are replaced by names when stored, in the text and in the
     message's parameters —, the subject (`employer_uscc`,
     `town_code` or `industry_code`), `count`, `score=score(…)` (0–100, one decimal) and
     `figures=plain(row)`;
   - optionally `after(findings, i)` — work on all its findings at the end (`mass_stoppage.py`
     adds the evidence rows and the reconciliation with the layoff reports);
   - optionally `superseded_by` — kinds whose finding on the same subject replaces this one's
     (`key_sample_job_loss.py`: a restructuring is no job loss).
3. **A new kind of signal**: add it to `models.Signal.Kind` (with a migration), a Chinese label
   for each figure column to `models.FIGURE_LABELS` (the tests check every stored figure has
   one), and the English to the app's locale .po.
4. **Its test**: a crafted feed → the finding a user would see (as in
   `monitoring/tests/test_detectors_area.py`).

Nothing else: the registry finds the module, `detect_period` runs it in its order, and
`services.signals_record` stores its findings once per kind, subject and month.
`monitoring/tests/test_detector_registry.py` checks that every .sql file belongs to exactly one
detector (or is listed in `OTHER_QUERIES`).
"""

from __future__ import annotations

import importlib
import pkgutil

from layoffwatch.monitoring import lake
from layoffwatch.monitoring.detection import Context, Detector, Finding, Inputs, pick

# sql/ files that are no detector's: what they are for
OTHER_QUERIES = {
    "stoppage_count": "benchmarks/bench_monitoring.py: the plain count the stoppage detector is timed against",
    "insured_headcount": "selectors.feed_headcounts: an enterprise's 社保数据 headcount on the key-sample and signal pages (ADR 0096)",
}


def _discover() -> list[Detector]:
    # why importlib: every module of this folder is a detector, so adding one is adding its file
    modules = [
        importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)
    ]
    return sorted((m.DETECTOR for m in modules), key=lambda d: d.order)


REGISTRY: list[Detector] = _discover()


def register(detector: Detector) -> Detector:
    """Add a detector at its place in the order (the modules of this folder are added already)."""
    if any(d.name == detector.name for d in REGISTRY):
        raise ValueError(f"detector {detector.name} is registered already")
    REGISTRY.append(detector)
    REGISTRY.sort(key=lambda d: d.order)
    return detector


def unregister(name: str) -> None:
    REGISTRY[:] = [d for d in REGISTRY if d.name != name]


def detect_period(*, period: str, thresholds: dict, context: Context, con=None) -> dict:
    """Every detector for `period`; returns {"findings": [...], "skipped": {detector: reason}}.

    `thresholds` is params.thresholds(on); each detector is given the part it declared."""
    con = con or lake.connect()
    context.register(con)
    findings: list[Finding] = []
    skipped: dict[str, str] = {}
    for detector in REGISTRY:
        i = Inputs(con=con, period=period, t=pick(thresholds, detector.thresholds))
        missing = detector.feed.missing(i) if detector.feed else None
        if missing:
            skipped[detector.skipped_as or detector.name] = missing
            continue
        findings.extend(detector.find(i))
    return {"findings": _without_superseded(findings), "skipped": skipped}


def _without_superseded(findings: list[Finding]) -> list[Finding]:
    """Drop each finding whose detector declares another kind found on the same subject as the
    truer story (`Detector.superseded_by`)."""
    by_kind = {d.name: d.superseded_by for d in REGISTRY}
    found = {(f.kind, f.subject) for f in findings}
    return [
        f
        for f in findings
        if not any((kind, f.subject) in found for kind in by_kind.get(f.kind, ()))
    ]
