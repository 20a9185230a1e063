"""An anomaly's `caveat`: one short English clause a reader of any finding on its facts must know.
The loader carries it, `povlib check` holds it to the reader-prose rules plus a length limit and
a ban on record ids, and every curated anomaly that lists facts has one."""

import re

import pytest

from povlib.catalog import frames
from povlib.catalog import loader as catalog
from povlib.catalog.checks import CAVEAT_MAX_WORDS, caveat_errors
from povlib.cli import main
from povlib.present.amounts import english_units

_HAN = re.compile(r"[\u4e00-\u9fff]")
_QUOTE = re.compile(r"“[^”]*”")


def _set_caveat(mini, caveat):
    data = mini.read()
    data["anomalies"][0]["caveat"] = caveat
    mini.write(data)
    return data["anomalies"][0]["anomaly_id"]


def _check_output(mini, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    code = main(["check"])
    return code, capsys.readouterr().out


def test_loader_and_frame_carry_the_caveat(mini, cache_dir):
    anomaly_id = _set_caveat(mini, "the source gives no year for the relocation figures")
    cat = catalog.load(mini.layout)
    row = next(a for a in cat.anomalies if a["anomaly_id"] == anomaly_id)
    assert row["caveat"] == "the source gives no year for the relocation figures"
    table = frames.load_anomalies(mini.layout)
    assert table.set_index("anomaly_id").loc[anomaly_id, "caveat"] == row["caveat"]


def test_caveat_is_optional_and_empty_when_absent(mini, cache_dir):
    cat = catalog.load(mini.layout)
    assert [a["caveat"] for a in cat.anomalies if a["kind"] != "arithmetic"] == [""]


@pytest.mark.parametrize("caveat, expected", [(12, "caveat is not a text"),
                                              (["a", "list"], "caveat is a list")])
def test_a_caveat_that_is_not_text_is_refused(mini, cache_dir, caveat, expected):
    _set_caveat(mini, caveat)
    errors = [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]
    assert any(expected in e for e in errors)


def test_good_caveat_passes_check(mini, cache_dir, monkeypatch, capsys):
    _set_caveat(mini, "the source gives no year for the 10 relocation sites (“安置点”)")
    code, out = _check_output(mini, monkeypatch, capsys)
    assert code == 0, out


@pytest.mark.parametrize("caveat, expected", [
    ("the source gives no 年份 for these sites", "outside quotation marks"),
    ("see anomaly mini-2019-a01 for the year", "names a record id"),
    ("the year is missing, as a01 explains", "names a record id"),
    (" ".join(["word"] * (CAVEAT_MAX_WORDS + 1)), f"more than {CAVEAT_MAX_WORDS}"),
])
def test_check_fails_on_a_bad_caveat_naming_the_anomaly(mini, cache_dir, monkeypatch, capsys, caveat, expected):
    anomaly_id = _set_caveat(mini, caveat)
    code, out = _check_output(mini, monkeypatch, capsys)
    assert code == 1
    line = next(x for x in out.splitlines() if expected in x)
    assert f"anomaly {anomaly_id}" in line and "check FAILED" in out


def test_caveat_errors_give_a_fix():
    (problem, fix), = caveat_errors(" ".join(["w"] * 40))
    assert "40 words" in problem and "explanation" in fix
    (problem, fix), = caveat_errors("the year of sichuan-2017-024 is unknown")
    assert "sichuan-2017-024" in problem and "in words" in fix
    assert caveat_errors("the 11 counties (districts) and 2016–2020 are fine") == []


def test_every_curated_anomaly_with_facts_has_a_fit_caveat(cache_dir):
    cat = catalog.load()
    curated = [a for a in cat.anomalies if a["kind"] != "arithmetic" and a["facts"]]
    assert len(curated) > 50
    missing = [a["anomaly_id"] for a in curated if not a["caveat"]]
    assert missing == []
    assert [a["anomaly_id"] for a in curated if caveat_errors(a["caveat"])] == []
    # rendered in English units, a caveat shows Chinese only inside quotation marks
    leaks = [a["anomaly_id"] for a in curated if _HAN.search(_QUOTE.sub("", english_units(a["caveat"])))]
    assert leaks == []


def test_qamdo_county_exit_reading_is_recorded_and_the_inspection_anomaly_unlinked(cache_dir):
    cat = catalog.load()
    on_exit = [a for a in cat.anomalies if "changdu-2020-005" in a["facts"]]
    assert [a["kind"] for a in on_exit] == ["ambiguous"]
    assert "basically eliminated absolute poverty" in on_exit[0]["caveat"]
    inspection = next(a for a in cat.anomalies if a["quote"] == "全面启动了10县脱贫攻坚大排查工作")
    assert "changdu-2020-005" not in inspection["facts"]
