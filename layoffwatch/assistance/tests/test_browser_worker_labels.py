"""A worker's 一人一策 page at desktop width: no short label is broken over lines (it was, one or
two characters a line, beside a long value)."""

import pytest
from django.utils import timezone

from layoffwatch.assistance import services as s
from layoffwatch.conftest import browser_login
from layoffwatch.testing.people import id_number

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# each label (a table's header cell, a form field's label) and how many lines it takes
LINES = """() => [...document.querySelectorAll('main th, main label')]
  .filter(e => e.offsetParent !== null && e.innerText.trim().length > 1)
  .map(e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return [e.innerText.trim(), tops.size];
  })"""


@pytest.mark.parametrize("width", [1440, 1280])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_label_of_the_plan_page_wraps_at_desktop_width(page, people, width, language):
    worker = s.worker_create(
        actor=people.sam,
        name="张三",
        id_number=id_number(),
        at=timezone.now(),
        hardship=True,
        occupation="焊工",
        skills="电焊 氩弧焊 二氧化碳保护焊 叉车 数控车床操作",
    )
    s.measure_add(  # a pending measure with a long note: its row holds a form and much text
        plan=worker.plan,
        kind="relief",
        date=timezone.localdate(),
        actor=people.sam,
        at=timezone.now(),
        note="转介民政临时救助，已联系所在镇街民政办，待其上门核实家庭收入和困难情况后给予救助" * 2,
    )
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, "sam")
    page.goto(f"{page.base}/assistance/workers/{worker.pk}/")
    page.click(f"[data-testid=lang-{language}]")
    page.fill("#ui-form input[name=contribution_months]", "7")
    page.click("#ui-submit")  # not eligible: the reasons make the facts' value column long
    page.wait_for_selector("[data-testid=ui-result] .small")
    # a label of a few words stays on one line; a sentence-long one may wrap
    wrapped = [(t, lines) for t, lines in page.evaluate(LINES) if lines > 1 and len(t) <= 24]
    assert wrapped == [], wrapped
