"""What a feed looks like: its canonical columns, their Chinese aliases and types (one file per kind)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    label: str  # Chinese, for error messages and the upload page
    type: str  # person_id uscc period date money int number rate code bool town industry text
    required: bool = True
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    # Chinese (or other) spellings of a code value: {"退休": "retirement"}
    value_aliases: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # one row per key: duplicates are refused
    period_column: str  # the column that carries the month (a period or a date)
    employer_column: str | None = None  # unknown employers are listed and registered
    clause: str = "S3.1.3"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def header_map(self) -> dict[str, str]:
        """Normalised header → canonical name (the canonical name, its label and every alias)."""
        out = {}
        for c in self.columns:
            for spelling in (c.name, c.label, *c.aliases):
                out[normalise_header(spelling)] = c.name
        return out


def normalise_header(text: str) -> str:
    return "".join(str(text or "").split()).lower().replace("（", "(").replace("）", ")")


PERSON_ID_ALIASES = (
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "证件号码",
    "社会保障号码",
    "id_number",
)
USCC_ALIASES = ("统一社会信用代码", "单位统一社会信用代码", "信用代码", "uscc")
PERIOD_ALIASES = ("月份", "所属期", "费款所属期", "统计月份", "年月")
TOWN_ALIASES = ("镇街代码", "镇街", "区划代码", "统计用区划代码")
INDUSTRY_ALIASES = ("行业代码", "行业", "国民经济行业代码")
