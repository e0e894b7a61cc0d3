"""A week of public opinion for the demo (plan S6.4 舆情收集、监控和研判; ADR 0107): what people
said about the demo's own enterprises in the 7 days before it was built, brought in as the bureau
brings it in — three files through the real importer (`opinion.services.opinion_import`), which
understands each item and groups the reposts into events.

- a monitoring service's CSV export (`舆情监测导出YYYY-MM-DD.csv`): posts from 潼南论坛, 微博,
  抖音, 今日头条, 微信公众号, 快手. A rumour of layoffs at an enterprise with an open alert,
  reposted over a day or two on several platforms (one hot, grave event), and what followed; a
  wage-arrears story at an enterprise with an open wage-arrears case (or signal); recruitment and
  other talk naming enterprises by their short name (字号 + trade), one with a typo; and the
  traffic, weather and daily life that name no enterprise;
- the district news site's saved RSS file (`潼南新闻网.xml`): job fairs and policy notices;
- a 12345 hotline export (`12345热线工单.xlsx`): calls about the same arrears and layoffs, social
  insurance and everyday matters, with ticket numbers, towns and (fake, 1380000xxxx) call-back
  numbers that every page masks.

The enterprises are chosen from the database as the demo built it, each named the way the
registry's analyser recognises it (checked: a mention it would not tie to its enterprise falls
back to a longer name). Deterministic from the seed and the moment the demo is built (`now`):
every item lies within the 7 days before it, none after. Links point at `example.cn` hosts: the
demo invents the posts, so no link may lead to a real site. Importing the same week again adds
nothing (each item's link or ticket number is already held).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass
from email.utils import format_datetime
from xml.sax.saxutils import escape

from django.contrib.auth import get_user_model
from django.db.models import Q

from layoffwatch.alerts.models import Alert
from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.enterprises.models import Enterprise
from layoffwatch.monitoring.models import Signal
from layoffwatch.opinion.models import OpinionEvent, OpinionItem
from layoffwatch.opinion.pipeline import analyser
from layoffwatch.opinion.services import opinion_import
from layoffwatch.opinion.text import Analyser, short_names
from layoffwatch.reference.models import Town
from layoffwatch.rights.models import RightsCase

from .clock import stream

NEWS_FILE = "潼南新闻网.xml"
HOTLINE_FILE = "12345热线工单.xlsx"
EXPORT_HEADER = ["标题", "内容", "来源", "发布时间", "链接"]
HOTLINE_HEADER = ["工单编号", "来电时间", "诉求内容", "所属镇街"]
# How far back the week reaches, in hours before now: within 7 days even after an item at night
# is moved back to the evening before (at most 9 hours; `_Week.back`).
OLDEST_HOURS = 150
# The platforms a monitoring service watches, and how their links look (example.cn: invented).
LINKS = {
    "潼南论坛": "https://bbs.tongnan.example.cn/thread-{n7}-1-1.html",
    "微博": "https://weibo.example.cn/{n10}/{a9}",
    "抖音": "https://www.douyin.example.cn/video/{n19}",
    "今日头条": "https://www.toutiao.example.cn/article/{n19}/",
    "微信公众号": "https://mp.weixin.example.cn/s/{a22}",
    "快手": "https://www.kuaishou.example.cn/short-video/{a15}",
}
SOCIAL = ("微博", "抖音", "今日头条", "快手")
REPOSTS = ("转发：{}", "#潼南# {}", "{} 求证！", "{} https://t.cn/A6{}", "@潼南发布 {}", "{}")
ROADS = ("兴潼大道", "江北大道", "人民路", "金佛大道", "滨江路")
# Homophones of characters common in a 字号 (a slip of pinyin input): 源达蔬菜 → 元达蔬菜.
HOMOPHONES = dict(zip("鑫辉源达泰新金华宏盛瑞兴丰恒昌佳德永顺利荣安宇正通和裕祥隆博晟远锦天明光嘉江凯龙凤",
                      "新晖元大太欣今化红胜锐星峰衡常家得勇舜力容鞍雨政同合玉翔龙搏胜元金田名广家疆铠隆奉",
                      strict=True))  # fmt: skip

# --- what people write (slots: {e} the enterprise as named, {full}, {town}, {town2}, {road}) ---

RUMOUR = (
    "{e}是不是要裁人了？",
    "听说{e}这个月要裁一百多个人，车间里头都在传，好多人已经被喊去谈话了，有没有晓得内情的？",
)
AFTERMATH = (
    ("", "{e}厂门口今天围了好多人，说是在谈赔偿的事，被裁的工友心头都不好受"),
    ("", "在{e}干了八年，说不要就不要了，四十几岁了出来啷个找工作嘛"),
)
OFFICIAL = (
    "{town}人社所进驻{e}",
    "{town}人社所已进驻{full}，指导企业依法依规做好减员工作，职工有诉求可拨打12345热线反映",
)
ARREARS = (
    "{e}拖工资两个月了",
    "{e}的工资拖了两个多月了，问老板就说等货款回来，眼看要过年了都不晓得拿啥子回家",
)
ARREARS_MORE = (
    ("", "在{e}做了半年，工资一分钱没拿到，有没有一起去劳动监察的？"),
    ("", "{e}欠我们的工钱到底啥时候给？打老板电话一直关机"),
)
NAMED = (
    ("", "{e}招普工，包吃包住，月薪五六千，有需要的去问下", "recruit"),
    ("{e}招学徒", "{e}招学徒，签合同买五险，{town}本地的优先，有意向的私信", "recruit"),
    ("", "{e}的社保好像断了，上个月的都没交，有没有人晓得是啷个回事", "other"),
    ("", "{e}在扩招，普工技工都要，待遇还可以", "recruit"),
    ("", "{e}这个月订单少，车间一周只上四天班，工资也少了一截", "other"),
)
TYPO = ("", "{e}在{town}赶场天现场招工，面试通过当天上岗，包午饭", "recruit")
NOBODY = (
    ("", "{road}今早又堵起了，两个车追尾，上班的绕下路"),
    ("", "{town}到{town2}那段路在修，单边放行，等了半个钟头"),
    ("", "今天潼南雾好大哦，高速封了，出门的注意安全"),
    ("", "潼南这两天好冷哦，出门记得穿厚点"),
    ("", "明后天有雨，赶场的记得带伞"),
    ("", "{town}新开那家火锅店巴适得很，毛肚新鲜，价格也不贵"),
    ("", "高速潼南出口在改造，进城的车排起长龙"),
    ("", "{town}的天然气管道在改造，周六停气一天"),
    ("", "大佛寺的灯光秀好看，周末带娃儿去耍"),
    ("{town}停水", "{town}停水了，到现在都没来，也没看到通知，啥时候来水哦"),
    ("", "{town}的菜市场改造完了，干净多了"),
    ("", "{road}那个红绿灯时间太短了，老年人过马路根本走不过去"),
    ("", "有没有{town}附近招人的厂？四十多岁，能吃苦，想找个稳定点的活路"),
    ("", "周末去人力资源市场转了一圈，岗位多得很，找到个合适的"),
    ("", "{town}零工市场每天早上好多人在等活，有需要做小工的可以去找"),
    ("", "娃儿大学毕业回潼南了，想考公益性岗位，哪个晓得啥时候报名"),
    ("", "{town}今天赶场，人多得挤不动"),
)

NEWS = (
    (
        "我区举办民营企业专场招聘会 {n}家企业提供岗位{m}个",
        "区就业和人才中心在{town}举办民营企业专场招聘会，{n}家企业现场提供普工、技工、管理等岗位"
        "{m}个，当天达成就业意向{k}人。",
    ),
    (
        "区人力社保局：稳岗返还开始申报",
        "符合条件的参保企业可通过重庆人社网上办事大厅申报失业保险稳岗返还，无需提交纸质材料。",
    ),
    (
        "{full}扩产新增就业岗位{n}个",
        "{full}新生产线近日投产，新增就业岗位{n}个，优先招用本地劳动者和就业困难人员。",
    ),
    (
        "零工市场开市 为灵活就业人员搭建对接平台",
        "我区零工市场在{town}开市，为灵活就业人员和用工单位提供免费信息发布和现场对接服务。",
    ),
    (
        "我区开展根治欠薪专项行动",
        "区人力社保局联合住建、交通等部门开展根治欠薪专项行动，重点检查在建工程项目和劳动密集型企业，"
        "确保劳动者按时足额拿到工资。",
    ),
    (
        "{town}举办返乡创业就业培训班",
        "{town}近日举办返乡创业就业培训班，{n}名返乡人员参加电商、养殖等技能培训。",
    ),
    (
        "失业保险金申领“掌上办”",
        "参保失业人员可通过手机申领失业保险金，足不出户即可办理，待遇按月发放到社保卡。",
    ),
    (
        "潼南区公益性岗位招聘公告",
        "我区面向就业困难人员招聘公益性岗位{n}名，报名时间为即日起至本月底，详见区就业和人才中心公告。",
    ),
    (
        "高校毕业生就业见习岗位开始报名",
        "我区征集就业见习岗位{m}个，离校未就业高校毕业生可到区就业和人才中心报名。",
    ),
    (
        "{town}“家门口”招聘会送岗进村",
        "{town}把招聘会开到村里，{n}家企业带来岗位{m}个，不少村民在家门口找到了工作。",
    ),
)

HOTLINE = {
    "arrears": (
        "来电人反映其在{full}务工，公司拖欠其{m}个月工资共计{amount}元，多次索要未果，"
        "诉求协调企业尽快支付。联系电话{phone}。",
        "来电人称{full}拖欠{n}名工人工资，老板电话无法接通，诉求相关部门介入处理。",
        "来电人反映{full}以货款未到为由一直拖欠工资，诉求依法追讨。",
    ),
    "layoff": (
        "来电人称其为{full}员工，公司近日通知部分员工待岗，询问是否属于裁员、经济补偿如何计算。",
        "来电人反映{full}要求员工主动辞职，不签字就调岗到外地，诉求依法处理。联系电话{phone}。",
    ),
    "insurance": (
        "来电人反映{full}未为其缴纳{m}个月社会保险费，诉求督促企业补缴。",
    ),
    "nobody": (
        "来电人咨询失业保险金的申领条件和办理地点。",
        "来电人咨询被单位辞退后如何办理失业登记。",
        "来电人询问{town}近期是否有招聘会，本人四十五岁，想找保安或保洁工作。",
        "来电人反映{town}{road}路灯不亮已有一周，夜间出行不便。",
        "来电人反映{town}某小区夜间施工噪音扰民，诉求核实处理。",
        "来电人反映{town}自来水停水一天，未见通知，诉求尽快恢复供水。",
        "来电人反映{road}有一处井盖破损，存在安全隐患。",
        "来电人咨询灵活就业人员如何缴纳养老保险。",
        "来电人咨询创业担保贷款的申请条件。",
    ),
}  # fmt: skip


@dataclass
class Firm:
    uscc: str
    full: str
    short: str
    town: str


@dataclass
class Post:
    title: str
    text: str
    source: str
    at: dt.datetime
    link: str = ""


class _Week:
    """The week before `now`: moments, links and ticket numbers, all from one random stream."""

    def __init__(self, now: dt.datetime, rng: random.Random):
        self.now, self.rng = local_datetime(now), rng
        self.latest = self.now - dt.timedelta(minutes=5)
        self.links: set[str] = set()

    def back(self, low: float, high: float, hours: tuple[int, int] = (7, 23)) -> dt.datetime:
        """A moment `low`–`high` hours before now; one at night moves back to the evening before
        (people post, call and publish by day)."""
        at = self.now - dt.timedelta(hours=self.rng.uniform(low, min(high, OLDEST_HOURS)))
        if not hours[0] <= at.hour < hours[1]:
            day = at.date() if at.hour >= hours[1] else at.date() - dt.timedelta(days=1)
            moment = dt.time(hours[1] - 1, self.rng.randrange(60))
            at = dt.datetime.combine(day, moment, tzinfo=self.now.tzinfo)
        return min(at, self.latest).replace(second=self.rng.randrange(60), microsecond=0)

    def after(self, start: dt.datetime, n: int, low: float, high: float) -> list[dt.datetime]:
        """`n` moments after `start`, each `low`–`high` hours after the one before, squeezed
        into the time left before now when they would run past it."""
        gaps = [self.rng.uniform(low, high) for _ in range(n)]
        room = (self.latest - start) / dt.timedelta(hours=1)
        scale = min(1.0, room / sum(gaps)) if gaps else 1.0
        out, at = [], start
        for gap in gaps:
            at = at + dt.timedelta(hours=gap * scale)
            out.append(min(at, self.latest).replace(microsecond=0))
        return out

    def link(self, source: str) -> str:
        r = self.rng
        while True:
            link = LINKS[source].format(
                n7=r.randrange(10**6, 10**7),
                n10=r.randrange(10**9, 10**10),
                n19=r.randrange(10**18, 10**19),
                a9=_letters(r, 9),
                a15=_letters(r, 15),
                a22=_letters(r, 22),
            )
            if link not in self.links:
                self.links.add(link)
                return link


def _letters(r: random.Random, n: int) -> str:
    return "".join(
        r.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(n)
    )


# --- the enterprises, as the demo built them ---------------------------------------------------


def _named(enterprise: Enterprise, lyser: Analyser) -> Firm:
    """The enterprise with the short name people use for it (字号 + trade), one the analyser
    ties to it alone; the full name when none is."""
    names = sorted(short_names(enterprise.name), key=lambda s: (len(s) != 4, -len(s)))
    short = next(
        (s for s in names if len(s) >= 3 and _ties(lyser, f"听说{s}最近要招人", enterprise.uscc)),
        enterprise.name,
    )
    town = enterprise.town.name if enterprise.town_id else ""
    return Firm(enterprise.uscc, enterprise.name, short, town)


def _ties(lyser: Analyser, text: str, uscc: str) -> bool:
    match = lyser.match(text)
    return match is not None and match[0] == uscc


def _typo(firm: Firm, lyser: Analyser) -> str | None:
    """The firm's short name with one slip (a homophone in the 字号) the analyser still ties to
    it, or None."""
    if len(firm.short) != 4:
        return None
    for i in (1, 0):
        if firm.short[i] in HOMOPHONES:
            slip = firm.short[:i] + HOMOPHONES[firm.short[i]] + firm.short[i + 1 :]
            if _ties(lyser, f"{slip}这个赶场天摆摊招人", firm.uscc):
                return slip
    return None


def _alerted() -> Enterprise | None:
    """The enterprise of the gravest open alert (most severe, then the newest)."""
    alert = (
        Alert.objects.filter(status__in=Alert.OPEN)
        .select_related("enterprise__town")
        .order_by("level", "-opened_at", "pk")
        .first()
    )
    return alert.enterprise if alert else None


def _in_arrears(besides: set[int]) -> Enterprise | None:
    """An enterprise with an open wage-arrears case (the newest), else a wage-arrears signal."""
    cases = RightsCase.objects.filter(closed_at__isnull=True).filter(
        Q(kind=RightsCase.Kind.WAGE_ARREARS) | Q(dispute_type=RightsCase.DisputeType.WAGES)
    )
    case = (
        cases.exclude(enterprise_id__in=besides)
        .select_related("enterprise__town")
        .order_by("-received_at", "enterprise__uscc")
        .first()
    )
    if case is not None:
        return case.enterprise
    signal = (
        Signal.objects.filter(kind=Signal.Kind.WAGE_ARREARS, enterprise__isnull=False)
        .exclude(enterprise_id__in=besides)
        .select_related("enterprise__town")
        .order_by("-score", "pk")
        .first()
    )
    return signal.enterprise if signal else None


def _cast(lyser: Analyser, rng: random.Random) -> dict:
    """Who the week is about: the alerted enterprise, the one in arrears, and six more named by
    their short names (the first of them once with a typo), drawn from the larger employers."""
    chosen: dict = {"alerted": None, "arrears": None, "named": []}
    taken: set[int] = set()
    for role, enterprise in (("alerted", _alerted()), ("arrears", None)):
        enterprise = enterprise or (_in_arrears(taken) if role == "arrears" else None)
        if enterprise is not None:
            chosen[role] = _named(enterprise, lyser)
            taken.add(enterprise.pk)
    pool = list(
        Enterprise.objects.exclude(pk__in=taken)
        .filter(is_hr_agency=False, insured_headcount__gte=20)
        .select_related("town")
        .order_by("-insured_headcount", "uscc")[:60]
    )
    rng.shuffle(pool)
    for enterprise in pool:
        firm = _named(enterprise, lyser)
        if firm.short != firm.full:
            chosen["named"].append(firm)
        if len(chosen["named"]) == 6:
            break
    chosen["typo"] = _typo(chosen["named"][0], lyser) if chosen["named"] else None
    return chosen


# --- the monitoring service's export -----------------------------------------------------------


def _story(week: _Week, posts: list, first: Post, reposts: int, hours=(0.3, 6.0)) -> None:
    """A post and its reposts on other platforms, each some hours after the one before."""
    posts.append(first)
    for at in week.after(first.at, reposts, *hours):
        form = week.rng.choice(REPOSTS)
        text = form.format(first.text, week.rng.randrange(10**5, 10**6))
        source = week.rng.choice([s for s in SOCIAL if s != first.source] or SOCIAL)
        posts.append(Post("", text, source, at))


def _slots(week: _Week, towns: list[str], firm: Firm | None = None, e: str = "") -> dict:
    r = week.rng
    town = firm.town if firm else r.choice(towns)
    return {
        "e": e or (firm.short if firm else ""),
        "full": firm.full if firm else "",
        "town": town,
        "town2": r.choice([t for t in towns if t != town] or towns),
        "road": r.choice(ROADS),
    }


def _post(week: _Week, template: tuple, slots: dict, source: str, at: dt.datetime) -> Post:
    return Post(template[0].format(**slots), template[1].format(**slots), source, at)


def _alerted_posts(week: _Week, firm: Firm, towns: list[str]) -> list[Post]:
    """The rumour (forum, then reposted on five platforms over a day or two), what followed,
    and the town's notice."""
    posts: list[Post] = []
    slots = _slots(week, towns, firm)
    rumour = _post(week, RUMOUR, slots, "潼南论坛", week.back(30, 40))
    _story(week, posts, rumour, 6, hours=(1.0, 8.0))
    for template in AFTERMATH:
        _story(week, posts, _post(week, template, slots, "抖音", week.back(3, 20)), 1)
    posts.append(_post(week, OFFICIAL, slots, "微信公众号", week.back(2, 8, hours=(9, 18))))
    return posts


