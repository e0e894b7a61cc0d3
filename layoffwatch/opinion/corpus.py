"""The evaluation corpus of public-opinion analysis (plan S6.4 舆情研判): labelled items the
classifier, the grouping and the enterprise matching are held to.

`write_corpus(enterprises, seed=...)` writes, from the registry's enterprises, posts, headlines
and 12345 work orders that name an enterprise in full, by its short name (字号 + trade) or with a
one-character typo (a homophone or a dropped character), posts that name none, reposts of one
another ("转发：", "#潼南#", "求证！", a link, "@潼南发布") and exact duplicates. Every item says
what it is about (topic, tone, the enterprise's USCC or "") and which group of near-duplicates it
belongs to.

Its templates are its own, worded apart from the classifier's seed set (data/write_seed.py): an
evaluation on the training sentences would measure memory, not understanding. Synthetic and made
by the project (data/PROVENANCE.md); pure Python, the same arguments always give the same items.
"""

import random

from .text import _core, short_names

# topic -> [(template, tone, source)]. Source "post" is any social platform. Slots: {e} the
# enterprise as mentioned, {town}, {town2}, {road}, {n}, {m}, {wage}, {amount}, {salary}, {day}.
TEMPLATES: dict[str, list[tuple[str, str, str]]] = {
    "layoff": [
        ("{e}这回硬是要裁人哦，我们班组{n}个人只剩一半了", "negative", "post"),
        ("刚从{e}出来，被裁了，四十五岁了啷个找工作", "negative", "post"),
        ("{e}开始劝退老员工，说是结构优化，大家小心点", "negative", "forum"),
        ("{e}本月减员{n}人，名单已经贴在食堂门口了", "negative", "post"),
        ("{e}今年第二次裁员，这次轮到行政和后勤", "negative", "forum"),
        ("{e}要辞退一大批人，说是车间要上机器人", "negative", "post"),
        ("12345工单：来电人称被{e}以调岗方式逼迫离职，诉求依法处理", "negative", "hotline"),
        ("{e}公告：因业务收缩，拟依法裁减{n}个岗位", "neutral", "news"),
        ("{town}人社所约谈{e}，要求规范减员程序", "neutral", "news"),
        ("{e}宣布今年不搞裁员，员工吃了定心丸", "positive", "news"),
        ("{e}被优化的{n}名员工已经在别的厂上岗了", "positive", "post"),
        ("{e}遣散费给得足，被裁的工友都没啥意见", "positive", "forum"),
    ],
    "wage_arrears": [
        ("{e}的工资拖到现在还没发，已经{m}个月了，莫得办法", "negative", "post"),
        ("讨薪！{e}欠我们辛苦钱{wage}万，老板电话关机", "negative", "post"),
        ("年关将至，{e}的农民工还拿不到工钱", "negative", "news"),
        ("{e}发工资一拖再拖，这个月又说要延期", "negative", "forum"),
        ("有人晓得{e}啥时候发工资不？拖了{m}个月了", "negative", "forum"),
        ("12345工单：来电人反映{e}欠其工资{amount}元未付", "negative", "hotline"),
        ("{e}承包的工地又有工人爬塔吊讨薪了", "negative", "post"),
        ("{town}劳动监察对{e}欠薪问题下达整改指令书", "neutral", "news"),
        ("{e}欠薪案件开庭审理，涉及劳动者{n}人", "neutral", "news"),
        ("{e}拖欠的工资今天到手了，谢谢帮忙的同志", "positive", "post"),
        ("{town}调解成功，{e}当场结清{n}名工人工资", "positive", "news"),
        ("{e}工资发放正常了，之前欠的也补上了", "positive", "forum"),
    ],
    "closure": [
        ("{e}关门大吉了，门口贴着停业通知", "negative", "post"),
        ("{e}厂子搬走了，我们这些本地工人被丢下了", "negative", "forum"),
        ("{e}停工好久了，每天去厂里看还是没开工", "negative", "post"),
        ("{e}倒了，欠的货款都没影了", "negative", "post"),
        ("{e}被关停，据说是环保问题，几百人没活干", "negative", "forum"),
        ("{e}那边已经人去楼空，机器都卖了", "negative", "post"),
        ("{e}破产了？有没有人知道真假", "negative", "forum"),
        ("{e}停业公告：即日起暂停全部生产经营活动", "neutral", "news"),
        ("{e}迁址通知：生产基地迁至{town2}", "neutral", "news"),
        ("法院裁定受理{e}破产申请", "neutral", "news"),
        ("{e}恢复生产，停了{m}个月的车间又热闹了", "positive", "post"),
        ("{e}重新开张，老员工优先回厂", "positive", "forum"),
    ],
    "social_insurance": [
        ("{e}的社保停了好几个月，工人都不晓得", "negative", "post"),
        ("{e}说试用期不交社保，干了半年还是不交", "negative", "forum"),
        ("打电话问了才知道，{e}从{day}起就没给我交养老保险", "negative", "post"),
        ("{e}少交社保，只按三千块的基数交", "negative", "forum"),
        ("在{e}上班没买五险，受伤了找谁", "negative", "post"),
        ("12345工单：来电人反映{e}未足额缴纳社会保险费", "negative", "hotline"),
        ("{e}欠社保费被社保部门催缴", "neutral", "news"),
        ("{town}社保所走访{e}核实参保情况", "neutral", "news"),
        ("社保断缴以后补缴的政策问答", "neutral", "news"),
        ("{e}把断缴的社保补上了，大家放心了", "positive", "post"),
        ("{e}全员参保，工伤医疗都有保障了", "positive", "forum"),
    ],
    "recruitment": [
        ("{e}大量招人！普工{salary}一个月，满勤另有奖", "positive", "post"),
        ("周末去{town}招聘会转了一圈，岗位还真不少", "positive", "post"),
        ("{e}缺人，{n}个岗位，有意向的私信", "positive", "post"),
        ("潼南区就业服务中心：{day}举办民营企业招聘月活动", "positive", "news"),
        ("{e}招学徒，包食宿，签合同", "positive", "forum"),
        ("{e}招聘启事：招收装配工{n}名", "neutral", "news"),
        ("{town}用工对接：{e}需求{n}人", "neutral", "news"),
        ("被{e}的招工广告骗了，说好的包住根本没有", "negative", "post"),
        ("{e}年年招人年年走人，待遇太差了", "negative", "forum"),
    ],
    "other": [
        ("{town}到{town2}的公路塌方，正在抢修", "negative", "news"),
        ("潼南今天好热，{town}最高38度", "neutral", "post"),
        ("{town}桃花开了，周末去打卡", "positive", "post"),
        ("{road}修了大半年还没修好，出门天天堵", "negative", "forum"),
        ("{town}停气通知：燃气管道改造，{day}暂停供气", "neutral", "news"),
        ("潼南区运动会在{town}开幕", "positive", "news"),
        ("{town}新开的火锅店味道巴适", "positive", "post"),
        ("{town}的学校寒假放假安排出来了", "neutral", "post"),
        ("{e}工会举办职工趣味运动会", "positive", "news"),
        ("{e}厂区门口的路灯坏了好久了", "negative", "hotline"),
        ("{town}医院新门诊大楼启用", "positive", "news"),
        ("{town}幼儿园秋季招生开始报名", "neutral", "news"),
    ],
}
TOPIC_WEIGHTS = {
    "layoff": 3,
    "wage_arrears": 3,
    "closure": 2,
    "social_insurance": 2,
    "recruitment": 2,
    "other": 3,
}
PLATFORMS = ("weibo", "douyin", "wechat", "toutiao")
REPOSTS = (
    "转发：{}",
    "#潼南# {}",
    "{} 求证！",
    "{} https://t.cn/A6{}",
    "@潼南发布 {}",
    "{}",  # an exact duplicate
)
TOWNS = ("桂林街道", "梓潼街道", "大佛街道", "柏梓镇", "双江镇", "米心镇", "塘坝镇", "龙形镇",
         "太安镇", "别口镇", "寿桥镇", "崇龛镇", "古溪镇", "玉溪镇")  # fmt: skip
