"""The cockpit's charts (ADR 0098; plan S3.2, S3.1.1 vs S3.1.3, S5): every bar is the figure of
the list its click opens — the link is followed as the same user and the list read as a person
would read it (its total, or the sum of the column the bar adds up) — within the user's scope,
by Tongnan's months, with thousands separated and an unknown figure said to be unknown."""

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest
import time_machine

from layoffwatch.accounts.models import Section
from layoffwatch.conftest import GUILIN, ZITONG
from layoffwatch.monitoring.models import Signal
from layoffwatch.reference.models import Industry, Town
from layoffwatch.reporting.services import layoff_report_withdraw
from layoffwatch.testing.cases import local, report

from .test_figures_agree import figure

pytestmark = pytest.mark.django_db
NOW = local(2026, 4, 15, 10, 0)
MONTHS = [f"2025-{m:02d}" for m in range(5, 13)] + [f"2026-{m:02d}" for m in range(1, 5)]


class Tables(HTMLParser):
    """The rows of every table of a page, by table id: [[cell text, …], …] (header rows too)."""

    def __init__(self, html: str):
        super().__init__()
        self.tables, self._id, self._row, self._cell = {}, None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._id = dict(attrs).get("id")
            self.tables.setdefault(self._id, [])
        elif tag == "tr" and self._id is not None:
            self._row = []
            self.tables[self._id].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._id = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def column_sum(html: str, table: str, header: str) -> int:
    rows = Tables(html).tables[table]
    col = rows[0].index(header)
    # 1,234 as a person reads it
    cells = [r[col].replace(",", "") for r in rows[1:] if len(r) > col]
    return sum(int(c) for c in cells if c.isdigit())


def charts(html: str) -> dict:
    data = re.search(r'<script id="cockpit-data" type="application/json">(.*?)</script>', html)
    assert data is not None, "the cockpit's data is not on the page"
    return json.loads(data.group(1))["charts"]


def points(chart: dict):
    for s in chart["series"]:
        for category, point in zip(chart["categories"], s["data"], strict=True):
            yield s["name"], category, point


