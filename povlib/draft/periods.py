"""Year expressions: the period a draft suggests for a number, and the document year it rests on.

Rules, in the order they are tried on the sentence before a number (text folded to simplified
script): a year range (2014—2018年), a start month or year (2017年10月以来, 2016年以来, 自2013年苏州
市结对帮扶我市以来), recent years (近3年来), a plan period since (“十三五”以来), a year and month
(2017年12月), a year (2018年底), a plan period ("十三五"), a month end in the document year
(6月底), quarters, half years and month ranges (前三季度, 今年上半年, 1—9月), 全年/年末/上年 of the
year reported on, 当年/第二年/3年后 after a year just named, a relative start (今年以来, 去年以来), a relative year (今年, 去年, 前年, 明年,
目前, 现在). A bare 以来 (党的十八大以来) names no year and dates nothing. Never a year that is the
base of a comparison (比上年, 是2015年的1.6倍) or that dates the number a change starts from
(由2014年的21.3%降至0); a change against a named base year (比2012年提高) spans from it, and the
level a change leaves (2019年底,…从24.74%下降至…) is dated only by a span's start.
In a span (2014年以来, 2011年至2015年) the level a change starts from (从36.6%下降到…) stands at the
span's start and the level it reaches at its end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025)}
_RELATIVE = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "大前年": -3, "明年": 1}
_NOW = ("截至目前", "截止目前", "(?<!项)目前", "至今", "当前", "现已", "现在", "如今", "一年来", "近年来",
        # the season or holiday just past, in the year of writing: 春节后, 春节期间, 今春, 入冬以来
        "(?<!\\d年)(?<!年)春节(?:前后|前|后|期间|以来)", "今春", "今冬", "今夏", "今秋", "开春以来", "入[春夏秋冬]以来")
_CHANGE = re.compile(r"(减少|下降|降低|减|降|增加|增长|提高|提升|脱贫)了?[到至为]?$")
#: a clause that states the change itself (年均下降, 五年累计脱贫), not a level
_CHANGE_CLAUSE = re.compile(r"(?:年均|累计)[^,，;；]{0,4}?(减少|下降|降低|减|降|增加|增长|提高|提升|脱贫|减贫)")

#: 由2014年的21.3%降至…: that year dates the number before the change, not the one after it
_DATES_EARLIER_NUMBER = re.compile(r"的\s?\d[\d.,％%]*[^\d,，。；;]{0,8}?(降|升|增|减|提高|下降|上升|增加|减少)")
FROM = re.compile(r"[由从從]\s?$")   # the number right after 由/从 is where a change starts
#: after the number of 从25.71%下降至…: a change follows (not 从32个单位选派, a source)
CHANGE_AFTER = re.compile(r"[^,，。;；\d]{0,8}?(下降|降低|降|减少|减|增加|增长|增|提高|提升|上升|升)了?[到至为]")
#: a clause that ends at the level a change reaches or starts from (发生率从2014年的7.1%降至…, 由…的)
_TO_A_LEVEL = re.compile(r"(?:下降|降低|降|减少|减|增加|增长|提高|提升|上升|升)了?[到至为]\s?$|[由从從]\s?$")
#: before the number of …下降至0.8%: the level a change reaches
CHANGE_TO = re.compile(r"(下降|降低|降|减少|减|增加|增长|提高|提升|上升|升)了?[到至为]\s?$")
_BASE = re.compile(r"(?:(?:比|较|相比|同比)|比[^,，。;；\d比较]{1,6}的)\s?$")   # 比上年, 比搬迁前的2017年 (not 较大的2020年)
#: a change against a named base year right before the number: 比2012年提高, 较2010年末减少
_BASE_YEAR_CHANGE = re.compile(r"(?:比|较|較)\s?((?:19|20)\d\d)\s?年(末|底)?\s?(?:下降|降低|减少|增加|增长|提高|提升|上升)了?\s?$")
_TIMES_BASE = re.compile(r"是\s?$")   # 是2015年的1.6倍: a base only when 的 N倍 follows
_MONTHS = {"前三季度": (1, 9), "一季度": (1, 3), "二季度": (4, 6), "三季度": (7, 9), "四季度": (10, 12),
           "上半年": (1, 6), "下半年": (7, 12)}
#: a year the sentence has just named, then 当年/次年/第二年: that year, the next
FOLLOWING = {"当年": 0, "當年": 0, "同年": 0, "次年": 1, "第二年": 1, "翌年": 1}
_PATTERNS = [
    ("range", re.compile(r"(?<!\d)((?:19|20)\d\d)\s?年?\s?[-—–~～至到]\s?((?:19|20)\d\d)\s?年")),
    ("since_month", re.compile(r"(?<!\d)((?:19|20)\d\d)\s?年\s?(\d{1,2})\s?月\s?(?:以来|来|至今)")),
    ("since", re.compile(r"(?<!\d)((?:19|20)\d\d)\s?年(?:以来|来|至今)")),
    ("since", re.compile(r"自\s?((?:19|20)\d\d)\s?年[^。；;，,]{1,20}?以来")),
    ("recent", re.compile(r"近\s?([1-9一二三四五六七八九十])\s?年(?:来|以来)")),
    ("recent", re.compile(r"过去的?\s?(\d{1,2}|[两二三四五六七八九十])\s?年(?:来|以来|里|中|间)?")),
    ("plan_since", re.compile("|".join(f"“?{k}”?(?:以来|来)" for k in _PLANS))),
    ("month", re.compile(r"(?<!\d)((?:19|20)\d\d)\s?年\s?(\d{1,2})\s?月")),
    ("year", re.compile(r"(?<!\d)((?:19|20)\d\d)\s?年(?:底|末|初|年底|年末)?")),
    ("plan", re.compile("|".join(f"“?{k}”?" for k in _PLANS))),
    ("month_end", re.compile(r"(?<![\d年])(\d{1,2})\s?月底")),
    ("months", re.compile(r"(?:(?<!\d)((?:19|20)\d\d)\s?年|(今年|本年|去年))?"
                          r"(?:(前三季度|第[一二三四]季度|[一二三四]季度|[上下]半年)|"
                          r"(?<![\d年])(\d{1,2})\s?[-—–~～至到]\s?(\d{1,2})\s?月(?!\d))")),
    ("reported", re.compile(r"(?<![\d年一二三四五六七八九十两几多数])(?:全年|年末|年底|年初|年内|本年度|上年末|上年底|上年)|过去的?一年")),
    ("relative_since", re.compile(r"(今年|本年|去年)\s?(?:以来|来)")),
    ("following", re.compile("|".join(FOLLOWING))),
    ("later", re.compile(r"(?<![\d年])(\d{1,2}|[一二两三四五六七八九十])\s?年[后後](?!来|來)")),
    ("relative", re.compile("|".join(sorted(_RELATIVE, key=len, reverse=True)))),
    ("now", re.compile("|".join(_NOW))),
]


@dataclass(frozen=True)
class Period:
    """A suggested period: start, end, the wording it rests on, and its year_basis."""

    start: str
    end: str
    text: str
    basis: str        # stated | context | document_date
    rule: str


def _found(match_kind: str, m: re.Match, year: int, reference: int) -> tuple[str, str, str]:
    """Return (start, end, year_basis) for one matched expression; 全年, 年末 and 上年 count from the
    `reference` year (the year the section reports on), 今年 and 去年 from the document year."""
    g = m.groups()
    if match_kind == "range":
        return g[0], g[1], "stated"
    if match_kind == "since":
        return g[0], str(year), "document_date"
    if match_kind == "recent":
        return str(year - _count(g[0])), str(year), "document_date"   # as curated: 近3年来 in 2019 is 2016–2019
    if match_kind == "since_month":
        return f"{g[0]}-{int(g[1]):02d}", str(year), "document_date"
    if match_kind == "plan_since":
        return str(_PLANS[re.sub("[“”以来]", "", m.group())][0]), str(year), "document_date"
    if match_kind == "month":
        month = f"{g[0]}-{int(g[1]):02d}"
        return month, month, "stated"
    if match_kind == "year":
        return g[0], g[0], "stated"
    if match_kind == "plan":
        a, b = _PLANS[m.group().strip("“”")]
        return str(a), str(b), "stated"
    if match_kind == "month_end":
        month = f"{year}-{int(g[0]):02d}"
        return month, month, "document_date"
    if match_kind == "months":   # 2019年前三季度, 今年上半年, 1—9月 (of the year reported on)
        y = int(g[0]) if g[0] else year + _RELATIVE[g[1]] if g[1] else reference
        a, b = (int(g[3]), int(g[4])) if g[3] else _MONTHS[g[2].removeprefix("第")]
        return f"{y}-{a:02d}", f"{y}-{b:02d}", "stated" if g[0] else "document_date" if g[1] else "context"
    if match_kind == "reported":
        y = str(reference + (-1 if m.group().startswith("上年") else 0))
        return y, y, "context"
    if match_kind == "following":   # resolved against the sentence's year in suggest_period
        y = str(year + FOLLOWING[m.group()])
        return y, y, "document_date"
    if match_kind == "later":   # 3年后: from the document year here, from a year just named in suggest_period
        y = str(year + _count(g[0]))
        return y, y, "document_date"
    if match_kind == "relative_since":   # 今年以来: this year so far; 去年以来: from last year on
        return str(year + _RELATIVE[g[0]]), str(year), "document_date"
    if match_kind == "relative":
        y = str(year + _RELATIVE[m.group()])
        return y, y, "document_date"
    if match_kind == "now":
        return str(year), str(year), "document_date"
    return "", str(year), "document_date"


def _count(digit: str) -> int:
    """Return the number written by Arabic digits or one Chinese digit (3, 10, 三, 两)."""
    return int(digit) if digit.isdigit() else 2 if digit == "两" else "一二三四五六七八九十".index(digit) + 1


def expressions(text: str, year: int, reference: int | None = None) -> list[tuple[int, str, re.Match, tuple[str, str, str]]]:
    """Return every year expression in `text` as (end offset, kind, match, (start, end, basis)),
    without the shorter expressions a longer one contains (the 2018年 of 2014—2018年) and
    without the base of a comparison (比上年, 较2020年)."""
    found, taken = [], []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(a <= m.start() and m.end() <= b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            if _BASE.search(text, max(0, m.start() - 12), m.start()) or (
                    _TIMES_BASE.search(text, max(0, m.start() - 2), m.start())
                    and re.match(r"的\s?(\d[\d.]*\s?倍|$)", text[m.end():m.end() + 12])):
                continue   # 比上年, 较2020年, 是2015年的1.6倍: the base of a comparison, not the period
            found.append((m.end(), kind, m, _found(kind, m, year, reference or year)))
    return sorted(found, key=lambda f: f[0])


def _dates_earlier(text: str, m: re.Match) -> bool:
    """True for the year of 由2014年的21.3%降至…: it dates the number the change starts from."""
    return bool(FROM.search(text, max(0, m.start() - 2), m.start()) and _DATES_EARLIER_NUMBER.match(text, m.end()))


def suggest_period(sentence: str, paragraph: str, year: int, cumulative: bool = False,
                   reference: int | None = None, after: str = "") -> Period | None:
    """Return the period suggested by the nearest year expression before a number: in its
    sentence (`sentence`, basis as the expression says; `after` is the rest of the sentence) or,
    failing that, in `paragraph` (the draft passes the heading above the number's line; basis
    `context`); None when neither has one."""
    every = expressions(sentence, year, reference)
    found = [f for f in every if not _dates_earlier(sentence, f[2])]
    explicit = [f for f in every if f[1] in ("year", "month")]   # the level a change starts from too
    clause = re.split(r"[,，;；]", sentence)[-1]
    if len(explicit) >= 2 and (_CHANGE.search(sentence[-8:]) or _CHANGE_CLAUSE.search(clause)) \
            and not re.search(r"(?:19|20)\d\d\s?年", clause):
        a, b = int(explicit[-2][3][0][:4]), explicit[-1][3][1][:4]
        if a < int(b):   # 从2010年末的1468万人减少至2015年末的471万人,五年累计脱贫997万人: 2011–2015
            return Period(str(a + 1), b, "", "context", "a change between the levels of two years "
                          f"({explicit[-2][2].group()} → {explicit[-1][2].group()}), over the years after the first")
    if found:
        _, kind, m, (start, end, basis) = found[-1]
        named = [f for f in found[:-1] if f[1] == "year"]
        if kind == "following" and named:   # 2016年开始种植,当年… / 2015年…,第二年…
            y = str(int(named[-1][3][1][:4]) + FOLLOWING[m.group()])
            return Period(y, y, m.group(), "context", f"{m.group()!r} after {named[-1][2].group()!r}")
        if kind == "later" and named:   # 2018年,…成立合作社,…3年后将实现…
            y = str(int(named[-1][3][1][:4]) + _count(m.group(1)))
            return Period(y, y, m.group(), "context", f"{m.group()!r} after {named[-1][2].group()!r}")
        opened = [f for f in found if f[1] in ("since", "since_month", "range")]
        if opened and FROM.search(sentence[-2:]) and CHANGE_AFTER.match(after):
            first = opened[0]   # 2014年以来,…发生率从25.71%下降至12.49%: 25.71% is the level in 2014
            return Period(first[3][0], first[3][0], first[2].group(), first[3][2] if first[3][2] == "stated" else "context",
                          f"the level a change starts from, at the start of {first[2].group()!r}")
        if FROM.search(sentence[-2:]) and CHANGE_AFTER.match(after):
            # 2019年底,发生率从24.74%下降至1.16%: a point in time dates the level reached, not the one left
            return Period("", "", "", "", f"the level a change starts from: {m.group()!r} dates the level it "
                          "reaches, and no year of its own is stated (date it by hand if the text implies one)")
        based = _BASE_YEAR_CHANGE.search(clause)
        if based and kind in ("year", "month") and not (_BY.search(sentence, 0, m.start()) or _FUTURE.search(sentence)):
            first = int(based.group(1)) + (1 if based.group(2) else 0)   # 比2016年末减少: the change over 2017
            if first < int(end[:4]):   # 2017年…,比2012年提高7.7个百分点: the change over 2012–2017
                return Period(str(first), end[:4], "", "context", f"a change against the base year "
                              f"{based.group(1)}, up to {m.group()!r}")
        if kind in ("since", "since_month", "range") and CHANGE_TO.search(sentence):   # 2011年至2015年,…下降到13.2%
            return Period(end, end, m.group(), basis, f"the level a change reaches, at the end of {m.group()!r}")
        since = [f for f in found[:-1] if f[1] in ("since", "since_month", "plan_since")]
        if cumulative and kind == "year" and since and since[-1][3][0][:4] < end:
            first = since[-1]
            return Period(first[3][0], end, "", "stated", f"a cumulative figure from {first[2].group()!r} to {m.group()!r}")
        already = kind in ("year", "month", "month_end") and "已" in sentence[m.end():] \
            and not _TO_A_LEVEL.search(re.split(r"[,，;；]", sentence)[-1])   # …已有171.2万,发生率从…降至0.7%: a level
        if (cumulative or already) and re.search(r"(截至|截止|到)\s?$", sentence[:m.start()]):
            start = ""   # 截至2021年6月底,已累计…/到2018年底,…已有…: a total up to that date, its start not stated
        return Period(start, end, m.group(), basis, f"{kind} expression {m.group()!r} before the number")
    for _, kind, m, (start, end, basis) in reversed(expressions(paragraph, year)):
        if _dates_earlier(paragraph, m):
            continue
        if kind in ("range", "since", "since_month", "plan_since", "month", "year", "plan"):
            return Period(start, end, m.group(), "context", f"{kind} expression {m.group()!r} earlier in the paragraph")
    return None


_FUTURE = re.compile(r"计划|规划|目标|确保|力争|争取|预计|将|要|制定|编制")
_PLAN_WORD = re.compile(r"计划|规划|目标|确保|力争|争取|预计|将于|将在|拟")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s?年(底|末)?")
#: 2022年底前, 2025年以前; not 年底前后 ("around"), 2019年前三季度, 前几个月, 前期
_DEADLINE_AFTER = re.compile(r"\s?(?:之前|以前|前(?![后期半几一二两三四五六七八九十\d个]))")
_BY = re.compile(r"(?<![截止])(?:到|至)\s?$")                     # 到2025年, 至2022年底; not 截至 ("as of")
_PLAN_AFTER = re.compile(r".{0,12}?(?:将|要|力争|确保|争取|计划|预计)")
#: a change that reaches a level at a year: 由…增长到2020年, 下降至2019年
_CHANGED_TO = re.compile(r"(?:减少|下降|降低|降|减|增加|增长|增至|提高|提升|上升|升)了?\s?(?:到|至)\s?$")
#: a year aimed at or counted down to (for it, toward it, the distance to it): 为实现2030年…,
#: 为2020年…奠定基础, 决胜2020年…, 迈向2035年, 离2020年…只有五六年, 距2020年
_TOWARD = re.compile(r"(?:为了?|朝着|向着|迈向|奔向|决胜|冲刺|离|距离?)\s?(?:实现|完成|确保|如期|全面)?\s?$")


def document_year(text: str) -> tuple[int | None, str]:
    """Return (year, evidence) for a document that states no date, or (None, why) when no year
    the text names can be its year: the latest year the text reports as done (a year-end
    figure, Y年底, or a level a change starts from or reaches at Y, 由2018年的172万, means it was
    written in Y+1), unless the earliest year it plans for as the
    current year is more than one year later (the done year is then a baseline, and the text
    is written in the planned year). A deadline (`_is_deadline`: 到2025年, 2022年底前) is never
    the document year: the text was written by then, not necessarily in it. A year is planned
    as the current year when it is no deadline and a plan word stands before it in its clause
    (计划于2022年底建成), right after it (2020年要…) or in its own clause (2018年,我国要…); otherwise
    it is done. A year aimed at or counted down to (为实现2030年…, 离2020年…) is a deadline; the level a
    change reaches at a year (增长到2020年) is done. A closed span totalled (1998年—2002年,…已累计)
    counts as whole years, and a plan period reported as done (“十三五”期间,…共建设) as done in its
    last year. Two roles override the pick: 今年是…收官之年 makes the year the deadline the text
    names, and the one year a text plans for, beside a year it reports as still running (今年,预计…
    全年…; 2017年以来,…将超额完成), is the year after the year of writing. 今年 or 去年 in a clause
    that reports a year as past (从今年7月初开始对…2018年宣布摘帽的县抽查) is a later year: the text is
    at least a year (去年: two) after it. A whole year's figure that is only estimated (2019年…预计全年
    减少…) is of a year still running; a year's output or income (2018年,地区生产总值…) is a whole year's
    result. The years of a calendar of roles (2018年是关键之年,2019年是决战之年,…) are skipped. An exact
    anniversary of a well-known founding (改革开放40年来, 新中国成立70周年) is a year reached. A text
    whose first paragraph opens on a day (4月22日,) earlier in the calendar than a day of its latest
    year it reports (2020年11月17日) was written the next year."""
    done, planned, deadlines = {}, {}, {}
    past_in = {}   # clause start -> the years the clause reports as done, as named
    for m in _YEAR.finditer(text):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。!！?？\n")
        left = text[sentence_start + 1:m.start()]
        if _named_or_since(text, m, left):
            continue  # 2030年可持续发展议程, 《2019年工作要点》, 2013年以来: no year of writing
        if _ROLE.match(text, m.end()) and len(_ROLE_IN.findall(_sentence_of(text, m))) > 1:
            continue  # 2018年是关键之年,2019年是决战之年,2020年是决胜之年: a calendar of a campaign, not a report
        full_year = _full_year(text, m)
        snippet = text[max(sentence_start + 1, m.start() - 16):m.end() + 10].split("\n")[0].strip()
        if _range_end(text[m.end():m.end() + 6], left):
            if not (_range_end("", left) and (full_year or _TOTAL.search(_sentence_after(text, m)))):
                continue  # one end of a range says nothing about when the text was written...
            full_year, kind = True, "done"   # ...unless it closes a span of whole years reported
            # (2011年至2015年…年均增长, 1998年—2002年,…已累计投入)
        else:
            kind = _year_kind(text, m, left)
        year = int(m.group(1)) + (1 if kind == "done" and (m.group(2) or full_year or _level_at(text, m, left)) else 0)
        {"done": done, "planned": planned, "deadline": deadlines}[kind].setdefault(year, snippet)
        if kind == "done" and not re.match(r"\s?是", text[m.end():m.end() + 2]):
            past_in.setdefault(_clause_start(text, m.start()), []).append((int(m.group(1)), snippet))
    for m in _THIS_OR_LAST.finditer(text):   # 从今年7月初开始对…2018年宣布摘帽的县抽查: this year is after 2018
        if re.search(r"(?:比|较|較|同比)\s?$", text[max(0, m.start() - 2):m.start()]) or text.startswith("同期", m.end()):
            continue   # 2019年前三季度…比去年同期增长: the base of a change, counted from the year beside it
        named = [(y, snippet) for y, snippet in past_in.get(_clause_start(text, m.start()), ())
                 if not re.search(rf"{y}\s?年", text[max(0, m.start() - 8):m.end() + 8])]   # not 今年(2019年)
        if named:
            y, snippet = max(named)
            done.setdefault(y + 1 + _RELATIVE[m.group()] * -1,
                            f"“{m.group()}” in a clause that reports {y} as past: “{snippet}”")
    for m in _PLAN_PERIOD.finditer(text):   # “十三五”期间,全县共建设安置点141个: the period reported up to its last year
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。!！?？\n")
        clause = re.split(r"[,，;；:：]", text[sentence_start + 1:m.start()])[-1]
        if not (_FUTURE.search(clause) or _FUTURE.search(_sentence_after(text, m))):
            done.setdefault(_PLANS[m.group(1)][1], text[max(sentence_start + 1, m.start() - 16):m.end() + 10].strip())
    for m in _SPAN_AFTER.finditer(text):   # 2014年,…。经过5年努力,…,去年…: the span reaches 2019, called last year
        start, rest = _year_before(text, m.start()), _sentence_after(text, m)
        if start is not None and not _FUTURE.search(rest[:12]):   # not 经过3年,将…: a plan
            reached = start + _count(m.group(1))
            last_year = re.search(r"(?<![比较])去年(?!同期)", rest)
            done.setdefault(reached + (1 if last_year else 0), text[m.start():m.end() + 24].split("\n")[0].strip())
    for m in _ANNIVERSARY.finditer(text):   # 改革开放40年来, 新中国成立70周年: the founding year plus the count
        if not re.search(r"(?:迎接|迎来|喜迎|献礼|向|为)\s?$", text[max(0, m.start() - 4):m.start()]):
            done.setdefault(_EPOCHS[m.group(1)] + _number(m.group(2)), text[m.start():m.end() + 16].split("\n")[0].strip())
    closing = _CLOSING.search(text)
    if closing and deadlines:   # 今年是脱贫攻坚收官之年 … 到2020年: this year is the deadline's year
        latest_done = max(done, default=0)
        ahead = [y for y in deadlines if y >= latest_done]
        if ahead:
            return min(ahead), (f"the text calls this year the last one (“{closing.group()}”) of the deadline "
                                f"“{deadlines[min(ahead)]}”")
    ongoing = _ongoing(text)
    year, evidence = _pick(done, planned, deadlines)
    later = _after_lead_day(text, year) if year is not None and year == max(done, default=None) else None
    if later:   # 4月22日,全省…表彰大会举行。…2020年11月17日,省政府批准…: the lead's day falls in 2021
        return year + 1, (f"the text opens on a day of the year (“{later[0]}”) that comes before a day it reports "
                          f"as past (“{later[1]}”): the next year; {evidence}")
    if ongoing and year is not None and set(planned) == {year} and (ongoing[0] is None or ongoing[0] == year - 1):
        # the one year a text plans for, named beside a year still running, is the next year (a
        # plan for several years, 确保2017年…、2018年…、2019年…, may start with the running one)
        return year - 1, (f"the text reports a year still running (“{ongoing[1]}”), the year before the first "
                          f"year it plans for (“{planned[year]}”)")
    return year, evidence


#: a paragraph that opens on a month and day, no year: a lead (4月22日,…) or a news dateline
#: (新华社北京3月5日电, 每日甘肃网3月20日讯): the day the news is about
_LEAD_DAY = re.compile(r"(?m)^[ \t\u3000]*(?:(?:[^\s\d,，。:：]{2,16}?)(?=\d{1,2}月\d{1,2}[日号]\s?[电電讯訊]))?"
                       r"(\d{1,2})月(\d{1,2})[日号]\s?(?:[,，]|[电電讯訊])")


def _after_lead_day(text: str, year: int) -> tuple[str, str] | None:
    """Return (lead, dated day) when the paragraph of the text's first sentence opens on a month and day (4月22日,)
    names a day earlier in the calendar than a full date of `year` the text reports (2020年11月17日):
    the lead's day is then in the next year. Else None."""
    first_sentence = text.find("。")
    lead = _LEAD_DAY.search(text)
    if lead is None or (first_sentence >= 0 and lead.start() > first_sentence):
        return None   # only the lead: a day opening a later paragraph may be any day of the story
    day = (int(lead.group(1)), int(lead.group(2)))
    for m in re.finditer(rf"(?<!\d){year}\s?年\s?(\d{{1,2}})\s?月\s?(\d{{1,2}})\s?[日号]", text):
        if (int(m.group(1)), int(m.group(2))) > day:
            return lead.group().strip(), m.group()
    return None


