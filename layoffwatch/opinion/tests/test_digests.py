"""The daily and weekly digests (舆情日报 / 舆情周报; plan S6.4; opinion/digests.py): the same
figures on the page and in the DOCX, Tongnan's local days, the week against the week before,
each reader's scope, a refused date said by name, and the download audited."""

import datetime as dt
import io
from urllib.parse import quote

import pytest
import time_machine
from django.utils import timezone
from docx import Document

from layoffwatch.audit.models import AuditEntry
from layoffwatch.opinion.services import opinion_import

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 6, 10, 0))  # Tongnan's wall clock, a Sunday
EXPORT = (
    "标题,内容,来源,发布时间,链接\n"
    ",源达蔬菜食品拖欠工资三个月，工人在厂门口讨薪,潼南论坛,2026-12-06 08:10,https://bbs.example.cn/t/1\n"
    ",转发：源达蔬菜食品拖欠工资三个月，工人在厂门口讨薪,微博,2026-12-06 08:40,https://weibo.example.cn/p/2\n"
    ",转：源达蔬菜食品拖欠工资三个月，工人在厂门口讨薪,抖音,2026-12-06 09:10,https://douyin.example.cn/v/3\n"
    ",潼南泰新电气有限公司招聘普工50名，月薪五千以上，包吃住,今日头条,2026-12-06 09:30,https://toutiao.example.cn/a/4\n"
)


@pytest.fixture
def imported(firms):
    opinion_import(actor=None, data=EXPORT.encode("utf-8"), file_name="导出.csv", at=NOW)
    return firms


def bring_in(rows: list[tuple[str, str]], at: dt.datetime, name: str = "导出.csv") -> None:
    """Items (text, local time) from one export file, each with its own link."""
    lines = ["内容,来源,发布时间,链接"]
    for i, (text, when) in enumerate(rows):
        lines.append(f"{text},潼南论坛,{when},https://bbs.example.cn/t/{name}-{i}")
    opinion_import(actor=None, data="\n".join(lines).encode(), file_name=name, at=at)


def shown(page: str, name: str) -> str:
    return page.split(f'data-testid="{name}">')[1].split("</")[0]


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_the_day_s_figures_are_the_same_on_the_page_and_in_the_docx(imported, people, login):
    client = login(people.sam)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/opinion/digest/?period=day&date=2026-12-06").content.decode()
        answer = client.get("/opinion/digest.docx?period=day&date=2026-12-06")
    assert "潼南区舆情日报（2026-12-06）" in page
    assert shown(page, "items") == "4" and shown(page, "active") == "2"
    assert shown(page, "hot") == "1" and shown(page, "grave") == "1"
    assert "无数据" in shown(page, "previous")  # nothing was held before: no comparison invented
    topics = page.split('id="by-topic"')[1].split("</table>")[0]
    assert "<td>拖欠工资</td><td>3</td>" in topics and "<td>招聘用工</td><td>1</td>" in topics
    events = page.split('id="digest-events"')[1].split("</tbody>")[0].split("<tr id=")[1:]
    assert "重庆市潼南区源达蔬菜食品有限公司" in events[0] and "桂林街道" in events[0]
    assert "未研判" in events[0] and "潼南泰新电气有限公司" in events[1]
    bursts = page.split('id="digest-bursts"')[1].split("</ul>")[0]
    assert "重庆市潼南区源达蔬菜食品有限公司 当日 3 条（此前日均 0.0 条）" in bursts

    assert quote("潼南区舆情日报2026-12-06.docx") in answer["Content-Disposition"]
    text = docx_text(answer.content)
    assert "潼南区舆情日报（2026-12-06）" in text
    assert "本期新增舆情信息 4 条，较上期无数据" in text
    assert "重庆市潼南区源达蔬菜食品有限公司 当日 3 条（此前日均 0.0 条）" in text
    assert "拖欠工资 3 条、招聘用工 1 条" in text
    assert "本期活跃事件 2 个，其中新发事件 2 个、热点 1 个" in text
    assert "重庆市潼南区源达蔬菜食品有限公司，桂林街道；拖欠工资，负面；共 3 条，本期 3 条" in text


def test_items_at_23_50_and_00_10_fall_on_two_local_days(firms, people, login):
    client = login(people.sam)
    before = timezone.make_aware(dt.datetime(2026, 12, 5, 23, 55))
    after = timezone.make_aware(dt.datetime(2026, 12, 6, 0, 15))
    with time_machine.travel(before, tick=False):
        bring_in([("源达蔬菜食品拖欠工资，工人讨薪", "2026-12-05 23:50")], before, "a.csv")
        page = client.get("/opinion/digest/").content.decode()  # today: the 5th
    assert "潼南区舆情日报（2026-12-05）" in page and shown(page, "items") == "1"
    with time_machine.travel(after, tick=False):
        bring_in([("泰新电气车间停工，工人说要放长假", "2026-12-06 00:10")], after, "b.csv")
        today = client.get("/opinion/digest/").content.decode()
        yesterday = client.get("/opinion/digest/?date=2026-12-05").content.decode()
    assert "潼南区舆情日报（2026-12-06）" in today and shown(today, "items") == "1"
    assert "停工" in today and "拖欠工资" not in today.split('id="digest-events"')[1]
    assert shown(yesterday, "items") == "1" and "停工" not in yesterday
    trend = today.split('data-testid="trend-items">')[1].split("</tr>")[0]
    assert trend.endswith("<td>1</td><td>1</td>")  # the 5th and the 6th, one each
    assert shown(today, "previous") == "上期 1 条，持平"