def listed(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def list_figure(client, chart_key: str, url: str) -> int:
    """The figure the list behind a bar shows, read as a person reads it."""
    html = listed(client, url)
    if url.startswith("/alerts/") and chart_key == "industries":
        stated = re.search(r'data-testid="alert-people">([^<]*)<', html).group(1)
        assert int(stated.replace(",", "")) == column_sum(html, "alerts", "合计裁员"), url
        return int(stated.replace(",", ""))
    if url.startswith("/alerts/") and chart_key == "overdue":
        return column_sum(html, "alerts", "逾期事项")
    if url.startswith("/alerts/"):
        return figure(html, "alert-total")
    if url.startswith("/reporting/overdue/"):
        return int(re.search(r"共 (\d+) 家未报", html).group(1))
    if url.startswith("/reporting/"):
        return figure(html, "layoff-cuts")
    if url.startswith("/monitoring/"):
        # the total the list states is the sum of its 人数 column (all rows fit on one page here)
        stated = re.search(r'data-testid="signal-people">([^<]*)<', html).group(1)
        assert int(stated.replace(",", "")) == column_sum(html, "signals", "人数"), url
        return int(stated.replace(",", ""))
    raise AssertionError(f"no list reader for {url}")


def _signal(enterprise, *, period, count, kind=Signal.Kind.MASS_STOPPAGE, status="tip"):
    return Signal.objects.create(
        kind=kind,
        enterprise=enterprise,
        town=enterprise.town,
        period=period,
        count=count,
        summary="社保断缴",
        status=status,
        assigned_unit=Section.objects.get(code="talent_center"),
        dedupe_key=f"{kind}:{enterprise.uscc}:{period}:{status}",
    )


@pytest.fixture
def district(people, make_enterprise):
    """Alerts, reports and stoppages in both towns over more than a year (now: 2026-04-15)."""
    trade = Industry.objects.filter(level="class", section="G").order_by("code").first()
    big = make_enterprise(name="桂林电子有限公司", town_id=GUILIN, insured_headcount=5000)
    shop = make_enterprise(name="梓潼运输有限公司", town_id=ZITONG, industry=trade)
    old = make_enterprise(name="桂林老厂", town_id=GUILIN)
    gone = make_enterprise(name="桂林撤回厂", town_id=GUILIN)
    make_enterprise(name="桂林样本企业", town_id=GUILIN, is_key_sample=True)
    make_enterprise(name="梓潼样本企业", town_id=ZITONG, is_key_sample=True)
    with time_machine.travel(NOW, tick=False):
        # 23:30 on 31 March in Tongnan is March, although it is 15:30 UTC
        report(big, cut=1234, on=dt.date(2026, 4, 20), at=local(2026, 3, 31, 23, 30))
        # 00:30 on 1 April in Tongnan is April, although it is still 31 March in UTC
        report(people.zitong_factory, cut=60, on=dt.date(2026, 4, 20), at=local(2026, 4, 1, 0, 30))
        report(shop, cut=30, on=dt.date(2025, 12, 20), at=local(2025, 12, 10, 9))
        report(old, cut=30, on=dt.date(2025, 4, 25), at=local(2025, 4, 20, 9))  # before the year
        report(people.guilin_factory, cut=5, on=dt.date(2026, 2, 10), at=local(2026, 2, 3, 9))
        withdrawn = report(gone, cut=25, on=dt.date(2026, 4, 20), at=local(2026, 4, 2, 9))
        layoff_report_withdraw(
            report=withdrawn.report, actor=people.sam, reason="企业报错", at=local(2026, 4, 3, 9)
        )
    _signal(people.guilin_factory, period="2026-02", count=40)
    _signal(people.zitong_factory, period="2026-02", count=30, kind=Signal.Kind.WORKFORCE_STOP)
    _signal(shop, period="2026-02", count=99, status=Signal.Status.DISMISSED)
    _signal(shop, period="2026-03", count=12, kind=Signal.Kind.CLAIMS_CLUSTER)  # compared, 0 cut


def home(client) -> str:
    with time_machine.travel(NOW, tick=False):
        return listed(client, "/")


def test_every_bar_of_every_chart_is_the_figure_of_the_list_it_opens(login, people, district):
    for user in (people.li, people.tina):
        client = login(user)
        shown = charts(home(client))
        # and the forecast (none made here: an empty chart that says so, ADR 0105)
        assert set(shown) == {
            "alerts-by-month",
            "cuts-by-month",
            "towns",
            "industries",
            "overdue",
            "forecast-insured",
        }
        with time_machine.travel(NOW, tick=False):
            for key, chart in shown.items():
                for series, category, point in points(chart):
                    expected = list_figure(client, key, point["url"])
                    assert (point["value"] or 0) == expected, (user, key, series, category)


def test_the_charts_count_by_tongnan_months_over_the_last_twelve(login, people, district):
    shown = charts(home(login(people.li)))
    by_month = shown["alerts-by-month"]
    assert by_month["categories"] == MONTHS
    level = {s["name"]: [p["value"] for p in s["data"]] for s in by_month["series"]}
    assert level["一级预警"][MONTHS.index("2026-03")] == 1  # 23:30 local on 31 March
    assert level["二级预警"][MONTHS.index("2026-04")] == 1  # 00:30 local on 1 April
    assert level["三级预警"][MONTHS.index("2025-12")] == 1
    assert (
        sum(level["三级预警"]) == 2
    )  # + the withdrawn report's alert (it stays); not April 2025's
    cuts = {s["name"]: [p["value"] for p in s["data"]] for s in shown["cuts-by-month"]["series"]}
    reported = dict(zip(MONTHS, cuts["直报计划裁减"], strict=True))
    assert (reported["2026-02"], reported["2026-03"], reported["2026-04"]) == (5, 1234, 60)
    assert reported["2025-12"] == 30  # the withdrawn 25 in April does not count
    detected = dict(zip(MONTHS, cuts["数据比对发现断缴"], strict=True))
    assert detected["2026-02"] == 70  # the dismissed 99 does not count
    assert detected["2026-03"] == 0  # compared: a signal of another kind that month
    assert detected["2026-01"] is None  # never compared: unknown, not 0


def test_towns_are_ranked_by_their_open_alerts_most_severe_first(login, people, district):
    towns = charts(home(login(people.li)))["towns"]
    assert len(towns["categories"]) == Town.objects.count() == 23
    assert towns["categories"][:2] == ["桂林街道", "梓潼街道"]  # a level 1 before a level 2


def test_a_liaisons_cockpit_is_her_towns_only(login, people, district):
    shown = charts(home(login(people.tina)))
    assert shown["towns"]["categories"] == ["桂林街道"]
    alerts = sum(p["value"] for _s, _c, p in points(shown["alerts-by-month"]))
    assert alerts == 2  # 桂林电子 (level 1) and the withdrawn report's; 梓潼's are not hers
    cuts = {s["name"]: [p["value"] for p in s["data"]] for s in shown["cuts-by-month"]["series"]}
    assert cuts["数据比对发现断缴"][MONTHS.index("2026-02")] == 40
    assert sum(v or 0 for v in cuts["直报计划裁减"]) == 5 + 1234
    assert [c.split()[0] for c in shown["industries"]["categories"]] == ["C"]


def _tile_link(html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}"><a href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&")


