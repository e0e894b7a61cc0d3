"""The 舆情研判 pages (plan S6.4; ADR 0107): events ranked gravest and hottest first, an event's
items with phone and ID numbers masked, each role within its scope, bringing items in."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from layoffwatch.conftest import ZITONG
from layoffwatch.opinion.models import OpinionEvent, OpinionItem

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 6, 10, 0))
EXPORT = (
    "标题,内容,来源,发布时间,链接\n"
    ",源达蔬菜食品拖欠工资三个月，工人在厂门口讨薪，身份证500223199001011234，电话13812345678,"
    "潼南论坛,2026-12-06 08:10,https://bbs.example.cn/t/1\n"
    ",转发：源达蔬菜食品拖欠工资三个月，工人在厂门口讨薪，身份证500223199001011234，电话13812345678,"
    "微博,2026-12-06 08:40,https://weibo.example.cn/p/2\n"
    ",转：源达蔬菜食品拖欠工资三个月，工人在厂门口讨薪，身份证500223199001011234，电话13812345678,"
    "抖音,2026-12-06 09:10,https://douyin.example.cn/v/3\n"
    ",潼南泰新电气有限公司招聘普工50名，月薪五千以上，包吃住,今日头条,2026-12-06 09:30,"
    "https://toutiao.example.cn/a/4\n"
)


@pytest.fixture
def imported(firms, people, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with time_machine.travel(NOW, tick=False):
        upload = SimpleUploadedFile("导出.csv", EXPORT.encode("utf-8-sig"), "text/csv")
        answer = login(people.sam).post("/opinion/import/", {"file-file": upload}, follow=True)
    assert "新增 4 条" in answer.content.decode()
    return firms


def test_the_grave_hot_story_comes_first_with_its_items_masked(imported, people, login):
    client = login(people.sam)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/opinion/").content.decode()
    rows = page.split('id="opinion-events"')[1].split("</tbody>")[0].split("<tr id=")[1:]
    assert len(rows) == 2
    assert (
        "拖欠工资" in rows[0]
        and "热点" in rows[0]
        and "重庆市潼南区源达蔬菜食品有限公司" in rows[0]
    )
    assert "招聘用工" in rows[1] and "热点" not in rows[1]
    event = OpinionEvent.objects.get(enterprise=imported.yuanda)
    detail = client.get(f"/opinion/events/{event.pk}/").content.decode()
    items = detail.split('id="event-items"')[1].split("</ul>")[0]
    assert items.count("<li") == 3
    assert "13812345678" not in detail and "138****5678" in detail
    assert "500223199001011234" not in detail and "500223********1234" in detail
    # the ID number was masked before it was stored; the phone is kept for a call-back
    assert "500223199001011234" not in OpinionItem.objects.first().text


def test_each_role_reads_what_is_in_its_scope(imported, people, login):
    event = OpinionEvent.objects.get(enterprise=imported.yuanda)  # 桂林街道
    other = OpinionEvent.objects.get(enterprise=imported.taixin)  # 梓潼街道
    tina = login(people.tina)
    assert tina.get(f"/opinion/events/{event.pk}/").status_code == 200
    assert tina.get(f"/opinion/events/{other.pk}/").status_code == 404
    assert tina.get(f"/opinion/events/{other.pk + 1000}/").status_code == 404
    listed = tina.get("/opinion/").content.decode()
    assert f'id="event-{event.pk}"' in listed and f'id="event-{other.pk}"' not in listed
    assert tina.get("/opinion/import/").status_code == 403
    assert login(people.ed).get("/opinion/").status_code == 403


def test_a_staff_member_enters_an_item_and_a_future_time_is_refused(firms, people, login):
    client = login(people.sam)
    form = {
        "entry-source": "电话反映",
        "entry-published_at": "2026-12-06T09:00",
        "entry-text": "泰新电气车间停工，工人说下周放长假",
    }
    with time_machine.travel(NOW, tick=False):
        later = client.post("/opinion/import/", {**form, "entry-published_at": "2026-12-07T09:00"})
        assert "发布时间：晚于现在，不能录入未来的信息" in later.content.decode()
        assert not OpinionItem.objects.exists()
        client.post("/opinion/import/", form)
    item = OpinionItem.objects.get()
    assert item.enterprise == firms.taixin and item.entered_by == people.sam
    assert item.event.town_id == ZITONG


def test_a_refused_file_lists_its_rows_on_the_page(firms, people, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = "内容,发布时间\n,2026-12-05 09:00\n"
    with time_machine.travel(NOW, tick=False):
        upload = SimpleUploadedFile("坏.csv", bad.encode(), "text/csv")
        page = login(people.sam).post("/opinion/import/", {"file-file": upload}).content.decode()
    assert "未导入：发现 1 处问题" in page and "内容为空" in page
    assert not OpinionItem.objects.exists()


def test_an_event_becomes_one_clue_on_the_clue_desk(imported, people, login):
    from layoffwatch.monitoring.models import Clue

    event = OpinionEvent.objects.get(enterprise=imported.yuanda)
    other = OpinionEvent.objects.get(enterprise=imported.taixin)
    tina = login(people.tina)  # 桂林街道's liaison: the 源达 story is in her town, 泰新's is not
    assert tina.post(f"/opinion/events/{other.pk}/clue/").status_code == 404
    page = tina.post(f"/opinion/events/{event.pk}/clue/", follow=True).content.decode()
    clue = Clue.objects.get()
    assert clue.channel == Clue.Channel.PUBLIC_OPINION and clue.enterprise == imported.yuanda
    assert "13812345678" not in clue.description and "拖欠工资" in clue.description
    assert "已转为线索" in page and f"/monitoring/signals/{clue.signal_id}/" in page
    again = tina.post(f"/opinion/events/{event.pk}/clue/", follow=True).content.decode()
    assert "该舆情事件已转为线索" in again and Clue.objects.count() == 1


def test_the_enterprise_page_lists_its_events_to_those_who_may_read_them(imported, people, login):
    uscc = imported.yuanda.uscc
    page = login(people.sam).get(f"/enterprises/{uscc}/").content.decode()
    section = page.split('id="related-opinion"')[1].split("</ul>")[0]
    assert "拖欠工资" in section and "3 条" in section
    taixin = login(people.tina).get(f"/enterprises/{imported.taixin.uscc}/")
    assert 'id="related-opinion"' not in taixin.content.decode()  # not in her town: not shown


def test_a_phone_number_cut_by_an_event_s_name_is_masked_first(firms, people, login):
    """An event named by the start of a long text: the number is masked before the name is cut,
    so no run of its digits is left to read back with the item's masked number."""
    import re

    from layoffwatch.opinion.services import opinion_import

    text = "来电人反映梓潼街道某工地老板拖欠农民工工资已经三个多月了，多次讨要无果，请有关部门尽快处理，联系电话13800004830"
    assert text.index("138") < 60 < text.index("138") + 11  # the number straddles the cut
    data = f"工单编号,来电时间,诉求内容\nGD1,2026-12-06 09:00,{text}\n".encode()
    opinion_import(actor=None, data=data, file_name="12345.csv", at=NOW)
    event = OpinionEvent.objects.get()
    page = login(people.sam).get("/opinion/").content.decode()
    assert not re.search(r"\d{5,}", event.title)
    assert "13800004" not in page and "0004830" not in page


