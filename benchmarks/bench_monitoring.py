"""Monitoring benchmarks (ADR 0060–0062, 0095): the stoppage detector's quality per event kind in
both social-insurance file forms, and its speed at 10^7 insured people × 2 months.

Run: `LAYOFFWATCH_DATA_DIR=/tmp/lw-bench .venv/bin/python benchmarks/bench_monitoring.py
[--people 10000000] [--quality-people 1000000] [--months 6] [--only quality|timing]` (also
BENCH_PEOPLE, BENCH_QUALITY_PEOPLE, BENCH_MONTHS, BENCH_ONLY; `make bench` runs both parts with the
defaults). Prints one JSON object and the Markdown rows for benchmarks/README.md.

Quality (`quality`, one child process per form; `monitoring/tests/test_detection_quality.py` runs
the same function at 50,000 people × 4 months):
1. generate `months` months of ground-truth feeds (monitoring.feeds: ordinary life in every month,
   large employers' turnover replaced by hires every month, the events in the last month) in the
   form `reason` (增减变动/变动原因/变动日期) or `snapshot` (the month's contributors only);
2. import every social-insurance month with the real importer (validation, keyed hash, Parquet);
3. run detection for the last month through the registry (`detectors.detect_period`, the
   thresholds in force), and score the stoppage detector's findings against truth.parquet:
   precision and recall for layoffs of 20+ (`layoff`, `large_layoff` → `mass_stoppage`),
   closures (`closure`, `late_payer` → `workforce_stop`) and restructurings; how many large
   employers with ordinary turnover only (`turnover`) were flagged (target 0).
Quality runs at 10^6 people × 6 months, not 10^7 × 6: on this 2-core machine 10^7 × 6 months is
six 540 MB CSV files to generate and import per form (≈ 4 minutes each) for the same rates.

Timing (10^7 people × 2 months, form `reason`):
1. generate the two months with DuckDB SQL;
2. import both months and time month 2 against DuckDB's own read_csv of the same file
   (materialised, and count only), against the importer's write with every check left out (the
   floor of a Parquet-writing import) and DuckDB's own CSV → Parquet COPY of the file;
3. time the stoppage detector's query (the registry's `mass_stoppage`, its own parameters) against
   the plain counting query (sql/stoppage_count.sql) and a straightforward pandas version of the
   two-month rules; each in a child process so that its peak memory (ru_maxrss) is its own;
4. the same scoring of the detector's rows for the two months.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import multiprocessing as mp
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PERIOD = "2026-02"
PREV = "2026-01"
MEMORY_LIMIT = "3GB"
SEED = 2026
# truth events → the finding kind that must flag them (a stoppage of min_cut people or more)
KINDS = {
    "layoffs_20_plus": (("layoff", "large_layoff"), "mass_stoppage"),
    "closures": (("closure", "late_payer"), "workforce_stop"),
    "restructuring": (("restructuring",), "restructuring"),
}
STOPPAGE_KINDS = ("mass_stoppage", "workforce_stop", "restructuring")
# other truth events whose employers a stoppage finding names wrongly (counted per event)
OTHERS = ("turnover", "small_layoff", "poach", "retirement_wave", "seasonal")


def _env_defaults() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layoffwatch.settings")
    os.environ.setdefault("LAYOFFWATCH_DATA_DIR", "/tmp/lw-bench")


def _child(fn, args, queue):
    try:
        _setup()  # Django start-up is not part of any timing
        t0 = time.perf_counter()
        result = fn(*args)
        elapsed = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        queue.put(("ok", (elapsed, peak, result)))
    except BaseException:  # noqa: BLE001 — any failure goes back to the parent, which stops
        import traceback

        queue.put(("error", traceback.format_exc()))


def isolated(fn, *args):
    """Run fn in a fresh process (spawn): (seconds, peak RSS bytes, result). A failure in the
    child (an exception, or the process dying, e.g. killed for memory) stops the benchmark."""
    import queue as queue_module

    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, args, queue))
    proc.start()
    while True:
        try:
            status, payload = queue.get(timeout=5)
            break
        except queue_module.Empty:
            if not proc.is_alive():
                raise SystemExit(f"{fn.__name__} died (exit code {proc.exitcode})") from None
    proc.join()
    if status == "error":
        raise SystemExit(f"{fn.__name__} failed:\n{payload}")
    return payload


def _setup():
    import django

    _env_defaults()
    django.setup()


def _towns_industries():
    import csv

    data = ROOT / "layoffwatch" / "reference" / "data"
    with open(data / "towns.csv", encoding="utf-8") as f:
        towns = [r["stat_code_12"] for r in csv.DictReader(f)]
    with open(data / "industry_sections_divisions.csv", encoding="utf-8") as f:
        industries = [r["code"] for r in csv.DictReader(f)]
    with open(data / "industry_classes.csv", encoding="utf-8") as f:
        industries += [r["code_2017"] for r in csv.DictReader(f)]
    return towns, industries


def bundled_thresholds(on: dt.date) -> dict:
    """params.thresholds(on) from the bundled parameter files: the benchmark has no database, so
    no administrator's revisions (the test passes the thresholds in force instead)."""
    from unittest import mock

    from layoffwatch.monitoring import params
    from layoffwatch.policy.loader import bundled_policy

    with mock.patch.object(params, "policy_in_force", bundled_policy):
        return params.thresholds(on)


