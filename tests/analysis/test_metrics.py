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
    # people per site needs the people and the sites in one clause of the text
    for fid in ("mini-2019-007", "mini-2019-008"):
        mini.edit_fact(fid, quote="易地扶贫搬迁安置点10个,搬迁1.2万人")
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


# --- comparability rules (small fixture data) ---------------------------------------------------

def test_a_metrics_row_inherits_the_anomaly_ids_of_its_facts(mini):
    row = metrics.relocation_scale(layout=mini.layout).iloc[0]
    assert "mini-2019-007" in row["facts"].split(";")
    assert row["anomalies"] == "mini-2019-a01" and not row["flagged"]
    for table in ("poverty_rate_declines", "headcount_reductions", "relocation_scale", "funding"):
        df = getattr(metrics, table)(layout=mini.layout)
        assert {"scope", "scope_note", "year_basis", "anomalies", "flagged"} <= set(df.columns), table


def test_stated_and_computed_reduction_of_one_period_are_one_row_with_one_divisor(mini):
    # the exits of 2015..2018 (4 years) are the change between the end-2014 and end-2018 stocks
    mini.edit_fact("mini-2019-002", period_start="2015", period_end="2018", measure="actual")
    df = metrics.headcount_reductions(layout=mini.layout)
    assert len(df) == 1, df
    row = df.iloc[0]
    assert row["basis"] == "stated+computed" and row["years"] == 4
    assert row["persons_computed"] == 300000 and row["persons_stated"] == 194600 and bool(row["agree"]) is False
    assert row["persons_per_year"] == 194600 / 4
    assert sorted(row["facts"].split(";")) == ["mini-2019-002", "mini-2019-011", "mini-2019-012"]


def test_no_fact_is_used_in_two_headcount_rows(mini):
    ids = [f for cell in metrics.headcount_reductions(layout=mini.layout)["facts"] for f in cell.split(";")]
    assert len(ids) == len(set(ids))


def test_stocks_of_different_scopes_are_never_paired(mini):
    mini.edit_fact("mini-2019-012", scope="subset", scope_note="one county")
    assert metrics.headcount_reductions(layout=mini.layout).query("basis != 'stated'").empty
    mini.edit_fact("mini-2019-005", scope="registered_poor")
    assert metrics.poverty_rate_declines(layout=mini.layout).empty


def test_a_row_on_a_contradiction_is_flagged_and_left_out_of_rankings(mini):
    data = mini.read()
    data["anomalies"].append({"anomaly_id": "mini-2019-a02", "quote": "下降13.22個百分點", "kind": "contradiction",
                              "explanation": "test", "facts": ["mini-2019-005"]})
    mini.write(data)
    declines = metrics.poverty_rate_declines(layout=mini.layout)
    assert bool(declines.iloc[0]["flagged"]) and "mini-2019-a02" in declines.iloc[0]["anomalies"]
    assert metrics.ranking(declines, "pp_per_year").empty
    assert len(metrics.ranking(declines, "pp_per_year", include_flagged=True)) == 1


def test_weakest_year_basis_wins():
    assert metrics.weakest_basis(["stated", "document_date", "context"]) == "document_date"
    assert metrics.weakest_basis(["stated", "context"]) == "context"
    assert metrics.weakest_basis([]) == ""


def test_funding_parts_follow_their_total_and_per_year_amounts_say_so(mini):
    data = mini.read()
    data["facts"][-1].update(per="year")
    mini.write(data)
    row = metrics.funding(layout=mini.layout).iloc[0]
    assert row["per"] == "year" and row["amount_label"] == "5.8 亿元 per year" and row["level"] == 0


def test_a_computed_reduction_carries_its_stocks_caveats(mini):
    mini.edit_fact("mini-2019-011", note="the register was revised before this count")
    row = metrics.headcount_reductions(layout=mini.layout).query("basis == 'computed'").iloc[0]
    assert "mini-2019-011: the register was revised before this count" in row["note"]
