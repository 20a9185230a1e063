"""Issue 17 round 2 (claims17c): key messages and findings that a reader can cite as they are.
Each test failed before its fix."""

import re
from decimal import Decimal

import pandas as pd

from povlib.analysis import metrics
from povlib.present import claims, findings
from povlib.present.claims import Claim, Figure


def fig(region="a", value="10", measure="actual", unit="persons", start=2017, end=2017, anomalies=(), per="",
        label="people lifted out of poverty", indicator="persons_lifted", start_stated=True, end_stated=True):
    return Figure(region=region, indicator=indicator, value=Decimal(value), unit=unit, measure=measure,
                  start=start, end=end, start_stated=start_stated, end_stated=end_stated, per=per,
                  facts=(f"{region}-2020-001",), anomalies=tuple(anomalies), label=label)


def all_text(f) -> str:
    return " ".join([*(m.text for m in f.messages), *(x.text for x in f)])


# --- money in the one unit of the reports -------------------------------------------------------

def test_money_totals_read_in_million_yuan_and_rates_in_yuan():
    total = fig(unit="yuan", value="4600000000", label="funding", indicator="funding")
    assert "4,600 million yuan of funding" in claims.render(Claim("level", (total,)))
    rate = fig(unit="yuan", value="4713", per="person_year", label="minimum living allowance", indicator="funding")
    text = claims.render(Claim("level", (rate,)))
    assert "4,713 yuan per person per year" in text and "million" not in text
    yearly = fig(unit="yuan", value="300000000", per="year", label="funding", indicator="funding")
    assert "300 million yuan a year" in claims.render(Claim("level", (yearly,)))


def test_no_billion_or_chinese_unit_in_any_key_finding():
    for f in [findings.funding(["aba", "changdu", "tongren", "xinzhou", "zhaotong"]), findings.profile("aba")]:
        text = all_text(f)
        assert "billion" not in text and not re.search(r"[亿億万萬]", text), text


# --- one clean caveat ---------------------------------------------------------------------------

def test_a_caveat_has_one_level_of_brackets_and_never_says_stated_and_assumed():
    f = fig(anomalies=(("x-a01", "missing_year"),), end_stated=False)
    text = claims.render(Claim("level", (f,)))
    assert "assumed" not in text
    inside = re.findall(r"\(([^()]*\([^()]*\)[^()]*)\)", text)
    assert not inside, text


def test_an_anomaly_caveat_is_written_in_words_at_every_finding():
    key = findings.profile("xinzhou")
    from povlib.catalog.frames import load_anomalies
    a07 = load_anomalies().set_index("anomaly_id").loc["xinzhou-2018-a07"]
    full = claims.anomaly_caveat("xinzhou-2018-a07", a07["kind"], caveat=a07["caveat"])
    assert len(full) > len("anomaly xinzhou-2018-a07") + 20   # words, not the id alone
    # every key message and key finding is quoted on its own: each one that names the anomaly words it
    carrying = [f.text for f in [*key.messages, *key] if "xinzhou-2018-a07" in f.text]
    assert len(carrying) >= 3 and all(full in t for t in carrying)


def test_a_schedule_with_inferred_years_never_ends_in_a_question_mark_and_full_stop():
    a = fig(measure="target", start=2017, end=2017, end_stated=False, start_stated=False)
    b = fig(measure="target", value="20", start=2018, end=2018, end_stated=False, start_stated=False)
    text = claims.render(Claim("schedule", (a, b)))
    assert "?." not in text and text.endswith("(2018?).")


def test_no_pace_wording_names_the_missing_year_once():
    text = findings.as_text(findings.profile("tongren"))
    line = next(x for x in text.splitlines() if "24.74%" in x)
    assert "no pace a year: the source gives no start year" in line and "assumed" not in line
    assert line.count("tongren-2020-a02") == 1


def test_a_pace_says_how_its_years_were_counted():
    # Liangshan 29.3% (2013) to 21.1% (2017?, may be end-2016): 8.2 pp over 4 or 3 years
    text = findings.as_text(findings.profile("liangshan"))
    assert "about 2.1–2.7 pp a year over 3–4 years (end − start)" in text and "2.05" not in text


def test_a_subset_note_with_its_own_brackets_is_not_nested():
    assert claims.flat("villages relocated (whole-village relocation)") == \
        "villages relocated, whole-village relocation"


# --- key messages that do not contradict the report -------------------------------------------

def test_plans_only_note_names_the_parts_and_the_messages_give_their_outcomes():
    key = findings.profile("ganzi")
    plan = next(m for m in key.method if "plan or target" in m)
    assert "as a whole" in plan and "Shiqu" in plan and "Every figure below" not in plan
    assert "years all inferred" in plan
    # the parts' outcomes are given as numbers in a key message, not only named
    shiqu = next(m.text for m in key.messages if m.text.startswith("Shiqu"))
    assert "2,279" in shiqu and "5,358" in shiqu


