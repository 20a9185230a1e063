"""Coverage: is every Arabic numeral of a report accounted for by a fact or the exclusion ledger?

Calendar years, month/day dates and boilerplate need no entry; every other number must lie
inside the `raw` span of a fact or of an exclusion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sources import Source, SpanIndex

_TOKEN = re.compile(r"\d+(?:[.,．]\d+)*")                     # 1,205  12.6  １２．６
_YEAR_AFTER = re.compile(r"^\s?年")                              # 2017年, 2017 年
_RANGE_DASH = "-—–~～至到"
#: an ISO date: YYYY-MM-DD, or YYYY-MM when no letter, digit, unit or decimal follows the month
#: (2000-3000元, 1990-2500元 and 2000-12元 are ranges of numbers, not dates)
_ISO_DATE = re.compile(r"(?<![\d.,])(?:19|20)\d\d-(?:0?[1-9]|1[0-2])"
                       r"(?:-(?:0?[1-9]|[12]\d|3[01])(?![\d.,．]?\d)|(?![\w.,．%％-]))")


@dataclass(frozen=True)
class Token:
    """One Arabic number in a seed: its text and character span."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Return every Arabic-numeral number in `text`, in reading order."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_calendar(text: str, tok: Token) -> bool:
    """Return True for a calendar year (with 年, in a year range, or in an ISO date) or a month/day."""
    after = text[tok.end:tok.end + 12]
    if _in_iso_date(text, tok):
        return True
    if re.fullmatch(r"(19|20)\d\d", tok.text):
        if _YEAR_AFTER.match(after):
            return True
        # first year of a range "2018-2020年" / "2018—2020年"
        return bool(re.match(rf"^\s?[{_RANGE_DASH}]\s?(19|20)\d\d\s?年", after))
    if tok.text.isdigit():
        n = int(tok.text)
        if 1 <= n <= 12 and re.match(r"^\s?月", after):
            return True
        if 1 <= n <= 31 and re.match(r"^\s?[日号號]", after):
            return True
    return False


def _in_iso_date(text: str, tok: Token) -> bool:
    """True when the token is the year, month or day of an ISO date (2019-06-17, 2019-06)."""
    # a date is at most 10 characters: it starts at most 8 before the token and ends at most 8 after
    for m in _ISO_DATE.finditer(text, max(0, tok.start - 8), min(len(text), tok.end + 12)):
        if m.start() <= tok.start and tok.end <= m.end():
            return True
    return False


@dataclass
class Coverage:
    """Per-source coverage: counted numbers, covered numbers and the uncovered tokens."""

    source_id: str
    counted: int
    covered: int
    uncovered: list[Token]

    @property
    def percent(self) -> float:
        return 100.0 if self.counted == 0 else 100.0 * self.covered / self.counted


def coverage(source: Source, spans: list[tuple[int, int]]) -> Coverage:
    """Return the coverage of `source` given the (start, end) raw spans of facts and exclusions.

    Both span tests go through a `SpanIndex` (sorted starts + bisection), so the time grows with
    n log n in the numbers of the document, not with numbers × spans."""
    counted, uncovered = 0, []
    in_boilerplate, covered = SpanIndex(source.boilerplate), SpanIndex(spans)
    for tok in tokens(source.text):
        if in_boilerplate(tok.start, tok.end) or is_calendar(source.text, tok):
            continue
        counted += 1
        if not covered(tok.start, tok.end):
            uncovered.append(tok)
    return Coverage(source.source_id, counted, counted - len(uncovered), uncovered)


def context(text: str, tok: Token, width: int = 25) -> str:
    """Return the text around a token on its line, with the token marked ⟦like this⟧."""
    line_start = text.rfind("\n", 0, tok.start) + 1
    line_end = text.find("\n", tok.end)
    line_end = len(text) if line_end < 0 else line_end
    left = text[max(line_start, tok.start - width):tok.start]
    right = text[tok.end:min(line_end, tok.end + width)]
    return f"{left}⟦{tok.text}⟧{right}"


def line_of(text: str, offset: int) -> int:
    """Return the 1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1
