"""Script-independent search."""

import pytest

from povlib.exceptions import PovlibError
from povlib.catalog.search import search


def test_simplified_query_finds_traditional_text(mini):
    hits = search("贫困发生率", mini.layout)
    assert "貧困發生率從2014年的25.71%下降至2018年的12.49%" in set(hits["text"])
    assert {"fact", "passage"} <= set(hits["kind"])


def test_traditional_query_finds_simplified_text(mini):
    hits = search("易地扶貧搬遷", mini.layout)
    assert any("易地扶贫搬迁安置点10个" in t for t in hits["text"])


def test_boilerplate_is_not_a_passage(mini):
    assert search("联系电话", mini.layout).empty


def test_no_match_and_empty_query(mini):
    assert search("火星", mini.layout).empty
    with pytest.raises(PovlibError, match="empty"):
        search("  ", mini.layout)
