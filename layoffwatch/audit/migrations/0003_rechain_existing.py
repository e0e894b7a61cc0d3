# ADR 0046, step 2 of 3: existing entries become chain 1, position = their old seq, and their
# hashes are recomputed under the new payload (chain, position, content, previous hash). The old
# chain is verified first, so that re-hashing cannot launder a row altered or removed before the
# upgrade. Pre-production only: the hashes of the old layout are not kept.
#
# The payloads are frozen here on purpose: AuditEntry.compute_hash may change later, this
# migration may not. (tests: layoffwatch/audit/tests/test_chains.py)

import hashlib
import json

from django.db import migrations
from django.db.migrations.exceptions import IrreversibleError

ZERO = "0" * 64
CHUNK = 1000


def _digest(payload: list) -> str:
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _content(row) -> list:
    return [
        row.at.isoformat(timespec="microseconds"),
        row.actor_id,
        row.actor_label,
        row.action,
        row.object_type,
        row.object_id,
        row.summary,
        row.before,
        row.after,
        row.ip,
    ]


def legacy_hash(row) -> str:
    """The hash of migration 0001's layout: one chain, numbered by seq."""
    return _digest([row.seq, *_content(row), row.prev_hash])


def chained_hash(row) -> str:
    """The hash of ADR 0046's layout (= AuditEntry.compute_hash at the time of this migration)."""
    return _digest([row.chain, row.position, *_content(row), row.prev_hash])


class BrokenChain(RuntimeError):
    pass


def _rows(entry_model, using: str):
    """Every row in seq order, a chunk at a time (keyset, so updating them while walking is safe)."""
    last = 0
    while True:
        rows = list(entry_model.objects.using(using).filter(seq__gt=last).order_by("seq")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].seq


def rechain_existing_rows(entry_model, head_model, using: str = "default") -> int:
    """Put every existing entry in chain 1 at position = seq, re-hashed; head 1 follows.

    Raises BrokenChain (and changes nothing: the migration's transaction rolls back) if the old
    chain does not verify. Returns the number of rows re-chained.
    """
    old_prev = new_prev = ZERO
    count = 0
    for rows in _rows(entry_model, using):
        for row in rows:
            count += 1
            if row.seq != count:
                problem = f"第 {count} 条记录缺失 / row {count} is missing"
            elif legacy_hash(row) != row.hash:
                problem = f"第 {row.seq} 条记录内容被改动 / row {row.seq} was altered"
            elif row.prev_hash != old_prev:
                problem = f"第 {row.seq - 1} 条记录被改动 / row {row.seq - 1} was altered"
            else:
                problem = None
            if problem:
                raise BrokenChain(
                    f"审计日志哈希链已断，不重算哈希：{problem}；请先运行 layoffwatch audit_verify 查明 / "
                    "the audit chain is broken and will not be re-hashed"
                )
            old_prev = row.hash
            row.chain, row.position, row.prev_hash = 1, row.seq, new_prev
            row.hash = new_prev = chained_hash(row)
        entry_model.objects.using(using).bulk_update(
            rows, ["chain", "position", "prev_hash", "hash"]
        )
    head = head_model.objects.using(using).filter(id=1).first()
    if head is not None and head.last_position > count:
        raise BrokenChain(
            f"审计日志哈希链已断，不重算哈希：末尾 {head.last_position - count} 条记录被删除 / "
            "the audit chain is broken (rows cut off the end) and will not be re-hashed"
        )
    if head is not None and count and head.last_hash != old_prev:
        raise BrokenChain(
            f"审计日志哈希链已断，不重算哈希：第 {count} 条记录被改动 / "
            "the audit chain is broken (last row altered) and will not be re-hashed"
        )
    if head is not None or count:
        head_model.objects.using(using).update_or_create(
            id=1, defaults={"last_position": count, "last_hash": new_prev}
        )
    return count


def unchain_to_seq(entry_model, head_model, using: str = "default") -> int:
    """Backwards: back to one chain numbered by seq. Only possible while every row is still in
    chain 1 at position = seq (nothing written since the upgrade)."""
    old_prev = new_prev = ZERO
    count = 0
    for rows in _rows(entry_model, using):
        for row in rows:
            count += 1
            if (row.chain, row.position, row.seq) != (1, count, count) or (
                chained_hash(row) != row.hash or row.prev_hash != new_prev
            ):
                raise IrreversibleError(
                    f"审计日志第 {row.seq} 条记录不能还原为旧的单链格式 / audit row {row.seq} cannot "
                    "go back to the single-chain layout (written after the upgrade, or altered)"
                )
            new_prev = row.hash
            row.prev_hash = old_prev
            row.hash = old_prev = legacy_hash(row)
        entry_model.objects.using(using).bulk_update(rows, ["prev_hash", "hash"])
    head_model.objects.using(using).exclude(id=1).delete()
    if count or head_model.objects.using(using).filter(id=1).exists():
        head_model.objects.using(using).update_or_create(
            id=1, defaults={"last_position": count, "last_hash": old_prev}
        )
    return count


def forwards(apps, schema_editor):
    rechain_existing_rows(
        apps.get_model("audit", "AuditEntry"),
        apps.get_model("audit", "AuditHead"),
        schema_editor.connection.alias,
    )


def backwards(apps, schema_editor):
    unchain_to_seq(
        apps.get_model("audit", "AuditEntry"),
        apps.get_model("audit", "AuditHead"),
        schema_editor.connection.alias,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_chains'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
