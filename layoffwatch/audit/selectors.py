from django.db.models import QuerySet

from .models import AuditEntry


def audit_verify_chain() -> tuple[int, str | None]:
    """Walk the chain from the first row. Returns (rows checked, first problem or None)."""
    expected_prev = "0" * 64
    expected_seq = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return checked, f"第 {expected_seq} 条记录缺失（下一条是第 {entry.seq} 条）/ row {expected_seq} is missing"
        if entry.prev_hash != expected_prev:
            return checked, f"第 {entry.seq} 条记录的前序哈希不符：之前的记录被改动或删除 / row {entry.seq}: previous-hash mismatch"
        if entry.compute_hash() != entry.hash:
            return checked, f"第 {entry.seq} 条记录内容被改动 / row {entry.seq} was altered"
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    from .models import AuditHead

    head = AuditHead.objects.filter(id=1).first()
    if head and head.last_seq != checked:
        return checked, f"最后 {head.last_seq - checked} 条记录被删除 / the last rows after {checked} were removed"
    return checked, None


def audit_entries_for(*, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
