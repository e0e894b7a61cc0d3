"""The month's employment indicators (plan S6.1 形势分析, S3.1.3 大数据监测): district × town × industry
(GB/T 4754 门类 and 大类), each with its definition, its source and that source's freshness.

A feed month that was never imported makes its indicators unknown (None, with the reason), never
zero (ADR 0104). The social-insurance months are read from the lake in one DuckDB query per month
(sql/insured_by_employer.sql); everything else comes from the apps' own records through their
selectors, so a figure here is the figure of the list it comes from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layoffwatch.alerts.models import Alert
from layoffwatch.core.clock import month_after, month_start
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring import lake
from layoffwatch.monitoring.models import ImportRun, Signal
from layoffwatch.monitoring.selectors import signals_filtered
from layoffwatch.reference.models import Industry, Town
from layoffwatch.reporting.models import LayoffReport
from layoffwatch.reporting.selectors import report_search, reports_counted
from layoffwatch.rights.models import RightsCase

SQL = Path(__file__).parent / "sql"
# 变动原因 that are not a job lost (the issue's and the bureaus' usual 岗位流失 definition)
NOT_JOB_LOSS = ("retirement", "death", "transfer_out")

DISTRICT, TOWN, SECTION, DIVISION = "district", "town", "section", "division"
AREAS = {
    DISTRICT: gettext_lazy("全区"),
    TOWN: gettext_lazy("镇街"),
    SECTION: gettext_lazy("行业门类"),
    DIVISION: gettext_lazy("行业大类"),
}

# where each indicator comes from: a lake feed (its kind) or the system's own records
RECORDS = "records"
SOURCE_NAMES = {
    "social_insurance": gettext_lazy("社保参保缴费数据"),
    "unemployment_registration": gettext_lazy("失业登记数据"),
    "hr_market": gettext_lazy("人力资源市场供求数据"),
    RECORDS: gettext_lazy("本平台记录（直报、监测信号、预警、权益案件）"),
}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    definition: str
    source: str
    # a rise is bad news (hotspots look for these rising, the others falling)
    rising_is_worse: bool = True
    # a share (shown as a percentage)
    is_rate: bool = False


INDICATORS = (
    Indicator(
        "insured",
        gettext_lazy("参保人数"),
        gettext_lazy("人"),
        gettext_lazy("当月在本区单位缴纳社会保险的人数（不含当月减员记录）"),
        "social_insurance",
        rising_is_worse=False,
    ),
    Indicator(
        "job_losses",
        gettext_lazy("岗位流失人数"),
        gettext_lazy("人"),
        gettext_lazy("当月社保减员人数，不含退休、死亡和转出"),
        "social_insurance",
    ),
    Indicator(
        "job_loss_rate",
        gettext_lazy("岗位流失率"),
        "%",
        gettext_lazy("岗位流失人数 ÷ 上月参保人数"),
        "social_insurance",
        is_rate=True,
    ),
    Indicator(
        "key_sample_loss_rate",
        gettext_lazy("重点样本企业岗位流失率"),
        "%",
        gettext_lazy("重点样本企业（上月参保人数 − 当月参保人数）÷ 上月参保人数"),
        "social_insurance",
        is_rate=True,
    ),
    Indicator(
        "reported_cuts",
        gettext_lazy("直报计划裁减人数"),
        gettext_lazy("人"),
        gettext_lazy("当月提交、计入统计的规模性裁员报告的计划裁减人数合计"),
        RECORDS,
    ),
    Indicator(
        "detected_cuts",
        gettext_lazy("监测发现断缴人数"),
        gettext_lazy("人"),
        gettext_lazy("当月社保断缴信号（计入人数的）涉及人数合计"),
        RECORDS,
    ),
    Indicator(
        "registrations",
        gettext_lazy("失业登记人数"),
        gettext_lazy("人"),
        gettext_lazy("当月办理失业登记的人数"),
        "unemployment_registration",
    ),
    Indicator(
        "benefit_claims",
        gettext_lazy("申领失业保险金人数"),
        gettext_lazy("人"),
        gettext_lazy("当月失业登记中申领失业保险金的人数"),
        "unemployment_registration",
    ),
    Indicator(
        "vacancies",
        gettext_lazy("岗位需求数"),
        gettext_lazy("个"),
        gettext_lazy("当月人力资源市场登记的招聘岗位数"),
        "hr_market",
        rising_is_worse=False,
    ),
    Indicator(
        "job_seekers",
        gettext_lazy("求职人数"),
        gettext_lazy("人"),
        gettext_lazy("当月人力资源市场登记的求职人数"),
        "hr_market",
    ),
    Indicator(
        "demand_ratio",
        gettext_lazy("求人倍率"),
        "",
        gettext_lazy("岗位需求数 ÷ 求职人数"),
        "hr_market",
        rising_is_worse=False,
    ),
    Indicator(
        "wage_arrears_cases",
        gettext_lazy("欠薪案件数"),
        gettext_lazy("件"),
        gettext_lazy("当月收到的欠薪案件"),
        RECORDS,
    ),
    Indicator(
        "dispute_cases",
        gettext_lazy("劳动争议案件数"),
        gettext_lazy("件"),
        gettext_lazy("当月收到的投诉、调解、仲裁和监察案件"),
        RECORDS,
    ),
    Indicator(
        "alerts_1",
        gettext_lazy("一级预警（严重）"),
        gettext_lazy("个"),
        gettext_lazy("月末仍未解除的一级预警（按预警现在的等级计）"),
        RECORDS,
    ),
    Indicator(
        "alerts_2",
        gettext_lazy("二级预警（较重）"),
        gettext_lazy("个"),
        gettext_lazy("月末仍未解除的二级预警（按预警现在的等级计）"),
        RECORDS,
    ),
    Indicator(
        "alerts_3",
        gettext_lazy("三级预警（轻微）"),
        gettext_lazy("个"),
        gettext_lazy("月末仍未解除的三级预警（按预警现在的等级计）"),
        RECORDS,
    ),
)
BY_KEY = {i.key: i for i in INDICATORS}


@dataclass(frozen=True)
class Figure:
    """One indicator for one area: its value, or None with why it is unknown."""

    value: float | int | None
    unknown_because: str = ""

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass
class Row:
    area: str
    code: str
    name: str
    values: dict[str, Figure] = field(default_factory=dict)
    # 参保人数 a month and a year before, where those months were imported
    insured_month_before: int | None = None
    insured_year_before: int | None = None
    # why a change is unknown (empty when it is known)
    mom_unknown_because: str = ""
    yoy_unknown_because: str = ""

    def value(self, key: str):
        return self.values[key].value

    @property
    def insured_mom(self) -> int | None:
        insured = self.value("insured")
        if insured is None or self.insured_month_before is None:
            return None
        return insured - self.insured_month_before

    @property
    def insured_yoy(self) -> int | None:
        insured = self.value("insured")
        if insured is None or self.insured_year_before is None:
            return None
        return insured - self.insured_year_before


@dataclass(frozen=True)
class Feed:
    """A source as the month sees it: whether that month was imported, and the newest import."""

    source: str
    name: str
    has_month: bool
    latest_period: str | None
    latest_import_at: dt.datetime | None


@dataclass
class MonthIndicators:
    period: str
    town: str | None  # a liaison's town: every figure is that town's
    rows: list[Row]
    feeds: list[Feed]
    has_any_data: bool

    def area(self, area: str) -> list[Row]:
        return [r for r in self.rows if r.area == area]

    @property
    def district(self) -> Row:
        return self.area(DISTRICT)[0]

    def row(self, area: str, code: str) -> Row | None:
        return next((r for r in self.rows if r.area == area and r.code == code), None)

    def feed(self, source: str) -> Feed | None:
        return next((f for f in self.feeds if f.source == source), None)


# a month the analysis can be asked for: YYYY-MM of this century (a year like 9999 or 0001 has no
# month before or after it that the clock can turn into an instant)
PERIOD = re.compile(r"20\d{2}-(0[1-9]|1[0-2])")


def shift_period(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class NoData(ValueError):
    """A month the system holds nothing for: no feed imported and no record made in it."""


def month_indicators(period: str, *, town: str | None = None) -> MonthIndicators:
    """The indicators of `period` ("YYYY-MM") for the district, each town and each industry
    section and division; with `town`, the same for that town only (a liaison's scope)."""
    registry = _registry(town)
    areas = _AreaSum(registry, town)
    feeds = [
        _feed(kind, period)
        for kind in ("social_insurance", "unemployment_registration", "hr_market")
    ]
    has = {f.source: f.has_month for f in feeds}

    key_samples = set(Enterprise.objects.filter(is_key_sample=True).values_list("uscc", flat=True))
    insured = _insured(period, areas, key_samples) if has["social_insurance"] else None
    previous, year_ago = shift_period(period, -1), shift_period(period, -12)
    before = insured["month_before"] if insured else _insured_only(previous, areas)
    year_before = _insured_only(year_ago, areas)
    registrations = _registrations(period, areas) if has["unemployment_registration"] else None
    market = _market(period, town) if has["hr_market"] else None
    records = _records(period, areas)
    has_records = any(v for counts in records.values() for v in counts.values())
    if not any(has.values()) and not has_records:
        raise NoData(period)

    rows = []
    for area, code, name in areas.keys():
        row = Row(area, code, name)
        key = (area, code)
        _lake_values(row, key, insured, before, has["social_insurance"], period)
        _registration_values(row, key, registrations, period)
        _market_values(row, key, market, period)
        for name_, counts in records.items():
            row.values[name_] = Figure(counts.get(key, 0))
        # a month that was imported and has no one at this area's employers had 0 insured
        row.insured_month_before = before.get(key, 0) if before is not None else None
        row.insured_year_before = year_before.get(key, 0) if year_before is not None else None
        now_why = row.values["insured"].unknown_because
        if row.insured_mom is None:
            row.mom_unknown_because = now_why or _missing("social_insurance", previous)
        if row.insured_yoy is None:
            row.yoy_unknown_because = now_why or _missing("social_insurance", year_ago)
        rows.append(row)
    return MonthIndicators(period, town, rows, feeds, has_any_data=True)


def _missing(source: str, period: str) -> str:
    return _("%(period)s的%(source)s尚未导入") % {
        "period": period,
        "source": SOURCE_NAMES[source],
    }


def _lake_values(row, key, insured, before, has_month, period) -> None:
    if insured is None:
        why = _missing("social_insurance", period)
        for k in ("insured", "job_losses", "job_loss_rate", "key_sample_loss_rate"):
            row.values[k] = Figure(None, why)
        return
    counts = insured["counts"].get(key, {})
    row.values["insured"] = Figure(counts.get("insured", 0))
    previous = before.get(key, 0) if before is not None else None
    if not insured["has_reasons"]:
        why = _("该月社保数据不含变动原因，无法剔除退休、死亡和转出")
        row.values["job_losses"] = Figure(None, why)
        row.values["job_loss_rate"] = Figure(None, why)
    else:
        losses = counts.get("job_losses", 0)
        row.values["job_losses"] = Figure(losses)
        if previous is None:
            row.values["job_loss_rate"] = Figure(
                None, _missing("social_insurance", shift_period(period, -1))
            )
        elif previous == 0:
            row.values["job_loss_rate"] = Figure(None, _("上月参保人数为0"))
        else:
            row.values["job_loss_rate"] = Figure(round(losses / previous, 4))
    if before is None:
        row.values["key_sample_loss_rate"] = Figure(
            None, _missing("social_insurance", shift_period(period, -1))
        )
        return
    sample_before = insured["key_before"].get(key, 0)
    if not sample_before:
        row.values["key_sample_loss_rate"] = Figure(None, _("没有重点样本企业"))
    else:
        lost = sample_before - insured["key_now"].get(key, 0)
        row.values["key_sample_loss_rate"] = Figure(round(lost / sample_before, 4))


def _registration_values(row, key, registrations, period) -> None:
    for k in ("registrations", "benefit_claims"):
        if registrations is None:
            row.values[k] = Figure(None, _missing("unemployment_registration", period))
        else:
            row.values[k] = Figure(registrations[k].get(key, 0))


def _market_values(row, key, market, period) -> None:
    if market is None:
        why = _missing("hr_market", period)
        for k in ("vacancies", "job_seekers", "demand_ratio"):
            row.values[k] = Figure(None, why)
        return
    figures = market.get(key)
    if figures is None:
        why = _("人力资源市场供求数据未按此范围统计")
        for k in ("vacancies", "job_seekers", "demand_ratio"):
            row.values[k] = Figure(None, why)
        return
    vacancies, seekers = figures
    row.values["vacancies"] = Figure(vacancies)
    row.values["job_seekers"] = Figure(seekers)
    row.values["demand_ratio"] = (
        Figure(round(vacancies / seekers, 2)) if seekers else Figure(None, _("求职人数为0"))
    )


# -- the registry: which area each employer counts in --------------------------------------------


@dataclass(frozen=True)
class _Place:
    town: str
    section: str
    division: str


def _registry(town: str | None) -> dict[str, _Place]:
    """The registry's employers by credit code, with where they count. An employer the feeds
    found outside the registry joined it with a placeholder town and industry (monitoring's
    `_employers_register`): it counts in the district only, never in a town or an industry."""
    qs = Enterprise.objects.exclude(source=Enterprise.Source.FEED)
    if town:
        qs = qs.filter(town_id=town)
    sections = dict(Industry.objects.values_list("code", "section"))
    return {
        uscc: _Place(town_id, sections.get(industry_id, ""), (industry_id or "")[:2])
        for uscc, town_id, industry_id in qs.values_list("uscc", "town_id", "industry_id")
    }


class _AreaSum:
    """Adds per-employer counts into the district (every employer, or the town's), its town
    and its industry's section and division."""

    def __init__(self, registry: dict[str, _Place], town: str | None):
        self.registry = registry
        self.town = town
        self.towns = Town.objects.filter(code=town) if town else Town.objects.all()
        sections = Industry.objects.filter(level=Industry.Level.SECTION)
        divisions = Industry.objects.filter(level=Industry.Level.DIVISION)
        self.section_names = {s.section: s.name_shown for s in sections}
        self.division_names = {d.code: d.name_shown for d in divisions}
        used = set(registry.values())
        self.sections = sorted({p.section for p in used if p.section})
        self.divisions = sorted({p.division for p in used if p.division})

    def keys(self) -> list[tuple[str, str, str]]:
        district = self.towns[0].name if self.town else str(AREAS[DISTRICT])
        out = [(DISTRICT, "", district)]
        if not self.town:
            out += [(TOWN, t.code, t.name) for t in self.towns]
        out += [(SECTION, s, f"{s} {self.section_names.get(s, '')}".strip()) for s in self.sections]
        out += [
            (DIVISION, d, f"{d} {self.division_names.get(d, '')}".strip()) for d in self.divisions
        ]
        return out

    def places(self, uscc: str | None) -> list[tuple[str, str]]:
        """The areas an employer's figures add to; outside a liaison's town, none. An employer the
        registry does not know counts in the district only."""
        place = self.registry.get(uscc or "")
        if place is None:
            return [] if self.town else [(DISTRICT, "")]
        out = [(DISTRICT, "")]
        if not self.town:
            out.append((TOWN, place.town))
        if place.section:
            out.append((SECTION, place.section))
        if place.division:
            out.append((DIVISION, place.division))
        return out

    def add(self, target: dict, uscc: str | None, n) -> None:
        for key in self.places(uscc):
            target[key] = target.get(key, 0) + n


# -- the lake ---------------------------------------------------------------------------------------


def _feed(kind: str, period: str) -> Feed:
    latest = (
        ImportRun.objects.filter(kind=kind, status=ImportRun.Status.IMPORTED)
        .order_by("-at")
        .values_list("period", "at")
        .first()
    )
    periods = lake.lake_periods(kind)
    return Feed(
        source=kind,
        name=str(SOURCE_NAMES[kind]),
        has_month=period in periods,
        latest_period=periods[-1] if periods else None,
        latest_import_at=latest[1] if latest else None,
    )


def _employer_rows(sql_name: str, **params) -> list[tuple]:
    return lake.reader().execute((SQL / sql_name).read_text(), params).fetchall()


def _insured(period: str, areas: _AreaSum, key_samples: set[str]) -> dict:
    """This month's 参保人数 and 岗位流失 by area, and the key samples' headcounts now and a month
    before (one query over the two months' files)."""
    cur = lake.lake_path("social_insurance", period)
    prev = lake.lake_path("social_insurance", shift_period(period, -1))
    has_prev = prev.exists()
    rows = _employer_rows(
        "insured_by_employer.sql",
        cur_path=str(cur),
        prev_path=str(prev if has_prev else cur),
        not_loss=list(NOT_JOB_LOSS),
    )
    counts: dict = defaultdict(dict)
    key_now, key_before, month_before = {}, {}, {}
    has_reasons = False
    for uscc, insured, losses, removes, before in rows:
        has_reasons = has_reasons or removes > 0
        for key in areas.places(uscc):
            c = counts[key]
            c["insured"] = c.get("insured", 0) + insured
            c["job_losses"] = c.get("job_losses", 0) + losses
            month_before[key] = month_before.get(key, 0) + before
        if uscc in key_samples and has_prev:
            areas.add(key_now, uscc, insured)
            areas.add(key_before, uscc, before)
    if not has_reasons:
        has_reasons = _has_change_columns(cur)
    return {
        "counts": counts,
        "has_reasons": has_reasons,
        "key_now": key_now,
        "key_before": key_before,
        # last month's 参保人数 by area, from the same query (None: that month is not imported)
        "month_before": month_before if has_prev else None,
    }


def _has_change_columns(path: Path) -> bool:
    """Whether the month's file carries 增减变动 (the "reason" form) at all: a month with no
    leaver in that form still knows it had none."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    if "change_type" not in schema.names:
        return False
    n = (
        lake.reader()
        .execute(
            "SELECT count(*) FROM read_parquet($p) WHERE change_type IS NOT NULL", {"p": str(path)}
        )
        .fetchone()[0]
    )
    return n > 0


def _insured_only(period: str, areas: _AreaSum) -> dict | None:
    path = lake.lake_path("social_insurance", period)
    if not path.exists():
        return None
    out: dict = {}
    for uscc, insured in _employer_rows("insured_count.sql", path=str(path)):
        areas.add(out, uscc, insured)
    return out


def _registrations(period: str, areas: _AreaSum) -> dict:
    """Registrations and benefit claims: the district and its towns by where the person
    registered (a liaison's "district" is the people registered in their town); the industries by
    the last employer's (in a liaison's scope, the employers of their town)."""
    path = lake.lake_path("unemployment_registration", period)
    out = {"registrations": {}, "benefit_claims": {}}

    def add(key, n, claims):
        out["registrations"][key] = out["registrations"].get(key, 0) + n
        out["benefit_claims"][key] = out["benefit_claims"].get(key, 0) + claims

    for uscc, town, n, claims in _employer_rows("registrations.sql", path=str(path)):
        for key in areas.places(uscc):
            if key[0] in (SECTION, DIVISION):
                add(key, n, claims)
        if areas.town:
            if town == areas.town:
                add((DISTRICT, ""), n, claims)
            continue
        add((DISTRICT, ""), n, claims)
        if town:
            add((TOWN, town), n, claims)
    return out


def _market(period: str, town: str | None) -> dict:
    """(vacancies, job seekers) by area: the feed's town rows (no industry), its industry rows
    (no town) by section and division, the district as the sum of its towns."""
    path = lake.lake_path("hr_market", period)
    out: dict = {}
    sections = dict(Industry.objects.values_list("code", "section"))
    for town_code, industry, seekers, vacancies in _employer_rows("market.sql", path=str(path)):
        if town_code and not industry:
            if town and town_code != town:
                continue
            keys = [(DISTRICT, "")] if town else [(DISTRICT, ""), (TOWN, town_code)]
        elif industry and not town_code and not town:
            section = sections.get(industry, industry if industry.isalpha() else "")
            keys = [(SECTION, section)] if section else []
            if industry.isdigit():
                keys.append((DIVISION, industry[:2]))
        else:
            continue
        for key in keys:
            v, s = out.get(key, (0, 0))
            out[key] = (v + vacancies, s + seekers)
    return out


# -- the system's own records -----------------------------------------------------------------------


def _records(period: str, areas: _AreaSum) -> dict[str, dict]:
    start = month_start(period)
    end = month_start(month_after(period))
    out: dict[str, dict] = {
        k: {}
        for k in (
            "reported_cuts",
            "detected_cuts",
            "wage_arrears_cases",
            "dispute_cases",
            "alerts_1",
            "alerts_2",
            "alerts_3",
        )
    }
    reports = report_search(
        reports_counted(LayoffReport.objects.all()), month_from=period, month_to=period
    )
    rows = reports.values_list("enterprise__uscc").annotate(n=Sum("planned_cut"))
    for uscc, n in rows:
        areas.add(out["reported_cuts"], uscc, n or 0)
    signals = signals_filtered(
        Signal.objects.all(), kind="stoppage", status="counted", period=period
    )
    for uscc, n in signals.values_list("enterprise__uscc").annotate(n=Sum("count")):
        areas.add(out["detected_cuts"], uscc, n or 0)
    cases = RightsCase.objects.filter(received_at__gte=start, received_at__lt=end)
    for uscc, kind in cases.values_list("enterprise__uscc", "kind"):
        target = "wage_arrears_cases" if kind == RightsCase.Kind.WAGE_ARREARS else "dispute_cases"
        areas.add(out[target], uscc, 1)
    alerts = Alert.objects.filter(opened_at__lt=end).filter(
        Q(lifted_at__isnull=True) | Q(lifted_at__gte=end)
    )
    for uscc, level in alerts.values_list("enterprise__uscc", "level"):
        areas.add(out[f"alerts_{level}"], uscc, 1)
    return out