#: the year of a well-known founding, from which an anniversary or a span up to now is counted
_EPOCHS = {"改革开放": 1978, "新中国成立": 1949, "中华人民共和国成立": 1949, "联合国成立": 1945,
           "中国共产党成立": 1921, "建党": 1921}
#: an exact anniversary or span from such a founding: 改革开放40年来, 新中国成立70周年 (not 30多年: no exact count)
_ANNIVERSARY = re.compile(r"(" + "|".join(_EPOCHS) + r")\s?(\d{1,3}|[一二三四五六七八九十百]{1,4})\s?(?:周年|週年|年)")


def _number(written: str) -> int:
    """Return the whole number written in Arabic digits or in Chinese up to 999 (40, 四十, 七十五, 一百)."""
    if written.isdigit():
        return int(written)
    digits, total, current = "一二三四五六七八九", 0, 0
    for c in written:
        if c in digits:
            current = digits.index(c) + 1
        else:
            total += (current or 1) * (10 if c == "十" else 100)
            current = 0
    return total + current


#: a year's role in a campaign or plan: 2019年是决战之年, 2020年为脱贫攻坚收官之年
_ROLE = re.compile(r"\s?(?:是|为)[^,，。;；!！?？\n]{0,30}?之年")
_ROLE_IN = re.compile(r"(?:19|20)\d\d\s?年" + _ROLE.pattern)
#: this year or last year, named in a clause beside a year reported as past (not as a change's base: 比去年)
_THIS_OR_LAST = re.compile(r"今年|去年")
#: a span of years the text narrates as past, counted from a year it named before: 经过5年努力, 历经三年
_SPAN_AFTER = re.compile(r"(?:经过|經過|历经|歷經)\s?(\d{1,2}|[一二两三四五六七八九十])\s?年多?(?:的|來|来)?")


