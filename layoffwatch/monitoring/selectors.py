"""Reads of the monitoring stage, always with the user's data scope (ADR 0002)."""

from __future__ import annotations

import pyarrow as pa
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import Enterprise, HeadcountRecord
from layoffwatch.enterprises.selectors import (
    HeadcountFigure,
    enterprise_visible_to,
    registry_headcount,
)
from layoffwatch.reference.models import Industry, Town
from layoffwatch.reporting.models import LayoffReport, MonthlyReport

from . import lake
from .detection import Context, run, shift
from .models import Clue, ImportRun, Signal
from .wording import evidence_table, figure_label, value_text


def signals_visible_to(user) -> QuerySet[Signal]:
    """District-wide roles see every signal; a town liaison the signals of their town; others the
    signals about enterprises in their scope."""
    qs = Signal.objects.select_related("enterprise", "town", "assigned_unit", "assigned_to")
    if user is None or not user.is_authenticated or not user.is_bureau:
        return qs.none()
    if user.is_district_wide:
        return qs
    if user.town_id:
        return qs.filter(town_id=user.town_id)
    return qs.filter(enterprise__in=enterprise_visible_to(user))


# plan S3.1.3 社保断缴: the stoppages whose people count as cuts found by the data comparison, and
# the statuses that still count (a dismissed or merged signal does not): the home page's figures
# and the signal list's 断缴 filters (ADR 0098)
STOPPAGE_KINDS = (Signal.Kind.MASS_STOPPAGE, Signal.Kind.WORKFORCE_STOP)
NOT_COUNTED = (Signal.Status.DISMISSED, Signal.Status.MERGED)


def signals_search(*, user, status: str = "", kind: str = "", period: str = "") -> QuerySet[Signal]:
    """The signal list's filters; status "counted" is every status but 已排除 and 已合并, kind
    "stoppage" both kinds of 社保断缴 (STOPPAGE_KINDS)."""
    return signals_filtered(signals_visible_to(user), status=status, kind=kind, period=period)


def signals_filtered(qs: QuerySet[Signal], *, status: str = "", kind: str = "", period: str = ""):
    """`qs` (already scoped) filtered as the signal list filters (`signals_search`)."""
    if status == "open":
        qs = qs.filter(status__in=Signal.OPEN)
    elif status == "counted":
        qs = qs.exclude(status__in=NOT_COUNTED)
    elif status:
        qs = qs.filter(status=status)
    if kind == "stoppage":
        qs = qs.filter(kind__in=STOPPAGE_KINDS)
    elif kind:
        qs = qs.filter(kind=kind)
    if period:
        qs = qs.filter(period=period)
    return qs


def people_by_period(signals: QuerySet[Signal]) -> dict[str, int]:
    """{month: people} of `signals` (their 人数 summed in SQL; a signal whose count is unknown adds
    nothing): the sum of the 人数 column of the signal list filtered the same way."""
    rows = signals.order_by().values_list("period").annotate(n=Sum("count"))
    return {period: n or 0 for period, n in rows}


def people_total(signals: QuerySet[Signal]) -> int:
    """The 人数 column of the signal list summed, all pages (people_by_period, all months)."""
    return sum(people_by_period(signals).values())


def alert_verified_affected(alert) -> int | None:
    """People the confirmed signals behind an alert affect, by the latest verification of each
    (plan S3.1.3, S6.2 风险基本情况); None when no signal raised the alert."""
    signals = Signal.objects.filter(alert=alert, status=Signal.Status.CONFIRMED)
    counts = [
        latest.affected
        for s in signals
        if (latest := s.verifications.order_by("-at", "-pk").first()) is not None
    ]
    return sum(counts) if counts else None


def import_runs(user) -> QuerySet[ImportRun]:
    if user is None or not user.is_authenticated or not user.is_district_wide:
        return ImportRun.objects.none()
    return ImportRun.objects.select_related("actor")


def clues_visible_to(user) -> QuerySet[Clue]:
    qs = Clue.objects.select_related("enterprise", "town", "signal")
    if not user.is_authenticated or not user.is_bureau:
        return qs.none()
    if user.is_district_wide:
        return qs
    return qs.filter(
        Q(town_id=user.town_id) | Q(enterprise__in=enterprise_visible_to(user)) | Q(by=user)
    )


def key_samples_visible_to(user) -> QuerySet[Enterprise]:
    return enterprise_visible_to(user).filter(is_key_sample=True)


