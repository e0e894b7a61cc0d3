"""The forecasts drawn in a real browser (plan S3.1.3 预测, ADR 0105): the month page's lines with
their 80 % and 95 % bands, readable as a table too, on a laptop and on a phone."""

import re

import pytest
from django.utils import timezone

from layoffwatch.analysis.services import forecast_make
from layoffwatch.conftest import browser_login
from layoffwatch.testing.charts import drawn, hover, overlap

from .conftest import LAST, Lake

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

BANDS = """() => {
    const chart = echarts.getInstanceByDom(document.getElementById('chart-forecast-insured'));
    return chart.getOption().series.map(s => ({name: s.name, area: !!s.areaStyle,
                                              data: s.data.slice(-4)}));
}"""


@pytest.mark.parametrize("width", [1440, 360])
def test_the_forecast_is_a_line_with_its_ranges_and_its_table(
    page, people, make_enterprise, tmp_path, width
):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    Lake(make_enterprise, tmp_path).months(5)
    run = forecast_make(LAST, at=timezone.now())
    district = next(s for s in run.result["series"] if s["id"] == "insured|district|")
    first = district["forecast"][0]

    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, "sam")
    page.goto(f"{page.base}/analysis/{LAST}/#forecast")
    page.wait_for_selector("#chart-forecast-insured canvas")
    series = page.evaluate(BANDS)
    assert [s["name"] for s in series] == [
        "实际值",
        "预测",
        "80%区间",
        "80%区间",
        "95%区间",
        "95%区间",
    ]
    # the last actual month, then three forecast months: the line goes on from the last actual
    actual, mean, base80, band80 = series[0], series[1], series[2], series[3]
    assert actual["data"][0] == district["history"][-1] and actual["data"][1:] == ["-"] * 3
    assert mean["data"][1] == round(first["mean"])
    assert base80["data"][1] == round(first["lo80"]) and band80["area"]
    assert band80["data"][1] == round(first["hi80"]) - round(first["lo80"])

    page.click("[data-testid=table-forecast-insured] summary")
    held = len(run.result["months"])  # the actual months come first
    row = page.inner_text(f"#data-forecast-insured tbody tr:nth-child({held + 1})")
    assert row.startswith("2026-03")
    assert f"{round(first['lo80']):,}–{round(first['hi80']):,}" in row
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # the tooltip writes each figure with its unit: people for 参保人数, per cent for the rate
    tip = hover(page, "forecast-insured", series=1, index=held)
    assert f"预测: {round(first['mean']):,}人" in tip
    assert f"80%区间: {round(first['lo80']):,}–{round(first['hi80']):,}人" in tip
    tip = hover(page, "forecast-job_loss_rate", series=1, index=held)
    assert re.search(r"预测: [0-9.,]+%", tip) and re.search(r"95%区间: [0-9.,]+–[0-9.,]+%", tip)

    for key in ("forecast-insured", "forecast-job_loss_rate"):
        chart = drawn(page, key)
        # every month's label shown stands whole inside the chart (a third of the page wide, it
        # shows every other month: the cockpit's wide chart shows the last, test_browser_cockpit)
        shown = [b for label in chart["labels"] for b in label["boxes"]]
        assert shown and all(b["left"] >= 0 and b["right"] <= chart["width"] for b in shown)
        # the axis's name (人, %) stands clear of the legend, on a phone too
        (name,) = chart["axisName"]["boxes"]
        legend = [b for item in chart["legend"] for b in item["boxes"]]
        assert len(legend) == 4 and not any(overlap(name, b) for b in legend), (name, legend)
    assert errors == []
