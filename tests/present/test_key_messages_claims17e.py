"""Key messages are an analyst's findings: numbers with their caveats in words; method notes on one
line; one stated rule where a finding is picked per region (povlib.present.findings)."""

from __future__ import annotations

import re
from decimal import Decimal

import povlib
from povlib.analysis import metrics
from povlib.present import claims, findings, report
from povlib.present.claims import Claim, Figure
from povlib.present.report import descendants




def fig(region="r", value="10", unit="persons", **kw) -> Figure:
    base = dict(region=region, indicator=kw.pop("indicator", "x"), value=Decimal(value), unit=unit)
    return Figure(**base, **kw)


def test_every_key_message_states_a_number_and_method_notes_go_to_one_line(reports):
    for name, key in reports.items():
        assert 2 <= len(key.messages) <= 4, name
        for m in key.messages:
            assert findings.states_number(m.text), (name, m.text)
        line = findings.method_line(key)
        assert "\n" not in line
        html = findings.show_findings(key).data
        assert (line == "") == ("km-method" not in html), name
        assert "km-method" not in findings.show_messages(key).data  # page 1: the messages and the chart
    # the notes that used to be messages are method notes now
    assert "No two regions state an amount" in findings.method_line(reports["funding"])
    assert "No two regions state people relocated" in findings.method_line(reports["relocation"])


def test_a_sentence_without_a_number_is_moved_to_the_method_line():
    a, b = fig(value="10"), fig(value="20", indicator="y")
    out = findings._assemble([Claim("level", (a,)), Claim("level", (b,)), Claim("level", (fig(value="5"),))],
                             [findings.Finding("Nothing here is compared across regions.")])
    assert out.method == ["Nothing here is compared across regions."]
    assert len(out.messages) == 2 and all(m.claim is not None for m in out.messages)
    assert not findings.states_number("see anomaly zhaotong-2019-a01 and check x-2019-c02")


def test_key_messages_write_each_anomaly_caveat_in_words(reports):
    for name, key in reports.items():
        for m in key.messages:
            if m.claim is None or m.worded:
                continue
            for f in [*m.claim.figures, *([m.claim.reference] if m.claim.reference else [])]:
                for aid, kind in f.anomalies:
                    # the anomaly's curated caveat when it has one, else its kind's words, never the id alone
                    said = re.search(rf"\w[^()]{{20,}}, anomaly {re.escape(aid)}", m.text) or \
                        (kind == "missing_year" and "gives no" in m.text)
                    assert said, (name, aid, m.text)


def test_a_difference_of_two_register_counts_says_so_wherever_it_appears(reports):
    diffs = metrics.stock_differences(povlib.load_facts())
    assert diffs  # the data has at least one such difference (Zhaotong's 125.54万)
    seen = 0
    for key in reports.values():
        for f in [*key, *key.messages, *key.contested]:
            if f.claim is not None and set(f.claim.facts) & set(diffs):
                seen += 1
                # the source states the cut; that it equals two register counts' difference is the caveat
                assert "stated by the source, and equal to" in f.text
                assert "may include register corrections, not only exits" in f.text
    assert seen >= 1


def test_a_pace_against_the_national_survey_states_no_difference():
    pace = fig("a", "3.305", unit="pp_per_year", start=2014, end=2018, label="fall in poverty incidence")
    ref = Figure("china", "x", Decimal("1.375"), "pp_per_year", scope="rural", start=2014, end=2018, level="country",
                 label="fall in poverty incidence")
    text = claims.render(Claim("gap", (pace,), reference=ref, values={"gap": Decimal("1.930")}))
    assert "difference" not in text and "1.93" not in text
    assert "about 3.3 pp a year" in text and "about 1.4 pp a year" in text and "not measured on the same basis" in text
    # against a benchmark of the same basis (not the nation) the difference is a finding
    other = Figure(**{**ref.__dict__, "region": "b", "level": "prefecture"})
    assert "a difference of" in claims.render(Claim("gap", (pace,), reference=other, values={"gap": Decimal("1.9")}))


def test_sentences_show_at_most_two_decimals(reports):
    for name, key in reports.items():
        for f in [*key, *key.messages]:
            assert not re.search(r"\d\.\d{3,}", f.text), (name, f.text)
    text = claims.render(Claim("level", (fig(value="78688900", unit="yuan", label="funding"),)))
    assert "about 78.7 million yuan" in text


