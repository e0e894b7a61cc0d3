"""ADR 0046: N hash chains (one per process) and one write per transaction (audit_batch)."""

import threading

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection, transaction

from layoffwatch.audit import services
from layoffwatch.audit.models import ZERO_HASH, AuditEntry, AuditHead
from layoffwatch.audit.selectors import audit_verify_chain
from layoffwatch.audit.services import (
    audit_batch,
    audit_record,
    audit_record_many,
    audit_refusal,
    chain_for_this_process,
)

from .test_audit_log import verify, verify_fails

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


def record(n, **kw) -> AuditEntry:
    return audit_record(action="export", object_type="test", object_id=str(n), **kw)


def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def process(settings, monkeypatch):
    """process(pid): from now on this test runs as the process `pid` (4 chains: pid % 4 + 1)."""
    settings.AUDIT_CHAINS = 4

    def become(pid: int) -> int:
        monkeypatch.setattr(services.os, "getpid", lambda: pid)
        return chain_for_this_process()

    return become


# --- batches ----------------------------------------------------------------------------------


def test_a_batch_writes_its_entries_chained_at_the_end(db):
    record(0)  # an entry before the batch: the batch continues the chain
    with transaction.atomic():
        with audit_batch():
            first = record(1)
            many = audit_record_many([{"action": "create", "object_type": "test"}] * 2)
            last = record(4)
            # buffered: nothing written yet, no number yet
            assert AuditEntry.objects.count() == 1
            assert first.seq is None and first.hash == ""
        # written at the batch's end; the returned objects got their numbers
    entries = [first, *many, last]
    assert [e.position for e in entries] == [2, 3, 4, 5]
    assert all(e.seq and e.chain == chain_for_this_process() for e in entries)
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    stored = list(AuditEntry.objects.order_by("position"))
    assert [e.seq for e in stored[1:]] == [e.seq for e in entries]
    assert stored[1].prev_hash == stored[0].hash
    assert AuditHead.objects.get(id=first.chain).last_position == 5
    assert audit_verify_chain() == (5, None)


def test_a_batch_that_raises_writes_nothing(db):
    record(0)
    head = AuditHead.objects.get(id=chain_for_this_process())
    with pytest.raises(ValidationError):
        with transaction.atomic():
            with audit_batch():
                record(1)
                audit_record_many([{"action": "create", "object_type": "test"}])
                raise ValidationError("坏数据")
    assert AuditEntry.objects.count() == 1
    after = AuditHead.objects.get(id=head.id)
    assert (after.last_position, after.last_hash) == (head.last_position, head.last_hash)
    assert services._batch.get() is None  # the buffer is gone, the next write is immediate
    record(2)
    assert audit_verify_chain() == (2, None)


def test_a_batch_costs_three_queries_however_many_entries(db, django_assert_num_queries):
    """Throughput (ADR 0046): lock the chain's head, update it, one INSERT."""
    record(0)  # the chain's head row exists
    with transaction.atomic():
        with django_assert_num_queries(3) as captured:
            with audit_batch():
                record(1)
                record(2)
                record(3)
    sql = [q["sql"].upper() for q in captured.captured_queries]
    assert sql[0].startswith("SELECT") and sql[1].startswith("UPDATE")
    assert sql[2].startswith("INSERT")
    assert AuditEntry.objects.count() == 4


def test_an_entry_outside_a_batch_costs_three_queries_and_no_savepoint(
    db, django_assert_num_queries
):
    record(0)
    with transaction.atomic():
        with django_assert_num_queries(3) as captured:
            record(1)
    assert not any("SAVEPOINT" in q["sql"].upper() for q in captured.captured_queries)


def test_an_empty_batch_costs_nothing(db, django_assert_num_queries):
    with transaction.atomic():
        with django_assert_num_queries(0):
            with audit_batch():
                pass


def test_a_nested_batch_joins_the_outer_one(db, django_assert_num_queries):
    record(0)
    with transaction.atomic():
        with audit_batch():
            record(1)
            with django_assert_num_queries(0):
                with audit_batch():
                    inner = record(2)
            assert inner.seq is None
            record(3)
    assert inner.seq is not None
    assert list(AuditEntry.objects.order_by("position").values_list("object_id", flat=True)) == [
        "0",
        "1",
        "2",
        "3",
    ]
    assert audit_verify_chain() == (4, None)