def test_the_tiles_agree_with_the_charts_and_the_lists_they_open(login, people, district):
    client = login(people.li)
    html = home(client)
    cuts = charts(html)["cuts-by-month"]["series"][0]["data"]
    assert figure(html, "month-reported-cuts") == cuts[-1]["value"] == 60
    overdue = charts(html)["overdue"]["series"][0]["data"][:3]
    assert figure(html, "overdue-items") == sum(p["value"] for p in overdue) > 0
    with time_machine.travel(NOW, tick=False):
        month = listed(client, _tile_link(html, "month-reported-cuts"))
        stoppages = listed(client, _tile_link(html, "detected-cuts"))
    assert figure(month, "layoff-cuts") == 60
    # the latest month with stoppages, 2026-02: the dismissed 99 and March's claims do not count
    assert figure(html, "detected-cuts") == column_sum(stoppages, "signals", "人数") == 70


def test_the_tables_under_the_charts_show_thousands_and_unknown(login, people, district):
    html = home(login(people.li))
    rows = {row[0]: row[1:] for row in Tables(html).tables["data-cuts-by-month"]}
    assert rows["月份"] == ["直报计划裁减（人数）", "数据比对发现断缴（人数）"]
    assert rows["2026-03"] == ["1,234", "0"]
    assert rows["2026-01"] == ["0", "未知"]
    assert '<details class="small px-1 lw-chart-table" data-testid="table-cuts-by-month">' in html


def test_an_enterprise_user_keeps_the_simple_home(login, people, district):
    html = home(login(people.ed))
    assert 'data-testid="home-enterprise"' in html
    assert "cockpit-data" not in html and "echarts" not in html
    # nor the district's registry counts and towns: that is the bureau's work
    assert "企业总数" not in html and "各镇街企业数" not in html
    assert "企业总数" in home(login(people.tina))


def test_a_level_has_one_colour_on_the_charts_and_on_the_lists_badges():
    """一级 red, 二级 orange, 三级 yellow in the cockpit's charts and on every list's badge."""
    from pathlib import Path

    from layoffwatch.dashboard.cockpit import LEVEL_COLOURS

    css = (Path(__file__).parents[2] / "static" / "lw" / "app.css").read_text()
    badges = {
        int(n): colour.lower()
        for n, colour in re.findall(r"\.lw-level-(\d) \{ background-color: (#[0-9a-fA-F]{6})", css)
    }
    assert badges == {level: colour.lower() for level, colour in LEVEL_COLOURS.items()}


def test_the_industries_chart_names_the_sections_in_the_readers_language(login, people, district):
    """ADR 0100, amended 2026-12-07 (6): a section (门类) by its English name on an English page."""
    client = login(people.li)
    client.cookies["django_language"] = "en"
    categories = charts(home(client))["industries"]["categories"]
    assert categories == ["C Manufacturing"], categories
    client.cookies["django_language"] = "zh-hans"
    categories = charts(home(client))["industries"]["categories"]
    assert categories == ["C 制造业"], categories
