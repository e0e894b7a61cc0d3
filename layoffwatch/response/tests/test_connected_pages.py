"""Connected pages (workbench): the alert's own page with its facts, waves, reports, signals,
history and case; receipts, alerts, cases and enterprises link to each other; the case list
with its filters; the enterprise page's related records — each within the user's scope
(ADR 0002: "not there" and "not yours" look the same)."""

import datetime as dt

import pytest
import time_machine

from layoffwatch.conftest import ZITONG
from layoffwatch.response.models import ResponseCase
from layoffwatch.testing.cases import local, report

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


@pytest.fixture
def alerts(people):
    with time_machine.travel(T0, tick=False):
        guilin = report(people.guilin_factory, cut=30, on=dt.date(2026, 3, 20), at=T0)
        zitong = report(people.zitong_factory, cut=60, on=dt.date(2026, 3, 20), at=T0)
    return guilin, zitong


def test_the_alert_page_shows_its_facts_waves_receipts_history_and_case(login, people, alerts):
    guilin, _ = alerts
    alert = guilin.alert
    case = ResponseCase.objects.get(alert=alert)
    html = login(people.sam).get(f"/alerts/{alert.pk}/").content.decode()
    assert f"预警 #{alert.pk}" in html and "三级预警" in html
    assert f'href="/enterprises/{people.guilin_factory.uscc}/"' in html  # the enterprise
    assert f'href="/reporting/{guilin.receipt_no}/"' in html  # the report behind it
    assert "2026-03-20" in html and "30" in html  # its wave
    assert "发布预警" in html  # its history
    assert f'href="/response/cases/{case.pk}/"' in html  # its case stays reachable


def test_a_liaison_cannot_open_another_towns_alert_page(login, people, alerts):
    guilin, zitong = alerts
    tina = login(people.tina)
    assert tina.get(f"/alerts/{guilin.alert.pk}/").status_code == 200
    assert tina.get(f"/alerts/{zitong.alert.pk}/").status_code == 404  # like one not there
    assert tina.get("/alerts/999999/").status_code == 404


def test_the_receipt_and_the_lists_link_the_alert_and_the_enterprise(login, people, alerts):
    guilin, _ = alerts
    alert = guilin.alert
    html = login(people.sam).get(f"/reporting/{guilin.receipt_no}/").content.decode()
    assert f'href="/alerts/{alert.pk}/"' in html
    assert f'href="/enterprises/{people.guilin_factory.uscc}/"' in html
    listed = login(people.sam).get("/alerts/").content.decode()
    assert f'href="/alerts/{alert.pk}/"' in listed
    assert f'href="/enterprises/{people.guilin_factory.uscc}/"' in listed
    # the enterprise's own reporter sees the level but no link to a page he may not open
    own = login(people.ed).get(f"/reporting/{guilin.receipt_no}/").content.decode()
    assert "三级预警" in own and f'href="/alerts/{alert.pk}/"' not in own


def test_the_case_list_filters_by_level_status_and_town_within_scope(login, people, alerts):
    guilin, zitong = alerts
    guilin_case = ResponseCase.objects.get(alert=guilin.alert)
    zitong_case = ResponseCase.objects.get(alert=zitong.alert)
    sam = login(people.sam)
    html = sam.get("/response/cases/").content.decode()
    assert f'href="/response/cases/{guilin_case.pk}/"' in html
    assert f'href="/response/cases/{zitong_case.pk}/"' in html
    assert f'href="/alerts/{zitong.alert.pk}/"' in html  # each case links its alert …
    assert f'href="/enterprises/{people.zitong_factory.uscc}/"' in html  # … and its enterprise
    by_level = sam.get(f"/response/cases/?level={zitong_case.level}").content.decode()
    assert "梓潼汽配有限公司" in by_level and "桂林食品有限公司" not in by_level
    by_town = sam.get(f"/response/cases/?town={ZITONG}").content.decode()
    assert "梓潼汽配有限公司" in by_town and "桂林食品有限公司" not in by_town
    closed = sam.get("/response/cases/?status=closed").content.decode()
    assert "没有符合条件的处置案件" in closed
    # the liaison of 桂林街道 sees her town's case only, and cannot pick another town
    tina = login(people.tina)
    html = tina.get("/response/cases/").content.decode()
    assert "桂林食品有限公司" in html and "梓潼汽配有限公司" not in html
    assert "梓潼汽配有限公司" not in tina.get(f"/response/cases/?town={ZITONG}").content.decode()
    assert login(people.ed).get("/response/cases/").status_code == 403
    # 应急处置's pages link each other
    assert 'href="/response/cases/"' in login(people.sam).get("/response/").content.decode()


