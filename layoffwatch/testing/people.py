"""People in the assistance, rights and credit tests: valid ID numbers, a roster workbook and
the ``layoff`` fixture (a layoff report with its roster, submitted by Sam by phone)."""

import datetime as dt
import io
import itertools
import zoneinfo

import pytest
from openpyxl import Workbook

from layoffwatch.core.validators import id_number_with_check_digit

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
_serial = itertools.count(101)


def id_number(*, region: str = "500223", birth: str = "19850612", male: bool = True) -> str:
    """A valid 18-digit ID number (Tongnan's old code 500223 by default)."""
    n = next(_serial)
    seq = f"{n % 100:02d}{(1 if male else 2) + (n // 100 % 4) * 2}"
    body = f"{region}{birth}{seq}"
    return id_number_with_check_digit(body)


def with_wrong_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def roster_xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "受影响职工名单"
    ws.append(["姓名", "身份证号码", "联系电话", "意向"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def layoff(people):
    """layoff(enterprise, roster rows, cut) -> the LayoffReport, submitted by Sam by phone.
    A conftest (or test module) makes it available with ``from layoffwatch.testing.people import layoff``."""
    from layoffwatch.reporting.services import layoff_report_submit
    from layoffwatch.testing.cases import queue_runs

    def make(enterprise=None, rows=(), cut=55):
        enterprise = enterprise or people.guilin_factory
        data = {
            "enterprise_uscc": enterprise.uscc,
            "planned_cut": cut,
            "dispatched_cut": 0,
            "effective_date": (NOW.date() + dt.timedelta(days=14)).isoformat(),
            "is_closure": False,
            "reasons": ["orders"],
            "contact_name": "王经理",
            "contact_phone": "13800000001",
        }
        # ADR 0045: the response case opens in a queue task after the commit; run the queue
        with queue_runs():
            return layoff_report_submit(
                enterprise=enterprise,
                data=data,
                channel="phone",
                actor=people.sam,
                at=NOW,
                roster=roster_xlsx(rows) if rows else None,
            ).report

    return make
