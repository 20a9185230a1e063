"""Draft candidates: one per Arabic-numeral number of a document, with its raw, clause and context.

A candidate is a number as `povlib.coverage` tokenises it (calendar years, month/day dates and
boilerplate need no account and get none), its `raw` read by the grammar of `povlib.units`, the
clause around it as `quote`, and a proposal for the exclusion ledger when it looks like a name,
an ordinal, a date or time, a contact, a fraction or a repeat.

Ranges follow the curated data (zhaotong-2019's `1.5—5平方米`, `20%—60%`): each end is a candidate.
A first end without its own unit is the bare number (`1.5`, taking the indicator's unit) when that
reads right; when the range writes a multiplier once (`3-5万元`) the bare `3` would read as 3 元, so
the first end's raw is the range up to the shared multiplier and unit (`3-5万元`, 30000 yuan: the
range-first-end form of the unit grammar), and the second end still gets its own candidate (`5万元`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..catalog.coverage import Token, is_calendar, tokens
from ..exceptions import UnitError
from ..catalog.units import PREFIXES, RANGE_DASHES, is_range_first_end, parse_raw

#: characters that end a clause; an ASCII comma or a colon between two digits does not
#: (1,205 is one number, 9:00 one time: a quote never starts or ends inside them)
_CLAUSE_END = re.compile(r"[，;；。!！?？]|(?<!\d)[,:：]|[,:：](?!\d)")
_SENTENCE_END = re.compile(r"[。!！?？;；]")
_MIN_QUOTE = 8          # a clause shorter than this is widened with the clause before it
_MAX_UNIT = 8           # the longest unit text tried after a number (个百分点, 平方公里, 余万人次以上)
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{1,12})[”\"]")
_PHONE = re.compile(r"\d{3,4}-\d{7,8}|1[3-9]\d{9}")
#: a clock time, not part of a longer number (11:021170 is an id, not 11:02)
_TIME = re.compile(r"(?<!\d)\d{1,2}[:：]\d{2}([:：]\d{2})?(?!\d)")
#: a clock time in words: 下午3点, 上午9时30分, 10点半, 8点15分 (a bare 3点 may be "3 points": not a time)
_CLOCK = re.compile(r"(?:(?<=上午|下午|早上|晚上|凌晨|中午|傍晚|早晨|夜间)|(?<=[早晚]))\s?\d{1,2}\s?[点點时時]"
                    r"(?:\s?\d{1,2}\s?分|半)?|\d{1,2}[点點时時](?:\d{1,2}分|半)")
#: a year and month (and day) written with points or slashes: 2021.12, 2021.12.31, 2021/7/12
_DOT_DATE = re.compile(r"(?<![\d.,])(?:19|20)\d\d([./])(?:0?[1-9]|1[0-2])(?:\1(?:0?[1-9]|[12]\d|3[01]))?"
                       r"(?![\d.,/]?\d)")
#: a month or day range whose first end has no 月/日 of its own: 1—6月, 1-15日
_MONTH_RANGE = re.compile(rf"(?<![\d.,])(?:0?[1-9]|1[0-2]) ?[{RANGE_DASHES}] ?(?:0?[1-9]|1[0-2]) ?月")
_DAY_RANGE = re.compile(rf"(?<![\d.,])(?:0?[1-9]|[12]\d|3[01]) ?[{RANGE_DASHES}] ?(?:0?[1-9]|[12]\d|3[01]) ?[日号號]")
#: 3年后, 近3年来, 未来3年: an offset or span that dates another number (periods.py reads it)
_TIME_SPANS = [re.compile(r"(?<![\d.])(?P<raw>\d{1,2}\s?年)[后後](?!来|來)"),
               re.compile(r"(?P<raw>近\s?\d{1,2}\s?年)(?:以?来|以?來)"),
               re.compile(r"(?:[未今]来|过去的?)\s?(?P<raw>\d{1,2}\s?年)(?![\d级])"),
               re.compile(r"用\s?(?P<raw>\d{1,2}\s?年)(?:左右)?(?:时间|時間)"),
               # 5年间, 5年来, 5年多來: a duration the numbers after it are counted over
               re.compile(r"(?<![\d.])(?P<raw>\d{1,2}\s?年)多?(?:间|間|以?来|以?來)"),
               # 江西5年近300萬人脫貧: years written right before another quantity are its span
               re.compile(r"(?<![\d.])(?P<raw>\d{1,2}\s?年)(?=\s?(?:近|约|約|超|逾|共|累计|累計)?\s?\d)")]
#: 70周年, 20週年: an anniversary names an occasion, it is no quantity
_ANNIVERSARY = re.compile(r"(?<![\d.])(?P<raw>\d{1,3}\s?(?:周年|週年))")
#: a fraction 1/3, 2/5: the unit grammar holds exact decimals only, so it is proposed for the ledger
_FRACTION = re.compile(r"(?<![\d./])\d+/\d+(?![\d/]|\.\d)")


#: the rest of 3个和4个百分点 after "3个": the 个 belongs to a unit written once for both numbers
_SHARED_POINTS = re.compile(r"\s?[和与與及、至到—–-]\s?[\d.]+\s?[个個]百分[点點]")


@dataclass
class Candidate:
    """One number of a document and what the draft proposes for it."""

    token: Token
    raw: str                 # by the unit grammar (prefix + number + multiplier + unit)
    raw_start: int
    quote: str               # the clause around the number, on one line
    quote_start: int
    sentence_left: str       # the sentence up to the number (for period and rule look-ups)
    exclusion: dict | None = None   # {kind, reason, raw?} when proposed for the ledger
    fields: dict = field(default_factory=dict)
    suggested_by: dict = field(default_factory=dict)


def read_raw(text: str, tok: Token) -> tuple[str, int]:
    """Return (raw, raw_start): the longest text at the token that `parse_raw` accepts, with a
    qualifier prefix (约, 近, 超过 ...) when one stands right before the number.

    The first end of a range is the bare number (`2000` of `2000-3000元`, as the curated data
    writes `1.5` of `1.5—5平方米`) unless the range writes a multiplier once (`3-5万元`): then the
    bare number would read wrong, and the raw is the range-first-end form `3-5万元` (30000 yuan)."""
    line_end = text.find("\n", tok.end)
    line_end = len(text) if line_end < 0 else line_end
    body = tok.text
    for k in range(min(_MAX_UNIT, line_end - tok.end), 0, -1):
        trial = text[tok.start:tok.end + k]
        if trial[-1].isdigit() or trial[-1] in ".,．":
            continue
        try:
            quantity = parse_raw(trial)
        except UnitError:
            continue
        if not is_range_first_end(trial) or quantity.value != parse_raw(tok.text).value:
            body = trial
        break
    if body[-1:] in "个個" and _SHARED_POINTS.match(text, tok.start + len(body)):
        body = tok.text   # 提高3个和4个百分点: the unit is written once, after the second number
    for word in sorted(PREFIXES, key=len, reverse=True):
        if text[max(0, tok.start - len(word)):tok.start] == word and _prefix_ok(text, tok.start - len(word)):
            try:
                parse_raw(word + body)
            except UnitError:
                continue
            return word + body, tok.start - len(word)
    return body, tok.start


def _prefix_ok(text: str, start: int) -> bool:
    """近 in 最近/接近/附近 is part of a word, not the qualifier 'nearly'; 超 in 超过 is checked as 超过."""
    before = text[max(0, start - 1):start]
    return before not in ("最", "接", "附", "将", "將")


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the (start, end) of the clause holding text[start:end], within its line, without
    white space (a tab, a space, the \\r of a CRLF line end) at either end."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    marks = [m for m in _CLAUSE_END.finditer(text, line_start, line_end)]
    lefts = [m.end() for m in marks if m.end() <= start]
    left = lefts[-1] if lefts else line_start
    right = next((m.start() for m in marks if m.start() >= end), line_end)
    while right - left < _MIN_QUOTE and left > line_start:
        left = max((e for e in lefts if e < left), default=line_start)
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def sentence_left(text: str, start: int) -> str:
    """Return the text of the sentence holding offset `start`, up to `start` (one line at most)."""
    line_start = text.rfind("\n", 0, start) + 1
    left = line_start
    for m in _SENTENCE_END.finditer(text, line_start, start):
        left = m.end()
    return text[left:start]


#: what bounds the words that may name what a number counts: list items and clauses
_ITEM_END = re.compile(r"[、，,；;：:。!！?？]")
#: a list item that is a bare quantity (300万人, 1112万人和): the label stands before the list
_BARE_ITEM = re.compile(r"[\s\d.,．%％约約近超逾余餘多万萬亿億千百十个個人户戶元和及与與或以上下]*")


def item_left(left: str) -> str:
    """Return the part of `left` (a number's sentence up to the number) that may name what the
    number counts: its own list item or clause, since the last 、 ， ； or ：. When the number
    opens a 、-item (120个村出列、5个县摘帽: nothing before the 5), the list's lead-in before its
    first number counts (农村贫困人口分别为300万人、1112万人: 农村贫困人口分别为)."""
    cuts = [m for m in _ITEM_END.finditer(left)]
    if not cuts:
        return left
    own = left[cuts[-1].end():]
    if not _BARE_ITEM.fullmatch(own) or cuts[-1].group() != "、":
        return own
    k = len(cuts) - 1
    while k > 0 and cuts[k - 1].group() == "、" and _BARE_ITEM.fullmatch(left[cuts[k - 1].end():cuts[k].start()]):
        k -= 1   # back over the bare items of the list
    first = left[(cuts[k - 1].end() if k > 0 else 0):cuts[k].start()]
    digit = re.search(r"\d", first)
    return first[:digit.start()] if digit and _BARE_ITEM.fullmatch(first[digit.start():]) else ""


def item_right(right: str) -> str:
    """Return the part of `right` (a number's sentence after it) up to the end of its list item
    or clause (the next 、 ， ； or ：): a label never reaches into the next item."""
    m = _ITEM_END.search(right)
    return right[:m.start()] if m else right


def quote_occurrence(text: str, quote: str, quote_start: int) -> int | None:
    """Return the 1-based occurrence of `quote` at `quote_start`, or None when it is unique."""
    starts = [m.start() for m in re.finditer(f"(?={re.escape(quote)})", text)]
    return None if len(starts) == 1 else starts.index(quote_start) + 1


def raw_occurrence(quote: str, raw: str, offset: int) -> int | None:
    """Return the 1-based occurrence of `raw` (as a whole number) at `offset` in `quote`, or None."""
    before = r"(?<![\d.])(?<!\d,)" if raw[:1].isdigit() else ""
    after = r"(?!\d|[.,]\d)" if raw[-1:].isdigit() else ""
    starts = [m.start() for m in re.finditer(before + re.escape(raw) + after, quote)]
    return None if len(starts) == 1 else starts.index(offset) + 1


def proposed_exclusion(text: str, tok: Token) -> dict | None:
    """Return {kind, reason, raw, raw_start} when the number looks like a name, ordinal, date, time,
    fraction or contact."""
    line_start = text.rfind("\n", 0, tok.start) + 1
    for m in _PHONE.finditer(text, max(line_start, tok.start - 12), tok.end + 12):
        if m.start() <= tok.start and tok.end <= m.end():
            return _excl("contact", "looks like a phone number", m.group(), m.start())
    for m in _TIME.finditer(text, max(line_start, tok.start - 3), tok.end + 6):
        if m.start() <= tok.start and tok.end <= m.end():
            return _excl("date", "a clock time", m.group(), m.start())
    dated = _date_or_time(text, tok, line_start)
    if dated:
        return dated
    for m in _QUOTED.finditer(text, max(line_start, tok.start - 12), tok.end + 12):
        inner_start = m.start(1)
        if inner_start <= tok.start and tok.end <= m.end(1) and re.fullmatch(r"[\dA-Za-z+×xX\- .]+", m.group(1)):
            return _excl("name", f"the number is the quoted name “{m.group(1)}” (a method, slogan or programme)",
                         m.group(1), inner_start)
    before, after = text[max(line_start, tok.start - 2):tok.start], text[tok.end:tok.end + 2]
    wide = text[max(line_start, tok.start - 4):tok.start]
    if re.search(r"(?:^|[\s(（、,，:：;；。见如下详据])(附表|附件|附图|表|图)\s?$", text[line_start:tok.start]) \
            and not re.match(r"^\s?[、.．]?\d", after):
        return _excl("reference", "a table, figure or annex number (表1, 图2)", tok.text, tok.start)
    if re.search(r"注\s?[:：]\s?$", wide) and re.match(r"^[、.．)）]", after):
        return _excl("ordinal", "footnote numbering (注:1.)", tok.text, tok.start)
    if re.search(r"[×xX*=＝÷]\s?$", before):
        return _excl("other", "a number inside a formula (…×100%)", tok.text, tok.start)
    if before.rstrip().endswith("第"):
        return _excl("ordinal", "第N: a rank or sequence number", tok.text, tok.start)
    opens_item = re.search(r"(^|\s{2,}|[:：;；(（])\s*$", text[line_start:tok.start])   # 附件：1.… 2.…
    if opens_item and re.match(r"^(?:[、)）]|[.．](?!\d))", after):   # 1.5 is a number, (1)6个 is item 1
        return _excl("ordinal", "list numbering", tok.text, tok.start)
    title = _covering(_BOOK_TITLE, text, tok, line_start, min(len(text), tok.end + 40))
    if title:
        return _excl("name", f"a number inside the title {title.group()}", tok.text, tok.start)
    ratio = _covering(_RATIO, text, tok, max(line_start, tok.start - 12), tok.end + 12)
    if ratio and (tok.start > ratio.start() or re.fullmatch(r"\d+\s?[∶:]\s?\d+", ratio.group())):
        return _excl("other", f"a term of the ratio {ratio.group()} (its base, or a pairing such as 1∶1)",
                     tok.text, tok.start)
    if re.match(r"^[A-Za-z]", after) or re.search(r"[A-Za-z]$", before):
        return _excl("name", "number joined to Latin letters (a model or code name)", tok.text, tok.start)
    if re.match(r"^[号號]文", after) or re.search(r"〔$|\[$", before):
        return _excl("reference", "document number", tok.text, tok.start)
    if re.fullmatch(r"(19|20)\d\d", tok.text) and re.match(r"^\s?版", after):
        return _excl("name", "a year used in a name (YYYY版)", tok.text, tok.start)
    if re.match(r"^\s?后", after) and tok.text in ("70", "80", "90", "00"):
        return _excl("other", "a generation label (90后), not a quantity", tok.text + after[:1], tok.start)
    return None


def _date_or_time(text: str, tok: Token, line_start: int) -> dict | None:
    """Return a `date` proposal for a clock time in words (下午3点), a year.month (2021.12, unless a
    unit follows: 2019.5亿元 is a quantity), a month or day range (1—6月), or an `other` proposal
    for a fraction (1/3).

    A fraction is proposed for the ledger rather than made a fact: raw values are exact decimals
    and 1/3 has none, so a curator keeps it here (or curates the share where the text also gives
    it as a percent)."""
    lo, hi = max(line_start, tok.start - 12), min(len(text), tok.end + 12)
    m = _covering(_CLOCK, text, tok, lo, hi)
    if m:
        raw = m.group().lstrip()
        return _excl("date", "a clock time", raw, m.end() - len(raw))
    m = _covering(_DOT_DATE, text, tok, lo, hi)
    if m and (m.group(1) == "/" or read_raw(text, tok)[0].endswith(tok.text)):
        return _excl("date", "a year and month (or date) written with points or slashes", m.group(), m.start())
    for pattern, what in ((_MONTH_RANGE, "a range of months"), (_DAY_RANGE, "a range of days")):
        m = _covering(pattern, text, tok, lo, hi)
        if m:
            return _excl("date", what, m.group(), m.start())
    for pattern in _TIME_SPANS:
        m = _covering(pattern, text, tok, lo, hi)
        if m:
            return _excl("date", f"a time offset or span ({m.group()}): it dates another number, it is no quantity",
                         m.group("raw"), m.start("raw"))
    m = _covering(_ANNIVERSARY, text, tok, lo, hi)
    if m:
        return _excl("ordinal", f"an anniversary ({m.group()}): it names an occasion, it is no quantity",
                     m.group("raw"), m.start("raw"))
    m = _covering(_FRACTION, text, tok, lo, hi)
    if m:
        return _excl("other", f"the fraction {m.group()} has no exact decimal value for raw; if it is a "
                     "quantity, say so in the reason (or curate it where the text gives it as a percent)",
                     m.group(), m.start())
    return None


def _covering(pattern: re.Pattern, text: str, tok: Token, lo: int, hi: int) -> re.Match | None:
    """Return the match of `pattern` in text[lo:hi] that holds the token, or None."""
    for m in pattern.finditer(text, lo, hi):
        if m.start() <= tok.start and tok.end <= m.end():
            return m
    return None


_BOOK_TITLE = re.compile(r"《[^《》\n]{1,40}》")
_RATIO = re.compile(r"\d+(?:\.\d+)?\s?[∶:]\s?\d+(?:\.\d+)?(?!\d)")


def _excl(kind: str, reason: str, raw: str, start: int) -> dict:
    return {"kind": kind, "reason": f"proposed: {reason}", "raw": raw, "raw_start": start}


def candidates(text: str, in_boilerplate) -> list[Candidate]:
    """Return one Candidate per number of `text` that needs an account (reading order).

    `in_boilerplate(start, end)` tells whether a span is boilerplate. Numbers that fall inside the
    raw of a previous candidate or exclusion (the 2 of “9+2”) get no candidate of their own.
    """
    out: list[Candidate] = []
    covered_to = -1
    for tok in tokens(text):
        if tok.start < covered_to or in_boilerplate(tok.start, tok.end) or is_calendar(text, tok):
            continue
        excl = proposed_exclusion(text, tok)
        if excl:
            raw, raw_start = excl.pop("raw"), excl.pop("raw_start")
        else:
            raw, raw_start = read_raw(text, tok)
        q_start, q_end = clause_bounds(text, raw_start, raw_start + len(raw))
        out.append(Candidate(tok, raw, raw_start, text[q_start:q_end], q_start,
                             sentence_left(text, raw_start), excl))
        # the second end of a range-first-end raw (the 5 of 3-5万元) gets its own candidate
        covered_to = tok.end if not excl and is_range_first_end(raw) else raw_start + len(raw)
    return out
