"""The words a case's pages and its written report share (plan S6.2, ADR 0054): how a response
level is named, and the 待填写 the report writes where the record holds no fact.

Plain text only, importing nothing of the app: the models (a report's facts still to fill), the
selectors (the steps' labels) and the documents all build on it.
"""

import re

NUMERALS = "一二三四五六七八九十"
# plan S6.2, ADR 0054: a fact the record does not hold is written as this, in its place; a leader
# cannot sign the report while one is left
TO_FILL = "待填写"
# a clause ends at one of these: the fact a 待填写 stands for is the clause before it
_CLAUSE_END = re.compile(r"[。；;！？!?\n，,：:]")


def level_name(n: int) -> str:
    """三级 / 二级 / 一级: how a step names the response level it belongs to."""
    return f"{NUMERALS[n - 1]}级"


def missing_facts(*, title: str, sections: list[dict]) -> list[tuple[str, str]]:
    """Each 待填写 left in the report: (the section's title, the fact it stands for)."""
    found = []
    for name, text in [("标题", title)] + [(row["title"], row["text"]) for row in sections]:
        start = 0
        while (at := text.find(TO_FILL, start)) >= 0:
            before = _CLAUSE_END.split(text[:at].rstrip(" ：:，,（("))[-1].strip()
            after = _CLAUSE_END.split(text[at + len(TO_FILL) :].lstrip(" ：:）)"))[0].strip()
            fact = before or after or "未注明的内容"
            found.append((name, fact[-40:]))
            start = at + len(TO_FILL)
    return found