def _clause_start(text: str, at: int) -> int:
    """Return the offset of the punctuation mark that opens the clause holding offset `at` (-1 at the text's start)."""
    return max(text.rfind(c, 0, at) for c in "。!！?？\n,，;；:：")


def _year_before(text: str, at: int) -> int | None:
    """Return the last year the text names before offset `at` (not in a since-phrase), or None."""
    years = [int(m.group(1)) for m in _YEAR.finditer(text, 0, at) if not _SINCE_AFTER.match(text, m.end())]
    return years[-1] if years else None


#: a plan period named as the span of a report: “十三五”期间, 十三五时期
_PLAN_PERIOD = re.compile(r"“?(十[一二三四]五)”?\s?(?:期间|时期)")
#: a total of a span: 累计 after a closed range of years
_TOTAL = re.compile(r"累计")
#: this year called the last of a campaign or plan: 今年是脱贫攻坚收官之年, 今年是…最后一年
_CLOSING = re.compile(r"今年是[^。!！?？\n]{0,24}?(?:收官之年|收官年|最后一年)")
#: a year still running: its whole-year result estimated or still to be met
_RUNNING = re.compile(r"全年|预计|有望|将超额|将全面完成|将圆满完成")


#: a level a change starts from or reaches at a year: 由2018年的172万, 下降到2014年的7.89万人
_LEVEL_AT_LEFT = re.compile(r"(?:[由从從]|[到至])\s?$")


