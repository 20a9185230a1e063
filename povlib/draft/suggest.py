"""Suggested fields for a draft fact, learnt from curated facts.

Indicator, topic and (as a fallback) scope come from the nearest curated facts: TF-IDF cosine over
character n-grams of the text around the number (left of it, its clause, right of it), folded to
simplified script and with numbers masked, among curated facts whose indicator has the number's
unit (a number written without one takes the unit of the noun it counts). Rules come first where
the wording decides: a change of state in the number's list item (脱贫/减贫, 摘帽/退出) names the label
that joins it with the counted noun (6个…贫困县摘帽 → 贫困县摘帽, 减贫15.42万人 → 脱贫人口); else an
indicator's Chinese label ending next to the number names it (not across another list item, not with
an action word next to it; after the number only a change of state, not a transitive verb such as
覆盖, changes what it counts). A bare 万/亿 number takes the unit of the other number of its sentence
with the same multiplier (14.63萬…7.89萬人). A voted indicator whose label is not near the
number and that won the vote weakly does not fit: the noun the number counts is then proposed as a
new indicator (`new_indicator`: key, label_zh, unit; label_en left to the curator), and
`suggested_by` names the runner-up. Measure: 计划/规划 used as verbs (规划建设, not 规划和)/将(每年, 投入, 实现…)/ 加快/推进/下一步/要新建 → plan, as is
a number under a plan heading (下一步工作计划) unless it is of a past year or geography;
目标/确保/力争/要达/要增长/争取 (not 累计争取, "obtained") → target, also before a rate; 完成…任务 (not 已完成) and
…的目标 after the number in its clause → target; 到Y年 before the document year is no target (到2018年底,…已有);
累计/以来 → cumulative (also when such a word opens the paragraph, the sentence before, or an earlier
clause of the sentence, unless the number's sentence has its own year or compares with the year before;
已完成/已建成 only in their own clause); a multi-year span (2011年至2015年, 近几年, 5年来) before a count or an
amount with no measure word and no 年均/每年 → cumulative; 占 + % or a rate → share; a rate of
change (增长12.6%) → actual, as are the two levels of a change (由2018年底的2.4%降至…), whatever plan word an
earlier clause has; a bound before a noun (30户以上自然村, 超过1亿元的) or a standard (低保标准…4600元) →
threshold; both ends of a range share one measure; otherwise actual. 每年/人均/户均 → per; 建档立卡 →
registered_poor, 总人口/常住人口 → all. Period (`povlib.periods`): a table cell's column header (2018年),
else a time expression in the sentence (自2013年…以来, “十三五”以来, 近3年来, 2017年10月以来, a cumulative figure
from a since-year to the year it reaches, 截至… for a total with no start; 全年/年末/上年 counted from the
year the title or heading reports on; never the base of a comparison, 比上年), the heading, the
paragraph's opening words, a 当前/目前/今年 opening one of the six paragraphs above within the same
section, or a deadline after a target's number (6月底前); the two levels of a change in a since-span
(从25.71%下降至12.49%) stand at its start and its end; else the document year for a reported result
(已/实现/完成, an administrative action written as done: 安排了/成立了) or a level reached earlier in the
sentence (达/共有/现有; not geography, not the past), up to the document year for a cumulative figure
or a standing arrangement (结对帮扶, not a planned one), and no period for background figures. Every
suggestion carries its basis in `suggested_by`.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, islice
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from opencc import OpenCC

from .candidates import clause_bounds, sentence_left
from .candidates import item_left, item_right
from ..exceptions import UnitError
from .periods import CHANGE_AFTER, FOLLOWING, Period, done_years, expressions, suggest_period
from ..catalog.units import parse_raw

class _CachedT2S:
    """OpenCC's traditional-to-simplified converter with a cache: drafting folds the same sentence
    and line once for every number in it, and every line above a number when it looks for a heading."""

    def __init__(self):
        self.convert = lru_cache(maxsize=1 << 16)(OpenCC("t2s").convert)


_T2S = _CachedT2S()
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_K = 7               # neighbours that vote
_LEFT, _NEAR, _RIGHT = 16, 6, 8
_LABEL_LEFT, _LABEL_RIGHT = 8, 12  # an indicator's label this near the number names it
_VERB_REACH = 5   # …unless an action word this near the label changes what it counts (出列贫困村508个)
#: …and a change of state after a label found after the number (8个贫困县脱贫摘帽); a transitive verb
#: there (7412个产业扶贫项目覆盖…) has the label for subject and leaves what is counted as it is
_CHANGE_OF_STATE = re.compile(r"出列|退出|摘帽|脱贫|减贫|搬迁|转移|就业")
_PARTNER = re.compile(r"[与與]|同(?![比期样樣时時年])")   # 社区还与12家企业…, 3家企业与安置点…: the label names the partner
_ACTION = re.compile(r"出列|退出|摘帽|脱贫|减贫|结对|帮扶|帮助|培训|覆盖|带动|服务|搬迁|转移|就业|选派|"
                     r"销售|购买|消费|动员")
_EARLY_MONTH = 3    # a text dated this month or earlier that names the year before as done reports on it
_HEADING = 30        # a line this short without a sentence stop is a heading; its year is context
_TITLE, _TITLE_LINES = 60, 4   # the document's title: one of its first lines, a little longer than a heading
_FULL_DATE = re.compile(r"(?:19|20)\d\d\s?(?:年\s?\d{1,2}\s?月\s?\d{1,2}\s?日|[-./]\d{1,2}[-./]\d{1,2})")
_LEAD = 15          # a year expression within this many characters of a paragraph's start governs the paragraph
_LEAD_YEAR = re.compile(r"\S{0,3}(?:(?:19|20)\d\d|“?十[一二三四]五)")
_RULE_REACH = 200    # a measure word counts when it stands this many characters or fewer before the number
_NO_YEAR = 9999     # counts relative words from it when the document has no date; such periods are dropped
_SECTION = 6         # paragraphs back that an opening 当前/目前/今年 (当前,全市…) may govern
_SECTION_KINDS = ("now", "relative", "relative_since")
_SECTION_WORDS = ("当前", "目前", "截至目前", "截止目前", "今年", "本年", "今年以来", "本年以来", "今年来", "本年来")   # the present, not a span (近年来)

#: pinyin glosses some mirrors insert after a character (發(fā)生率, 統(tǒng)計): measure words are read without them
_GLOSSES = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
_MEASURE_RULES = [   # (pattern on the sentence before the number, measure)
    (re.compile(r"计划(?=\d|[投实建新完用安在到于将内年今明对帮培转搬发招提开再每单结])|规划(?=[建新设安搬实布改投了到在为将]|\d|项目\d)|拟|预计|安排(?!了)|预算(?!收入|支出|内|外)|将(?=每年|投入|实现|新建|建设|完成|组织|结对|继续|推动|启动|实施|开工|新增|改造|搬迁|退出|减少|扩大)|今年重点|下一步|要(?=新建|建设|建成|发展|投入|实施|完成|再)|加快|推进(?![^,，。;；]{0,8}资金)"), "plan"),
    (re.compile(r"目标|确保|力争|将(?=突破|达到|超过)|(?<!累计)(?<!已)(?<!共)争取(?!到)|要达|要实现|要(?=增长|提高|控制|保持|突破)|(?<!增加)(?<!提高)(?<!下降)(?<!减少)(?<!增长)(?<!上升)(?<!提升)到\s?20\d\d\s?年"), "target"),
    (re.compile(r"累计|(?<!今年)(?<!本年)以来|先后|历年|已完成|已建成|截至目前|截止目前"), "cumulative"),
    (re.compile(r"贫困线|门槛|不低于|不超过"), "threshold"),
]
_CUMULATIVE_RULES = [r for r in _MEASURE_RULES if r[1] == "cumulative"]
#: a standard the number defines, named right after it: 2300元的国家扶贫标准, 2855元人民币的全国农村贫困标准
_STANDARD_AFTER = re.compile(r"^[^,，。;；\d]{0,4}?的[^,，。;；\d]{0,10}?(?<!高)标准(?!化)")
_RANGE_START = re.compile(r"[\d.,]+\s?[%％]?\s?[-—–~～至到]\s?$")
_PLAN_HEADING = re.compile(r"^(?!.*(?:情况|进展|成效|回顾|完成)).*(?:计划|工作安排|打算|思路|下一步|目标任务|重点工作)")   # a section of plans
_CLAUSE_WORDS = ("已完成", "已建成")
_SPAN_WORDS = re.compile(r"截至目前|截止目前|(?<!今年)(?<!本年)以来|先后|历年")   # unlike 累计, they open a whole list   # they mark their own clause's number, not the next clause's
_RATE_TO = re.compile(r"(?<!发生)率[^,，。;；]*(提高|提升|达|升|降|下降)[^,，。;；\d]{0,1}[到至]$")   # 普及率由…提高到93.5%
_RESPECTIVELY = re.compile(r"((?:(?:19|20)\d\d\s?年(?:底|末)?\s?[、和及与至]?\s?){2,})[^,，。；;\d]{0,8}?分别")   # 2018年、2019年分别
#: a title or heading that reports on its year: 2021年…统计公报, 一、2021年工作回顾, 2020年脱贫攻坚工作情况
_REPORT_TITLE = re.compile(r"^[^\d,，。;；]{0,12}?(?:19|20)\d\d\s?年度?[^,，。;；:：?？]{0,24}?"
                           r"(?:公报|报告|总结|回顾|情况|统计|年鉴|工作|成效|成果|进展|指标|目标|任务)$")
#: a numbered section heading (一、 （二） 3.): its year is the section's, whatever it says
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")
_BASE_YEAR = re.compile(r"(?:比|较)(?:上年|去年)的?\s?$")   # 比上年的1.2万人: the base itself, of the year before
_COMPARED = re.compile(r"同比|比上年|较上年|比去年|较去年")   # a change on the year before: of the year reported on
_OWN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d\s?年(?![以来至到\d])")   # a clause dated by its own year
_NEGATED_BOUND = re.compile(r"不得?(超过|超過|高于|高於|多于|多於|低于|低於|少于|少於)")
_CHANGE_RATE = re.compile(r"(增长|下降|提高|降低|增加(?!值)|减少|增幅|降幅)了?[^,，。;；\d]{0,3}$")
_TASK = re.compile(r"(?<!已)(?<!圆满)(?<!全部)完成(?!.*完成)")   # 完成 … 任务: a task set, not a result (已完成)
_STATUS = re.compile(r"(?<![发到下通抵传表])达到?|共有|现有|(?<![没只仅])有(?=[^,，。;；]{0,2}$)")   # a level reached: with no time word, the present state
#: a level of the past is not the present one (过去的一年 and 过去5年 are periods, read in periods.py; 曾 alone may be a surname)
_PAST = re.compile(r"当时|那时|那年|那些年|早年|多年前|过去(?!的?\s?(?:一年|\d|[两二三四五六七八九十几]年))|以前|以往|曾经|曾(?=[是有在被任获])|原来|原有(?!的|基础)")
#: past words that do not point back at a year just named (那年, 当时 do: 2009年回村的,那年我32岁)
_LONG_AGO = re.compile(r"(?<![比较由从於于])(?:过去(?!的?\s?(?:一年|\d|[两二三四五六七八九十几]年))|(?<![年底末月])以前|以往|曾经|"
                       r"原来(?!的)|早年|那些年|多年前)")   # not 比以往, 由原来的, 2020年底以前
_BACKGROUND = re.compile(r"(?:国土|总|辖区|行政区域?|土地)面积|海拔|(?<!差)距|辖|民族|耕地|人口中|境内|河流|水能|蕴藏|森林覆盖|"
                         r"气温|降水|降雨")   # geography and make-up: no period
_PAIRING = re.compile(r"结对|结成|对口帮扶|定点帮扶|帮扶关系|帮扶集团|驻村帮扶|驻村工作队")   # a standing arrangement: in place up to the document year
#: 还将结对…, 将继续推动…与…结对: a plan, not an arrangement in place (not 主要, 要求, 将近)
_WILL = re.compile(r"(?:将|拟|计划|要|力争|争取|确保)(?:继续|进一步|全面|新|再)?$|"
                   r"将(?=继续|进一步|推动|组织|开展|实施|加大|持续)|拟|力争|确保")
#: an administrative action written as completed (安排了, 启动了); not 种了/走了 of an anecdote
_PERFECTIVE = re.compile(r"(安排|成立|启动|开展|组建|建成|建立|实施|完成|投入|落实|新建|引进|培训|选派|保障|"
                         r"发放|拨付|帮助|解决|改善|组织|召开|举办|签订|兑现|覆盖|带动|配套|整合)了")
_DONE = re.compile(r"已|实现|完成|建成(?![后後])")   # without a year expression, a reported result stands in the document year
_PER_RULES = [(re.compile(p), per) for p, per in (
    (r"每年|年均|每年度|(?<![去今明上当本])年人均|(?<![这那])一年", "year"), (r"人均|每人|每名", "person"), (r"户均|每户", "household"),
    (r"日均|每天|每日", "day"), (r"每月|月均", "month"), (r"村均|每村|每个村", "village"),
    (r"亩均|每亩", "mu"), (r"每个?乡镇?", "township"), (r"每个?县", "county"))]
#: proposing a new indicator: what a number counts, and whether a voted indicator fits it
_FIT_SHARE, _FIT_SIMILARITY = 0.6, 0.2   # …or won this share of the vote with its nearest quote this similar
_FIT_LEFT, _FIT_RIGHT = 12, 8   # the words around the number its label is looked for in
_NOUN_LEN = 10
_COUNTED_UNITS = (None, "count", "persons", "households", "person-times")   # a noun after the number names what these count
#: a number whose unit is itself the noun counted (484万人降至…): the word after it is no noun of its
_NOUN_UNIT = re.compile(r"人次?$")
_NOUN_AFTER = re.compile(r"[“\"「]?([\u4e00-\u9fff]{1,12})")
_LABEL_BEFORE = re.compile(r"([\u4e00-\u9fff“”\"]{2,16})$")
#: a verb, adverb or particle ends the noun after a number (22位市领导就深入…, 10个贫困县达到…)
_NOUN_STOP = re.compile(r"[已就在将和与及等都均全共并又也是为有被把从向到于的了中、]|实现|达到|开展|完成|脱贫|摘帽|"
                        r"出列|退出|参与|参加|帮扶|受益|获得|增加|减少|提高|下降|增长|通过|进行|接受|顺利|开始")
#: everything up to the last verb or particle before a label goes (建成扶贫车间, 新识别贫困人口, 实施项目)
_LABEL_VERB = re.compile(r"^.*(?:建成|建立|建设|新建|实施|培育|培养|培训|组织|识别|新增|完成|实现|投入|帮助|带动|安排|"
                         r"开展|落实|发放|拥有|涉及|覆盖|减少|增加|其中|累计|有|达|为|是|共|计|已|的|和|与|及|对|向|在|、)")
_PERSON_NOUN = re.compile(r"(?:人口?|员|者|工|民|众|部|生|劳动力|带头人|领导|代表|党员|医生|教师|对象)$")
_HOUSEHOLD_NOUN = re.compile(r"(?:户|家庭)$")
_HEAD_NOUN = re.compile(r"人口|人员|劳动力|对象|群众|农民|家庭|贫困户")   # 10万建档立卡贫困人口易地…: the noun ends here
_AIM_AFTER = re.compile(r"^[^。;；,，]*?(?:的|之)?目标")   # …110万贫困人口脱贫的目标: a goal named after the number
_SPAN = re.compile(r"(?<!\d)(?:19|20)\d\d\s?年?\s?[-—–~～至到]\s?(?:19|20)\d\d\s?年|近\s?(?:\d{1,2}|[一二两三四五六七八九十几]|几)\s?年|"
                   r"(?<!\d)(?:\d{1,2}|[两二三四五六七八九十几])\s?年多?(?:来|以来|间)")   # 2011年至2015年, 近几年, 5年来, 5年多来
#: the two levels of a change, also when dated (由2018年底的2.4%降至2019年底的0.14%, 由建档立卡时的9.1%…)
_FROM_LEVEL = re.compile(r"[由从從]\s?(?:(?:19|20)\d\d\s?年[底末]?\s?的?|[^,，。;；\d]{1,8}的)?\s?$")
_TO_LEVEL = re.compile(r"(下降|降低|降|减少|减|增加|增长|提高|提升|上升|升)了?[到至为]\s?(?:(?:19|20)\d\d\s?年[底末]?\s?的?)?\s?$")
_SCOPE_RULES = [(re.compile(r"建档立卡"), "registered_poor"), (re.compile(r"农村"), "rural"),
                (re.compile(r"总人口|常住人口|户籍人口"), "all")]


def fold(text: str) -> str:
    """Return `text` in simplified script, without pinyin glosses (統(tǒng)計 reads 统计), with every
    number replaced by '#'."""
    return _NUM.sub("#", _T2S.convert(_GLOSSES.sub("", text)))


def _grams(text: str, tag: str, sizes=(1, 2, 3)) -> Counter:
    return Counter(f"{tag}{text[i:i + n]}" for n in sizes for i in range(len(text) - n + 1))


def context_features(text: str, raw_start: int, raw_end: int) -> Counter:
    """Return the n-gram counts describing the text around a number (its own digits masked)."""
    q_start, q_end = clause_bounds(text, raw_start, raw_end)
    left = fold(sentence_left(text, raw_start)[-_LEFT:])
    near = left[-_NEAR:]
    clause = fold(text[q_start:raw_start] + "#" + text[raw_end:q_end])
    right = fold(text[raw_end:q_end][:_RIGHT])
    feats = _grams(left, "L")
    for part in (_grams(near, "N", (1, 2, 3, 4)), _grams(clause, "C", (2, 3)), _grams(right, "R", (1, 2))):
        feats.update(part)   # the keys and counts of Counter `+`, in the same order, without three copies
    unit = _unit(text[raw_start:raw_end])
    feats[f"U{unit}"] += 2
    return feats


@lru_cache(maxsize=65536)
def _unit(raw: str) -> str | None:
    """Return the base unit of `raw` (None when it states none or the unit grammar cannot read it)."""
    try:
        return parse_raw(raw).unit
    except UnitError:
        return None


@lru_cache(maxsize=1024)
def _tf(count: int) -> float:
    """Return the term weight 1 + ln(count) of an n-gram counted `count` times."""
    return 1 + math.log(count)


@dataclass
class Example:
    """One curated fact as the learner sees it."""

    fact: dict
    unit: str                 # the indicator's unit
    features: Counter
    vector: dict = field(default_factory=dict)


class Learner:
    """Nearest curated facts by TF-IDF cosine over character n-grams."""

    def __init__(self, facts: list[dict], texts: dict[str, str], indicators: dict[str, dict]):
        self.indicators = indicators
        self.examples = [Example(f, indicators[f["indicator"]]["unit"],
                                 context_features(texts[f["source_id"]], f["raw_start"], f["raw_start"] + len(f["raw"])))
                         for f in facts if f["indicator"] in indicators]
        df = Counter(g for e in self.examples for g in e.features)
        n = len(self.examples) or 1
        self.idf = {g: math.log((1 + n) / (1 + c)) + 1 for g, c in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        #: per unit (None: every unit), each n-gram's postings as two arrays (example numbers,
        #: weights): a number in persons is compared with the facts in persons only
        self.arrays: dict[str | None, dict[str, tuple[np.ndarray, np.ndarray]]] = {}
        by_unit: dict[str, dict[str, list[tuple[int, float]]]] = {}
        for i, e in enumerate(self.examples):
            e.vector = self._vector(e.features)
            for g, w in e.vector.items():
                self.postings[g].append((i, w))
                by_unit.setdefault(e.unit, defaultdict(list))[g].append((i, w))
        for unit, postings in [(None, self.postings), *by_unit.items()]:
            self.arrays[unit] = {g: (np.array([i for i, _ in p], dtype=np.intp), np.array([w for _, w in p]))
                                 for g, p in postings.items()}
        self.labels: dict = {}    # unit -> [(Chinese label, indicator key)], filled by `labels_of`

    def labels_of(self, unit) -> list[tuple[str, str]]:
        """Return (Chinese label, indicator key) of the indicators in `unit` with a label of two
        or more characters (computed once per unit)."""
        if unit not in self.labels:
            self.labels[unit] = [(r["label_zh"], k) for k, r in self.indicators.items()
                                 if len(r.get("label_zh") or "") >= 2 and r["unit"] == unit]
        return self.labels[unit]

    def _vector(self, feats: Counter) -> dict:
        """Return the unit-length TF-IDF vector of `feats` (n-grams no curated fact has weigh 0
        and are left out before the sums: adding 0.0 changes no sum)."""
        idf = self.idf
        vec = {g: _tf(c) * idf[g] for g, c in feats.items() if g in idf}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {g: w / norm for g, w in vec.items() if w}

    def neighbours(self, feats: Counter, unit: str | None, k: int = _K) -> list[tuple[float, dict]]:
        """Return up to `k` (similarity, curated fact) pairs, most similar first; with a unit,
        only facts whose indicator has that unit."""
        # The score of example i is the sum of w * v over the n-grams (in the vector's order) it
        # shares with `feats`: np.bincount adds each example's products in that same order, in
        # double precision as Python floats do, so the scores, and the order of ties, are those
        # of a plain loop `scores[i] += w * v`.
        table = self.arrays.get(unit, {})
        hits = [(w, table[g]) for g, w in self._vector(feats).items() if g in table]
        if not hits:
            return []
        examples = np.concatenate([ix for _, (ix, _) in hits])
        products = np.repeat([w for w, _ in hits], [len(ix) for _, (ix, _) in hits]) * np.concatenate(
            [v for _, (_, v) in hits])
        scores = np.bincount(examples, weights=products, minlength=len(self.examples))
        touched = np.unique(examples)
        best = np.lexsort((touched, scores[touched]))[::-1][:k]   # highest score first, ties: higher i first
        return [(float(scores[touched[j]]), self.examples[int(touched[j])].fact) for j in best]


def vote(neighbours: list[tuple[float, dict]], key) -> tuple[str | None, float, list[dict]]:
    """Return (value, share of the similarity, supporting facts) of the weighted vote on `key`."""
    totals: dict[str, float] = defaultdict(float)
    for s, f in neighbours:
        totals[key(f)] += s * s
    if not totals:
        return None, 0.0, []
    best = max(totals, key=lambda v: (totals[v], v))
    return best, totals[best] / sum(totals.values()), [f for _, f in neighbours if key(f) == best]


def _nearest_rule(rules, text: str) -> tuple[str, str] | None:
    """Return (value, word) of the rule whose word stands nearest the end of `text`."""
    best = None
    for pattern, value in rules:
        for m in pattern.finditer(text):
            if best is None or m.end() > best[0]:
                best = (m.end(), value, m.group())
    return (best[1], best[2]) if best else None


def _cite(facts: list[dict], share: float) -> str:
    f = facts[0]
    return f"nearest curated quotes ({share:.0%} of the vote), e.g. {f['fact_id']}: {f['quote'][:40]!r}"


@dataclass
class Context:
    """What a suggestion needs to know about the document being drafted."""

    text: str
    year: int | None          # the document's year (stated or inferred)
    regions: list[tuple[str, str]]  # (folded name, region key), longest names first
    main_region: str          # the document's main region key ("" when unknown)
    month: int | None = None  # the document's month, when its date gives one


def suggest(ctx: Context, learner: Learner, raw: str, raw_start: int) -> tuple[dict, dict]:
    """Return (fields, suggested_by) for the number `raw` at `raw_start` of the document."""
    text, fields, basis = ctx.text, {}, {}
    unit = _unit(raw)
    left = _T2S.convert(sentence_left(text, raw_start))
    near = _indicator(fields, basis, learner, text, raw, raw_start, left)
    fields["region"], basis["region"] = _region(ctx, text, raw_start)
    heading = _heading(text, text.rfind("\n", 0, raw_start) + 1)
    _measure(fields, basis, _GLOSSES.sub("", left), unit, ctx.year, _GLOSSES.sub("", _governing(text, raw_start, left)),
             _GLOSSES.sub("", _sentence_right(text, raw_start + len(raw))), raw, heading)
    _period(fields, basis, text, raw_start, raw, left, ctx.year, ctx.month)
    rule = _nearest_rule(_PER_RULES, _row_label(text, raw_start) + left[-10:])
    if rule:
        fields["per"], basis["per"] = rule[0], f"rule: {rule[1]} before the number"
    rule = _nearest_rule(_SCOPE_RULES, _T2S.convert(text[clause_bounds(text, raw_start, raw_start + len(raw))[0]:raw_start]))
    if rule:
        fields["scope"], basis["scope"] = rule[0], f"rule: {rule[1]} in the clause"
    else:
        scope, share, support = vote(near, lambda f: f["scope"])
        fields["scope"] = scope or "all"
        basis["scope"] = _cite(support, share) if support else "default"
        if scope == "subset":
            basis["scope"] += f"; neighbour's scope_note: {support[0]['scope_note']!r} (write one for this fact)"
    return fields, basis


def _indicator(fields: dict, basis: dict, learner: Learner, text: str, raw: str, raw_start: int,
               left: str) -> list[tuple[float, dict]]:
    """Set the suggested indicator and topic (or a proposed new indicator) with their basis and the
    runner-up; return the neighbours (curated facts in the number's unit) for the other votes.

    Only indicators in the number's unit are offered: its stated unit, else the unit of the noun
    it counts (`counted`), else that of the other number of its sentence with the same multiplier
    (`_partner_unit`). A change of state in its item names an exit indicator first (`_exit_indicator`),
    then a label next to it (`_named_indicator`). A number with no unit gets a curated indicator only when that indicator's
    label stands in the noun it counts; a vote whose winner's label shares no two characters in a row
    with the words around the number fits only when it won _FIT_SHARE of the vote with a nearest
    quote of similarity _FIT_SIMILARITY or more. Where no curated indicator fits, the noun the number
    counts becomes a proposed new indicator (`new_indicator`), else the weak vote stands. The
    runner-up of the vote goes to `suggested_by.indicator_runner_up`."""
    stated = _unit(raw)
    right = _sentence_right(text, raw_start + len(raw))
    noun = counted(text, raw, raw_start)
    unit = stated or (noun[1] if noun else None)
    if not unit:
        unit = stated = _partner_unit(text, raw, raw_start)   # written once, for both numbers
    near = learner.neighbours(context_features(text, raw_start, raw_start + len(raw)), unit) if unit else []
    ranked = _ranked(near, lambda f: f["indicator"])
    named = _named_indicator(learner.indicators, unit, left, right[:_LABEL_RIGHT], learner.labels_of(unit), right) if unit else None
    window = fold(left[-_FIT_LEFT:]) + "|" + fold(right[:_FIT_RIGHT])
    best = ranked[0] if ranked else None
    exit_ = _exit_indicator(learner.labels_of(unit), unit, left, right) if unit else None
    if exit_:
        fields["indicator"], basis["indicator"] = exit_[0], f"rule: {exit_[1]}"
    elif named:
        fields["indicator"], basis["indicator"] = named[0], f"rule: its label {named[1]} next to the number"
    elif best and (_label_near(learner.indicators[best[0]], window if stated else fold(noun[0]))
                   or (stated and best[1] >= _FIT_SHARE and near[0][0] >= _FIT_SIMILARITY)):
        support = [f for _, f in near if f["indicator"] == best[0]]
        fields["indicator"], basis["indicator"] = best[0], _cite(support, best[1]) + f", similarity {near[0][0]:.2f}"
    elif noun:
        label, noun_unit, where = noun
        key = proposed_key(label, noun_unit)
        fields["indicator"] = key
        fields["new_indicator"] = {"key": key, "label_en": "", "label_zh": label, "unit": noun_unit}
        why = ("the number states no unit and no curated label names what it counts" if not stated else
               f"no curated indicator in unit {noun_unit} fits (the best, {best[0]}, won {best[1]:.0%} of the vote "
               "and its label is not near the number)" if best else f"no curated fact in unit {noun_unit}")
        basis["indicator"] = (f"PROPOSED NEW indicator {key}: label_zh {label} and unit {noun_unit} from {where}; "
                              f"{why}: define it in povlib/data/indicators/<source_id>.csv (label_en, definition), "
                              "or choose an existing indicator")
    elif best and stated:   # nothing names what it counts: the vote, however weak
        support = [f for _, f in near if f["indicator"] == best[0]]
        fields["indicator"], basis["indicator"] = best[0], _cite(support, best[1]) + f", similarity {near[0][0]:.2f} (weak: its label is not near the number)"
    else:
        fields["indicator"] = ""
        basis["indicator"] = (f"no curated fact in unit {unit}: add an indicator" if unit else
                              "the number states no unit and names no noun: choose or add an indicator")
    runner = [r for r in ranked if r[0] != fields["indicator"]][:1]
    if runner:
        key, share = runner[0]
        basis["indicator_runner_up"] = (f"{key} ({learner.indicators[key].get('label_zh', '')}, "
                                        f"{share:.0%} of the nearest curated quotes' vote)")
    indicator = fields["indicator"]
    if indicator:
        topic, _, _ = vote([(s, f) for s, f in near if f["indicator"] == indicator] or near, lambda f: f["topic"])
        fields["topic"], basis["topic"] = topic or "other", (f"topic of {indicator} in the curated facts"
                                                             if indicator in learner.indicators else
                                                             "topic of the nearest curated quotes")
    else:
        fields["topic"] = "other"
    return near


def _partner_unit(text: str, raw: str, raw_start: int) -> str | None:
    """Return the unit of the nearest other number of the sentence written with the same multiplier
    (14.63萬 … 7.89萬人, 185.1万贫困人口 … 171.2万: one kind of quantity, its unit written once) when
    `raw` is a bare number with a multiplier (万, 亿); else None."""
    mult = re.search(r"[万萬亿億]$", raw)
    if not mult:
        return None
    lo = raw_start - len(sentence_left(text, raw_start))
    stop = _SENTENCE_STOP.search(text, raw_start)
    hi = stop.start() if stop else len(text)
    best = None
    for m in re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s?" + mult.group()).finditer(text, lo, hi):
        at = m.start()
        if at == raw_start:
            continue
        unit = _unit(text[at:m.end() + 1])   # 7.89萬人
        if unit is None:
            noun = counted(text, m.group(), at)
            unit = noun[1] if noun and noun[2].startswith("the noun after") else None
        if unit and (best is None or abs(at - raw_start) < best[0]):
            best = (abs(at - raw_start), unit)
    return best[1] if best else None


_SENTENCE_STOP = re.compile(r"[。!！?？;；\n]")
#: a verb between a number and the next one: a predicate after the next number is that number's own
_OWN_PREDICATE = re.compile(r"[有是为已达占将]")
#: change-of-state predicates of what a number counts, each with the words curated labels use for it
_EXITS = (("脱贫", "减贫"), ("摘帽", "退出", "出列"))
#: the head of a counted noun that a count's label must share (贫困县摘帽 counts 县)
_HEADS = "县村乡镇户"


def _exit_indicator(labels: list[tuple[str, str]], unit, left: str, right: str) -> tuple[str, str] | None:
    """Return (indicator key, why) when the number's own list item (or clause) says that what it
    counts left poverty (脱贫/减贫, 摘帽/退出/出列) and one curated label in its unit joins such a
    word with the counted noun (脱贫人口, 贫困县摘帽: 6个贫困县和1个…县摘帽, 减贫15.42万人; a count's
    label must share the noun's head, 县/村/乡/镇/户, and the one label whose other words all stand
    in the item is preferred); None when no label or more than one fits. The predicate after a
    next number that has a verb of its own before it (185.1万贫困人口已有171.2万实现脱贫) is that
    number's, not this one's."""
    after = fold(item_right(right))
    if re.search(_OWN_PREDICATE, after.split("#")[0]) and "#" in after:
        after = after.split("#")[0]   # 185.1万贫困人口已有171.2万实现脱贫: the predicate is the next number's
    item = fold(item_left(left)[-_LABEL_LEFT - _VERB_REACH:]) + "#" + after
    for words in _EXITS:
        said = [w for w in words if w in item]
        if not said:
            continue
        hits = []
        for lbl, key in labels:
            word = next((w for w in words if w in lbl), None)
            if not word:
                continue
            rest = lbl.replace(word, "")
            heads = [c for c in rest if c in _HEADS]
            if unit == "count" and not (heads and heads[-1] in item.replace(said[0], "")):
                continue
            hits.append((key, lbl, rest in item))
        whole = [h for h in hits if h[2]]   # the label's other words stand in the item too (贫困县摘帽)
        for found in (whole, hits):
            if len({k for k, _, _ in found}) == 1:
                return found[0][0], f"{said[0]!r} in the number's item names what it counts: {found[0][1]}"
    return None


def _ranked(neighbours: list[tuple[float, dict]], key) -> list[tuple[str, float]]:
    """Return [(value, share of the similarity)] of the weighted vote on `key`, best first."""
    totals: dict[str, float] = defaultdict(float)
    for s, f in neighbours:
        totals[key(f)] += s * s
    whole = sum(totals.values()) or 1.0
    return [(v, t / whole) for v, t in sorted(totals.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)]


def _label_near(indicator: dict, window: str) -> bool:
    """True when two characters of the indicator's Chinese label in a row stand in `window`."""
    label = fold(indicator.get("label_zh") or "")
    return any(label[i:i + 2] in window for i in range(len(label) - 1))


def proposed_key(label: str, unit: str) -> str:
    """Return the key of a proposed new indicator: `new_` and 8 hex digits of the label and unit
    (the same noun proposes the same key on every row; the curator renames it)."""
    return "new_" + hashlib.sha1(f"{label}|{unit}".encode("utf-8")).hexdigest()[:8]


def counted(text: str, raw: str, raw_start: int) -> tuple[str, str, str] | None:
    """Return (label, unit, where) of what the number counts: the noun right after it when it is
    a count or states no unit (120个村, 22位市领导), else the label right before it (建成扶贫车间120个,
    培育致富带头人8495人), both folded to simplified script and cut at the first verb or particle;
    the unit is the number's own, else that of the noun (…人口 persons, …户 households, else count).
    None when neither names anything."""
    unit = _unit(raw)
    right = _T2S.convert(_sentence_right(text, raw_start + len(raw)))
    m = _NOUN_AFTER.match(right)
    noun = m.group(1) if m and unit in _COUNTED_UNITS and not _NOUN_UNIT.search(raw) else ""
    stop = _NOUN_STOP.search(noun)
    if stop and (stop.start() or len(stop.group()) == 1):
        noun = noun[:stop.start()]
    elif stop:   # 脱贫人口 opens with a verb but is one noun; 通过验收 is none
        rest = _NOUN_STOP.search(noun, stop.end())
        noun = noun[:rest.start() if rest else len(noun)]
        noun = noun if _HEAD_NOUN.search(noun) else ""
    where = "the noun after the number"
    if not noun:
        m = _LABEL_BEFORE.search(_T2S.convert(sentence_left(text, raw_start))[-_NOUN_LEN - 6:])
        noun = _LABEL_VERB.sub("", m.group(1).replace("“", "").replace("”", "").replace('"', "")) if m else ""
        noun = noun if len(noun) >= 2 else ""
        where = "the label before the number"
    if not noun:
        return None
    head = _HEAD_NOUN.search(noun) if where.startswith("the noun after") else None
    noun = noun[:head.end()] if head else noun[:_NOUN_LEN] if where.startswith("the noun after") else noun[-_NOUN_LEN:]
    return noun, unit or ("persons" if _PERSON_NOUN.search(noun) else "households" if _HOUSEHOLD_NOUN.search(noun)
                          else "count"), where


def _named_indicator(indicators: dict, unit, left: str, right: str, labels=None,
                     full_right: str | None = None) -> tuple[str, str] | None:
    """Return (indicator key, label) of an indicator in the number's unit whose Chinese label
    stands just before the number (nearest first; not across another item, 51个贫困县、3723个) or else just
    after it (nearest first), or None; an action word next to the label changes what is counted.
    `labels`: the (label, key) pairs of that unit when the caller has them (`Learner.labels_of`);
    `full_right`: the whole rest of the sentence (`right` may be cut short), where an action word
    after a label found after the number is looked for, up to the end of the label's clause."""
    if labels is None:
        labels = [(r["label_zh"], k) for k, r in indicators.items()
                  if len(r.get("label_zh") or "") >= 2 and r["unit"] == unit]
    before, after = fold(item_left(left)[-_LABEL_LEFT - _VERB_REACH:]), fold(item_right(right))   # not across items
    whole = fold(item_right(full_right)) if full_right else after
    near = max(0, len(before) - _LABEL_LEFT)   # the label must end in the last _LABEL_LEFT (购买贫困地区农产品3059万元)
    hits = [(before.rfind(lbl) + len(lbl), len(lbl), k, lbl) for lbl, k in labels
            if lbl in before and before.rfind(lbl) + len(lbl) > near and not _ACTION.search(_around(before, before.rfind(lbl), lbl))
            and not _PARTNER.search(before[before.rfind(lbl) + len(lbl):])
            and not re.search(r"[#、]", before[before.rfind(lbl) + len(lbl):])]   # 51个贫困县、3723个: another item's label
    hits = hits or [(-after.find(lbl), len(lbl), k, lbl) for lbl, k in labels
                    if lbl in after and not _ACTION.search(before[-_VERB_REACH:] + after[:after.find(lbl)])
                    and not _CHANGE_OF_STATE.search(re.split(r"[,，;；。]", whole[after.find(lbl) + len(lbl):])[0])   # 8个贫困县脱贫摘帽,
                    # 31个贫困县全部实现脱贫摘帽, 6个国定贫困县和1个省定贫困县摘帽: the clause's predicate counts them
                    and not _PARTNER.search(after[:after.find(lbl)])]
    return (max(hits)[2], max(hits)[3]) if hits else None


def _around(text: str, at: int, label: str) -> str:
    """Return the words of `text` just before and just after the `label` found at `at`, without
    the label itself: 出列贫困村508个 → 出列 + 508个."""
    return text[max(0, at - _VERB_REACH):at] + text[at + len(label):at + len(label) + _VERB_REACH]


def _region(ctx: Context, text: str, raw_start: int) -> tuple[str, str]:
    line_start = text.rfind("\n", 0, raw_start) + 1
    left = _T2S.convert(sentence_left(text, raw_start))
    for scope, where in ((left, "in the sentence"), (_T2S.convert(text[line_start:raw_start]), "earlier in the paragraph")):
        best = max(((scope.rfind(name), name, key) for name, key in ctx.regions if name in scope), default=None)
        if best:
            return best[2], f"{best[1]} named {where}"
    if ctx.main_region:
        return ctx.main_region, "the document's main region (no region named nearer)"
    return "", "no known region named: add one to povlib/data/regions/<source_id>.csv"


def _governing(text: str, raw_start: int, left: str) -> str:
    """Return the words that may govern the number's sentence, folded to simplified script: the
    opening clause of its paragraph (“十三五”以来,…) and the span words (截至目前, 以来, 先后) of
    the sentence's clauses before a ； (累计 there counts its own clause only); "" when none."""
    line_start = text.rfind("\n", 0, raw_start) + 1
    before = _T2S.convert(text[line_start:raw_start])[: -len(left) or None]
    if not before.strip():
        return ""
    opening = re.split(r"[,，。;；]", before.lstrip(), maxsplit=1)[0]
    sentence = re.split(r"[。!！?？]", before)[-1]
    return opening + "\n" + "".join(m.group() for m in _SPAN_WORDS.finditer(sentence))


def _sentence_right(text: str, end: int) -> str:
    """Return the rest of the number's sentence after `end`, folded to simplified script."""
    m = re.compile(r"[。!！?？;；\n]").search(text, end)
    return _T2S.convert(text[end:m.start() if m else len(text)])


def _task(left: str, right: str) -> tuple[str, str] | None:
    """Return ("target", word) when the number is part of a task to complete (完成…任务, not
    已完成) and no other measure word stands nearer the number; else None."""
    task = _TASK.search(left) if "任务" in right else None
    nearest = _nearest_rule(_MEASURE_RULES, left[task.end():]) if task else None
    return ("target", "完成 … 任务") if task and not nearest else None


def _measure(fields, basis, left: str, unit, year, governing: str = "", right: str = "", raw: str = "",
             heading: str = "") -> None:
    """Set the suggested measure and its basis: the first of the wording rules below that holds."""
    left = _RANGE_START.sub("", left)   # the second end of a range (30%—40%) reads like the first
    rule = _task(left, right) or _nearest_rule(_MEASURE_RULES, left[-_RULE_REACH:])
    if rule and _NEGATED_BOUND.match(raw) and re.search(r"[,，]", left[left.rfind(rule[1]):]):
        rule = None   # a limit (不得超过3个月) is framed only by a word in its own clause
    if rule and rule[1] in _CLAUSE_WORDS and re.search(r"[,，]", left[left.rfind(rule[1]):]):
        rule = _nearest_rule(_MEASURE_RULES, left[:left.rfind(rule[1])][-_RULE_REACH:])
    if rule and rule[1] == "预计" and year and (past := re.findall(r"(20\d\d)\s?年", left[left.rfind(rule[1]):])) \
            and int(past[-1]) < year:
        rule = None   # 预计增加到2015年的6861元, written in 2016: an estimate of a past year's level, not a plan
    if rule and year and re.match(r"到\s?20\d\d", rule[1]) and int(re.search(r"20\d\d", rule[1]).group()) < year:
        rule = _nearest_rule(_MEASURE_RULES, left[:left.rfind(rule[1])][-_RULE_REACH:])   # 到2018年底,…已有 in 2019: done by then
    if rule and rule[0] == "cumulative" and re.search(r"[,，、]", left[left.rfind(rule[1]):]) \
            and _OWN_YEAR.search(re.split(r"[,，]", left)[-1]):
        rule = None   # 累计投入18.6亿元,其中2019年投入5.2亿元: a part with its own year is no total
    if rule and rule[0] in ("plan", "target") and re.search(r"[,，;；]", left[left.rfind(rule[1]):]) \
            and _DONE_NOW.search(re.split(r"[,，;；]", left)[-1]):
        rule = None   # 安排项目38.92万个,目前已开工项目31.85万个: what is already done, not the plan
    years = [int(y) for y in re.findall(r"(20\d\d)\s?年", left)]
    kind = rule[0] if rule else None
    percent = unit == "percent"
    span = _span(left) if kind is None and unit not in ("percent", "pp", "times") else None
    aim = _AIM_AFTER.search(right) if kind not in ("plan", "target") else None
    by = _BY_DATE_ALREADY.search(left)
    gone = _all_exited(left, right)
    checks = [
        (_bound(raw, left, right), "threshold", "rule: a bound before a noun (30户以上自然村, 超过1亿元的)"),
        (re.search(r"(?<!高)标准(?!化)[^,，。;；\d]{0,8}$", left), "threshold", "rule: a standard (标准…) just before the number"),
        (_STANDARD_AFTER.match(right), "threshold", "rule: the number defines a standard named after it (…2300元的国家扶贫标准)"),
        (percent and re.search(r"占(?:[^,，。;；]{0,10}|[\d.%％、和及与\s]*)$", left), "share", "rule: 占 before a percentage"),
        (percent and kind not in ("plan", "target") and re.search(r"(比例|比重|占比)(?:为|為|达到?|是|的)?\s?$", left), "share",
         "rule: a proportion (比例为…) before a percentage"),
        (percent and (re.search(r"(?<!发生)率[^,，。;；]{0,4}$", left) or _RATE_TO.search(left)) and kind != "target", "share",
         "rule: a rate (…率) before a percentage"),
        (percent and _CHANGE_RATE.search(left) and kind not in ("target", "plan"), "actual",
         "rule: a rate of change (增长/下降…) before a percentage"),
        ((kind in (None, "cumulative") or (rule and re.search(r"[,，]", left[left.rfind(rule[1]):])))
         and ((_FROM_LEVEL.search(left) and CHANGE_AFTER.match(right)) or _TO_LEVEL.search(left)),
         "actual", "rule: the level a change starts from or reaches (从…下降至…) is a level, not a total"),
        (aim, "target", f"rule: {aim.group()!r} after the number in its clause (a goal)" if aim else ""),
        (rule, kind, f"rule: {rule[1]} before the number" if rule else ""),
        (year and years and years[-1] > year, "plan", f"rule: a year after the document year {year}"),
        (span, "cumulative", f"rule: the span {span.group()!r} frames a flow (no 年均/每年 after it)" if span else ""),
        (kind is None and unit not in ("percent", "pp", "times") and by,
         "cumulative", f"rule: {by.group()!r}: a count or amount already reached by a date is a total" if by else ""),
        (kind is None and unit not in ("percent", "pp", "times") and not years and gone,
         "cumulative", f"rule: {gone!r}: every one of a group has left it, a total up to now" if gone else ""),
        (cumulative := not (_OWN_YEAR.search(left) or _COMPARED.search(left + right)   # 2017年末,…: its own year
                            or _PRESENT_LEVEL.search(re.split(r"[,，;；]", left)[-1] + re.split(r"[,，;；]", right)[0]))
         and _nearest_rule(_CUMULATIVE_RULES, governing), "cumulative",
         f"rule: {cumulative[1]} opens the paragraph or the sentence before" if cumulative else ""),
        ((plan := _PLAN_HEADING.search(heading)) and not (year and years and years[-1] < year)
         and not _BACKGROUND.search(left), "plan", f"rule: the heading above says {plan.group()!r}" if plan else ""),
        (_NEGATED_BOUND.match(raw), "threshold", "rule: a limit (不超过/不低于…) with no plan or target word"),
    ]
    measure, why = next(((m, w) for ok, m, w in checks if ok), ("actual", "default: no measure word before the number"))
    fields["measure"], basis["measure"] = measure, why


#: a level at the present in the number's own clause (目前共有, 目前已…, 现有): under a paragraph's 截至目前 a
#: status, not a total
_PRESENT_LEVEL = re.compile(r"目前|当前|现有|共有|还有|仍有|尚有")
#: done by now, in the number's own clause: a plan or target word in an earlier clause does not frame it
_DONE_NOW = re.compile(r"(?<![将要])已")
#: a change of state that ends a status (脱贫, 摘帽, 退出, 出列, 清零, 销号) said of a whole group (全部)
_EXIT = re.compile(r'(?:实现|完成)?\s?[“"]?(?:脱贫|摘帽|退出|出列|清零|销号)')


def _all_exited(left: str, right: str) -> str:
    """Return the words saying that every one of the counted group has left its status, in the
    number's own clause (88个贫困县全部清零, 陕西全部56个贫困县实现“摘帽”), else ""."""
    before = re.split(r"[,，;；:：]", left)[-1]
    after = re.split(r"[,，。;；]", right)[0]
    m = re.search(r"全部" + _EXIT.pattern, after) or (re.search(r"全部", before) and _EXIT.search(after))
    return m.group() if m else ""


#: a count or amount already reached by a year (截至2014年,全县已经建设了54个; 到2018年底,…已有171.2万)
_BY_DATE_ALREADY = re.compile(r"(?:截至|截止|到)\s?(?:19|20)\d\d\s?年[底末]?[^。;；]*?已")


def _span(left: str) -> re.Match | None:
    """Return the last multi-year span of the sentence before a number (2011年至2015年, 近几年, 5年来)
    when no later time word (目前, 今年, a year) follows it and no per-year word (年均, 每年) stands
    in the number's own clause; else None."""
    span = None
    for span in _SPAN.finditer(left):
        pass
    if span and not re.search(r"目前|当前|现在|如今|今年|本年|(?:19|20)\d\d\s?年", left[span.end():]) \
            and not _nearest_rule(_PER_RULES[:1], re.split(r"[,，;；]", left[span.start():])[-1]):
        return span   # 年均 in an earlier clause (…,年均增幅17.8%,减少贫困人口100万人) is that clause's
    return None


def _bound(raw: str, left: str, right: str) -> bool:
    """Return True when the number bounds a group rather than counting it: 以上/以下 before a noun
    (30户以上自然村, not 70%以上要…), or 超过/高于/低于/不足 … 的 (年产值超过1亿元的企业)."""
    if re.search(r"(以上|以下|以內|以内)$", raw):
        return bool(re.match(r"(?![要将用是为都均已可能在])[\u4e00-\u9fff]", right))
    bounded = re.search(r"(超过|高于|低于|不足|不到)$", left) or re.match(r"超过|超過|不足|不到", raw)
    return bool(bounded and right.startswith("的"))


def _period(fields, basis, text, raw_start, raw, left, year, month=None) -> None:
    line_start = text.rfind("\n", 0, raw_start) + 1
    left = _GLOSSES.sub("", left)   # 今(jīn)年 reads 今年
    before = _GLOSSES.sub("", _T2S.convert(text[line_start:raw_start]))[: -len(left) or None]
    earlier_clauses = re.split(r"[。!！?？]", before)[-1]   # the sentence's parts before a ；
    heading = _heading(text, line_start)
    if (re.search(r"(?:19|20)\d\d\s?年", heading) and not _NUMBERED.match(heading)
            and not _REPORT_TITLE.search(heading) and not _PLAN_HEADING.search(heading)):
        heading = ""   # 青禾社区:2018年搬出大山的人们: a feature's headline names an event, not the year reported on
    context = heading + "\n" + (_lead(before) or _breakdown_lead(text, line_start))
    column = _column_year(text, raw_start, year) if year else None
    if column:   # a table cell: its column header, not the caption or a row label, dates it
        _set_period(fields, *column[:4])
        basis["period"] = column[4]
        return
    cumulative_clause = bool(_nearest_rule(_CUMULATIVE_RULES, re.split(r"[,，]", left)[-1]))
    reference = _reference_year(text, line_start, year, month=month) if year else None
    sentence = earlier_clauses + left   # 今年新建公路30公里；投入资金2亿元: its clauses before a ； too
    if re.match(r"\s*其中", sentence):   # 全年投入186.4亿元。其中,中央财政资金112.6亿元: a part of the total before
        sentence = _previous_sentence(text, line_start, before) + sentence
    found: Period | None = _respectively(left) or suggest_period(sentence, context, year or _NO_YEAR, cumulative_clause,
                                                                 reference, _sentence_right(text, raw_start + len(raw)))
    if found and not year and any(p[:4].isdigit() and int(p[:4]) > _NO_YEAR - 100 for p in (found.start, found.end)):
        found = None   # a document with no date keeps the periods its text states (2019年底), not relative ones (今年)
    if found and fields["measure"] == "threshold" and found.rule.endswith("earlier in the paragraph"):
        found = None   # a standard is background: a year the paragraph opens with does not date it
    if found and found.rule.endswith("earlier in the paragraph") and _STILL.search(re.split(r"[,，;；]", left)[-1]):
        found = None   # 2011年至2015年,…。…该省贫困人口还有50多万人: the present level, not the paragraph's year
    if not found and year and fields["measure"] in ("target", "plan"):
        found = _deadline(_sentence_right(text, raw_start), year)
    if found and found.rule.startswith("reported") and _PLAN_HEADING.search(heading := _heading(text, line_start)):
        planned = re.search(r"(?<!\d)((?:19|20)\d\d)\s?年", heading)   # 全年 in a section of plans: the year planned
        found = Period(planned.group(1), planned.group(1), found.text, "context",
                       f"{found.text!r} under the plan heading {heading!r}") if planned else None
    if found and found.text and found.text in sentence and _LONG_AGO.search(sentence, sentence.rfind(found.text) + len(found.text)):
        found = None   # 今年68岁,过去…一年收入不到3000元: a past word after the time word dates the number to the past
    if found and found.rule.startswith("since_month"):
        found = _since_end(found, year, month)
    if found and found.rule.startswith("following") and found.basis == "document_date":
        found = _following_earlier(found, text, line_start, before)
    if found and not found.end:   # 当年 with no year to count from
        fields.update(period_start="", period_end="", period_text="", year_basis="")
        basis["period"] = f"rule: {found.rule}"
        return
    if found:
        words = _verbatim(text, line_start, raw_start, found.text) or _verbatim(text, raw_start, _line_end(text, raw_start), found.text)
        _set_period(fields, found.start, found.end, words, found.basis)
        basis["period"] = f"rule: {found.rule}"
        return
    ahead = "下一步" in left   # 今年以来,… reports on this year; 下一步,…将投入… looks past it
    section = (_own_lead(text, line_start, before, year) or _section_lead(text, line_start, year)) \
        if year and not ahead and not _PAST.search(left) else None
    if section:
        _set_period(fields, *section[:4])
        basis["period"] = section[4]
        return
    reported = _reference_year(text, line_start, year, report=True, month=month) if year else None
    titled = _reference_year(text, line_start, year, report=True, early=False) if year else None
    start, end, why = _undated(fields["measure"], text, raw_start, raw, left, year, reported, titled)
    fields.update(period_start=start, period_end=end, period_text="",
                  year_basis="" if not end else "document_date" if end == str(year) else "context")
    basis["period"] = why


def _undated(measure: str, text: str, raw_start: int, raw: str, left: str, year: int | None,
             reference: int | None = None, titled: int | None = None) -> tuple[str, str, str]:
    """Return (start, end, basis) for a number with no time expression: the year reported on (the
    title's or heading's year, else the document year) for a reported result or a figure compared
    with the year before; for a level reached (达, 共有, 现有) the year a title or heading reports on
    (`titled`), else the document year — a present level stands at the date of writing even when
    a text printed early in a year reports on the year before; up to the year reported on for a
    total, and up to the present level's year for a standing arrangement (结对帮扶, 驻村工作队); else none."""
    if not year:
        return "", "", ("the document has no date, so no period is suggested from the document year: set `date` in "
                        "the manifest and date this row by hand (今年, 目前 and 以来 need it)")
    ref = reference or year
    said = "the document year" if ref == year else "the year the title or heading reports on"
    clause_start, clause_end = clause_bounds(text, raw_start, raw_start + len(raw))
    clause = _T2S.convert(text[clause_start:clause_end])
    past = _PAST.search(left)
    pair = _PAIRING.search(clause)
    status = _STATUS.search(left)
    part = re.match(r"\s*其中", re.split(r"[,，;；]", left)[-1])
    if not status and part:   # 有42个贫困县,其中重点县15个: a part of a present total is present too
        status = re.search(r"(?<![没只仅])(?:共有|现有|还有|有|达到?)(?=\s?\d)", left[:left.rfind("其中")])
    compared = _COMPARED.search(clause) or re.match(r"\s?[,，]?\s?(" + _COMPARED.pattern + ")", _sentence_right(text, raw_start + len(raw)))
    done = _DONE.search(left) or (measure in ("actual", "share") and _PERFECTIVE.search(clause))
    if done and done.group() == "建成" and measure in ("plan", "target"):
        done = None   # 计划建成…: built when the plan is done, not yet
    if measure == "cumulative":
        return "", str(ref), f"no year expression; a cumulative figure, up to {said} {ref}"
    if measure == "actual" and pair and not past and not _WILL.search(clause[:pair.start()]):
        now = titled or year   # in place up to the date of writing, as a present level
        said = "the document year" if now == year else "the year the title or heading reports on"
        return "", str(now), f"no year expression; {pair.group()!r} names a standing arrangement, in place up to {said} {now}"
    if measure in ("actual", "share") and _BASE_YEAR.search(left):
        return str(ref - 1), str(ref - 1), f"no year expression; the base of {_BASE_YEAR.search(left).group()!r}: the year before {ref}"
    if measure in ("actual", "share") and not past and compared and not _BACKGROUND.search(left):
        return str(ref), str(ref), f"no year expression; {compared.group()!r} compares it with the year before {said} {ref}"
    if measure in ("actual", "share") and not past and status and not _BACKGROUND.search(left):
        now = titled or year
        said = "the document year" if now == year else "the year the title or heading reports on"
        return str(now), str(now), f"no year expression; {status.group()!r} reports the present state, in {said} {now}"
    if done and not past:
        return str(ref), str(ref), f"no year expression; {done.group()!r} reports a result, in {said} {ref}"
    return "", "", "no year expression in the sentence or its heading: no period (background figures; add one if the text implies it)"


def _previous_sentence(text: str, line_start: int, before: str) -> str:
    """Return the sentence before the number's one: earlier on its line, else the last sentence
    of the nearest non-empty line above (folded to simplified script)."""
    earlier = [p for p in re.split(r"[。!！?？]", before) if p.strip()]
    if earlier:
        return earlier[-1] + "。"
    parts = [p for p in re.split(r"[。!！?？]", _T2S.convert(_line_above(text, line_start))) if p.strip()]
    return parts[-1] + "。" if parts else ""


def _respectively(left: str) -> Period | None:
    """Return the year that 分别 pairs with this number (2018年、2019年分别完成1500户和1300户: the
    first number is 2018's, the second 2019's), or None."""
    m = _RESPECTIVELY.search(left)
    if not m:
        return None
    words = re.findall(r"(?:19|20)\d\d\s?年(?:底|末)?", m.group(1))
    n = len(re.findall(r"\d[\d.,]*", left[m.end():]))   # numbers between 分别 and this one
    if n >= len(words):
        return None
    y = words[n][:4]
    return Period(y, y, words[n], "stated", f"{words[n]!r} paired by 分别 with number {n + 1} after it")


def _following_earlier(found: Period, text: str, line_start: int, before: str) -> Period:
    """Return `found` (当年, 第二年 with no year in its own sentence) counted from the year that the
    text before it on its line, or on the line above, last arrived at (2018年开工,次年入住。搬迁当年…
    is 2019; a comparison base such as 比2017年 is skipped), or a period-less Period that says to
    date it by hand."""
    y = None
    for _, kind, m, (start, _end, _basis) in expressions(_T2S.convert(_line_above(text, line_start)) + "\n" + before, 0):
        if kind in ("year", "month", "since", "since_month"):
            y = int(start[:4])
        elif kind == "following" and y is not None:
            y += FOLLOWING[m.group()]
    word = found.text
    if y is None:
        return Period("", "", word, "", f"{word!r} counts from a year named earlier, which the draft "
                      "cannot find: date this row by hand")
    y = str(y + FOLLOWING[word])
    return Period(y, y, word, "context", f"{word!r} after the year the text before it arrives at ({y})")


def _since_end(found: Period, year: int, month: int | None) -> Period:
    """Return `found`, a span from a month (2017年10月以来) to the document year, ended at the
    document's month when the document's date gives one."""
    if month and len(found.start) == 7 and found.end == str(year):
        return Period(found.start, f"{year}-{month:02d}", found.text, found.basis, f"{found.rule}, to the document's month")
    return found


def _set_period(fields: dict, start: str, end: str, words: str, year_basis: str) -> None:
    """Write a suggested period; a cumulative figure dated only by the document keeps no start."""
    if fields["measure"] == "cumulative" and start == end and year_basis == "document_date" \
            and not re.search(r"(今年|本年)\s?(以来|来)", _T2S.convert(words)):   # 今年以来 states its start
        start = ""
    fields.update(period_start=start, period_end=end, period_text=words, year_basis=year_basis)


def _deadline(right: str, year: int) -> Period | None:
    """Return the period of a deadline written after a target's or plan's number (…在6月底前,
    …到2020年; not before the document year), or None."""
    for _, kind, m, (start, end, basis_) in expressions(right, year):
        if kind in ("year", "month", "month_end", "range", "plan") and int(end[:4]) >= year:
            return Period(start, end, m.group(), basis_, f"{kind} expression {m.group()!r} after the number (a deadline)")
    return None


@lru_cache(maxsize=1 << 14)   # every number of a line asks the same: a pure function of its arguments
def _reference_year(text: str, line_start: int, year: int, report: bool = False, month: int | None = None,
                    early: bool = True) -> int:
    """Return the year the number's section reports on: the nearest heading above (or the title)
    that names a single year no later than the document year (岚川省2019年统计公报, 一、2021年工作回顾),
    else the document year. 全年, 年末 and 上年 count from it. With `report`, only a heading that
    calls itself a report on that year counts (公报, 工作回顾, …情况; not a feature's 2018年搬出大山的人们).
    With no such heading, a text printed early in a year (by `month`) that reports the year before
    as done and never its own year reports on the year before — unless `early` is False."""
    above = _above(text, line_start)
    for back, raw_line in enumerate(above):
        line = _T2S.convert(raw_line.strip())
        title = len(above) - 1 - back in _title_zone(text) and len(line) <= _TITLE and not re.search(r"[。;；]", line)
        if not (_is_heading(line) or title) or _FULL_DATE.search(line) or (report and not _REPORT_TITLE.search(line)):
            continue   # a publication line's date says when, not what year is reported on
        years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)\s?年(?!\s?[-—–~～至到和]|以来|来)", line)]
        if len(years) == 1 and years[0] <= year:
            return years[0]
    if early and (not month or month <= _EARLY_MONTH) and year - 1 in done_years(text) and year not in done_years(text):
        return year - 1   # 本报北京2月6日电…2017年末: published early in a year, it reports on the year before
    return year


