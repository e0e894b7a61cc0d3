"""The leader's cockpit in a real browser (ADR 0098; plan S1, S3.2): on a 1440×900 laptop the
grade and the five charts are drawn without an error and without scrolling, a click on a bar opens
the list it counts; on a 360-px phone the charts stack and fit the screen."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from layoffwatch.analysis.selectors import FORECAST_HISTORY
from layoffwatch.analysis.services import forecast_make
from layoffwatch.analysis.tests.conftest import LAST, Lake
from layoffwatch.conftest import ZITONG, browser_login
from layoffwatch.core.clock import local_day
from layoffwatch.reference.models import Industry
from layoffwatch.testing.cases import report
from layoffwatch.testing.charts import drawn, hover, overlap

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
CHARTS = ["alerts-by-month", "cuts-by-month", "towns", "industries", "overdue"]


@pytest.fixture
def alerts(people, make_enterprise):
    at = timezone.now()
    on = local_day() + dt.timedelta(days=10)
    big = make_enterprise(name="潼南某电子厂", insured_headcount=900)
    report(big, cut=250, on=on, at=at)  # level 1 in 桂林街道
    report(people.zitong_factory, cut=60, on=on, at=at)  # level 2 in 梓潼街道
    report(make_enterprise(town_id=ZITONG), cut=30, on=on, at=at)  # level 3 in 梓潼街道


def _watch(page) -> list[str]:
    """Script errors, CSP refusals and failed loads, but the browser's own favicon request (the
    app has none)."""
    errors = []

    def console(msg):
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{msg.text} {msg.location.get('url', '')}")

    page.on("console", console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def _cards(page) -> list[dict]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.lw-chart-card')).map(card => {
            const r = card.getBoundingClientRect();
            return {id: card.dataset.testid, left: r.left, right: r.right, bottom: r.bottom,
                    canvas: card.querySelectorAll('canvas').length};
        })"""
    )


