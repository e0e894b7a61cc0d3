"""The words of public-opinion items (plan S6.4 舆情研判): names, segments, matches, masks and
groups, as an officer reading the opinion pages would notice them. No database."""

import jieba
import pytest

from layoffwatch.opinion.text import (
    Analyser,
    Grouper,
    Known,
    fingerprint,
    mask,
    short_names,
)

GUILIN = "500152001000"  # 桂林街道
TAIAN = "500152117000"  # 太安镇
TOWNS = [(GUILIN, "桂林街道"), ("500152002000", "梓潼街道"), (TAIAN, "太安镇")]

YUANDA_FOOD = Known("91500152MA00000011", "重庆市潼南区源达蔬菜食品有限公司", GUILIN, "桂林街道")
YUANDA_BUILD = Known("91500152MA00000022", "重庆市潼南区源达建材有限公司", TAIAN, "太安镇")
XINHUI = Known("91500152MA00000033", "潼南县鑫辉水泥有限责任公司", GUILIN, "桂林街道")
BOJIN = Known("92500152MA00000044", "潼南区太安镇博锦蜂业家庭农场", TAIAN, "太安镇")
JINXIN = Known("91500152MA00000055", "重庆潼南金新劳务派遣有限公司", GUILIN, "桂林街道")
SHUNLI = Known("91500152MA00000066", "重庆顺利米业有限公司", GUILIN, "桂林街道")
JINFO = Known("91500152MA00000077", "潼南金佛米业有限公司", GUILIN, "桂林街道")


@pytest.fixture(scope="module")
def analyser():
    return Analyser([YUANDA_FOOD, YUANDA_BUILD, XINHUI, BOJIN, JINXIN, SHUNLI, JINFO], TOWNS)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("潼南县鑫辉水泥有限责任公司", ("鑫辉水泥", "鑫辉")),
        ("潼南区太安镇博锦蜂业家庭农场", ("博锦蜂业", "博锦")),
        ("重庆祥鑫中药材有限公司", ("祥鑫中药材", "祥鑫")),
        ("潼南泰新电气有限公司", ("泰新电气", "泰新")),
        ("重庆潼南金新劳务派遣有限公司", ("金新劳务派遣", "金新劳务", "金新派遣", "金新")),
        ("重庆市潼南区锦金化工科技有限公司", ("锦金化工科技", "锦金化工", "锦金科技", "锦金")),
        ("重庆市潼南区源达蔬菜食品有限公司", ("源达蔬菜食品", "源达蔬菜", "源达食品", "源达")),
    ],
)
def test_it_gives_the_names_people_use_longest_first_and_the_trade_name_last(name, expected):
    assert short_names(name) == expected


def test_it_gives_no_short_name_made_of_generic_words_alone():
    assert short_names("重庆市潼南区农业科技有限公司") == ()
    assert short_names("重庆市潼南区桂林街道农业服务中心") == ()
    assert all(len(n) >= 2 for n in short_names("潼南区太安镇博锦蜂业家庭农场"))


def test_segmentation_keeps_an_enterprise_short_name_and_a_plan_term_whole(analyser):
    tokens = analyser.tokens("鑫辉水泥拖欠工资三个月了，工人到桂林街道讨薪！")
    assert "鑫辉水泥" in tokens
    assert "拖欠工资" in tokens
    assert "桂林街道" in tokens
    assert "，" not in tokens and "了" not in tokens and "！" not in tokens


def test_the_global_jieba_does_not_learn_the_registry(analyser):
    assert "鑫辉水泥" in analyser.tokens("鑫辉水泥裁员")
    assert "鑫辉水泥" not in jieba.lcut("鑫辉水泥裁员")


def test_keywords_favour_the_enterprise_and_the_plan_terms(analyser):
    words = analyser.keywords("听说鑫辉水泥要裁员，鑫辉水泥的工人都很担心，今天天气还不错", k=3)
    assert words[:2] == ["鑫辉水泥", "裁员"]


def test_towns_in_finds_a_town_by_its_full_or_short_name(analyser):
    assert analyser.towns_in("太安镇有人讨薪") == [TAIAN]
    assert analyser.towns_in("桂林那边又停工了，太安也是") == [GUILIN, TAIAN]
    assert analyser.towns_in("今天天气很好") == []


def test_it_matches_an_enterprise_by_its_full_name(analyser):
    uscc, score = analyser.match("重庆市潼南区源达蔬菜食品有限公司拖欠工资三个月")
    assert uscc == YUANDA_FOOD.uscc and score == 1.0


