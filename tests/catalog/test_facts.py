"""Validation of curated facts, exclusions, anomalies: each error path names file, row, fix."""

import hashlib
import re

import pytest

import povlib
from povlib.exceptions import DataError


def load_error(mini) -> str:
    with pytest.raises(DataError) as info:
        povlib.load_facts(mini.layout)
    return str(info.value)


def test_fixture_loads_with_computed_values_and_offsets(mini):
    facts = povlib.load_facts(mini.layout).set_index("fact_id")
    seed = (mini.root / "seeds" / "mini.txt").read_text(encoding="utf-8")
    for fid, f in facts.iterrows():
        assert seed[f["quote_start"]:f["quote_start"] + len(f["quote"])] == f["quote"]
        assert seed[f["raw_start"]:f["raw_start"] + len(f["raw"])] == f["raw"]
    assert facts.loc["mini-2019-002", "value"] == 194600
    assert facts.loc["mini-2019-013", "unit"] == "yuan"


def test_quote_not_in_seed(mini):
    mini.edit_fact("mini-2019-003", quote="贫困村退出128个")
    msg = load_error(mini)
    assert "mini-2019.yaml" in msg and "mini-2019-003" in msg and "not in the seed" in msg and "fix:" in msg


def test_raw_not_in_quote(mini):
    mini.edit_fact("mini-2019-003", raw="12个")
    assert "raw '12个' is not in the quote" in load_error(mini)


def test_raw_must_not_cut_a_number(mini):
    mini.edit_fact("mini-2019-011", raw="0万人")
    assert "not in the quote as a whole number" in load_error(mini)


def test_unknown_region_and_indicator(mini):
    mini.edit_fact("mini-2019-003", region="atlantis")
    assert "region 'atlantis' is not in the regions tables" in load_error(mini)
    mini.edit_fact("mini-2019-003", region="mini", indicator="happiness")
    assert "indicator 'happiness'" in load_error(mini)


def test_unit_must_match_indicator(mini):
    mini.edit_fact("mini-2019-003", indicator="poverty_incidence")
    assert "is in count, indicator 'poverty_incidence' in percent" in load_error(mini)


def test_duplicate_fact_id(mini):
    mini.edit_fact("mini-2019-003", fact_id="mini-2019-002")
    assert "fact_id mini-2019-002 is already used" in load_error(mini)


def test_bad_enumerations(mini):
    mini.edit_fact("mini-2019-003", measure="guess")
    assert "measure 'guess' is not valid" in load_error(mini)
    mini.edit_fact("mini-2019-003", measure="actual", topic="weather")
    assert "topic 'weather' is not valid" in load_error(mini)


def test_funding_needs_fund_source(mini):
    mini.edit_fact("mini-2019-013", fund_source="aliens")
    assert "fund_source 'aliens'" in load_error(mini)


def test_unknown_field_is_rejected(mini):
    mini.edit_fact("mini-2019-003", value=127)
    assert "unknown field(s) ['value']" in load_error(mini)


def test_malformed_period(mini):
    mini.edit_fact("mini-2019-003", period_start="2016年")
    assert "period_start '2016年' is not a date" in load_error(mini)


def test_malformed_yaml_names_the_file(mini):
    mini.facts_path.write_text("source_id: mini-2019\nfacts:\n  - fact_id: [unclosed\n", encoding="utf-8")
    assert "is not valid YAML" in load_error(mini)


def test_exclusion_repeat_must_state_the_same_number(mini):
    data = mini.read()
    data["excluded"].append({"raw": "127个", "quote": "贫困村退出127个", "kind": "repeat",
                             "repeats": "mini-2019-001", "reason": "test"})
    mini.write(data)
    assert "differs from mini-2019-001" in load_error(mini)


def test_anomaly_must_name_existing_facts(mini):
    data = mini.read()
    data["anomalies"][0]["facts"] = ["mini-2019-999"]
    mini.write(data)
    assert "unknown facts ['mini-2019-999']" in load_error(mini)


def test_bad_region_row_in_reference_table(mini):
    path = mini.root / "data" / "regions" / "common.csv"
    path.write_text(path.read_text(encoding="utf-8") + "moon,月球,Moon,satellite,china\n", encoding="utf-8")
    with pytest.raises(DataError, match="level 'satellite' invalid"):
        povlib.load_regions(mini.layout)


def test_malformed_csv_row(mini):
    path = mini.root / "data" / "indicators" / "common.csv"
    path.write_text(path.read_text(encoding="utf-8") + "broken,row\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 13"):
        povlib.load_indicators(mini.layout)


def test_collect_mode_gathers_every_row_error(mini):
    from povlib.catalog import loader as catalog
    mini.edit_fact("mini-2019-003", raw="999个")
    mini.edit_fact("mini-2019-007", region="nowhere")
    cat = catalog.load(mini.layout, collect_errors=True)
    messages = [str(e) for e in cat.errors]
    # two bad rows; the anomaly that names the rejected fact 007 adds no second error
    assert len(messages) == 2, messages
    assert any("999个" in m for m in messages) and any("nowhere" in m for m in messages)
    assert "mini-2019-003" not in cat.facts and "mini-2019-001" in cat.facts


