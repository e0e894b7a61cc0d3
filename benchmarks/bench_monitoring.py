"""Monitoring benchmarks (ADR 0061, ADR 0062): stoppage detector quality and speed at 10^7 insured people × 2 months.

Run: `LAYOFFWATCH_DATA_DIR=/tmp/lw-bench .venv/bin/python benchmarks/bench_monitoring.py [PEOPLE]`
(default 10_000_000). Prints one JSON object and the Markdown lines for benchmarks/README.md.

1. generate the ground-truth feeds (CSV with raw ID numbers) with DuckDB SQL;
2. import both months with the real importer (validation, keyed hash, Parquet) and time month 2
   against DuckDB's own read_csv of the same file (materialised, and count only), and against
   the importer's write with every check left out (the floor of a Parquet-writing import) and
   DuckDB's own CSV → Parquet COPY of the file;
3. time the full stoppage detector (sql/mass_stoppage.sql) against the plain counting query
   (sql/stoppage_count.sql) and a straightforward pandas version; each in a child process so
   that its peak memory (ru_maxrss) is its own;
4. precision and recall of `mass_stoppage` for ground-truth layoffs of 20+ people.
"""

from __future__ import annotations

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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layoffwatch.settings")
os.environ.setdefault("LAYOFFWATCH_DATA_DIR", "/tmp/lw-bench")

PERIOD = "2026-02"
PREV = "2026-01"
MEMORY_LIMIT = "3GB"


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


def generate(people: int, out: str) -> dict:
    _setup()
    from layoffwatch.monitoring import feeds
    from layoffwatch.monitoring import lake as lake_mod

    # spills go to the lake's scratch folder under LAYOFFWATCH_DATA_DIR, not to ./.tmp
    con = lake_mod.connect(memory_limit=MEMORY_LIMIT)
    return feeds.generate(seed=2026, people=people, out=Path(out), end_period=PERIOD, con=con)


def import_month(path: str, lake: str) -> int:
    _setup()
    from django.conf import settings

    settings.LAKE_DIR = Path(lake)
    from layoffwatch.monitoring import importing
    from layoffwatch.monitoring import lake as lake_mod
    from layoffwatch.monitoring.sources import SOURCES

    towns, industries = _towns_industries()
    converted = importing.convert(
        source=SOURCES["social_insurance"],
        path=Path(path),
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


def detector(name: str, lake: str) -> list:
    _setup()
    import duckdb

    from layoffwatch.monitoring import detection

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    prev, cur = (
        f"{lake}/social_insurance/{PREV}.parquet",
        f"{lake}/social_insurance/{PERIOD}.parquet",
    )
    t = {
        "min_cut": 20,
        "stoppage": {
            "retirement_age_male": 60,
            "retirement_age_female": 50,
            "restructuring_share": 0.8,
            "workforce_stop_share": 0.95,
            "exclude_short_contract_end": True,
        },
    }
    if name == "count":
        rows = detection.run(con, "stoppage_count", prev_path=prev, cur_path=cur, min_cut=20)
    else:
        rows = detection.run(con, "mass_stoppage", **detection.stoppage_params(t, prev, cur))
    return [
        (r["employer_uscc"], r.get("kind", "count"), r.get("separations", r.get("stopped")))
        for r in rows
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


def quality(truth_path: str, found: list) -> dict:
    import duckdb

    truth = (
        duckdb.connect()
        .execute(f"SELECT employer_uscc, event, count FROM read_parquet('{truth_path}')")
        .fetchall()
    )
    actual = {e for e, event, n in truth if event == "layoff" and n >= 20}
    predicted = {e for e, kind, n in found if kind == "mass_stoppage" and n >= 20}
    tp = len(actual & predicted)
    stops = {e for e, event, _n in truth if event in ("closure", "late_payer")}
    found_stops = {e for e, kind, _n in found if kind == "workforce_stop"}
    restr = {e for e, event, _n in truth if event == "restructuring"}
    found_restr = {e for e, kind, _n in found if kind == "restructuring"}
    return {
        "layoffs_20_plus": len(actual),
        "flagged_mass_stoppage": len(predicted),
        "precision": round(tp / len(predicted), 4) if predicted else None,
        "recall": round(tp / len(actual), 4) if actual else None,
        "workforce_stop_recall": round(len(stops & found_stops) / len(stops), 4) if stops else None,
        "restructuring_recall": round(len(restr & found_restr) / len(restr), 4) if restr else None,
        "restructuring_flagged_as_layoff": len(restr & predicted),
        "poached_flagged": len({e for e, ev, _ in truth if ev == "poach"} & predicted),
        "retirement_wave_flagged": len(
            {e for e, ev, _ in truth if ev == "retirement_wave"} & predicted
        ),
        "seasonal_flagged": len({e for e, ev, _ in truth if ev == "seasonal"} & predicted),
    }


def main(people: int | None = None) -> dict:
    people = people or int(os.environ.get("BENCH_PEOPLE", "10000000"))
    work = Path(os.environ["LAYOFFWATCH_DATA_DIR"]) / f"bench-{people}"
    shutil.rmtree(work, ignore_errors=True)
    feeds_dir, lake = work / "feeds", work / "lake"
    lake.mkdir(parents=True)
    out: dict = {"people": people}
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
    out["pandas_s"], out["pandas_rss"], pandas_found = isolated(pandas_detector, str(lake))
    out["pandas_agrees"] = sorted(found) == sorted(pandas_found)
    out["quality"] = quality(str(feeds_dir / "truth.parquet"), found)
    out["ratio_detector_vs_count"] = round(out["detector_s"] / out["count_s"], 2)
    out["ratio_pandas_vs_detector"] = round(out["pandas_s"] / out["detector_s"], 2)
    out["ratio_import_vs_read_csv"] = round(out["import_s"] / out["read_csv_materialised_s"], 2)
    out["ratio_import_vs_read_csv_count"] = round(out["import_s"] / out["read_csv_count_s"], 2)
    out["ratio_import_vs_csv_to_parquet"] = round(out["import_s"] / out["csv_to_parquet_s"], 2)
    out["ratio_unchecked_write_vs_read_csv"] = round(
        out["write_unchecked_s"] / out["read_csv_materialised_s"], 2
    )
    print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
