"""Enterprise histories with precursors (ADR 0106, docs/models.md): the months before some
enterprises' cuts show what usually foretells one, and some precursors come to nothing.

`plan_histories` decides each enterprise's fate, month by month, from a seed (pure Python, no
database); `write_lake` writes the social-insurance and tax months of those histories into the
lake as the importer would (`<kind>/<YYYY-MM>.parquet`); `record_histories` adds what the
platform itself would hold: the wage-arrears cases and the mass-stoppage signals of the cuts.
Those are the tests' histories. On the demo's own registry (`layoffwatch demo`),
`choose_demo_precursors` picks the warned reported cuts and the false alarms once, from the seed;
the lake gets their contribution-base cuts and revenue falls (monitoring.generate_monitoring →
feeds.generate's `planted`) and the records their wage-arrears cases and clues
(`plant_demo_precursors`), on the same enterprises.

Fates (shares of enterprises):
- "cut" (≈22%): in its cut month 20–45 people stop contributing (a 社保断缴 signal of that many);
  in the three months before, most of these show headcount falling 3–6% a month, contribution
  bases cut by 20% for a fifth to a third of the staff, revenue falling, a wage-arrears case
  (60%), a town liaison's clue (25%); about one in eight has no precursor at all (a surprise);
- "false_alarm" (≈15%): the same precursors, milder, and then nothing;
- "normal": 0–2% turnover a month replaced by hires, a rare single arrears case (1% a month).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

CUT_SHARE, FALSE_ALARM_SHARE, SURPRISE_SHARE = 0.22, 0.15, 0.12


def _shift(period: str, months: int) -> str:
    i = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


@dataclass
class History:
    uscc: str
    fate: str  # "cut", "false_alarm", "normal"
    size: int
    cut_month: str = ""  # the month of the cut (fate "cut")
    cut: int = 0
    warned_from: str = ""  # first month of the precursors ("" for none)
    # month → people there, base cuts, revenue; arrears cases, clues (months)
    heads: dict[str, list[int]] = field(default_factory=dict)
    base_cut: dict[str, set[int]] = field(default_factory=dict)
    revenue: dict[str, float] = field(default_factory=dict)
    arrears: list[str] = field(default_factory=list)
    clues: list[str] = field(default_factory=list)


def plan_histories(usccs: list[str], *, periods: list[str], seed: int) -> list[History]:
    """Each enterprise's months over `periods` (consecutive, oldest first)."""
    rng = random.Random(seed)
    out = []
    next_person = 1
    for uscc in usccs:
        size = rng.randint(60, 300)
        roll = rng.random()
        fate = (
            "cut"
            if roll < CUT_SHARE
            else "false_alarm"
            if roll < CUT_SHARE + FALSE_ALARM_SHARE
            else "normal"
        )
        h = History(uscc=uscc, fate=fate, size=size)
        warn_len = 3
        if fate in ("cut", "false_alarm"):
            at = rng.randint(4, len(periods) - 1)
            h.cut_month = periods[at] if fate == "cut" else ""
            h.cut = rng.randint(20, min(45, size // 2)) if fate == "cut" else 0
            surprise = fate == "cut" and rng.random() < SURPRISE_SHARE
            h.warned_from = "" if surprise else periods[max(1, at - warn_len)]
            warn_end = periods[at - 1] if fate == "cut" else periods[at]
        staff = list(range(next_person, next_person + size))
        next_person += size + 2000
        revenue = size * rng.uniform(8_000, 15_000)
        cut_people: set[int] = set()
        for period in periods:
            warned = bool(h.warned_from) and h.warned_from <= period <= warn_end
            strength = 1.0 if fate == "cut" else 0.5
            if period == h.cut_month:
                staff = staff[h.cut :]
            elif warned:
                fall = int(len(staff) * rng.uniform(0.03, 0.06) * strength) + 1
                staff = staff[fall:]
                if period == h.warned_from or rng.random() < 0.5:
                    share = rng.uniform(0.2, 0.33) * strength
                    cut_people |= set(rng.sample(staff, int(len(staff) * share)))
                if rng.random() < 0.6 * strength:
                    h.arrears.append(period)
                if rng.random() < 0.25 * strength:
                    h.clues.append(period)
                revenue *= 1 - rng.uniform(0.1, 0.25) * strength
            else:
                churn = int(len(staff) * rng.uniform(0, 0.02))
                staff = staff[churn:] + list(range(next_person, next_person + churn))
                next_person += churn
                if rng.random() < 0.01:
                    h.arrears.append(period)
                revenue *= rng.uniform(0.95, 1.06)
            h.heads[period] = list(staff)
            h.base_cut[period] = cut_people & set(staff)
            h.revenue[period] = round(revenue, 2)
        out.append(h)
    return out


def write_lake(lake_dir: Path, histories: list[History], *, periods: list[str]) -> None:
    """The social-insurance (snapshot form, with 减员 rows for a cut's dismissals) and tax months."""
    for kind in ("social_insurance", "tax"):
        (Path(lake_dir) / kind).mkdir(parents=True, exist_ok=True)
    for i, period in enumerate(periods):
        rows = []
        for h in histories:
            for person in h.heads[period]:
                base = 6000.0 * (0.8 if person in h.base_cut[period] else 1.0)
                rows.append((person, h.uscc, period, base, None, None))
            if period == h.cut_month and i:
                gone = set(h.heads[periods[i - 1]]) - set(h.heads[period])
                rows += [(p, h.uscc, period, 6000.0, "remove", "dismissal") for p in sorted(gone)]
        si = pd.DataFrame(
            rows,
            columns=[
                "person_key",
                "employer_uscc",
                "period",
                "contribution_base",
                "change_type",
                "change_reason",
            ],
        ).astype({"person_key": "uint64", "change_type": "object", "change_reason": "object"})
        si.to_parquet(Path(lake_dir) / "social_insurance" / f"{period}.parquet", index=False)
        tax = pd.DataFrame(
            [(h.uscc, period, h.revenue[period], "normal") for h in histories],
            columns=["employer_uscc", "period", "revenue", "tax_status"],
        )
        tax.to_parquet(Path(lake_dir) / "tax" / f"{period}.parquet", index=False)


def record_histories(histories: list[History], *, by, at: dt.datetime) -> dict:
    """What the platform holds of these histories: a wage-arrears case per arrears month, a clue
    per clue month and a mass-stoppage signal (社保断缴) for each cut."""
    # why imports here: the generator's other modules load without a database
    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.monitoring.models import Clue, Signal
    from layoffwatch.monitoring.services.signals import lead_unit
    from layoffwatch.rights.models import RightsCase

    enterprises = Enterprise.objects.in_bulk([h.uscc for h in histories], field_name="uscc")
    unit, number = lead_unit(clause="S3.1.3", on=at.date())
    cases, signals, clues = [], [], []
    for h in histories:
        e = enterprises[h.uscc]
        for period in h.arrears:
            day = dt.datetime(int(period[:4]), int(period[5:7]), 12, 2, tzinfo=dt.UTC)
            cases.append(
                RightsCase(
                    kind=RightsCase.Kind.WAGE_ARREARS,
                    dispute_type=RightsCase.DisputeType.WAGES,
                    enterprise=e,
                    summary="职工反映工资未按时足额发放",
                    workers_involved=random.Random(f"{h.uscc}{period}").randint(3, 30),
                    received_at=day,
                    created_by=by,
                )
            )
        for period in h.clues:
            clues.append(
                Clue(
                    channel=Clue.Channel.COMMISSIONER,
                    enterprise=e,
                    town=e.town,
                    received_on=dt.date(int(period[:4]), int(period[5:7]), 15),
                    description="服务专员走访发现订单减少，企业酝酿减员",
                    by=by,
                    # filed the day it came (10:00 local), as the risk features read it (ADR 0106)
                    at=min(
                        at, dt.datetime(int(period[:4]), int(period[5:7]), 15, 2, tzinfo=dt.UTC)
                    ),
                )
            )
        if h.cut_month:
            # found once the cut month's contributions are in: the 5th of the next month
            after = _shift(h.cut_month, 1)
            found = min(at, dt.datetime(int(after[:4]), int(after[5:7]), 5, 2, tzinfo=dt.UTC))
            signals.append(
                Signal(
                    kind=Signal.Kind.MASS_STOPPAGE,
                    enterprise=e,
                    town=e.town,
                    period=h.cut_month,
                    count=h.cut,
                    score=60.0,
                    summary=f"{e.name}：{h.cut_month} 停缴社保 {h.cut} 人",
                    assigned_unit=unit,
                    annex_task=number,
                    dedupe_key=f"mass_stoppage:{h.uscc}:{h.cut_month}",
                    created_at=found,
                    updated_at=found,
                )
            )
    RightsCase.objects.bulk_create(cases)
    Clue.objects.bulk_create(clues)
    Signal.objects.bulk_create(signals)
    return {"cases": len(cases), "clues": len(clues), "cuts": len(signals)}


def months_ending(end: str, n: int) -> list[str]:
    return [_shift(end, k - n + 1) for k in range(n)]


# the demo's warned cuts (DEMO_WARNED_SHARE of its reported cuts of 20+) and its false alarms;
# how many months before the cut month its lake shows precursors (the first to the last), and
# how strong they are at a false alarm (feeds.FALSE_ALARM_STRENGTH: half)
DEMO_WARNED_SHARE = 0.7
DEMO_LAKE_MONTHS = (3, 1)


@dataclass(frozen=True)
class DemoPrecursors:
    """Who gets the demo's precursors (`choose_demo_precursors`): the warned enterprises and the
    false alarms, each enterprise id → (credit code, the month of its cut; the month after the
    demo's last for a false alarm), and the draws' state after the choice (the records planted
    next continue from it)."""

    warned: dict[int, tuple[str, str]]
    alarms: dict[int, tuple[str, str]]
    state: tuple

    def lake_precursors(self) -> list[tuple[str, str, str, float]]:
        """(credit code, first month, last month, strength) of each, for feeds.generate's
        `planted`: the DEMO_LAKE_MONTHS months before its cut month, full strength before a cut,
        feeds.FALSE_ALARM_STRENGTH before nothing."""
        from layoffwatch.monitoring.feeds import FALSE_ALARM_STRENGTH

        first, last = DEMO_LAKE_MONTHS
        return [
            (uscc, _shift(month, -first), _shift(month, -last), strength)
            for chosen, strength in ((self.warned, 1.0), (self.alarms, FALSE_ALARM_STRENGTH))
            for uscc, month in chosen.values()
        ]


def choose_demo_precursors(*, seed: int, at: dt.datetime) -> DemoPrecursors:
    """Who gets precursors on the demo, from the seed alone: DEMO_WARNED_SHARE of the demo's
    reported cuts of 20+ (an enterprise's first counted report; its month the one it was
    submitted in, as the risk ranking labels it) and as many enterprises that cut nobody (not HR
    agencies, 50 insured or more), their month the one after the demo's last (`at`'s). Made once
    and passed to both the lake (monitoring.generate_monitoring) and the records
    (`plant_demo_precursors`), so both plant on the same enterprises."""
    from layoffwatch.core.clock import local_month
    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.reporting.models import LayoffReport
    from layoffwatch.reporting.selectors import reports_counted

    rng = random.Random(seed)
    cuts = {}
    for pk, submitted in (
        reports_counted(LayoffReport.objects.filter(planned_cut__gte=20))
        .order_by("submitted_at", "pk")
        .values_list("enterprise_id", "submitted_at")
    ):
        cuts.setdefault(pk, local_month(submitted))
    quiet = sorted(
        Enterprise.objects.exclude(pk__in=cuts)
        .filter(is_hr_agency=False, insured_headcount__gte=50)
        .values_list("pk", flat=True)
    )
    end = local_month(at)
    warned = {pk: month for pk, month in cuts.items() if rng.random() < DEMO_WARNED_SHARE}
    alarms = {pk: end for pk in rng.sample(quiet, min(len(quiet), len(cuts)))}
    usccs = dict(Enterprise.objects.filter(pk__in=[*warned, *alarms]).values_list("pk", "uscc"))
    return DemoPrecursors(
        warned={pk: (usccs[pk], month) for pk, month in warned.items()},
        alarms={pk: (usccs[pk], month) for pk, month in alarms.items()},
        state=rng.getstate(),
    )


def plant_demo_precursors(
    *, seed: int, at: dt.datetime, chosen: DemoPrecursors | None = None
) -> dict:
    """On the demo's own records: before the warned cuts (`chosen`, or `choose_demo_precursors`
    for the seed), wage-arrears cases in the two months before the report and (a third of them)
    a commissioner's clue in the month before; the false alarms get the same. The lake's
    precursors (bases, revenue) on the same enterprises come with the demo's lake
    (monitoring.generate_monitoring, given the same `chosen`); deterministic for a seed."""
    from layoffwatch.accounts.models import User
    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.monitoring.models import Clue
    from layoffwatch.rights.models import RightsCase

    chosen = chosen or choose_demo_precursors(seed=seed, at=at)
    rng = random.Random()
    rng.setstate(chosen.state)
    warned = {pk: month for pk, (_uscc, month) in chosen.warned.items()}
    alarms = {pk: month for pk, (_uscc, month) in chosen.alarms.items()}
    by = User.objects.filter(is_superuser=True).order_by("pk").first()
    enterprises = Enterprise.objects.in_bulk([*warned, *alarms])
    cases, clues = [], []
    for pk, month in [*warned.items(), *alarms.items()]:
        e = enterprises[pk]
        for back in (2, 1):
            period = _shift(month, -back)
            received = dt.datetime(int(period[:4]), int(period[5:7]), 10, 2, tzinfo=dt.UTC)
            if received > at:
                continue
            cases.append(
                RightsCase(
                    kind=RightsCase.Kind.WAGE_ARREARS,
                    dispute_type=RightsCase.DisputeType.WAGES,
                    enterprise=e,
                    summary="职工反映工资未按时足额发放",
                    workers_involved=rng.randint(3, 25),
                    received_at=received,
                )
            )
        if by is not None and rng.random() < 0.34:
            period = _shift(month, -1)
            clues.append(
                Clue(
                    channel=Clue.Channel.COMMISSIONER,
                    enterprise=e,
                    town=e.town,
                    received_on=dt.date(int(period[:4]), int(period[5:7]), 15),
                    description="服务专员走访发现订单减少，企业酝酿减员",
                    by=by,
                    at=at,
                )
            )
    RightsCase.objects.bulk_create(cases)
    Clue.objects.bulk_create(clues)
    return {
        "warned": len(warned),
        "false_alarms": len(alarms),
        "cases": len(cases),
        "clues": len(clues),
    }