def _level_at(text: str, m: re.Match, left: str) -> bool:
    """True when the year of `m` dates the level a change starts from or reaches (由2018年的172万减少到
    今年, 下降到2014年的7.89万人): a count at the year's end, reported after that year."""
    return bool(_LEVEL_AT_LEFT.search(left) and re.match(r"的\s?\d", text[m.end():m.end() + 4]))


def _sentence_of(text: str, m: re.Match) -> str:
    """Return the whole sentence that holds the match `m`."""
    start = max(text.rfind(c, 0, m.start()) for c in "。!！?？\n") + 1
    return text[start:m.end()] + _sentence_after(text, m)


def _sentence_after(text: str, m: re.Match) -> str:
    """Return the rest of the sentence after the match `m`."""
    return re.split(r"[。!！?？\n]", text[m.end():m.end() + 160], maxsplit=1)[0]


def _ongoing(text: str) -> tuple[int | None, str] | None:
    """Return (year or None, snippet) of a year the text reports as still running: 今年 with a
    whole-year estimate (今年,预计…,全年减少…; the year None: it is the year of writing) or a
    since-year whose year's result is still to come (2017年以来,…年度减贫任务将超额完成); else None."""
    for m in re.finditer(r"今年|(?<!\d)((?:19|20)\d\d)\s?年\s?(?:以来|来)", text):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。!！?？\n")
        rest = _sentence_after(text, m)
        if _RUNNING.search(rest) and not re.search(r"(?:19|20)\d\d\s?年", rest):
            snippet = text[sentence_start + 1:m.end() + 24].strip()
            return (int(m.group(1)) if m.group(1) else None), snippet
    return None


