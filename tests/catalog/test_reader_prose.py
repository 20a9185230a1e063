"""Reader-facing prose (notes, scope notes, items, anomaly explanations, check notes, labels) must be
plain English: `povlib check` fails on line or check references, backticks, snake_case names and
field names, naming the fact and the fix."""

import pytest

from povlib.catalog import loader as catalog
from povlib.catalog.checks import jargon
from povlib.cli import main


@pytest.mark.parametrize("text, piece", [
    ("more than the whole population of 625萬 (line 21)", "line 21"),
    ("(Weixin and Suijiang, lines 27 and 57)", "lines 27 and 57"),
    ("Equals 184.37 - 58.83 exactly (check c02).", "check c02"),
    ("not an `actual` 2014 level", "`"),
    ("start year not stated (see missing_baseline anomaly)", "missing_baseline"),
    ("Curated with period 2018-2020 (year_basis context)", "year_basis"),
    ("Annual amount (per: year): 0.3 bn yuan", "per: "),
    ("(taken together; scope subset)", "scope subset"),
    ("In povlib as sichuan-2017", "In povlib"),
])
def test_jargon_is_found(text, piece):
    assert piece in [match for match, _what, _fix in jargon(text)]


@pytest.mark.parametrize("text", [
    "Start point of the incidence decline; year 2014 from the opening of the same sentence, 2014年以來.",
    "Poor counties exited since 2014 (Weixin and Suijiang, named later in the text).",
    "Sum of 559.19 + 303.75 億元; a per-year amount of the 13th Five-Year Plan (2016-2020).",
    "Fall of the survey-estimated rural poor population from end-2016 to end-2017.",
])
def test_plain_english_passes(text):
    assert jargon(text) == []


def _prose_errors(cat):
    return [e for e in cat.errors if "is shown to readers" in str(e)]


def test_a_jargon_note_is_an_error_naming_the_fact_and_the_fix(mini, cache_dir):
    assert _prose_errors(catalog.load(mini.layout, collect_errors=True)) == []
    mini.edit_fact("mini-2019-001", note="Start year not stated (see missing_baseline anomaly, line 3).")
    errors = _prose_errors(catalog.load(mini.layout, collect_errors=True))
    assert len(errors) == 1
    message = str(errors[0])
    assert "fact mini-2019-001" in message and "note" in message and "missing_baseline" in message
    assert "line 3" in message.split(": note")[1] and "say what it means in plain English" in message


def test_povlib_check_fails_on_a_jargon_anomaly_explanation(mini, cache_dir, monkeypatch, capsys):
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    assert main(["check"]) == 0
    capsys.readouterr()
    data = mini.read()
    fact = data["facts"][0]
    data["anomalies"] = (data.get("anomalies") or []) + [{
        "anomaly_id": "mini-2019-a99", "quote": fact["quote"], "kind": "ambiguous",
        "explanation": "The figure disagrees with the total (check c01).", "facts": [fact["fact_id"]]}]
    mini.write(data)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "anomaly mini-2019-a99" in out and "arithmetic-check id" in out and "check FAILED" in out


def test_the_curated_data_has_plain_english_prose(cache_dir):
    assert [str(e) for e in _prose_errors(catalog.load(collect_errors=True))] == []


def test_a_catalog_cached_by_a_report_still_shows_its_prose_errors_to_povlib_check(mini, cache_dir):
    # a report loads first (no error is raised for prose) and stores the catalog on disk; the
    # check that follows reads that cache and must still report the jargon
    data = mini.read()
    data["facts"][0]["note"] = "see check c07"
    mini.write(data)
    loaded = catalog.load(mini.layout)
    assert loaded.facts and not [e for e in loaded.errors if "jargon" in str(e)]
    catalog._CACHE.clear()
    checked = catalog.load(mini.layout, collect_errors=True)
    assert any("jargon" in str(e) and "check c07" in str(e) for e in checked.errors)
