"""Backup and restore bring an installation back, keys kept apart (ADR 0087; plan S6 data safety).

Real `layoffwatch` processes: the demo is loaded into one data dir, backed up, and restored into
a new data dir that has only the same keys. On SQLite always; on PostgreSQL (pg_dump/pg_restore)
when the suite runs with DATABASE_URL=postgres://…, each side in a fresh database.
"""

import json
import shutil

import pytest

from .installs import installs_of

pytestmark = pytest.mark.processes

# Row counts a user would see again after a restore, and one encrypted ID number of each kind.
PROBE = """
import json
from django.apps import apps
names = ["accounts.User", "enterprises.Enterprise", "reporting.LayoffReport",
         "reporting.AffectedWorker", "assistance.AffectedWorker", "alerts.Alert",
         "response.ResponseCase", "monitoring.ImportRun", "monitoring.Signal", "audit.AuditEntry"]
out = {n: apps.get_model(n).objects.count() for n in names}
for n in ("reporting.AffectedWorker", "assistance.AffectedWorker"):
    w = apps.get_model(n).objects.order_by("pk").first()
    out[n + ".id_number"] = w.id_number if w else None
print(json.dumps(out))
"""


@pytest.fixture
def installs(tmp_path):
    yield from installs_of(tmp_path)


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory, migrated):
    """One installation with the demo loaded, an uploaded attachment and the audit chains'
    checkpoint, backed up once; the tests only read it and its backup. Yields the installation,
    what PROBE found in it, and the backup's directory."""
    root = tmp_path_factory.mktemp("backed-up")
    for make in installs_of(root, migrated):
        old = make("old", from_migrated=True)
        old.run("demo", "--no-serve", "--enterprises", "30")
        (old.data_dir / "media" / "attachments").mkdir(parents=True)
        (old.data_dir / "media" / "attachments" / "通知.pdf").write_bytes(b"%PDF-1.4 demo upload")
        # the queue's minute checkpoint of the audit chains, as a running site has (ADR 0084)
        before = old.shell(
            "from django.utils import timezone; from layoffwatch.audit.services import "
            "audit_checkpoint; audit_checkpoint(at=timezone.now())\n" + PROBE
        )
        backup = root / "backup"
        old.run("backup", str(backup))
        yield old, before, backup


def test_it_brings_a_new_install_back_to_the_backup_with_the_same_keys(backed_up, installs):
    old, before, backup = backed_up
    assert before["reporting.AffectedWorker.id_number"]  # the demo has a roster to check
    assert before["assistance.AffectedWorker.id_number"]

    manifest = json.loads((backup / "manifest.json").read_text())
    assert "data/media/attachments/通知.pdf" in manifest["files"]
    assert any(f.startswith("data/lake/social_insurance/") for f in manifest["files"])
    assert "data/audit-anchors.log" in manifest["files"]
    assert manifest["migrations"]["monitoring"]
    # keys and transient files stay out of the backup
    assert not any(f.endswith("secret_key") or "huey" in f for f in manifest["files"])

    new = installs("new")
    new.run("restore", str(backup))
    new.run("migrate", "--no-input")
    assert new.shell(PROBE) == before
    assert "审计日志完整" in new.run("audit_verify").stdout
    assert (new.data_dir / "media" / "attachments" / "通知.pdf").read_bytes() == (
        b"%PDF-1.4 demo upload"
    )
    assert sorted(
        p.relative_to(new.data_dir) for p in (new.data_dir / "lake").rglob("*.parquet")
    ) == (sorted(p.relative_to(old.data_dir) for p in (old.data_dir / "lake").rglob("*.parquet")))

    # a second restore over data is refused unless confirmed
    again = new.run("restore", str(backup), ok=False)
    assert again.returncode != 0 and "--force" in again.stderr
    new.run("restore", str(backup), "--force")
    assert new.shell(PROBE) == before


def test_it_refuses_a_tampered_backup_and_names_the_file(backed_up, installs, tmp_path):
    old, _before, made = backed_up
    refused = old.run("backup", str(made), ok=False)  # a backup never overwrites another
    assert refused.returncode != 0 and "不是空目录" in refused.stderr

    backup = tmp_path / "backup"
    shutil.copytree(made, backup)  # tampered here, not in the backup the other test restores
    month = sorted((backup / "data" / "lake" / "social_insurance").glob("*.parquet"))[0]
    month.write_bytes(month.read_bytes()[:-1] + b"\0")
    new = installs("new")
    refused = new.run("restore", str(backup), ok=False)
    assert refused.returncode != 0
    assert "备份文件校验失败" in refused.stderr
    assert f"data/lake/social_insurance/{month.name}" in refused.stderr
    # nothing was restored: the new install's data dir holds no lake
    assert not (new.data_dir / "lake").exists()
