"""The words of public-opinion items (plan S6.4 舆情研判: collect, group and judge what people
say about layoffs and unpaid wages in Tongnan; ADR 0107).

Pure Python, no database: `Analyser` segments a text with the registry's words (enterprise names
and the names people use for them, the towns, the plan's terms), picks its keywords, the towns it
names and the enterprise it is about; `Grouper` puts a story and its reposts together;
`fingerprint` spots exact copies and `mask` hides phone and ID numbers (layoffwatch.core.pii).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

import jieba
import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq, Levenshtein

# jieba tells of loading its dictionary on stderr at INFO/DEBUG: a server's log is not the place
jieba.setLogLevel(logging.WARNING)

from layoffwatch.core.pii import (  # noqa: E402
    ID_NUMBER_RE,
    PHONE_RE,
    _looks_like_id_number,
    mask_id_number,
    mask_phone,
)

# The plan's words (S2 规模性失业风险, S3 预警, S4 处置, S6.4 舆情): kept whole by the segmenter
# and favoured as keywords.
PLAN_TERMS = (
    "规模性失业", "规模性裁员", "失业风险", "裁员", "减员", "欠薪", "拖欠工资", "拖欠", "讨薪",
    "停产", "停工", "停业", "关闭", "关停", "倒闭", "破产", "搬迁", "外迁", "社保断缴", "断缴",
    "欠缴", "招聘", "招工", "用工", "失业登记", "失业保险", "稳岗", "稳岗返还", "一人一策",
    "劳动仲裁", "劳动监察", "群体性事件", "农民工", "返乡", "就业援助", "公益性岗位", "根治欠薪",
)  # fmt: skip

# What comes before the 字号 in a registered name, longest first (潼南县 until 2015).
REGION_PREFIXES = (
    "重庆市潼南区", "重庆市潼南县", "重庆潼南区", "重庆潼南县", "重庆市潼南", "重庆潼南",
    "潼南区", "潼南县", "潼南", "重庆市", "重庆",
)  # fmt: skip
TOWN_PREFIX_RE = re.compile(r"^[\u4e00-\u9fff]{2}(?:镇|街道|乡)")
# Legal forms and kinds of unit after the trade words, longest first.
LEGAL_SUFFIXES = (
    "股份经济合作联合社", "农民专业合作社", "股份有限公司", "有限责任公司", "专业合作社",
    "普通合伙", "有限合伙", "有限公司", "分公司", "家庭农场", "个体工商户", "合作社", "加工坊",
    "经营部", "工作室", "公司", "商行", "门市", "协会", "商会", "厂", "店", "馆",
)  # fmt: skip
BRANCH_RE = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)(?=.+)")
REGION_SUFFIX_RE = re.compile(r"(?:重庆市?|潼南[区县]?)$")
BRACKETS_RE = re.compile(r"[(（][^)）]*[)）]")
# Words that name a trade or a kind of unit, not one enterprise: never a short name alone.
GENERIC_WORDS = frozenset(
    "公司 有限 企业 集团 实业 科技 技术 食品 农业 工业 商贸 贸易 建筑 建材 工程 服务 中心 "
    "服务中心 发展 开发 投资 管理 咨询 信息 网络 电子 电气 机械 制造 化工 材料 新材料 能源 "
    "物流 运输 劳务 派遣 劳务派遣 人力 资源 人力资源 医药 药业 生物 环保 农场 合作社 养殖 种植 "
    "重庆 潼南 中国 西部 商务 文化 传媒 餐饮 酒店 超市 五金 水泥 蔬菜 服装 纺织 家政 制品 "
    "经济 合作 联合社 股份 协会 商会 专业 农民 家庭 生态 旅游 电商 电子商务 房地产 置业".split()
)
# A 2-character 字号 that is an everyday word (jieba's corpus count: 顺利 2948, 长安 5355, 金华
# 224; trade names such as 华润 29 or 永顺 22 and made-up ones are below 100) would tie every
# text that uses the word to the enterprise: such an enterprise is matched by longer names only.
COMMON_WORD_FREQ = 100
# A 字号 followed by one of these names a place (金佛大道, 兴潼路), not the enterprise.
PLACE_AFTER_RE = re.compile(r"大道|路|街|巷|村|社区|广场|小区|公园|山|湖|寺|桥|镇|乡")
# The segmenter's count for the registry's words and the plan's terms: above any split of them
# (拖欠 + 工资), so that a name or a term comes out as one word.
USER_WORD_FREQ = 20_000

# A match's score: the full registered name, a short name only one enterprise has, a short name
# several share (resolved by the town the text names), a name with one typo (1 - 1/length).
FULL_NAME_SCORE = 1.0
SHORT_NAME_SCORE = 0.95
SHARED_NAME_SCORE = 0.75
# The lowest score `match` answers with. One wrong, missing or extra character in a 4-character
# short name (字号 + trade, 源达蔬菜 → 元达蔬菜) scores 1 - 1/4 = 0.75, and a 4-character name is
# the shortest whose typo still points at one enterprise: a 2-character 字号 with one wrong
# character is another 字号. Two typos are not tried: 绿源蔬菜食品 is two edits from 源达蔬菜食品
# and is more likely another enterprise than a misspelling.
MATCH_THRESHOLD = 0.75
MAX_TYPOS = 1
MIN_FUZZY_NAME = 4

# Near-duplicates (ADR 0107): a repost keeps the story and adds a little ("转发：", "#潼南#",
# "@潼南发布", a link, "求证！真的吗"). The link, mentions, topics and 转发 are removed first; a few
# added words leave a 30-character story's 3-shingles at Jaccard ≈ 0.8 with the original, and a
# repost reaches 0.5 only when its own words are as long as the story. Two stories about the same
# enterprise share its name and a plan term, about 10 of 90 shingles (≈ 0.1). 0.5 sits between.
GROUP_THRESHOLD = 0.5
# ...and a repost keeps the story whole: the shorter of two texts must lie in the longer with at
# most one character changed. Formulaic items (12345 工单, "{enterprise}招聘启事：招收装配工{n}名")
# about different enterprises, towns or numbers are similar by shingles but not one story.
MAX_CHANGED_CHARS = 1
# Only the most similar earlier texts are checked for that: a repost is closer to its original
# (≈ 0.8) than the same template about another enterprise is, and a formulaic source (the same
# 12345 wording every day) would otherwise make each new item compare with all the earlier ones.
MAX_CHECKED = 20
NUM_PERM = 64
SHINGLE = 3
# Below 8 characters ("真的吗", "欠薪了") a text is all words anyone might write: exact copies only.
MIN_GROUP_CHARS = 8

STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 也 都 就 而 又 把 被 让 给 对 从 向 吗 呢 吧 啊 呀 哦 嗯 么 着 过 这 那 "
    "你 我 他 她 它 们 个 之 其 或 但 等 还 很 啥 哈 嘛 哟 噢 将 于 以 为 所 则 即 该 此 些".split()
)
KEYWORD_STOPWORDS = frozenset(
    "我们 你们 他们 大家 什么 怎么 这个 那个 这样 已经 还是 就是 现在 今天 没有 不是 一个 "
    "有人 知道 可以 因为 所以 但是 然后 如果 真的 这些 那些 这次 自己 一下 时候 不要 还有".split()
)
KEYWORD_FAVOUR = 2.0  # plan terms and enterprise names outrank everyday words of the same weight

NUMBER_RE = re.compile(r"\d+")
URL_RE = re.compile(r"(?:https?://|www\.)\S+|\bt\.cn/\S+", re.I)
MENTION_RE = re.compile(r"@[^\s:：,，。!！?？@#/]{1,30}")
TOPIC_RE = re.compile(r"#[^#\n]{1,40}#")
REPOST_RE = re.compile(r"转发微博|转发|//|回复|\bRT\b", re.I)


@dataclass(frozen=True)
class Known:
    """An enterprise the matcher knows (from the registry)."""

    uscc: str
    name: str  # full registered name, e.g. "重庆市潼南区源达蔬菜食品有限公司"
    town: str = ""  # town code ("500152001000") or ""
    town_name: str = ""  # e.g. "桂林街道"


# --- normalising ---------------------------------------------------------------------------


def _compact(text: str) -> str:
    """NFKC (full-width → half-width), lower case, no whitespace: how names are compared."""
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def _normalised(text: str) -> str:
    """_compact without punctuation, symbols or control characters: what copies share."""
    return "".join(
        ch for ch in _compact(text) if unicodedata.category(ch)[0] not in ("P", "S", "Z", "C")
    )


def fingerprint(text: str) -> str:
    """SHA-256 of the normalised text: the same for exact copies, whatever their spacing,
    punctuation, width or case."""
    return hashlib.sha256(_normalised(text).encode()).hexdigest()


def mask(text: str) -> str:
    """Phone numbers and ID numbers inside free text masked as on every screen (core.pii);
    an all-digit unified social credit code, which has no birth date, is left as it is."""

    def id_number(m: re.Match) -> str:
        number = m.group(1)
        return mask_id_number(number) if _looks_like_id_number(number) else number

    text = ID_NUMBER_RE.sub(id_number, text or "")
    return PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)


# --- names ---------------------------------------------------------------------------------


@cache
def _base() -> jieba.Tokenizer:
    """jieba's main dictionary, loaded once per process (about half a second); never modified."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _trade_words(rest: str) -> list[str]:
    """The trade words after the 字号, a run of single characters jieba does not know taken as
    one word (蜂/业 → 蜂业)."""
    words: list[str] = []
    single = False
    for word in _base().cut(rest, HMM=False) if rest else ():
        if len(word) == 1 and single:
            words[-1] += word
        else:
            words.append(word)
        single = len(word) == 1
    return words


