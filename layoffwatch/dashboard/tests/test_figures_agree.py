"""One figure, one source (ADR 0055): a number shown on the home page is the number of the list
it links to, of the API and of the district assessment (plan S3.2, S4.5, S5)."""

import datetime as dt
import re

import pytest
import time_machine

from layoffwatch.alerts.models import Alert, DistrictAssessment
from layoffwatch.alerts.services import alert_transition, lift_request_create, lift_request_decide
from layoffwatch.assistance import services as assist
from layoffwatch.assistance.models import Vacancy
from layoffwatch.conftest import GUILIN, ZITONG
from layoffwatch.reference.models import Town
from layoffwatch.testing.cases import local, report, staff
from layoffwatch.testing.people import id_number
from layoffwatch.testing.reports import issue

pytestmark = pytest.mark.django_db
T0 = local(2026, 3, 2, 9, 0)


def figure(html: str, testid: str) -> int:
    """The first number shown in the element marked `testid` (inside its link, if any)."""
    match = re.search(rf'data-testid="{testid}"[^>]*>(?:\s*<a [^>]*>)?([^<]*)', html)
    assert match is not None, f"{testid} is not on the page"
    return int(re.search(r"\d+", match.group(1)).group())


def api(client, username: str, path: str):
    token = issue(username)
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}").json()


@pytest.fixture
def alerts(people, make_enterprise):
    """Open alerts of every level: level 1 and 3 in 桂林街道, level 2 and 3 in 梓潼街道."""
    big = make_enterprise(name="桂林电子有限公司", town_id=GUILIN, insured_headcount=900)
    other = make_enterprise(name="梓潼纺织有限公司", town_id=ZITONG, insured_headcount=300)
    on = dt.date(2026, 3, 20)
    with time_machine.travel(T0, tick=False):
        made = {
            "level1": report(big, cut=250, on=on, at=T0).alert,
            "guilin3": report(people.guilin_factory, cut=30, on=on, at=T0).alert,
            "level2": report(people.zitong_factory, cut=60, on=on, at=T0).alert,
            "zitong3": report(other, cut=30, on=on, at=T0).alert,
        }
    assert [made[k].level for k in ("level1", "guilin3", "level2", "zitong3")] == [1, 3, 2, 3]
    return made


def finish_case(alert, *, actor, at):
    """Every step and annex task of the alert's case done through the response services, as the
    units would (filings for the steps that report out), so the case may close on lifting."""
    from layoffwatch.response.models import ResponseCase
    from layoffwatch.response.services import filing_record, step_complete, task_complete

    case = ResponseCase.objects.get(alert=alert)
    for step in case.steps.filter(done_at__isnull=True):
        if step.from_closure:
            continue
        if step.needs_filings:
            for body in step.external_bodies:
                filing_record(
                    step=step, actor=actor, recipient=body, channel="fax", sent_at=at, at=at
                )
        else:
            step_complete(step=step, actor=actor, at=at)
    leads = {}
    for task in case.tasks.filter(done_at__isnull=True):
        lead = leads.get(task.lead) or staff(f"lead-{task.lead}", task.lead)
        leads[task.lead] = lead
        task_complete(task=task, actor=lead, note="已落实", at=at)


def test_each_levels_tile_is_the_alert_lists_total_the_apis_count_and_the_assessments(
    client, login, people, alerts
):
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        grade = api(client, "sam", "/api/v1/assessment")
        for user, scope in ((people.sam, {1: 1, 2: 1, 3: 2}), (people.tina, {1: 1, 2: 0, 3: 1})):
            home = login(user).get("/").content.decode()
            for level, expected in scope.items():
                listed = login(user).get(f"/alerts/?level={level}&status=open").content.decode()
                rows = api(client, user.username, f"/api/v1/alerts?level={level}&status=open")
                assert figure(home, f"open-level-{level}") == expected
                assert figure(listed, "alert-total") == expected
                assert len(rows) == expected
                if user == people.sam:  # district-wide: the district assessment counts the same
                    assert grade["open_alerts"][str(level)] == expected


def test_after_a_level_1_lift_is_approved_neither_the_home_page_nor_the_api_counts_it(
    client, login, people, alerts
):
    """plan S5.3: the leader approves the lift; at once the district is no longer 第一等次 and the
    tile says 1级 0, on the home page, on the alert list and over the API."""
    emma = staff("emma", "employment")
    level1 = alerts["level1"]
    at = T0 + dt.timedelta(days=3)
    with time_machine.travel(at, tick=False):
        assert "第一等次（严重）" in login(people.sam).get("/").content.decode()
        alert_transition(alert=level1, to_status="responding", actor=emma, at=at)
        alert_transition(alert=level1, to_status="under_control", actor=emma, at=at)
        finish_case(level1, actor=emma, at=at)
        request = lift_request_create(alert=level1, actor=emma, reason="职工已安置", at=at)
        lift_request_decide(
            request=request, actor=people.li, approve=True, note="经区政府同意", at=at
        )
        home = login(people.sam).get("/").content.decode()
        listed = login(people.sam).get("/alerts/").content.decode()
        grade = api(client, "sam", "/api/v1/assessment")
    assert Alert.objects.get(pk=level1.pk).status == Alert.Status.LIFTED
    assert figure(home, "open-level-1") == 0
    assert "第一等次" not in home and "第二等次（较重）" in home  # one level 2 + two level 3
    assert "第二等次（较重）" in listed
    assert grade["grade"] == 2 and grade["open_alerts"] == {"1": 0, "2": 1, "3": 2}
    assert DistrictAssessment.objects.first().grade == 2  # the stored history agrees


