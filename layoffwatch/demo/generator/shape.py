"""The demo's defaults and the shape of the district: towns, trades, names, sizes (ADR 0030).

The shape follows what is known of the district: the three urban streets (桂林, 梓潼, 大佛, where the
high-tech zone lies) are densest; the industry mix is food processing, auto and motorcycle parts,
electronics, building materials, chemicals, agriculture, services and construction; most employers
insure 5–50 people, a few hundred 100–500, a handful 1,000–3,000. Demo shape, not policy.
"""

from dataclasses import dataclass

# For the demo only: printed by `layoffwatch demo`, never to be used on a real deployment.
DEMO_PASSWORD = "Tongnan-demo-2026"
DEFAULT_SEED = 2026
DEFAULT_ENTERPRISES = 1500
DEFAULT_MONTHS = 24
TONGNAN = "500152"

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
