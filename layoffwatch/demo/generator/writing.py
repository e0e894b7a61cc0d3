"""The writing half of the generator (ADR 0030): `generate(...)` reads the towns and industries
from the database, builds the plan and writes it with `bulk_create` in one transaction, tells the
stories through the real services and records a `DemoDataset` marker."""

import datetime as dt

from django.db import transaction

from layoffwatch.audit.services import audit_record
from layoffwatch.core.clock import local_day
from layoffwatch.enterprises.models import DispatchRelation, Enterprise, HeadcountRecord
from layoffwatch.reference.models import Industry, Town
from layoffwatch.reporting.services import qr_link_create

from ..accounts import accounts_create
from ..models import DemoDataset
from .cases import generate_cases
from .clock import DemoClock, Story, evening, in_time_order, stream
from .district import build
from .monthly import generate_monthly_reports
from .plan import Plan, add_months, previous_month
from .shape import DEFAULT_ENTERPRISES, DEFAULT_MONTHS, DEFAULT_SEED, DEMO_PASSWORD


def reference_from_db() -> tuple[list[tuple[str, str]], dict[str, bool]]:
    towns = list(Town.objects.order_by("code").values_list("code", "name"))
    industries = dict(Industry.objects.values_list("code", "labour_intensive"))
    return towns, industries


def generate(
    *,
    seed: int = DEFAULT_SEED,
    enterprises: int = DEFAULT_ENTERPRISES,
    months: int = DEFAULT_MONTHS,
    end_period: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    accounts: bool = True,
    password: str = DEMO_PASSWORD,
) -> dict:
    """Write a synthetic district to the database; returns a summary. One transaction.

    `now` (an aware datetime) is the moment the demo is built: every event is stamped at or
    before it, in office hours of working days (DemoClock). Without it, the evening of `today`,
    or of the first day after `end_period`; one of the three must be given, the generator does
    not read the clock. `end_period` is the last month of history (default: the month before
    now's day in Tongnan). With `accounts`, the demo accounts of ACCOUNTS are created with
    `password`, the cases, reports and assistance are told, and a `DemoDataset` marker is
    recorded.
    """
    now = _built_at(now=now, today=today, end_period=end_period)
    if end_period is None:
        end_period = previous_month(local_day(now))
    towns, industries = reference_from_db()
    plan = build(
        seed=seed,
        enterprises=enterprises,
        months=months,
        end_period=end_period,
        towns=towns,
        industries=industries,
    )
    with transaction.atomic():
        saved = _write_registry(plan)
        summary = plan.summary()
        if accounts:
            users = accounts_create(plan=plan, saved=saved, password=password)
            summary["accounts"] = sorted(users)
            summary |= _tell_stories(seed=seed, plan=plan, users=users, now=now)
            dataset = DemoDataset.objects.create(
                seed=seed,
                enterprises=len(saved),
                months=months,
                end_period=plan.end_period,
                summary=summary,
                loaded_at=now,
            )
            audit_record(
                action="create",
                obj=dataset,
                actor_label="演示数据生成器 / demo generator",
                summary=f"生成演示数据：{len(saved)} 家企业，{months} 个月参保记录（种子 {seed}）",
                after=summary,
            )
    return summary


def _built_at(
    *, now: dt.datetime | None, today: dt.date | None, end_period: dt.date | None
) -> dt.datetime:
    """The moment the demo is built: `now`, else the evening of `today` or of the first day
    after `end_period` (the generator does not read the clock)."""
    if now is None:
        day = today or (add_months(end_period, 1) if end_period else None)
        if day is None:
            raise ValueError("pass now, today or end_period: the generator does not read the clock")
        return evening(day)
    if today is not None and today != local_day(now):
        raise ValueError(f"today {today} is not the day of now {now} in Tongnan")
    return now


# the plan's fields an Enterprise row takes over
ENTERPRISE_FIELDS = [
    "uscc", "name", "town", "industry", "ownership", "insured_headcount", "address",
    "legal_representative", "contact_name", "contact_phone", "is_labour_intensive",
    "is_key_sample", "on_watch_list", "is_hr_agency", "is_platform_employer",
]  # fmt: skip


def _write_registry(plan: Plan) -> list[Enterprise]:
    """The plan's enterprises, dispatch relations and headcount histories, in bulk; the saved
    enterprises in the plan's order."""
    rows = []
    for e in plan.enterprises:
        values = {f: getattr(e, f) for f in ENTERPRISE_FIELDS}
        values["town_id"] = values.pop("town")
        values["industry_id"] = values.pop("industry")
        rows.append(Enterprise(source=Enterprise.Source.DEMO, **values))
    saved = Enterprise.objects.bulk_create(rows, batch_size=500)
    if any(e.pk is None for e in saved):  # pragma: no cover - both supported databases return ids
        ids = dict(
            Enterprise.objects.filter(source=Enterprise.Source.DEMO).values_list("uscc", "pk")
        )
        for e in saved:
            e.pk = ids[e.uscc]
    DispatchRelation.objects.bulk_create(
        [
            DispatchRelation(
                agency=saved[a], user_enterprise=saved[u], dispatched_headcount=n, since=since
            )
            for a, u, n, since in plan.dispatches
        ],
        batch_size=500,
    )
    HeadcountRecord.objects.bulk_create(
        (
            HeadcountRecord(
                enterprise_id=saved[i].pk, period=p, insured_headcount=c, hires=h, separations=s
            )
            for i, e in enumerate(plan.enterprises)
            for p, c, h, s in e.history
        ),
        batch_size=2000,
    )
    return saved


def _tell_stories(*, seed: int, plan: Plan, users: dict, now: dt.datetime) -> dict:
    """The last weeks up to `now`, told in time order through the real services: the QR code,
    the response cases and the closed case's assistance, last month's monthly reports. Returns
    the summaries of what was told."""
    clock = DemoClock(now)
    if users["enterprise"].enterprise_id:
        # the liaison made the reporter's enterprise its QR code weeks ago (plan S3.1.1),
        # so the enterprise persona can report online from 监测直报
        qr_link_create(
            enterprise=users["enterprise"].enterprise,
            actor=users["guilin"],
            at=Story(clock, stream(seed, "qr")).start(30),
        )
    response, reporting, assistance = {}, {}, {}
    stories = generate_cases(clock=clock, seed=seed, response=response, assistance=assistance)
    stories.append(
        generate_monthly_reports(clock=clock, seed=seed, period=plan.end_period, summary=reporting)
    )
    in_time_order(stories)
    return {"response": response, "reporting": reporting, "assistance": assistance}