def test_funding_lead_applies_one_rule_in_order():
    whole_dated = fig(value="5", unit="yuan", measure="actual", end=2019)
    whole_undated = fig(value="50", unit="yuan", measure="actual")
    part = fig(value="500", unit="yuan", measure="cumulative", scope="subset", scope_note="a county", end=2019)
    per_unit = fig(value="5000", unit="yuan", measure="actual", per="person", end=2019)
    flagged = fig(value="900", unit="yuan", measure="actual", end=2019, anomalies=(("a1", "contradiction"),))
    plan = fig(value="9999", unit="yuan", measure="plan", end=2020)
    every = [whole_dated, whole_undated, part, per_unit, flagged, plan]
    assert findings.funding_lead(every) is whole_dated
    assert findings.funding_lead([whole_undated, part]) is whole_undated
    assert findings.funding_lead([part, per_unit]) is part
    assert findings.funding_lead(every, delivered=False) is plan
    assert findings.funding_lead([per_unit, flagged]) is None


def test_the_funding_messages_give_every_prefectures_delivered_amount_by_the_rule(reports):
    key = reports["funding"]
    assert findings.FUNDING_RULE in key.method
    facts = povlib.load_facts()
    levels = dict(zip(povlib.load_regions()["key"], povlib.load_regions()["level"]))
    claims_ = findings.funding_claims(report.check_regions("all"))
    delivered = [c for c in claims_ if c.kind == "level" and c.figures[0].measure in ("actual", "cumulative")]
    # amounts of different sectors, sources and periods are never listed side by side in one message
    for m in key.messages:
        if m.claim is not None and m.claim.kind != "comparison":
            assert len({f.region for f in m.claim.figures}) == 1, m.text
    # the delivered amount a message states is the one with the fewest caveats; every other is a finding
    told = {f.region for m in key.messages if m.worded for f in m.claim.figures}  # the composition's region
    plainest = min((c for c in delivered if c.figures[0].region not in told), key=findings.plainness)
    assert any(m.claim is not None and m.claim.facts == plainest.facts for m in key.messages)
    stated = {i for item in [*key, *key.messages] for i in item.facts}
    for c in delivered:
        assert levels[c.figures[0].region] in findings.FUNDING_LEVELS and set(c.facts) <= stated
    assert len(delivered) >= 2 and not facts.empty


def test_the_funding_composition_is_a_checked_ranking_of_one_regions_amounts(reports):
    comp = next(m for m in reports["funding"].messages if m.worded)
    c = comp.claim
    assert c.kind == "comparison" and c.superlative == "largest" and len(c.figures) >= 3
    assert len({f.region for f in c.figures}) == 1 and len({(f.start, f.end, f.measure) for f in c.figures}) == 1
    top = max(c.figures, key=lambda f: f.value)
    assert f"the largest is {claims.money(top.value)}" in comp.text and "not added up" in comp.text


def test_no_key_message_or_method_note_names_a_topic_stated_for_no_part(reports):
    facts = povlib.load_facts()
    for region in report.profile_regions():
        key = reports[f"profile-{region}"]
        text = " ".join([*(m.text for m in key.messages), findings.method_line(key)])
        below = set(descendants(region))
        for indicator, words in findings.WHOLE_TOPICS:
            if facts[(facts["indicator"] == indicator) & facts["region"].isin(below)].empty:
                assert f"figure of {words}" not in text and f"{words} (only" not in text, (region, words)
        assert not re.search(r"\d+ more\b", text), (region, text)


def test_a_profile_whose_figures_are_all_plans_gives_its_parts_outcomes_as_numbers(reports):
    for region in report.profile_regions():
        key = reports[f"profile-{region}"]
        note = next((m for m in key.method if "outcomes are stated only for parts" in m), None)
        if note is None:
            continue
        parts = [c for c in findings.part_outcomes(region)]
        assert parts, region
        first = parts[0].figures[0]
        assert any(claims.region_name(first.region) in m.text and m.claim is parts[0] or
                   (m.claim is not None and m.claim.facts == parts[0].facts) for m in key.messages), region
