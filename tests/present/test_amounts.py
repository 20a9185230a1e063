"""English units for readers: one unit per kind, exact conversions, Chinese kept inside quotes."""

from decimal import Decimal

import pytest

from povlib.present import amounts


@pytest.mark.parametrize(("value", "per", "qualifier", "expected"), [
    (4.6e9, None, None, "4,600 million yuan"),
    (222115400, None, None, "222.1154 million yuan"),   # 22,211.54万元: only the point moves
    (567400, None, None, "0.5674 million yuan"),
    (4713, "person_year", None, "4,713 yuan per person per year"),
    (560000, None, "more_than", "more than 0.56 million yuan"),
])
def test_money_reads_in_million_yuan_or_in_yuan_per_unit(value, per, qualifier, expected):
    assert amounts.money_en(value, per, qualifier) == expected


def test_counts_take_their_plural_and_missing_values_a_dash():
    assert amounts.quantity_en(1, "persons") == "1 person"
    assert amounts.quantity_en(1843700, "persons", "nearly") == "nearly 1,843,700 people"
    assert amounts.quantity_en(2.05, "pp_per_year") == "2.05 pp a year"
    assert amounts.quantity_en(float("nan"), "persons") == "—"


def test_million_is_exact():
    assert amounts.million(31070000) == Decimal("31.07")


@pytest.mark.parametrize(("text", "expected"), [
    ("184.37萬 poor people at 25.71%", "1,843,700 poor people at 25.71%"),
    ("with 30亿元 for industry", "with 3,000 million yuan for industry"),
    ("Dazhai raised 56萬余", "Dazhai raised more than 560,000"),
    ("the 4.01 亿 raised", "the 401,000,000 raised"),
    ("as written “184.37萬人”, i.e. 184.37万人", "as written “184.37萬人”, i.e. 1,843,700 people"),
    ("no Chinese unit here: 2014", "no Chinese unit here: 2014"),
])
def test_english_units_rewrites_prose_but_not_quotes(text, expected):
    assert amounts.english_units(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # every operand of a sum or difference takes the scale its last operand is written with
    ("the sum of 559.19 + 303.75億元", "the sum of 55,919 million yuan + 30,375 million yuan"),
    ("184.37 - 58.83 = 125.54萬", "1,843,700 - 588,300 = 1,255,400"),
    # a plain number with a Chinese unit word reads in English
    ("6500元 a month", "6,500 yuan a month"),
    ("6万吨 as written", "60,000 tonnes as written"),
    ("7000余户", "more than 7,000 households"),
    # long bare numbers get separators; ids and years do not
    ("25506 person-times", "25,506 person-times"),
    ("zhaotong-2019-a01 in 2019", "zhaotong-2019-a01 in 2019"),
])
def test_english_units_converts_operands_units_and_separators(text, expected):
    assert amounts.english_units(text) == expected


@pytest.mark.parametrize("value, digits, expected, rounded", [
    ("78.6889", 3, "78.7", True),      # a converted 7868.89万元 in million yuan
    ("222.1154", 3, "222", True),      # whole-number digits are never dropped
    ("0.5674", 3, "0.567", True),      # below one: significant figures after the zeros
    ("0.0567", 3, "0.0567", False),
    ("3.305", 2, "3.3", True),         # a derived pace in pp a year
    ("1705.4", 3, "1705.4", False),    # one decimal place is shown exactly
    ("1843700", 3, "1843700", False),  # a count is never rounded
])
def test_shown_rounds_only_long_decimals_to_significant_figures(value, digits, expected, rounded):
    out, changed = amounts.shown(value, digits)
    assert (str(out), changed) == (expected, rounded)


def test_shown_en_says_about_when_rounded_and_keeps_qualified_values_exact():
    assert amounts.shown_en(78688900, "yuan") == "about 78.7 million yuan"
    assert amounts.shown_en(460000000, "yuan") == "460 million yuan"
    assert amounts.shown_en(78688900, "yuan", "more_than") == "more than 78.6889 million yuan"
    assert amounts.shown_en("25.71", "percent", max_decimals=2) == "25.71%"


def test_a_four_digit_count_before_its_noun_takes_a_separator_but_a_year_does_not():
    assert amounts.english_units("the poor of 7568 households; about 1009 villages") == \
        "the poor of 7,568 households; about 1,009 villages"
    assert amounts.english_units("in 2019 people moved") == "in 2019 people moved"