def _arrears_posts(week: _Week, firm: Firm, towns: list[str]) -> list[Post]:
    posts: list[Post] = []
    slots = _slots(week, towns, firm)
    _story(week, posts, _post(week, ARREARS, slots, "潼南论坛", week.back(50, 80)), 3, (2, 12))
    for template in ARREARS_MORE:
        posts.append(_post(week, template, slots, week.rng.choice(SOCIAL), week.back(10, 60)))
    return posts


def _named_posts(week: _Week, cast: dict, towns: list[str]) -> list[Post]:
    posts: list[Post] = []
    r = week.rng
    for n, firm in enumerate(cast["named"]):
        template = NAMED[n % len(NAMED)]
        post = _post(week, template, _slots(week, towns, firm), r.choice(SOCIAL), week.back(4, 140))
        _story(week, posts, post, r.randint(0, 2))
    if cast["typo"]:
        firm = cast["named"][0]
        slots = _slots(week, towns, firm, e=cast["typo"])
        _story(week, posts, _post(week, TYPO, slots, "快手", week.back(4, 100)), 1)
    return posts


def _everyday_posts(week: _Week, towns: list[str]) -> list[Post]:
    """Talk that names no enterprise: the roads, the weather, markets and jobs in general."""
    posts: list[Post] = []
    r = week.rng
    local = [t for t in NOBODY if "{town}" in t[1]]
    drawn = r.sample(NOBODY, len(NOBODY) - r.randint(0, 2)) + r.choices(local, k=r.randint(8, 12))
    for template in drawn:  # a template drawn twice is about another town
        source = r.choice(("潼南论坛", *SOCIAL))
        post = _post(week, template, _slots(week, towns), source, week.back(0.5, OLDEST_HOURS))
        _story(week, posts, post, r.choice((0, 0, 1, 1, 2)))
    return posts