def test_an_entry_of_a_rolled_back_savepoint_is_dropped_from_the_batch(db):
    """As if written at once: the nested block's changes and its audit entry go together."""
    with transaction.atomic():
        with audit_batch():
            record("kept-before")
            try:
                with transaction.atomic():
                    record("rolled-back")
                    raise ValidationError("坏数据")
            except ValidationError:
                pass
            with transaction.atomic():
                record("kept-after")  # a savepoint that was released
    assert sorted(AuditEntry.objects.values_list("object_id", flat=True)) == [
        "kept-after",
        "kept-before",
    ]
    assert audit_verify_chain() == (2, None)


@pytest.mark.django_db(transaction=True)
def test_a_batch_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="transaction.atomic"):
        with audit_batch():
            pass
    assert services._batch.get() is None


def test_a_refusal_inside_a_batch_is_written_at_once(db):
    with transaction.atomic():
        with audit_batch():
            record(1)
            refusal = audit_refusal(what="导出", exc=ValidationError("不可以"), object_type="test")
            assert refusal.seq is not None
            assert list(AuditEntry.objects.values_list("action", flat=True)) == ["rejected"]
    assert refusal.position == 1
    assert AuditEntry.objects.count() == 2
    assert audit_verify_chain() == (2, None)


def test_a_refusal_written_after_the_rolled_back_block_survives(db):
    """How callers use it: the work and its batch roll back, the refusal is written after."""
    record(0)
    try:
        with transaction.atomic():
            with audit_batch():
                record("the-work")
                raise ValidationError("数量不能为负数")
    except ValidationError as exc:
        audit_refusal(what="提交报告", exc=exc, object_type="test")
    assert list(AuditEntry.objects.order_by("position").values_list("action", flat=True)) == [
        "export",
        "rejected",
    ]
    assert "拒绝提交报告：数量不能为负数" in AuditEntry.objects.get(action="rejected").summary
    assert audit_verify_chain() == (2, None)


def test_a_batch_redacts_like_an_immediate_write(db):
    with transaction.atomic():
        with audit_batch():
            audit_record(action="update", object_type="test", summary="身份证 500223199001011234")
    assert "500223199001011234" not in AuditEntry.objects.get().summary


# --- chains -----------------------------------------------------------------------------------


def test_a_process_appends_to_its_own_chain(process):
    assert process(8) == 1
    assert process(13) == 2
    assert process(4003) == 4


def test_the_number_of_chains_must_be_a_positive_integer(settings):
    settings.AUDIT_CHAINS = 0
    with pytest.raises(ImproperlyConfigured, match="AUDIT_CHAINS"):
        chain_for_this_process()


@pytest.fixture
def two_chains(db, process):
    """Processes 8 (chain 1) and 13 (chain 2) write in turn: 3 entries each, interleaved."""
    written = {1: [], 2: []}
    for n in range(3):
        for pid in (8, 13):
            chain = process(pid)
            with transaction.atomic():
                with audit_batch():
                    written[chain].append(record(f"{chain}-{n}"))
    return written


def test_two_processes_write_two_chains_that_both_verify(two_chains):
    assert [e.position for e in two_chains[1]] == [1, 2, 3]
    assert [e.position for e in two_chains[2]] == [1, 2, 3]
    # seq is the global order of insertion, across chains
    seqs = [e.seq for n in range(3) for e in (two_chains[1][n], two_chains[2][n])]
    assert seqs == sorted(seqs)
    assert {h.id: h.last_position for h in AuditHead.objects.all()} == {1: 3, 2: 3}
    assert two_chains[2][0].prev_hash == ZERO_HASH
    assert "审计日志完整：6 条记录，哈希链无断点（共 2 条链）" in verify()


@pytest.mark.parametrize("chain", [1, 2])
def test_it_names_a_deleted_row_by_chain_and_position(two_chains, chain):
    gone, following = two_chains[chain][1], two_chains[chain][2]
    raw(f"DELETE FROM {TABLE} WHERE seq = %s", [gone.seq])
    message = verify_fails()
    assert f"第 {chain} 号链的第 2 条记录缺失（下一条是第 3 条，序号 {following.seq}）" in message
    assert f"chain {chain} position 2 is missing" in message


