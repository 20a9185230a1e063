"""The national benchmark (sources nbs-2015, nbs-2018, nbs-2019, nbs-2020): curated sources like the others, never a profiled region."""

import pandas as pd
import pytest

import povlib
from povlib import metrics
from povlib.exceptions import UnknownKeyError
from povlib.present import report


def test_national_rates_come_from_the_curated_nbs_facts():
    facts = povlib.load_facts().set_index("fact_id")
    df = metrics.national_poverty_rates()
    assert list(df.columns) == ["year", "rate_pct", "poor_persons", "fact_id", "poor_fact_id", "source_id",
                                "year_basis", "note"]
    assert df["year"].dtype == "int64" and df["rate_pct"].dtype == "float64"
    by_year = df.set_index("year")
    # the releases: "贫困发生率从2012年的10.2%下降至0.6%", "从2012年末的9899万人减少至551万人";
    # "2017年末,全国农村贫困人口3046万人…贫困发生率3.1%"; "2018年末,全国农村贫困人口1660万人…贫困发生率1.7%";
    # "1978年农村居民贫困发生率为97.5%,农村贫困人口规模7.7亿;2014年农村贫困人口规模为7017万,贫困发生率为7.2%"
    assert list(df["year"]) == [1978, 2012, 2014, 2017, 2018, 2019]
    assert by_year.loc[1978, "rate_pct"] == 97.5 and by_year.loc[1978, "poor_persons"] == 770_000_000
    assert by_year.loc[2014, "rate_pct"] == 7.2 and by_year.loc[2014, "poor_persons"] == 70_170_000
    assert by_year.loc[2018, "rate_pct"] == 1.7 and by_year.loc[2018, "poor_persons"] == 16_600_000
    assert by_year.loc[2012, "rate_pct"] == 10.2 and by_year.loc[2012, "poor_persons"] == 98_990_000
    assert by_year.loc[2017, "rate_pct"] == 3.1 and by_year.loc[2017, "poor_persons"] == 30_460_000
    assert by_year.loc[2019, "rate_pct"] == 0.6 and by_year.loc[2019, "poor_persons"] == 5_510_000
    for row in df.itertuples():
        assert facts.loc[row.fact_id, "region"] == "china" and facts.loc[row.fact_id, "raw"] in facts.loc[
            row.fact_id, "quote"]
        assert facts.loc[row.poor_fact_id, "indicator"] == "rural_poor_population"


def test_the_national_sources_have_a_manifest_with_publisher_date_and_address():
    sources = povlib.load_sources().set_index("source_id")
    for sid, outlet, date, basis in (("nbs-2020", "人民日报", "2020-01-25", "stated"),
                                     ("nbs-2018", "新华社", "2018-02-01", "stated"),
                                     ("nbs-2019", "", "2019-02-15", "inferred"),
                                     ("nbs-2015", "新华社", "2015-10-18", "stated")):
        src = sources.loc[sid]
        assert src["outlet"] == outlet and src["date"] == date and src["date_basis"] == basis
        assert "http" in src["description"] and "survey" in src["description"] and src["regions"] == "china"


def test_benchmark_regions_are_never_rows_of_the_regional_tables():
    assert metrics.benchmark_regions() == {"china"}
    for table in ("poverty_rate_declines", "headcount_reductions", "relocation_scale", "funding"):
        assert "china" not in set(getattr(metrics, table)()["region"]), table


def _without_national(monkeypatch):
    facts, sources = povlib.load_facts(), povlib.load_sources()
    national = ["nbs-2015", "nbs-2018", "nbs-2019", "nbs-2020"]
    monkeypatch.setattr(report, "load_facts", lambda *a, **k: facts[~facts["source_id"].isin(national)])
    monkeypatch.setattr(report, "load_sources", lambda *a, **k: sources[~sources["source_id"].isin(national)])


def test_adding_the_national_source_changes_no_report_region_list(monkeypatch):
    with_national = (report.profile_regions(), report.check_regions("all"))
    assert "china" not in with_national[0]
    _without_national(monkeypatch)
    assert (report.profile_regions(), report.check_regions("all")) == with_national


def test_the_national_benchmark_is_refused_as_a_profile_region():
    with pytest.raises(UnknownKeyError, match="national benchmark"):
        report.check_region("china")


def test_a_draft_manifest_adds_no_profile_region(monkeypatch):
    before = report.profile_regions()
    sources = povlib.load_sources()
    draft = sources.iloc[:1].assign(source_id="lincang-2019", regions="yunnan", n_facts=0)
    monkeypatch.setattr(report, "load_sources", lambda *a, **k: pd.concat([sources, draft], ignore_index=True))
    assert report.profile_regions() == before  # Yunnan has facts (through Zhaotong) but no curated document