def _cells(line: str) -> list[str]:
    return re.split(r"\t|\s{2,}", line.strip())


def _table_cell(text: str, raw_start: int) -> tuple[str, str] | None:
    """Return (row label, column header) of the table cell holding the number — the row's first
    cell and the same cell of the nearest row above with as many cells ("" when none) — or None
    when the number is not in a table row."""
    line_start = text.rfind("\n", 0, raw_start) + 1
    line = text[line_start:_line_end(text, raw_start)]
    if not _is_table_row(line):
        return None
    column = len(_cells(text[line_start:raw_start] + "x")) - 1
    for above in _above(text, line_start)[:_SECTION * 4]:
        if _is_table_row(above) and len(_cells(above)) == len(_cells(line)) \
                and not re.fullmatch(r"[\d.,％%\s]+", _cells(above)[column]):   # a header, not another data row
            return _cells(line)[0], _cells(above)[column]
    return _cells(line)[0], ""


def _row_label(text: str, raw_start: int) -> str:
    """Return the row label of a table cell for the `per` rules (人均生活消费支出), folded, unless
    its column is a change or a share (增长, %, 率); else ""."""
    cell = _table_cell(text, raw_start)
    if not cell or re.search(r"增长|增幅|%|率|比重", cell[1]):
        return ""
    return _T2S.convert(cell[0]) + "\n"


