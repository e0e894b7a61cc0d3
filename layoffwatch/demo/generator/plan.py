"""What `build` plans (pure data): the enterprises with their histories, the dispatch relations
and the commissioners; and the month arithmetic the generator uses."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class EnterpriseSpec:
    uscc: str
    name: str
    town: str
    industry: str
    ownership: str
    insured_headcount: int
    address: str
    legal_representative: str
    contact_name: str
    contact_phone: str
    sector: str
    is_labour_intensive: bool = False
    is_key_sample: bool = False
    on_watch_list: bool = False
    is_hr_agency: bool = False
    is_platform_employer: bool = False
    commissioner: int | None = None  # index into Plan.commissioners
    trend: str = "steady"  # steady, declining, sudden_cut
    # (period, insured headcount at month end, hires, separations), oldest first
    history: list = field(default_factory=list)


@dataclass
class Plan:
    seed: int
    end_period: dt.date
    months: int
    enterprises: list
    dispatches: list  # (agency index, user enterprise index, dispatched headcount, since)
    commissioners: list  # (username, display name)

    def summary(self) -> dict:
        es = self.enterprises
        return {
            "seed": self.seed,
            "end_period": self.end_period.isoformat(),
            "months": self.months,
            "enterprises": len(es),
            "headcount_records": sum(len(e.history) for e in es),
            "dispatch_relations": len(self.dispatches),
            "key_samples": sum(e.is_key_sample for e in es),
            "watch_list": sum(e.on_watch_list for e in es),
            "labour_intensive": sum(e.is_labour_intensive for e in es),
            "hr_agencies": sum(e.is_hr_agency for e in es),
            "platform_employers": sum(e.is_platform_employer for e in es),
            "with_commissioner": sum(e.commissioner is not None for e in es),
            "declining": sum(e.trend == "declining" for e in es),
            "sudden_cuts": sum(e.trend == "sudden_cut" for e in es),
            "insured_total": sum(e.insured_headcount for e in es),
        }


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(today: dt.date) -> dt.date:
    """The first day of the month before `today`: the last complete month."""
    return month_start(month_start(today) - dt.timedelta(days=1))


def add_months(period: dt.date, n: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)
