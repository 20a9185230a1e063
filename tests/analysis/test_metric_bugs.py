"""The metric bugs of issue 17, class 6: each test failed before its fix."""

import pytest

from povlib import metrics
from povlib.present import report


def test_cross_area_counts_stay_in_the_relocation_table_and_give_a_share():
    df = metrics.relocation_scale()
    # 12.55万, 7.69万, 4.06万, 3.63万 and 7211人 as the documents write them
    assert {125500, 76900, 40600, 36300, 7211} <= set(df["cross_area_persons"].dropna())
    tongren = df[df["facts"].str.contains("tongren-2020-038")].iloc[0]
    assert "tongren-2020-039" in tongren["facts"].split(";") and tongren["cross_area_persons"] == 125500
    assert tongren["cross_area_share_computed"] == pytest.approx(round(125500 / 293600 * 100, 1))
    assert "main urban area" in tongren["note"]  # what the cross-area count covers
    sanyan = df[df["region"] == "sanyan-area"].iloc[0]
    assert sanyan["cross_area_persons"] == 7211 and "no cross-area share" in sanyan["note"]


def test_a_cross_area_part_joins_its_total_even_with_its_own_scope(mini):
    mini.edit_fact("mini-2019-009", scope="subset", scope_note="people moved to the city")
    df = metrics.relocation_scale(layout=mini.layout)
    assert len(df) == 1 and df.iloc[0]["cross_area_share_computed"] == 25


def test_a_stated_start_year_is_not_marked_inferred_when_only_the_end_is():
    declines = metrics.poverty_rate_declines().set_index("region")
    assert (declines.loc["liangshan", "start_basis"], declines.loc["liangshan", "end_basis"]) == (
        "stated", "document_date")  # 从2013年底的29.3% … (end year inferred)
    changdu = metrics.headcount_reductions().query("region == 'changdu'").iloc[0]  # 2016年以来 … (end: document date)
    assert (changdu["start_basis"], changdu["end_basis"]) == ("stated", "context")
    assert "2016–2019?" in set(report.headline("changdu")["period"])


def test_end_bases_keep_an_inferred_start_inferred():
    fact = {"year_basis": "document_date", "period_start": "2016", "period_end": "2019", "period_text": "近年来",
            "quote": "近年来累计减贫"}
    assert metrics.end_bases(fact) == ("document_date", "document_date")
    # the words name the start of a span: stated; the end stays the document's date
    assert metrics.end_bases({**fact, "period_text": "2016年以来"}) == ("stated", "document_date")
    assert metrics.end_bases({**fact, "period_text": "“十三五”以来"}) == ("stated", "document_date")


def test_a_span_phrase_around_a_level_does_not_date_the_level():
    # "2014年以來, 贫困发生率从25.71%…": the level's year is read from the span (it may be end-2013)
    level = {"year_basis": "context", "period_start": "2014", "period_end": "2014", "period_text": "2014年以來",
             "quote": "貧困發生率從25.71%下降至12.49%"}
    assert metrics.end_bases(level) == ("context", "context")
    assert metrics.end_bases({**level, "quote": "2014年貧困發生率為25.71%"}) == ("stated", "stated")


def test_one_whole_village_relocation_is_one_row_with_households_and_people():
    df = metrics.relocation_scale()
    xinzhou = df[df["facts"].str.contains("xinzhou-2018-016")]
    assert len(xinzhou) == 1
    row = xinzhou.iloc[0]
    assert set(row["facts"].split(";")) == {"xinzhou-2018-015", "xinzhou-2018-016"}
    assert (row["persons"], row["households"]) == (13791, 5772)
    assert row["persons_per_household"] == pytest.approx(round(13791 / 5772, 3))


def test_people_per_site_only_when_the_text_ties_the_people_to_the_sites(mini):
    # fixture: "易地扶贫搬迁安置点10个" and "搬迁1.2万人" are separate clauses
    row = metrics.relocation_scale(layout=mini.layout).iloc[0]
    assert row["persons_per_site"] != row["persons_per_site"]  # NaN
    assert "scattered" in row["note"]
    # 安置点268个,涉及…9.9万人: one clause, but registered poor people over all sites is no ratio
    changdu = metrics.relocation_scale().query("region == 'changdu'").iloc[0]
    assert changdu["persons_per_site"] != changdu["persons_per_site"]  # NaN
    assert "registered" in changdu["note"] and "all sites" in changdu["note"]


def test_a_headline_never_shows_a_part_as_the_total():
    head = report.headline("zhaotong")
    part = head[head["fact_id"] == "zhaotong-2019-209"].iloc[0]  # 36.18萬, part of the 40.68萬 total
    assert part["part_of"] == "zhaotong-2019-213" and part["scope"].startswith("part of 40.68萬人")
    relocated = head[head["indicator"] == head.loc[head["fact_id"] == "zhaotong-2019-209", "indicator"].iloc[0]]
    assert relocated["fact_id"].iloc[-1] == "zhaotong-2019-209"  # parts follow the totals
    assert (head.loc[head["part_of"] == "", "scope"].str.startswith("part of") == False).all()  # noqa: E712


def test_a_flow_since_a_year_counts_that_years_exits():
    changdu = metrics.headcount_reductions().query("region == 'changdu'").iloc[0]  # 2016年以来 … to 2019
    assert (changdu["start_year"], changdu["end_year"], changdu["years"]) == (2016, 2019, 4)
    assert changdu["persons_per_year"] == 48650  # 19.46万 / 4
    assert "both counted" in changdu["counting"]


def test_a_flow_pairs_with_the_stocks_of_the_year_before_it_starts(mini):
    # stocks at end-2014 and end-2018 bound the exits of 2015..2018
    mini.edit_fact("mini-2019-002", period_start="2015", period_end="2018", measure="actual")
    row = metrics.headcount_reductions(layout=mini.layout).iloc[0]
    assert row["basis"] == "stated+computed" and (row["start_year"], row["end_year"], row["years"]) == (2015, 2018, 4)


def test_a_year_typeset_with_a_space_before_its_year_word_is_still_stated():
    from povlib.analysis import metrics as _m
    fact = {"fact_id": "x-001", "period_start": "2017-10", "period_end": "2018-06", "period_text": "2017 年10 月以來",
            "quote": "2017 年10 月以來忻州開展專項治理,發現問題7680 個", "year_basis": "document_date"}
    assert _m.end_bases(fact)[0] == "stated"
