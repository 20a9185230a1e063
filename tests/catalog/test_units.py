"""The raw number/unit grammar: exact values, qualifiers, precision."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from povlib.exceptions import UnitError
from povlib.catalog.units import MULTIPLIERS, UNITS, format_decimal, parse_raw

#: the property tests draw the same examples on every run (no random seed can make them fail)
deterministic = settings(derandomize=True, database=None)

digits = st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False, allow_infinity=False)


@deterministic
@given(number=digits, mult=st.sampled_from(sorted(MULTIPLIERS)), unit=st.sampled_from(sorted(UNITS)),
       space=st.sampled_from(["", " "]))
def test_value_is_number_times_multiplier_times_factor(number, mult, unit, space):
    text = format_decimal(number)
    q = parse_raw(f"{text}{space}{mult}{unit}")
    if mult + unit in UNITS:
        # a unit word that begins with a multiplier character is one unit: 7千米 is 7 km, not 7000 m
        assert (q.value, q.unit) == (number * UNITS[mult + unit][1], UNITS[mult + unit][0])
    else:
        assert q.value == number * MULTIPLIERS[mult] * UNITS[unit][1]
        assert q.unit == UNITS[unit][0]


@pytest.mark.parametrize("raw, value, unit", [("7千米", "7", "km"), ("7千千米", "7000", "km"), ("3千克", "3", "kg"),
                                              ("5千瓦", "5", "kW"), ("2百米", "200", "m")])
def test_unit_words_that_start_like_a_multiplier_are_one_unit(raw, value, unit):
    q = parse_raw(raw)
    assert (format_decimal(q.value), q.unit) == (value, unit)


@deterministic
@given(number=st.integers(min_value=1000, max_value=10**9))
def test_thousands_separators_are_ignored(number):
    assert parse_raw(f"{number:,}人").value == number


@deterministic
@given(number=digits, unit=st.sampled_from(["人", "户", "元", "%"]))
def test_more_than_suffix_sets_qualifier_but_not_value(number, unit):
    text = format_decimal(number)
    assert parse_raw(f"{text}余{unit}").value == parse_raw(f"{text}{unit}").value
    assert parse_raw(f"{text}余{unit}").qualifier == "more_than"


@pytest.mark.parametrize("raw, value, unit", [
    ("184.37萬人", "1843700", "persons"), ("184.37万人", "1843700", "persons"),
    ("5.8億元", "580000000", "yuan"), ("5.8亿元", "580000000", "yuan"),
    ("12.49%", "12.49", "percent"), ("2.24個百分點", "2.24", "pp"), ("5772 戶", "5772", "households"),
    ("36.576 萬千瓦", "365760", "kW"), ("20千瓦", "20", "kW"), ("1.2万平方米", "12000", "m2"),
    ("2241.5萬元", "22415000", "yuan"), ("10 億斤", "1000000000", "jin"), ("3个多月", "3", "months"),
])
def test_documented_examples(raw, value, unit):
    q = parse_raw(raw)
    assert (format_decimal(q.value), q.unit) == (value, unit)


@pytest.mark.parametrize("raw, qualifier", [("近3万人", "nearly"), ("约5亿元", "approx"),
                                            ("超过1000户", "more_than"), ("1万多人", "more_than")])
def test_qualifiers(raw, qualifier):
    assert parse_raw(raw).qualifier == qualifier


def test_precision_follows_the_last_written_digit():
    assert parse_raw("25.71%").half_ulp == Decimal("0.005")
    assert parse_raw("3.84万户").half_ulp == Decimal("50")
    assert parse_raw("127个").half_ulp == Decimal("0.5")


def test_bare_number_has_no_unit():
    assert parse_raw("1.89").unit is None


@pytest.mark.parametrize("raw", ["", "万人", "12 apples", "3.5斤斤", "约超过5人"])
def test_bad_raw_raises_unit_error_naming_the_fix(raw):
    with pytest.raises(UnitError):
        parse_raw(raw)


@pytest.mark.parametrize("raw, value, qualifier", [("50%以上", "50", "more_than"), ("3%以下", "3", "at_most")])
def test_trailing_at_least_and_at_most(raw, value, qualifier):
    q = parse_raw(raw)
    assert (format_decimal(q.value), q.qualifier, q.unit) == (value, qualifier, "percent")


@pytest.mark.parametrize("raw, value, unit, qualifier", [
    ("3-5万元", "30000", "yuan", ""), ("约3-5万元", "30000", "yuan", "approx"), ("3—5亿元", "300000000", "yuan", ""),
    ("1.5—5平方米", "1.5", "m2", ""), ("2至3万人", "20000", "persons", ""), ("20～30万亩", "200000", "mu", ""),
])
def test_the_first_end_of_a_range_takes_the_multiplier_and_unit_after_the_second(raw, value, unit, qualifier):
    q = parse_raw(raw)
    assert (format_decimal(q.value), q.unit, q.qualifier) == (value, unit, qualifier)


@deterministic
@given(first=digits, second=digits, mult=st.sampled_from(sorted(MULTIPLIERS)), unit=st.sampled_from(["元", "人", "亩"]),
       dash=st.sampled_from(["-", "—", "～", "至"]))
def test_a_range_first_end_reads_as_the_first_number_with_the_shared_multiplier(first, second, mult, unit, dash):
    a, b = format_decimal(first), format_decimal(second)
    assert parse_raw(f"{a}{dash}{b}{mult}{unit}") == parse_raw(f"{a}{mult}{unit}")


def test_a_range_with_nothing_after_the_second_end_is_refused():
    with pytest.raises(UnitError, match="write the first end alone"):
        parse_raw("3-5")


@pytest.mark.parametrize("raw, ascii", [("１２．６％", "12.6%"), ("１２３４５元", "12345元"), ("５萬畝", "5萬畝")])
def test_full_width_digits_and_point_read_as_ascii(raw, ascii):
    assert parse_raw(raw) == parse_raw(ascii)
    assert format_decimal(parse_raw("１２．６％").value) == "12.6"


@pytest.mark.parametrize("raw", ["13485\t", "5000万元\r", " 5人", "5人 "])
def test_raw_with_white_space_at_either_end_is_refused(raw):
    with pytest.raises(UnitError, match="white space"):
        parse_raw(raw)


def test_negated_bounds_spoken_yuan_and_tenths():
    assert (parse_raw("不超过25平方米").value, parse_raw("不超过25平方米").qualifier) == (Decimal(25), "at_most")
    assert parse_raw("不低于55%").qualifier == "more_than"
    assert (parse_raw("3000块钱").value, parse_raw("3000块钱").unit) == (Decimal(3000), "yuan")
    assert parse_raw("3块").unit == "count"
    assert (parse_raw("近3成").value, parse_raw("近3成").unit, parse_raw("近3成").qualifier) == (Decimal(30), "percent", "nearly")


def test_a_forbidden_excess_is_at_most():
    assert parse_raw("不得超过3个月").qualifier == "at_most" and parse_raw("不得低于60%").qualifier == "more_than"


def test_spoken_bounds_and_old_units():
    q = lambda raw: (parse_raw(raw).value, parse_raw(raw).unit, parse_raw(raw).qualifier)
    assert q("不到3公里") == (Decimal("3"), "km", "at_most")
    assert q("不足10%") == (Decimal("10"), "percent", "at_most")
    assert q("40岁上下") == (Decimal("40"), "years", "approx")
    assert q("80厘米") == (Decimal("0.8"), "m", "")
    assert q("10里") == (Decimal("5"), "km", "")   # the li is half a kilometre
    assert q("2趟") == (Decimal("2"), "count", "")


def test_a_number_longer_than_the_default_decimal_context_stays_exact():
    """A 42-digit page id in a web page is parsed exactly, not rounded to 28 digits nor an error."""
    digits = "123456789012345678901234567890123456789012"
    assert format_decimal(parse_raw(digits).value) == digits
    assert format_decimal(parse_raw("1234567890123456789012345678901.5万元").value) == "12345678901234567890123456789015000"


def test_at_least_is_a_qualifier_of_its_own_and_an_open_interval_from_the_number():
    from povlib.catalog.checks import interval
    from povlib.catalog.units import parse_raw
    q = parse_raw("至少有1人")
    assert (q.value, q.unit, q.qualifier) == (1, "persons", "at_least")
    low, high = interval({"value": 1.0, "precision": 0.5, "qualifier": "at_least"})
    assert low <= 1 and high == float("inf")
