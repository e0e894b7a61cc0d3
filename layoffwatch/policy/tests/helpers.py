"""Building revised parameter texts for tests, the way an administrator would edit them."""

import datetime as dt

from layoffwatch.policy.loader import read_bundled

ANCHOR = "      2023-02-23: {value: 20, reference:"


def bundled_text(key: str) -> str:
    return read_bundled()[key]


def level3_threshold_revised(start: dt.date, value: int, *, text: str | None = None) -> str:
    """alert_levels.yaml with a new level-3 threshold from `start` (history kept as it was)."""
    lines = (text or bundled_text("alert_levels")).split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(ANCHOR)) + 1
    while lines[at].startswith("      2"):  # after the threshold's later dated values, if any
        at += 1
    lines.insert(at, f"      {start.isoformat()}: {{value: {value}, reference: 测试修订}}")
    return "\n".join(lines)