def generate(people: int, out: str, months: int = 2, form: str = "reason") -> dict:
    _setup()
    from layoffwatch.monitoring import feeds
    from layoffwatch.monitoring import lake as lake_mod

    # spills go to the lake's scratch folder under LAYOFFWATCH_DATA_DIR, not to ./.tmp
    con = lake_mod.connect(memory_limit=MEMORY_LIMIT)
    return feeds.generate(
        seed=SEED,
        people=people,
        out=Path(out),
        end_period=PERIOD,
        months=months,
        form=form,
        con=con,
    )


def import_month(path: str, lake: str) -> int:
    _setup()
    from django.conf import settings

    settings.LAKE_DIR = Path(lake)
    return import_file(Path(path))


def import_file(path: Path) -> int:
    """One feed file (its folder names the kind) through the real importer (validation, keyed
    hash, Parquet) into the lake (settings.LAKE_DIR)."""
    from layoffwatch.monitoring import importing
    from layoffwatch.monitoring import lake as lake_mod
    from layoffwatch.monitoring.sources import SOURCES

    towns, industries = _towns_industries()
    converted = importing.convert(
        source=SOURCES[path.parent.name],
        path=path,
        period=None,
        max_bytes=4 * 2**30,
        max_xlsx_bytes=50 * 2**20,
        towns=towns,
        industries=industries,
        con=lake_mod.connect(memory_limit=MEMORY_LIMIT),
    )
    lake_mod.publish(converted.temp, converted.target)
    return converted.rows_read


def write_unchecked(path: str, lake: str) -> int:
    """The floor of any import here (ADR 0062): the importer's own read, keyed hash, typing and
    Parquet write of the same file, with every check left out."""
    _setup()
    from django.conf import settings

    settings.LAKE_DIR = Path(lake)
    from layoffwatch.monitoring import importing
    from layoffwatch.monitoring import lake as lake_mod
    from layoffwatch.monitoring.sources import SOURCES

    source = SOURCES["social_insurance"]
    con = lake_mod.connect(memory_limit=MEMORY_LIMIT)
    header, relation = importing._open(con, Path(path), "csv")
    found = importing._mapping(source, header)
    prepared = ", ".join(importing._prepared(source.column(c), h) for c, h in found.items())
    temp = importing._write(
        con, source=source, found=found, rows=f"(SELECT {prepared} FROM {relation})", period=PERIOD
    )
    temp.unlink()
    return 0


def duckdb_csv_to_parquet(path: str, lake: str) -> int:
    """DuckDB's own conversion of the file to Parquet (types detected, no check, no hash): the
    other natural baseline for an import whose product is a Parquet file."""
    import duckdb

    out = Path(lake) / "plain-copy.parquet"
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(
        f"COPY (SELECT * FROM read_csv('{path}', header = true)) TO '{out}' (FORMAT parquet)"
    )
    out.unlink()
    return 0


def duckdb_read_csv(path: str, materialise: bool) -> int:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    if materialise:
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', header = true)")
        return con.execute("SELECT count(*) FROM t").fetchone()[0]
    return con.execute(f"SELECT count(*) FROM read_csv('{path}', header = true)").fetchone()[0]


def _stoppage_detector():
    from layoffwatch.monitoring.detectors import REGISTRY

    return next(d for d in REGISTRY if d.name == "mass_stoppage")


