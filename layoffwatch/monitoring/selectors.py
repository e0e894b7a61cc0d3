"""Reads of the monitoring stage, always with the user's data scope (ADR 0002)."""

from __future__ import annotations

import pyarrow as pa
from django.db.models import Q, QuerySet

from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import Enterprise, HeadcountRecord
from layoffwatch.enterprises.selectors import enterprise_visible_to
from layoffwatch.reference.models import Industry
from layoffwatch.reporting.models import LayoffReport, MonthlyReport

from . import lake
from .detection import Context
from .models import Clue, ImportRun, Signal


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


def signals_search(*, user, status: str = "", kind: str = "", period: str = "") -> QuerySet[Signal]:
    qs = signals_visible_to(user)
    if status == "open":
        qs = qs.filter(status__in=Signal.OPEN)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if period:
        qs = qs.filter(period=period)
    return qs


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


def key_sample_profile(enterprise: Enterprise, *, months: int = 12) -> dict:
    """plan S3.1.4: headcount, recent layoffs, wage level and trend of one key sample enterprise."""
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
    reports = []
    for r in (
        LayoffReport.objects.filter(
            is_current=True, withdrawn_at__isnull=True, counted_in__isnull=True
        )
        .select_related("enterprise")
        .prefetch_related("waves")
    ):
        days = [w.date for w in r.waves.all()] or [local_day(r.submitted_at)]
        reports.append((r.enterprise.uscc, r.receipt_no, r.planned_cut, min(days), max(days)))
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
    p0 = cols(reports, 5)
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
        reports=pa.table(
            {
                "uscc": pa.array(p0[0], pa.string()),
                "receipt_no": pa.array(p0[1], pa.string()),
                "planned_cut": pa.array(p0[2], pa.int64()),
                "first_wave": pa.array(p0[3], pa.date32()),
                "last_wave": pa.array(p0[4], pa.date32()),
            }
        )
        if reports
        else c.reports,
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
