from django.db.models import QuerySet

from .models import AuditEntry, AuditHead


def audit_verify_chain() -> tuple[int, str | None]:
    """Walk the chain from the first row. Returns (rows checked, first problem or None).

    A problem names the first row that does not check out: missing (a gap in `seq`, or rows cut
    off the end, which the head row remembers), altered (its hash does not match its content),
    or following a row that was altered and re-hashed (its previous-hash does not match).
    """
    expected_prev = "0" * 64
    expected_seq = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return checked, (
                f"第 {expected_seq} 条记录缺失（下一条是第 {entry.seq} 条）/ row {expected_seq} is missing"
            )
        if entry.compute_hash() != entry.hash:
            return checked, f"第 {entry.seq} 条记录内容被改动 / row {entry.seq} was altered"
        if entry.prev_hash != expected_prev:
            return checked, (
                f"第 {entry.seq} 条记录的前序哈希不符：第 {entry.seq - 1} 条记录被改动 / "
                f"row {entry.seq}: previous-hash mismatch, row {entry.seq - 1} was altered"
            )
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.last_seq > checked:
        return checked, (
            f"第 {checked + 1} 条记录缺失：日志末尾 {head.last_seq - checked} 条记录被删除 / "
            f"row {checked + 1} is missing: the last {head.last_seq - checked} row(s) were removed"
        )
    if (
        head is not None
        and head.last_seq == checked
        and checked
        and head.last_hash != expected_prev
    ):
        return checked, f"第 {checked} 条记录内容被改动 / row {checked} was altered"
    return checked, None


def audit_entries_for(*, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
