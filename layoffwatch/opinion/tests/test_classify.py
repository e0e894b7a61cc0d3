"""The opinion classifier, trained on the shipped seed set, judged on the evaluation corpus
(plan S6.4 舆情研判: assess what people say about layoffs and wage arrears)."""

import collections
import csv
import importlib.util
import re

import jieba
import pytest

from layoffwatch.opinion import classify
from layoffwatch.opinion.corpus import write_corpus

jieba.setLogLevel(60)
_PUNCTUATION = re.compile(r"^[\W_]+$")


def tokenize(text: str) -> list[str]:
    """Stands in for the opinion analyser's tokens: jieba's words without punctuation."""
    return [w for w in jieba.lcut(text) if not _PUNCTUATION.match(w)]


# Made up for the test, unlike the seed set's enterprises: 40 names in the registry's style.
MARKS = "华泰宏鑫永安佳瑞恒兴"
TRADES = ("机械", "服装", "电子", "食品", "建材", "物流", "化工", "家具", "五金", "纺织")
TOWNS = (("500152001", "桂林街道"), ("500152113", "柏梓镇"), ("500152110", "双江镇"))
ENTERPRISES = [
    (
        f"91500223{i:010d}",
        f"重庆市潼南区{MARKS[i % 10]}{'金源达新'[i // 10]}{TRADES[(i * 3) % 10]}有限公司",
        *TOWNS[i % 3],
    )
    for i in range(40)
]


@pytest.fixture(scope="module")
def model() -> classify.Classifier:
    return classify.train(classify.seed_rows(), tokenize, seed=0)


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return write_corpus(ENTERPRISES, seed=7, n=600)


def test_it_gets_the_topic_of_the_evaluation_corpus_right(model, corpus):
    predictions = model.predict([item["text"] for item in corpus])
    topic_hits = [p[0] == item["topic"] for p, item in zip(predictions, corpus, strict=True)]
    tone_hits = [p[2] == item["tone"] for p, item in zip(predictions, corpus, strict=True)]
    topic_accuracy = sum(topic_hits) / len(corpus)
    print(f"topic accuracy {topic_accuracy:.3f}, tone accuracy {sum(tone_hits) / len(corpus):.3f}")
    assert len(corpus) >= 600
    assert topic_accuracy >= 0.85


def test_it_gets_every_topic_of_the_corpus_mostly_right(model, corpus):
    """No topic hides behind the others' accuracy (a model that never says "closure" fails)."""
    predictions = model.predict([item["text"] for item in corpus])
    seen, hit = collections.Counter(), collections.Counter()
    for (topic, *_rest), item in zip(predictions, corpus, strict=True):
        seen[item["topic"]] += 1
        hit[item["topic"]] += topic == item["topic"]
    assert {t: hit[t] / seen[t] >= 0.6 for t in classify.TOPICS} == dict.fromkeys(
        classify.TOPICS, True
    )


def test_it_answers_the_same_for_the_same_seed(corpus):
    texts = [item["text"] for item in corpus[:200]]
    first = classify.train(classify.seed_rows(), tokenize, seed=3).predict(texts)
    again = classify.train(classify.seed_rows(), tokenize, seed=3).predict(texts)
    assert first == again


def test_a_plain_job_fair_notice_is_recruitment_and_positive(model):
    [(topic, p, tone, _)] = model.predict(
        ["潼南区人力资源和社会保障局将于3月9日在桂林街道举办2025年春季大型招聘会，欢迎求职者参加"]
    )
    assert (topic, tone) == ("recruitment", "positive")
    assert p >= classify.OTHER_BELOW


def test_a_traffic_notice_is_other(model):
    [(topic, _, _, _)] = model.predict(
        ["因道路施工，兴潼大道梓潼街道段4月1日起半幅封闭，请车辆绕行"]
    )
    assert topic == "other"


# The topics plan S6.4's desk counts and puts at the top of the bureau's list.
GRAVE = {"layoff", "wage_arrears", "closure"}
# Everyday posts of the test's own, in no template of the seed set or the corpus.
EVERYDAY = [
    "今天太阳好大，下午去双江古镇逛了逛",
    "涪江上的龙舟队在练习，岸边站满了看热闹的",
    "大佛寺门口新开了家凉面店，五块钱一碗",
    "女儿学校下周开运动会，要准备一套白色运动服",
    "崇龛的油菜花这周开得正好，周末去看看",
    "区医院的新住院楼修得好气派",
    "今天在菜市场买了两斤柠檬，才三块钱",
    "周末的双江古镇到处都是游客，拍照都要排队",
    "下雪了！潼南好多年没见过雪了",
]


