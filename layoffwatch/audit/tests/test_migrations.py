"""Migrations 0002–0004 (ADR 0046): the rows of the single seq-numbered chain become chain 1,
position = seq, re-hashed; a broken old chain is refused rather than re-hashed."""

import datetime as dt
import importlib
import types

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from layoffwatch.audit import services
from layoffwatch.audit.models import ZERO_HASH, AuditEntry, AuditHead
from layoffwatch.audit.selectors import audit_verify_chain
from layoffwatch.audit.services import audit_record

pytestmark = pytest.mark.django_db

rechain = importlib.import_module("layoffwatch.audit.migrations.0003_rechain_existing")
seq_by_database = importlib.import_module("layoffwatch.audit.migrations.0004_seq_by_database")
keyed = importlib.import_module("layoffwatch.audit.migrations.0005_keyed_anchored")

AT = dt.datetime(2026, 11, 27, 8, 30, 15, 123456, tzinfo=dt.UTC)


def historical(migration: str):
    """(AuditEntry, AuditHead) as the migration `migration` sees them."""
    apps = MigrationLoader(connection).project_state(("audit", migration)).apps
    return apps.get_model("audit", "AuditEntry"), apps.get_model("audit", "AuditHead")


def legacy_log(entry_model, head_model, n: int = 3, chain=None) -> list:
    """n rows as migration 0001 wrote them: seq 1..n, hash over seq, head 1 at n."""
    prev, rows = ZERO_HASH, []
    for seq in range(1, n + 1):
        row = entry_model(
            seq=seq,
            at=AT + dt.timedelta(seconds=seq),
            actor_id=None,
            actor_label="匿名 / anonymous",
            action="export",
            object_type="test",
            object_id=str(seq),
            summary=f"导出第 {seq} 次",
            before=None,
            after={"n": seq, "名": "值"},
            ip="127.0.0.1",
            prev_hash=prev,
            **({} if chain is None else {"chain": chain, "position": seq}),
        )
        row.hash = prev = rechain.legacy_hash(row)
        row.save(force_insert=True)
        rows.append(row)
    last = "last_seq" if hasattr(head_model, "last_seq") else "last_position"  # 0001 / 0002+
    head_model.objects.create(id=1, last_hash=prev, **{last: n})
    return rows


def continue_numbering():
    """Run 0004's step that moves PostgreSQL's identity past the existing seq values (with the
    part of a schema editor it uses: a real one cannot open inside a test's transaction on
    SQLite)."""

    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    apps = MigrationLoader(connection).project_state(("audit", "0004_seq_by_database")).apps
    editor = types.SimpleNamespace(connection=connection, execute=execute)
    seq_by_database.sequence_after_existing_rows(apps, editor)


def cut_over():
    """Run 0005's step that records each chain's unkeyed entries as the cut-over (ADR 0084)."""
    apps = MigrationLoader(connection).project_state(("audit", "0005_keyed_anchored")).apps
    keyed.record_cutover(apps, types.SimpleNamespace(connection=connection))


@pytest.fixture
def at_0003():
    """The models as 0003 sees them, on the test database (which has 0004's schema: the legacy
    rows get placeholders chain 99 / position = seq, which never collide with chain 1's)."""
    return historical("0003_rechain_existing")


def test_it_rechains_existing_rows_into_chain_one(at_0003, monkeypatch, settings):
    entry_model, head_model = at_0003
    legacy_log(entry_model, head_model, chain=99)
    assert rechain.rechain_existing_rows(entry_model, head_model) == 3
    stored = list(AuditEntry.objects.order_by("seq"))
    assert [(e.seq, e.chain, e.position) for e in stored] == [(1, 1, 1), (2, 1, 2), (3, 1, 3)]
    assert all(e.hash == e.compute_hash() for e in stored)  # the model's payload, not a copy
    head = AuditHead.objects.get(id=1)
    assert (head.last_position, head.last_hash) == (3, stored[-1].hash)
    cut_over()  # ADR 0084: the unkeyed rows are accepted up to the recorded cut-over
    assert audit_verify_chain() == (3, None)
    # the process of chain 1 continues it; seq continues after the old rows
    continue_numbering()
    settings.AUDIT_CHAINS = 4
    monkeypatch.setattr(services.os, "getpid", lambda: 4)
    entry = audit_record(action="export", object_type="test")
    assert (entry.chain, entry.position, entry.prev_hash) == (1, 4, stored[-1].hash)
    assert entry.seq > 3
    assert audit_verify_chain() == (4, None)


def test_it_leaves_an_empty_log_alone(at_0003):
    assert rechain.rechain_existing_rows(*at_0003) == 0
    assert not AuditHead.objects.exists()
    assert audit_verify_chain() == (0, None)


def test_it_goes_back_to_the_old_hashes(at_0003):
    entry_model, head_model = at_0003
    originals = [row.hash for row in legacy_log(entry_model, head_model, chain=99)]
    rechain.rechain_existing_rows(entry_model, head_model)
    assert rechain.unchain_to_seq(entry_model, head_model) == 3
    assert list(AuditEntry.objects.order_by("seq").values_list("hash", flat=True)) == originals
    assert AuditHead.objects.get(id=1).last_hash == originals[-1]


@pytest.mark.parametrize(
    "damage, message",
    [
        ("UPDATE {t} SET summary = 'x' WHERE seq = 2", "第 2 条记录内容被改动"),
        ("DELETE FROM {t} WHERE seq = 2", "第 2 条记录缺失"),
        ("DELETE FROM {t} WHERE seq = 3", "末尾 1 条记录被删除"),
    ],
)
def test_it_refuses_to_rehash_a_broken_old_chain(at_0003, damage, message):
    """Re-hashing must not launder a row altered or removed before the upgrade."""
    entry_model, head_model = at_0003
    legacy_log(entry_model, head_model, chain=99)
    with connection.cursor() as cursor:
        cursor.execute(damage.format(t=AuditEntry._meta.db_table))
    with pytest.raises(rechain.BrokenChain, match=message):
        with transaction.atomic():  # the migration's own transaction
            rechain.rechain_existing_rows(entry_model, head_model)
    assert set(AuditEntry.objects.values_list("chain", flat=True)) == {99}


@pytest.mark.django_db(transaction=True)
def test_the_migrations_carry_a_database_with_rows(settings, monkeypatch):
    """The real path: 0001's schema with rows, then migrate (SQLite and PostgreSQL)."""
    try:
        call_command("migrate", "audit", "0001", verbosity=0)
        legacy_log(*historical("0001_initial"))
        call_command("migrate", "audit", verbosity=0)
        assert audit_verify_chain() == (3, None)
        assert list(AuditEntry.objects.order_by("seq").values_list("chain", "position")) == [
            (1, 1),
            (1, 2),
            (1, 3),
        ]
        settings.AUDIT_CHAINS = 4
        monkeypatch.setattr(services.os, "getpid", lambda: 4)
        first = audit_record(action="export", object_type="test")
        monkeypatch.setattr(services.os, "getpid", lambda: 5)
        second = audit_record(action="export", object_type="test")
        assert (first.seq, first.chain, first.position) == (4, 1, 4)
        assert (second.seq, second.chain, second.position) == (5, 2, 1)
        assert audit_verify_chain() == (5, None)
    finally:
        call_command("migrate", verbosity=0)
