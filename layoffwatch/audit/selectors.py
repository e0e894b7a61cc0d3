from django.conf import settings
from django.db.models import QuerySet

from . import anchors
from .models import ZERO_HASH, AuditEntry, AuditHead


def _row(chain: int, position: int, seq: int | None = None) -> tuple[str, str]:
    """How a problem names a row: (Chinese, English)."""
    if seq is None:
        return f"第 {chain} 号链的第 {position} 条记录", f"chain {chain} position {position}"
    return (
        f"第 {chain} 号链的第 {position} 条记录（序号 {seq}）",
        f"chain {chain} position {position} (seq {seq})",
    )


def _entry_problem(
    chain: int,
    entry: AuditEntry,
    *,
    expected_position: int,
    expected_prev: str,
    previous: AuditEntry | None,
    legacy_until: int,
) -> str | None:
    """What is wrong with the next row of a chain walked by position, or None: its position,
    its key, its MAC, its link to the row before and its order (ADR 0046, 0084)."""
    if entry.position != expected_position:
        zh, en = _row(chain, expected_position)
        return (
            f"{zh}缺失（下一条是第 {entry.position} 条，序号 {entry.seq}）/ {en} is missing "
            f"(the next row is position {entry.position}, seq {entry.seq})"
        )
    zh, en = _row(chain, entry.position, entry.seq)
    if not entry.key_id and entry.position > legacy_until:
        if legacy_until:
            since = f"该链第 {legacy_until} 条之后都须有"
            since_en = f"after position {legacy_until}, the cut-over to keys"
        else:
            since, since_en = "该链全部记录都须有", "and every row of this chain must be keyed"
        return (
            f"{zh}内容被改动：没有密钥签名（{since}），是按公开算法重算的 / {en} was "
            f"altered: it carries the public unkeyed hash ({since_en}): it was recomputed"
        )
    try:
        intact = entry.compute_hash() == entry.hash
    except anchors.UnknownAuditKey:
        return (
            f"{zh}的签名密钥（编号 {entry.key_id}）未配置 / {en} is signed with key "
            f"{entry.key_id}, which is not in LAYOFFWATCH_AUDIT_KEYS"
        )
    if not intact:
        return (
            f"{zh}内容被改动（签名不符，没有密钥无法重算）/ {en} was altered "
            f"(its MAC does not match; it cannot be recomputed without the key)"
        )
    if entry.prev_hash != expected_prev:
        prev_zh, prev_en = _row(chain, previous.position, previous.seq)
        return (
            f"{zh}的前序哈希不符：{prev_zh}被改动 / "
            f"{en}: previous-hash mismatch, {prev_en} was altered"
        )
    if previous is not None and entry.seq <= previous.seq:
        # within a chain seq follows position: the head lock orders the inserts (ADR 0046)
        prev_zh, prev_en = _row(chain, previous.position, previous.seq)
        return (
            f"记录顺序被改动：{zh}的序号小于{prev_zh} / "
            f"rows were reordered: {en} has a smaller seq than {prev_en}"
        )
    return None


def _head_problem(
    chain: int,
    head: AuditHead | None,
    *,
    checked: int,
    last_hash: str,
    last: AuditEntry | None,
) -> str | None:
    """Whether the chain's head row still agrees with the `checked` rows that checked out, the
    last of them `last` with MAC `last_hash`: rows cut off the end, or the head altered."""
    if head is None:
        if checked:  # every append creates or updates the head before inserting
            return f"第 {chain} 号链的链头记录缺失 / chain {chain}: the head row is missing"
        return None
    if head.last_position > checked:
        zh, en = _row(chain, checked + 1)
        cut = head.last_position - checked
        return (
            f"{zh}缺失：该链末尾 {cut} 条记录被删除 / "
            f"{en} is missing: the last {cut} row(s) of the chain were removed"
        )
    if head.last_position < checked or (not checked and head.last_hash != ZERO_HASH):
        return (
            f"第 {chain} 号链的链头记录被改动（记到第 {head.last_position} 条，实有 {checked} 条）/ "
            f"chain {chain}: the head row was altered (says {head.last_position}, found {checked})"
        )
    if checked and head.last_hash != last_hash:
        zh, en = _row(chain, last.position, last.seq)
        return f"{zh}内容被改动（与链头不符）/ {en} was altered (does not match the head)"
    return None