def _with_national_years(rates: dict[int, str]) -> pd.DataFrame:
    """Return the real facts plus synthetic national incidence facts for the given years (standing in
    for the curated national rates of those years)."""
    facts = povlib.load_facts()
    facts = facts[~((facts["region"] == "china") & (facts["indicator"] == "poverty_incidence")
                    & facts["year_end"].isin(list(rates)))]
    template = facts[facts["fact_id"] == "nbs-2020-004"].iloc[0]
    extra = [template.copy() for _ in rates]
    for row, (year, rate) in zip(extra, rates.items()):
        row.update({"fact_id": f"test-{year}", "period_start": str(year), "period_end": str(year),
                    "year_start": year, "year_end": year, "value": float(rate), "value_exact": rate, "note": ""})
    return pd.concat([facts, pd.DataFrame(extra)], ignore_index=True)


def test_pace_is_set_against_the_national_decline_over_the_same_years():
    facts = _with_national_years({2014: "7.2", 2018: "1.7"})
    row = metrics.pace_against_national(["zhaotong"], facts=facts).iloc[0]
    assert bool(row["comparable"]) and row["national_facts"] == "test-2014;test-2018"
    assert row["national_pp_per_year"] == pytest.approx((7.2 - 1.7) / 4)
    assert row["difference_pp_per_year"] == pytest.approx(round((25.71 - 12.49) / 4 - (7.2 - 1.7) / 4, 3))
    assert row["ratio_to_national"] == pytest.approx(round(((25.71 - 12.49) / 4) / ((7.2 - 1.7) / 4), 2))
    assert metrics.NATIONAL_CAVEAT in row["caveat"] and "a01" in row["anomalies"]


def test_pace_without_a_national_rate_for_those_years_says_which_is_missing():
    df = metrics.pace_against_national("all").set_index("region")
    assert list(df.index[df["comparable"]]) == ["zhaotong"]  # 2014 (nbs-2015) and 2018 (nbs-2019) are curated
    assert df.loc[["liangshan", "tongren"], "national_pp_per_year"].isna().all()
    assert "no curated national rate for 2013 (" in df.loc["liangshan", "caveat"]
    assert "a regional year is not stated" in df.loc["tongren", "caveat"]
    assert all(metrics.NATIONAL_CAVEAT in c for c in df["caveat"])
    assert set(df.index) == {"liangshan", "tongren", "zhaotong"}
    with pytest.raises(ValueError, match="unknown region 'nowhere'"):
        metrics.pace_against_national(["nowhere"])


def test_relocation_share_of_the_registered_poor_only_where_region_scope_and_years_match():
    df = metrics.relocation_per_poor()
    assert not df["computed"].any() and (df["mismatch"] != "").all()
    facts = povlib.load_facts()
    base = facts[facts["fact_id"] == "tongren-2020-069"].iloc[0].copy()
    base.update({"fact_id": "test-base", "region": "changdu", "source_id": "changdu-2020", "period_start": "2015",
                 "period_end": "2015", "year_start": 2015, "year_end": 2015, "value": 200000.0,
                 "value_exact": "200000", "note": "synthetic base"})
    df = metrics.relocation_per_poor(facts=pd.concat([facts, pd.DataFrame([base])], ignore_index=True))
    row = df.set_index("region").loc["changdu"]
    assert bool(row["computed"]) and row["base_fact"] == "test-base" and row["value"] == pytest.approx(49.5)
    assert "synthetic base" in row["caveat"]
    tongren = df.set_index("region").loc["tongren"]  # everyone moved, not registered poor only
    assert not tongren["computed"] and "scope" in tongren["mismatch"]


def test_funding_per_registered_poor_person_needs_a_base_of_the_year_before():
    df = metrics.funding_per_poor()
    facts = povlib.load_facts().set_index("fact_id")
    done = df[df["computed"]]
    assert len(done) >= 1
    for row in done.itertuples():
        base = facts.loc[row.base_fact]
        assert base["region"] == row.region and base["scope"] == "registered_poor"
        assert int(base["year_end"]) == int(str(row.period_start)[:4]) - 1
        assert row.value == pytest.approx(row.numerator / row.base_persons, abs=0.5)
        assert "registered poor people only" in row.caveat
    per_year = df[df["numerator_facts"] == "sichuan-2017-010"].iloc[0]
    assert not per_year["computed"] and "per year" in per_year["mismatch"]
    assert (df.loc[~df["computed"], "mismatch"] != "").all()
