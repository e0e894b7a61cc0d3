import datetime as dt
import itertools

import pytest
import time_machine

from layoffwatch.analysis.indicators import shift_period
from layoffwatch.conftest import GUILIN, ZITONG
from layoffwatch.monitoring.services import source_import
from layoffwatch.testing.feeds import person_id, uscc, write_csv

REASON_FORM = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数", "增减变动", "变动原因"]
SNAPSHOT_FORM = ["身份证号", "单位统一社会信用代码", "缴费月份", "缴费基数"]
REGISTRATION = ["身份证号", "登记日期", "原工作单位统一社会信用代码", "镇街代码", "申领失业保险金"]
MARKET = ["月份", "镇街代码", "行业代码", "求职人数", "岗位数"]
# 10:00 on 10 March 2026 in Tongnan
NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def lake(settings, tmp_path):
    """Every test gets its own lake (never var/)."""
    settings.LAKE_DIR = tmp_path / "lake"
    return settings.LAKE_DIR


def _ids():
    for n in itertools.count():
        yield person_id(n % 1000, "500223", f"{1981 + n // 1000}0101")


class Month:
    """A small district's months: Guilin Foods (10 insured in February) loses one to a dismissal
    and one to retirement in March; Zitong Auto Parts, a key sample (20), dismisses 5; an
    employer the registry does not know keeps its 5."""

    def __init__(self, make_enterprise, tmp_path):
        self.tmp = tmp_path
        self.foods = make_enterprise(name="桂林食品有限公司", town_id=GUILIN, industry_id="1361")
        self.parts = make_enterprise(
            name="梓潼汽配有限公司", town_id=ZITONG, industry_id="3670", is_key_sample=True
        )
        self.unknown = uscc(900)
        ids = _ids()
        self.staff = {
            self.foods.uscc: [next(ids) for _ in range(10)],
            self.parts.uscc: [next(ids) for _ in range(20)],
            self.unknown: [next(ids) for _ in range(5)],
        }

    def social_insurance(self, *, form="reason", months=("2026-02", "2026-03")):
        leavers = {
            self.foods.uscc: {0: "辞退", 1: "退休"},
            self.parts.uscc: {i: "辞退" for i in range(5)},
            self.unknown: {},
        }
        for month in months:
            rows = []
            for employer, people in self.staff.items():
                for i, pid in enumerate(people):
                    why = leavers[employer].get(i) if month == "2026-03" else None
                    if form == "snapshot":
                        if not why:
                            rows.append([pid, employer, month, "4000"])
                    elif why:
                        rows.append([pid, employer, month, "4000", "减员", why])
                    else:
                        rows.append([pid, employer, month, "4000", "", ""])
            header = REASON_FORM if form == "reason" else SNAPSHOT_FORM
            path = write_csv(self.tmp / f"si-{form}-{month}.csv", header, rows)
            source_import(kind="social_insurance", path=path, enqueue_detection=False)

    def registrations(self):
        parts, foods = self.staff[self.parts.uscc], self.staff[self.foods.uscc]
        rows = [
            [parts[0], "2026-03-05", self.parts.uscc, ZITONG, "是"],
            [parts[1], "2026-03-06", self.parts.uscc, ZITONG, "否"],
            [foods[0], "2026-03-07", self.foods.uscc, GUILIN, "是"],
        ]
        path = write_csv(self.tmp / "ur-2026-03.csv", REGISTRATION, rows)
        source_import(kind="unemployment_registration", path=path, enqueue_detection=False)

    def market(self):
        rows = [
            ["2026-03", GUILIN, "", 40, 60],
            ["2026-03", ZITONG, "", 60, 30],
            ["2026-03", "", "13", 20, 45],
        ]
        path = write_csv(self.tmp / "hr-2026-03.csv", MARKET, rows)
        source_import(kind="hr_market", path=path, enqueue_detection=False)


@pytest.fixture
def month(make_enterprise, tmp_path):
    with time_machine.travel(NOW, tick=False):
        yield Month(make_enterprise, tmp_path)


# the last month of the forecasts' lake (Lake below)
LAST = "2026-02"


class Lake:
    """Monthly social-insurance files for Guilin Foods and Zitong Auto Parts: a steady number of
    people each month, a few of whom leave (辞退) and are replaced. Zitong's last month can lose
    many more than usual."""

    def __init__(self, make_enterprise, tmp_path):
        self.tmp = tmp_path
        self.foods = make_enterprise(name="桂林食品有限公司", town_id=GUILIN, industry_id="1361")
        self.parts = make_enterprise(name="梓潼汽配有限公司", town_id=ZITONG, industry_id="3670")
        self.serial = 0

    def _person(self) -> str:
        self.serial += 1
        return person_id(self.serial % 1000, "500223", f"{1970 + self.serial // 1000}0101")

    def months(self, n: int, *, last: str = LAST, zitong_last_loss: int = 2) -> list[str]:
        periods = [shift_period(last, k - n + 1) for k in range(n)]
        staff = {
            self.foods.uscc: [self._person() for _ in range(40 + n)],
            self.parts.uscc: [self._person() for _ in range(80)],
        }
        for k, month in enumerate(periods):
            rows = []
            for employer, people in staff.items():
                small = 1 + (k % 3)  # one to three leave in an ordinary month
                leaving = (
                    zitong_last_loss if (employer == self.parts.uscc and month == last) else small
                )
                for i, pid in enumerate(people):
                    why = "辞退" if i < leaving else ""
                    rows.append([pid, employer, month, "4000", "减员" if why else "", why])
                # those who left are gone next month; as many are hired (Guilin grows by one)
                grow = 1 if employer == self.foods.uscc else 0
                staff[employer] = people[leaving:] + [self._person() for _ in range(leaving + grow)]
            path = write_csv(self.tmp / f"si-{month}.csv", REASON_FORM, rows)
            source_import(kind="social_insurance", path=path, enqueue_detection=False)
        return periods


@pytest.fixture
def feeds(make_enterprise, tmp_path):
    with time_machine.travel(NOW, tick=False):
        yield Lake(make_enterprise, tmp_path)