def _anchor_problem(
    chain: int,
    *,
    checked: int,
    anchored: list[tuple[int, str, tuple[str, str]]],
    found: dict[int, str],
) -> str | None:
    """Whether the chain still reaches each head anchored outside the database (ADR 0084):
    `found` holds the MACs the walk saw at the anchored positions."""
    for position, mac, (where, where_en) in sorted(anchored, reverse=True):
        if position > checked:
            return (
                f"第 {chain} 号链缺少末尾：该链止于第 {checked} 条，但{where}记到第 {position} 条 / "
                f"missing tail: chain {chain} ends at position {checked} but the {where_en} "
                f"says {position}"
            )
        if found.get(position) != mac:
            zh, en = _row(chain, position)
            return (
                f"{zh}与{where}不符：该链被截断后重新续写 / {en} does not match the {where_en}: "
                f"the chain was cut back and written again"
            )
    return None


def _verify_one_chain(
    chain: int,
    head: AuditHead | None,
    *,
    legacy_until: int = 0,
    anchored: list[tuple[int, str, tuple[str, str]]] = (),
) -> tuple[int, str | None]:
    """Walk one chain by position. `legacy_until`: the last position allowed to carry the
    public unkeyed hash; `anchored`: (position, MAC, where) the chain reached outside the
    database (ADR 0084). Returns (rows that checked out, the first problem or None)."""
    expected_prev = ZERO_HASH
    previous = None  # the last row that checked out
    checked = 0
    wanted = {position for position, _, _ in anchored}
    found: dict[int, str] = {}
    rows = AuditEntry.objects.filter(chain=chain).order_by("position")
    for entry in rows.iterator(chunk_size=2000):
        problem = _entry_problem(
            chain,
            entry,
            expected_position=checked + 1,
            expected_prev=expected_prev,
            previous=previous,
            legacy_until=legacy_until,
        )
        if problem:
            return checked, problem
        if entry.position in wanted:
            found[entry.position] = entry.hash
        expected_prev = entry.hash
        checked += 1
        previous = entry
    problem = _head_problem(
        chain, head, checked=checked, last_hash=expected_prev, last=previous
    ) or _anchor_problem(chain, checked=checked, anchored=anchored, found=found)
    return checked, problem


def audit_anchors() -> list[anchors.Anchor]:
    """The anchors outside the database: the anchor file's last valid line, then the newest
    daily digest's (ADR 0084)."""
    found = [anchors.last_anchor(settings.AUDIT_ANCHOR_FILE), anchors.latest_digest()]
    return [anchor for anchor in found if anchor is not None]


def audit_chains(extra: set[int] = frozenset()) -> list[int]:
    """Every chain that has entries or a head row (also chains beyond today's AUDIT_CHAINS),
    and the chains in `extra` (those an anchor names)."""
    with_rows = AuditEntry.objects.order_by("chain").values_list("chain", flat=True).distinct()
    heads = AuditHead.objects.values_list("id", flat=True)
    return sorted(set(with_rows) | set(heads) | set(extra))


ANCHOR_FILE = ("锚点文件", "anchor file")
_WHERE = {"digest": ("每日摘要", "daily digest")}


def audit_verify_chain() -> tuple[int, str | None]:
    """Walk every chain from its first row. Returns (rows checked, first problem or None).

    Chains are walked in order of their number, each by position. A problem names the chain and
    position (and seq) of the first row that does not check out: missing (a gap in positions,
    or rows cut off the chain's end, which its head row remembers), altered (its MAC does not
    match its content under the settings' key, it carries the public hash after the cut-over,
    or the last row does not match the head), following a row that was altered and re-hashed
    (its previous-hash does not match), or out of order (seq). Then each chain must still reach
    the heads anchored outside the database (ADR 0084): "missing tail" if it ends before them.
    """
    heads = {head.id: head for head in AuditHead.objects.all()}
    found = audit_anchors()
    if found:
        # why the anchor's and not the head row's: the database could be edited to move it
        legacy = found[0].legacy_until
    else:
        legacy = {chain: head.legacy_until for chain, head in heads.items()}
    points: dict[int, list[tuple[int, str, tuple[str, str]]]] = {}
    for anchor in found:
        where = _WHERE.get(anchor.kind, ANCHOR_FILE)
        for chain, (position, mac) in anchor.heads.items():
            points.setdefault(chain, []).append((position, mac, where))
    checked = 0
    for chain in audit_chains(set(points)):
        rows, problem = _verify_one_chain(
            chain,
            heads.get(chain),
            legacy_until=legacy.get(chain, 0),
            anchored=points.get(chain, []),
        )
        checked += rows
        if problem:
            return checked, problem
    return checked, None


def audit_entries_for(*, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
