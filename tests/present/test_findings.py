"""Key findings as claims: the rules on synthetic figures, then the real reports' findings."""

import re
from decimal import Decimal

import pandas as pd
import pytest

import povlib
from povlib import findings
from povlib.present import claims
from povlib.present.claims import Claim, ClaimError, Figure


def fig(region="a", value="10", measure="cumulative", scope="all", note="", unit="persons", start=2016, end=2019,
        level="prefecture", anomalies=(), start_stated=True, end_stated=True, label="people relocated",
        indicator="relocated_persons", qualifier=""):
    return Figure(region=region, indicator=indicator, value=Decimal(value), unit=unit, measure=measure,
                  qualifier=qualifier, scope=scope, scope_note=note, start=start, end=end,
                  start_stated=start_stated, end_stated=end_stated, level=level,
                  facts=(f"{region}-2020-001",), anomalies=tuple(anomalies), label=label)


# --- the rules, on synthetic figures ------------------------------------------------------------

def test_a_superlative_over_two_rows_is_refused():
    with pytest.raises(ClaimError, match="at least 3"):
        Claim("comparison", (fig("a", "10"), fig("b", "20")), superlative="largest")
    # compare() drops the word rather than print a 'largest of two'
    two = claims.compare([fig("a", "10"), fig("b", "20")], "largest")
    assert two.superlative == "" and "largest" not in claims.render(two)
    three = claims.compare([fig("a", "10"), fig("b", "30"), fig("c", "20")], "largest")
    assert three.superlative == "largest" and "B has the largest" in claims.render(three)


def test_a_superlative_needs_a_comparison():
    with pytest.raises(ClaimError, match="only allowed on a comparison"):
        Claim("level", (fig(),), superlative="largest")


@pytest.mark.parametrize("other", [
    fig("b", measure="plan"),                                   # plan vs cumulative
    fig("b", measure="target"),
    fig("b", scope="subset", note="the 7 counties"),            # whole region vs a part
    fig("b", scope="registered_poor"),
    fig("b", level="county"),                                   # prefecture vs county
    fig("b", start=2014),                                       # different period of a flow
    fig("b", unit="households"),
])
def test_a_comparison_never_reaches_across_measures_scopes_levels_or_periods(other):
    with pytest.raises(ClaimError, match="like with like"):
        Claim("comparison", (fig("a"), fig("c"), other), superlative="largest")
    assert claims.comparable_groups([fig("a"), other]) == []


def test_subsets_with_different_notes_are_not_comparable_but_per_year_rates_of_other_years_are():
    with pytest.raises(ClaimError):
        Claim("comparison", (fig("a", scope="subset", note="x"), fig("b", scope="subset", note="y")))
    paces = [fig(r, v, unit="pp_per_year", start=s, end=e, measure="actual", label="fall in poverty incidence")
             for r, v, s, e in (("a", "2.05", 2013, 2017), ("b", "3.3", 2014, 2018), ("c", "1", 2015, 2019))]
    # comparable, but no superlative over different periods (issue 17 round 2)
    assert len(claims.compare(paces, "fastest").figures) == 3 and claims.compare(paces, "fastest").superlative == ""


def test_a_figure_its_source_contradicts_is_never_compared():
    bad = fig("b", anomalies=[("b-2020-a01", "contradiction")])
    with pytest.raises(ClaimError, match="contradicts"):
        Claim("comparison", (fig("a"), bad, fig("c")))
    assert claims.comparable_groups([fig("a"), bad]) == []


def test_a_subset_is_never_called_the_whole():
    part = fig("tongren", "19924", scope="subset", note="the 7 counties the central units help",
               label="people lifted out of poverty")
    text = claims.render(Claim("level", (part,)))
    assert text.startswith("Tongren (only the 7 counties the central units help): 19,924 people"), text
    poor = fig("changdu", "99000", scope="registered_poor")
    assert "(registered poor people only)" in claims.render(Claim("level", (poor,)))


def test_caveats_travel_inferred_year_per_end_and_every_anomaly():
    f = fig("changdu", "194600", start=2016, end=2019, start_stated=True, end_stated=False,
            anomalies=[("c-a21", "ambiguous"), ("c-a08", "contradiction")], label="people lifted out of poverty")
    text = claims.render(Claim("level", (f,)))
    assert "2016–2019?" in text and "2016?" not in text
    assert "anomaly c-a21" in text and "contradicts itself" in text
    # the '?' is explained once under the findings that use it
    assert claims.marks_inferred(Claim("level", (f,))) and not claims.marks_inferred(Claim("level", (fig(),)))
    key = findings.Findings([findings.Finding(text, list(f.facts), Claim("level", (f,)))], [])
    assert findings.as_text(key).endswith(claims.INFERRED_LEGEND) and claims.INFERRED_LEGEND in findings.show(key).data
    assert claims.INFERRED_LEGEND not in findings.as_text(findings.Findings([findings.Finding("x", [])], []))
    # the caveat of an anomaly reads the same in every claim that holds the figure
    share = Claim("share", (fig("changdu", "50000", start=2016, end=2019, end_stated=False),), reference=f,
                  values={"share_pct": claims.share_pct(Decimal(50000), f.value)})
    for text in (claims.render(share), claims.render(Claim("level", (f,)))):
        assert claims.anomaly_caveat("c-a08", "contradiction") in text and "25.7%" in claims.render(share)