# ---------------------------------------------------------------- headcounts and their sources
# ADR 0096: an enterprise's insured headcount comes from more than one source — the registry
# (企业名录, as of its last update) and the social-insurance feed (社保数据, per month). Every page
# that shows one reads it here and prints it with its source and month (HeadcountFigure).

SOCIAL_INSURANCE = "social_insurance"


def social_insurance_label() -> str:
    return gettext("社保数据")


def feed_months(*, last: int = 2) -> list[str]:
    """The latest `last` months of contributions the lake holds, oldest first."""
    return lake.lake_periods(SOCIAL_INSURANCE)[-last:]


def feed_headcounts(usccs: list[str], periods: list[str]) -> dict[tuple[str, str], int]:
    """社保数据: the people contributing at each employer in each month (sql/insured_headcount.sql,
    counted as the detectors count them), for the months the lake holds; an employer with no
    contributions in a month that the lake holds counts 0 there."""
    have = [p for p in periods if lake.lake_path(SOCIAL_INSURANCE, p).exists()]
    if not usccs or not have:
        return {}
    rows = run(
        lake.connect(),
        "insured_headcount",
        paths=[str(lake.lake_path(SOCIAL_INSURANCE, p)) for p in have],
        employers=list(usccs),
    )
    counts = {(u, p): 0 for u in usccs for p in have}
    counts.update({(r["employer_uscc"], r["period"]): r["insured"] for r in rows})
    return counts


def insured_headcounts(enterprise: Enterprise, periods: list[str]) -> list[HeadcountFigure]:
    """The registry's headcount, then 社保数据 for each of `periods` the lake holds (newest first):
    the figures the key-sample page and a signal's page show side by side."""
    counts = feed_headcounts([enterprise.uscc], periods)
    label = social_insurance_label()
    return [registry_headcount(enterprise)] + [
        HeadcountFigure(count=counts[(enterprise.uscc, p)], source=label, period=p)
        for p in sorted(periods, reverse=True)
        if (enterprise.uscc, p) in counts
    ]


def key_sample_rows(user, *, limit: int = 500) -> dict:
    """plan S3.1.4: the key samples with their registry headcount and the latest month of 社保数据."""
    enterprises = list(key_samples_visible_to(user)[:limit])
    months = feed_months(last=1)
    counts = feed_headcounts([e.uscc for e in enterprises], months)
    label = social_insurance_label()
    return {
        "feed_month": f"{label} {months[-1]}" if months else "",
        "rows": [
            {
                "enterprise": e,
                "registry": registry_headcount(e),
                "feed": counts.get((e.uscc, months[-1])) if months else None,
            }
            for e in enterprises
        ],
    }


def key_sample_profile(enterprise: Enterprise, *, months: int = 12) -> dict:
    """plan S3.1.4: headcount (registry and 社保数据, each with its source), recent layoffs, wage
    level and trend of one key sample enterprise."""
    history = list(
        HeadcountRecord.objects.filter(enterprise=enterprise).order_by("-period")[:months]
    )[::-1]
    layoffs = list(
        LayoffReport.objects.filter(
            enterprise=enterprise, is_current=True, withdrawn_at__isnull=True
        ).order_by("-submitted_at")[:10]
    )
    monthly = list(
        MonthlyReport.objects.filter(enterprise=enterprise, is_current=True).order_by("-period")[
            :months
        ]
    )
    wage = _wage_level(enterprise)
    return {
        "headcounts": insured_headcounts(enterprise, feed_months(last=2)),
        "trend": {
            "periods": [h.period.strftime("%Y-%m") for h in history],
            "headcount": [h.insured_headcount for h in history],
            "hires": [h.hires for h in history],
            "separations": [h.separations for h in history],
        },
        "layoffs": layoffs,
        "monthly": monthly,
        "wage": wage,
        "signals": list(enterprise.signals.order_by("-period", "-pk")[:10]),
    }


def _wage_level(enterprise: Enterprise, *, look_back: int = 3) -> dict | None:
    """Average contribution base in the latest of the lake's last `look_back` months in which the
    enterprise had contributing staff (the wage level the feed shows; a plant closed this month
    still shows last month's, with its month)."""
    periods = lake.lake_periods("social_insurance")[-look_back:]
    if not periods:
        return None
    con = lake.connect()
    row = con.execute(
        "SELECT period, count(*), avg(contribution_base), median(contribution_base) "
        "FROM read_parquet($p, union_by_name = true) "
        "WHERE employer_uscc = $u AND change_type IS DISTINCT FROM 'remove' "
        "GROUP BY period ORDER BY period DESC LIMIT 1",
        {
            "p": [str(lake.lake_path("social_insurance", p)) for p in periods],
            "u": enterprise.uscc,
        },
    ).fetchone()
    if not row:
        return None
    return {
        "period": row[0],
        "insured": row[1],
        "average": float(row[2]),
        "median": float(row[3]),
    }


