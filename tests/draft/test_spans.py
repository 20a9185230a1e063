"""Spans and anniversaries go to the exclusion ledger, not to the facts: N年间, N年来 (a
duration the numbers after it are counted over), years written right before another quantity,
N周年, 第 N 个.

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

import pytest

from povlib.draft.candidates import candidates


def _split(text: str) -> tuple[dict[str, str], list[str]]:
    """Return ({raw: exclusion kind}, [raws of fact candidates])."""
    found = candidates(text, lambda a, b: False)
    return ({c.raw: c.exclusion["kind"] for c in found if c.exclusion}, [c.raw for c in found if not c.exclusion])


@pytest.mark.parametrize("text, span, fact", [
    ("4年间,青岭县减少贫困人口2.3万人。", "4年", "2.3万人"),
    ("6年来,柳川镇新建村道120公里。", "6年", "120公里"),
    ("3年多來,柳川鎮新建村道120公里。", "3年", "120公里"),
    ("青岭县6年近20万人搬出大山", "6年", "20万人"),
    ("柳川镇4年累计3.5万人脱贫。", "4年", "3.5万人"),
])
def test_a_span_of_years_is_a_date_proposal_and_the_number_after_it_a_fact(text, span, fact):
    excluded, facts = _split(text)
    assert excluded == {span: "date"}
    assert facts == [fact] or facts == ["近" + fact]


@pytest.mark.parametrize("text, raw", [
    ("全县举办建县60周年庆祝活动,参加群众8000人。", "60周年"),
    ("柳川鎮慶祝建鎮30週年,接待遊客1.2萬人次。", "30週年"),
    ("这是全县第 3 个脱贫摘帽的乡镇,全乡脱贫500人。", "3"),
])
def test_an_anniversary_or_an_ordinal_is_proposed_as_an_ordinal(text, raw):
    excluded, facts = _split(text)
    assert excluded == {raw: "ordinal"}
    assert len(facts) == 1


def test_a_duration_that_is_a_quantity_stays_a_fact():
    excluded, facts = _split("该项目建设工期3年,总投资5亿元。")
    assert excluded == {} and facts == ["3年", "5亿元"]
