"""Coverage: numbers, calendar dates, spans."""

import pytest

import povlib
from povlib.coverage import is_calendar, tokens


@pytest.mark.parametrize("text, number, calendar", [
    ("2017年以来", "2017", True), ("2017 年以来", "2017", True), ("(2018-2020年)", "2018", True),
    ("(2018-2020年)", "2020", True), ("12月11日召开", "12", True), ("12月11日召开", "11", True),
    ("發布日期:2019-06-17", "06", True), ("减贫2017人", "2017", False), ("9个月奋战", "9", False),
    ("3年攻坚", "3", False), ("13月", "13", False),
])
def test_calendar_rule(text, number, calendar):
    tok = next(t for t in tokens(text) if t.text == number)
    assert is_calendar(text, tok) is calendar


def test_tokens_keep_decimals_and_separators():
    assert [t.text for t in tokens("184.37萬人,1,234元")] == ["184.37", "1,234"]


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
