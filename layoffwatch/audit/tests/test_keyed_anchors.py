"""ADR 0084: the audit chains are MAC'd with a key kept out of the database, and their heads are
anchored outside it, so rewriting, truncating or reordering the log is named by audit_verify."""

import datetime as dt
import json

import pytest
import time_machine

from layoffwatch.audit import anchors
from layoffwatch.audit.models import AuditEntry, AuditHead
from layoffwatch.audit.services import audit_checkpoint, audit_digest, audit_record
from layoffwatch.audit.tasks import checkpoint_audit_heads

from .test_audit_log import TABLE, five_entries, raw, row_name, verify, verify_fails

pytestmark = pytest.mark.django_db

HEADS = AuditHead._meta.db_table
AT = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)  # 17:30 in Tongnan
GUESS = "an attacker's guess at the key, 32+ chars long"


def rows_of(chain: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(chain=chain).order_by("position"))


def rewrite(rows: list[AuditEntry], *, start: int, hash_of) -> None:
    """Re-chain rows from position `start` on with `hash_of(row)` and move the head: what
    someone with write access to the database can do."""
    prev = rows[start - 2].hash if start > 1 else "0" * 64
    for row in rows[start - 1 :]:
        row.prev_hash = prev
        row.hash = prev = hash_of(row)
        raw(
            f"UPDATE {TABLE} SET summary = %s, prev_hash = %s, hash = %s, key_id = %s "
            "WHERE seq = %s",
            [row.summary, row.prev_hash, row.hash, row.key_id, row.seq],
        )
    raw(f"UPDATE {HEADS} SET last_hash = %s WHERE id = %s", [prev, rows[0].chain])


def cut_tail(rows: list[AuditEntry], *, keep: int) -> None:
    """Delete the rows after position `keep` and move the head back to match."""
    chain = rows[0].chain
    raw(f"DELETE FROM {TABLE} WHERE chain = %s AND position > %s", [chain, keep])
    raw(
        f"UPDATE {HEADS} SET last_position = %s, last_hash = %s WHERE id = %s",
        [keep, rows[keep - 1].hash, chain],
    )


def test_it_verifies_an_intact_log_and_anchors_its_heads_outside_the_database(settings):
    entries = five_entries()
    assert all(e.key_id == settings.AUDIT_KEY_ID for e in entries)
    assert all(e.hash != e.legacy_hash() for e in entries)  # not the public formula
    output = verify()
    assert "审计日志完整：5 条记录，哈希链无断点（共 1 条链）" in output
    assert "尚无库外锚点" in output  # the first run had nothing to compare with
    anchor = anchors.last_anchor(settings.AUDIT_ANCHOR_FILE)
    assert anchor.heads == {entries[0].chain: (5, entries[4].hash)}
    second = verify()
    assert "尚无库外锚点" not in second and "写入锚点文件" not in second  # nothing moved


def test_it_names_a_row_edited_and_the_rest_recomputed_with_the_public_formula():
    entries = five_entries()
    rows = rows_of(entries[0].chain)
    rows[1].summary = "改过的摘要"
    rewrite(rows, start=2, hash_of=AuditEntry.legacy_hash)
    message = verify_fails()
    assert f"{row_name(entries, 2)}内容被改动（签名不符，没有密钥无法重算）" in message


def test_it_names_a_row_passed_off_as_written_before_the_keys():
    """Marking the rewritten rows as unkeyed (key id 0) does not help: no row of this chain was
    written before the cut-over."""
    entries = five_entries()
    rows = rows_of(entries[0].chain)
    rows[1].summary = "改过的摘要"
    for row in rows[1:]:
        row.key_id = 0
    rewrite(rows, start=2, hash_of=AuditEntry.legacy_hash)
    message = verify_fails()
    assert f"{row_name(entries, 2)}内容被改动：没有密钥签名（该链全部记录都须有）" in message


def test_it_names_a_whole_chain_recomputed_with_a_wrong_key(settings):
    entries = five_entries()
    rows = rows_of(entries[0].chain)
    rows[2].summary = "改过的摘要"
    real_keys = settings.AUDIT_KEYS
    settings.AUDIT_KEYS = {settings.AUDIT_KEY_ID: GUESS}
    rewrite(rows, start=1, hash_of=AuditEntry.compute_hash)
    settings.AUDIT_KEYS = real_keys
    assert f"{row_name(entries, 1)}内容被改动（签名不符" in verify_fails()


def test_it_reports_the_missing_tail_when_rows_are_cut_off_and_the_head_moved():
    entries = five_entries()
    assert checkpoint_audit_heads.call_local() is True  # the periodic task anchors the heads
    cut_tail(rows_of(entries[0].chain), keep=3)
    chain = entries[0].chain
    message = verify_fails()
    assert f"第 {chain} 号链缺少末尾：该链止于第 3 条，但锚点文件记到第 5 条" in message
    assert f"missing tail: chain {chain} ends at position 3 but the anchor file says 5" in message


