"""Linear drafting and checking: the indexed lookups (`sources.SpanIndex`, the memo of
`sources.locate`, `coverage.coverage`) give the answers of the plain scans they replace, on
generated inputs (a fixed seed), and a long draft shows its progress."""

import io
import random

import pytest

from povlib.catalog.coverage import Coverage, coverage, is_calendar, tokens
from povlib.draft.pipeline import Progress
from povlib.catalog.sources import SpanIndex, locate

RNG_SEED = 20261207


def _spans(rng: random.Random, n: int, length: int) -> list[tuple[int, int, str]]:
    out = []
    for _ in range(n):
        start = rng.randrange(length)
        out.append((start, min(length, start + rng.randrange(0, 30)), "x"))
    return out


@pytest.mark.parametrize("n", [0, 1, 2, 7, 40, 300])
def test_span_index_answers_as_the_plain_scan(n):
    rng = random.Random(RNG_SEED + n)
    spans = _spans(rng, n, 400)
    inside = SpanIndex(spans)
    for _ in range(3000):
        start = rng.randrange(-5, 420)
        end = start + rng.randrange(0, 25)
        assert inside(start, end) == any(s <= start and end <= e for s, e, _ in spans), (start, end)


def _naive_locate(text: str, quote: str, occurrence):
    starts = [i for i in range(len(text)) if text.startswith(quote, i)]
    if not starts:
        return "absent"
    if occurrence is None:
        return "ambiguous" if len(starts) > 1 else starts[0]
    return starts[occurrence - 1] if 1 <= occurrence <= len(starts) else "out of range"


def test_locate_with_its_memo_answers_as_a_fresh_scan():
    rng = random.Random(RNG_SEED)
    alphabet = "甲乙丙12,。"
    texts = ["".join(rng.choice(alphabet) for _ in range(300)) for _ in range(3)]
    for _ in range(2000):
        text = rng.choice(texts)          # the memo follows the text it is given
        at = rng.randrange(len(text))
        quote = text[at:at + rng.randrange(1, 5)] if rng.random() < 0.9 else "丁"
        occurrence = rng.choice([None, 1, 2, 3, 50])
        expected = _naive_locate(text, quote, occurrence)
        if isinstance(expected, int):
            assert locate(text, quote, occurrence) == expected, (quote, occurrence)
        else:                              # absent, ambiguous or an occurrence out of range
            with pytest.raises(LookupError):
                locate(text, quote, occurrence)


class _Source:
    def __init__(self, text, boilerplate):
        self.source_id, self.text, self.boilerplate = "t", text, boilerplate


def _naive_coverage(src, spans) -> Coverage:
    counted, uncovered = 0, []
    for tok in tokens(src.text):
        if any(b <= tok.start and tok.end <= e for b, e, _ in src.boilerplate) or is_calendar(src.text, tok):
            continue
        counted += 1
        if not any(s <= tok.start and tok.end <= e for s, e in spans):
            uncovered.append(tok)
    return Coverage(src.source_id, counted, counted - len(uncovered), uncovered)


@pytest.mark.parametrize("seed", range(5))
def test_coverage_counts_as_the_plain_scan(seed):
    rng = random.Random(RNG_SEED * 7 + seed)
    words = ["2018年", "增加", "35.6%", "1,205人", "，", "3月", "12日", "第3", "全县", "7", "\n", "2019-06-17"]
    text = "".join(rng.choice(words) for _ in range(400))
    numbers = tokens(text)
    spans = [(t.start - rng.randrange(0, 3), t.end + rng.randrange(0, 3)) for t in numbers if rng.random() < 0.6]
    boilerplate = [(s, min(len(text), s + rng.randrange(5, 40)), "nav") for s in
                   (rng.randrange(len(text)) for _ in range(rng.randrange(0, 6)))]
    src = _Source(text, boilerplate)
    got, want = coverage(src, spans), _naive_coverage(src, spans)
    assert (got.counted, got.covered, got.uncovered) == (want.counted, want.covered, want.uncovered)
    assert want.counted > 0 and 0 < len(want.uncovered) < want.counted


def test_progress_is_silent_for_a_short_draft_and_a_line_every_ten_seconds_in_a_log():
    now = [0.0]
    log = io.StringIO()
    progress = Progress(log, delay=2.0, clock=lambda: now[0])
    for done, t in enumerate([0.0, 1.0, 1.9]):
        now[0] = t
        progress.tick(done, 100)
    assert log.getvalue() == ""                        # a draft done within 2 s says nothing
    for done, t in [(3, 2.5), (4, 5.0), (50, 12.6), (60, 13.0)]:
        now[0] = t
        progress.tick(done, 100)
    progress.close()
    assert log.getvalue().splitlines() == ["povlib draft: 3 of 100 numbers (3%), 2 s",
                                           "povlib draft: 50 of 100 numbers (50%), 13 s"]


def test_progress_on_a_terminal_rewrites_one_line_and_clears_it():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    now, out = [0.0], Terminal()
    progress = Progress(out, delay=2.0, clock=lambda: now[0])
    for done, t in [(1, 2.0), (2, 2.5), (3, 3.1)]:
        now[0] = t
        progress.tick(done, 1000)
    progress.close()
    assert out.getvalue() == ("\rpovlib draft: 1 of 1,000 numbers (0%), 2 s\x1b[K"
                              "\rpovlib draft: 3 of 1,000 numbers (0%), 3 s\x1b[K\r\x1b[K")
