"""Validation refuses what is wrong, in one line naming file, row and field (issue 19, item 3)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

import povlib
from conftest import ROOT
from povlib import DataError
from povlib.catalog import loader as catalog


def _errors(mini) -> list[str]:
    catalog._CACHE.clear()
    return [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]


def _cli(mini, *args, cache=None):
    env = {**os.environ, "POVLIB_SEEDS": str(mini.layout.seeds), "POVLIB_DATA": str(mini.layout.data),
           "PYTHONPATH": str(ROOT)}
    if cache:
        env["POVLIB_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "povlib", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("field, value, problem", [
    ("period_end", "2018-13", "month 13 does not exist"),
    ("period_end", "2018-00", "month 00 does not exist"),
    ("period_start", "2018-02-30", "day 30 does not exist in 2018-02"),
    ("period_start", "2019-02-29", "day 29 does not exist in 2019-02"),
])
def test_dates_and_months_must_exist(mini, field, value, problem):
    mini.edit_fact("mini-2019-001", **{field: value})
    errors = _errors(mini)
    assert len(errors) == 1 and problem in errors[0] and "mini-2019-001" in errors[0] and field in errors[0]
    with pytest.raises(DataError, match=problem):
        catalog._CACHE.clear()
        povlib.load_facts(mini.layout)


def test_an_existing_leap_day_passes(mini):
    mini.edit_fact("mini-2019-001", period_start="2016-02-29")
    assert _errors(mini) == []


def test_an_unquoted_impossible_date_is_one_line_naming_the_file(mini):
    text = mini.facts_path.read_text(encoding="utf-8")
    mini.facts_path.write_text(text.replace('period_end: "2018", period_text: "2018年"',
                                            'period_end: 2018-02-30, period_text: "2018年"', 1), encoding="utf-8")
    errors = _errors(mini)
    assert len(errors) == 1 and "mini-2019.yaml" in errors[0] and "does not exist" in errors[0]


def test_a_manifest_date_must_exist(mini):
    path = mini.layout.seeds / "mini-2019.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('date: "2019-06"', 'date: "2019-13"'), encoding="utf-8")
    errors = _errors(mini)
    assert any("mini-2019.yaml" in e and "month 13 does not exist" in e for e in errors), errors


def test_raw_must_be_the_text_of_the_document_not_a_yaml_number(mini):
    text = mini.facts_path.read_text(encoding="utf-8")
    mini.facts_path.write_text(text.replace('raw: "25.71%"', "raw: 25.71", 1), encoding="utf-8")
    errors = _errors(mini)
    assert len(errors) == 1, errors
    assert "mini-2019.yaml" in errors[0] and "fact_id mini-2019-004" in errors[0] and "raw 25.71" in errors[0]
    assert "double quotes" in errors[0]


@pytest.mark.parametrize("field", ["raw_occurrence", "occurrence"])
@pytest.mark.parametrize("value", [0, -1, "two", 1.5, True])
def test_occurrence_fields_are_positive_whole_numbers(mini, field, value):
    mini.edit_fact("mini-2019-003", **{field: value})
    errors = _errors(mini)
    assert len(errors) == 1, errors
    assert f"{field} {value!r} is not a positive whole number" in errors[0] and "mini-2019-003" in errors[0]
    assert "list index" not in errors[0] and "copy the text verbatim" not in errors[0]


def test_a_word_as_occurrence_is_not_an_internal_error(mini, tmp_path):
    mini.edit_fact("mini-2019-003", occurrence="two")
    proc = _cli(mini, "check", cache=tmp_path / "cache")
    assert proc.returncode == 1 and "internal error" not in proc.stderr
    assert "occurrence 'two' is not a positive whole number" in proc.stdout


@pytest.mark.parametrize("value, shown", [(["mini"], "write region: mini"), ({"a": 1}, "a mapping")])
def test_a_list_or_mapping_where_one_value_belongs_is_one_line(mini, tmp_path, value, shown):
    mini.edit_fact("mini-2019-003", region=value)
    errors = _errors(mini)
    assert len(errors) == 1, errors
    assert "mini-2019.yaml" in errors[0] and "fact_id mini-2019-003" in errors[0] and "region is" in errors[0]
    assert shown in errors[0]
    proc = _cli(mini, "check", cache=tmp_path / "cache")
    assert proc.returncode == 1 and "internal error" not in proc.stderr and "region is" in proc.stdout


def test_a_list_in_an_exclusion_or_a_manifest_is_named_too(mini):
    data = mini.read()
    data["excluded"][0]["kind"] = ["name"]
    mini.write(data)
    errors = _errors(mini)
    assert len(errors) == 1 and "(raw 133)" in errors[0] and "kind is a list" in errors[0], errors
    path = mini.layout.seeds / "mini-2019.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("script: mixed", "script: [mixed]"), encoding="utf-8")
    errors = _errors(mini)
    assert len(errors) == 1 and "seeds/mini-2019.yaml" in errors[0] and "script is a list" in errors[0], errors


def test_a_regions_csv_that_is_not_utf8_is_one_line_naming_the_file(mini, tmp_path):
    path = mini.layout.regions_dir / "common.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(DataError, match=r"common.csv: is not UTF-8 text"):
        _errors(mini)
    proc = _cli(mini, "check", cache=tmp_path / "cache")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "common.csv: is not UTF-8 text" in proc.stderr and "internal error" not in proc.stderr


def test_a_missing_facts_file_is_a_named_error_and_stops_facts_and_build(mini, tmp_path, monkeypatch):
    mini.facts_path.unlink()
    errors = _errors(mini)
    assert len(errors) == 1 and "mini-2019.yaml: is missing" in errors[0] and "no facts file" in errors[0]
    check = _cli(mini, "check", cache=tmp_path / "cache")
    assert check.returncode == 1 and "mini-2019.yaml: is missing" in check.stdout
    assert "1 error(s)" in check.stdout
    facts = _cli(mini, "facts", cache=tmp_path / "cache")
    assert facts.returncode == 2 and "mini-2019.yaml: is missing" in facts.stderr and facts.stdout == ""
    from povlib.build.runner import build
    monkeypatch.setenv("POVLIB_SEEDS", str(mini.layout.seeds))
    monkeypatch.setenv("POVLIB_DATA", str(mini.layout.data))
    cfg = tmp_path / "reports.yaml"
    cfg.write_text(yaml.safe_dump({"reports": [{"name": "p", "notebook": str(ROOT / "notebooks" /
                                                                               "region_profile.ipynb")}]}))
    catalog._CACHE.clear()
    with pytest.raises(DataError, match="is missing"):
        build(cfg, tmp_path / "out", formats=("html",))
    assert not (tmp_path / "out").exists()  # stopped before any work