def test_a_stated_year_is_never_marked_inferred():
    fact = {"year_basis": "context", "period_start": "2016", "period_end": "2019", "period_text": "2016年以来"}
    assert claims.year_stated(fact, "start") and not claims.year_stated(fact, "end")
    plan = {"year_basis": "document_date", "period_start": "2016", "period_end": "2020", "period_text": "“十三五”时期"}
    assert claims.year_stated(plan, "start") and claims.year_stated(plan, "end")
    since = {**plan, "period_text": "“十三五”以来"}
    assert claims.year_stated(since, "start") and not claims.year_stated(since, "end")
    assert claims.year_stated({**fact, "year_basis": "stated"}, "end")


def test_plans_are_worded_as_plans_and_qualifiers_as_words():
    plan = claims.render(Claim("level", (fig("z", "214100", measure="plan"),)))
    assert "214,100 people to be relocated (plan" in plan and " people relocated" not in plan
    more = claims.render(Claim("level", (fig("c", "130000", qualifier="more_than"),)))
    assert "more than 130,000 people relocated" in more
    one = claims.render(Claim("level", (fig("c", "1", unit="count", label="poor counties exited"),)))
    assert "1 poor county exited" in one


def test_a_share_needs_a_total_of_the_same_region_measure_and_period():
    total = fig("t", "293600")
    with pytest.raises(ClaimError, match="same region, measure and period"):
        Claim("share", (fig("t", "125500", measure="plan"),), reference=total, values={"share_pct": 1})
    ok = Claim("share", (fig("t", "125500", scope="subset", note="people moved across areas"),), reference=total,
               values={"share_pct": claims.share_pct(Decimal(125500), Decimal(293600))})
    assert "125,500 people (42.7%) of the 293,600 people relocated" in claims.render(ok)


def test_national_gap_uses_the_same_years_and_refuses_others():
    national = pd.DataFrame({"year": [2013, 2017, 2018], "rate_pct": [8.5, 3.1, 1.7],
                             "poor_persons": [float("nan")] * 3, "fact_id": ["n-001", "n-002", "n-003"]})
    pace = fig("liangshan", "2.05", unit="pp_per_year", measure="actual", start=2013, end=2017, end_stated=False,
               scope="subset", note="the 11 deep-poverty counties", label="fall in poverty incidence",
               indicator="poverty_incidence_pace")
    other = Figure(**{**pace.__dict__, "region": "x", "start": 2014, "end": 2018})
    gaps = findings.national_gaps([pace, other], national)
    assert len(gaps) == 1  # 2014 is not in the national series
    gap = gaps[0]
    assert gap.reference.value == Decimal("1.350") and gap.values["gap"] == Decimal("0.700")
    text = claims.render(gap)
    # both paces at sentence precision, as context: no difference of a register rate and a survey rate
    assert "about 2.1 pp a year" in text and "China's survey estimate about 1.4 pp a year" in text
    assert "2013–2017?" in text and "difference" not in text and "0.7" not in text
    assert findings.national_gaps([pace], None) == []
    with pytest.raises(ClaimError, match="same years"):
        Claim("gap", (pace,), reference=Figure(**{**gap.reference.__dict__, "end": 2018}))


# --- the real reports ---------------------------------------------------------------------------



def test_every_report_has_two_to_four_key_messages_and_three_to_six_findings(reports):
    for name, key in reports.items():
        assert 2 <= len(key.messages) <= 4, (name, [m.text for m in key.messages])
        assert 2 <= len(key) <= 6, (name, len(key))
        for m in key.messages:
            assert not re.search(r"\breport shows\b|\bthis report\b", m.text, re.I), (name, m.text)


def test_no_key_finding_is_a_superlative_over_fewer_than_three_comparable_rows(reports):
    for name, key in reports.items():
        for f in [*key, *key.messages]:
            if claims.SUPERLATIVE_RE.search(f.text):
                c = f.claim
                assert c is not None and c.kind == "comparison" and c.superlative, (name, f.text)
                assert len(c.figures) >= 3 and len({claims.comparable_key(x) for x in c.figures}) == 1, (name, f.text)