def test_the_leaders_cockpit_fits_a_laptop_and_a_bar_opens_its_list(page, people, alerts):
    errors = _watch(page)
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(page, "li")
    page.goto(f"{page.base}/")
    page.wait_for_function("document.querySelectorAll('[data-chart] canvas').length === 5")
    cards = _cards(page)
    # the five charts, then the forecast below them (none made yet: it says so, ADR 0105)
    assert [c["id"] for c in cards] == [f"chart-{key}" for key in CHARTS] + [
        "chart-forecast-insured"
    ]
    assert all(c["canvas"] == 1 for c in cards[:5])
    assert max(c["bottom"] for c in cards[:5]) <= 900  # all of them above the fold
    assert "暂无数据" in page.inner_text("[data-testid=chart-forecast-insured]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    assert "第一等次（严重）" in page.inner_text("[data-testid=district-grade]")

    # the towns' ranking: 桂林街道's level-1 bar is the top bar; a click opens its open alerts
    point = page.evaluate(
        """() => {
            const box = document.getElementById('chart-towns');
            const chart = echarts.getInstanceByDom(box);
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [0.5, 0]);
            const r = box.getBoundingClientRect();
            return {x: r.left + x, y: r.top + y};
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/alerts/?*")
    assert "town=500152001000" in page.url and "level=1" in page.url and "status=open" in page.url
    assert "共 1 条预警" in page.inner_text("[data-testid=alert-total]")
    assert "潼南某电子厂" in page.inner_text("#alerts")
    assert errors == []


def test_on_a_phone_the_charts_stack_and_fit(page, people, alerts):
    errors = _watch(page)
    page.set_viewport_size({"width": 360, "height": 780})
    browser_login(page, "li")
    page.goto(f"{page.base}/")
    page.wait_for_function("document.querySelectorAll('[data-chart] canvas').length === 5")
    cards = _cards(page)
    assert len({round(c["left"]) for c in cards}) == 1  # one column
    assert all(c["right"] <= 360 for c in cards)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []


# Where each horizontal chart draws its category axis's name (行业门类, 镇街, 事项类别), against the
# grid: the axis line is its left edge, the first label stands level with its top.
AXIS_NAMES = """() => ['industries', 'towns', 'overdue'].map(key => {
    const chart = echarts.getInstanceByDom(document.getElementById('chart-' + key));
    const name = chart.getOption().yAxis[0].name;
    const grid = chart.getModel().getComponent('grid', 0).coordinateSystem.getRect();
    const [text] = chart.getZr().storage.getDisplayList().filter(el => el.style?.text === name);
    const r = text.getBoundingRect().clone();
    r.applyTransform(text.getComputedTransform());
    return {key, name, left: r.x, right: r.x + r.width, top: r.y, bottom: r.y + r.height,
            axis: grid.x, gridTop: grid.y};
})"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width, height", [(1440, 900), (360, 780)])
def test_each_axis_name_heads_its_labels_clear_of_the_axis_line(
    page, people, make_enterprise, width, height, language
):
    """行业门类 was centred on the axis line, drawn across it and cut at the top of the chart; it
    heads the column of labels now, inside the chart, even over the shortest label (P 教育), and
    so does its longer English name ("Industry section" was cut to "ustry section")."""
    school = Industry.objects.filter(level="class", section="P").order_by("code").first()
    on = local_day() + dt.timedelta(days=10)
    report(make_enterprise(industry_id=school.pk), cut=30, on=on, at=timezone.now())
    page.set_viewport_size({"width": width, "height": height})
    browser_login(page, "li")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    page.goto(f"{page.base}/")
    page.wait_for_function("document.querySelectorAll('[data-chart] canvas').length === 5")
    names = page.evaluate(AXIS_NAMES)
    with translation.override(language):
        expected = [gettext("行业门类"), gettext("镇街"), gettext("事项类别")]
    assert [n["name"] for n in names] == expected
    for n in names:
        assert n["right"] <= n["axis"], n  # left of the axis line, over the labels
        assert n["bottom"] <= n["gridTop"], n  # above the first label
        assert n["left"] >= 0 and n["top"] >= 0, n  # not cut at the chart's edge


@pytest.mark.parametrize("width, height, language", [(1440, 900, "zh-hans"), (360, 780, "en")])
def test_the_forecast_panel_shows_its_last_month_its_unit_and_its_legend_clear(
    page, people, make_enterprise, settings, tmp_path, width, height, language
):
    """The forecast's last month (2026-05) was cut at the chart's right edge on a laptop, its
    tooltip gave bare numbers, and on a phone the legend was drawn over the axis's name (人)."""
    settings.LAKE_DIR = tmp_path / "lake"
    Lake(make_enterprise, tmp_path).months(5)
    run = forecast_make(LAST, at=timezone.now())
    district = next(s for s in run.result["series"] if s["id"] == "insured|district|")
    errors = _watch(page)
    page.set_viewport_size({"width": width, "height": height})
    browser_login(page, "li")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    page.goto(f"{page.base}/")
    page.wait_for_selector("#chart-forecast-insured canvas")

    chart = drawn(page, "forecast-insured")
    shown = [(label["text"], b) for label in chart["labels"] for b in label["boxes"]]
    assert all(b["left"] >= 0 and b["right"] <= chart["width"] for _, b in shown), shown
    if width == 1440:  # a chart the page wide has room for every month: the last one whole
        assert [text for text, _ in shown][-1] == run.result["forecast_months"][-1]
    (name,) = chart["axisName"]["boxes"]
    legend = [b for item in chart["legend"] for b in item["boxes"]]
    assert len(legend) == 4 and not any(overlap(name, b) for b in legend), (name, legend)

    # the first forecast month: its figure and its ranges in people (人 / people)
    first, held = district["forecast"][0], len(run.result["months"][-FORECAST_HISTORY:])
    tip = hover(page, "forecast-insured", series=1, index=held)
    mean, lo, hi = (f"{round(first[k]):,}" for k in ("mean", "lo80", "hi80"))
    with translation.override(language):
        unit = gettext("%(n)s人")
        expected = [
            f"{gettext('预测')}: {unit % {'n': mean}}",
            f"{gettext('80%区间')}: {unit % {'n': f'{lo}–{hi}'}}",
        ]
    assert all(line in tip for line in expected), (expected, tip)
    assert errors == []