def _column_year(text: str, raw_start: int, year: int) -> tuple[str, str, str, str, str] | None:
    """Return (start, end, words, year_basis, rule) for a table cell whose column header names a
    year (2018年), or None."""
    cell = _table_cell(text, raw_start)
    header = cell[1] if cell else ""
    found = [f for f in expressions(_T2S.convert(header), year) if f[1] in ("year", "month", "range")]
    if not found:
        return None
    start, end, _ = found[-1][3]
    return start, end, header, "stated", f"rule: the column header {header!r} of the table above"


def _section_lead(text: str, line_start: int, year: int) -> tuple[str, str, str, str, str] | None:
    """Return (start, end, words, year_basis, rule) from the nearest earlier paragraph (up to
    _SECTION back) that opens with a time expression (当前,… / 2019年,…), or None."""
    lines = [ln for ln in islice((ln for ln in _above(text, line_start) if ln.strip()), _SECTION)]
    for back, line in enumerate(lines, 1):
        if _is_heading(line):
            return None   # a new section: what opened the one above does not reach here
        opening = re.split(r"[,，。;；:：]", _T2S.convert(line.strip()), maxsplit=1)[0]
        if len(opening) > _LEAD:
            continue
        found = [f for f in expressions(opening, year) if f[1] in _SECTION_KINDS and f[2].group() in _SECTION_WORDS]
        if found:
            _, kind, m, (start, end, basis_) = found[-1]
            words = _verbatim(line, 0, len(line), m.group())
            return start, end, words, basis_, f"rule: {kind} expression {m.group()!r} opens a paragraph {back} above"
    return None


