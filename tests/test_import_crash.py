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

from .installs import Install, installs_of

pytestmark = pytest.mark.processes

STATE = """
import json
from layoffwatch.monitoring import lake
from layoffwatch.monitoring.models import ImportRun
from layoffwatch.monitoring.services import recover_publishing

def state():
    runs = [
        {"status": r.status, "lake_path": r.lake_path, "sha256": r.sha256, "replaced": r.replaced,
         "problems": r.problems}
        for r in ImportRun.objects.order_by("pk")
    ]
    files = {
        p.relative_to(lake.lake_dir()).as_posix(): lake.sha256(p)
        for p in lake.lake_dir().glob("*/*.parquet")
    }
    incoming = sorted(p.name for p in (lake.lake_dir() / ".incoming").glob("*"))
    return {"runs": runs, "files": files, "incoming": incoming}
"""
NOW = STATE + "print(json.dumps(state()))"
# what a fresh process finds after the crash, what recovery reports, what it leaves
RECOVER = (
    STATE
    + """
crashed = state()
recovered = recover_publishing()
print(json.dumps({"crashed": crashed, "recovered": recovered, "after": state()}))
"""
)


@pytest.fixture
def installs(tmp_path, migrated):
    yield from installs_of(tmp_path, migrated)


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    """A month of social-insurance contributions as the feed delivers it (generate_feeds), made
    once: the tests only read it."""
    where = tmp_path_factory.mktemp("feeds")
    Install(where / "generator", None).run(
        "generate_feeds",
        "--people",
        "200",
        "--out",
        str(where / "feeds"),
        "--end-period",
        "2026-11",
    )
    return where / "feeds" / "social_insurance" / "2026-11.csv"


@pytest.mark.parametrize("point", ["import-after-rename", "import-recorded"])
def test_it_finishes_an_import_killed_mid_publication_and_imports_the_month_again(
    installs, feed, point
):
    site = installs("site", from_migrated=True)

    site.env["LAYOFFWATCH_CRASH_AT"] = point
    killed = site.run("import_source", "social_insurance", str(feed), "--no-detect", ok=False)
    del site.env["LAYOFFWATCH_CRASH_AT"]
    assert killed.returncode == -signal.SIGKILL
    recovery = site.shell(RECOVER)
    crashed = recovery["crashed"]
    assert [r["status"] for r in crashed["runs"]] == ["publishing"]  # recorded, not finished

    assert recovery["recovered"] == 1
    state = recovery["after"]
    (run,) = state["runs"]
    # the lake and the record agree: the month is in the lake, as recorded, and marked imported
    assert run["status"] == "imported"
    assert state["files"] == {run["lake_path"]: run["sha256"]}
    assert state["incoming"] == []

    again = site.run("import_source", "social_insurance", str(feed), "--no-detect", "--replace")
    assert "已导入" in again.stdout
    runs = site.shell(NOW)["runs"]
    assert [(r["status"], r["replaced"]) for r in runs] == [
        ("imported", False),
        ("imported", True),
    ]


def test_it_marks_an_interrupted_import_failed_when_its_file_is_gone(installs, feed):
    site = installs("site", from_migrated=True)
    site.env["LAYOFFWATCH_CRASH_AT"] = "import-recorded"
    site.run("import_source", "social_insurance", str(feed), "--no-detect", ok=False)
    del site.env["LAYOFFWATCH_CRASH_AT"]
    for temp in (site.data_dir / "lake" / ".incoming").glob("*"):
        temp.unlink()  # lost, as on a disk that was replaced

    # the next import recovers first: the lost one is refused with a reason, this one imported
    site.run("import_source", "social_insurance", str(feed), "--no-detect")
    state = site.shell(NOW)
    assert [r["status"] for r in state["runs"]] == ["rejected", "imported"]
    assert list(state["files"].values()) == [state["runs"][1]["sha256"]]
    problems = state["runs"][0]["problems"]
    assert "导入中断" in problems[0]["message"] and "请重新导入" in problems[0]["message"]
