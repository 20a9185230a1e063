"""Labels bounded by list items and clauses: the words that may name what a number counts never
reach across the items of a 、-list or into the next clause.

Every text below is SYNTHETIC (made up for these tests).
"""

from __future__ import annotations

import pytest

from povlib.catalog import loader as catalog
from povlib.draft.candidates import item_left, item_right
from povlib.draft.pipeline import learner_from
from povlib.draft.suggest import Context, suggest


@pytest.mark.parametrize("left, bounded", [
    ("全县120个贫困村出列、", ""),                            # the number opens its item: no label before it
    ("青岭县有35个贫困县、", ""),
    ("全年减贫1.2万人,贫困村", "贫困村"),                      # the clause before is not this number's
    ("全县贫困村120个、贫困县", "贫困县"),                      # the item's own label
    ("农村贫困人口分别为300万人、", "农村贫困人口分别为"),       # bare items share the list's lead-in
    ("农村贫困人口分别为300万人、1112万人和", "农村贫困人口分别为"),
    ("全县", "全县"),
])
def test_item_left_keeps_the_number_s_own_item(left, bounded):
    assert item_left(left) == bounded


@pytest.mark.parametrize("right, bounded", [
    ("个贫困村出列、5个贫困县摘帽", "个贫困村出列"),
    ("人,贫困村退出28个", "人"),
    ("个贫困县摘帽", "个贫困县摘帽"),
])
def test_item_right_stops_at_the_next_item_or_clause(right, bounded):
    assert item_right(right) == bounded


@pytest.fixture(scope="module")
def learner():
    return learner_from(catalog.load())[0]


def _indicator(learner, text: str, raw: str, nth: int = 0) -> str:
    at = -1
    for _ in range(nth + 1):
        at = text.index(raw, at + 1)
    fields, _ = suggest(Context(text, 2020, [], ""), learner, raw, at)
    return fields["indicator"]


def test_the_second_item_of_a_list_is_counted_by_its_own_label(learner):
    text = "截至2019年底,柳川县还有51个贫困县、3723个贫困村。"
    assert _indicator(learner, text, "51个") == "poor_counties"
    assert _indicator(learner, text, "3723个") == "poor_villages"


def test_a_label_never_reaches_into_the_next_clause(learner):
    text = "全县还有贫困人口2.1万人,涉及贫困县3个,贫困村46个。"
    assert _indicator(learner, text, "3个") == "poor_counties"
    assert _indicator(learner, text, "46个") == "poor_villages"
    text = "全县新建产业路12条,贫困村46个全部通硬化路。"
    assert _indicator(learner, text, "12条") != "poor_villages"   # 贫困村 is the next clause's
