"""A deterministic, plausible Tongnan: enterprises, dispatch relations, 24 months of headcounts, accounts.

Two halves, so that tests and benchmarks can use either:

- `build(...)` is pure: a `random.Random(seed)`, the towns and industries it is given, and the
  period it is told. It never reads the clock, the database or the global random state, so the
  same arguments always give the same `Plan`.
- `generate(...)` reads the towns and industries from the database, builds the plan and writes
  it with `bulk_create` in one transaction, then records a `DemoDataset` marker.

The shape follows what is known of the district: the three urban streets (桂林, 梓潼, 大佛, where the
high-tech zone lies) are densest; the industry mix is food processing, auto and motorcycle parts,
electronics, building materials, chemicals, agriculture, services and construction; most employers
insure 5–50 people, a few hundred 100–500, a handful 1,000–3,000.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from layoffwatch.core.clock import local_datetime, local_day
from layoffwatch.core.validators import USCC_CHARS, uscc_with_check_digit

# For the demo only: printed by `layoffwatch demo`, never to be used on a real deployment.
DEMO_PASSWORD = "Tongnan-demo-2026"
DEFAULT_SEED = 2026
DEFAULT_ENTERPRISES = 1500
DEFAULT_MONTHS = 24
TONGNAN = "500152"
GUILIN = "500152001000"

# Relative density of enterprises per town (12-digit statistical code → weight).
TOWN_WEIGHTS = {
    "500152001000": 15,  # 桂林街道 (district seat)
    "500152002000": 16,  # 梓潼街道 (high-tech zone)
    "500152003000": 11,  # 大佛街道
    "500152113000": 5,  # 柏梓镇
    "500152110000": 5,  # 双江镇
    "500152108000": 4,  # 米心镇
    "500152115000": 4,  # 塘坝镇
    "500152102000": 3,  # 龙形镇
}
URBAN = {"500152001000", "500152002000", "500152003000"}
RURAL_WEIGHT = 2.5

ROADS = ["兴潼大道", "江北大道", "金佛大道", "东升路", "凉风垭路", "梓潼路", "南环路", "北环路",
         "创业大道", "工业园区", "滨江路", "文化路", "人民路", "育才路", "建设路", "新华路"]  # fmt: skip
VILLAGES = ["红岩", "新桥", "石碾", "白鹤", "青龙", "龙泉", "三元", "永兴", "太平", "双河", "金龙",
            "高峰", "花园", "莲花", "大坪", "长滩", "和平", "柏林", "观音", "凤凰"]  # fmt: skip
TRADE_CHARS = "金华鑫宏盛潼涪琼江嘉瑞兴达泰丰源恒昌佳新德永顺利亿荣安宇正通和裕祥隆博凯晟远辉川渝双佛龙凤锦天明光"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰辉建国红梅春燕志鹏飞云海波宇婷雪琴红兵林亮成斌凤琳浩"
MOBILE_PREFIXES = ["135", "136", "138", "139", "150", "151", "152", "158", "159", "182", "183", "187",
                   "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "189",
                   "177", "199", "191", "173"]  # fmt: skip
# Other registration regions, for enterprises registered outside Tongnan (branches, movers):
# 500223 is Tongnan's code as a county before 2015; 500000 Chongqing municipality; then 渝北,
# 沙坪坝, 合川 (next door), 成都, 遂宁 (next door in Sichuan), 深圳.
OTHER_REGIONS = ["500223", "500000", "500112", "500106", "500117", "510100", "510900", "440300"]


@dataclass(frozen=True)
class Sector:
    key: str
    label: str
    weight_urban: float  # relative share in the three urban streets
    weight_rural: float  # relative share in the twenty towns
    max_band: int  # index into SIZE_BANDS: the largest size this kind of employer reaches
    turnover: float  # monthly separations as a share of headcount
    season: dict  # calendar month → relative change of the workforce
    classes: tuple  # (GB/T 4754-2017 class code, word used in the company name)


# fmt: off
SECTORS = [
    Sector("food", "食品加工", weight_urban=12, weight_rural=16, max_band=5, turnover=0.03,
           season={11: 0.05, 12: 0.08, 1: 0.06, 2: -0.04, 3: -0.02},  # busy before Spring Festival
           classes=(("1311", "米业"), ("1331", "粮油"), ("1353", "肉类食品"), ("1371", "蔬菜食品"),
                    ("1373", "柠檬制品"), ("1392", "豆制品"), ("1411", "食品"), ("1431", "面业"),
                    ("1432", "冷冻食品"), ("1462", "酿造"), ("1469", "调味品"), ("1512", "酒业"),
                    ("1522", "饮用水"), ("1523", "饮品"), ("1530", "茶业"), ("1329", "饲料"))),
    Sector("auto", "汽车摩托车零部件", weight_urban=12, weight_rural=4, max_band=5, turnover=0.025,
           season={2: -0.05, 9: 0.03, 10: 0.04, 11: 0.04},
           classes=(("3670", "汽车零部件"), ("3670", "汽车配件"), ("3670", "汽车部件"),
                    ("3660", "专用车"), ("3752", "摩托车配件"), ("3752", "摩托车零部件"),
                    ("3670", "机械"))),
    Sector("electronics", "电子信息", weight_urban=10, weight_rural=2, max_band=5, turnover=0.035,
           season={2: -0.06, 8: 0.03, 9: 0.05, 10: 0.05},
           classes=(("3982", "电子科技"), ("3976", "光电科技"), ("3974", "显示科技"),
                    ("3981", "电子元件"), ("3962", "智能科技"), ("3841", "新能源科技"),
                    ("3831", "电线电缆"), ("3872", "照明科技"), ("3823", "电气"))),
    Sector("building", "建材", weight_urban=5, weight_rural=8, max_band=4, turnover=0.03,
           season={1: -0.05, 2: -0.08, 4: 0.03, 10: 0.03},
           classes=(("3021", "建材"), ("3011", "水泥"), ("3031", "新型墙材"), ("3032", "石材"),
                    ("3071", "陶瓷"), ("3022", "混凝土构件"), ("3059", "玻璃制品"))),
    Sector("chemical", "化工", weight_urban=4, weight_rural=2, max_band=4, turnover=0.02,
           season={2: -0.03},
           classes=(("2625", "生物肥业"), ("2624", "化肥"), ("2641", "涂料"), ("2614", "化工"),
                    ("2681", "日化"), ("2662", "化工科技"))),
    Sector("agriculture", "农业", weight_urban=2, weight_rural=30, max_band=3, turnover=0.03,
           season={3: 0.08, 4: 0.1, 5: 0.06, 9: 0.08, 10: 0.06, 12: -0.06, 1: -0.08, 2: -0.06},
           classes=(("0141", "蔬菜"), ("0153", "柠檬"), ("0164", "茶叶"), ("0171", "中药材"),
                    ("0313", "生猪养殖"), ("0321", "禽业"), ("0322", "鸭业"), ("0392", "蜂业"),
                    ("0511", "种业"), ("0512", "农机"), ("0514", "农产品"))),
    Sector("services", "商贸服务", weight_urban=35, weight_rural=26, max_band=3, turnover=0.04,
           season={1: 0.03, 2: 0.02, 7: -0.01},
           classes=(("5121", "粮油贸易"), ("5165", "建材销售"), ("5172", "汽配贸易"), ("5212", "超市"),
                    ("5213", "便利店"), ("5261", "汽车销售"), ("5281", "五金"), ("6110", "酒店"),
                    ("6129", "宾馆"), ("6210", "餐饮"), ("6220", "快餐"), ("6291", "小吃"),
                    ("7211", "企业管理"), ("7241", "财务咨询"), ("7271", "保安服务"),
                    ("7299", "商务服务"), ("8010", "家政服务"), ("8040", "美容美发"), ("8051", "洗浴"))),
    Sector("construction", "建筑", weight_urban=10, weight_rural=8, max_band=5, turnover=0.05,
           season={1: -0.06, 2: -0.12, 3: 0.04, 4: 0.04, 10: 0.03, 11: 0.03},  # sites stop for the festival
           classes=(("4710", "建筑工程"), ("4790", "建设"), ("4812", "路桥"), ("4822", "水利工程"),
                    ("4891", "园林绿化"), ("4910", "电力安装"), ("4920", "设备安装"),
                    ("5011", "建筑装饰"), ("5012", "装饰工程"))),
]
# fmt: on
SECTOR_BY_KEY = {s.key: s for s in SECTORS}
# Service employers that can reach 100–500 insured (the rest stay small).
BIG_SERVICES = {"5212", "6110", "7271", "5261", "6210", "7211", "5121", "8010"}
# Shop-like trades for individual businesses (个体工商户).
SHOPS = (("5212", "超市"), ("5213", "便利店"), ("5281", "五金"), ("6210", "餐饮"), ("6220", "快餐"),
         ("6291", "小吃"), ("8040", "美发"), ("5221", "粮油"), ("5223", "果蔬"), ("8010", "家政"))  # fmt: skip
# Public service units (事业单位, authority code 12) in the agricultural services the mix includes.
INSTITUTIONS = (("0519", "农业服务中心"), ("0539", "畜牧兽医站"), ("0512", "农机推广站"), ("0515", "植保站"),
                ("0511", "农技推广站"), ("0541", "水产站"))  # fmt: skip
AGENCY_CLASSES = (("7263", "劳务派遣"), ("7262", "人力资源服务"), ("7269", "人力资源"))
PLATFORM_CLASSES = (("6242", "网络科技"), ("5292", "电子商务"), ("7299", "信息服务"))

# (low, high, share): insured headcount bands, most employers small (log-uniform inside a band).
SIZE_BANDS = [
    (1, 4, 0.06),
    (5, 50, 0.64),
    (51, 99, 0.12),
    (100, 500, 0.15),
    (501, 999, 0.03),
    (1000, 3000, 0.012),
]


@dataclass
class EnterpriseSpec:
    uscc: str
    name: str
    town: str
    industry: str
    ownership: str
    insured_headcount: int
    address: str
    legal_representative: str
    contact_name: str
    contact_phone: str
    sector: str
    is_labour_intensive: bool = False
    is_key_sample: bool = False
    on_watch_list: bool = False
    is_hr_agency: bool = False
    is_platform_employer: bool = False
    commissioner: int | None = None  # index into Plan.commissioners
    trend: str = "steady"  # steady, declining, sudden_cut
    # (period, insured headcount at month end, hires, separations), oldest first
    history: list = field(default_factory=list)


@dataclass
class Plan:
    seed: int
    end_period: dt.date
    months: int
    enterprises: list
    dispatches: list  # (agency index, user enterprise index, dispatched headcount, since)
    commissioners: list  # (username, display name)

    def summary(self) -> dict:
        es = self.enterprises
        return {
            "seed": self.seed,
            "end_period": self.end_period.isoformat(),
            "months": self.months,
            "enterprises": len(es),
            "headcount_records": sum(len(e.history) for e in es),
            "dispatch_relations": len(self.dispatches),
            "key_samples": sum(e.is_key_sample for e in es),
            "watch_list": sum(e.on_watch_list for e in es),
            "labour_intensive": sum(e.is_labour_intensive for e in es),
            "hr_agencies": sum(e.is_hr_agency for e in es),
            "platform_employers": sum(e.is_platform_employer for e in es),
            "with_commissioner": sum(e.commissioner is not None for e in es),
            "declining": sum(e.trend == "declining" for e in es),
            "sudden_cuts": sum(e.trend == "sudden_cut" for e in es),
            "insured_total": sum(e.insured_headcount for e in es),
        }


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(today: dt.date) -> dt.date:
    """The first day of the month before `today`: the last complete month."""
    return month_start(month_start(today) - dt.timedelta(days=1))


def add_months(period: dt.date, n: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _scaled(at_default: float, n: int, minimum: int = 1) -> int:
    """A count given for the default 1,500 enterprises, scaled to n (at least `minimum`)."""
    return max(minimum, round(at_default * n / DEFAULT_ENTERPRISES)) if n else 0


class _Builder:
    def __init__(self, *, seed, towns, industries, end_period, months):
        self.rng = random.Random(seed)
        self.towns = towns  # [(code, name)]
        self.industries = industries  # {code: labour_intensive}
        self.end_period = month_start(end_period)
        self.months = months
        self.usccs: set[str] = set()
        self.names: set[str] = set()

    # -- small pieces -------------------------------------------------------------------------
    def person(self) -> str:
        r = self.rng
        given = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")
        return r.choice(SURNAMES) + given

    def phone(self) -> str:
        r = self.rng
        if r.random() < 0.25:  # Tongnan landlines: 023-4455xxxx / 023-4444xxxx
            return f"023-{r.choice(['4455', '4444', '4456'])}{r.randrange(10000):04d}"
        return r.choice(MOBILE_PREFIXES) + f"{r.randrange(10**8):08d}"

    def trade_name(self) -> str:
        return self.rng.choice(TRADE_CHARS) + self.rng.choice(TRADE_CHARS)

    def address(self, town_code: str, town_name: str) -> str:
        r = self.rng
        if town_code in URBAN:
            return f"重庆市潼南区{town_name}{r.choice(ROADS)}{r.randint(1, 999)}号"
        return f"重庆市潼南区{town_name}{r.choice(VILLAGES)}村{r.randint(1, 12)}社"

    def uscc(self, authority: str, region: str) -> str:
        """18 characters: authority (2), region (6), organisation code (9), GB 32100 check digit."""
        r = self.rng
        while True:
            if authority in ("91", "92", "93") and r.random() < 0.85:
                # Codes issued since 2015 carry an "MA" organisation code.
                body = "MA" + "".join(r.choice(USCC_CHARS) for _ in range(6))
            elif authority == "51":
                body = "MJ" + "".join(r.choice("0123456789") for _ in range(6))
            else:
                body = r.choice("5677") + "".join(r.choice("0123456789") for _ in range(7))
            code = uscc_with_check_digit(authority + region + body + _org_check(body))
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def unique_name(self, make) -> str:
        for _ in range(50):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        name = make() + f"（{len(self.names)}）"  # pragma: no cover - very large runs only
        self.names.add(name)
        return name

    def industry_code(self, code: str) -> str:
        """The class code if the reference table has it, else its division (never an unknown code)."""
        if code in self.industries:
            return code
        if code[:2] in self.industries:
            return code[:2]
        raise ValueError(
            f"行业代码 {code} 不在行业表中 / industry {code} is not in the reference table"
        )

    def size(self, max_band: int) -> tuple[int, int]:
        """A headcount from SIZE_BANDS restricted to bands 0..max_band (shares renormalised)."""
        r = self.rng
        bands = SIZE_BANDS[: max_band + 1]
        band = r.choices(range(len(bands)), weights=[share for _, _, share in bands])[0]
        low, high, _ = bands[band]
        # log-uniform inside the band: more 6s than 49s.
        value = int(round(low * (high / low) ** r.random())) if low > 1 else r.randint(low, high)
        return max(low, min(high, value)), band

    # -- one enterprise ---------------------------------------------------------------------------
    def enterprise(self, town_code: str, town_name: str) -> EnterpriseSpec:  # noqa: C901 — to split: kind, authority and name helpers (pyproject.toml list)
        r = self.rng
        urban = town_code in URBAN
        sector = r.choices(
            SECTORS, weights=[s.weight_urban if urban else s.weight_rural for s in SECTORS]
        )[0]
        class_code, word = r.choice(sector.classes)
        max_band = sector.max_band
        if sector.key == "services" and class_code not in BIG_SERVICES:
            max_band = 2  # shops, salons and consultancies stay under 100
        headcount, band = self.size(max_band)
        authority, region, ownership = "91", TONGNAN, "private"
        roll = r.random()
        if headcount <= 20 and sector.key in ("services", "food", "agriculture") and roll < 0.35:
            authority, ownership = "92", "individual"
        elif sector.key == "agriculture" and headcount <= 80 and roll < 0.55:
            authority, ownership = "93", "cooperative"
        elif roll > 0.99 and not urban:
            authority, ownership = "12", "institution"
        elif roll > 0.975:
            authority, ownership = "51", "social"
        elif roll > 0.968 and not urban:
            authority, ownership = "N2", "collective"
        if authority == "91":
            if r.random() < 0.08:
                region = r.choice(OTHER_REGIONS)
            ownership = r.choices(
                ["private", "state", "collective", "foreign", "hmt", "other"],
                weights=[86, 5, 2, 2, 2, 3],
            )[0]
        if authority == "92":
            if sector.key == "services":
                class_code, word = r.choice(SHOPS)
                suffix = "馆" if class_code.startswith("62") else r.choice(["经营部", "商行", "店"])
            else:
                suffix = "加工坊" if sector.key == "food" else "家庭农场"
            name = self.unique_name(lambda: f"潼南区{town_name}{self.trade_name()}{word}{suffix}")
            headcount = min(headcount, 20)
        elif authority == "93":
            name = self.unique_name(lambda: f"重庆市潼南区{self.trade_name()}{word}专业合作社")
        elif authority == "12":
            class_code, word = r.choice(INSTITUTIONS)
            name = self.unique_name(lambda: f"重庆市潼南区{town_name}{word}")
            headcount = min(headcount, 99)
        elif authority == "51":
            class_code = "9522"
            name = self.unique_name(
                lambda: f"重庆市潼南区{self.trade_name()}{word}{r.choice(['协会', '商会'])}"
            )
            headcount = min(headcount, 30)
        elif authority == "N2":
            class_code = "7215"
            name = self.unique_name(
                lambda: f"重庆市潼南区{town_name}{r.choice(VILLAGES)}村股份经济合作联合社"
            )
            headcount = min(headcount, 30)
        else:

            def company() -> str:
                t = self.trade_name()
                if ownership == "state":
                    return (
                        f"重庆市潼南区{t}{word}投资有限公司"
                        if r.random() < 0.5
                        else f"重庆潼南{t}{word}有限公司"
                    )
                if band >= 4 and r.random() < 0.6:
                    return f"重庆{t}{word}股份有限公司"
                pattern = r.random()
                if pattern < 0.45:
                    return f"重庆市潼南区{t}{word}有限公司"
                if pattern < 0.75:
                    return f"潼南{t}{word}有限公司"
                if pattern < 0.9:
                    return f"重庆{t}{word}有限公司"
                return f"潼南县{t}{word}有限责任公司"  # registered before Tongnan became a district (2015)

            name = self.unique_name(company)
        code = self.industry_code(class_code)
        return EnterpriseSpec(
            uscc=self.uscc(authority, region),
            name=name,
            town=town_code,
            industry=code,
            ownership=ownership,
            insured_headcount=headcount,
            address=self.address(town_code, town_name),
            legal_representative=self.person(),
            contact_name=self.person(),
            contact_phone=self.phone(),
            sector=sector.key,
            is_labour_intensive=self.industries[code],
        )

    def special(
        self, town_code: str, town_name: str, *, classes, suffix: str, low: int, high: int
    ) -> EnterpriseSpec:
        r = self.rng
        class_code, word = r.choice(classes)
        name = self.unique_name(lambda: f"重庆潼南{self.trade_name()}{word}{suffix}")
        code = self.industry_code(class_code)
        return EnterpriseSpec(
            uscc=self.uscc("91", TONGNAN),
            name=name,
            town=town_code,
            industry=code,
            ownership="private",
            insured_headcount=r.randint(low, high),
            address=self.address(town_code, town_name),
            legal_representative=self.person(),
            contact_name=self.person(),
            contact_phone=self.phone(),
            sector="services",
            is_labour_intensive=self.industries[code],
        )

    # -- history ----------------------------------------------------------------------------------
    def history(self, e: EnterpriseSpec) -> None:
        """`months` month-end headcounts ending at end_period, scaled so the last equals today's size."""
        r = self.rng
        sector = SECTOR_BY_KEY[e.sector]
        periods = [
            add_months(self.end_period, -i) for i in range(self.months, -1, -1)
        ]  # one extra before
        drift = r.gauss(0.002, 0.004)
        start_decline = (
            r.randint(self.months // 2, self.months - 3) if e.trend == "declining" else None
        )
        decline = r.uniform(0.015, 0.04)
        cut_at = r.randint(self.months - 2, self.months) if e.trend == "sudden_cut" else None
        cut = r.uniform(0.2, 0.35)
        level, raw = 1.0, []
        for i, period in enumerate(periods):
            if i:
                level *= 1 + drift
                if start_decline is not None and i >= start_decline:
                    level *= 1 - decline
                if cut_at is not None and i == cut_at:
                    level *= 1 - cut
            raw.append(level * (1 + sector.season.get(period.month, 0.0)) * (1 + r.gauss(0, 0.01)))
        scale = e.insured_headcount / raw[-1]
        counts = [max(0, round(v * scale)) for v in raw]
        counts[-1] = e.insured_headcount
        history = []
        for i in range(1, len(periods)):
            prev, cur = counts[i - 1], counts[i]
            churn = prev * sector.turnover * r.uniform(0.5, 1.5)
            churn = int(churn) + (r.random() < churn - int(churn))
            hires = churn + max(0, cur - prev)
            separations = churn + max(0, prev - cur)
            history.append((periods[i], cur, hires, separations))
        e.history = history

    # -- the whole district ---------------------------------------------------------------------
    def build(self, n: int) -> Plan:
        r = self.rng
        towns = list(self.towns)
        weights = [TOWN_WEIGHTS.get(code, RURAL_WEIGHT) for code, _ in towns]
        names = dict(towns)
        n_agencies = min(n, _scaled(8, n)) if n >= 10 else 0
        n_platform = min(n - n_agencies, _scaled(5, n)) if n >= 10 else 0
        n_regular = n - n_agencies - n_platform
        # Every town gets at least one enterprise when there are enough to go round.
        town_codes = [code for code, _ in towns][:n_regular]
        town_codes += r.choices(
            [code for code, _ in towns], weights=weights, k=n_regular - len(town_codes)
        )
        enterprises = [self.enterprise(code, names[code]) for code in town_codes]
        for _ in range(n_agencies):
            code = r.choices(["500152001000", "500152002000", "500152003000"], weights=[5, 4, 2])[0]
            e = self.special(
                code,
                names.get(code, code),
                classes=AGENCY_CLASSES,
                suffix="有限公司",
                low=8,
                high=60,
            )
            e.is_hr_agency = True
            enterprises.append(e)
        for _ in range(n_platform):
            code = r.choice(["500152001000", "500152002000"])
            e = self.special(
                code,
                names.get(code, code),
                classes=PLATFORM_CLASSES,
                suffix="有限公司",
                low=5,
                high=40,
            )
            e.is_platform_employer = True
            enterprises.append(e)

        # Trends: a few declining enterprises and a few sudden cuts (what later stages must find).
        candidates = [
            i for i, e in enumerate(enterprises) if e.insured_headcount >= 30 and not e.is_hr_agency
        ]
        r.shuffle(candidates)
        n_declining = min(len(candidates), _scaled(45, n))
        n_cuts = min(len(candidates) - n_declining, _scaled(12, n))
        for i in candidates[:n_declining]:
            enterprises[i].trend = "declining"
        big = [i for i in candidates[n_declining:] if enterprises[i].insured_headcount >= 100]
        for i in big[:n_cuts]:
            enterprises[i].trend = "sudden_cut"

        # Key samples (plan S3.1.4): the larger employers, weighted by size; the watch list (S2.3):
        # mostly those in trouble, then other large labour-intensive ones.
        pool = [
            i
            for i, e in enumerate(enterprises)
            if e.ownership not in ("individual", "social", "collective")
        ]
        pool.sort(key=lambda i: -enterprises[i].insured_headcount * r.uniform(0.5, 1.5))
        for i in pool[: _scaled(60, n)]:
            enterprises[i].is_key_sample = True
        troubled = [i for i, e in enumerate(enterprises) if e.trend == "sudden_cut"]
        troubled += [i for i, e in enumerate(enterprises) if e.trend == "declining"]
        others = [
            i
            for i in pool
            if enterprises[i].is_labour_intensive and enterprises[i].trend == "steady"
        ]
        n_watch = _scaled(40, n)
        watch = troubled[: int(n_watch * 0.7)]
        watch += others[: n_watch - len(watch)]
        for i in watch:
            enterprises[i].on_watch_list = True

        # Commissioners (稳企惠企服务专员) serve the key samples, the watch list and the big employers.
        commissioners = [("commissioner", "陈专员")] + [
            (f"commissioner{k}", f"{self.person()[0]}专员") for k in range(2, 6)
        ]
        served = [
            i
            for i, e in enumerate(enterprises)
            if e.is_key_sample or e.on_watch_list or e.insured_headcount >= 200
        ]
        served.sort(key=lambda i: (enterprises[i].town, enterprises[i].uscc))
        for k, i in enumerate(served):
            enterprises[i].commissioner = k * len(commissioners) // max(1, len(served))

        # Dispatch relations (plan S3.1.2): each agency places staff with several manufacturers.
        agencies = [i for i, e in enumerate(enterprises) if e.is_hr_agency]
        users = [
            i
            for i, e in enumerate(enterprises)
            if not e.is_hr_agency
            and e.insured_headcount >= 50
            and e.sector in ("food", "auto", "electronics", "building", "chemical", "construction")
        ]
        dispatches, pairs = [], set()
        for a in agencies:
            for u in r.sample(users, min(len(users), r.randint(3, 10))):
                if (a, u) in pairs:
                    continue
                pairs.add((a, u))
                share = r.uniform(0.05, 0.2)
                since = add_months(self.end_period, -r.randint(6, 60))
                dispatches.append(
                    (a, u, max(1, round(enterprises[u].insured_headcount * share)), since)
                )

        for e in enterprises:
            self.history(e)
        return Plan(
            seed=0,
            end_period=self.end_period,
            months=self.months,
            enterprises=enterprises,
            dispatches=dispatches,
            commissioners=commissioners,
        )


def _org_check(body8: str) -> str:
    """GB 11714 organisation code check character for an 8-character body."""
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(
        w * (int(c) if c.isdigit() else ord(c) - 55) for w, c in zip(weights, body8, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def build(
    *,
    seed: int = DEFAULT_SEED,
    enterprises: int = DEFAULT_ENTERPRISES,
    months: int = DEFAULT_MONTHS,
    end_period: dt.date,
    towns: list[tuple[str, str]],
    industries: dict[str, bool],
) -> Plan:
    """The plan for a synthetic district, from the seed alone (pure: no clock, no database)."""
    if enterprises < 0 or months < 1:
        raise ValueError("enterprises must be >= 0 and months >= 1")
    if not towns:
        raise ValueError("no towns: load the reference data first")
    plan = _Builder(
        seed=seed, towns=sorted(towns), industries=industries, end_period=end_period, months=months
    ).build(enterprises)
    plan.seed = seed
    return plan


# -- writing ----------------------------------------------------------------------------------------


def reference_from_db() -> tuple[list[tuple[str, str]], dict[str, bool]]:
    from layoffwatch.reference.models import Industry, Town

    towns = list(Town.objects.order_by("code").values_list("code", "name"))
    industries = dict(Industry.objects.values_list("code", "labour_intensive"))
    return towns, industries


def generate(
    *,
    seed: int = DEFAULT_SEED,
    enterprises: int = DEFAULT_ENTERPRISES,
    months: int = DEFAULT_MONTHS,
    end_period: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    accounts: bool = True,
    password: str = DEMO_PASSWORD,
) -> dict:
    """Write a synthetic district to the database; returns a summary. One transaction.

    `now` (an aware datetime) is the moment the demo is built: every event is stamped at or
    before it, in office hours of working days (DemoClock). Without it, the evening of `today`,
    or of the first day after `end_period`; one of the three must be given, the generator does
    not read the clock. `end_period` is the last month of history (default: the month before
    now's day in Tongnan). With `accounts`, the demo accounts of ACCOUNTS are created with
    `password`, the cases, reports and assistance are told, and a `DemoDataset` marker is
    recorded.
    """
    from django.db import transaction

    from layoffwatch.audit.services import audit_record
    from layoffwatch.enterprises.models import DispatchRelation, Enterprise, HeadcountRecord
    from layoffwatch.reporting.services import qr_link_create

    from .accounts import accounts_create
    from .models import DemoDataset

    if now is None:
        day = today or (add_months(end_period, 1) if end_period else None)
        if day is None:
            raise ValueError("pass now, today or end_period: the generator does not read the clock")
        now = _evening(day)
    elif today is not None and today != local_day(now):
        raise ValueError(f"today {today} is not the day of now {now} in Tongnan")
    if end_period is None:
        end_period = previous_month(local_day(now))
    towns, industries = reference_from_db()
    plan = build(
        seed=seed,
        enterprises=enterprises,
        months=months,
        end_period=end_period,
        towns=towns,
        industries=industries,
    )
    fields = [
        "uscc", "name", "town", "industry", "ownership", "insured_headcount", "address",
        "legal_representative", "contact_name", "contact_phone", "is_labour_intensive",
        "is_key_sample", "on_watch_list", "is_hr_agency", "is_platform_employer",
    ]  # fmt: skip
    with transaction.atomic():
        rows = []
        for e in plan.enterprises:
            values = {f: getattr(e, f) for f in fields}
            values["town_id"] = values.pop("town")
            values["industry_id"] = values.pop("industry")
            rows.append(Enterprise(source=Enterprise.Source.DEMO, **values))
        saved = Enterprise.objects.bulk_create(rows, batch_size=500)
        if any(
            e.pk is None for e in saved
        ):  # pragma: no cover - both supported databases return ids
            ids = dict(
                Enterprise.objects.filter(source=Enterprise.Source.DEMO).values_list("uscc", "pk")
            )
            for e in saved:
                e.pk = ids[e.uscc]
        DispatchRelation.objects.bulk_create(
            [
                DispatchRelation(
                    agency=saved[a], user_enterprise=saved[u], dispatched_headcount=n, since=since
                )
                for a, u, n, since in plan.dispatches
            ],
            batch_size=500,
        )
        HeadcountRecord.objects.bulk_create(
            (
                HeadcountRecord(
                    enterprise_id=saved[i].pk, period=p, insured_headcount=c, hires=h, separations=s
                )
                for i, e in enumerate(plan.enterprises)
                for p, c, h, s in e.history
            ),
            batch_size=2000,
        )
        summary = plan.summary()
        if accounts:
            users = accounts_create(plan=plan, saved=saved, password=password)
            summary["accounts"] = sorted(users)
            clock = DemoClock(now)
            if users["enterprise"].enterprise_id:
                # the liaison made the reporter's enterprise its QR code weeks ago (plan S3.1.1),
                # so the enterprise persona can report online from 监测直报
                qr_link_create(
                    enterprise=users["enterprise"].enterprise,
                    actor=users["guilin"],
                    at=Story(clock, _stream(seed, "qr")).start(30),
                )
            response, reporting, assistance = {}, {}, {}
            stories = generate_cases(
                clock=clock, seed=seed, response=response, assistance=assistance
            )
            stories.append(
                generate_monthly_reports(
                    clock=clock, seed=seed, period=plan.end_period, summary=reporting
                )
            )
            _in_time_order(stories)
            summary |= {"response": response, "reporting": reporting, "assistance": assistance}
            dataset = DemoDataset.objects.create(
                seed=seed,
                enterprises=len(saved),
                months=months,
                end_period=plan.end_period,
                summary=summary,
                loaded_at=now,
            )
            audit_record(
                action="create",
                obj=dataset,
                actor_label="演示数据生成器 / demo generator",
                summary=f"生成演示数据：{len(saved)} 家企业，{months} 个月参保记录（种子 {seed}）",
                after=summary,
            )
    return summary


def _evening(day: dt.date) -> dt.datetime:
    """18:00 in Tongnan on `day`: the moment a demo built for a given day is taken to be built."""
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(18, 0), tzinfo=timezone.get_default_timezone())


# -- when things happened (plan S5 timelines read in order) ------------------------------------------------------

# The bureau's and the enterprises' working day: every demo event falls inside it, on a working
# day of the project's calendar (reference/calendar.py). Demo shape, like TOWN_WEIGHTS: no policy.
OFFICE_HOURS = (dt.time(8, 30), dt.time(17, 30))
OFFICE_DAY = 540  # office minutes in one working day (08:30–17:30)


class DemoClock:
    """When the demo's events happened: office hours of working days, never after `now`.

    A demo built at 08:05 has nothing stamped later that morning (its latest moment is the last
    working day's afternoon); one built at 00:10 Beijing time (16:10 UTC the day before) reads
    the day in Tongnan. Positions are counted in office minutes, so "two working days ago" and
    "an hour later" skip nights, weekends and holidays. Reads no clock: `now` is given.
    """

    def __init__(self, now: dt.datetime):
        from layoffwatch.reference.calendar import WorkingCalendar

        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        self.now = local_datetime(now)
        self.today = local_day(now)
        self.calendar = WorkingCalendar()

    def _office(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        if not self.calendar.is_working_day(day):
            return None
        tz = self.now.tzinfo
        return (
            dt.datetime.combine(day, OFFICE_HOURS[0], tzinfo=tz),
            dt.datetime.combine(day, OFFICE_HOURS[1], tzinfo=tz),
        )

    def back(self, minutes: float) -> dt.datetime:
        """The moment `minutes` office minutes before now (0: the last office moment up to now)."""
        remaining = dt.timedelta(minutes=minutes)
        day = self.today
        while True:
            office = self._office(day)
            if office is not None:
                start, end = office
                top = min(end, self.now)
                if top > start:
                    if remaining <= top - start:
                        return top - remaining
                    remaining -= top - start
            day -= dt.timedelta(days=1)

    def forward(self, at: dt.datetime, minutes: float) -> dt.datetime:
        """The moment `minutes` office minutes after `at` (may lie after now: see Story.later)."""
        remaining = dt.timedelta(minutes=minutes)
        if not remaining:
            return at
        day = local_day(at)
        while True:
            office = self._office(day)
            if office is not None:
                start, end = office
                low = max(start, at)
                if low < end:
                    if remaining <= end - low:
                        return low + remaining
                    remaining -= end - low
            day += dt.timedelta(days=1)

    def room(self, at: dt.datetime) -> float:
        """Office minutes from `at` up to now."""
        total, day = dt.timedelta(), local_day(at)
        while day <= self.today:
            office = self._office(day)
            if office is not None:
                low, high = max(office[0], at), min(office[1], self.now)
                if high > low:
                    total += high - low
            day += dt.timedelta(days=1)
        return total / dt.timedelta(minutes=1)

    def on(
        self,
        days_back: int,
        rng: random.Random,
        earliest: dt.time = OFFICE_HOURS[0],
        latest: dt.time = OFFICE_HOURS[1],
    ) -> dt.datetime:
        """A moment between `earliest` and `latest` on the working day `days_back` working days
        before the last one with office time up to now (0: that day), never after now."""
        day = self.back(0).date()
        while days_back:
            day -= dt.timedelta(days=1)
            days_back -= self.calendar.is_working_day(day)
        start, end = self._office(day)
        tz = self.now.tzinfo
        low = max(start, dt.datetime.combine(day, earliest, tzinfo=tz))
        high = min(end, dt.datetime.combine(day, latest, tzinfo=tz), self.now)
        if high <= low:  # today's office time so far is before `earliest`
            low, high = start, min(end, self.now)
        return (low + (high - low) * rng.random()).replace(microsecond=0)


class Story:
    """One thread of the demo (a case, a family's help): its moments in causal order, each later
    than the one before and none after now; deterministic from its own random stream."""

    def __init__(self, clock: DemoClock, rng: random.Random):
        self.clock, self.rng, self.at = clock, rng, None

    def start(self, days_back: int, earliest=OFFICE_HOURS[0], latest=OFFICE_HOURS[1]):
        self.at = self.clock.on(days_back, self.rng, earliest, latest)
        return self.at

    def later(self, low: float, high: float) -> dt.datetime:
        """`low`–`high` office minutes after the story's last moment; when now is nearer than
        that, a part of the office time left, so the story closes in on now without reaching it."""
        minutes = self.rng.uniform(low, high)
        room = self.clock.room(self.at)
        if minutes >= room:
            minutes = room * self.rng.uniform(0.2, 0.5)
        self.at = self.clock.forward(self.at, minutes).replace(microsecond=0)
        return self.at

    def on(self, days_back: int, earliest=OFFICE_HOURS[0], latest=OFFICE_HOURS[1]):
        """A moment on the working day `days_back` back, or a little later if the story is past it."""
        target = self.clock.on(days_back, self.rng, earliest, latest)
        if target <= self.at:
            return self.later(5, 30)
        self.at = target
        return target


def _in_time_order(stories) -> None:
    """Run the stories interleaved by time. Each is a generator that yields the moment of its next
    step and takes that step when resumed, so every service sees the district as it stood then:
    the district assessment counts the alerts open at that moment, the history reads in order."""
    import heapq

    queue = []
    for n, story in enumerate(stories):
        at = next(story, None)
        if at is not None:
            queue.append((at, n, story))
    heapq.heapify(queue)
    while queue:
        at, n, story = heapq.heappop(queue)
        then = next(story, None)
        if then is not None:
            if then < at:  # pragma: no cover - a story must never go back in time
                raise RuntimeError(f"demo story {n} went back in time: {then} < {at}")
            heapq.heappush(queue, (then, n, story))


# -- response cases (ADR 0051) and a closed case with its assistance (ADR 0070) --------------------


def _stream(seed: int, name: str) -> random.Random:
    # why one stream per story: adding or changing one story leaves the others' times as they were
    return random.Random(f"{seed}:{name}")


def _phone_report(*, enterprise, cut: int, at: dt.datetime, staff, note: str, roster=None):
    """A layoff report by phone, entered by 就业科 (plan S3.1.1); the alert it raised or escalated."""
    from layoffwatch.reporting.services import layoff_report_submit

    data = {
        "enterprise_uscc": enterprise.uscc,
        "planned_cut": cut,
        "dispatched_cut": 0,
        "effective_date": (local_day(at) + dt.timedelta(days=14)).isoformat(),
        "is_closure": False,
        "reasons": ["orders"],
        "contact_name": enterprise.contact_name or "人事负责人",
        "contact_phone": enterprise.contact_phone or "13800000000",
        "source_note": note,
    }
    return layoff_report_submit(
        enterprise=enterprise, data=data, channel="phone", actor=staff, at=at, roster=roster
    ).alert


def _as_the_queue_would(alert, *, at: dt.datetime, escalated: bool = False) -> None:
    """What the queue worker does after a report commits: open or escalate the case (ADR 0045)
    and recompute the district assessment (ADR 0047), both at the report's moment. The demo does
    it at once because no worker may be running while it seeds; both are idempotent, so the
    queue entries the commit leaves behind change nothing when a worker runs them later."""
    from layoffwatch.alerts.services import assessment_recompute
    from layoffwatch.response.services import case_open_for_alert

    case_open_for_alert(alert_id=alert.pk, level=alert.level, at=at)
    what = "预警升级为" if escalated else "发布"
    assessment_recompute(
        at=at, trigger=f"{alert.enterprise.name} {what}{alert.get_level_display()}"
    )


def _step_done(case, key: str, *, level: int, actor, at: dt.datetime, note: str = "") -> None:
    """Complete a step of the case's procedure the way staff do: a step that reports to bodies
    outside the bureau by a filing to each (plan S5.1–S5.3), any other with a note."""
    from layoffwatch.response.services import filing_record, step_complete

    step = case.steps.filter(level=level, key=key, done_at__isnull=True).first()
    if step is None:
        return
    if step.needs_filings:
        channel = "fax" if key == "report" else "document"
        for body in step.external_bodies:
            filing_record(
                step=step,
                actor=actor,
                recipient=body,
                channel=channel,
                sent_at=at,
                document_title=step.document_name,
                at=at,
            )
    else:
        step_complete(step=step, actor=actor, note=note or STEP_NOTES.get(key, ""), at=at)


# What each lead unit writes when it completes an annex task (plan annex, tasks 5–14).
TASK_NOTES = {
    5: "已指导企业依法制定裁员方案，提前三十日向工会或全体职工说明情况",
    6: "已审查裁员方案，经济补偿依法足额支付，未发现违法解除劳动合同",
    7: "已摸清职工基本情况和求职培训意向",
    8: "已组织零工市场对接短期用工岗位",
    9: "已逐人建立帮扶台账，推荐岗位和培训",
    10: "已举办专场招聘会，组织受影响职工对接岗位",
    11: "已引导人力资源服务机构参与职业介绍",
    12: "已为符合条件的职工办理失业保险待遇，困难职工转介临时救助",
    13: "已公布投诉举报渠道，受理职工咨询",
    14: "已督促企业足额支付拖欠工资",
}
# What the task force writes when it completes a step without a filing (plan S5.1–S5.3).
STEP_NOTES = {
    "plan": "已制定风险防控方案",
    "coordinate": "已协调区相关部门和镇街落实防控措施",
    "responsibility": "已落实企业主体责任，细化防控措施",
    "municipal_guidance": "市人力社保局已到现场指导，按周调度进展",
    "integrate": "已整合社会资源，防控措施落地见效",
}


def _task_done(case, *, lead: str, actor, at: dt.datetime) -> None:
    """The lead unit completes the first of its open annex tasks of the case."""
    from layoffwatch.response.services import task_complete

    task = case.tasks.filter(lead=lead, done_at__isnull=True).order_by("number").first()
    if task is not None:
        task_complete(task=task, actor=actor, note=TASK_NOTES.get(task.number, "已办结"), at=at)


def _all_done(story: "Story", case, *, staff, users: dict):
    """Every open step and annex task of the case done by its own unit (a case worked through
    before its alert is lifted); steps counted from closure (the written report) come after."""
    from layoffwatch.response.services import task_complete

    by_section = {u.section.code: u for u in users.values() if u.section_id}
    for step in case.steps.filter(done_at__isnull=True).order_by("level", "order"):
        if not step.from_closure:
            yield story.later(10, 40)
            _step_done(case, step.key, level=step.level, actor=staff, at=story.at)
    for task in case.tasks.filter(done_at__isnull=True).order_by("number"):
        actor = by_section.get(task.lead)
        if actor is not None:
            yield story.later(10, 40)
            task_complete(
                task=task, actor=actor, note=TASK_NOTES.get(task.number, "已办结"), at=story.at
            )


def _thresholds(day: dt.date) -> dict[int, int]:
    from layoffwatch.policy.selectors import policy_in_force

    brackets = policy_in_force().at(day)["alert_levels"]["brackets"]
    return {b["level"]: b["threshold"] for b in brackets if b["level"] and b["threshold"]}


# (story, level, people above the level's threshold): the open cases of generate_cases.
CASES = [("just_opened", 3, 3), ("responding", 3, 12), ("escalated", 2, 9), ("lift_asked", 1, 19)]
ASSISTED_ABOVE = 19  # the closed level-2 case of generate_assistance: threshold + 19 people
FIRST_WAVE_ABOVE = 5  # the escalated case's first report: the level-3 threshold + 5 people


def _demo_enterprises(threshold: dict[int, int]) -> dict:
    """The enterprise of each story, chosen before any story runs: the largest (by insured
    headcount, then credit code) that can cut enough staff; the assisted one also keeps 20+."""
    from layoffwatch.enterprises.models import Enterprise

    candidates = list(
        Enterprise.objects.filter(source=Enterprise.Source.DEMO, is_hr_agency=False).order_by(
            "-insured_headcount", "uscc"
        )[:40]
    )
    wanted = [(name, threshold[level] + extra) for name, level, extra in CASES]
    wanted.append(("assisted", threshold[2] + ASSISTED_ABOVE + 20))
    chosen = {}
    for name, size in wanted:
        enterprise = next((e for e in candidates if e.insured_headcount >= size), None)
        if enterprise is not None:
            candidates.remove(enterprise)
            chosen[name] = enterprise
    return chosen


def generate_cases(*, clock: DemoClock, seed: int, response: dict, assistance: dict) -> list:
    """Open cases at every level and a closed one, through the real services, spread over the
    last weeks' working days (plan S5.1–S5.3, S6.2): phone reports → alerts → cases.

    - 3 级, just opened: reported on the last working day; the task force has not started yet.
    - 3 级, in response: started, the alert report filed with the municipal bureau within hours,
      就业和人才中心 has done its first annex task.
    - 2 级, escalated: a level-3 report a week ago (response started, report filed, risk-control
      plan made and filed), then a second wave within the aggregation window raised it to level 2:
      the case keeps its level-3 steps and adds level 2's, reported within the hour.
    - 1 级: reported, filed on to the municipal Party committee and government, plan filed; under
      control, with a lift request waiting for a leader's approval (plan S5.3).
    - 2 级, closed: generate_assistance's story, told in the same time order.

    Each case is opened by the response service at its alert's level, so its steps, deadlines and
    annex tasks are the procedure's (policy: response_procedure, annex_tasks_for). Returns the
    stories for `_in_time_order`; fills the `response` and `assistance` summaries. Needs the demo
    accounts.
    """
    from django.contrib.auth import get_user_model

    users = {
        u.username: u
        for u in get_user_model()
        .objects.filter(
            username__in=["employment", "talent", "enforcement", "legal", "arbitration"]
        )
        .select_related("section")
    }
    staff, talent = users.get("employment"), users.get("talent")
    response.update({"cases": 0, "levels": [], "escalated": 0})
    assistance.update({"workers": 0})
    threshold = _thresholds(clock.today)
    if staff is None or not all(threshold.get(level) for level in (1, 2, 3)):
        return []
    chosen = _demo_enterprises(threshold)
    made = []
    tellers = {
        "just_opened": _just_opened,
        "responding": _responding,
        "escalated": _escalated,
        "lift_asked": _lift_asked,
    }
    stories = []
    for name, level, extra in CASES:
        if name in chosen:
            story = Story(clock, _stream(seed, name))
            made.append(level)
            stories.append(
                tellers[name](
                    story,
                    enterprise=chosen[name],
                    cut=threshold[level] + extra,
                    threshold=threshold,
                    staff=staff,
                    talent=talent,
                )
            )
    if "assisted" in chosen and talent is not None:
        stories.append(
            generate_assistance(
                Story(clock, _stream(seed, "assisted")),
                enterprise=chosen["assisted"],
                cut=threshold[2] + ASSISTED_ABOVE,
                users=users,
                summary=assistance,
            )
        )
    response.update(
        {"cases": len(made), "levels": sorted(made), "escalated": int("escalated" in chosen)}
    )
    return stories


def _just_opened(story: Story, *, enterprise, cut, threshold, staff, talent):
    yield story.start(0)
    alert = _phone_report(
        enterprise=enterprise, cut=cut, at=story.at, staff=staff, note="演示数据：电话报告"
    )
    _as_the_queue_would(alert, at=story.at)


def _responding(story: Story, *, enterprise, cut, threshold, staff, talent):
    from layoffwatch.alerts.services import alert_transition

    yield story.start(2, dt.time(8, 40), dt.time(11, 30))
    alert = _phone_report(
        enterprise=enterprise, cut=cut, at=story.at, staff=staff, note="演示数据：电话报告"
    )
    _as_the_queue_would(alert, at=story.at)
    yield story.later(10, 40)
    alert_transition(alert=alert, to_status="responding", actor=staff, at=story.at)
    yield story.later(20, 120)  # within the 12 hours of plan S5.1
    _step_done(alert.case, "report", level=3, actor=staff, at=story.at)
    if talent is not None:
        yield story.later(300, 700)
        _task_done(
            alert.case,
            lead="talent_center",
            actor=talent,
            at=story.at,
        )


def _escalated(story: Story, *, enterprise, cut, threshold, staff, talent):
    from layoffwatch.alerts.services import alert_transition

    first = threshold[3] + FIRST_WAVE_ABOVE
    yield story.start(7, dt.time(8, 40), dt.time(11, 0))
    alert = _phone_report(
        enterprise=enterprise, cut=first, at=story.at, staff=staff, note="演示数据：电话报告"
    )
    _as_the_queue_would(alert, at=story.at)
    yield story.later(10, 40)
    alert_transition(alert=alert, to_status="responding", actor=staff, at=story.at)
    yield story.later(30, 120)
    _step_done(alert.case, "report", level=3, actor=staff, at=story.at)
    if talent is not None:
        yield story.later(400, 800)
        _task_done(
            alert.case,
            lead="talent_center",
            actor=talent,
            at=story.at,
        )
    yield story.later(300, 700)  # within the plan's 5 working days (plan S5.1)
    _step_done(alert.case, "plan", level=3, actor=staff, at=story.at)
    yield story.later(20, 90)
    _step_done(alert.case, "filing", level=3, actor=staff, at=story.at)
    # a second wave within the aggregation window raises the alert to level 2 (plan S3.2)
    yield story.on(2, dt.time(8, 40), dt.time(11, 0))
    alert = _phone_report(
        enterprise=enterprise,
        cut=cut - first,
        at=story.at,
        staff=staff,
        note="演示数据：电话报告（第二批裁员）",
    )
    _as_the_queue_would(alert, at=story.at, escalated=True)
    yield story.later(15, 80)  # within the 2 hours of plan S5.2
    _step_done(alert.case, "report", level=2, actor=staff, at=story.at)


def _lift_asked(story: Story, *, enterprise, cut, threshold, staff, talent):
    from layoffwatch.alerts.services import alert_transition, lift_request_create

    yield story.start(12, dt.time(8, 40), dt.time(10, 30))
    alert = _phone_report(
        enterprise=enterprise, cut=cut, at=story.at, staff=staff, note="演示数据：电话报告"
    )
    _as_the_queue_would(alert, at=story.at)
    yield story.later(5, 20)
    alert_transition(alert=alert, to_status="responding", actor=staff, at=story.at)
    yield story.later(15, 60)  # within the 2 hours of plan S5.3
    _step_done(alert.case, "report", level=1, actor=staff, at=story.at)
    yield story.later(60, 240)
    _step_done(alert.case, "escalate", level=1, actor=staff, at=story.at)
    if talent is not None:
        yield story.later(200, 500)
        _task_done(
            alert.case,
            lead="talent_center",
            actor=talent,
            at=story.at,
        )
    yield story.later(300, 600)  # within the plan's 3 working days (plan S5.3)
    _step_done(alert.case, "plan", level=1, actor=staff, at=story.at)
    yield story.on(3, dt.time(9, 0), dt.time(16, 0))
    alert_transition(alert=alert, to_status="under_control", actor=staff, at=story.at)
    yield story.later(20, 120)
    lift_request_create(
        alert=alert, actor=staff, reason="职工已妥善安置，企业恢复正常生产经营秩序", at=story.at
    )


# -- monthly employment reports (ADR 0042) --------------------------------------------------------


def generate_monthly_reports(
    *, clock: DemoClock, seed: int, period: dt.date, summary: dict, every: int = 5
):
    """Last month's 月度用工报告 of the obliged enterprises, through the real service, from their
    insured-headcount history: all but every `every`-th (by credit code) have reported — the rest
    are on the overdue list. Most came by QR code, some by phone (entered by 就业科). A month with
    20+ separations and no layoff report raises a "report missing" finding, as it would live.

    They arrive in office hours between the first of this month and the due day (ADR 0042), up
    to now; early in a month (nothing open since the first yet) over the last working day.
    A story for `_in_time_order` (see generate_cases); fills `summary`."""
    from django.contrib.auth import get_user_model

    from layoffwatch.enterprises.models import HeadcountRecord
    from layoffwatch.reporting.selectors import due_date, obliged_enterprises
    from layoffwatch.reporting.services import monthly_report_submit

    staff = get_user_model().objects.filter(username="employment").first()
    before = add_months(period, -1)
    counts = {
        (r.enterprise_id, r.period): r
        for r in HeadcountRecord.objects.filter(period__in=[before, period])
    }
    tz = clock.now.tzinfo
    opened = dt.datetime.combine(add_months(period, 1), dt.time(0), tzinfo=tz)
    due = dt.datetime.combine(
        due_date(f"{period:%Y-%m}") + dt.timedelta(days=1), dt.time(0), tzinfo=tz
    )
    # the window, in office minutes before now: from `latest` (the due day's end, or now) back
    # to the first of the month, at least one working day long
    latest = clock.room(due) if due < clock.now else 0.0
    since_first = clock.room(opened) if opened < clock.now else 0.0
    earliest = max(since_first, latest + OFFICE_DAY)
    rng = _stream(seed, "monthly")
    due_reports = []
    for n, enterprise in enumerate(obliged_enterprises().order_by("uscc")):
        last, now = counts.get((enterprise.pk, before)), counts.get((enterprise.pk, period))
        if n % every == every - 1 or last is None or now is None:
            continue
        phone = staff is not None and n % 7 == 0
        data = {
            "period": f"{period:%Y-%m}",
            "headcount_start": last.insured_headcount,
            "headcount_end": now.insured_headcount,
            "hires": now.hires,
            "separations": min(now.separations, last.insured_headcount + now.hires),
            "operating_status": "reduced" if now.separations > now.hires * 2 else "normal",
        }
        if phone:
            data["source_note"] = "演示数据：人事负责人电话报告"
        at = clock.back(rng.uniform(latest, earliest)).replace(microsecond=0)
        due_reports.append((at, n, enterprise, data, phone))
    summary.update({"monthly_reports": len(due_reports), "period": f"{period:%Y-%m}"})
    for at, _n, enterprise, data, phone in sorted(due_reports, key=lambda r: (r[0], r[1])):
        yield at
        monthly_report_submit(
            enterprise=enterprise,
            data=data,
            channel="phone" if phone else "qr",
            actor=staff if phone else None,
            at=at,
        )


# -- assistance, rights and credit (ADR 0070–0073) ---------------------------------------------------


def _demo_id_number(n: int) -> str:
    """A valid ID number with Tongnan's old birthplace code 500223 (never a real person's: the
    sequence digits 9xx are not issued)."""
    from layoffwatch.core.validators import id_number_with_check_digit

    birth = dt.date(1968, 1, 1) + dt.timedelta(days=397 * n)
    return id_number_with_check_digit(f"500223{birth:%Y%m%d}9{n % 100:02d}")


def _demo_roster(rows: list[tuple[str, str, str]]) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "受影响职工名单"
    ws.append(["姓名", "身份证号码", "联系电话", "意向"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def generate_assistance(story: Story, *, enterprise, cut: int, users: dict, summary: dict):
    """A closed level-2 case, closed the way the plan wants (plan S2.2, S4, S6.2), through the real
    services over about five weeks: a phone report with its roster of affected workers raises a
    level-2 alert; the task force reports it, makes and files the risk-control plan; each worker
    gets a 一人一策 plan (placed, training, benefits, relief), the enterprise a 一企一策 support
    plan that cut the layoff, a wage-arrears case is paid; then the alert is lifted and the
    written report drafted with these figures. Two laid-off members of one household (TN-002)
    are a zero-employment family still being helped (plan S4.5): the one open family on the list.

    A story for `_in_time_order` (see generate_cases); fills `summary`."""
    from layoffwatch.alerts.services import alert_lift, alert_transition
    from layoffwatch.assistance import services as a
    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.rights import services as r

    staff, talent, enforcement = users["employment"], users["talent"], users.get("enforcement")
    e = enterprise
    names = ["陈建华", "刘秀英", "杨志强", "黄丽", "周伟", "吴桂兰", "徐军", "孙芳"]
    occupations = ["焊工", "普工", "叉车司机", "质检员", "焊工", "普工", "电工", "包装工"]
    roster = [
        (name, _demo_id_number(i + 1), f"1390231{i:04d}", "培训" if i in (1, 6) else "就业")
        for i, name in enumerate(names)
    ]
    yield story.start(24, dt.time(8, 40), dt.time(11, 0))
    alert = _phone_report(
        enterprise=e,
        cut=cut,
        at=story.at,
        staff=staff,
        note="演示数据：电话报告，附受影响职工名单",
        roster=_demo_roster(roster),
    )
    _as_the_queue_would(alert, at=story.at)
    yield story.later(10, 40)
    alert_transition(alert=alert, to_status="responding", actor=staff, at=story.at)
    yield story.later(15, 80)  # within the 2 hours of plan S5.2
    _step_done(alert.case, "report", level=2, actor=staff, at=story.at)
    yield story.later(60, 240)
    workers = a.workers_from_report(report=alert.layoff_reports.get(), actor=talent, at=story.at)
    for i, w in enumerate(workers):
        yield story.later(3, 12)
        a.worker_update(
            worker=w,
            actor=talent,
            at=story.at,
            occupation=occupations[i],
            skills=occupations[i],
            expected_wage=3500 + 200 * i,
            household_code="TN-002" if i in (2, 3) else "",
            zero_employment_family=i in (2, 3),
            hardship=i in (5, 7),
        )
    workers = [type(w).objects.get(pk=w.pk) for w in workers]
    yield story.later(60, 200)
    _task_done(
        alert.case,
        lead="talent_center",
        actor=talent,
        at=story.at,
    )
    employer = (
        Enterprise.objects.filter(source=Enterprise.Source.DEMO, town=e.town, is_hr_agency=False)
        .exclude(pk=e.pk)
        .order_by("-insured_headcount", "uscc")
        .first()
        or e
    )
    agency = (
        Enterprise.objects.filter(source=Enterprise.Source.DEMO, is_hr_agency=True)
        .order_by("uscc")
        .first()
    )
    yield story.later(100, 300)
    vacancy = a.vacancy_create(
        enterprise=employer,
        actor=talent,
        at=story.at,
        occupation="焊工",
        skills="焊工 电焊",
        count=3,
        town=e.town,
        wage_min=4000,
        wage_max=5500,
        valid_until=local_day(story.at) + dt.timedelta(days=60),
    )
    yield story.later(10, 60)
    gig = a.vacancy_create(
        enterprise=employer,
        actor=talent,
        at=story.at,
        occupation="普工",
        count=5,
        town=e.town,
        wage_min=150,
        wage_max=200,
        valid_until=local_day(story.at) + dt.timedelta(days=20),
        is_gig=True,
        gig_days=7,
        requirements="零工市场短期用工，日结",
    )
    yield story.later(100, 400)  # within the plan's 3 working days (plan S5.2)
    _step_done(alert.case, "plan", level=2, actor=staff, at=story.at)
    yield story.later(20, 90)
    _step_done(alert.case, "filing", level=2, actor=staff, at=story.at)
    # the other steps and the annex tasks, each unit its own, with the plan (ADR 0051)
    yield from _all_done(story, alert.case, staff=staff, users=users)
    yield story.later(60, 300)
    course_day = local_day(story.at)
    course = a.course_create(
        actor=talent,
        at=story.at,
        name="巴渝工匠·电工（初级）",
        kind="bayu",
        provider="潼南区职业教育中心",
        occupation="电工",
        starts_on=course_day + dt.timedelta(days=1),
        ends_on=course_day + dt.timedelta(days=21),
        capacity=20,
    )
    for w in (workers[1], workers[6]):
        yield story.later(10, 60)
        a.enrol(course=course, worker=w, actor=talent, at=story.at)
    for i, months in ((2, 30), (5, 75), (7, 140)):
        yield story.later(30, 200)
        a.ui_check(worker=workers[i], actor=talent, at=story.at, contribution_months=months)
    yield story.later(100, 400)
    plan = a.support_plan_create(
        enterprise=e, planned_cut=alert.total_in_window, alert=alert, actor=talent, at=story.at
    )
    a.support_item_add(plan=plan, kind="social_insurance", amount=120000, actor=talent, at=story.at)
    a.support_item_add(plan=plan, kind="training", amount=36000, actor=talent, at=story.at)
    case = None
    if enforcement is not None:
        yield story.later(60, 300)
        case = r.rights_case_create(
            kind="wage_arrears",
            dispute_type="wages",
            enterprise=e,
            alert=alert,
            summary="裁员职工反映拖欠一个月工资",
            workers_involved=12,
            migrant_workers=True,
            received_at=story.at,
            actor=enforcement,
            at=story.at,
            amount_owed=54000,
        )
        yield story.later(30, 200)
        r.rights_stage_record(case=case, stage="filed", actor=enforcement, at=story.at)
    yield story.later(300, 700)
    a.placement_record(worker=workers[0], vacancy=vacancy, actor=talent, at=story.at)
    yield story.later(100, 500)
    measure_day = local_day(story.at)
    relief = a.measure_add(
        plan=workers[5].plan,
        kind="relief",
        date=measure_day,
        actor=talent,
        at=story.at,
        note="转介区民政局临时救助",
    )
    yield story.later(200, 700)
    a.support_plan_decide(
        plan=plan,
        accepted=True,
        final_cut=max(alert.total_in_window - 18, 0),
        actor=talent,
        at=story.at,
        note="企业采纳社保补贴和以工代训方案，转岗安置 18 人",
    )
    yield story.later(100, 500)
    a.placement_record(worker=workers[4], vacancy=vacancy, actor=talent, at=story.at, agency=agency)
    yield story.later(30, 300)
    a.placement_record(worker=workers[5], vacancy=gig, actor=talent, at=story.at)
    if case is not None:
        yield story.later(200, 600)
        r.arrears_payment_add(
            case=case, paid_on=local_day(story.at), amount=54000, workers=12, actor=enforcement,
            at=story.at,
        )  # fmt: skip
        yield story.later(30, 200)
        r.rights_stage_record(
            case=case, stage="closed", actor=enforcement, at=story.at, outcome="企业已足额支付"
        )
    yield story.later(300, 900)
    a.measure_outcome_set(
        measure=relief, outcome="succeeded", actor=talent, at=story.at, amount=2000
    )
    yield story.later(100, 400)
    a.measure_add(
        plan=workers[7].plan,
        kind="public_welfare",
        date=local_day(story.at),
        outcome="succeeded",
        actor=talent,
        at=story.at,
        note="安置社区保洁公益性岗位",
    )
    # the course has ended (three weeks after it began): the electrician's certificate
    yield story.on(6, dt.time(9, 0), dt.time(16, 0))
    if local_day(story.at) >= course.ends_on:
        a.enrolment_complete(
            enrolment=workers[6].enrolments.get(), actor=talent, at=story.at, certificate="电工五级"
        )
    yield story.on(4, dt.time(9, 0), dt.time(16, 0))
    alert_transition(alert=alert, to_status="under_control", actor=staff, at=story.at)
    yield story.on(3, dt.time(9, 0), dt.time(16, 0))
    alert_lift(
        alert=alert,
        actor=staff,
        reason="受影响职工已妥善安置，企业恢复正常生产经营秩序",
        at=story.at,
    )
    summary.update(
        {"workers": len(workers), "case": alert.case.pk, "disputes": int(case is not None)}
    )


DEMO_FEED_PEOPLE = 20_000  # insured people in the demo's monitoring feeds: a few seconds end to end


def generate_monitoring(*, seed: int, end_period: dt.date, people: int = DEMO_FEED_PEOPLE) -> dict:
    """Monitoring data for the demo registry (ADR 0060): two months of every feed naming the
    registry's own enterprises, imported through the real importer and run through detection.

    Sizes come from the registry's insured headcounts, scaled so the feeds hold about `people`
    people. Enterprises that filed no layoff report come first, largest first, so the scenario
    employers (a hidden mass layoff, a small layoff, a workforce stop, a restructuring, job
    changes, a retirement wave, …; see feeds.ROLES) are ones the registry knows nothing about.
    """
    import tempfile
    from pathlib import Path

    from layoffwatch.enterprises.models import Enterprise
    from layoffwatch.monitoring import feeds
    from layoffwatch.monitoring.services import detection_run, source_import
    from layoffwatch.reporting.models import LayoffReport

    reported = set(LayoffReport.objects.values_list("enterprise_id", flat=True))
    rows = list(Enterprise.objects.values_list("pk", "uscc", "insured_headcount"))
    rows.sort(key=lambda r: (r[0] in reported, -(r[2] or 0), r[1]))
    total = sum(r[2] or 0 for r in rows) or 1
    factor = min(1.0, people / total)
    employers = [(uscc, max(5, round((size or 0) * factor))) for _pk, uscc, size in rows]
    period = end_period.strftime("%Y-%m")
    imported = 0
    with tempfile.TemporaryDirectory(prefix="demofeeds-") as tmp:
        out = Path(tmp)
        summary = feeds.generate(
            seed=seed, people=people, out=out, end_period=period, employers=employers
        )
        for kind_dir in sorted(p for p in out.iterdir() if p.is_dir()):
            for path in sorted(kind_dir.glob("*.csv")):
                source_import(
                    kind=kind_dir.name, path=path, period=path.stem, enqueue_detection=False
                )
                imported += 1
    result = detection_run(period=period)
    return {
        "people": summary["people"],
        "employers": summary["employers"],
        "periods": summary["periods"],
        "imports": imported,
        "signals": result["created"] + result["updated"] + result["unchanged"],
        "findings": len(result["findings"]),
    }
