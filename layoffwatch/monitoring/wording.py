"""How a signal's stored figures and evidence rows read on its page: each figure by its Chinese
label (models.FIGURE_LABELS), each value as staff say it — coded values by their labels (the feeds'
own label maps), shares as percentages, numbers with thousands separators, yes/no as 是/否 — and
never a column name, a code or a Python value (plan S3.1.3; the figures themselves stay as the
detectors stored them)."""

from __future__ import annotations

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .detectors.business_event import EVENT_LABELS
from .models import FIGURE_LABELS, Clue
from .sources import SOURCES
from .sources.social_insurance import REASONS


def _first_spelling(aliases: dict[str, str]) -> dict[str, str]:
    """{code: its first Chinese spelling} from a feed column's {spelling: code}."""
    out: dict[str, str] = {}
    for spelling, code in aliases.items():
        out.setdefault(code, spelling)
    return out


def _column_labels(kind: str, column: str) -> dict[str, str]:
    return _first_spelling(SOURCES[kind].column(column).value_aliases)


SEX_LABELS = {"male": _("男"), "female": _("女")}

# figures whose value is a code, and the Chinese each code reads as (the feeds' own maps)
CODE_LABELS: dict[str, dict] = {
    "event": EVENT_LABELS,
    "tax_status": _column_labels("tax", "tax_status"),
    "channel": dict(Clue.Channel.choices),
    "reason": _first_spelling(REASONS),
    "sex": SEX_LABELS,
}

# shares stored as fractions (0.4603), shown as percentages (46.0%)
SHARE_FIGURES = {"rate", "drop_share", "job_loss_rate"}
# figures stored in percent already (调查失业率 5.7 = 5.7%): any kind's, or one kind's
PERCENT_FIGURES = {"rate_last_month", "utilisation", "utilisation_last_month"}
PERCENT_OF_KIND = {("town_rate_jump", "rate"), ("town_rate_jump", "baseline")}

# a figure whose meaning depends on the kind of signal
KIND_LABELS = {
    ("town_rate_jump", "rate"): _("本月调查失业率"),
    ("town_rate_jump", "baseline"): _("基线失业率（此前各月平均）"),
}

# what an empty figure means, where it means more than "unknown"
EMPTY_TEXT = {
    "moved_to": _("无（离开者未集中转入同一单位）"),
    "reason": _("未填写"),
    "now_at": pgettext_lazy("现参保单位", "无"),
}

# the columns of a stoppage's evidence rows (sql/mass_stoppage_evidence.sql)
EVIDENCE_LABELS = {
    "person": _("人员（身份证号哈希）"),
    "age": _("年龄"),
    "sex": _("性别"),
    "reason": _("减员原因"),
    "now_at": _("现参保单位"),
}


def figure_label(key: str, kind: str = "") -> str:
    """The Chinese label of a figure (for `kind`, where its meaning depends on it)."""
    return str(KIND_LABELS.get((kind, key)) or FIGURE_LABELS.get(key) or key)


def number_text(value: int | float) -> str:
    """1137 → 1,137; 528000.0 → 528,000; 3.5 → 3.5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def value_text(key: str, value, kind: str = "") -> str:
    """One figure's value as staff read it."""
    if value is None or value == "":
        return str(EMPTY_TEXT.get(key, _("未知")))
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if key in CODE_LABELS:
        label = CODE_LABELS[key].get(value)
        return gettext(str(label)) if label is not None else str(value)
    if isinstance(value, (int, float)):
        if key in PERCENT_FIGURES or (kind, key) in PERCENT_OF_KIND:
            return f"{number_text(value)}%"
        if key in SHARE_FIGURES:
            return f"{value * 100:.1f}%"
        return number_text(value)
    if isinstance(value, (list, tuple)):
        return "、".join(value_text(key, v, kind) for v in value) or gettext("无")
    if isinstance(value, dict):
        return "；".join(
            f"{figure_label(k, kind)}：{value_text(k, v, kind)}" for k, v in value.items()
        )
    return str(value)


def evidence_table(rows: list[dict], names: dict[str, str], *, limit: int = 50) -> dict:
    """The evidence rows as a table: Chinese column labels, each value through its label map, an
    employer by its name (`names`: {uscc: name}); the first `limit` rows and how many there are."""
    if not rows:
        return {"columns": [], "rows": [], "total": 0, "shown": 0}
    keys = list(rows[0].keys())
    table = []
    for row in rows[:limit]:
        cells = []
        for key in keys:
            value = row.get(key)
            if key == "now_at" and value:
                cells.append(
                    names.get(str(value)) or gettext("名录外单位 %(code)s") % {"code": value}
                )
            else:
                cells.append(value_text(key, value))
        table.append(cells)
    return {
        "columns": [str(EVIDENCE_LABELS.get(k) or FIGURE_LABELS.get(k) or k) for k in keys],
        "rows": table,
        "total": len(rows),
        "shown": len(table),
    }
