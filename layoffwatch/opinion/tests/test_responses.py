"""The response to a public-opinion event (plan S6.4 “及时主动发声”; opinion/responses.py): the
assessment starts the clocks of 国办发〔2016〕61号, the statement is drafted from what the record
holds, a leader other than the drafter approves it, its publication is in time or late, an
unanswered one is escalated a rung a day, and the coordination with 区委宣传部 is logged."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from layoffwatch.accounts.models import Section
from layoffwatch.accounts.roles import Role
from layoffwatch.accounts.services import user_create
from layoffwatch.alerts.models import Alert
from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, PASSWORD, ZITONG
from layoffwatch.core.clock import local_datetime
from layoffwatch.notifications.models import Notification
from layoffwatch.opinion.models import OpinionEvent, OpinionResponse
from layoffwatch.opinion.services import opinion_import
from layoffwatch.response.models import ResponseCase
from layoffwatch.response.services import overdue_escalate

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 6, 10, 0))  # Tongnan's wall clock
EXPORT = (
    "标题,内容,来源,发布时间,链接\n"
    ",源达蔬菜食品拖欠工资三个月，工人在厂门口讨薪,潼南论坛,2026-12-06 08:10,https://bbs.example.cn/t/1\n"
    ",转发：源达蔬菜食品拖欠工资三个月，工人在厂门口讨薪,微博,2026-12-06 08:40,https://weibo.example.cn/p/2\n"
    ",潼南泰新电气有限公司车间停工，工人说要裁员一半,今日头条,2026-12-06 09:30,https://toutiao.example.cn/a/4\n"
)


def at(hours: float) -> dt.datetime:
    return NOW + dt.timedelta(hours=hours)


@pytest.fixture
def events(make_enterprise, people):
    yuanda = make_enterprise(name="重庆市潼南区源达蔬菜食品有限公司", town_id=GUILIN)
    taixin = make_enterprise(name="潼南泰新电气有限公司", town_id=ZITONG, industry_id="3823")
    opinion_import(actor=None, data=EXPORT.encode("utf-8"), file_name="导出.csv", at=NOW)

    class Events:
        arrears = OpinionEvent.objects.get(enterprise=yuanda)
        stoppage = OpinionEvent.objects.get(enterprise=taixin)

    Events.yuanda = yuanda
    return Events


def page(client, event) -> str:
    return client.get(f"/opinion/events/{event.pk}/").content.decode()


def post(client, event, action: str, **data) -> str:
    url = f"/opinion/events/{event.pk}/response/{action}/"
    return client.post(url, data, follow=True).content.decode()


def assess(client, event, grade="major"):
    return post(
        client,
        event,
        "assess",
        grade=grade,
        assessment="工人聚集讨薪，已有转发，可能引发群体性事件",
        plan="核实欠薪情况，协调区委宣传部统一口径",
    )


def approved(people, login, event, *, hours=0.5):
    """Sam assesses (重大) and drafts at `hours`, Li approves."""
    with time_machine.travel(at(hours), tick=False):
        assess(login(people.sam), event)
        post(login(people.sam), event, "draft")
        # the drafter fills in what the record did not hold
        draft = OpinionResponse.objects.get(event=event).statement
        checked = re.sub(r"【待核实：[^】]*】", "（已核实）", draft)
        post(login(people.sam), event, "statement", statement=checked)
        post(login(people.li), event, "approve")
    assert OpinionResponse.objects.get(event=event).approved_by == people.li


def test_a_statement_still_to_be_verified_is_not_approved(events, people, login):
    """A draft with 【待核实：…】 left in it is refused by name, nothing changed, audited."""
    with time_machine.travel(at(0.5), tick=False):
        assess(login(people.sam), events.arrears)
        post(login(people.sam), events.arrears, "draft")
        refused = post(login(people.li), events.arrears, "approve")
    assert "还有【待核实】的内容" in refused
    assert OpinionResponse.objects.get(event=events.arrears).approved_at is None
    assert AuditEntry.objects.filter(action="rejected", summary__contains="待核实").exists()


def test_a_publication_before_the_approval_is_refused(events, people, login):
    approved(people, login, events.arrears, hours=1)
    with time_machine.travel(at(2), tick=False):
        refused = post(
            login(people.sam),
            events.arrears,
            "publish",
            channel="wechat",
            published_at=f"{local_datetime(at(0.5)):%Y-%m-%dT%H:%M}",
        )
    assert "早于回应稿审批时间" in refused
    assert OpinionResponse.objects.get(event=events.arrears).answered_at is None


def test_the_grade_starts_the_clocks_and_the_page_shows_them(events, people, login):
    sam = login(people.sam)
    with time_machine.travel(at(1), tick=False):
        assess(sam, events.arrears, "major")
        assess(sam, events.stoppage, "general")
        major, general = page(sam, events.arrears), page(sam, events.stoppage)
    clocks = major.split('id="response-clocks"')[1].split("</ul>")[0]
    # from when the bureau first held it (10:00), not from the assessment (11:00)
    assert "发布权威信息：时限 2026-12-06 15:00" in clocks and "剩余 4小时0分" in clocks
    assert "举行新闻发布会：时限 2026-12-07 10:00" in clocks and "剩余 23小时0分" in clocks
    assert "回应：时限 2026-12-08 10:00" in general and "剩余 47小时0分" in general
    with time_machine.travel(at(6), tick=False):
        assert "已逾期 1小时0分" in page(sam, events.arrears)


def test_the_draft_holds_the_case_facts_the_record_has(events, people, login):
    alert = Alert.objects.create(
        enterprise=events.yuanda,
        level=Alert.Level.SERIOUS,
        status=Alert.Status.RESPONDING,
        first_wave_on=dt.date(2026, 11, 18),
        last_wave_on=dt.date(2026, 11, 18),
        policy_version="test",
        opened_at=timezone.make_aware(dt.datetime(2026, 11, 19, 9, 0)),
    )
    ResponseCase.objects.create(
        alert=alert,
        level=2,
        opened_at=timezone.make_aware(dt.datetime(2026, 11, 20, 9, 0)),
        policy_version="test",
    )
    sam = login(people.sam)
    with time_machine.travel(at(1), tick=False):
        assess(sam, events.arrears)
        shown = post(sam, events.arrears, "draft")
    draft = OpinionResponse.objects.get(event=events.arrears).statement
    assert "重庆市潼南区源达蔬菜食品有限公司拖欠工资" in draft
    assert "2026-12-06 08:10 首次出现，共 2 条" in draft
    assert "该企业已于 2026-11-19 纳入规模性裁员预警（二级预警（较重））" in draft
    assert "区人力社保局已于 2026-11-20 启动处置，目前处置中" in draft
    assert "【待核实：企业用工" not in draft and "【待核实：咨询电话】" in draft
    assert "2026-11-20 启动处置" in shown  # in the statement's box on the page


def test_without_a_case_the_draft_says_what_must_be_checked(events, people, login):
    sam = login(people.sam)
    with time_machine.travel(at(1), tick=False):
        assess(sam, events.stoppage)
        post(sam, events.stoppage, "draft")
    draft = OpinionResponse.objects.get(event=events.stoppage).statement
    assert "【待核实：企业用工、裁员、欠薪的实际情况" in draft
    assert "纳入规模性裁员预警" not in draft and "启动处置" not in draft


def test_the_drafter_cannot_approve_and_another_leader_can(events, people, login):
    li = login(people.li)
    with time_machine.travel(at(1), tick=False):
        assess(li, events.arrears)
        post(li, events.arrears, "statement", statement="关于源达公司欠薪的情况说明")
        refused = post(li, events.arrears, "approve")
    assert "不能审批自己起草的回应稿" in refused
    response = OpinionResponse.objects.get(event=events.arrears)
    assert response.approved_at is None
    entry = AuditEntry.objects.filter(action="rejected").get()
    assert "拒绝审批舆情回应稿" in entry.summary and entry.actor_id == people.li.pk
    with time_machine.travel(at(2), tick=False):
        post(login(people.sam), events.arrears, "statement", statement="关于源达公司欠薪的说明")
        done = post(login(people.li), events.arrears, "approve")
    assert "已审批回应稿" in done
    response.refresh_from_db()
    assert response.approved_by == people.li and response.drafted_by == people.sam
    # a change after approval is not what the leader approved
    with time_machine.travel(at(3), tick=False):
        edited = post(login(people.sam), events.arrears, "statement", statement="改过的说明")
    response.refresh_from_db()
    assert response.approved_at is None and "待局领导审批" in edited


def test_a_statement_not_approved_cannot_be_published(events, people, login):
    sam = login(people.sam)
    with time_machine.travel(at(1), tick=False):
        assess(sam, events.arrears)
        post(sam, events.arrears, "draft")
        refused = post(
            sam, events.arrears, "publish", channel="wechat", published_at="2026-12-06T10:50"
        )
    assert "发布：回应稿尚未经局领导审批，不能登记发布" in refused
    assert not OpinionResponse.objects.get(event=events.arrears).publications.exists()
    assert AuditEntry.objects.filter(
        action="rejected", summary__contains="登记舆情回应发布"
    ).exists()


def test_a_publication_in_the_future_is_refused(events, people, login):
    approved(people, login, events.arrears)
    with time_machine.travel(at(1), tick=False):
        refused = post(
            login(people.sam),
            events.arrears,
            "publish",
            channel="wechat",
            published_at="2026-12-06T13:00",
        )
    assert "发布时间：晚于现在，不能登记未来的时间" in refused
    assert OpinionResponse.objects.get(event=events.arrears).answered_at is None


def test_published_within_five_hours_is_in_time(events, people, login):
    approved(people, login, events.arrears)
    with time_machine.travel(at(4 + 59 / 60), tick=False):  # 14:59
        shown = post(
            login(people.sam),
            events.arrears,
            "publish",
            channel="wechat",
            published_at="2026-12-06T14:59",
        )
    clocks = shown.split('id="response-clocks"')[1].split("</ul>")[0]
    assert "已于 2026-12-06 14:59 完成，按时" in clocks
    assert "举行新闻发布会：时限 2026-12-07 10:00" in clocks and "剩余 19小时1分" in clocks
    assert "潼南人社微信公众号" in shown.split('id="response-publications"')[1]
    assert OpinionEvent.objects.get(pk=events.arrears.pk).status == "closed"


def test_published_after_five_hours_is_late(events, people, login):
    approved(people, login, events.arrears)
    with time_machine.travel(at(5 + 1 / 60), tick=False):  # 15:01
        shown = post(
            login(people.sam),
            events.arrears,
            "publish",
            channel="conference",
            published_at="2026-12-06T15:01",
        )
    clocks = shown.split('id="response-clocks"')[1].split("</ul>")[0]
    assert "已于 2026-12-06 15:01 完成，超时 0小时1分" in clocks
    # the press conference was held within 24 hours
    assert clocks.count("已于 2026-12-06 15:01 完成") == 2 and "完成，按时" in clocks


def _told(user) -> int:
    return Notification.objects.filter(recipient=user, title__contains="逾期催办：舆情回应").count()


def test_an_unanswered_response_is_escalated_a_rung_a_day_once(events, people, login):
    ann = user_create(
        username="ann",
        password=PASSWORD,
        role=Role.SECTION_STAFF,
        section=Section.objects.get(code="employment"),
    )
    with time_machine.travel(at(1), tick=False):
        assess(login(people.sam), events.arrears)
    with time_machine.travel(at(4.9), tick=False):  # 14:54, before the deadline
        assert overdue_escalate(at=timezone.now())["opinion_responses"] == 0
    with time_machine.travel(at(6), tick=False):  # 16:00 the same day: rung 1
        first = overdue_escalate(at=timezone.now())["opinion_responses"]
        again = overdue_escalate(at=timezone.now())["opinion_responses"]
    assert (first, again) == (1, 0)
    assert (_told(ann), _told(people.sam), _told(people.li)) == (1, 1, 0)
    with time_machine.travel(at(13.5), tick=False):  # 23:30, still the same local day
        assert overdue_escalate(at=timezone.now())["opinion_responses"] == 0
    with time_machine.travel(at(14.5), tick=False):  # 00:30 the next local day: rung 2
        overdue_escalate(at=timezone.now())
        overdue_escalate(at=timezone.now())
    assert (_told(ann), _told(people.sam), _told(people.li)) == (1, 1, 1)
    assert AuditEntry.objects.filter(summary__contains="逾期催办：舆情回应").count() == 2
    with time_machine.travel(at(14.5), tick=False):
        mine = login(people.sam).get("/response/").content.decode()
    assert "源达蔬菜食品" in mine.split('id="my-opinion-responses"')[1].split("</table>")[0]


def test_a_liaison_reads_the_response_but_cannot_assess(events, people, login):
    with time_machine.travel(at(1), tick=False):
        assess(login(people.sam), events.arrears)
        tina = login(people.tina)
        shown = page(tina, events.arrears)
        refused = tina.post(
            f"/opinion/events/{events.arrears.pk}/response/assess/",
            {"grade": "general", "assessment": "一般", "plan": "观察"},
        )
        # 泰新's story is in 梓潼街道, not hers: not there
        elsewhere = tina.post(f"/opinion/events/{events.stoppage.pk}/response/assess/", {})
    assert "发布权威信息：时限 2026-12-06 15:00" in shown and "保存研判" not in shown
    assert refused.status_code == 403
    assert OpinionResponse.objects.get(event=events.arrears).grade == "major"
    entry = AuditEntry.objects.filter(action="denied", summary__contains="拒绝研判舆情事件").get()
    assert "只有区级工作人员可以研判和回应舆情" in entry.summary
    assert entry.actor_id == people.tina.pk
    assert elsewhere.status_code == 404


def test_the_coordination_with_the_publicity_department_is_logged(events, people, login):
    sam = login(people.sam)
    with time_machine.travel(at(1), tick=False):
        refused = post(
            sam, events.arrears, "coordinate", organisation="other", held_at="2026-12-06T10:30"
        )
        shown = post(
            sam,
            events.arrears,
            "coordinate",
            organisation="publicity",
            held_at="2026-12-06T10:30",
            agreed="统一口径，由区人力社保局在微信公众号发布情况说明",
        )
    assert "协调单位：选择“其他”时请注明单位名称" in refused
    log = shown.split('id="response-coordination"')[1].split("</ul>")[0]
    assert "2026-12-06 10:30 · 区委宣传部" in log and "统一口径" in log
    assert events.arrears.coordinations.count() == 1
