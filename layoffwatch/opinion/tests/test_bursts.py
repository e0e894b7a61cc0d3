"""The burst rule (plan S6.4 舆情监控; ADR 0107): an enterprise talked of far above its own usual
is told to those who answer for it, at the latest with the day's third item, once a day; a day
is Tongnan's day."""

import datetime as dt

import pytest
from django.utils import timezone

from layoffwatch.conftest import GUILIN
from layoffwatch.notifications.models import Notification
from layoffwatch.opinion.models import OpinionBurst
from layoffwatch.opinion.services import opinion_import

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 6, 22, 0))
STORIES = [
    "源达蔬菜食品车间停了，说是订单没了",
    "源达蔬菜食品好几个月没交社保了",
    "有人晓得源达蔬菜食品是不是要搬走？",
    "源达蔬菜食品门口好多人，不晓得出啥子事了",
    "源达蔬菜食品的工资到底啥时候发",
]


@pytest.fixture
def yuanda(make_enterprise):
    return make_enterprise(name="重庆市潼南区源达蔬菜食品有限公司", town_id=GUILIN)


def _bring(times: list[str], *, first: int = 0) -> None:
    rows = ["内容,来源,发布时间,链接"]
    for n, when in enumerate(times, start=first):
        rows.append(
            f"{STORIES[n % len(STORIES)]}（{n}）,潼南论坛,{when},https://bbs.example.cn/t/{n}"
        )
    opinion_import(actor=None, data="\n".join(rows).encode(), file_name=f"导出{first}.csv", at=NOW)


def _told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_third_item_of_a_day_raises_it_once_and_tells_the_town(yuanda, people):
    _bring(["2026-12-06 09:00", "2026-12-06 10:00"])
    assert not OpinionBurst.objects.filter(kind="enterprise").exists() and not _told(people.tina)
    _bring(["2026-12-06 11:00"], first=2)
    burst = OpinionBurst.objects.get(kind="enterprise")
    assert (burst.enterprise, burst.day, burst.items) == (yuanda, dt.date(2026, 12, 6), 3)
    assert _told(people.tina) == [
        "舆情突增：重庆市潼南区源达蔬菜食品有限公司 2026-12-06 已有 3 条相关信息"
    ]
    _bring(["2026-12-06 12:00"], first=3)  # the fourth: the day's burst is already told
    assert OpinionBurst.objects.filter(kind="enterprise").count() == 1
    assert len(_told(people.tina)) == 1
    assert not _told(people.ed)  # the enterprise's own officer is not told


def test_items_either_side_of_local_midnight_are_two_days(yuanda, people):
    # 23:30 and 23:50 on the 5th and 00:10 on the 6th, Tongnan time (15:30, 15:50, 16:10 UTC)
    _bring(["2026-12-05 23:30", "2026-12-05 23:50", "2026-12-06 00:10"])
    assert not OpinionBurst.objects.filter(kind="enterprise").exists()
    _bring(["2026-12-05 23:59"], first=3)
    assert OpinionBurst.objects.get(kind="enterprise").day == dt.date(2026, 12, 5)


def test_an_enterprise_usually_talked_of_needs_three_times_its_usual(yuanda, people):
    # two items a day for the fortnight before: 3 on the day is usual, 6 is a burst
    before = [f"2026-11-{day:02d} {hour:02d}:00" for day in range(22, 30) for hour in (9, 15)] + [
        f"2026-12-{day:02d} {hour:02d}:00" for day in range(1, 6) for hour in (9, 15)
    ]
    _bring(before)
    OpinionBurst.objects.all().delete()  # the first day had no usual yet
    _bring([f"2026-12-06 {h:02d}:00" for h in (8, 9, 10)], first=100)
    assert not OpinionBurst.objects.filter(day=dt.date(2026, 12, 6), kind="enterprise").exists()
    _bring([f"2026-12-06 {h:02d}:00" for h in (11, 12, 13)], first=200)
    burst = OpinionBurst.objects.get(day=dt.date(2026, 12, 6), kind="enterprise")
    assert burst.items == 6 and burst.usual == pytest.approx(26 / 14, abs=0.01)