def detector(name: str, lake: str) -> list:
    """The counting query, or the stoppage detector's own query (its parameters from the
    registry's declaration, the bundled thresholds): (employer, kind, separations) per row."""
    _setup()
    from django.conf import settings

    settings.LAKE_DIR = Path(lake)
    from layoffwatch.monitoring import detection
    from layoffwatch.monitoring import lake as lake_mod

    con = lake_mod.connect(memory_limit=MEMORY_LIMIT)
    if name == "count":
        rows = detection.run(
            con,
            "stoppage_count",
            prev_path=str(lake_mod.lake_path("social_insurance", PREV)),
            cur_path=str(lake_mod.lake_path("social_insurance", PERIOD)),
            min_cut=20,
        )
    else:
        d = _stoppage_detector()
        detection.Context.empty().register(con)
        t = bundled_thresholds(detection.month_bounds(PERIOD)[1])
        i = detection.Inputs(con=con, period=PERIOD, t=detection.pick(t, d.thresholds))
        rows = d.rows(i) if d.rows else detection.run(con, d.name, **d.params(i))
    return [
        (r["employer_uscc"], r.get("kind", "count"), r.get("separations", r.get("stopped")))
        for r in rows
        if r.get("kind", "count")
    ]


def pandas_detector(lake: str) -> list:
    """The same rules written the straightforward pandas way (merge with indicator, groupby)."""
    import pandas as pd

    cols = ["person_key", "employer_uscc", "change_type", "change_reason", "age", "sex"]
    prev = pd.read_parquet(f"{lake}/social_insurance/{PREV}.parquet", columns=cols)
    cur = pd.read_parquet(f"{lake}/social_insurance/{PERIOD}.parquet", columns=cols)
    prev = prev[prev.change_type != "remove"]
    joined_prev = prev.change_type == "add"
    prev = prev.assign(joined=joined_prev)
    active = cur[cur.change_type != "remove"][["person_key", "employer_uscc"]]
    heads = prev.groupby("employer_uscc").size().rename("before")
    m = prev.merge(active, on=["person_key", "employer_uscc"], how="left", indicator=True)
    leavers = m[m["_merge"] == "left_only"].drop(columns="_merge")
    moved = leavers[["person_key", "employer_uscc"]].merge(
        active.rename(columns={"employer_uscc": "new_e"}), on="person_key"
    )
    moved = moved.groupby(["person_key", "employer_uscc"], as_index=False)["new_e"].min()
    removed = cur[cur.change_type == "remove"][["person_key", "employer_uscc", "change_reason"]]
    c = leavers.merge(moved, on=["person_key", "employer_uscc"], how="left").merge(
        removed.rename(columns={"change_reason": "reason"}),
        on=["person_key", "employer_uscc"],
        how="left",
    )
    retired_age = ((c.sex == "male") & (c.age >= 60)) | ((c.sex == "female") & (c.age >= 50))
    how = pd.Series("separation", index=c.index)
    how[c.joined & (c.reason == "contract_end")] = "short_contract"
    how[c.reason == "transfer_out"] = "transfer_out"
    how[c.reason == "death"] = "death"
    how[(c.reason == "retirement") | (c.reason.isna() & retired_age)] = "retirement"
    how[c.new_e.notna()] = "job_change"
    c["how"] = how
    per = c.groupby("employer_uscc").agg(
        leavers=("how", "size"), separations=("how", lambda s: int((s == "separation").sum()))
    )
    dest = c[c.new_e.notna()].groupby(["employer_uscc", "new_e"]).size().rename("n").reset_index()
    dest = dest.sort_values(["employer_uscc", "n"], ascending=[True, False]).drop_duplicates(
        "employer_uscc"
    )
    per = per.join(heads).join(dest.set_index("employer_uscc")["n"]).fillna({"n": 0})
    whole = per.leavers >= 0.95 * per.before
    kind = pd.Series(None, index=per.index, dtype="object")
    kind[per.separations >= 20] = "mass_stoppage"
    kind[whole & (per.separations >= 20)] = "workforce_stop"
    kind[whole & (per.leavers >= 20) & (per.n >= 0.8 * per.leavers)] = "restructuring"
    per["kind"] = kind
    per = per[per.kind.notna()]
    return [(e, k, int(s)) for e, k, s in zip(per.index, per.kind, per.separations, strict=True)]


def _share(hit: int, of: int) -> float | None:
    return round(hit / of, 4) if of else None


