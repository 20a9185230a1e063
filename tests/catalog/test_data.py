"""The curated data itself: validation, coverage, labels and descriptions everywhere."""

import pandas as pd
import pytest

import povlib
from povlib import metrics
from povlib.catalog import loader as catalog
from povlib.present.report import profile_regions


@pytest.fixture(scope="module")
def cat():
    return catalog.load(collect_errors=True)


def test_curated_data_has_no_errors(cat):
    assert [str(e) for e in cat.errors] == []


def test_every_source_is_fully_covered(cat):
    assert len(cat.sources) == 9  # the five regional documents and the four national benchmark sources
    for sid, cov in cat.coverage.items():
        assert cov.counted > 0 and cov.uncovered == [], f"{sid}: {len(cov.uncovered)} uncovered numbers"


def test_every_indicator_region_and_source_has_labels_and_description():
    for row in povlib.load_indicators().itertuples():
        assert row.label_en.strip() and row.label_zh.strip() and row.definition.strip() and row.unit_label
    for row in povlib.load_regions().itertuples():
        assert row.name_en.strip() and row.name_zh.strip() and row.level
    for row in povlib.load_sources().itertuples():
        assert row.title_en.strip() and row.description.strip() and row.date and row.date_evidence.strip()


def test_source_specific_reference_rows_are_used_by_that_source_only():
    facts = povlib.load_facts()
    for table, column in ((povlib.load_indicators(), "indicator"), (povlib.load_regions(), "region")):
        for row in table.itertuples():
            if row.origin == "common.csv":
                continue
            users = set(facts.loc[facts[column] == row.key, "source_id"])
            assert users <= {row.origin[:-4]}, f"{row.key} ({row.origin}) is used by {users}: move it to common.csv"


def test_scripts_follow_the_manifest():
    from opencc import OpenCC
    t2s = OpenCC("t2s")
    facts = povlib.load_facts()
    for src in povlib.load_sources().itertuples():
        quotes = facts.loc[facts["source_id"] == src.source_id, "quote"]
        simplified = sum(t2s.convert(q) == q for q in quotes)
        if src.script == "traditional":
            assert simplified < len(quotes), f"{src.source_id} is traditional but every quote is simplified"
        if src.script == "simplified":
            assert simplified == len(quotes), f"{src.source_id} is simplified but some quotes are traditional"


def test_stated_declines_agree_with_computed_ones():
    """Where a document states both rates and the gap between them, povlib's difference matches."""
    checks = povlib.load_checks()
    differences = checks[checks["kind"] == "difference"]
    assert len(differences) >= 2
    assert (differences["verdict"] == "holds").all()


def test_zhaotong_decline_is_computed_from_the_two_quoted_rates():
    facts = povlib.load_facts().set_index("fact_id")
    row = metrics.poverty_rate_declines().set_index("region").loc["zhaotong"]
    start, end = facts.loc[row["start_fact"]], facts.loc[row["end_fact"]]
    assert "25.71%" in start["quote"] and "12.49%" in end["quote"]
    assert row["decline_pp"] == pytest.approx(25.71 - 12.49)


def test_profiles_cover_the_five_areas_and_the_sichuan_prefectures():
    assert set(profile_regions()) == {"zhaotong", "xinzhou", "sichuan", "tongren", "changdu",
                                      "aba", "ganzi", "liangshan"}


def test_funding_never_mixes_measures_in_a_row():
    df = metrics.funding()
    assert df["measure"].notna().all() and (df["yi_yuan"] > 0).all()
    assert not pd.Series(df["fact_id"]).duplicated().any()


def test_export_of_the_real_data_validates(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    from povlib.analysis.export import export
    export(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    facts = pd.read_csv(tmp_path / "facts.csv", dtype=str, keep_default_na=False)
    assert len(facts) == len(povlib.load_facts())
