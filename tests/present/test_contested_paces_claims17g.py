"""Round 6: contested figures never lead, paces on inferred years are ranges, caveats in words at
every finding (curated caveat words when an anomaly has them), no side-by-side funding list."""

import re
from decimal import Decimal
from types import SimpleNamespace

from povlib.analysis import metrics
from povlib.present import claims, findings
from povlib.present.claims import Claim, Figure


def fig(value="10", start=2017, end=2017, end_stated=True, anomalies=(), caveats=(), unit="percent",
        label="poverty incidence"):
    return Figure(region="a", indicator="poverty_incidence", value=Decimal(value), unit=unit, start=start, end=end,
                  end_stated=end_stated, facts=(f"a-2020-{value}",), anomalies=tuple(anomalies),
                  caveats=tuple(caveats), label=label)




# --- paces on an inferred year ------------------------------------------------------------------

def test_possible_spans_let_each_inferred_year_be_a_year_earlier():
    assert claims.possible_spans(fig(end=2013), fig(end=2017)) == [4]
    assert claims.possible_spans(fig(end=2013), fig(end=2017, end_stated=False)) == [3, 4]
    assert claims.possible_spans(fig(end=2014, end_stated=False), fig(end=2018, end_stated=False)) == [3, 4, 5]
    assert claims.possible_spans(fig(end=None), fig(end=2018)) == []


def test_a_pace_on_an_inferred_end_year_is_a_range_never_one_number():
    a, b = fig("30", end=2014), fig("18", end=2018, end_stated=False)
    text = claims.render(Claim("change", (a, b), values={"decline_pp": Decimal("12"), "pp_per_year": Decimal("3")}))
    # 12 pp over 4 or 3 years: 3 to 4 pp a year
    assert "no single pace a year: about 3–4 pp a year over 3–4 years" in text and "about 3 pp a year over 4" not in text
    stated = claims.render(Claim("change", (a, fig("18", end=2018)),
                                 values={"decline_pp": Decimal("12"), "pp_per_year": Decimal("3")}))
    assert "3 pp a year over 4 years" in stated and "no single pace" not in stated


def test_no_report_states_a_single_pace_on_an_inferred_year(reports):
    for name, key in reports.items():
        for f in [*key.messages, *key, *key.contested]:
            if f.claim is not None and f.claim.kind == "change" and f.claim.values.get("pp_per_year"):
                a, b = f.claim.figures[0], f.claim.figures[-1]
                if len(claims.possible_spans(a, b)) > 1:
                    assert "no single pace a year" in f.text and re.search(r"\d–\d[\d.]* pp a year", f.text), f.text
            if f.claim is not None and f.claim.kind in ("gap", "comparison"):
                for x in f.claim.figures:  # a pace compared or set against the nation has stated years
                    assert x.unit != "pp_per_year" or (x.start_stated and x.end_stated), (name, f.text)


# --- contested figures ----------------------------------------------------------------------------

def test_a_contested_figure_is_never_a_key_message_or_finding(reports):
    moved = 0
    for name, key in reports.items():
        for f in [*key.messages, *key]:
            assert not findings.contested(f.claim), (name, f.text)
            # nor does a worded message (a summary) quote a figure its source contradicts
            assert not (f.claim is None and "contradicts" in f.text and re.search(r"\d%", f.text)), (name, f.text)
        for f in key.contested:
            assert findings.contested(f.claim) and "contradicts" in f.text
            moved += 1
    assert moved >= 2  # Zhaotong's contradicted rates and Qamdo's 1,127 villages are in the data


def test_the_contested_line_is_printed_under_the_findings_with_its_links(reports):
    key = reports["profile-changdu"]
    html = findings.show_findings(key).data
    assert "Contested figures" in html and "1,127" in html and 'href="#fact-changdu-2020-004"' in html
    assert "Contested: Qamdo: 1,127" in findings.as_text(key)
    assert html.index("key-findings") < html.index("Contested figures")


