"""Indexes that keep `povlib draft` close to linear in the length of the document: where each
quote occurs, which spans are boilerplate, and which earlier fact a number repeats.

A number repeats an earlier fact when it has the same raw and the same suggested indicator and
its clause shares at least half of the two clauses' character bigrams (Jaccard >= 0.5), both
folded (simplified script, numbers as '#'). The index keeps, per (raw, indicator), each earlier
fact under the rarest half of its bigrams plus one (prefix filtering): two clauses with Jaccard
>= 0.5 always share one of those, so a new number is compared only with the few earlier facts
that share a rare bigram, not with every earlier one, and the answer (the first such fact) is
the one a full scan gives.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from ..catalog.sources import SpanIndex
from .suggest import fold

THRESHOLD = 0.5


def bigrams(text: str) -> set[str]:
    """Return the set of character bigrams of `text`."""
    return {text[i:i + 2] for i in range(len(text) - 1)}


class RepeatIndex:
    """The draft facts seen so far, to find the earlier fact a new number repeats."""

    def __init__(self, text: str):
        folded = fold(text)
        self._rank = Counter(folded[i:i + 2] for i in range(len(folded) - 1))
        self._groups: dict[tuple, tuple[list, dict]] = {}

    def _prefix(self, grams: set[str]) -> list[str]:
        """Return the rarest len//2 + 1 bigrams of `grams` (rarity in the whole text, then the
        bigram itself: one fixed order for every clause)."""
        ordered = sorted(grams, key=lambda g: (self._rank.get(g, 0), g))
        return ordered[:len(ordered) // 2 + 1]

    def candidates(self, raw: str, indicator, quote: str) -> list[int]:
        """Return the positions (in order) of the earlier facts with this raw and indicator that
        share one of the prefix bigrams of `quote`: the only ones `find` compares."""
        mine = bigrams(fold(quote))
        group = self._groups.get((raw, indicator))
        if not mine or group is None:
            return []
        return sorted({i for g in self._prefix(mine) for i in group[1].get(g, ())})

    def find(self, raw: str, indicator, quote: str) -> str | None:
        """Return the id of the first earlier fact with this raw and indicator whose clause
        shares at least half of the bigrams with `quote` (Jaccard), or None."""
        mine = bigrams(fold(quote))
        for i in self.candidates(raw, indicator, quote):
            fact_id, other = self._groups[(raw, indicator)][0][i]
            if len(mine & other) / len(mine | other) >= THRESHOLD:
                return fact_id
        return None

    def add(self, fact_id: str, raw: str, indicator, quote: str) -> None:
        """Index a draft fact so later repeats of it are found."""
        grams = bigrams(fold(quote))
        entries, postings = self._groups.setdefault((raw, indicator), ([], {}))
        for g in self._prefix(grams):
            postings.setdefault(g, []).append(len(entries))
        entries.append((fact_id, grams))


#: what a sentence ends with (a headline line ends its own sentence)
_SENTENCE_END = re.compile(r"[。!！?？\n]")
_YEAR_WRITTEN = re.compile(r"(?<![比较較\d])((?:19|20)\d\d)\s?年")
_GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")   # 統(tǒng): a mirror's pinyin gloss
_BEFORE = 20   # characters of a number's sentence before it that say what it counts
_HAN = re.compile(r"[\u4e00-\u9fff]{2}")
LEAD_CONTAINMENT = 0.5   # share of the smaller context's word bigrams the other holds
LEAD_SHARED = 2          # ...and at least this many shared bigrams
_HEADING = 40            # a line this short without a 。 is a heading (or a headline)


def lead_levels(text: str) -> list[tuple[int, int, int]]:
    """Return (start, end, level) of the lines that sum up what follows: level 0 for a headline
    line (any non-blank line above the first paragraph), level 1 for a lead paragraph (the first
    paragraph of the document, and the first one after a heading). A paragraph is a line with a
    。 or longer than `_HEADING` characters; a heading is any other non-blank line."""
    out, offset, body_started, after_heading = [], 0, False, True
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        body = line.strip()
        if not body:
            continue
        if "。" not in body and len(body) <= _HEADING:
            if not body_started:
                out.append((start, start + len(line), 0))
            after_heading = True
            continue
        if after_heading:
            out.append((start, start + len(line), 1))
        body_started, after_heading = True, False
    return out


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the (start, end) of the sentence holding text[start:end] (a line at most)."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, text.rfind("\n", 0, start) + 1, start)), default=None)
    left = text.rfind("\n", 0, start) + 1 if left is None else left
    m = _SENTENCE_END.search(text, end)
    return left, m.start() if m else len(text)


def words(text: str) -> set[str]:
    """Return the bigrams of Chinese characters of `text`, folded to simplified script (numbers,
    units written in Latin letters and punctuation left out)."""
    folded = fold(_GLOSS.sub("", text))
    return {folded[i:i + 2] for i in range(len(folded) - 1) if _HAN.fullmatch(folded[i:i + 2])}


def _before(text: str, sentence_start: int, at: int) -> str:
    """Return the `_BEFORE` characters before offset `at` in its sentence, pinyin glosses left out."""
    return _GLOSS.sub("", text[max(sentence_start, at - 3 * _BEFORE):at])[-_BEFORE:]


def years_written(text: str) -> set[str]:
    """Return the years written in `text`, without the base of a comparison (比2016年)."""
    return set(_YEAR_WRITTEN.findall(text))


def restates(text: str, first: tuple[int, int, str], later: tuple[int, int, str]) -> bool:
    """True when the number `later` (raw_start, raw_end, quote) states again what `first` states:
    the same raw in another sentence, no year written in both that differs, and contexts (the
    quote and the `_BEFORE` characters before the number in its sentence) that share at least half of
    the smaller one's word bigrams."""
    (a0, a1, qa), (b0, b1, qb) = first, later
    sa, sb = sentence_span(text, a0, a1), sentence_span(text, b0, b1)
    if sa == sb or re.sub(r"\s", "", text[a0:a1]) != re.sub(r"\s", "", text[b0:b1]):
        return False
    ya, yb = years_written(qa), years_written(qb)
    if ya and yb and not ya & yb:
        return False
    wa = words(_before(text, sa[0], a0) + qa) - words(text[a0:a1])
    wb = words(_before(text, sb[0], b0) + qb) - words(text[b0:b1])
    shared = len(wa & wb)
    return shared >= LEAD_SHARED and shared >= LEAD_CONTAINMENT * min(len(wa), len(wb))


