"""The audit log: append-only, hash-chained, verifiable, and never holding an ID number in clear."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from layoffwatch.audit.models import AuditEntry
from layoffwatch.audit.services import audit_record, audit_record_many
from layoffwatch.core.validators import uscc_with_check_digit
from layoffwatch.enterprises.services import enterprise_create, enterprise_update

pytestmark = pytest.mark.django_db

ID_NUMBER = "500223199001011234"  # an old Tongnan birthplace code: still on people's cards
TABLE = AuditEntry._meta.db_table
CODE = uscc_with_check_digit("91500152MA5U00001")


def verify() -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        verify()
    return str(failure.value)


def five_entries() -> list[AuditEntry]:
    """Five entries of this process's chain, positions 1..5 (seq is the database's: on
    PostgreSQL it does not restart between tests, so the tests find rows by chain and position)."""
    return [
        audit_record(
            action="export",
            object_type="test",
            object_id=str(n),
            summary=f"导出第 {n} 次",
            after={"n": n},
        )
        for n in range(1, 6)
    ]


def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def at_position(entries: list[AuditEntry], position: int) -> tuple[str, list]:
    """The WHERE clause of one row of the chain, for raw SQL (chain + position, not seq)."""
    return "chain = %s AND position = %s", [entries[0].chain, position]


def row_name(entries: list[AuditEntry], position: int) -> str:
    entry = entries[position - 1]
    return f"第 {entry.chain} 号链的第 {position} 条记录（序号 {entry.seq}）"


def test_it_verifies_an_intact_log(db):
    entries = five_entries()
    assert [e.position for e in entries] == [1, 2, 3, 4, 5]
    assert len({e.chain for e in entries}) == 1
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    assert "审计日志完整：5 条记录，哈希链无断点（共 1 条链）" in verify()


def test_it_verifies_an_empty_log(db):
    assert "0 条记录" in verify()


def test_it_names_a_row_altered_with_raw_sql(db):
    entries = five_entries()
    where, params = at_position(entries, 3)
    raw(f"UPDATE {TABLE} SET summary = %s WHERE {where}", ["改过的摘要", *params])
    message = verify_fails()
    assert f"{row_name(entries, 3)}内容被改动" in message
    assert f"chain {entries[0].chain} position 3 (seq {entries[2].seq}) was altered" in message
    assert "已校验 2 条" in message


def test_it_notices_an_altered_json_column(db):
    entries = five_entries()
    where, params = at_position(entries, 2)
    raw(f"UPDATE {TABLE} SET after = %s WHERE {where}", ['{"n": 20}', *params])
    assert f"{row_name(entries, 2)}内容被改动" in verify_fails()


def test_it_notices_an_altered_actor_label(db):
    entries = five_entries()
    where, params = at_position(entries, 2)
    raw(f"UPDATE {TABLE} SET actor_label = %s WHERE {where}", ["someone else", *params])
    assert f"{row_name(entries, 2)}内容被改动" in verify_fails()


def test_it_notices_a_row_moved_to_another_position(db):
    """The position is part of the hash: closing the gap left by a removed row is noticed."""
    entries = five_entries()
    chain = entries[0].chain
    raw(f"DELETE FROM {TABLE} WHERE chain = %s AND position = 4", [chain])
    raw(f"UPDATE {TABLE} SET position = 4 WHERE chain = %s AND position = 5", [chain])
    assert f"第 {chain} 号链的第 4 条记录（序号 {entries[4].seq}）内容被改动" in verify_fails()


def test_it_names_a_row_altered_and_rehashed(db):
    entries = five_entries()
    entry = AuditEntry.objects.get(seq=entries[1].seq)
    entry.summary = "改过的摘要"
    where, params = at_position(entries, 2)
    raw(
        f"UPDATE {TABLE} SET summary = %s, hash = %s WHERE {where}",
        [entry.summary, entry.compute_hash(), *params],
    )
    message = verify_fails()
    assert f"{row_name(entries, 3)}的前序哈希不符：{row_name(entries, 2)}被改动" in message


def test_it_names_the_last_row_altered_and_rehashed(db):
    """No row follows the last one: the chain's head remembers its hash."""
    entries = five_entries()
    entry = AuditEntry.objects.get(seq=entries[4].seq)
    entry.summary = "改过的摘要"
    where, params = at_position(entries, 5)
    raw(
        f"UPDATE {TABLE} SET summary = %s, hash = %s WHERE {where}",
        [entry.summary, entry.compute_hash(), *params],
    )
    assert f"{row_name(entries, 5)}内容被改动（与链头不符）" in verify_fails()