ROADS = ("兴潼大道", "江北大道", "人民路", "金佛大道", "滨江路")
# Homophones of characters common in enterprises' 字号 (a typo as typed with pinyin).
HOMOPHONES = dict(
    zip(
        "鑫辉源达泰新金华宏盛瑞兴丰恒昌佳德永顺利荣安宇正通和裕祥隆博晟远锦天明光嘉江凯龙凤",
        "新晖元大太欣今化红胜锐星峰衡常家得勇舜力容鞍雨政同合玉翔龙搏胜元金田名广家疆铠隆奉",
        strict=True,
    )
)


def core_name(full: str) -> str:
    """The name without its region, town and legal form, as the matcher strips them
    (text._core: REGION_PREFIXES, TOWN_PREFIX_RE, LEGAL_SUFFIXES):
    重庆市潼南区源达蔬菜食品有限公司 → 源达蔬菜食品, 潼南区双江镇正通生猪养殖家庭农场 → 正通生猪养殖."""
    return _core(full) or full


def short_name(full: str, r: random.Random) -> str:
    """What people call it: the 字号 and one or more of its trade words (源达蔬菜, 源达食品,
    源达蔬菜食品), as text.short_names reads a registered name; never the bare 2-character 字号,
    which alone names many things. The core name when it has no longer short name."""
    names = [n for n in short_names(full) if len(n) > 2]
    return r.choice(names) if names else core_name(full)