@lru_cache(maxsize=4)
def done_years(text: str) -> frozenset[int]:
    """Return the years the text reports as done (2019年底的0.14%, 2017年,…减少): every year it names
    that is no deadline, no plan for the current year, no end of a range and in no name or
    since-phrase (a year-end counts as its own year here, not as the year after)."""
    done = set()
    for m in _YEAR.finditer(text):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。!！?？\n")
        left = text[sentence_start + 1:m.start()]
        if _dates_the_page(text, m):
            continue   # 《 某某日报 》( 2018年02月07日 01 版): when the page was printed, not a year reported on
        if not (_range_end(text[m.end():m.end() + 6], left) or _named_or_since(text, m, left)) \
                and _year_kind(text, m, left) == "done":
            done.add(int(m.group(1)))
    return frozenset(done)


_DAY_AFTER = re.compile(r"\s?\d{1,2}\s?月\s?\d{1,2}\s?[日号]")


def _dates_the_page(text: str, m: re.Match) -> bool:
    """True when the year of `m` opens a full date (2018年02月07日) on a line with no sentence in it:
    a publication or page line, which says when the text appeared, not what it reports on."""
    line_start, line_end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end())
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return bool(_DAY_AFTER.match(text, m.end())) and not re.search(r"[。!！?？;；]", line)