#: the present, opening a paragraph: it governs the paragraph's later sentences (如今,…。…每年提供…)
_PRESENT_OPENERS = _SECTION_WORDS + ("如今", "现在", "眼下", "现如今")


def _own_lead(text: str, line_start: int, before: str, year: int) -> tuple[str, str, str, str, str] | None:
    """Return (start, end, words, year_basis, rule) when the number's own paragraph (the line at
    `line_start`; `before`: its text before the number's sentence, folded) opens with a word for
    the present (如今, 目前, 当前), also after who says it: the document year; else None."""
    body = before.lstrip()
    said = _ATTRIBUTION.match(body)
    opening = re.split(r"[,，。;；:：]", body[said.end() if said else 0:], maxsplit=1)[0].strip()
    if opening not in _PRESENT_OPENERS:
        return None
    words = _verbatim(text, line_start, line_start + len(before), opening) or opening
    return str(year), str(year), words, "document_date", f"rule: {opening!r} opens the number's paragraph (the present)"


#: who says it, opening a paragraph before its time words: 据省发改委主任介绍,2016年,… / 据了解, /
#: 记者从省扶贫办获悉, / 县长张某表示, / 另据国家统计局日前公布的数据, / 调查显示,
_ATTRIBUTION = re.compile(r"(?:(?:另|又|此外[,，]?\s?)?据[^,，。;；]{0,30}?(?:介绍|了解|统计|悉|报道|消息|通报|数据|资料)"
                          r"|记者[^,，。;；]{0,30}?(?:获悉|了解到)"
                          r"|[^,，。;；]{0,20}?(?:表示|介绍说|指出|显示))\s?[,，:：]+\s?")