def test_it_matches_an_enterprise_by_its_short_name(analyser):
    uscc, score = analyser.match("鑫辉水泥这回硬是要裁人哦")
    assert uscc == XINHUI.uscc and 0.9 <= score < 1.0
    assert analyser.match("博锦蜂业欠薪")[0] == BOJIN.uscc


@pytest.mark.parametrize("typo", ["鑫晖水泥的工人讨薪", "鑫水泥裁员了", "元达蔬菜食品倒闭了"])
def test_it_matches_a_name_with_one_wrong_or_missing_character(analyser, typo):
    expected = YUANDA_FOOD if "蔬菜" in typo else XINHUI
    uscc, score = analyser.match(typo)
    assert uscc == expected.uscc and score < 0.95


def test_a_trade_name_two_enterprises_share_is_resolved_by_the_town_the_text_names(analyser):
    assert analyser.match("源达老板跑路了，拖欠工资") is None  # which 源达?
    uscc, score = analyser.match("太安镇源达老板跑路了，拖欠工资")
    assert uscc == YUANDA_BUILD.uscc and score < analyser.match("鑫辉老板跑路了")[1]
    assert analyser.match("桂林街道源达老板跑路了")[0] == YUANDA_FOOD.uscc


def test_it_matches_nothing_in_a_text_about_no_enterprise(analyser):
    assert analyser.match("潼南今天好热，桂林街道最高38度") is None
    assert analyser.match("今天工作很顺利") is None  # 顺利 is a word before it is a 字号
    assert analyser.match("金佛大道修了大半年还没修好") is None  # a road, not 金佛米业
    assert analyser.match("金佛又在招工了")[0] == JINFO.uscc


def test_it_matches_nothing_when_two_enterprises_tie(analyser):
    assert analyser.match("鑫辉水泥和金新劳务都欠薪") is None


def test_an_empty_analyser_still_segments():
    assert Analyser([], []).match("鑫辉水泥欠薪") is None
    assert "欠薪" in Analyser([], []).tokens("鑫辉水泥欠薪")


def test_mask_hides_phone_and_id_numbers_but_not_a_credit_code():
    masked = mask("老板电话13812345678，身份证500223199001011234，信用代码915001522030123456")
    assert "13812345678" not in masked and "138****5678" in masked
    assert "500223199001011234" not in masked and "500223********1234" in masked
    assert "915001522030123456" in masked


def test_fingerprint_is_the_same_for_copies_differing_only_in_spacing_and_punctuation():
    assert fingerprint("鑫辉水泥 欠薪了！") == fingerprint("鑫辉水泥，欠薪了!")
    assert fingerprint("ＡＢＣ鑫辉") == fingerprint("abc鑫辉")
    assert fingerprint("鑫辉水泥欠薪了") != fingerprint("鑫辉水泥裁员了")


STORY = "重庆市潼南区源达蔬菜食品有限公司拖欠工资三个月了，几十个工人到桂林街道讨薪"


def test_a_repost_with_a_link_groups_with_its_original():
    grouper = Grouper()
    assert grouper.add("a", STORY) is None
    assert grouper.add("b", f"转发：{STORY} https://t.cn/A6abc123") == "a"
    assert grouper.add("c", f"#潼南欠薪# @潼南发布 {STORY} 求证！真的吗") == "a"


def test_a_different_story_about_the_same_enterprise_is_another_event():
    grouper = Grouper()
    grouper.add("a", STORY)
    assert (
        grouper.add("b", "重庆市潼南区源达蔬菜食品有限公司恢复生产，停了三个月的车间又热闹了")
        is None
    )


def test_formulaic_work_orders_about_different_enterprises_are_different_events():
    grouper = Grouper()
    grouper.add("a", "12345工单：来电人反映鑫辉水泥欠其工资12000元未付，诉求依法处理")
    assert (
        grouper.add("b", "12345工单：来电人反映金新劳务欠其工资12000元未付，诉求依法处理") is None
    )
    assert (
        grouper.add("c", "12345工单：来电人反映鑫辉水泥欠其工资15000元未付，诉求依法处理") is None
    )


def test_an_exact_copy_groups_and_a_short_text_groups_only_with_its_copy():
    grouper = Grouper()
    grouper.add("a", STORY)
    assert grouper.add("b", STORY) == "a"
    assert grouper.add("c", "欠薪了！") is None
    assert grouper.add("d", "欠薪了") == "c"
    assert grouper.add("e", "欠薪了吗") is None
