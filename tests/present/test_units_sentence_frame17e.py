"""english_units keeps one unit per sentence and never turns two readings into 'X … or X'."""

import pytest

from povlib.present import amounts


@pytest.mark.parametrize(("text", "expected"), [
    # a bare 亿 after a 亿元 amount is the same money: million yuan, not a raw count of yuan
    ("whether 190亿元 is the total (with 30亿 for industry; 240亿 in all)",
     "whether 19,000 million yuan is the total (with 3,000 million yuan for industry; 24,000 million yuan in all)"),
    ("the 4.01亿元 raised; either 4.01亿 covers 2019 or 4.2亿 is a budget",
     "the 401 million yuan raised; either 401 million yuan covers 2019 or 420 million yuan is a budget"),
    # a different scale, or a count word after it, is not money
    ("investment (12.68亿元) and the poor people they assisted (9.64万)",
     "investment (1,268 million yuan) and the poor people they assisted (96,400)"),
    ("1亿元 in all: 50万元 for a hall and 3万 people", "100 million yuan in all: 0.5 million yuan for a hall and 30,000 people"),
    # a sentence with no million-yuan total keeps its yuan (a household's income)
    ("income of at least 5万元 a household, 3万元 in all", "income of at least 50,000 yuan a household, 30,000 yuan in all"),
    # without any money of that scale a bare 亿 stays a plain number
    ("the 4.01 亿 raised", "the 401,000,000 raised"),
])
def test_bare_scaled_amount_takes_the_unit_of_its_neighbour(text, expected):
    assert amounts.english_units(text) == expected


def test_a_total_in_yuan_beside_million_yuan_is_in_million_yuan_but_a_rate_stays_in_yuan():
    text = amounts.english_units("46亿元 in all, 500000元 for a school and 6500元 a month each")
    assert text == "4,600 million yuan in all, 0.5 million yuan for a school and 6,500 yuan a month each"


@pytest.mark.parametrize(("text", "expected"), [
    ("26749万 (267.49 million) is impossible", "267,490,000 is impossible"),
    ("the plausible reading is 26749 people (about 3.5 per household) or 2.6749万.",
     "the plausible reading is 26,749 people (about 3.5 per household)."),
])
def test_a_restated_amount_is_said_once(text, expected):
    assert amounts.english_units(text) == expected


def test_two_different_readings_stay_two():
    text = amounts.english_units("read literally 26749万 people, or 26749 people.")
    assert "267,490,000 people" in text and "or 26,749 people" in text


def test_quoted_chinese_is_left_as_written():
    text = amounts.english_units("as written “30亿”, after 190亿元")
    assert "“30亿”" in text and "19,000 million yuan" in text


def test_at_least_for_yishang():
    assert amounts.english_units("3300元以上 per household") == "at least 3,300 yuan per household"