def _core(name: str) -> str:
    """The 字号 and trade words: region, town, legal form and branch removed."""
    core = BRACKETS_RE.sub("", _compact(name))
    core = BRANCH_RE.split(core, maxsplit=1)[0]  # 某某重庆有限公司潼南分公司 → 某某
    core = REGION_SUFFIX_RE.sub("", core)
    for prefix in REGION_PREFIXES:
        if core.startswith(prefix):
            core = core[len(prefix) :]
            break
    town = TOWN_PREFIX_RE.match(core)
    if town and len(core) > town.end() + 1:
        core = core[town.end() :]
    stripped = True
    while stripped:
        stripped = False
        for suffix in LEGAL_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix):
                core, stripped = core[: -len(suffix)], True
                break
    return core


def _generic(mark: str, words: list[str]) -> bool:
    return mark in GENERIC_WORDS and all(w in GENERIC_WORDS for w in words)


def short_names(name: str) -> tuple[str, ...]:
    """The names people use for an enterprise, longest first, the 字号 last:
    重庆市潼南区源达蔬菜食品有限公司 → 源达蔬菜食品, 源达蔬菜, 源达食品, 源达.

    The region (重庆市潼南区, 潼南县…), a town prefix (太安镇) and the legal form (有限公司,
    家庭农场…) are dropped; the 字号 is the first two characters left, followed by as many whole
    trade words as the name has, or by its last one. Never a single character, nor only
    generic words (食品, 农业科技)."""
    core = _core(name)
    if len(core) < 2:
        return ()
    mark, words = core[:2], _trade_words(core[2:])
    if _generic(mark, words):
        return ()
    names = [mark + "".join(words[:i]) for i in range(len(words), 0, -1) if len(words[i - 1]) > 1]
    if len(words) > 1 and len(words[-1]) > 1:
        names.append(mark + words[-1])
    trade = "".join(words)
    for part in (trade[:2], trade[-2:]):  # 玻璃制品 → 盛正玻璃, 盛正制品
        if len(trade) >= 4 and _base().FREQ.get(part):
            names.append(mark + part)
    if mark not in GENERIC_WORDS:
        names.append(mark)
    return tuple(dict.fromkeys(names))