def stoppage_quality(truth_path: str | Path, found: list[tuple[str, str]], min_cut: int) -> dict:
    """The stoppage findings (employer, kind) against the ground truth: per KINDS entry the true
    events of `min_cut` people or more, the findings of that kind, precision and recall; the
    large employers with ordinary turnover only and how many were flagged (any stoppage kind);
    the same count for the other events that are no stoppage, and for employers with no event."""
    import duckdb

    truth = (
        duckdb.connect()
        .execute(f"SELECT employer_uscc, event, count FROM read_parquet('{truth_path}')")
        .fetchall()
    )
    out: dict = {}
    for name, (events, kind) in KINDS.items():
        actual = {e for e, event, n in truth if event in events and n >= min_cut}
        predicted = {e for e, k in found if k == kind}
        hit = len(actual & predicted)
        out[name] = {
            "events": len(actual),
            "flagged": len(predicted),
            "precision": _share(hit, len(predicted)),
            "recall": _share(hit, len(actual)),
        }
    flagged = {e for e, k in found if k in STOPPAGE_KINDS}
    large = {e for e, event, n in truth if event == "large_layoff" and n >= min_cut}
    out["large_layoff_recall"] = _share(
        len(large & {e for e, k in found if k == "mass_stoppage"}), len(large)
    )
    for event in OTHERS:
        employers = {e for e, ev, _n in truth if ev == event}
        out[event] = {"employers": len(employers), "flagged": len(employers & flagged)}
    out["no_event_flagged"] = len(flagged - {e for e, _ev, _n in truth})
    return out


def quality(
    *,
    form: str,
    people: int,
    months: int,
    work: Path,
    thresholds: dict | None = None,
    period: str = PERIOD,
    seed: int = SEED,
) -> dict:
    """Generate `months` months ending at `period` in `form` under `work`, import the
    social-insurance months into the lake `work/lake-<form>` (this sets settings.LAKE_DIR: run it
    in its own process, or under pytest's `settings`), run detection for `period` and score the
    stoppage findings (stoppage_quality). `thresholds`: params.thresholds of the month's end
    (default: the bundled files'). Adds the seconds each step took."""
    from django.conf import settings

    from layoffwatch.monitoring import detection, feeds
    from layoffwatch.monitoring import lake as lake_mod
    from layoffwatch.monitoring.detectors import detect_period

    work = Path(work)
    feeds_dir = work / f"feeds-{form}"
    settings.LAKE_DIR = work / f"lake-{form}"
    t = thresholds or bundled_thresholds(detection.month_bounds(period)[1])
    out: dict = {"form": form, "people": people, "months": months}
    t0 = time.perf_counter()
    out["summary"] = feeds.generate(
        seed=seed,
        people=people,
        out=feeds_dir,
        end_period=period,
        months=months,
        form=form,
        con=lake_mod.connect(memory_limit=MEMORY_LIMIT),
    )
    t1 = time.perf_counter()
    for month in out["summary"]["periods"]:
        import_file(feeds_dir / "social_insurance" / f"{month}.csv")
    t2 = time.perf_counter()
    result = detect_period(
        period=period,
        thresholds=t,
        context=detection.Context.empty(),
        con=lake_mod.connect(memory_limit=MEMORY_LIMIT),
    )
    t3 = time.perf_counter()
    found = [(f.employer_uscc, f.kind) for f in result["findings"] if f.kind in STOPPAGE_KINDS]
    out.update(stoppage_quality(feeds_dir / "truth.parquet", found, t["min_cut"]))
    out["seconds"] = {
        "generate": round(t1 - t0, 2),
        "import": round(t2 - t1, 2),
        "detect": round(t3 - t2, 2),
    }
    return out


def _quality_child(form: str, people: int, months: int, work: str) -> dict:
    _setup()
    return quality(form=form, people=people, months=months, work=Path(work))


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def quality_rows(results: list[dict]) -> list[str]:
    """README rows: one per kind and form."""
    rows = [
        "| kind | form | true events / flagged | precision | recall | target |",
        "|---|---|---|---|---|---|",
    ]
    for name, label, target in (
        ("layoffs_20_plus", "layoffs of 20+ (`layoff` + `large_layoff` → mass_stoppage)", "≥ 0.95"),
        ("closures", "closures (`closure` + `late_payer` → workforce_stop)", "≥ 0.95"),
        ("restructuring", "restructurings (→ restructuring)", "—"),
    ):
        for q in results:
            k = q[name]
            rows.append(
                f"| {label} | {q['form']} | {k['events']} / {k['flagged']} | "
                f"{_fmt(k['precision'])} | {_fmt(k['recall'])} | {target} |"
            )
    for q in results:
        rows.append(
            f"| `turnover` employers flagged | {q['form']} | {q['turnover']['flagged']} of "
            f"{q['turnover']['employers']} | | | 0 |"
        )
    for q in results:
        others = ", ".join(f"{e} {q[e]['flagged']}/{q[e]['employers']}" for e in OTHERS[1:])
        rows.append(
            f"| other employers flagged | {q['form']} | {others}; no event {q['no_event_flagged']} | "
            f"| large layoffs found {_fmt(q['large_layoff_recall'])} | — |"
        )
    return rows