def test_a_lift_approved_before_times_stamped_ahead_of_the_clock_still_counts_and_at_is_now(
    client, login, people, make_enterprise
):
    """The demo stamps its cases at 10:00 on the day it runs: run at 08:00, the alert and the
    stored assessments lie two hours ahead. A lift approved at 08:30 must still clear the grade,
    and 评定于 must say 08:30, not 10:00."""
    factory = make_enterprise(name="潼南某电子厂", insured_headcount=900)
    emma = staff("emma", "employment")
    stamped = local(2026, 3, 2, 10, 0)
    now = local(2026, 3, 2, 8, 30)
    with time_machine.travel(local(2026, 3, 2, 8, 0), tick=False):
        alert = report(factory, cut=250, on=dt.date(2026, 3, 20), at=stamped).alert
        alert_transition(alert=alert, to_status="responding", actor=emma, at=stamped)
        alert_transition(alert=alert, to_status="under_control", actor=emma, at=stamped)
        finish_case(alert, actor=emma, at=stamped)
        request = lift_request_create(alert=alert, actor=emma, reason="职工已安置", at=stamped)
    with time_machine.travel(now, tick=False):
        lift_request_decide(request=request, actor=people.li, approve=True, note="同意", at=now)
        home = login(people.sam).get("/").content.decode()
        grade = api(client, "sam", "/api/v1/assessment")
    assert "第三等次（一般）" in home and "第一等次" not in home
    assert 'data-testid="district-grade-at">2026-03-02 08:30<' in home
    assert grade["grade"] == 3 and grade["open_alerts"]["1"] == 0
    assert dt.datetime.fromisoformat(grade["at"]) == now


def test_the_overdue_tile_is_the_sum_of_the_overdue_items_of_the_alerts_listed(
    client, login, people, alerts
):
    with time_machine.travel(local(2026, 3, 20, 9, 0), tick=False):
        for user in (people.sam, people.tina):
            home = login(user).get("/").content.decode()
            rows = api(client, user.username, "/api/v1/alerts?overdue=true")
            assert rows and figure(home, "overdue-items") == sum(r["overdue_items"] for r in rows)
        tina = sum(r["overdue_items"] for r in api(client, "tina", "/api/v1/alerts?overdue=true"))
        sam = sum(r["overdue_items"] for r in api(client, "sam", "/api/v1/alerts?overdue=true"))
        assert 0 < tina < sam  # the liaison's tile counts her town's cases only


def test_the_enterprise_tiles_are_the_enterprise_lists_totals(login, people, make_enterprise):
    make_enterprise(town_id=GUILIN, is_key_sample=True, on_watch_list=True)
    make_enterprise(town_id=ZITONG, is_key_sample=True)
    for user in (people.sam, people.tina):
        home = login(user).get("/").content.decode()
        for testid, query in (
            ("count-enterprises", ""),
            ("count-key-samples", "?flags=key_sample"),
            ("count-watch-list", "?flags=watch"),
            ("count-labour-intensive", "?flags=labour"),
            ("count-agencies", "?flags=agency"),
        ):
            listed = login(user).get(f"/enterprises/{query}").content.decode()
            assert figure(home, testid) == figure(listed, "total"), (user, testid)
    home = login(people.sam).get("/").content.decode()
    assert figure(home, "count-key-samples") == 2


def _placed(worker, *, people, make_enterprise, gig: bool):
    vacancy = Vacancy.objects.create(
        enterprise=make_enterprise(),
        occupation="普工",
        count=5,
        town_id=GUILIN,
        valid_until=dt.date(2026, 4, 1),
        is_gig=gig,
        gig_days=7 if gig else None,
    )
    assist.placement_record(worker=worker, vacancy=vacancy, actor=people.sam, at=T0)


def test_zero_employment_families_on_the_home_page_are_the_family_pages(
    login, people, make_enterprise
):
    """plan S4.5 动态清零, the demo's family: the flagged member is still 帮扶中 while a relative
    took a seven-day gig — the family is not cleared, on the home page nor on the family page."""
    guilin, zitong = Town.objects.get(code=GUILIN), Town.objects.get(code=ZITONG)
    with time_machine.travel(T0, tick=False):
        flagged = assist.worker_create(
            actor=people.sam,
            name="杨志强",
            id_number=id_number(),
            at=T0,
            town=guilin,
            household_code="TN-002",
            zero_employment_family=True,
        )
        relative = assist.worker_create(
            actor=people.sam,
            name="黄丽",
            id_number=id_number(),
            at=T0,
            town=guilin,
            household_code="TN-002",
        )
        _placed(relative, people=people, make_enterprise=make_enterprise, gig=True)
        assist.worker_create(
            actor=people.sam,
            name="梓潼某户",
            id_number=id_number(),
            at=T0,
            town=zitong,
            zero_employment_family=True,
        )
        for user, expected in ((people.sam, 2), (people.tina, 1)):
            home = login(user).get("/").content.decode()
            page = login(user).get("/assistance/families/").content.decode()
            assert figure(home, "zero-employment-families") == expected
            assert figure(page, "family-count") == expected
            assert "已全部清零" not in page
        assert "杨志强" in page and "帮扶中" in page  # tina's page: her town's family
        _placed(flagged, people=people, make_enterprise=make_enterprise, gig=False)
        home = login(people.tina).get("/").content.decode()
        page = login(people.tina).get("/assistance/families/").content.decode()
    assert figure(home, "zero-employment-families") == figure(page, "family-count") == 0
    assert "零就业家庭已全部清零" in page