#: a name a year stands in: 2030年可持续发展议程, 2035年远景目标, 2019年版 (not a plan verb: 2018年计划投资…)
_NAME_AFTER = re.compile(r"(?:年度)?[\u4e00-\u9fff]{0,10}?(?:议程|纲要|远景目标|愿景|战略|行动计划|行动方案|实施方案|"
                         r"工作方案|规划|方案|工作要点|要点|版)(?=$|[^\u4e00-\u9fff]|[的等中])")
#: 2013年以来, 2013年至今, 2013年起 (not 起草); 自/从2013年…以来 is checked on the clause
_SINCE_AFTER = re.compile(r"(?:底|末|初)?\s?(?:以来|来(?!自)|至今|起(?!草)|开始|伊始)")
#: a year's figure that is a whole year's result: compared with the year before (比上年, 同比), a
#: yearly average (年均), a whole-year total (全年) or a year's output or income (地区生产总值,
#: 人均可支配收入, 财政收入: counted only when the year is over) in the rest of the year's sentence
_FULL_YEAR = re.compile(r"比上年|较上年|同比|全年|年均|生产总值|GDP|人均可支配收入|人均纯收入|年收入|财政收入")
#: a whole year's figure estimated, not yet counted (预计全年减少…, 全年有望): the year is still running
_ESTIMATE = re.compile(r"预计|预期|有望|可望")
#: the year is only a part of itself: 2019年1—9月, 2019年前三季度, 2019年上半年, 2019年6月
_PART_OF_YEAR = re.compile(r"\s?(?:\d{1,2}\s?[-—–~至到月]|前三季度|第?[一二三四]季度|[上下]半年|[一二三四五六七八九十]+月)")


