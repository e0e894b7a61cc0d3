"""Public opinion (plan S6.4 舆情研判, ADR 0107): how well items are understood, and how long a
large file takes to bring in.

Run: `.venv/bin/python benchmarks/bench_opinion.py [ITEMS]` (default 100,000), or
`python -m benchmarks.run bench_opinion`. Not part of CI. Targets: enterprise matching precision
≥ 0.9 and recall ≥ 0.8, near-duplicate grouping pairwise F1 ≥ 0.9, topic accuracy ≥ 0.85 on a
labelled corpus of ≥ 500 items; importing and analysing 100,000 items ≤ 60 s on this machine.

In a fresh process (Django set up with a fresh SQLite database in a temporary folder, migrated):
1. the registry: the demo generator's plan (layoffwatch.demo.generator.district.build, the
   default seed, 1,500 enterprises), its enterprises stored as the demo stores them;
2. quality: the evaluation corpus (opinion.corpus.write_corpus, 600 items) for corpus seeds 1–5,
   judged with what the pipeline uses (pipeline.analyser().match, text.Grouper in time order,
   pipeline.classifier()), against the corpus's labels;
3. speed: ITEMS items of write_corpus (corpus seed 100, spread over about two weeks, sources and
   links as a monitoring export has them, every link unique) written as one CSV export and
   brought in with services.opinion_import (the page's and the command's path), timed with the
   parts (reading, classifying, matching, keywords, grouping, storing, the events' figures)
   measured by perf_counter around the pipeline's calls; the stored items are then scored
   against the labels as in 2.

Pairwise grouping F1: over pairs of items, "in the same event" against "in the same labelled
group". The corpus sometimes draws the same original twice (a template without an enterprise,
"社保断缴以后补缴的政策问答", or the same enterprise, town and numbers): identical texts no reader
could tell apart. F1 is reported against the labels as written and against the labels with such
identical originals' groups joined (the fair truth); the target is read on the second.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from math import comb
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-opinion-secret-key-0123456789-abcdefghij"
ENTERPRISES = 1500
END_PERIOD = dt.date(2026, 11, 1)
QUALITY_SEEDS = (1, 2, 3, 4, 5)
QUALITY_ITEMS = 600
SPEED_SEED = 100
SPAN_DAYS = 14
TARGETS = {"precision": 0.9, "recall": 0.8, "group_f1": 0.9, "topic_accuracy": 0.85, "seconds": 60}


def _setup(data_dir: Path) -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
            "LAYOFFWATCH_DATA_DIR": str(data_dir),
            "SECRET_KEY": SECRET,
            "DJANGO_SETTINGS_MODULE": "layoffwatch.settings",
            "LOG_LEVEL": "CRITICAL",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _registry() -> list[tuple[str, str, str, str]]:
    """The demo plan's enterprises, stored; (uscc, name, town code, town name) for the corpus."""
    from layoffwatch.demo.generator.district import build
    from layoffwatch.demo.generator.shape import DEFAULT_SEED
    from layoffwatch.demo.generator.writing import ENTERPRISE_FIELDS, reference_from_db
    from layoffwatch.enterprises.models import Enterprise

    towns, industries = reference_from_db()
    plan = build(
        seed=DEFAULT_SEED,
        enterprises=ENTERPRISES,
        end_period=END_PERIOD,
        towns=towns,
        industries=industries,
    )
    rows = []
    for e in plan.enterprises:
        values = {f: getattr(e, f) for f in ENTERPRISE_FIELDS}
        values["town_id"] = values.pop("town")
        values["industry_id"] = values.pop("industry")
        rows.append(Enterprise(source=Enterprise.Source.DEMO, **values))
    Enterprise.objects.bulk_create(rows, batch_size=500)
    town_name = dict(towns)
    return [(e.uscc, e.name, e.town, town_name.get(e.town, "")) for e in plan.enterprises]


# --- scores -------------------------------------------------------------------------------


