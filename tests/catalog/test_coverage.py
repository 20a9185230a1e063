"""Coverage: numbers, calendar dates, spans."""

import pytest

import povlib
from povlib.catalog.coverage import coverage, is_calendar, tokens


@pytest.mark.parametrize("text, number, calendar", [
    ("2017年以来", "2017", True), ("2017 年以来", "2017", True), ("(2018-2020年)", "2018", True),
    ("(2018-2020年)", "2020", True), ("12月11日召开", "12", True), ("12月11日召开", "11", True),
    ("發布日期:2019-06-17", "06", True), ("减贫2017人", "2017", False), ("9个月奋战", "9", False),
    ("3年攻坚", "3", False), ("13月", "13", False),
    # only a real month (1-12) and day (1-31) after YYYY- make an ISO date
    ("户均增收2000-3000元。", "3000", False), ("户均增收2000-3000元。", "2000", False),
    ("人均1990-2500元", "2500", False), ("奖补2000-12000元", "12000", False),
    ("發布日期:2019-06-17 11:34", "2019", True), ("發布日期:2019-06-17 11:34", "17", True),
    ("更新于2019-13-01", "13", False), ("截至(2019-06)", "06", True),
])
def test_calendar_rule(text, number, calendar):
    tok = next(t for t in tokens(text) if t.text == number)
    assert is_calendar(text, tok) is calendar


def test_tokens_keep_decimals_and_separators():
    assert [t.text for t in tokens("184.37萬人,1,234元")] == ["184.37", "1,234"]


def test_a_full_width_decimal_point_does_not_split_a_number():
    assert [t.text for t in tokens("增长１２．６％")] == ["１２．６"]


class _Text:
    """A source stand-in: coverage needs only the id, the text and the boilerplate spans."""

    def __init__(self, text):
        self.source_id, self.text, self.boilerplate = "t", text, []

    def in_boilerplate(self, start, end):
        return False


def test_the_second_end_of_a_range_after_a_year_like_number_counts_towards_coverage():
    text = "户均增收2000-3000元。"
    only_first = coverage(_Text(text), [(4, 8)])          # a fact on 2000 alone
    assert (only_first.counted, [t.text for t in only_first.uncovered]) == (2, ["3000"])
    both = coverage(_Text(text), [(4, 8), (9, 14)])       # and one on 3000元
    assert both.percent == 100


def test_removing_a_fact_leaves_its_number_uncovered(mini):
    data = mini.read()
    data["facts"] = [f for f in data["facts"] if f["fact_id"] != "mini-2019-003"]
    mini.write(data)
    cov = povlib.load_coverage(mini.layout).iloc[0]
    assert (cov["uncovered"], cov["covered"] + cov["uncovered"]) == (1, cov["counted"])
    assert cov["percent"] < 100


def test_exclusion_covers_its_number(mini):
    data = mini.read()
    data["excluded"] = []
    mini.write(data)
    assert povlib.load_coverage(mini.layout).iloc[0]["uncovered"] == 1
