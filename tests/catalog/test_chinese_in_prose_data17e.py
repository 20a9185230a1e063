"""Reader-facing prose is English: Chinese may appear only inside “…” quotation marks (with an
English gloss beside it), and numbers with a Chinese scale or unit word only where the English
renderer converts them. `povlib check` fails otherwise, naming the fact or anomaly and the fix."""

import re

import pytest

from povlib.catalog import loader as catalog
from povlib.catalog.checks import unquoted_chinese
from povlib.cli import main
from povlib.present.amounts import english_units

_HAN = re.compile(r"[\u4e00-\u9fff]")
_QUOTE = re.compile(r"“[^”]*”")


@pytest.mark.parametrize("text, found", [
    ("Rural minimum-living-allowance (低保) households", ["低保"]),
    ("only Li Yongchun is said to have 犧牲; the rest", ["犧牲"]),
    ("the base holds only 51万棒 on 117 mu", ["棒"]),          # 棒 is no unit the renderer converts
    ("'2016年以来' gives no end", ["年以来"]),                  # single quotes are not quotation marks
    ("the publicity reached 60余万 people", ["余万"]),          # 余 before 万 is not converted
])
def test_chinese_outside_quotation_marks_is_found(text, found):
    assert unquoted_chinese(text) == found


@pytest.mark.parametrize("text", [
    "Rural minimum-living-allowance (“低保”) households",
    "'Since 2016' (“2016年以来”) gives no end",
    "184.37萬 poor people at an incidence of 25.71%",
    "Sum of 559.19 + 303.75億元 and 6500元 a month, 5000多元 per household, 56萬余 people",
    "No Chinese at all: 1,843,700 people.",
])
def test_quoted_chinese_and_converted_amounts_pass(text):
    assert unquoted_chinese(text) == []


def test_what_the_rule_lets_through_renders_without_chinese_outside_quotes(cache_dir):
    # the rule's allowance for numbers with scale or unit words must match what the English
    # renderer converts: every curated text that passes the rule reads without Chinese outside quotes
    cat = catalog.load()
    texts = [f.get(name) or "" for f in cat.facts.values() for name in ("note", "scope_note", "item")]
    texts += [a["explanation"] for a in cat.anomalies if a.get("kind") != "arithmetic"]
    assert len(texts) > 500
    leaks = [(t, english_units(t)) for t in texts
             if not unquoted_chinese(t) and _HAN.search(_QUOTE.sub("", english_units(t)))]
    assert leaks == []


def test_povlib_check_fails_on_chinese_in_a_note_naming_the_fact_and_the_fix(mini, cache_dir, monkeypatch,
                                                                             capsys):
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    assert main(["check"]) == 0
    capsys.readouterr()
    fact_id = mini.read()["facts"][0]["fact_id"]
    mini.edit_fact(fact_id, note="Recipients of the minimum living allowance (低保) in the county.")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "低保" in x)
    assert f"fact {fact_id}" in line and "outside quotation marks" in line and "check FAILED" in out
    assert "(“低保”)" in line  # the fix: keep the Chinese as a quotation after the English


def test_quoting_the_chinese_is_the_fix(mini, cache_dir):
    fact_id = mini.read()["facts"][0]["fact_id"]
    mini.edit_fact(fact_id, note="Recipients of the minimum living allowance (“低保”) in the county.")
    errors = [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]
    assert not [e for e in errors if "outside quotation marks" in e]