@pytest.mark.parametrize("chain", [1, 2])
def test_it_names_an_altered_row_by_chain_and_position(two_chains, chain):
    altered = two_chains[chain][2]
    raw(f"UPDATE {TABLE} SET summary = %s WHERE seq = %s", ["改过的摘要", altered.seq])
    message = verify_fails()
    assert f"第 {chain} 号链的第 3 条记录（序号 {altered.seq}）内容被改动" in message
    assert f"chain {chain} position 3 (seq {altered.seq}) was altered" in message


def test_it_names_a_row_moved_to_another_chain(two_chains):
    moved = two_chains[2][2]
    raw(f"UPDATE {TABLE} SET chain = 1, position = 4 WHERE seq = %s", [moved.seq])
    assert f"第 1 号链的第 4 条记录（序号 {moved.seq}）内容被改动" in verify_fails()


def test_it_names_rows_cut_off_the_end_of_one_chain(two_chains):
    raw(f"DELETE FROM {TABLE} WHERE seq IN (%s, %s)", [two_chains[2][1].seq, two_chains[2][2].seq])
    message = verify_fails()
    assert "第 2 号链的第 2 条记录缺失：该链末尾 2 条记录被删除" in message
    assert "已校验 4 条" in message  # chain 1 (3 rows) and the first row of chain 2


def test_it_names_a_chain_whose_rows_were_all_removed(two_chains):
    raw(f"DELETE FROM {TABLE} WHERE chain = 1")
    assert "第 1 号链的第 1 条记录缺失：该链末尾 3 条记录被删除" in verify_fails()


def test_it_names_a_removed_head_row(two_chains):
    raw(f"DELETE FROM {AuditHead._meta.db_table} WHERE id = 2")
    assert "第 2 号链的链头记录缺失" in verify_fails()


def test_it_names_a_head_row_wound_back(two_chains):
    raw(f"UPDATE {AuditHead._meta.db_table} SET last_position = 2 WHERE id = 1")
    assert "第 1 号链的链头记录被改动（记到第 2 条，实有 3 条）" in verify_fails()


def test_it_keeps_verifying_chains_beyond_a_smaller_setting(two_chains, settings, process):
    """Lowering AUDIT_CHAINS leaves the old chains in place; they are still verified."""
    settings.AUDIT_CHAINS = 1
    record("after")  # chain 1 now for every process
    assert "审计日志完整：7 条记录，哈希链无断点（共 2 条链）" in verify()
    raw(f"DELETE FROM {TABLE} WHERE seq = %s", [two_chains[2][0].seq])
    assert "第 2 号链的第 1 条记录缺失" in verify_fails()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers")
@pytest.mark.django_db(transaction=True)
def test_writers_of_two_chains_do_not_wait_for_each_other(monkeypatch):
    """The point of the chains (ADR 0046): a transaction holding chain 1's head until it commits
    does not hold up a writer of chain 2; a second writer of chain 1 waits for it."""
    from django.db import OperationalError

    chain_of = threading.local()
    monkeypatch.setattr(services, "chain_for_this_process", lambda: getattr(chain_of, "n", 1))
    for n in (1, 2):
        chain_of.n = n
        record(f"first-{n}")
    holding, release = threading.Event(), threading.Event()

    def slow_transaction_on_chain_1():
        chain_of.n = 1
        try:
            with transaction.atomic():
                with audit_batch():
                    record("slow")
                holding.set()  # chain 1's head is locked until this commits
                release.wait(20)
        finally:
            connection.close()

    worker = threading.Thread(target=slow_transaction_on_chain_1)
    worker.start()
    try:
        assert holding.wait(20)

        def write_with_lock_timeout(chain: int) -> AuditEntry:
            chain_of.n = chain
            with transaction.atomic():
                raw("SET LOCAL lock_timeout = '1s'")
                return record(f"other-{chain}")

        assert write_with_lock_timeout(2).position == 2  # no waiting
        with pytest.raises(OperationalError, match="lock timeout"):
            write_with_lock_timeout(1)
    finally:
        release.set()
        worker.join(20)
    assert audit_verify_chain() == (4, None)


# --- the page -----------------------------------------------------------------------------------


def test_the_page_shows_seq_and_names_the_chain_and_position(login, people, process):
    chain = process(13)
    entry = record("page")
    client = login(people.alice)
    page = client.get("/audit/").content.decode()
    assert f'title="第 {chain} 号链的第 {entry.position} 条"' in page
    assert f">{entry.seq}</td>" in page
    client.cookies["django_language"] = "en"
    page = client.get("/audit/").content.decode()
    assert f'title="chain {chain}, position {entry.position}"' in page
