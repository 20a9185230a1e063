"""The national year-end rates of 2014 (nbs-2015) and 2018 (nbs-2019): Zhaotong's 2014→2018 decline
now has a national pace over the same years, and the four national sources agree with each other."""

import pytest

import povlib
from povlib import metrics


def test_zhaotong_is_set_against_the_national_decline_of_2014_to_2018():
    df = metrics.pace_against_national(["zhaotong"]).set_index("region")
    row = df.loc["zhaotong"]
    # "2014年农村贫困人口规模为7017万,贫困发生率为7.2%"; "2018年末…贫困发生率1.7%"
    assert bool(row["comparable"]) and row["national_facts"] == "nbs-2015-006;nbs-2019-003"
    assert (row["start_year"], row["end_year"]) == (2014, 2018)
    assert (row["national_start_rate"], row["national_end_rate"]) == (7.2, 1.7)
    assert row["national_pp_per_year"] == pytest.approx(1.375)
    assert row["difference_pp_per_year"] == pytest.approx(round(row["pp_per_year"] - 1.375, 3))
    assert metrics.NATIONAL_CAVEAT in row["caveat"]


def test_liangshan_still_lacks_the_national_rate_of_2013():
    row = metrics.pace_against_national(["liangshan"]).set_index("region").loc["liangshan"]
    assert not bool(row["comparable"]) and row["national_facts"] == ""
    assert "no curated national rate for 2013 (national rates are curated for 1978, 2012, 2014, 2017, 2018, 2019)" \
        in row["caveat"]


def test_each_release_falls_from_the_year_end_stock_of_the_one_before():
    facts = povlib.load_facts().set_index("fact_id")
    value = facts["value"]
    # end-2017 (nbs-2018) minus the 2018 fall (nbs-2019) is end-2018 (nbs-2019), in persons and in pp
    assert value["nbs-2018-003"] - value["nbs-2019-002"] == pytest.approx(value["nbs-2019-001"])
    assert value["nbs-2018-005"] - value["nbs-2019-004"] == pytest.approx(value["nbs-2019-003"])
    # end-2018 minus the 2019 fall (nbs-2020) is end-2019
    assert value["nbs-2019-001"] - value["nbs-2020-002"] == pytest.approx(value["nbs-2020-001"])
    assert value["nbs-2019-003"] - value["nbs-2020-005"] == pytest.approx(value["nbs-2020-004"])
    # 2017's poor-area income (nbs-2018) plus the 2018 increase (nbs-2019) is 2018's
    assert value["nbs-2018-011"] + value["nbs-2019-006"] == pytest.approx(value["nbs-2019-005"])


def test_the_new_sources_are_national_benchmarks_only():
    facts = povlib.load_facts()
    new = facts[facts["source_id"].isin(["nbs-2015", "nbs-2019"])]
    assert len(new) == 21 and set(new["region"]) == {"china"}
    assert metrics.benchmark_regions() == {"china"}
    assert not set(new["fact_id"]) & set(metrics.poverty_rate_declines()["start_fact"])