def quality_part(people: int, months: int, work: Path) -> list[dict]:
    results = []
    for form in ("reason", "snapshot"):
        _s, rss, q = isolated(_quality_child, form, people, months, str(work / "quality"))
        q["peak_rss"] = rss
        results.append(q)
    return results


def timing_part(people: int, work: Path) -> dict:
    feeds_dir, lake = work / "feeds", work / "lake"
    lake.mkdir(parents=True)
    out: dict = {"people": people, "months": 2}
    out["generate_s"], _rss, out["summary"] = isolated(generate, people, str(feeds_dir))
    si = feeds_dir / "social_insurance"
    out["csv_bytes"] = (si / f"{PERIOD}.csv").stat().st_size
    isolated(import_month, str(si / f"{PREV}.csv"), str(lake))
    out["import_s"], out["import_rss"], out["rows"] = isolated(
        import_month, str(si / f"{PERIOD}.csv"), str(lake)
    )
    out["read_csv_materialised_s"], _r, _n = isolated(
        duckdb_read_csv, str(si / f"{PERIOD}.csv"), True
    )
    out["read_csv_count_s"], _r, _n = isolated(duckdb_read_csv, str(si / f"{PERIOD}.csv"), False)
    out["write_unchecked_s"], _r, _n = isolated(
        write_unchecked, str(si / f"{PERIOD}.csv"), str(lake)
    )
    out["csv_to_parquet_s"], _r, _n = isolated(
        duckdb_csv_to_parquet, str(si / f"{PERIOD}.csv"), str(lake)
    )
    best = {}
    for name in ("count", "full"):
        runs = [isolated(detector, name, str(lake)) for _ in range(3)]
        best[name] = min(runs, key=lambda r: r[0])
    out["count_s"], out["count_rss"] = best["count"][0], best["count"][1]
    out["detector_s"], out["detector_rss"], found = best["full"]
    if importlib.util.find_spec("pandas"):  # the `bench` extra (make bench installs it)
        out["pandas_s"], out["pandas_rss"], pandas_found = isolated(pandas_detector, str(lake))
        # the pandas version follows the two-month rules of ADR 0060; a detector with a
        # baseline (ADR 0095) differs
        out["pandas_agrees"] = sorted(found) == sorted(pandas_found)
        out["ratio_pandas_vs_detector"] = round(out["pandas_s"] / out["detector_s"], 2)
    out["quality"] = stoppage_quality(
        str(feeds_dir / "truth.parquet"), [(e, k) for e, k, _n in found], 20
    )
    out["ratio_detector_vs_count"] = round(out["detector_s"] / out["count_s"], 2)
    out["ratio_import_vs_read_csv"] = round(out["import_s"] / out["read_csv_materialised_s"], 2)
    out["ratio_import_vs_read_csv_count"] = round(out["import_s"] / out["read_csv_count_s"], 2)
    out["ratio_import_vs_csv_to_parquet"] = round(out["import_s"] / out["csv_to_parquet_s"], 2)
    out["ratio_unchecked_write_vs_read_csv"] = round(
        out["write_unchecked_s"] / out["read_csv_materialised_s"], 2
    )
    return out


def main(
    people: int | None = None,
    quality_people: int | None = None,
    months: int | None = None,
    only: str | None = None,
) -> dict:
    _env_defaults()
    people = people or int(os.environ.get("BENCH_PEOPLE", "10000000"))
    quality_people = quality_people or int(os.environ.get("BENCH_QUALITY_PEOPLE", "1000000"))
    months = months or int(os.environ.get("BENCH_MONTHS", "6"))
    only = only or os.environ.get("BENCH_ONLY") or ""
    work = Path(os.environ["LAYOFFWATCH_DATA_DIR"]) / f"bench-{people}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out: dict = {}
    if only in ("", "quality"):
        out["quality"] = quality_part(quality_people, months, work)
    if only in ("", "timing"):
        out["timing"] = timing_part(people, work)
    print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    if "quality" in out:
        print("\n".join(quality_rows(out["quality"])))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", nargs="?", type=int, help="timing run (default 10,000,000)")
    parser.add_argument("--people", dest="people_opt", type=int)
    parser.add_argument("--quality-people", type=int, help="quality run (default 1,000,000)")
    parser.add_argument("--months", type=int, help="quality run's months (default 6)")
    parser.add_argument("--only", choices=("quality", "timing"))
    a = parser.parse_args()
    main(a.people_opt or a.people, a.quality_people, a.months, a.only)