# --- caveats in words ------------------------------------------------------------------------------

def test_every_anomaly_named_in_a_finding_is_written_in_words(reports):
    for name, key in reports.items():
        for f in [*key.messages, *key, *key.contested]:
            # never 'anomaly x' alone after a semicolon or a bracket (an id without its words)
            assert not re.search(r"(?:;|(?<!year )\() ?anomaly [a-z]+-\d{4}-a\d+[;)]", f.text), (name, f.text)


def test_a_curated_caveat_replaces_the_words_of_the_kind():
    words = "whether the 680 million yuan for the county grid is part of it is not stated (next 3 years)"
    f = fig("12000", unit="yuan", label="funding", anomalies=[("s-a10", "missing_year")], caveats=[("s-a10", words)])
    text = claims.render(Claim("level", (f,)))
    assert "is part of it is not stated, next 3 years, anomaly s-a10" in text
    assert claims.NOTE_WORDS["missing_year"] not in text
    plain = claims.render(Claim("level", (fig("12000", unit="yuan", label="funding",
                                              anomalies=[("s-a10", "missing_year")]),)))
    assert f"{claims.NOTE_WORDS['missing_year']}, anomaly s-a10" in plain


def test_figure_from_facts_takes_the_curated_caveat_of_each_anomaly():
    fact = {"fact_id": "a-2020-001", "region": "a", "indicator": "persons_lifted", "value_exact": "5", "unit": "persons",
            "measure": "actual", "qualifier": "", "scope": "all", "scope_note": "", "period_start": None,
            "period_end": None, "year_basis": "stated", "quote": "", "per": ""}
    anomalies = {"a-2020-001": [("a-2020-a01", "ambiguous"), ("a-2020-a02", "typo")]}
    f = claims.figure_from_facts([fact], anomalies, {}, {}, caveat_texts={"a-2020-a01": "counts households"})
    assert f.caveats == (("a-2020-a01", "counts households"),)
    text = claims.render(Claim("level", (f,)))
    assert "counts households, anomaly a-2020-a01" in text and claims.NOTE_WORDS["typo"] in text


def test_anomaly_caveats_reads_the_optional_field(monkeypatch):
    cat = SimpleNamespace(anomalies=[{"anomaly_id": "x-a01", "caveat": " may cover part only "},
                                     {"anomaly_id": "x-a02"}, {"anomaly_id": "x-a03", "caveat": ""}])
    monkeypatch.setattr(metrics.catalog_loader, "load", lambda layout=None: cat)
    assert metrics.anomaly_caveats() == {"x-a01": "may cover part only"}


# --- funding and poverty-rates messages ------------------------------------------------------------

def test_no_message_sets_amounts_of_several_regions_side_by_side(reports):
    for m in reports["funding"].messages:
        regions = {f.region for f in m.claim.figures} if m.claim is not None else set()
        assert m.claim is not None and (len(regions) == 1 or m.claim.kind == "comparison"), m.text
        assert "key delivered amount" not in m.text


def test_the_national_pace_is_never_a_key_message(reports):
    for m in reports["poverty-rates"].messages:
        assert "survey estimate" not in m.text and (m.claim is None or m.claim.kind != "gap"), m.text


def test_pace_range_gives_tables_the_range_an_inferred_year_allows():
    rows = {r["region"]: r for _, r in metrics.poverty_rate_declines().iterrows()}
    # Liangshan 29.3% (2013, stated) to 21.1% (2017?, may be end-2016): 8.2 / 4 and 8.2 / 3
    assert metrics.pace_range(rows["liangshan"]) == (2.05, 2.733)
    assert metrics.pace_range(rows["tongren"]) is None  # no start year: no pace at all
    assert metrics.possible_spans(2013, 2017) == [4] and metrics.possible_spans(2013, 2017, end_inferred=True) == [3, 4]
