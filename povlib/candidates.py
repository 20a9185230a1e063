"""Draft candidates: one per Arabic-numeral number of a document, with its raw, clause and context.

A candidate is a number as `povlib.coverage` tokenises it (calendar years, month/day dates and
boilerplate need no account and get none), its `raw` read by the grammar of `povlib.units`, the
clause around it as `quote`, and a proposal for the exclusion ledger when it looks like a name,
an ordinal, a date, a contact or a repeat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .coverage import Token, is_calendar, tokens
from .exceptions import UnitError
from .units import PREFIXES, parse_raw

#: characters that end a clause (an ASCII comma only when no digit follows: 1,000 is one number)
_CLAUSE_END = re.compile(r"[,，;；。!！?？:：]|,(?!\d{3})")
_SENTENCE_END = re.compile(r"[。!！?？;；]")
_MIN_QUOTE = 8          # a clause shorter than this is widened with the clause before it
_MAX_UNIT = 8           # the longest unit text tried after a number (个百分点, 平方公里, 余万人次以上)
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{1,12})[”\"]")
_PHONE = re.compile(r"\d{3,4}-\d{7,8}|1[3-9]\d{9}")
_TIME = re.compile(r"\d{1,2}:\d{2}(:\d{2})?")


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
    qualifier prefix (约, 近, 超过 ...) when one stands right before the number."""
    line_end = text.find("\n", tok.end)
    line_end = len(text) if line_end < 0 else line_end
    body = tok.text
    for k in range(min(_MAX_UNIT, line_end - tok.end), 0, -1):
        trial = text[tok.start:tok.end + k]
        if trial[-1].isdigit() or trial[-1] in ".,":
            continue
        try:
            parse_raw(trial)
        except UnitError:
            continue
        body = trial
        break
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
    """Return the (start, end) of the clause holding text[start:end], within its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = line_start
    for m in _CLAUSE_END.finditer(text, line_start, start):
        left = m.end()
    m = _CLAUSE_END.search(text, end, line_end)
    right = m.start() if m else line_end
    while right - left < _MIN_QUOTE and left > line_start:
        prev = line_start
        for m in _CLAUSE_END.finditer(text, line_start, left - 1):
            prev = m.end()
        left = prev
    return left, right


def sentence_left(text: str, start: int) -> str:
    """Return the text of the sentence holding offset `start`, up to `start` (one line at most)."""
    line_start = text.rfind("\n", 0, start) + 1
    left = line_start
    for m in _SENTENCE_END.finditer(text, line_start, start):
        left = m.end()
    return text[left:start]


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
    """Return {kind, reason, raw, raw_start} when the number looks like a name, ordinal, date or contact."""
    line_start = text.rfind("\n", 0, tok.start) + 1
    for m in _PHONE.finditer(text, max(line_start, tok.start - 12), tok.end + 12):
        if m.start() <= tok.start and tok.end <= m.end():
            return _excl("contact", "looks like a phone number", m.group(), m.start())
    for m in _TIME.finditer(text, max(line_start, tok.start - 3), tok.end + 6):
        if m.start() <= tok.start and tok.end <= m.end():
            return _excl("date", "a clock time", m.group(), m.start())
    for m in _QUOTED.finditer(text, max(line_start, tok.start - 12), tok.end + 12):
        inner_start = m.start(1)
        if inner_start <= tok.start and tok.end <= m.end(1) and re.fullmatch(r"[\dA-Za-z+×xX\- .]+", m.group(1)):
            return _excl("name", f"the number is the quoted name “{m.group(1)}” (a method, slogan or programme)",
                         m.group(1), inner_start)
    before, after = text[max(line_start, tok.start - 2):tok.start], text[tok.end:tok.end + 2]
    if before.endswith("第"):
        return _excl("ordinal", "第N: a rank or sequence number", tok.text, tok.start)
    if tok.start == line_start or text[line_start:tok.start].strip() == "" or before.endswith(("(", "（")):
        if re.match(r"^[、.．)）]", after):
            return _excl("ordinal", "list numbering", tok.text, tok.start)
    if re.match(r"^[A-Za-z]", after) or re.search(r"[A-Za-z]$", before):
        return _excl("name", "number joined to Latin letters (a model or code name)", tok.text, tok.start)
    if re.match(r"^[号號]文", after) or re.search(r"〔$|\[$", before):
        return _excl("reference", "document number", tok.text, tok.start)
    if re.fullmatch(r"(19|20)\d\d", tok.text) and re.match(r"^\s?版", after):
        return _excl("name", "a year used in a name (YYYY版)", tok.text, tok.start)
    if re.match(r"^\s?后", after) and tok.text in ("70", "80", "90", "00"):
        return _excl("other", "a generation label (90后), not a quantity", tok.text + after[:1], tok.start)
    return None


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
        covered_to = raw_start + len(raw)
    return out