def _named_or_since(text: str, m: re.Match, left: str) -> bool:
    """True when the year of `m` (`left`: its sentence before it) stands in a name (an agenda, a
    plan's or a document's title, 《…》) or opens a since-phrase (2013年以来, 自2013年…以来):
    neither says when the text was written."""
    after = text[m.end():m.end() + 20]
    if _SINCE_AFTER.match(after) or _NAME_AFTER.match(after):
        return True
    if left.count("《") > left.count("》"):
        return True   # inside a book title
    if left.count("“") > left.count("”") and re.match(r"[^“”,，。;；:：!！?？]{0,30}”", after):
        return True   # inside a quoted name: “2030年可持续发展目标与中国减贫经验”研讨会 (not quoted speech)
    clause_rest = re.split(r"[,，;；:：。]", after, maxsplit=1)[0]
    return bool(re.search(r"[自从]\s?$", left) and re.search(r"以来|至今", clause_rest))


def _full_year(text: str, m: re.Match) -> bool:
    """True when the year of `m` reports a whole year's result (2017年…比上年减少, 年均增长): the
    text was then written after that year. Not for a part of a year (2019年1—9月…同比)."""
    if _PART_OF_YEAR.match(text, m.end()):
        return False
    rest = re.split(r"[。!！?？\n]", text[m.end():m.end() + 120], maxsplit=1)[0]
    rest = re.split(r"(?:19|20)\d\d\s?年", rest, maxsplit=1)[0]   # up to the next year named
    whole = _FULL_YEAR.search(rest)
    return bool(whole) and not _ESTIMATE.search(rest[:whole.end()])


