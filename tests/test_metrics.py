"""Derived tables, checked against numbers the documents themselves state."""

import pytest

import povlib
from povlib import metrics


def test_poverty_rate_decline_matches_the_stated_decline(mini):
    facts = povlib.load_facts(mini.layout).set_index("fact_id")
    row = metrics.poverty_rate_declines(layout=mini.layout).iloc[0]
    # the fixture text states the decline itself: "下降13.22個百分點"
    assert row["decline_pp"] == pytest.approx(facts.loc["mini-2019-006", "value"])
    assert (row["start_year"], row["end_year"], row["years"]) == (2014, 2018, 4)
    assert row["pp_per_year"] == pytest.approx(13.22 / 4, abs=0.0005)
    assert row["relative_decline_pct"] == pytest.approx(round(13.22 / 25.71 * 100, 1))


def test_headcount_reduction_is_start_minus_end(mini):
    df = metrics.headcount_reductions(layout=mini.layout)
    computed = df[df["basis"] == "computed"].iloc[0]
    assert computed["persons"] == 500000 - 200000
    stated = df[df["basis"] == "stated"].iloc[0]
    assert stated["measure"] == "cumulative" and stated["persons"] == 194600


def test_relocation_ratios_agree_with_stated_share(mini):
    row = metrics.relocation_scale(layout=mini.layout).iloc[0]
    assert row["persons_per_site"] == 1200
    assert row["cross_area_share_computed"] == row["cross_area_share_stated"] == 25


def test_relocation_never_mixes_measures(mini):
    mini.edit_fact("mini-2019-007", measure="plan")
    df = metrics.relocation_scale(layout=mini.layout)
    assert set(df["measure"]) == {"actual", "plan"}
    assert df["persons_per_site"].isna().all()


def test_funding_in_yi_yuan_is_not_summed(mini):
    df = metrics.funding(layout=mini.layout)
    assert list(df["yi_yuan"]) == [5.8] and df.iloc[0]["fund_source"] == "east_west_partner"
    assert df.iloc[0]["value_exact_yi"] == "5.8"


def test_missing_year_gives_decline_without_rate_per_year(mini):
    mini.edit_fact("mini-2019-004", period_start="", period_end="", period_text="", year_basis=None)
    row = metrics.poverty_rate_declines(layout=mini.layout).iloc[0]
    assert row["start_fact"] == "mini-2019-004" and row["decline_pp"] == pytest.approx(13.22)
    assert row["pp_per_year"] != row["pp_per_year"]  # NaN
    assert "year is not stated" in row["caveat"]
