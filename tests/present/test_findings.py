"""Key findings: generated from metrics, figures formatted, caveats in the sentence, facts linked."""

import re

import pytest

import povlib
from povlib import findings, report


@pytest.fixture(scope="module")
def regions():
    return report.check_regions("all")


def _all(regions):
    out = findings.poverty_rates(regions) + findings.relocation(regions) + findings.funding(regions)
    for region in report.profile_regions():
        out += findings.profile(region)
    return out


def test_every_finding_cites_existing_facts_and_has_no_exponent(regions):
    ids = set(povlib.load_facts()["fact_id"])
    for f in _all(regions):
        assert f.facts and set(f.facts) <= ids, f.text
        assert not re.search(r"\de[+-]\d", f.text), f.text


def test_scope_inferred_year_and_anomaly_caveats_travel_with_the_figure(regions):
    liangshan = next(f for f in findings.poverty_rates(regions) if f.text.startswith("Liangshan"))
    assert "11 deep-poverty counties only" in liangshan.text and "2017?" in liangshan.text
    assert "sichuan-2017-a04" in liangshan.text
    zhaotong = next(f for f in findings.poverty_rates(regions) if f.text.startswith("Zhaotong"))
    assert "contradiction" in zhaotong.text and "zhaotong-2019-a01" in zhaotong.text


def test_a_flagged_row_is_never_the_fastest(regions):
    fastest = [f for f in findings.poverty_rates(regions) if f.text.startswith("Fastest")]
    assert all("zhaotong" not in " ".join(f.facts) for f in fastest)


def test_funding_findings_never_add_amounts_up(regions):
    for f in findings.funding(regions):
        assert "not added up" in f.text and len(f.facts) == 1


def test_html_links_each_fact_and_escapes_text():
    f = findings.Finding("a <b> & c", ["x-2019-001"])
    assert "a &lt;b&gt; &amp; c" in f.html() and 'href="#fact-x-2019-001"' in f.html()
    assert findings.as_text([f]) == "1. a <b> & c [x-2019-001]"
