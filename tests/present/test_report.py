"""Notebook helpers: parameter checks, fact-id tables, escaping."""

import pandas as pd
import pytest

import povlib
import povlib.catalog.layout
from povlib import report
from povlib.exceptions import UnknownKeyError


def test_unknown_region_names_valid_values():
    with pytest.raises(UnknownKeyError, match="unknown region 'atlantis'; valid values: .*tongren"):
        report.check_region("atlantis")


@pytest.mark.parametrize("bad, error", [(5, TypeError), ([], ValueError), (["tongren", "mars"], UnknownKeyError),
                                        ({"a": 1}, TypeError)])
def test_bad_regions_parameter(bad, error):
    with pytest.raises(error, match="valid values|give 'all'"):
        report.check_regions(bad)


def test_regions_parameter_accepts_all_list_and_comma_string():
    assert report.check_regions("all") == report.profile_regions()
    assert report.check_regions("tongren, changdu") == ["tongren", "changdu"]


def test_headline_rows_carry_fact_ids_and_belong_to_the_region():
    head = report.headline("tongren")
    facts = povlib.load_facts().set_index("fact_id")
    assert len(head) > 0
    assert (facts.loc[head["fact_id"], "region"] == "tongren").all()
    assert list(facts.loc[head["fact_id"], "raw"]) == list(head["raw"])


def test_sources_table_quotes_sit_at_their_offsets():
    ids = report.fact_ids(report.headline("changdu"))
    table = report.sources_table(ids)
    texts = {s.source_id: (povlib.catalog.layout.default_layout().seeds / s.file).read_text(encoding="utf-8")
             for s in povlib.load_sources().itertuples()}
    for row in table.itertuples():
        sid = row.fact_id.rsplit("-", 1)[0]
        assert texts[sid][row.offset:row.offset + len(row.quote)] == row.quote


def test_show_escapes_source_text():
    html = report.show(pd.DataFrame({"quote": ["<script>alert(1)</script> & “引号”"]})).data
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html


def test_region_profile_includes_places_below_the_region():
    facts = report.region_facts("zhaotong")
    assert {"zhaotong", "weixin"} <= set(facts["region"])
