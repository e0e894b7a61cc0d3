"""A chart's unit as its tooltip writes each figure (ADR 0098, 0105): 1,234人 in Chinese, 1,234
people in English, 4.6% in both; a chart without one gives the bare figure."""

import pytest
from django.utils import translation

from layoffwatch.core.charts import PEOPLE, PERCENT, chart, chart_data


def _chart(**options):
    return chart(
        "c",
        "标题",
        categories=["2026-01"],
        series=[{"name": "参保人数", "data": [{"value": 1234}]}],
        category_axis="月份",
        value_axis="人",
        **options,
    )


@pytest.mark.parametrize(
    "language, unit, written",
    [
        ("zh-hans", PEOPLE, "{n}人"),
        ("en", PEOPLE, "{n} people"),
        ("zh-hans", PERCENT, "{n}%"),
        ("en", PERCENT, "{n}%"),
        ("en", None, "{n}"),
    ],
)
def test_the_script_gets_the_unit_in_the_pages_language(language, unit, written):
    with translation.override(language):
        data = chart_data([_chart(unit=unit)])
    assert data["charts"]["c"]["unit"] == written
