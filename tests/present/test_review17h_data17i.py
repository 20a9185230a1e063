"""Review 17h (data17i): 'a year' on an amount per person or household comes only from the
source's own words, and the definitions box names a state-owned enterprise's own investment."""

from povlib.present import pages, views


def _fact(quote, raw, indicator="household_income_increase", measure="actual", per=""):
    return {"unit": "yuan", "indicator": indicator, "measure": measure, "per": per, "quote": quote, "raw": raw}


def test_no_year_when_the_source_does_not_time_the_amount():
    # the indicator's definition may speak of years: only the quote's words count
    assert views.per_unit(_fact("带动7568户增收,户均增收3300元以上", "3300元")) == "household"
    assert views.per_unit(_fact("人均增收4200余元", "4200余元", indicator="income_increase_per_capita")) == "person"


def test_a_year_when_the_quote_says_so():
    assert views.per_unit(_fact("實現戶均年增收5000多元", "5000多元")) == "household_year"
    assert views.per_unit(_fact("农村低保补助标准已提高到每人每年4713元", "4713元",
                                indicator="dibao_standard", measure="threshold")) == "person_year"


def test_the_year_word_must_be_in_the_amount_s_own_clause():
    quote = "每年新增产业基地1万亩,户均增收3000元"
    assert views.per_unit(_fact(quote, "3000元")) == "household"


def test_never_a_year_for_a_cumulative_amount():
    assert views.per_unit(_fact("2018年以来每年带动,人均年增收3000元", "3000元", measure="cumulative",
                                indicator="income_increase_per_capita")) == "person"


def test_definitions_box_names_state_enterprise_own_investment():
    text = " ".join(body for title, body in pages.DEFINITIONS if title == "Sources of funds").lower()
    assert "state-owned enterprise" in text and "not a donation" in text