# --- comparability fields ------------------------------------------------------------------------

def _look_alike(mini):
    data = mini.read()
    twin = dict(next(f for f in data["facts"] if f["fact_id"] == "mini-2019-008"))
    twin.update(fact_id="mini-2019-014", raw="3000人", quote="其中跨县搬迁3000人,占25%", indicator="relocated_persons")
    twin.pop("part_of", None)
    data["facts"].append(twin)
    mini.write(data)


def test_a_look_alike_pair_fails_the_check_naming_both(mini):
    from povlib.catalog import loader as catalog
    _look_alike(mini)
    errors = [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]
    assert len(errors) == 1 and "look-alike" in errors[0]
    assert "mini-2019-008" in errors[0] and "mini-2019-014" in errors[0] and "item" in errors[0]


@pytest.mark.parametrize("fix", [{"item": "cross-county movers"}, {"part_of": "mini-2019-008"},
                                 {"scope": "subset", "scope_note": "cross-county movers"}])
def test_item_part_of_or_scope_tell_look_alikes_apart(mini, fix):
    from povlib.catalog import loader as catalog
    _look_alike(mini)
    mini.edit_fact("mini-2019-014", **fix)
    assert catalog.load(mini.layout, collect_errors=True).errors == []


@pytest.mark.parametrize("changes, problem", [
    ({"scope": "county"}, "scope 'county' is not valid"),
    ({"scope": "subset"}, "scope 'subset' needs a scope_note"),
    ({"scope_note": "x"}, "scope_note is set but scope is 'all'"),
    ({"per": "fortnight"}, "per 'fortnight' is not valid"),
    ({"year_basis": None}, "has a period but no year_basis"),
    ({"year_basis": "guessed"}, "year_basis 'guessed' is not valid"),
])
def test_bad_comparability_fields_name_the_problem(mini, changes, problem):
    mini.edit_fact("mini-2019-001", **changes)
    with pytest.raises(DataError, match=re.escape(problem)):
        povlib.load_facts(mini.layout)


def test_part_of_must_name_a_total_of_the_same_unit(mini):
    mini.edit_fact("mini-2019-009", part_of="mini-2019-007")  # persons under a count of sites
    with pytest.raises(DataError, match="part_of mini-2019-007 is in mini-2019 / count"):
        povlib.load_facts(mini.layout)


def test_parts_that_exceed_their_total_become_an_arithmetic_anomaly(mini):
    mini.edit_fact("mini-2019-012", part_of="mini-2019-008")  # 20万 under a total of 1.2万
    anomalies = povlib.load_anomalies(mini.layout)
    row = anomalies[anomalies["anomaly_id"] == "mini-2019-008-parts-fails"].iloc[0]
    assert row["kind"] == "arithmetic" and "sum of the parts" in row["explanation"]


def test_a_key_written_twice_in_a_fact_is_an_error(mini):
    text = mini.facts_path.read_text(encoding="utf-8")
    mini.facts_path.write_text(text.replace("region: mini,", "region: mini, region: elsewhere,", 1), encoding="utf-8")
    assert "duplicate key 'region'" in load_error(mini)


def test_a_facts_file_whose_source_id_differs_from_its_name_is_one_error(mini):
    from povlib.catalog import loader as catalog
    text = mini.facts_path.read_text(encoding="utf-8")
    mini.facts_path.write_text(text.replace("source_id: mini-2019", "source_id: other-2019", 1), encoding="utf-8")
    errors = [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]
    assert len(errors) == 1 and "write source_id: mini-2019" in errors[0]


@pytest.mark.parametrize("text, fix", [("facts:\n\t- {fact_id: x}\n", "indent with spaces, not tabs"),
                                       ("facts:\n  - quote: a: b\n", "quote the value in double quotes")])
def test_a_yaml_syntax_error_is_explained_as_the_python_parser_words_it(mini, text, fix):
    # files are parsed with libyaml; on an error, again with the pure-Python parser for the message
    mini.facts_path.write_text("source_id: mini-2019\n" + text, encoding="utf-8")
    message = load_error(mini)
    assert "is not valid YAML (line" in message and fix in message


def test_a_quote_ending_in_the_cr_of_a_crlf_line_is_refused(mini):
    seed = mini.root / "seeds" / "mini.txt"
    seed.write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))
    manifest = mini.root / "seeds" / "mini-2019.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(re.sub(r"sha256: \w+", "sha256: " + hashlib.sha256(seed.read_bytes()).hexdigest(), text),
                        encoding="utf-8")
    povlib.load_facts(mini.layout)                       # the CRLF seed itself loads
    mini.edit_fact("mini-2019-013", quote="东西部协作投入资金5.8亿元。\r")
    msg = load_error(mini)
    assert "mini-2019-013" in msg and "white space" in msg