def test_it_notices_a_chain_cut_back_and_written_again(settings):
    """Rows cut off, then new entries appended by the application on top of the moved head: the
    positions are back, but not the anchored entry; the checkpoint refuses to move on."""
    entries = five_entries()
    verify()  # anchors position 5
    cut_tail(rows_of(entries[0].chain), keep=3)
    for n in (6, 7):
        audit_record(action="export", object_type="test", object_id=str(n))
    checkpoint = audit_checkpoint(at=AT)
    assert checkpoint.held == [entries[0].chain]
    assert anchors.last_anchor(settings.AUDIT_ANCHOR_FILE).heads[entries[0].chain][0] == 5
    chain = entries[0].chain
    assert f"第 {chain} 号链的第 5 条记录与锚点文件不符：该链被截断后重新续写" in verify_fails()


def test_it_notices_a_chain_removed_with_its_head_row():
    entries = five_entries()
    verify()
    chain = entries[0].chain
    raw(f"DELETE FROM {TABLE} WHERE chain = %s", [chain])
    raw(f"DELETE FROM {HEADS} WHERE id = %s", [chain])
    assert f"第 {chain} 号链缺少末尾：该链止于第 0 条，但锚点文件记到第 5 条" in verify_fails()


def test_it_notices_two_rows_whose_order_was_swapped():
    entries = five_entries()
    second, third = entries[1].seq, entries[2].seq
    raw(f"UPDATE {TABLE} SET seq = %s WHERE seq = %s", [-1, second])
    raw(f"UPDATE {TABLE} SET seq = %s WHERE seq = %s", [second, third])
    raw(f"UPDATE {TABLE} SET seq = %s WHERE seq = %s", [third, -1])
    chain = entries[0].chain
    assert (
        f"记录顺序被改动：第 {chain} 号链的第 3 条记录（序号 {second}）的序号小于"
        f"第 {chain} 号链的第 2 条记录（序号 {third}）"
    ) in verify_fails()


def test_it_ignores_an_anchor_line_written_without_the_key(settings):
    """Someone who can write the anchor file but lacks the key cannot wind the anchor back."""
    entries = five_entries()
    verify()
    line = json.loads(settings.AUDIT_ANCHOR_FILE.read_text().splitlines()[-1])
    line["heads"][str(entries[0].chain)] = [3, entries[2].hash]
    anchors.append_line(settings.AUDIT_ANCHOR_FILE, json.dumps(line) + "\n")
    cut_tail(rows_of(entries[0].chain), keep=3)
    assert "该链止于第 3 条，但锚点文件记到第 5 条" in verify_fails()


def test_the_daily_digest_still_tells_when_the_anchor_file_is_gone(settings):
    entries = five_entries()
    with time_machine.travel(AT, tick=False):
        path = audit_digest(at=AT)
    assert path.name == "audit-digest-2026-12-07.txt"
    assert f"第 {entries[0].chain} 号链：至第 5 条" in path.read_text()
    settings.AUDIT_ANCHOR_FILE.unlink()
    cut_tail(rows_of(entries[0].chain), keep=4)
    message = verify_fails()
    assert "该链止于第 4 条，但每日摘要记到第 5 条" in message
    assert "the daily digest says 5" in message


def test_old_entries_verify_with_the_old_key_after_a_rotation(settings):
    old = five_entries()
    settings.AUDIT_KEYS = {2: "the new audit key, at least 32 characters", **settings.AUDIT_KEYS}
    settings.AUDIT_KEY_ID = 2
    new = audit_record(action="export", object_type="test", object_id="6")
    assert (new.key_id, new.prev_hash) == (2, old[4].hash)
    assert "审计日志完整：6 条记录" in verify()
    settings.AUDIT_KEYS = {2: settings.AUDIT_KEYS[2]}  # the old key dropped too early
    assert f"{row_name(old, 1)}的签名密钥（编号 1）未配置" in verify_fails()


def test_rows_written_before_the_keys_verify_up_to_the_cut_over_only(settings):
    """A chain that existed before the keys: its unkeyed rows up to the anchored cut-over
    verify; an unkeyed row after it is named (it could only be a forgery)."""
    entries = five_entries()
    chain = entries[0].chain
    rows = rows_of(chain)
    for row in rows:
        row.key_id = 0
    rewrite(rows, start=1, hash_of=AuditEntry.legacy_hash)  # as 0003 left them
    line = anchors.anchor_line(
        kind="cutover", at=AT, heads={chain: (4, rows[3].hash)}, legacy_until={chain: 4}
    )
    anchors.append_line(settings.AUDIT_ANCHOR_FILE, line)
    message = verify_fails()
    assert f"{row_name(entries, 5)}内容被改动：没有密钥签名（该链第 4 条之后都须有）" in message
    raw(f"DELETE FROM {TABLE} WHERE chain = %s AND position = 5", [chain])
    raw(
        f"UPDATE {HEADS} SET last_position = 4, last_hash = %s WHERE id = %s",
        [rows[3].hash, chain],
    )
    assert "审计日志完整：4 条记录" in verify()
    after = audit_record(action="export", object_type="test")  # keyed, chained on the old rows
    assert (after.position, after.key_id) == (5, settings.AUDIT_KEY_ID)
    assert "审计日志完整：5 条记录" in verify()