def test_it_names_a_deleted_middle_row(db):
    entries = five_entries()
    where, params = at_position(entries, 3)
    raw(f"DELETE FROM {TABLE} WHERE {where}", params)
    message = verify_fails()
    assert (
        f"第 {entries[0].chain} 号链的第 3 条记录缺失（下一条是第 4 条，序号 {entries[3].seq}）"
        in (message)
    )
    assert f"chain {entries[0].chain} position 3 is missing" in message


def test_it_names_a_deleted_first_row(db):
    entries = five_entries()
    where, params = at_position(entries, 1)
    raw(f"DELETE FROM {TABLE} WHERE {where}", params)
    assert f"第 {entries[0].chain} 号链的第 1 条记录缺失" in verify_fails()


def test_it_names_a_deleted_last_row(db):
    entries = five_entries()
    where, params = at_position(entries, 5)
    raw(f"DELETE FROM {TABLE} WHERE {where}", params)
    message = verify_fails()
    assert f"第 {entries[0].chain} 号链的第 5 条记录缺失" in message
    assert "该链末尾 1 条" in message


def test_it_refuses_updates_and_deletes_through_the_orm(db):
    entries = five_entries()
    entry = AuditEntry.objects.get(seq=entries[0].seq)
    entry.summary = "改"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(seq=entry.seq).update(summary="改")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 5
    assert "5 条记录" in verify()


def test_it_chains_bulk_entries_like_single_ones(db):
    audit_record(action="export", object_type="test", object_id="0")
    audit_record_many(
        [{"action": "create", "object_type": "test", "object_id": str(n)} for n in range(1, 4)]
    )
    audit_record(action="export", object_type="test", object_id="4")
    assert list(AuditEntry.objects.order_by("seq").values_list("object_id", flat=True)) == [
        "0",
        "1",
        "2",
        "3",
        "4",
    ]
    assert "5 条记录" in verify()


def test_it_never_stores_an_id_number_in_clear(db):
    audit_record(
        action="update",
        object_type="assistance.person",
        object_id=ID_NUMBER,
        summary=f"修改失业人员 {ID_NUMBER} 的信息",
        before={"id_number": ID_NUMBER, "nested": [{"note": f"身份证{ID_NUMBER}"}], ID_NUMBER: 1},
        after={"id_number": int(ID_NUMBER), "old_form": "500223900101123"},
        actor_label=ID_NUMBER,  # people type their ID number as a username
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {TABLE}")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert ID_NUMBER not in row
    assert "500223900101123" not in row
    assert "500223********1234" in row
    assert "1 条记录" in verify()


def test_it_masks_an_id_number_typed_as_a_username_at_login(client, db):
    client.post("/accounts/login/", {"username": ID_NUMBER, "password": "whatever-password"})
    entry = AuditEntry.objects.get(action="login_failed")
    assert ID_NUMBER not in f"{entry.actor_label} {entry.object_id} {entry.summary}"


def test_it_keeps_an_all_digit_credit_code_readable(db):
    audit_record(action="create", object_type="test", summary="新增企业 915001522030123456")
    assert "915001522030123456" in AuditEntry.objects.get().summary


def test_it_records_before_and_after_of_enterprise_changes(people):
    enterprise = enterprise_create(
        actor=people.sam,
        uscc=CODE,
        name="审计测试有限公司",
        town_id="500152001000",
        industry_id="1361",
    )
    created = AuditEntry.objects.get(
        action="create", object_type="enterprises.enterprise", object_id=str(enterprise.pk)
    )
    assert created.actor_id == people.sam.pk
    assert created.after["name"] == "审计测试有限公司"
    assert created.after["uscc"] == CODE
    enterprise_update(
        actor=people.sam, enterprise=enterprise, insured_headcount=300, name="审计测试二有限公司"
    )
    updated = AuditEntry.objects.get(
        action="update", object_type="enterprises.enterprise", object_id=str(enterprise.pk)
    )
    assert updated.before == {"name": "审计测试有限公司", "insured_headcount": 0}
    assert updated.after == {"name": "审计测试二有限公司", "insured_headcount": 300}
    assert "条记录，哈希链无断点" in verify()
