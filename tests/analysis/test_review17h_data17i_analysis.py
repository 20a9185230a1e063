"""Review 17h (data17i): exports never give a figure that cannot be read as written; a start stock
the source itself differenced into a stated flow does not start a second, computed row."""

import json

import pandas as pd
import pytest

import povlib
from povlib.analysis import export, metrics


def _anomalies():
    return pd.DataFrame({"anomaly_id": ["s-a01", "s-a02"], "kind": ["impossible_magnitude", "ambiguous"],
                         "facts": ["s-002", "s-001;s-002;s-003"]})


def test_unreadable_lists_only_impossible_magnitudes():
    reasons = export.unreadable(_anomalies())
    assert set(reasons) == {"s-002"} and "cannot be read as written" in reasons["s-002"] and "s-a01" in reasons["s-002"]


def test_withheld_figures_are_empty_with_a_reason_and_raw_kept():
    df = pd.DataFrame({"fact_id": ["s-001", "s-002"], "value": [5.0, 267490000.0], "value_exact": ["5", "267490000"],
                       "year_end": [2020, 2020], "raw": ["5人", "26749万名"]})
    out = export.withhold_unreadable(df, export.unreadable(_anomalies()))
    hit = out[out["fact_id"] == "s-002"].iloc[0]
    assert pd.isna(hit["value"]) and (hit["value_exact"] is None or pd.isna(hit["value_exact"]))
    assert hit["raw"] == "26749万名" and hit["year_end"] == 2020 and "impossible_magnitude" in hit["value_withheld"]
    ok = out[out["fact_id"] == "s-001"].iloc[0]
    assert ok["value"] == 5.0 and ok["value_exact"] == "5" and ok["value_withheld"] == ""


def test_a_metrics_row_using_a_withheld_fact_is_emptied_too():
    df = pd.DataFrame({"facts": ["s-001;s-002", "s-003"], "persons": [10.0, 20.0], "start_year": [2014, 2015]})
    out = export.withhold_unreadable(df, export.unreadable(_anomalies()))
    assert pd.isna(out.loc[0, "persons"]) and out.loc[0, "start_year"] == 2014 and out.loc[1, "persons"] == 20.0


def test_exported_package_never_holds_an_impossible_figure(tmp_path):
    export.export(tmp_path)
    facts = pd.read_csv(tmp_path / "facts.csv", dtype=str, keep_default_na=False)
    bad = {f for a in povlib.load_anomalies().itertuples() if a.kind == "impossible_magnitude"
           for f in str(a.facts).split(";") if f}
    assert bad
    rows = facts[facts["fact_id"].isin(bad)]
    assert len(rows) == len(bad) and (rows["value"] == "").all() and (rows["value_exact"] == "").all()
    assert (rows["value_withheld"] != "").all() and (rows["raw"] != "").all()
    assert (facts.loc[~facts["fact_id"].isin(bad), "value_withheld"] == "").all()
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "facts" for f in r["schema"]["fields"]}
    assert "cannot be read as written" in fields["value_withheld"]["description"]


def test_no_fact_starts_two_headcount_rows():
    rows = metrics.headcount_reductions()
    starts = []
    for r in rows.itertuples():
        ids = str(r.facts).split(";")
        starts.append(ids[0])
    assert len(starts) == len(set(starts)), [s for s in starts if starts.count(s) > 1]


def test_a_contested_start_level_enters_only_through_its_stated_difference():
    facts = povlib.load_facts()
    diffs = metrics.stock_differences(facts)
    assert diffs
    rows = metrics.headcount_reductions()
    for flow, (start, end) in diffs.items():
        mine = rows[rows["facts"].str.split(";").apply(lambda ids: start["fact_id"] in ids)]
        assert len(mine) == 1 and flow in mine.iloc[0]["facts"]


def test_the_declines_download_gives_the_pace_range_an_inferred_year_allows():
    from povlib.analysis import metrics
    df = metrics.poverty_rate_declines()
    dated = df[df["years"].notna()]
    assert len(dated) >= 2
    for r in dated.itertuples():
        assert r.pp_per_year_low <= r.pp_per_year <= r.pp_per_year_high
        if r.start_basis == "stated" and r.end_basis == "stated":
            assert r.pp_per_year_low == r.pp_per_year_high
    # an inferred end (Liangshan's 2017?) gives a range, as the reports do
    assert (dated["pp_per_year_low"] < dated["pp_per_year_high"]).any()


def test_a_five_year_plan_named_in_the_period_states_its_first_year():
    from povlib.analysis import metrics
    base = {"year_basis": "document_date", "quote": "……", "period_start": "2011", "period_end": "2015"}
    assert metrics.end_bases({**base, "period_text": "“十二五”以来"}) == ("stated", "document_date")
    assert metrics.end_bases({**base, "period_text": "“十二五”时期"}) == ("stated", "stated")
    assert metrics.end_bases({**base, "period_text": "近年来"}) == ("document_date", "document_date")
    assert metrics.end_bases({**base, "period_text": "“十三五”以来"}) == ("document_date", "document_date")