def test_the_alert_and_its_case_list_the_enterprise_s_events(imported, people, login):
    """An alert's page and its case's page show what people say of the enterprise (plan S6.4
    with S5): the same section as the enterprise's page, within the reader's scope."""
    from layoffwatch.alerts.models import Alert
    from layoffwatch.response.models import ResponseCase

    alert = Alert.objects.create(
        enterprise=imported.yuanda,
        level=Alert.Level.SERIOUS,
        status=Alert.Status.RESPONDING,
        first_wave_on=dt.date(2026, 11, 18),
        last_wave_on=dt.date(2026, 11, 18),
        policy_version="test",
        opened_at=timezone.make_aware(dt.datetime(2026, 11, 19, 9, 0)),
    )
    case = ResponseCase.objects.create(
        alert=alert, level=2, opened_at=alert.opened_at, policy_version="test"
    )
    event = OpinionEvent.objects.get(enterprise=imported.yuanda)
    sam = login(people.sam)
    for url in (f"/alerts/{alert.pk}/", f"/response/cases/{case.pk}/"):
        page = sam.get(url).content.decode()
        section = page.split('id="related-opinion"')[1].split("</ul>")[0]
        assert f"/opinion/events/{event.pk}/" in section and "拖欠工资 · 负面 · 3 条" in section
        assert "13812345678" not in section
