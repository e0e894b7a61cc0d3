"""Monthly reminders (催报): who has not reported by the due day is reminded, once a month."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from layoffwatch.accounts.models import Section
from layoffwatch.accounts.services import user_create
from layoffwatch.notifications.models import Delivery, Notification, Webhook
from layoffwatch.reporting.models import ReminderRun
from layoffwatch.reporting.services import monthly_report_submit, reminders_send
from layoffwatch.reporting.tasks import monthly_reminders_daily

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(people, make_enterprise):
    """Two key samples in 桂林街道 (one reports), one watch-listed in 梓潼街道, one not obliged."""
    people.guilin_factory.is_key_sample = True
    people.guilin_factory.save()
    people.zitong_factory.on_watch_list = True
    people.zitong_factory.save()
    people.reporter_firm = make_enterprise(name="桂林按时报告有限公司", is_key_sample=True)
    make_enterprise(name="不在监测范围有限公司")
    people.emma = user_create(
        username="emma",
        password="correct-horse-battery",
        role="section_staff",
        section=Section.objects.get(code="employment"),
    )
    monthly_report_submit(
        enterprise=people.reporter_firm,
        data={"period": "2026-10", "headcount_start": 50, "headcount_end": 50},
        channel="api",
        actor=people.sam,
        at=timezone.now(),
    )
    return people


def test_nothing_goes_out_before_the_due_day(network, time_machine):
    time_machine.move_to("2026-11-10 09:05 +08:00", tick=False)
    assert reminders_send(at=timezone.now()) is None
    assert not Notification.objects.exists()


def test_after_the_due_day_each_one_is_reminded_once(network, time_machine, settings):
    Webhook.objects.create(name="催报群", url="http://127.0.0.1:9/never-called")
    time_machine.move_to("2026-11-11 09:05 +08:00", tick=False)
    run = reminders_send(at=timezone.now())
    assert (run.period, run.overdue) == ("2026-10", 2)
    # Ed reports for 桂林食品: he is reminded himself
    ed = Notification.objects.get(recipient=network.ed)
    assert ed.title == "请尽快报送 2026-10 月度用工报告" and "2026-11-10" in ed.body
    # Tina (桂林街道) sees her town's list; the other town's enterprise is not in it
    tina = Notification.objects.get(recipient=network.tina)
    assert "桂林街道 1 家企业未报送" in tina.title and "桂林食品有限公司" in tina.body
    # 就业促进和职业能力建设科 gets the count by town, and so does the group chat (one message)
    emma = Notification.objects.get(recipient=network.emma)
    assert "2 家企业逾期未报" in emma.title and "梓潼街道 1 家" in emma.body
    assert Delivery.objects.filter(channel="webhook").count() == 1
    # the daily job the next day sends nothing again
    time_machine.move_to("2026-11-12 09:05 +08:00", tick=False)
    assert monthly_reminders_daily.call_local() == "nothing due"
    assert ReminderRun.objects.count() == 1 and Notification.objects.count() == 3


def test_staff_see_the_overdue_list_by_town_and_section(network, login, time_machine):
    time_machine.move_to("2026-11-11 09:05 +08:00", tick=False)
    page = login(network.sam).get("/reporting/overdue/").content.decode()
    assert "桂林食品有限公司" in page and "梓潼汽配有限公司" in page
    assert "桂林按时报告有限公司" not in page and "不在监测范围有限公司" not in page
    assert "C 制造业" in page
    tinas = login(network.tina).get("/reporting/overdue/?period=2026-10").content.decode()
    assert "桂林食品有限公司" in tinas and "梓潼汽配有限公司" not in tinas


@pytest.mark.parametrize("period", ["0000-01", "9999-12", "2026-13", "abc"])
def test_the_overdue_list_names_a_month_that_is_not_one_and_shows_last_month(
    network, login, time_machine, period
):
    time_machine.move_to("2026-11-11 09:05 +08:00", tick=False)
    response = login(network.sam).get("/reporting/overdue/", {"period": period})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"报告月份“{period}”不对" in page
    assert "2026-10 月度用工报告逾期未报" in page
    assert "桂林食品有限公司" in page


def test_the_command_sends_them_now(network, time_machine):
    time_machine.move_to("2026-11-03 09:05 +08:00", tick=False)
    out = io.StringIO()
    call_command("remind_monthly", "--force", stdout=out)
    assert "2026-10：2 家逾期未报" in out.getvalue()