def _export(week: _Week, cast: dict, towns: list[str]) -> bytes:
    posts: list[Post] = []
    if cast["alerted"]:
        posts += _alerted_posts(week, cast["alerted"], towns)
    if cast["arrears"]:
        posts += _arrears_posts(week, cast["arrears"], towns)
    posts += _named_posts(week, cast, towns) + _everyday_posts(week, towns)
    for post in posts:
        post.link = week.link(post.source)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    for p in sorted(posts, key=lambda p: (p.at, p.link)):
        writer.writerow([p.title, p.text, p.source, f"{p.at:%Y-%m-%d %H:%M:%S}", p.link])
    return out.getvalue().encode("utf-8-sig")  # what Excel opens without garbling


# --- the news site's RSS file -------------------------------------------------------------------


def _news(week: _Week, cast: dict, towns: list[str]) -> bytes:
    """The district news site's last ten items (job fairs, policy notices), as an RSS file."""
    r = week.rng
    recruiter = cast["named"][0] if cast["named"] else None
    entries = []
    for n, (title, body) in enumerate(NEWS):
        if "{full}" in title and recruiter is None:
            continue
        slots = _slots(week, towns, recruiter if "{full}" in title else None)
        slots |= {"n": r.randint(12, 60), "m": r.randrange(200, 1600, 10), "k": r.randint(40, 180)}
        at = week.back(4 + 14 * n, 14 + 14 * n, hours=(9, 18))
        link = f"https://www.tnxw.example.cn/content/{at:%Y-%m/%d}/content_{r.randrange(10**6, 10**7)}.htm"
        entries.append((title.format(**slots), body.format(**slots), at, link))
    items = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f'<guid isPermaLink="true">{escape(link)}</guid>'
        f"<pubDate>{format_datetime(at)}</pubDate><description>{escape(body)}</description></item>"
        for t, body, at, link in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>潼南新闻网</title><link>https://www.tnxw.example.cn/</link>"
        f"<description>潼南区新闻</description>{items}</channel></rss>"
    ).encode()


