"""ADR 0091: each detector is its sql/ file plus a small declaration in detectors/, and
detect_period runs whatever the registry holds."""

import datetime as dt
import re
from collections import Counter

from layoffwatch.monitoring import detectors
from layoffwatch.monitoring.detection import SQL_DIR, Context, Detector, Finding, pick, score, sql
from layoffwatch.monitoring.params import thresholds

DAY = dt.date(2026, 3, 5)


def _sql_tables(text: str) -> set[str]:
    """The database tables (detection.Context) a query reads, its comments left out."""
    code = re.sub(r"--[^\n]*", "", text)
    return {t for t in Context.TABLES if re.search(rf"\b{t}\b", code)}


def test_the_registry_lists_every_sql_file_exactly_once():
    claimed = Counter(
        [d.name for d in detectors.REGISTRY]
        + [q for d in detectors.REGISTRY for q in d.queries]
        + list(detectors.OTHER_QUERIES)
    )
    files = sorted(p.stem for p in SQL_DIR.glob("*.sql"))
    assert sorted(claimed) == files
    assert {name: n for name, n in claimed.items() if n != 1} == {}


def test_the_detectors_run_in_their_declared_order_with_unique_names():
    names = [d.name for d in detectors.REGISTRY]
    orders = [d.order for d in detectors.REGISTRY]
    assert len(names) == len(set(names)) == 10 and orders == sorted(set(orders))
    assert names[:2] == ["mass_stoppage", "key_sample_job_loss"]


def test_each_detector_declares_the_database_tables_its_sql_reads():
    for d in detectors.REGISTRY:
        read = set().union(*(_sql_tables(sql(q)) for q in (d.name, *d.queries)))
        assert read == set(d.tables), d.name


def test_each_declared_threshold_is_one_the_parameters_have(db):
    t = thresholds(DAY)
    for d in detectors.REGISTRY:
        assert pick(t, d.thresholds), d.name  # a KeyError names the undeclared one


def _toy_rows(i):
    count = i.con.execute("SELECT count(*) FROM _registry").fetchone()[0]
    return [{"enterprises": count, "given": i.t}]


TOY = Detector(
    name="toy_registry_size",
    order=75,
    thresholds=("distress.min_insured",),
    rows=_toy_rows,
    finding=lambda r, i: Finding(
        kind="toy",
        summary=f"名录 {r['enterprises']} 家",
        count=r["enterprises"],
        score=score(r["given"]["distress"]["min_insured"] * 10),
        figures={"given": r["given"]},
    ),
)


def test_a_detector_registered_in_a_test_is_run_by_detect_period_then_unregistered(db):
    t = thresholds(DAY)
    detectors.register(TOY)
    try:
        assert [d.name for d in detectors.REGISTRY].index("toy_registry_size") == 7
        result = detectors.detect_period(period="2026-02", thresholds=t, context=Context.empty())
    finally:
        detectors.unregister("toy_registry_size")
    (toy,) = [f for f in result["findings"] if f.kind == "toy"]
    assert toy.summary == "名录 0 家" and toy.count == 0 and toy.score == 100.0
    # it was given only the threshold it declared
    assert toy.figures["given"] == {"distress": {"min_insured": t["distress"]["min_insured"]}}
    assert "toy_registry_size" not in result["skipped"]  # it needs no feed
    assert "mass_stoppage" in result["skipped"]  # the empty lake: the others say what is missing
    assert "toy_registry_size" not in [d.name for d in detectors.REGISTRY]
    again = detectors.detect_period(period="2026-02", thresholds=t, context=Context.empty())
    assert not [f for f in again["findings"] if f.kind == "toy"]
