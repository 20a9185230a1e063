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
from collections import Counter

from .sources import SpanIndex
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
