"""Bringing public-opinion items in (plan S6.4 舆情收集; ADR 0107): the three kinds of file and the
form, grouped into events tied to the registry's enterprises; all or nothing; in scope."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from layoffwatch.audit.models import AuditEntry
from layoffwatch.conftest import GUILIN, ZITONG
from layoffwatch.enterprises.importing import ImportRejected
from layoffwatch.opinion.models import OpinionEvent, OpinionImport, OpinionItem, Source, Topic
from layoffwatch.opinion.services import opinion_import

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 6, 10, 0))


def _csv(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    return "\n".join(",".join(r) for r in rows).encode(encoding)


EXPORT = [
    ["标题", "内容", "来源", "发布时间", "链接"],
    [
        "源达蔬菜要裁员？",
        "听说源达蔬菜食品这个月要裁员一百多人，厂里已经在谈话了，联系电话13812345678",
        "潼南论坛",
        "2026-12-05 09:10",
        "https://bbs.example.cn/t/1",
    ],
    [
        "",
        "转发：听说源达蔬菜食品这个月要裁员一百多人，厂里已经在谈话了，联系电话13812345678 求证！",
        "微博",
        "2026-12-05 11:30",
        "https://weibo.example.cn/p/2",
    ],
    [
        "泰新电气招聘",
        "潼南泰新电气有限公司招聘普工50名，月薪五千以上，包吃住",
        "今日头条",
        "2026-12-04 15:00",
        "https://toutiao.example.cn/a/3",
    ],
]


def test_an_export_becomes_events_tied_to_enterprises_and_a_second_import_adds_nothing(
    firms, people
):
    batch = opinion_import(actor=people.sam, data=_csv(EXPORT), file_name="导出.csv", at=NOW)
    assert (batch.kind, batch.items, batch.repeated) == (Source.EXPORT, 3, 0)
    rumour = OpinionEvent.objects.get(enterprise=firms.yuanda)
    # the repost joined its original: one story, two items from two sources
    assert (rumour.items, rumour.sources) == (2, 2)
    assert rumour.topic == Topic.LAYOFF and rumour.town_id == GUILIN
    jobs = OpinionEvent.objects.get(enterprise=firms.taixin)
    assert jobs.topic == Topic.RECRUITMENT and jobs.items == 1
    again = opinion_import(actor=people.sam, data=_csv(EXPORT), file_name="导出.csv", at=NOW)
    assert (again.items, again.repeated) == (0, 3)
    assert OpinionItem.objects.count() == 3
    assert AuditEntry.objects.filter(action="import", summary__contains="新增 3 条").exists()


def test_a_gbk_export_is_read_and_a_utf16_one_refused_by_name(firms, people):
    batch = opinion_import(
        actor=people.sam, data=_csv(EXPORT, "gb18030"), file_name="导出.csv", at=NOW
    )
    assert batch.items == 3
    with pytest.raises(ImportRejected) as refused:
        opinion_import(actor=people.sam, data=_csv(EXPORT, "utf-16"), file_name="b.csv", at=NOW)
    assert "文件编码无法识别" in str(refused.value.problems[0].message)


def test_bad_rows_are_each_named_and_nothing_is_kept_but_the_audit_entry(firms, people):
    rows = [
        EXPORT[0],
        ["", "   ", "潼南论坛", "2026-12-05 09:10", ""],
        ["", "明天泰新电气停产", "微博", "2026-12-07 09:00", ""],
        ["", "源达蔬菜欠薪", "微博", "上周", "bbs.example.cn"],
    ]
    with pytest.raises(ImportRejected) as refused:
        opinion_import(actor=people.sam, data=_csv(rows), file_name="坏.csv", at=NOW)
    said = [(p.row, str(p.column), str(p.message)) for p in refused.value.problems]
    assert (2, "内容", "内容为空") in said
    assert (3, "发布时间", "时间晚于现在，不能导入未来的信息") in said
    assert any(r == 4 and c == "发布时间" and "不是可识别的时间" in m for r, c, m in said)
    assert any(r == 4 and c == "链接" and "不是网址" in m for r, c, m in said)
    assert not OpinionItem.objects.exists() and not OpinionImport.objects.exists()
    entry = AuditEntry.objects.get(action="rejected", object_id="坏.csv")
    assert "4 处问题" in entry.summary


def test_the_hotline_s_records_keep_their_ticket_and_town(firms, people):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工单编号", "来电时间", "诉求内容", "所属镇街"])
    ws.append(
        ["GD20261205001", dt.datetime(2026, 12, 5, 8, 30), "反映泰新电气拖欠三个月工资", "梓潼街道"]
    )
    ws.append(["GD20261205002", "2026-12-05 09:45", "来电人称所在工地停工，工资没发", "桂林街道"])
    data = io.BytesIO()
    wb.save(data)
    batch = opinion_import(actor=people.sam, data=data.getvalue(), file_name="12345.xlsx", at=NOW)
    assert batch.kind == Source.HOTLINE and batch.items == 2
    arrears = OpinionItem.objects.get(reference="GD20261205001")
    assert arrears.source == "12345热线" and arrears.town_id == ZITONG
    assert arrears.enterprise == firms.taixin and arrears.topic == Topic.WAGE_ARREARS
    assert OpinionItem.objects.get(reference="GD20261205002").town_id == GUILIN


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>潼南新闻网</title>
<item><title>我区举办春风行动招聘会</title><link>https://news.example.cn/1</link>
<description>&lt;p&gt;区人力社保局在潼南区人力资源市场举办招聘会，60家企业提供岗位1200个。&lt;/p&gt;</description>
<pubDate>Fri, 04 Dec 2026 02:00:00 GMT</pubDate><guid>news-1</guid></item>
</channel></rss>"""