def test_the_enterprise_page_lists_what_the_viewer_may_see_of_it(login, people, alerts):
    from layoffwatch.accounts.models import Section
    from layoffwatch.assistance.services.support import support_plan_create
    from layoffwatch.monitoring.models import Signal
    from layoffwatch.rights.models import RightsCase
    from layoffwatch.rights.services import rights_case_create

    guilin, zitong = alerts
    factory = people.guilin_factory
    case = ResponseCase.objects.get(alert=guilin.alert)
    signal = Signal.objects.create(
        kind=Signal.Kind.MASS_STOPPAGE,
        enterprise=factory,
        town=factory.town,
        period="2026-02",
        count=12,
        summary="社保断缴",
        assigned_unit=Section.objects.get(code="talent_center"),
        dedupe_key=f"stoppage:{factory.uscc}:2026-02",
        alert=guilin.alert,
    )
    plan = support_plan_create(enterprise=factory, planned_cut=30, actor=people.sam, at=T0)
    dispute = rights_case_create(
        kind=RightsCase.Kind.values[0],
        dispute_type=RightsCase.DisputeType.values[0],
        enterprise=factory,
        summary="欠薪",
        workers_involved=5,
        received_at=T0,
        actor=people.sam,
        at=T0,
    )
    html = login(people.sam).get(f"/enterprises/{factory.uscc}/").content.decode()
    for href in (
        f"/reporting/{guilin.receipt_no}/",
        f"/alerts/{guilin.alert.pk}/",
        f"/monitoring/signals/{signal.pk}/",
        f"/response/cases/{case.pk}/",
        f"/assistance/support/{plan.pk}/",
        f"/rights/{dispute.pk}/",
    ):
        assert f'href="{href}"' in html, href
    assert zitong.receipt_no not in html  # another enterprise's report is not listed
    # the alert page names the signal linked to it
    alert_page = login(people.sam).get(f"/alerts/{guilin.alert.pk}/").content.decode()
    assert f'href="/monitoring/signals/{signal.pk}/"' in alert_page
    # the enterprise's own reporter sees its reports, and nothing of the bureau's pages
    own = login(people.ed).get(f"/enterprises/{factory.uscc}/").content.decode()
    assert f'href="/reporting/{guilin.receipt_no}/"' in own
    assert 'id="related-alerts"' not in own and f"/alerts/{guilin.alert.pk}/" not in own
    assert "/response/cases/" not in own and "/rights/" not in own and "/assistance/" not in own
    assert "/monitoring/signals/" not in own
    # the liaison of 桂林街道 cannot open 梓潼街道's enterprise at all
    tina = login(people.tina)
    assert tina.get(f"/enterprises/{people.zitong_factory.uscc}/").status_code == 404
    assert (
        f'href="/alerts/{guilin.alert.pk}/"'
        in tina.get(f"/enterprises/{factory.uscc}/").content.decode()
    )


def test_the_case_page_links_its_alert_and_enterprise(login, people, alerts):
    guilin, _ = alerts
    case = ResponseCase.objects.get(alert=guilin.alert)
    html = login(people.sam).get(f"/response/cases/{case.pk}/").content.decode()
    assert f'href="/alerts/{guilin.alert.pk}/"' in html
    assert f'href="/enterprises/{people.guilin_factory.uscc}/"' in html


def test_the_new_pages_speak_english(login, people, alerts, client):
    guilin, _ = alerts
    client.cookies["django_language"] = "en"
    sam = login(people.sam)
    alert_page = sam.get(f"/alerts/{guilin.alert.pk}/").content.decode()
    assert "Alert history" in alert_page and "No linked signals" in alert_page
    assert "裁员批次" not in alert_page and "预警记录" not in alert_page
    cases = sam.get("/response/cases/").content.decode()
    assert "All levels" in cases and "全部等级" not in cases
    firm = sam.get(f"/enterprises/{people.guilin_factory.uscc}/").content.decode()
    # (a title another app translated first reads its words: "Layoff report(s)", "Response case(s)")
    assert "Layoff report" in firm and "Response case" in firm and "in all" in firm


def test_the_case_page_names_its_rules_by_the_day_they_took_effect(login, people, alerts):
    guilin, _ = alerts
    case = ResponseCase.objects.get(alert=guilin.alert)
    html = login(people.sam).get(f"/response/cases/{case.pk}/").content.decode()
    assert "2023-02-23 起施行的政策参数" in html
    assert case.policy_version not in html  # the version's hash is for the record, not for staff


def test_each_wave_says_the_level_it_reached_by_name(login, people, alerts):
    guilin, _ = alerts
    html = login(people.sam).get(f"/alerts/{guilin.alert.pk}/").content.decode()
    waves = html[html.index("达到等级") : html.index("</table>", html.index("达到等级"))]
    assert "三级预警（轻微）" in waves and "3级" not in waves
    # and in the time limits of the case page, in English on request
    case = ResponseCase.objects.get(alert=guilin.alert)
    client = login(people.sam)
    client.cookies["django_language"] = "en"
    page = client.get(f"/response/cases/{case.pk}/").content.decode()
    assert "within 12 hours" in page or "at once" in page
    assert "小时内" not in page and "个工作日内" not in page