def _matching(items: list[dict], predicted: list[str]) -> dict:
    """Precision over the items given an enterprise, recall over the items about one."""
    answered = [(i, p) for i, p in zip(items, predicted, strict=True) if p]
    right = sum(1 for i, p in answered if p == i["uscc"])
    about = [(i, p) for i, p in zip(items, predicted, strict=True) if i["uscc"]]
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, p in about:
        by_kind[i["mention"]][0] += p == i["uscc"]
        by_kind[i["mention"]][1] += 1
    wrong_on_none = sum(1 for i, p in answered if not i["uscc"])
    return {
        "precision": round(right / len(answered), 3) if answered else None,
        "recall": round(sum(1 for i, p in about if p == i["uscc"]) / len(about), 3),
        "recall_by_mention": {k: round(h / n, 3) for k, (h, n) in sorted(by_kind.items())},
        "answered": len(answered),
        "about_one": len(about),
        "wrong_enterprise": sum(1 for i, p in answered if i["uscc"] and p != i["uscc"]),
        "named_on_items_about_none": wrong_on_none,
    }


def _pairs(labels) -> int:
    return sum(comb(n, 2) for n in Counter(labels).values())


def _pairwise_f1(truth: list, predicted: list) -> dict:
    both = _pairs(zip(truth, predicted, strict=True))
    true_pairs, predicted_pairs = _pairs(truth), _pairs(predicted)
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def _fair_groups(items: list[dict]) -> list[int]:
    """Each item's group, groups whose originals are the same text joined (first group wins)."""
    first_text: dict[int, str] = {}
    for item in items:
        first_text.setdefault(item["group"], item["text"])
    by_text: dict[str, int] = {}
    joined = {g: by_text.setdefault(t, g) for g, t in first_text.items()}
    return [joined[item["group"]] for item in items]


def _grouping(items: list[dict], events: list) -> dict:
    return {
        "labels": _pairwise_f1([i["group"] for i in items], events),
        "identical_originals_joined": _pairwise_f1(_fair_groups(items), events),
        "events": len(set(events)),
        "groups": len({i["group"] for i in items}),
    }


def _topics(items: list[dict], topics: list[str], tones: list[str]) -> dict:
    hits = [t == i["topic"] for t, i in zip(topics, items, strict=True)]
    by_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for hit, item in zip(hits, items, strict=True):
        by_topic[item["topic"]][0] += hit
        by_topic[item["topic"]][1] += 1
    return {
        "accuracy": round(sum(hits) / len(items), 3),
        "tone_accuracy": round(
            sum(t == i["tone"] for t, i in zip(tones, items, strict=True)) / len(items), 3
        ),
        "by_topic": {k: round(h / n, 3) for k, (h, n) in sorted(by_topic.items())},
    }


# --- quality on the 600-item corpus --------------------------------------------------------


def _events_by_grouper(items: list[dict]) -> list[int]:
    """Each item's event as the pipeline forms them: items in time order, a duplicate joins
    the event of the item it repeats."""
    from layoffwatch.opinion.text import Grouper

    grouper, event = Grouper(), {}
    for n in sorted(range(len(items)), key=lambda k: items[k]["published_at"]):
        duplicate = grouper.add(n, items[n]["text"])
        event[n] = n if duplicate is None else event[duplicate]
    return [event[n] for n in range(len(items))]


def quality(registry) -> dict:
    from layoffwatch.opinion import pipeline
    from layoffwatch.opinion.corpus import write_corpus

    lyser = pipeline.analyser()
    t = time.perf_counter()
    model = pipeline.classifier()
    out = {"classifier_training_seconds": round(time.perf_counter() - t, 1)}
    for seed in QUALITY_SEEDS:
        items = write_corpus(registry, seed=seed, n=QUALITY_ITEMS)
        matched = [lyser.match(i["text"]) for i in items]
        labels = model.predict([f" {i['text']}" for i in items])  # the pipeline's "title body"
        out[seed] = {
            "items": len(items),
            "mentions": dict(Counter(i["mention"] for i in items)),
            "matching": _matching(items, [m[0] if m else "" for m in matched]),
            "grouping": _grouping(items, _events_by_grouper(items)),
            "topics": _topics(items, [p[0] for p in labels], [p[2] for p in labels]),
        }
    return out