def lead_repeats(text: str, numbers: list[tuple[int, int, str]]) -> dict[int, int]:
    """Return {i: j}: number i (raw_start, raw_end, quote), in a headline or lead paragraph
    (`lead_levels`), states again the later number j further down (a headline's in the lead or
    the body, a lead's in the body of its own section), which is the one to keep (a
    headline or lead sums up the body; the body sentence carries the subject and the period).
    Numbers are compared only with later numbers of the same raw; a lead only with those before
    the next heading, so the work grows with the document, not with its square."""
    leads = lead_levels(text)
    lead_starts = [a for a, _, _ in leads]
    heads = heading_starts(text)

    def level(at: int) -> int:
        i = bisect.bisect_right(lead_starts, at) - 1
        return leads[i][2] if i >= 0 and at < leads[i][1] else 2

    by_raw: dict[str, list[int]] = {}
    for j, (start, end, _) in enumerate(numbers):
        by_raw.setdefault(re.sub(r"\s", "", text[start:end]), []).append(j)
    out = {}
    for i, number in enumerate(numbers):
        mine = level(number[0])
        if mine == 2:
            continue
        h = bisect.bisect_right(heads, number[0])
        section_end = heads[h] if mine == 1 and h < len(heads) else len(text)
        same = by_raw[re.sub(r"\s", "", text[number[0]:number[1]])]
        for j in same[bisect.bisect_right(same, i):]:
            if numbers[j][0] >= section_end:
                break
            if level(numbers[j][0]) > mine and restates(text, number, numbers[j]):
                out[i] = j
                break
    return out


def heading_starts(text: str) -> list[int]:
    """Return the offsets of the heading lines of `text` (non-blank lines with no 。 of at most
    `_HEADING` characters), in order."""
    out, offset = [], 0
    for line in text.split("\n"):
        body = line.strip()
        if body and "。" not in body and len(body) <= _HEADING:
            out.append(offset)
        offset += len(line) + 1
    return out


class Occurrences:
    """Where each quote occurs in a text (overlapping matches, as `sources.locate` counts them),
    found once per distinct quote."""

    def __init__(self, text: str):
        self.text = text
        self._starts: dict[str, list[int]] = {}

    def of(self, quote: str, start: int) -> int | None:
        """Return the 1-based occurrence of `quote` at offset `start`, or None when it is unique."""
        starts = self._starts.get(quote)
        if starts is None:
            starts, at = [], self.text.find(quote)
            while at >= 0:
                starts.append(at)
                at = self.text.find(quote, at + 1)
            self._starts[quote] = starts
        i = bisect.bisect_left(starts, start)
        if i == len(starts) or starts[i] != start:
            raise ValueError(f"quote {quote!r} is not at offset {start}")
        return None if len(starts) == 1 else i + 1


def in_spans(spans: list[tuple[int, int, str]]) -> SpanIndex:
    """Return a test `(start, end) -> bool`: does [start, end) lie inside one of `spans`?
    (a `sources.SpanIndex`: a bisection over the spans sorted by start, with the furthest end
    reached so far)."""
    return SpanIndex(spans)