def detection_context() -> Context:
    """The registry facts the detectors need, as Arrow tables."""
    reg = list(
        Enterprise.objects.values_list(
            "uscc", "insured_headcount", "is_labour_intensive", "is_key_sample"
        )
    )
    ind = list(Industry.objects.values_list("code", "labour_intensive"))
    monthly = list(
        MonthlyReport.objects.filter(is_current=True, withdrawn_at__isnull=True).values_list(
            "enterprise__uscc",
            "period",
            "wages_paid_in_full",
            "wage_arrears_months",
            "wage_arrears_amount",
            "headcount_end",
        )
    )

    def cols(rows, n):
        return [[r[i] for r in rows] for i in range(n)]

    c = Context.empty()
    r0 = cols(reg, 4)
    i0 = cols(ind, 2)
    m0 = cols(monthly, 6)
    return Context(
        registry=pa.table(
            {
                "uscc": pa.array(r0[0], pa.string()),
                "insured_headcount": pa.array(r0[1], pa.int64()),
                "is_labour_intensive": pa.array(r0[2], pa.bool_()),
                "is_key_sample": pa.array(r0[3], pa.bool_()),
            }
        )
        if reg
        else c.registry,
        industries=pa.table(
            {"code": pa.array(i0[0], pa.string()), "labour_intensive": pa.array(i0[1], pa.bool_())}
        )
        if ind
        else c.industries,
        reports=layoff_reports_table(),
        monthly=pa.table(
            {
                "uscc": pa.array(m0[0], pa.string()),
                "period": pa.array(m0[1], pa.string()),
                "wages_paid_in_full": pa.array(m0[2], pa.bool_()),
                "wage_arrears_months": pa.array(m0[3], pa.int64()),
                "wage_arrears_amount": pa.array([float(x or 0) for x in m0[4]], pa.float64()),
                "headcount": pa.array(m0[5], pa.int64()),
            }
        )
        if monthly
        else c.monthly,
    )


def layoff_reports_table(enterprise: Enterprise | None = None) -> pa.Table:
    """The layoff reports a stoppage is matched against (S3.1.1 vs S3.1.3, sql/reconciliation.sql's
    `_reports`): current, not withdrawn, not counted in another report, each with its first and
    last wave (the day it came when it names none); all of them, or those of `enterprise`."""
    qs = LayoffReport.objects.filter(
        is_current=True, withdrawn_at__isnull=True, counted_in__isnull=True
    )
    if enterprise is not None:
        qs = qs.filter(enterprise=enterprise)
    rows = []
    for r in qs.select_related("enterprise").prefetch_related("waves").order_by("receipt_no"):
        days = [w.date for w in r.waves.all()] or [local_day(r.submitted_at)]
        rows.append((r.enterprise.uscc, r.receipt_no, r.planned_cut, min(days), max(days)))
    return pa.table(
        {
            "uscc": pa.array([r[0] for r in rows], pa.string()),
            "receipt_no": pa.array([r[1] for r in rows], pa.string()),
            "planned_cut": pa.array([r[2] for r in rows], pa.int64()),
            "first_wave": pa.array([r[3] for r in rows], pa.date32()),
            "last_wave": pa.array([r[4] for r in rows], pa.date32()),
        }
    )


# ---------------------------------------------------------------- a signal's page

# figures that name a town, an industry or an enterprise by code: shown by name (ADR 0096)
NAMED_FIGURES = {
    "town_code": "town",
    "industry_code": "industry",
    "employer_uscc": "enterprise",
    "moved_to": "enterprise",
}
# a code's label names the thing now that the value is its name
NAMED_LABELS = {"town_code": _("镇街"), "industry_code": _("行业"), "employer_uscc": _("企业")}
# where business_event's `insured` comes from (sql/business_event.sql)
SOURCE_NAMES = {"registry": _("企业名录"), "social_insurance": _("社保数据")}
# figures counted in a month of 社保数据 relative to the signal's month (0 = its month, -1 = the
# month before): their label says which month
FEED_MONTH_FIGURES = {"headcount_before": -1, "headcount_now": 0, "headcount_after": 0}
# shown in their own row of the page, not in the table of figures
OWN_ROWS = {"reconciliation"}