# --- the 12345 hotline's export ----------------------------------------------------------------


def _calls(week: _Week, cast: dict, towns: list[str]) -> list[tuple[str, Firm | None]]:
    r = week.rng
    calls: list[tuple[str, Firm | None]] = []
    if cast["arrears"]:
        calls += [(t, cast["arrears"]) for t in HOTLINE["arrears"]]
        calls.append((r.choice(HOTLINE["arrears"][:1]), cast["arrears"]))
    if cast["alerted"]:
        calls += [(t, cast["alerted"]) for t in HOTLINE["layoff"]]
    calls += [(HOTLINE["insurance"][0], firm) for firm in cast["named"][3:5]]
    calls += [(r.choice(HOTLINE["nobody"]), None) for _ in range(r.randint(12, 18))]
    return calls


def _hotline(week: _Week, cast: dict, towns: list[str]) -> bytes:
    from openpyxl import Workbook

    r = week.rng
    rows = []
    for template, firm in _calls(week, cast, towns):
        slots = _slots(week, towns, firm) | {
            "m": r.choice(("两", "三", "四")),
            "n": r.randint(8, 40),
            "amount": r.randrange(6000, 30000, 100),
            "phone": f"1380000{r.randrange(10**4):04d}",
        }
        rows.append(
            (week.back(1, OLDEST_HOURS, hours=(8, 21)), template.format(**slots), slots["town"])
        )
    book = Workbook()
    sheet = book.active
    sheet.title = "工单"
    sheet.append(HOTLINE_HEADER)
    for n, (at, text, town) in enumerate(sorted(rows, key=lambda row: row[0]), start=1):
        sheet.append([f"TN{at:%Y%m%d}{n:04d}", f"{at:%Y-%m-%d %H:%M:%S}", text, town])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the week, brought in --------------------------------------------------------------------