# --- speed: 100,000 items through opinion_import ------------------------------------------


def _export(items: list[dict], start: dt.datetime) -> bytes:
    """The items as a monitoring service's CSV export (内容, 发布时间, 来源, 链接)."""
    last = max(i["published_at"] for i in items) or 1.0
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["内容", "发布时间", "来源", "链接"])
    for n, item in enumerate(items):
        moment = start + dt.timedelta(hours=item["published_at"] * SPAN_DAYS * 24 / last)
        link = f"https://bench.example.cn/{item['source']}/{n}"
        writer.writerow([item["text"], f"{moment:%Y-%m-%d %H:%M:%S}", item["source"], link])
    return buffer.getvalue().encode("utf-8")


class _Clock:
    """Seconds spent in named calls (perf_counter around each), and how many calls."""

    def __init__(self) -> None:
        self.seconds: Counter = Counter()
        self.calls: Counter = Counter()

    def wrap(self, owner, attribute: str, part: str) -> None:
        original = getattr(owner, attribute)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[part] += time.perf_counter() - t
                self.calls[part] += 1

        setattr(owner, attribute, timed)


def _instrument() -> _Clock:
    from django.db.models.query import QuerySet

    from layoffwatch.opinion import classify, pipeline, services, text

    clock = _Clock()
    clock.wrap(services, "read_items", "read (CSV → items)")
    clock.wrap(pipeline, "redact_text", "mask ID numbers")
    clock.wrap(pipeline, "analyser", "analyser built from the registry")
    clock.wrap(classify, "default_classifier", "classifier trained (once a process)")
    clock.wrap(classify.Classifier, "predict", "classify topic and tone")
    clock.wrap(text.Analyser, "match", "match enterprise")
    clock.wrap(text.Analyser, "towns_in", "towns named")
    clock.wrap(text.Analyser, "keywords", "keywords")
    clock.wrap(text, "fingerprint", "fingerprint")
    clock.wrap(text.Grouper, "add", "group (near-duplicates)")
    clock.wrap(QuerySet, "bulk_create", "store (bulk_create)")
    clock.wrap(pipeline, "_new_figures", "new events' figures")
    clock.wrap(pipeline, "events_update", "held events' figures")
    clock.wrap(pipeline, "bursts_check", "bursts (舆情突增)")
    return clock


def speed(registry, n: int) -> dict:
    from django.utils import timezone

    from layoffwatch.notifications.models import Notification
    from layoffwatch.opinion.corpus import write_corpus
    from layoffwatch.opinion.models import OpinionBurst, OpinionItem
    from layoffwatch.opinion.services import opinion_import

    items = write_corpus(registry, seed=SPEED_SEED, n=n)[:n]
    start = timezone.make_aware(dt.datetime(2026, 11, 16, 8, 0))
    data = _export(items, start)
    at = start + dt.timedelta(days=SPAN_DAYS, hours=2)
    clock = _instrument()
    t = time.perf_counter()
    batch = opinion_import(actor=None, data=data, file_name="bench_export.csv", at=at)
    wall = time.perf_counter() - t
    stored = {
        link: (event, uscc or "", topic, tone)
        for link, event, uscc, topic, tone in OpinionItem.objects.values_list(
            "link", "event_id", "enterprise__uscc", "topic", "tone"
        )
    }
    links = [f"https://bench.example.cn/{i['source']}/{k}" for k, i in enumerate(items)]
    rows = [stored[link] for link in links]
    return {
        "items": len(items),
        "csv_mb": round(len(data) / 1048576, 1),
        "stored": batch.items,
        "events": len({r[0] for r in rows}),
        "bursts_raised": OpinionBurst.objects.count(),
        "notifications": Notification.objects.count(),
        "wall_seconds": round(wall, 1),
        "parts_seconds": {k: round(v, 2) for k, v in clock.seconds.most_common()},
        "calls": dict(clock.calls),
        "matching": _matching(items, [r[1] for r in rows]),
        "grouping": _grouping(items, [r[0] for r in rows]),
        "topics": _topics(items, [r[2] for r in rows], [r[3] for r in rows]),
    }