def _lead(paragraph: str) -> str:
    """Return the opening words of `paragraph` when they are a year or plan period (2019年,… /
    “十三五”以来,…), which then governs the paragraph, also after who says it (据…介绍,2016年,…),
    until a later sentence moves the story on (伴随…, 随着…, 此后, 后来); otherwise ""."""
    body = paragraph.lstrip()
    said = _ATTRIBUTION.match(body)
    head = body[said.end() if said else 0:][:_LEAD]
    if any(_MOVED_ON.match(later.lstrip()) for later in re.split(r"[。!！?？]", body)[1:]):
        return ""
    return head if _LEAD_YEAR.match(head) else ""


def _breakdown_lead(text: str, line_start: int) -> str:
    """Return the opening year of the paragraph above (as `_lead` reads it) when the number's
    paragraph opens by breaking figures down (从纯收入来源看, / 分地区看,) and names no year in that
    opening clause: the breakdown is of the figures just given, in their year; otherwise ""."""
    opening = _BREAKDOWN.match(_T2S.convert(text[line_start:_line_end(text, line_start)]))
    return _lead(_T2S.convert(_line_above(text, line_start))) if opening else ""


#: a paragraph that breaks down the figures above it: 从收入来源看, 分三大区域看, 按产业分,
_BREAKDOWN = re.compile(r"\s*(?:从|分|按)[^,，。;；\d]{1,10}?(?:看|来看|分)\s?[,，](?![^,，。;；]{0,3}(?:19|20)\d\d)")