def typo_name(full: str, r: random.Random) -> str:
    """A one-character slip in the short name: a homophone in the 字号, or a dropped character."""
    name = short_name(full, r)
    spots = [i for i, ch in enumerate(name[:2]) if ch in HOMOPHONES]
    if spots and r.random() < 0.7:
        i = r.choice(spots)
        return name[:i] + HOMOPHONES[name[i]] + name[i + 1 :]
    i = r.randrange(1, len(name))  # keep the first character, or nothing is left to match
    return name[:i] + name[i + 1 :]


def _mention(enterprise: tuple[str, str, str, str], r: random.Random) -> tuple[str, str]:
    """(how the post names the enterprise, the kind of mention)."""
    _uscc, full, _code, _town = enterprise
    kind = r.choices(("full", "short", "typo"), weights=(4, 4, 2))[0]
    if kind == "full":
        return full, kind
    return (short_name(full, r) if kind == "short" else typo_name(full, r)), kind


def _original(enterprises, r: random.Random, group: int) -> dict:
    """One new item, the first of its group."""
    topic = r.choices(list(TOPIC_WEIGHTS), weights=list(TOPIC_WEIGHTS.values()))[0]
    template, tone, source = r.choice(TEMPLATES[topic])
    enterprise = r.choice(enterprises)
    uscc, _full, _code, town = enterprise
    named, mention = _mention(enterprise, r) if "{e}" in template else ("", "none")
    text = template.format(
        e=named,
        town=town if named else r.choice(TOWNS),
        town2=r.choice(TOWNS),
        road=r.choice(ROADS),
        n=r.randint(5, 240),
        m=r.choice(("两", "三", "四", "五", "6", "8")),
        wage=r.randint(2, 150),
        amount=r.randrange(2000, 50000, 100),
        salary=r.randrange(4000, 8000, 500),
        day=f"{r.randint(1, 12)}月{r.randint(1, 28)}日",
    )
    return {
        "text": text,
        "source": r.choice(PLATFORMS) if source == "post" else source,
        "published_at": round(r.uniform(0, 720), 1),
        "topic": topic,
        "tone": tone,
        "uscc": uscc if named else "",
        "group": group,
        "mention": mention,
    }


def _repost(item: dict, r: random.Random) -> dict:
    """A repost of `item` (or a word-for-word copy), some hours later on a social platform."""
    form = r.choice(REPOSTS)
    text = (
        form.format(item["text"], r.randrange(10**5, 10**6))
        if "t.cn" in form
        else form.format(item["text"])
    )
    later = round(item["published_at"] + r.uniform(0.1, 48), 1)
    return {**item, "text": text, "source": r.choice(PLATFORMS), "published_at": later}


def write_corpus(
    enterprises: list[tuple[str, str, str, str]], *, seed: int, n: int = 600
) -> list[dict]:
    """At least `n` labelled items about the (uscc, full name, town code, town name) enterprises.

    Each item is a dict: text, source, published_at (hours after the corpus's start), topic,
    tone, uscc (the enterprise it is about, or ""), group (shared by an item and its reposts and
    copies) and mention ("full", "short", "typo" or "none"). About a third of the groups have
    one to three reposts."""
    if not enterprises:
        raise ValueError("write_corpus needs at least one enterprise")
    r = random.Random(seed)
    items: list[dict] = []
    group = 0
    while len(items) < n:
        group += 1
        first = _original(enterprises, r, group)
        items.append(first)
        if r.random() < 0.35:
            items.extend(_repost(first, r) for _ in range(r.randint(1, 3)))
    return items