# --- finding words -------------------------------------------------------------------------


class _Lexicon:
    """Words found in a text by their first two characters, then by length, longest first: a
    dictionary scan, one pass over the text (what an Aho-Corasick automaton would do)."""

    def __init__(self, words):
        self.words = set(words)
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            if len(w) >= 2:
                lengths.setdefault(w[:2], set()).add(len(w))
        self.lengths = {k: sorted(v, reverse=True) for k, v in lengths.items()}

    def longest(self, text: str) -> list[tuple[int, str]]:
        """The longest word at each place, a word inside an earlier longer one left out:
        (start, word)."""
        found, end = [], 0
        for i in range(len(text) - 1):
            for n in self.lengths.get(text[i : i + 2], ()):
                if text[i : i + n] in self.words:
                    if i + n > end:
                        found.append((i, text[i : i + n]))
                        end = i + n
                    break
        return found

    def every(self, text: str) -> list[tuple[int, str]]:
        """Every word at every place: (start, word)."""
        found = []
        for i in range(len(text) - 1):
            for n in self.lengths.get(text[i : i + 2], ()):
                if text[i : i + n] in self.words:
                    found.append((i, text[i : i + n]))
        return found


@dataclass
class _Fuzzy:
    """Names worth a typo, by what part of them a one-typo mention still holds exactly: with one
    edit, the 字号 (first two characters) or the rest is intact."""

    heads: dict[str, list[tuple[str, str]]]  # 字号 → [(name, uscc)]
    tails: dict[str, list[tuple[str, str]]]  # trade words → [(name, uscc)]
    lexicon: _Lexicon

    @classmethod
    def build(cls, names: list[tuple[str, str]]) -> _Fuzzy:
        heads: dict[str, list] = {}
        tails: dict[str, list] = {}
        for name, uscc in names:
            heads.setdefault(name[:2], []).append((name, uscc))
            tails.setdefault(name[2:], []).append((name, uscc))
        return cls(heads, tails, _Lexicon([*heads, *tails]))

    def candidates(self, text: str, among: set[str] | None) -> set[tuple[str, str, int, int]]:
        """(name, uscc, span start, span end) that may be in the text with one typo."""
        found = set()
        for i, word in self.lexicon.every(text):
            for name, uscc in self.heads.get(word, ()):
                found.add((name, uscc, i, i + len(name) + MAX_TYPOS))
            before = text[max(0, i - 2 - MAX_TYPOS) : i]
            for name, uscc in self.tails.get(word, ()):
                if name[0] in before or name[1] in before:  # the 字号 is not all gone
                    found.add((name, uscc, i - 2 - MAX_TYPOS, i + len(word)))
        return {c for c in found if among is None or c[1] in among}