#: a sentence that moves a story on from the year its paragraph opened with
_MOVED_ON = re.compile(r"伴随|随着|此后|后来|之后|其后|从此|多年后|几年后|如今|现在|目前|近年来|近几年")
#: the present level in the number's own clause: 还有, 仍有, 尚有, 现有
_STILL = re.compile(r"(?:还|仍|尚|现|目前)(?:然)?有")


@lru_cache(maxsize=4)
def _line_index(text: str) -> tuple[list[str], list[int]]:
    """Return the document's lines and the offset each starts at (computed once per document)."""
    lines = text.split("\n")
    return lines, list(accumulate((len(ln) + 1 for ln in lines[:-1]), initial=0))


@lru_cache(maxsize=4)
def _title_zone(text: str) -> frozenset[int]:
    """Return the indexes of the document's first non-empty lines, where its title stands."""
    lines, _ = _line_index(text)
    return frozenset([i for i, ln in enumerate(lines) if ln.strip()][:_TITLE_LINES])


class _Above(Sequence):
    """The lines above a line, nearest first, read from the document's line index without copying
    it (a copy per number made drafting grow with the square of the document's length)."""

    def __init__(self, lines: list[str], end: int):
        self.lines, self.end = lines, end

    def __len__(self) -> int:
        return self.end

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self.lines[self.end - 1 - j] for j in range(*k.indices(self.end))]
        if not -self.end <= k < self.end:
            raise IndexError(k)
        return self.lines[self.end - 1 - (k % self.end)]

    def __iter__(self):
        return (self.lines[j] for j in range(self.end - 1, -1, -1))