def _summary(q: dict, s: dict | None) -> dict:
    def spread(path):
        values = [path(v) for k, v in q.items() if k in QUALITY_SEEDS]
        return {
            "min": min(values),
            "median": statistics.median(values),
            "max": max(values),
        }

    out = {
        "precision": spread(lambda v: v["matching"]["precision"]),
        "recall": spread(lambda v: v["matching"]["recall"]),
        "group_f1": spread(lambda v: v["grouping"]["identical_originals_joined"]["f1"]),
        "group_f1_raw_labels": spread(lambda v: v["grouping"]["labels"]["f1"]),
        "topic_accuracy": spread(lambda v: v["topics"]["accuracy"]),
    }
    if s:
        out["import_seconds"] = s["wall_seconds"]
    out["met"] = {
        "precision": out["precision"]["min"] >= TARGETS["precision"],
        "recall": out["recall"]["min"] >= TARGETS["recall"],
        "group_f1": out["group_f1"]["min"] >= TARGETS["group_f1"],
        "topic_accuracy": out["topic_accuracy"]["min"] >= TARGETS["topic_accuracy"],
    }
    if s:
        out["met"]["import_seconds"] = s["wall_seconds"] <= TARGETS["seconds"]
    return out


def _shingles(text: str) -> set[str]:
    text = re.sub(r"\{[a-z0-9]+\}", "", text)  # the template's slots
    return {text[i : i + 3] for i in range(len(text) - 2)}


def honesty() -> dict:
    """How far the corpus's templates are from the seed set the classifier learnt: each
    template's nearest seed sentence by character 3-gram Jaccard (slots removed)."""
    from layoffwatch.opinion.classify import seed_rows
    from layoffwatch.opinion.corpus import TEMPLATES

    seeds = [_shingles(text) for text, _topic, _tone in seed_rows()]
    nearest = []
    for rows in TEMPLATES.values():
        for template, _tone, _source in rows:
            own = _shingles(template)
            nearest.append(max(len(own & s) / len(own | s) for s in seeds if own | s))
    return {
        "templates": len(nearest),
        "seed_rows": len(seeds),
        "nearest_seed_jaccard_median": round(statistics.median(nearest), 3),
        "nearest_seed_jaccard_max": round(max(nearest), 3),
        "templates_above_0.5": sum(1 for j in nearest if j > 0.5),
    }


def child(data_dir: Path, n: int) -> None:
    _setup(data_dir)
    from django.utils import timezone

    t = time.perf_counter()
    registry = _registry()
    setup_s = time.perf_counter() - t
    q = quality(registry)
    s = speed(registry, n) if n else None
    out = {
        "at_utc": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "enterprises": len(registry),
        "registry_seconds": round(setup_s, 1),
        "summary": _summary(q, s),
        "templates_against_seed_set": honesty(),
        "quality_by_corpus_seed": q,
        "import": s,
    }
    print(json.dumps(out, ensure_ascii=False, indent=1), flush=True)


def main() -> None:
    """Run in a fresh interpreter: Django is set up with this benchmark's own database (run.py
    may have set it up for another benchmark already), and imports and training count."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100_000
    with tempfile.TemporaryDirectory(prefix="lw-bench-opinion-") as tmp:
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", tmp, str(n)], check=True
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