def test_not_stated_lists_what_is_stated_only_for_parts():
    sichuan = findings.method_line(findings.profile("sichuan"))
    assert "poverty incidence is stated for Sichuan as a whole, only for parts: the 11 deep-poverty counties of " \
           "Liangshan." in sichuan
    funding = re.search(r"No figure of funding[^.]*\.", sichuan).group(0)
    # every part is named (no 'N more'), and a note keeps its own brackets
    assert "more" not in funding and "Jiuzhaigou County" in funding and "Zhaojue County" in funding
    assert "the deep-poverty areas (State Grid Sichuan's grid programme)" in funding
    liangshan = findings.method_line(findings.profile("liangshan"))
    assert "No figure of funding is stated for Liangshan as a whole, only for parts: Zhaojue County." in liangshan
    # a topic stated for no part at all is left to the page's "Not reported by this source" line
    aba = findings.profile("aba")
    assert not any("people relocated" in t for t in [*aba.method, *(m.text for m in aba.messages)])


def test_the_funding_messages_hold_no_count_of_rows_per_region():
    f = findings.funding(["aba", "changdu", "tongren", "xinzhou", "zhaotong"])
    assert not any("Amounts stated per region" in m.text for m in f.messages)
    assert all(findings.states_number(m.text) for m in f.messages)  # funding figures instead
    assert any("million yuan" in m.text for m in f.messages)


# --- the national benchmark ---------------------------------------------------------------------

def test_no_national_gap_says_which_years_each_region_lacks():
    national = pd.DataFrame({"year": [2012, 2017, 2019], "rate_pct": [10.2, 3.1, 0.6], "fact_id": ["n1", "n2", "n3"]})
    change = Claim("change", (fig("liangshan", "29.3", start=2013, end=2013, unit="percent"),
                              fig("liangshan", "21.1", start=2017, end=2017, unit="percent")))
    msg = findings._no_national_gap(national, findings._national_spans([change], national)).text
    assert "2012, 2017 and 2019" in msg and "Liangshan: 2013 missing" in msg


def test_a_national_gap_uses_the_same_years_when_both_exist():
    national = pd.DataFrame({"year": [2014, 2018], "rate_pct": [7.2, 1.7], "fact_id": ["n1", "n2"]})
    pace = fig("zhaotong", "3.305", unit="pp_per_year", start=2014, end=2018, indicator="pace", label="fall")
    gap = findings.national_gaps([pace], national)[0]
    assert gap.reference.value == Decimal("1.375") and gap.values["gap"] == Decimal("1.930")


# --- headcount metrics ---------------------------------------------------------------------------

def test_a_review_count_stock_gives_no_one_year_per_year_figure():
    df = metrics.headcount_reductions()
    row = df[df["facts"].str.contains("zhaotong-2019-042")].iloc[0]
    assert pd.isna(row["persons_per_year"]) and "not a one-year change" in row["note"]
    claim = next(c for c in findings.profile_claims("zhaotong")[0] if "zhaotong-2019-042" in c.facts)
    assert "not a one-year change" in claims.render(claim)


def test_a_stated_difference_of_two_stocks_counts_end_minus_start_years():
    df = metrics.headcount_reductions()
    row = df[df["facts"].str.contains("zhaotong-2019-020")].iloc[0]
    assert row["years"] == 4 and row["basis"] == "stated+computed" and row["agree"] is True
    assert row["persons_computed"] == 1255400 and "difference of two stocks" in row["counting"]


def test_a_one_year_row_repeats_no_per_year_figure():
    df = metrics.headcount_reductions()
    assert df.loc[df["years"] == 1, "persons_per_year"].isna().all()
    assert (df["years"] == 1).any()


def test_span_unclear_reads_the_note_and_ambiguous_anomalies():
    assert metrics.span_unclear({"note": "plain year-end stock", "fact_id": "x", "year_end": 2017}) == ""
    assert "2017" in metrics.span_unclear({"note": "locked during the review, before that year's exits",
                                           "fact_id": "x", "year_end": 2017})
    assert "x-a09" in metrics.span_unclear({"note": "", "fact_id": "x"}, {"x": [("x-a09", "ambiguous")]})


def test_a_superlative_needs_one_period_even_for_per_year_figures():
    import pytest
    rows = [fig(r, v, unit="pp_per_year", start=s, end=e, indicator="pace", label="fall")
            for r, v, s, e in (("a", "3", 2013, 2017), ("b", "2", 2014, 2018), ("c", "1", 2014, 2018))]
    with pytest.raises(claims.ClaimError, match="different periods"):
        Claim("comparison", tuple(rows), superlative="fastest")
    assert claims.compare(rows, "fastest").superlative == ""
    same = [fig(r, v, unit="pp_per_year", start=2014, end=2018, indicator="pace", label="fall")
            for r, v in (("a", "3"), ("b", "2"), ("c", "1"))]
    assert claims.compare(same, "fastest").superlative == "fastest"


def test_a_contradicted_pace_is_set_against_the_national_pace_with_its_anomaly_as_caveat():
    # a benchmark gap is not a ranking: the pace is shown against the nation, and the anomaly the
    # pace rests on goes with it into the sentence
    national = pd.DataFrame({"year": [2014, 2018], "rate_pct": [7.2, 1.7], "fact_id": ["n1", "n2"]})
    bad = (("z-a01", "contradiction"),)
    pace = fig("zhaotong", "3.305", unit="pp_per_year", start=2014, end=2018, indicator="pace", label="fall",
               anomalies=bad)
    gaps = findings.national_gaps([pace], national)
    assert len(gaps) == 1 and gaps[0].values["gap"] == Decimal("3.305") - Decimal("1.375")
    assert "z-a01" in claims.render(gaps[0])