def _range_end(after: str, left: str) -> bool:
    """True when a year is one end of a range (2017至2019年, 2018年底至2019年), from the text
    right `after` it and its sentence `left` of it."""
    return bool(re.match(r"\s?[-—–~至到]|年?[底末初]\s?[-—–~至到]\s?\d", after)
                or re.search(r"\d年?(?:年?[底末初])?\s?[-—–~至到]\s?$", left))


def _year_kind(text: str, m: re.Match, left: str) -> str:
    """Return how the text uses the year of `m` ("2022年" or "2022年底"; `left` is its sentence
    before it): "deadline", "planned" (as the current year) or "done"."""
    after = re.split(r"[。!！?？\n]", text[m.end():m.end() + 16], maxsplit=1)[0]
    if _is_deadline(m, left, after):
        return "deadline"
    if m.group(2):
        clause = re.split(r"[,，;；:：]", left)[-1]
        return "planned" if _PLAN_WORD.search(clause) else "done"
    subject = re.match(r"\s?[,，]([^,，;；:：]{0,6})", after)   # 2018年,我国要再减少…: the year's own clause plans
    planning = _FUTURE.match(after, 0, 2) or (subject and re.search(r"(?:将|要|计划|力争|确保|争取)", subject.group(1)))
    return "planned" if _FUTURE.search(left) or planning else "done"


def _is_deadline(m: re.Match, left: str, after: str) -> bool:
    """True for Y年前, Y年底前 and 到Y年, and for 到Y年底 with a plan word in its sentence
    (力争到2020年底, 到2020年底,全县将…); not for 截至Y年 ("as of"), 下降到Y年的 (the level of Y)
    or 到2019年底,全市累计减贫 (done)."""
    if _DEADLINE_AFTER.match(after):
        return True
    if _TOWARD.search(left):
        return True   # 为实现2030年…目标, 离2020年…只有五六年: a goal or a deadline ahead, not a year of writing
    if not _BY.search(left) or after.startswith("的") or _CHANGED_TO.search(left):
        return False   # 下降到2019年的0.6%, 增长到2020年逾1.2万元: the level of that year
    return not m.group(2) or bool(_PLAN_WORD.search(left) or _PLAN_AFTER.match(after))


def _pick(done: dict, planned: dict, deadlines: dict) -> tuple[int | None, str]:
    """Return (year, evidence) from the done, planned and deadline years (each with a snippet)."""
    latest_done, first_planned = max(done, default=None), min(planned, default=None)
    if first_planned is not None and (latest_done is None or first_planned > latest_done + 1):
        return first_planned, f"earliest year the text plans for as the current year: “{planned[first_planned]}”"
    if latest_done is not None:
        return latest_done, f"latest year the text reports as done: “{done[latest_done]}”"
    if deadlines:
        first = min(deadlines)
        return None, (f"the text names only deadlines (“{deadlines[first]}”), and a deadline is not the year "
                      "the text was written in")
    return None, ""
