from django.db.models import QuerySet

from .models import ZERO_HASH, AuditEntry, AuditHead


def _row(chain: int, position: int, seq: int | None = None) -> tuple[str, str]:
    """How a problem names a row: (Chinese, English)."""
    if seq is None:
        return f"第 {chain} 号链的第 {position} 条记录", f"chain {chain} position {position}"
    return (
        f"第 {chain} 号链的第 {position} 条记录（序号 {seq}）",
        f"chain {chain} position {position} (seq {seq})",
    )


def _verify_one_chain(chain: int, head: AuditHead | None) -> tuple[int, str | None]:
    expected_prev = ZERO_HASH
    expected_position = 1
    previous = None  # the last row that checked out
    checked = 0
    rows = AuditEntry.objects.filter(chain=chain).order_by("position")
    for entry in rows.iterator(chunk_size=2000):
        if entry.position != expected_position:
            zh, en = _row(chain, expected_position)
            return checked, (
                f"{zh}缺失（下一条是第 {entry.position} 条，序号 {entry.seq}）/ {en} is missing "
                f"(the next row is position {entry.position}, seq {entry.seq})"
            )
        if entry.compute_hash() != entry.hash:
            zh, en = _row(chain, entry.position, entry.seq)
            return checked, f"{zh}内容被改动 / {en} was altered"
        if entry.prev_hash != expected_prev:
            zh, en = _row(chain, entry.position, entry.seq)
            prev_zh, prev_en = _row(chain, previous.position, previous.seq)
            return checked, (
                f"{zh}的前序哈希不符：{prev_zh}被改动 / "
                f"{en}: previous-hash mismatch, {prev_en} was altered"
            )
        expected_prev = entry.hash
        expected_position += 1
        checked += 1
        previous = entry
    if head is None:
        if checked:  # every append creates or updates the head before inserting
            return (
                checked,
                f"第 {chain} 号链的链头记录缺失 / chain {chain}: the head row is missing",
            )
        return checked, None
    if head.last_position > checked:
        zh, en = _row(chain, checked + 1)
        cut = head.last_position - checked
        return checked, (
            f"{zh}缺失：该链末尾 {cut} 条记录被删除 / "
            f"{en} is missing: the last {cut} row(s) of the chain were removed"
        )
    if head.last_position < checked or (not checked and head.last_hash != ZERO_HASH):
        return checked, (
            f"第 {chain} 号链的链头记录被改动（记到第 {head.last_position} 条，实有 {checked} 条）/ "
            f"chain {chain}: the head row was altered (says {head.last_position}, found {checked})"
        )
    if checked and head.last_hash != expected_prev:
        zh, en = _row(chain, previous.position, previous.seq)
        return checked, f"{zh}内容被改动（与链头不符）/ {en} was altered (does not match the head)"
    return checked, None


def audit_chains() -> list[int]:
    """Every chain that has entries or a head row (also chains beyond today's AUDIT_CHAINS)."""
    with_rows = AuditEntry.objects.order_by("chain").values_list("chain", flat=True).distinct()
    return sorted(set(with_rows) | set(AuditHead.objects.values_list("id", flat=True)))


def audit_verify_chain() -> tuple[int, str | None]:
    """Walk every chain from its first row. Returns (rows checked, first problem or None).

    Chains are walked in order of their number, each by position. A problem names the chain and
    position (and seq) of the first row that does not check out: missing (a gap in positions,
    or rows cut off the chain's end, which its head row remembers), altered (its hash does not
    match its content, or the last row does not match the head), or following a row that was
    altered and re-hashed (its previous-hash does not match).
    """
    heads = {head.id: head for head in AuditHead.objects.all()}
    checked = 0
    for chain in audit_chains():
        rows, problem = _verify_one_chain(chain, heads.get(chain))
        checked += rows
        if problem:
            return checked, problem
    return checked, None


def audit_entries_for(*, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