def _near(name: str, text: str, start: int, end: int, most: int = MAX_TYPOS) -> int:
    """The fewest edits (at most `most`, else most + 1) from `name` to a piece of
    text[start:end]."""
    region = text[max(0, start) : end]
    n = len(name)
    spans = [
        region[i : i + size]
        for size in range(max(1, n - most), n + most + 1)
        for i in range(0, max(1, len(region) - size + 1))
    ]
    best = process.extractOne(name, spans, scorer=Levenshtein.distance, score_cutoff=most)
    return best[1] if best else most + 1


def _typo_score(name: str, text: str, start: int, end: int) -> float:
    """1 - typos/length for `name` with at most MAX_TYPOS typos near text[start:end], or 0."""
    typos = _near(name, text, start, end)
    # found without a typo here, the name was inside a longer word: worth no more than a typo
    return 1 - max(typos, 1) / len(name) if typos <= MAX_TYPOS else 0.0


# --- the analyser --------------------------------------------------------------------------


class Analyser:
    """Segments, keywords, towns and the enterprise of a text, with the registry's words."""

    def __init__(
        self,
        enterprises: list[Known],
        towns: list[tuple[str, str]],
        terms: tuple[str, ...] = PLAN_TERMS,
    ):
        self.terms = frozenset(terms)
        self._town_of = {e.uscc: e.town for e in enterprises}
        self._towns = self._town_words(towns)
        self._owners: dict[str, set[str]] = {}  # name → the enterprises it names
        self._full: set[str] = set()
        fuzzy: list[tuple[str, str]] = []
        for e in enterprises:
            full = _compact(e.name)
            self._full.add(full)
            self._owners.setdefault(full, set()).add(e.uscc)
            for short in self._usable(short_names(e.name)):
                self._owners.setdefault(short, set()).add(e.uscc)
                if len(short) >= MIN_FUZZY_NAME:
                    fuzzy.append((short, e.uscc))
        self._names = _Lexicon(self._owners)
        self._town_lexicon = _Lexicon(self._towns)
        self._fuzzy = _Fuzzy.build(fuzzy)
        self._tokenizer = self._segmenter([*self._owners, *self._towns, *self.terms])

    @staticmethod
    def _town_words(towns: list[tuple[str, str]]) -> dict[str, str]:
        words: dict[str, str] = {}
        for code, name in towns:
            words[_compact(name)] = code
            bare = re.sub(r"(镇|街道|乡)$", "", _compact(name))
            if len(bare) >= 2:
                words.setdefault(bare, code)
        return words

    def _usable(self, names: tuple[str, ...]) -> list[str]:
        """Short names less a 2-character one that is an everyday word or a town's name."""
        freq = _base().FREQ
        return [
            n
            for n in names
            if len(n) > 2 or (freq.get(n, 0) < COMMON_WORD_FREQ and n not in self._towns)
        ]

    @staticmethod
    def _segmenter(words) -> jieba.Tokenizer:
        """A tokenizer of this analyser's own: jieba's main dictionary copied (not reloaded) and
        the registry's words added; the global jieba is left alone."""
        base = _base()
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
        for word in words:
            tokenizer.add_word(word, freq=USER_WORD_FREQ)
        return tokenizer

    # segmenting and keywords

    def tokens(self, text: str) -> list[str]:
        """The text's words: no punctuation, whitespace or one-character function words."""
        words = self._tokenizer.cut(unicodedata.normalize("NFKC", text or ""))
        return [w for w in (w.strip() for w in words) if w and _is_word(w)]

    def keywords(self, text: str, k: int = 5) -> list[str]:
        """The k most telling words: TF-IDF with jieba's IDF table, the plan's terms and
        enterprise names counted double, ties in the order they come."""
        idf, median = _idf()
        tokens = [
            t
            for t in self.tokens(text)
            if len(t) > 1 and t not in KEYWORD_STOPWORDS and not t.isdigit()
        ]
        counts = Counter(tokens)
        first = {t: i for i, t in reversed(list(enumerate(tokens)))}

        def weight(word: str) -> float:
            favoured = word in self.terms or word in self._owners
            return counts[word] * idf.get(word, median) * (KEYWORD_FAVOUR if favoured else 1)

        return sorted(counts, key=lambda w: (-weight(w), first[w]))[:k]

    # towns and enterprises

    def towns_in(self, text: str) -> list[str]:
        """Codes of the towns the text names (桂林街道 or 桂林), in the order they come."""
        codes = (self._towns[w] for _i, w in self._town_lexicon.longest(_compact(text)))
        return list(dict.fromkeys(codes))

    def match(self, text: str) -> tuple[str, float] | None:
        """(USCC, score) of the enterprise the text is about, or None.

        Names found exactly come first (the full name 1.0, a short name 0.95, a short name
        several enterprises share 0.75); a name with one typo (1 - 1/length) is looked for when
        no name is found exactly or to tell apart those a shared short name ties. When several
        enterprises fit and the text names a town, those of the town are kept; a tie is None."""
        compact = _compact(text)
        scores = self._exact(compact)
        top = _top(scores)
        if len(top) != 1:
            for uscc, score in self._typos(compact, set(top) if top else None).items():
                scores[uscc] = max(scores.get(uscc, 0.0), score)
        if len(_top(scores)) > 1:
            scores = self._in_towns(compact, scores)
        top = _top(scores)
        if len(top) != 1 or scores[top[0]] < MATCH_THRESHOLD:
            return None
        return top[0], scores[top[0]]

    def _exact(self, compact: str) -> dict[str, float]:
        scores: dict[str, float] = {}
        for start, name in self._names.longest(compact):
            if len(name) == 2 and PLACE_AFTER_RE.match(compact, start + 2):
                continue  # 金佛大道 is a road, not 金佛 the enterprise
            owners = self._owners[name]
            if name in self._full:
                score = FULL_NAME_SCORE
            else:
                score = SHORT_NAME_SCORE if len(owners) == 1 else SHARED_NAME_SCORE
            for uscc in owners:
                scores[uscc] = max(scores.get(uscc, 0.0), score)
        return scores

    def _typos(self, compact: str, among: set[str] | None) -> dict[str, float]:
        scores: dict[str, float] = {}
        for name, uscc, start, end in self._fuzzy.candidates(compact, among):
            score = _typo_score(name, compact, start, end)
            if score >= MATCH_THRESHOLD:
                scores[uscc] = max(scores.get(uscc, 0.0), score)
        return scores

    def _in_towns(self, compact: str, scores: dict[str, float]) -> dict[str, float]:
        towns = set(self.towns_in(compact))
        local = {u: s for u, s in scores.items() if self._town_of.get(u) in towns}
        return local or scores