def test_the_week_s_trend_against_the_week_before(firms, people, login):
    now = timezone.make_aware(dt.datetime(2026, 12, 9, 10, 0))  # a Wednesday
    with time_machine.travel(now, tick=False):
        client = login(people.sam)
        bring_in(
            [
                ("源达蔬菜食品拖欠工资一个月", "2026-12-01 09:00"),
                ("泰新电气招聘普工", "2026-12-07 09:00"),
                ("源达蔬菜食品停产放假", "2026-12-08 09:00"),
                ("源达蔬菜食品社保断缴", "2026-12-08 15:00"),
            ],
            now,
        )
        page = client.get("/opinion/digest/?period=week&date=2026-12-08").content.decode()
        last = client.get("/opinion/digest/?period=week&date=2026-12-02").content.decode()
    assert "潼南区舆情周报（2026-12-07 至 2026-12-13）" in page
    assert shown(page, "items") == "3"
    assert "上期 1 条，增加 2 条（+200%）" in shown(page, "previous")
    trend = page.split('data-testid="trend-items">')[1].split("</tr>")[0]
    cells = trend.split("<td>")[1:]
    assert [c.split("</td>")[0] for c in cells[:3]] == ["1", "2", "0"]
    assert all("—" in c for c in cells[3:])  # Thursday to Sunday are still to come
    before = page.split('data-testid="trend-before">')[1].split("</tr>")[0]
    assert before.count("<td>1</td>") == 1 and before.index("<td>1</td>") > before.index("<td>0")
    assert shown(last, "items") == "1" and "无数据" in shown(last, "previous")


def test_a_liaison_s_digest_holds_only_her_town(imported, people, login):
    tina = login(people.tina)  # 桂林街道: 源达 is hers, 泰新 (梓潼街道) is not
    with time_machine.travel(NOW, tick=False):
        page = tina.get("/opinion/digest/?date=2026-12-06").content.decode()
        text = docx_text(tina.get("/opinion/digest.docx?date=2026-12-06").content)
    assert shown(page, "items") == "3" and shown(page, "active") == "1"
    assert "范围：桂林街道" in page and "潼南泰新电气有限公司" not in page
    assert "本期新增舆情信息 3 条" in text and "泰新" not in text and "范围：桂林街道" in text


def test_a_future_or_unreadable_date_is_refused_by_name(imported, people, login):
    client = login(people.sam)
    with time_machine.travel(NOW, tick=False):
        future = client.get("/opinion/digest/?period=day&date=2026-12-07")
        garbled = client.get("/opinion/digest/?period=week&date=2026-13-40").content.decode()
    page = future.content.decode()
    assert future.status_code == 200
    assert "日期：晚于今天，不能查看未来的报告" in page
    assert "潼南区舆情日报（2026-12-06）" in page and shown(page, "items") == "4"
    assert "日期：无法识别" in garbled and "潼南区舆情周报（2026-11-30 至 2026-12-06）" in garbled
    for nonsense in ("0001-01-01", "9" * 3000, "2026-12-0\x00"):
        with time_machine.travel(NOW, tick=False):
            answer = client.get("/opinion/digest.docx", {"period": "week", "date": nonsense})
        assert answer.status_code == 200, nonsense  # the current week, not a server error


def test_an_overdue_answer_is_counted_and_named(imported, people, login):
    from layoffwatch.opinion.models import OpinionEvent

    event = OpinionEvent.objects.get(enterprise=imported.yuanda)
    client = login(people.sam)
    with time_machine.travel(NOW + dt.timedelta(minutes=30), tick=False):
        client.post(
            f"/opinion/events/{event.pk}/response/assess/",
            {"grade": "major", "assessment": "工人聚集讨薪", "plan": "核实欠薪情况"},
        )
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        running = client.get("/opinion/digest/").content.decode()
    with time_machine.travel(NOW + dt.timedelta(hours=10), tick=False):
        page = client.get("/opinion/digest/").content.decode()
        text = docx_text(client.get("/opinion/digest.docx").content)
    row = running.split(f'id="digest-event-{event.pk}"')[1].split("</tr>")[0]
    assert "时限 12-06 15:00" in row and shown(running, "overdue") == "0"
    row = page.split(f'id="digest-event-{event.pk}"')[1].split("</tr>")[0]
    assert "逾期未回应" in row
    assert shown(page, "assessed") == "1" and shown(page, "overdue") == "1"
    assert "本期研判 1 件" in text and "逾期未回应 1 件" in text and "回应：逾期未回应" in text


def test_enterprise_users_are_refused(imported, people, login):
    ed = login(people.ed)
    assert ed.get("/opinion/digest/").status_code == 403
    assert ed.get("/opinion/digest.docx").status_code == 403


def test_the_download_is_audited_as_an_export(imported, people, login):
    with time_machine.travel(NOW, tick=False):
        answer = login(people.sam).get("/opinion/digest.docx?period=week&date=2026-12-03")
    assert answer.status_code == 200
    entry = AuditEntry.objects.filter(action="export").get()
    assert entry.actor_id == people.sam.pk and entry.object_type == "opinion.digest"
    assert "潼南区舆情周报2026-11-30.docx" in entry.summary