def test_a_saved_news_feed_is_read_with_its_site_as_source(firms, people):
    batch = opinion_import(actor=people.sam, data=RSS.encode(), file_name="news.xml", at=NOW)
    item = OpinionItem.objects.get()
    assert batch.kind == Source.NEWS and item.source == "潼南新闻网"
    assert item.text.startswith("区人力社保局在") and "<p>" not in item.text
    assert item.published_at == dt.datetime(2026, 12, 4, 2, 0, tzinfo=dt.UTC)
    assert item.topic == Topic.RECRUITMENT


def test_a_town_liaison_cannot_bring_items_in_and_the_refusal_is_audited(firms, people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        opinion_import(actor=people.tina, data=_csv(EXPORT), file_name="导出.csv", at=NOW)
    assert not OpinionItem.objects.exists()
    assert AuditEntry.objects.filter(action="denied", actor_id=people.tina.pk).exists()


def test_the_command_brings_a_file_in_and_lists_a_bad_file_s_problems(firms, tmp_path):
    good = tmp_path / "导出.csv"
    good.write_bytes(_csv(EXPORT))
    out = io.StringIO()
    call_command("import_opinion", str(good), stdout=out)
    assert "新增 3 条" in out.getvalue()
    bad = tmp_path / "坏.csv"
    bad.write_bytes(_csv([EXPORT[0], ["", "", "微博", "2026-12-05 09:00", ""]]))
    with pytest.raises(CommandError, match="第 2 行 内容 内容为空"):
        call_command("import_opinion", str(bad))
    assert OpinionItem.objects.count() == 3


def test_an_id_number_in_a_title_is_masked_before_it_is_kept(firms, people):
    rows = [
        EXPORT[0],
        [
            "求助：身份证500223199001011234被源达蔬菜扣了",
            "源达蔬菜食品扣着我的身份证不还，工资也没结",
            "潼南论坛",
            "2026-12-05 09:10",
            "https://bbs.example.cn/t/9",
        ],
    ]
    opinion_import(actor=people.sam, data=_csv(rows), file_name="导出.csv", at=NOW)
    item = OpinionItem.objects.get()
    assert "500223199001011234" not in item.title and "500223********1234" in item.title
    assert "500223199001011234" not in item.event.title
