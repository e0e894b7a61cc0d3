"""The risk ranking in a real browser (plan S2.3 预防为先, ADR 0106): on a phone each enterprise
reads top to bottom, its 计划走访 button on the screen, nothing to scroll sideways; at a desk a
table."""

import pytest

from layoffwatch.analysis import risk
from layoffwatch.analysis.models import RiskModel
from layoffwatch.conftest import browser_login
from layoffwatch.enterprises.models import Enterprise

from .test_risk import AT, District

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# each cell of the first row: where it stands, its text and the column's name put before it
CELLS = """() => [...document.querySelectorAll('#risk-list tbody tr:first-child td')].map(td => {
    const box = td.getBoundingClientRect();
    const label = getComputedStyle(td, '::before').content;
    return {text: td.innerText.trim(), label: label === 'none' ? '' : label.replace(/"/g, ''),
            top: box.top, left: box.left, right: box.right};
})"""


@pytest.mark.parametrize("width", [360, 1440])
def test_each_enterprise_reads_top_to_bottom_on_a_phone(
    page, people, make_enterprise, lake, width, tmp_path
):
    District(people, make_enterprise, lake, size=80)
    risk.train(at=AT)
    first = Enterprise.objects.get(pk=RiskModel.objects.get().ranking[0][0])
    first.commissioner = people.cai
    first.save()

    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, "sam")
    page.goto(f"{page.base}/monitoring/risk/")
    page.wait_for_selector("#risk-list")
    page.screenshot(path=tmp_path / f"risk-{width}.png", full_page=False)  # to look at on failure
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the list itself does not scroll sideways either (a table wider than its box did)
    assert page.evaluate(
        "(() => { const t = document.querySelector('.table-responsive');"
        " return t.scrollWidth <= t.clientWidth; })()"
    )
    button = page.locator("#risk-list tbody tr:first-child button").bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= width
    assert page.locator("#risk-list tbody tr:first-child button").inner_text() == "计划走访"
    rank, name, town, probability, reasons, commissioner, visit = page.evaluate(CELLS)
    assert name["text"] == first.name and visit["text"] == "计划走访"
    if width == 360:
        # name, then its rank, town, probability, reasons, commissioner and the button, each
        # under the one before, each named by its column
        order = [name, rank, town, probability, reasons, commissioner, visit]
        assert [c["top"] for c in order] == sorted(c["top"] for c in order)
        assert len({c["top"] for c in order}) == len(order)
        assert [c["label"] for c in order] == [
            "",
            "排名",
            "镇街",
            "风险概率",
            "主要原因",
            "服务专员",
            "",
        ]
        assert town["text"] == first.town.name
        assert all(c["right"] <= width for c in order)
    else:
        # at a desk one line of a table: every cell side by side, the columns named above
        assert not any(c["label"] for c in (rank, town, probability))
        assert len({round(c["top"]) for c in (rank, name, town, probability)}) == 1
        assert rank["left"] < name["left"] < town["left"] < probability["left"] < visit["left"]