def test_every_finding_cites_existing_facts_and_has_no_exponent_or_chinese_units(reports):
    ids = set(povlib.load_facts()["fact_id"])
    for name, key in reports.items():
        for f in [*key, *key.messages]:
            assert set(f.facts) <= ids, (name, f.text)
            assert not re.search(r"\de[+-]\d|\(s\)|[\u3400-\u9fff]", f.text), (name, f.text)  # no Chinese in prose
        for f in key:   # a claim behind every finding but the national context line, which compares nothing
            assert f.facts and (f.claim is not None or f.text.startswith(findings.NATIONAL_CONTEXT)), (name, f.text)


def test_a_figure_reads_the_same_in_every_report(reports):
    seen: dict[tuple, str] = {}
    for name, key in reports.items():
        for f in [*key, *key.messages, *key.contested]:
            if f.claim is not None and f.claim.kind == "level":
                ids = tuple(f.claim.facts)
                # every finding writes its caveats in words, so the same figure reads the same everywhere
                assert seen.setdefault(ids, f.text) == f.text, (name, f.text, seen[ids])
    # Zhaotong's 125.54万 is in both reports (as a contested figure), with its contradiction caveat in both
    texts = [f.text for k in ("poverty-rates", "profile-zhaotong")
             for f in [*reports[k], *reports[k].messages, *reports[k].contested] if "zhaotong-2019-020" in f.facts]
    assert len(texts) == 2 and texts[0] == texts[1] and "zhaotong-2019-a01" in texts[0]


def test_every_anomaly_of_a_findings_facts_is_in_its_sentence(reports):
    named = povlib.metrics.anomaly_index()
    for name, key in reports.items():
        for f in [*key, *key.messages]:
            if f.claim is not None:
                for fid in f.claim.facts:
                    for aid, _ in named.get(fid, []):
                        assert aid in f.text, (name, aid, f.text)


def test_real_caveats_stated_years_plans_and_subsets(reports):
    text = " ".join(f.text for f in [*reports["poverty-rates"], *reports["poverty-rates"].messages])
    assert "29.3% (2013)" in text and "2013?" not in text and "21.1% (2017?)" in text
    assert "194,600 people lifted out of poverty (cumulative, 2016–2019?)" in text
    assert "No two can be ranked" in text  # nothing comparable: the report says why
    relocation = " ".join(f.text for f in [*reports["relocation"], *reports["relocation"].messages])
    assert "361,800 people to be relocated" in relocation and "361,800 people relocated" not in relocation
    assert "(42.7%)" in relocation
    tongren = " ".join(f.text for f in [*reports["profile-tongren"], *reports["profile-tongren"].messages])
    assert "19,924" not in tongren  # the central units' 7-county contribution is not Tongren's total
    # a figure its source contradicts is never a key finding: it is in the contested line, with its caveat
    assert "1,127 poor villages" not in " ".join(f.text for f in reports["profile-changdu"])
    changdu = " ".join(f.text for f in reports["profile-changdu"].contested)
    assert "1,127 poor villages exited" in changdu and "changdu-2020-a08" in changdu
    liangshan = " ".join(f.text for f in [*reports["profile-liangshan"], *reports["profile-liangshan"].messages])
    assert "191,800 people to be lifted out of poverty (2018?), 154,200 people (2019) and 78,200" in liangshan
    sichuan = findings.method_line(reports["profile-sichuan"])  # a method note, not a key message
    assert "no figures for Sichuan as a whole" in sichuan


def test_html_links_each_fact_escapes_text_and_shows_the_messages():
    f = findings.Finding("a <b> & c", ["x-2019-001"])
    assert "a &lt;b&gt; &amp; c" in f.html() and 'href="#fact-x-2019-001"' in f.html()
    key = findings.Findings([f], [findings.Finding("m <1>")])
    html = findings.show(key).data
    assert html.index("key-messages") < html.index("<ul class='key-findings'>") and "m &lt;1&gt;" in html
    assert findings.as_text(key) == "Key message: m <1>\n1. a <b> & c [x-2019-001]"


def test_a_national_series_that_matches_no_region_says_which_years_it_has():
    import pandas as pd
    from povlib.present.findings import _no_national_gap
    national = pd.DataFrame({"year": [2012, 2017, 2019], "rate_pct": [10.2, 3.1, 0.6],
                             "fact_id": ["n-001", "n-002", "n-003"]})
    text = _no_national_gap(national).text
    assert "2012, 2017 and 2019" in text and "not in the data" not in text
    assert "No national rural poverty series is in the data" in _no_national_gap(None).text
