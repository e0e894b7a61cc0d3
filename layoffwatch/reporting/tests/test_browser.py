"""plan S3.1.1 QR channel in a real browser on a 360-px-wide phone screen."""

import pytest
from django.utils import timezone

from layoffwatch.reporting.models import LayoffReport
from layoffwatch.reporting.services import qr_link_create

from .helpers import soon

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_it_lets_an_hr_officer_report_on_a_360px_phone_and_see_the_receipt(page, people):
    link = qr_link_create(enterprise=people.guilin_factory, actor=people.sam, at=timezone.now())
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base}/public/report/{link.token}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#id_planned_cut", "45")
    page.fill("#id_wave_date_1", soon(5))
    page.fill("#id_contact_name", "王芳")
    page.fill("#id_contact_phone", "abc")
    page.click("#submit-report")
    assert "联系电话" in page.inner_text("[data-testid=form-errors]")
    # the draft survived the failed submission
    assert page.input_value("#id_contact_name") == "王芳"
    page.fill("#id_contact_phone", "13800000000")
    page.click("#submit-report")
    receipt = page.inner_text("[data-testid=receipt-no]")
    assert receipt == LayoffReport.objects.get().receipt_no
    assert "三级预警" in page.inner_text("#receipt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