def opinion_files(*, seed: int, now: dt.datetime) -> list[tuple[str, bytes]]:
    """The week's three files, (name, contents), as the bureau saves them."""
    week = _Week(now, stream(seed, "opinion"))
    towns = list(Town.objects.order_by("code").values_list("name", flat=True))
    cast = _cast(analyser(), stream(seed, "opinion-cast"))
    return [
        (f"舆情监测导出{local_day(now):%Y-%m-%d}.csv", _export(week, cast, towns)),
        (NEWS_FILE, _news(week, cast, towns)),
        (HOTLINE_FILE, _hotline(week, cast, towns)),
    ]


def generate_opinion(*, seed: int, now: dt.datetime) -> dict:
    """Bring the week's files in through the real importer, as 就业科 would (ADR 0107), at `now`:
    how many files, items added and already held, and the events there are now."""
    staff = get_user_model().objects.filter(username="employment").first()
    added = held = 0
    files = opinion_files(seed=seed, now=now)
    for name, data in files:
        batch = opinion_import(actor=staff, data=data, file_name=name, at=now)
        added, held = added + batch.items, held + batch.repeated
    return {
        "files": len(files),
        "items": added,
        "held": held,
        "events": OpinionEvent.objects.count(),
        "about_enterprises": OpinionItem.objects.exclude(enterprise=None)
        .values("enterprise")
        .distinct()
        .count(),
    }
