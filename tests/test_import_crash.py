"""A feed import killed at the worst moment leaves the lake and the record in agreement (ADR 0087;
plan S3.1.3: the comparison data the bureau relies on).

`layoffwatch import_source` runs as a real process and is killed with SIGKILL (as by a power cut)
at a test-only fault point (LAYOFFWATCH_CRASH_AT, monitoring/lake.py): right after the record of
the import committed, or between the rename of the file into the lake and the commit that marks
the import done. Recovery (run at every import, at `serve` and at the queue consumer's start)
then finishes the import; a re-import of the same month still works (with --replace, ADR 0097).
"""

import signal

import pytest

from .installs import installs_of

STATE = """
import json
from layoffwatch.monitoring import lake
from layoffwatch.monitoring.models import ImportRun
runs = [
    {"status": r.status, "lake_path": r.lake_path, "sha256": r.sha256, "replaced": r.replaced}
    for r in ImportRun.objects.order_by("pk")
]
files = {
    p.relative_to(lake.lake_dir()).as_posix(): lake.sha256(p)
    for p in lake.lake_dir().glob("*/*.parquet")
}
incoming = sorted(p.name for p in (lake.lake_dir() / ".incoming").glob("*"))
print(json.dumps({"runs": runs, "files": files, "incoming": incoming}))
"""
RECOVER = """
from layoffwatch.monitoring.services import recover_publishing
print(recover_publishing())
"""


@pytest.fixture
def installs(tmp_path):
    yield from installs_of(tmp_path)


@pytest.mark.parametrize("point", ["import-after-rename", "import-recorded"])
def test_it_finishes_an_import_killed_mid_publication_and_imports_the_month_again(
    installs, tmp_path, point
):
    site = installs("site")
    site.run("migrate", "--no-input")
    feeds = tmp_path / "feeds"
    site.run("generate_feeds", "--people", "200", "--out", str(feeds), "--end-period", "2026-11")
    feed = feeds / "social_insurance" / "2026-11.csv"

    site.env["LAYOFFWATCH_CRASH_AT"] = point
    killed = site.run("import_source", "social_insurance", str(feed), "--no-detect", ok=False)
    del site.env["LAYOFFWATCH_CRASH_AT"]
    assert killed.returncode == -signal.SIGKILL
    crashed = site.shell(STATE)
    assert [r["status"] for r in crashed["runs"]] == ["publishing"]  # recorded, not finished

    assert site.shell(RECOVER) == 1
    state = site.shell(STATE)
    (run,) = state["runs"]
    # the lake and the record agree: the month is in the lake, as recorded, and marked imported
    assert run["status"] == "imported"
    assert state["files"] == {run["lake_path"]: run["sha256"]}
    assert state["incoming"] == []

    again = site.run("import_source", "social_insurance", str(feed), "--no-detect", "--replace")
    assert "已导入" in again.stdout
    runs = site.shell(STATE)["runs"]
    assert [(r["status"], r["replaced"]) for r in runs] == [
        ("imported", False),
        ("imported", True),
    ]


def test_it_marks_an_interrupted_import_failed_when_its_file_is_gone(installs, tmp_path):
    site = installs("site")
    site.run("migrate", "--no-input")
    feeds = tmp_path / "feeds"
    site.run("generate_feeds", "--people", "200", "--out", str(feeds), "--end-period", "2026-11")
    feed = feeds / "social_insurance" / "2026-11.csv"
    site.env["LAYOFFWATCH_CRASH_AT"] = "import-recorded"
    site.run("import_source", "social_insurance", str(feed), "--no-detect", ok=False)
    del site.env["LAYOFFWATCH_CRASH_AT"]
    for temp in (site.data_dir / "lake" / ".incoming").glob("*"):
        temp.unlink()  # lost, as on a disk that was replaced

    # the next import recovers first: the lost one is refused with a reason, this one imported
    site.run("import_source", "social_insurance", str(feed), "--no-detect")
    state = site.shell(STATE)
    assert [r["status"] for r in state["runs"]] == ["rejected", "imported"]
    assert list(state["files"].values()) == [state["runs"][1]["sha256"]]
    problems = site.shell(
        "import json; from layoffwatch.monitoring.models import ImportRun; "
        "print(json.dumps(ImportRun.objects.order_by('pk').first().problems))"
    )
    assert "导入中断" in problems[0]["message"] and "请重新导入" in problems[0]["message"]
