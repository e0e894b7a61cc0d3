"""The forecasts drawn in a real browser (plan S3.1.3 预测, ADR 0105): the month page's lines with
their 80 % and 95 % bands, readable as a table too, on a laptop and on a phone."""

import pytest
from django.utils import timezone

from layoffwatch.analysis.services import forecast_make
from layoffwatch.conftest import browser_login

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
    assert errors == []