def _above(text: str, line_start: int) -> _Above:
    """Return the lines before the line starting at `line_start`, nearest first."""
    lines, starts = _line_index(text)
    return _Above(lines, bisect_left(starts, line_start) if line_start else 0)


def _line_above(text: str, line_start: int) -> str:
    """Return the nearest non-empty line above the line starting at `line_start`, or ""."""
    return next((ln for ln in _above(text, line_start) if ln.strip()), "")


@lru_cache(maxsize=1 << 14)   # every number of a line asks the same
def _heading(text: str, line_start: int) -> str:
    """Return the nearest heading line above `line_start` (a short line that is neither a sentence
    nor a table row), folded to simplified script, or ""."""
    for line in _above(text, line_start):
        if _is_heading(line):
            return _T2S.convert(line.strip())
    return ""


def _is_heading(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) <= _HEADING and not re.search(r"[。;；]", line) and not _is_table_row(line)


def _is_table_row(line: str) -> bool:
    """Return True for a line of tab- or wide-space-separated cells (a table pasted as text)."""
    return len(re.split(r"\t|\s{2,}", line.strip())) >= 3


def _verbatim(text: str, start: int, end: int, folded: str) -> str:
    """Return the seed's own wording of a year expression found in folded text ('' if not found)."""
    if not folded:
        return ""
    span = text[start:end]
    for i in range(len(span) - len(folded), -1, -1):
        if _T2S.convert(span[i:i + len(folded)]) == folded:
            return span[i:i + len(folded)]
    return ""


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end