def names_for(codes: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """{"town": {code: name}, "industry": {code: "code name"}, "enterprise": {uscc: name}} for the
    codes given, from the reference tables and the registry."""
    return {
        "town": dict(
            Town.objects.filter(code__in=codes.get("town", ())).values_list("code", "name")
        ),
        "industry": {
            i.code: f"{i.code} {i.name_shown}"
            for i in Industry.objects.filter(code__in=codes.get("industry", ()))
        },
        "enterprise": dict(
            Enterprise.objects.filter(uscc__in=codes.get("enterprise", ())).values_list(
                "uscc", "name"
            )
        ),
    }


def signal_figure_rows(signal: Signal) -> list[tuple[str, str]]:
    """(label, value) of the signal's figures for its page: towns, industries and enterprises by
    name, a figure of 社保数据 with its month, every value as staff read it (wording.py)."""
    figures = {k: v for k, v in (signal.figures or {}).items() if k not in OWN_ROWS}
    wanted: dict[str, set[str]] = {}
    for key, what in NAMED_FIGURES.items():
        if figures.get(key):
            wanted.setdefault(what, set()).add(str(figures[key]))
    names = names_for(wanted)
    kinds = dict(Signal.Kind.choices)
    rows = []
    for key, value in figures.items():
        label = figure_label(key, signal.kind)
        if key == "kind":
            text = str(kinds.get(value, value))
        elif key in NAMED_FIGURES and value:
            what = NAMED_FIGURES[key]
            label = str(NAMED_LABELS.get(key, label))
            text = names[what].get(str(value)) or str(value)
            if what == "enterprise" and text != str(value):
                # the credit code beside the name
                text = gettext("%(name)s（%(code)s）") % {"name": text, "code": value}
        elif key == "insured_source":
            text = str(SOURCE_NAMES.get(value, value))
        else:
            if key in FEED_MONTH_FIGURES:
                month = shift(signal.period, FEED_MONTH_FIGURES[key])
                label = gettext("%(label)s（%(source)s %(month)s）") % {
                    "label": label,
                    "source": social_insurance_label(),
                    "month": month,
                }
            text = value_text(key, value, signal.kind)
        rows.append((label, text))
    return rows


def signal_evidence(signal: Signal, *, limit: int = 50) -> dict:
    """The signal's evidence rows as a table (wording.evidence_table): an employer the leavers
    moved to by its name."""
    rows = signal.evidence or []
    moved_to = {str(r["now_at"]) for r in rows[:limit] if r.get("now_at")}
    names = names_for({"enterprise": moved_to})["enterprise"] if moved_to else {}
    return evidence_table(rows, names, limit=limit)


def reconciliation_view(signal: Signal) -> dict | None:
    """How the stoppage compares with the direct reports (S3.1.1 vs S3.1.3): the outcome, the
    reports that matched (receipt numbers) and the people they name, when the outcome last
    changed and why (ADR 0096); None for a signal that is not matched against reports."""
    if not signal.reconciliation:
        return None
    stored = (signal.figures or {}).get("reconciliation") or {}
    changed_at, because = signal.created_at, gettext("发现信号时比对")
    for event in signal.events.order_by("at", "pk"):
        change = (event.data or {}).get("reconciliation")
        if change and change.get("from") != change.get("to"):
            changed_at, because = event.at, event.summary_shown
    return {
        "label": signal.get_reconciliation_display(),
        "receipts": stored.get("receipts") or [],
        "reported": stored.get("reported", 0),
        "compared": stored.get("compared"),
        "changed_at": changed_at,
        "because": because,
    }


def signal_facts(signal: Signal) -> dict:
    """What a signal's page shows besides the signal itself: its figures with names, the
    enterprise's headcounts (registry and 社保数据 of the signal's month and the month before, each
    with its source) and the reconciliation with the direct reports."""
    return {
        "figure_rows": signal_figure_rows(signal),
        "evidence": signal_evidence(signal),
        "headcounts": insured_headcounts(
            signal.enterprise, [shift(signal.period, -1), signal.period]
        )
        if signal.enterprise_id
        else [],
        "reconciliation": reconciliation_view(signal),
    }