def _top(scores: dict[str, float]) -> list[str]:
    if not scores:
        return []
    best = max(scores.values())
    return [u for u, s in scores.items() if s == best]


def _is_word(token: str) -> bool:
    if len(token) == 1 and (token in STOPWORDS or unicodedata.category(token)[0] in "PSZC"):
        return False
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


@cache
def _idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table (loaded once per process, on the first keywords asked for)."""
    import jieba.analyse

    tfidf = jieba.analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf


# --- grouping ------------------------------------------------------------------------------


def _story(text: str) -> str:
    """The text without what a repost adds around it (link, @mention, #topic#, 转发), normalised."""
    text = unicodedata.normalize("NFKC", text or "")
    for pattern in (URL_RE, MENTION_RE, TOPIC_RE, REPOST_RE):
        text = pattern.sub(" ", text)
    return _normalised(text)


class Grouper:
    """Near-duplicates and reposts as one event: datasketch MinHash over character 3-shingles of
    the normalised text (num_perm 64), MinHashLSH with a Jaccard threshold of GROUP_THRESHOLD."""

    def __init__(self, threshold: float = GROUP_THRESHOLD):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        template = MinHash(num_perm=NUM_PERM)  # the permutations are drawn once, not per text
        self._permutations, self._scheme = template.permutations, template.scheme
        self._exact: dict[str, object] = {}
        # by insertion order (the LSH's keys): the caller's key, the story, the signature (one
        # row of a matrix, so that the candidates' similarities are one numpy comparison)
        self._keys: list[object] = []
        self._stories: list[str] = []
        self._signatures = np.empty((1024, NUM_PERM), dtype=np.uint64)

    def add(self, key, text: str) -> object | None:
        """Insert the text under `key` (unique); the key of the earlier item it duplicates (the
        most similar, the earliest of equals), or None."""
        story = _story(text)
        digest = hashlib.sha256(story.encode()).hexdigest()
        if digest in self._exact:
            return self._exact[digest]
        self._exact[digest] = key
        if len(story) < MIN_GROUP_CHARS:
            return None
        signature = MinHash(num_perm=NUM_PERM, permutations=self._permutations, scheme=self._scheme)
        signature.update_batch(
            [story[i : i + SHINGLE].encode() for i in range(len(story) - SHINGLE + 1)]
        )
        best = self._most_similar(signature, story)
        order = len(self._keys)
        if order == len(self._signatures):
            self._signatures = np.resize(self._signatures, (2 * order, NUM_PERM))
        self._signatures[order] = signature.hashvalues
        self._lsh.insert(order, signature)
        self._keys.append(key)
        self._stories.append(story)
        return best

    def _most_similar(self, signature: MinHash, story: str) -> object | None:
        """The most similar earlier story this one is a repost of (the earliest of equals)."""
        candidates = self._lsh.query(signature)
        if not candidates:
            return None
        orders = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
        similarities = (self._signatures[orders] == signature.hashvalues).mean(axis=1)
        close = similarities >= self.threshold
        orders, similarities = orders[close], similarities[close]
        for order in orders[np.lexsort((orders, -similarities))[:MAX_CHECKED]].tolist():
            if _contained(story, self._stories[order]):
                return self._keys[order]
        return None


def _contained(a: str, b: str) -> bool:
    """The shorter text is a piece of the longer one, but for MAX_CHANGED_CHARS characters."""
    short, long = sorted((a, b), key=len)
    if short in long:
        return True
    if len(short) - LCSseq.similarity(short, long) > MAX_CHANGED_CHARS:
        return False  # quick: more of the shorter text is missing from the longer one
    if Counter(NUMBER_RE.findall(short)) - Counter(NUMBER_RE.findall(long)):
        return False  # 1月15日 and 11月15日: a repost copies the numbers it quotes
    start = fuzz.partial_ratio_alignment(short, long).dest_start
    return (
        _near(short, long, start - MAX_CHANGED_CHARS, start + len(short) + MAX_CHANGED_CHARS)
        <= MAX_CHANGED_CHARS
    )