def test_everyday_posts_are_no_grave_topic_and_not_surely_negative(model):
    """A weather, outing or market post does not reach the desk as a layoff or a closure, nor
    as a confident complaint (plan S6.4: the bureau's list is not topped by false alarms)."""
    flagged = [
        (text, topic, tone, round(tone_p, 2))
        for text, (topic, _p, tone, tone_p) in zip(EVERYDAY, model.predict(EVERYDAY), strict=True)
        if topic in GRAVE or (tone == "negative" and tone_p >= 0.6)
    ]
    assert flagged == []


def test_a_service_notice_about_unemployment_insurance_is_not_a_layoff(model):
    """How to claim 失业保险金 is social insurance, told plainly, not a layoff (plan S6.4, ADR
    0107): the bureau's list must not flag its own service notices."""
    [(topic, _, tone, _)] = model.predict(["失业保险金可以在重庆人社APP上申请，审核通过后按月发放"])
    assert topic == "social_insurance" and tone != "negative"


def test_a_complaint_about_arrears_is_negative(model):
    [(topic, _, tone, _)] = model.predict(["双江镇一家厂拖欠我们工资三个月了，老板电话都不接"])
    assert (topic, tone) == ("wage_arrears", "negative")


def test_text_the_model_is_unsure_of_falls_to_other(model):
    """A post with nothing the model learnt has its best topic near 1/6: below the threshold."""
    text = "ok"
    raw = model.topic_model.predict_proba(model.features.transform([text]))[0]
    assert raw.max() < classify.OTHER_BELOW
    assert model.topic_model.classes_[raw.argmax()] != "other"  # so the threshold decided it
    [(topic, p, _, _)] = model.predict([text])
    assert topic == "other"
    assert p < classify.OTHER_BELOW


def test_it_answers_each_text_in_order_and_an_empty_batch_with_nothing(model):
    texts = ["鑫辉水泥厂停产了，大门锁了", "泰新电气招普工", "鑫辉水泥厂停产了，大门锁了"]
    topics = [p[0] for p in model.predict(texts)]
    assert topics == ["closure", "recruitment", "closure"]
    assert model.predict([]) == []


def test_the_seed_set_is_large_and_covers_every_topic_and_tone():
    rows = classify.seed_rows()
    topics = collections.Counter(topic for _text, topic, _tone in rows)
    tones = collections.Counter(tone for _text, _topic, tone in rows)
    assert len(rows) >= 600
    assert set(topics) == set(classify.TOPICS)
    assert min(topics.values()) >= 60
    assert set(tones) == set(classify.TONES)
    assert len({text for text, _topic, _tone in rows}) == len(rows)  # no row twice


def test_the_shipped_seed_set_is_what_its_script_writes(tmp_path):
    """Anyone can rebuild the seed set (PROVENANCE.md): a hand edit to the CSV fails here."""
    spec = importlib.util.spec_from_file_location(
        "write_seed", classify.SEED_CSV.with_name("write_seed.py")
    )
    write_seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(write_seed)
    write_seed.main(tmp_path / "seed.csv")
    assert (tmp_path / "seed.csv").read_bytes() == classify.SEED_CSV.read_bytes()
    with classify.SEED_CSV.open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == ["text", "topic", "tone"]


def test_it_refuses_a_label_it_does_not_know():
    rows = [*classify.seed_rows(), ("潼南某厂裁员", "layoffs", "negative")]
    with pytest.raises(ValueError, match="layoffs"):
        classify.train(rows, tokenize)


def test_the_default_classifier_is_trained_once():
    classify.default_classifier.cache_clear()
    first = classify.default_classifier(tokenize)
    assert classify.default_classifier(tokenize) is first


def test_the_corpus_names_enterprises_every_way_and_groups_reposts(corpus):
    mentions = collections.Counter(item["mention"] for item in corpus)
    assert set(mentions) == {"full", "short", "typo", "none"}
    names = {uscc: full for uscc, full, _code, _town in ENTERPRISES}
    for item in corpus:
        if item["mention"] == "full":
            assert names[item["uscc"]] in item["text"]
        if item["mention"] == "none":
            assert item["uscc"] == ""
    groups = collections.defaultdict(list)
    for item in corpus:
        groups[item["group"]].append(item)
    reposted = [g for g in groups.values() if len(g) > 1]
    assert reposted
    for first, *copies in reposted:
        for copy in copies:
            assert first["text"] in copy["text"]
            assert (copy["topic"], copy["uscc"]) == (first["topic"], first["uscc"])
            assert copy["published_at"] > first["published_at"]
