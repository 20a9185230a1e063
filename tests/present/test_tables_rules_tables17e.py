"""One rule for every reader table: † with anomaly id and reason, clean notes, one vocabulary for
measures and periods, per-unit amounts with their per-words, no mostly-empty columns, English-only
cells outside the quotes, every quote with all its fact ids."""

import re

import pandas as pd
import pytest

from povlib.analysis import metrics
from povlib.catalog.frames import load_facts
from povlib.present import report, views
from povlib.present.pubtable import Col, render_html
from povlib.present.text import HAN_CHAR

FACTS = load_facts().set_index("fact_id", drop=False)
ALL = sorted(report.region_labels())


def _cells(html: str, kind: str | None = None) -> list[str]:
    """Return the text of the table cells (of one column kind; else all but the quotes)."""
    pattern = rf"<td class='k-{kind}'>(.*?)</td>" if kind else r"<td class='k-(?!quote)[^']*'>(.*?)</td>"
    cells = re.findall(pattern, html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", c) for c in cells]


def test_headline_rows_whose_fact_has_an_anomaly_carry_dagger_id_and_reason():
    html = views.headline(report.headline("liangshan")).data
    named = metrics.anomaly_index()
    rows = report.headline("liangshan")
    marked = [f for f in rows["fact_id"] if named.get(f)]
    assert marked, "Liangshan's headline facts are named by anomaly a14"
    for f in marked:
        for anomaly, kind in named[f]:
            assert f"{anomaly} ({views.KIND_WORDS[kind]})" in html
    # the row itself is marked, not only its note
    assert html.count(" †<sup") == len(marked)


def test_every_metric_table_row_with_an_anomaly_gets_the_same_dagger_note():
    labels = report.region_labels()
    funding = report.metric("funding", ALL)
    html = views.funding(funding, labels).data
    with_anomaly = funding[funding["anomalies"].astype(str).str.len() > 0]
    assert len(with_anomaly)
    for ids in with_anomaly["anomalies"]:
        for anomaly in str(ids).split(";"):
            assert re.search(rf"† [^<]*{re.escape(anomaly)} \(\w[\w-]*\)", html)
    assert "Rests on anomaly" not in html  # the old long clause is gone


@pytest.mark.parametrize("parts, expected", [
    # a run-on join of two notes becomes two sentences
    (["A year is not stated, so no per-year rate; Starting incidence of the decline"],
     "A year is not stated, so no per-year rate. Starting incidence of the decline."),
    # a clause that only repeats an earlier one is left out
    (["Incidence of the 11 deep-poverty counties (taken together) at end-2013, not of the whole prefecture.",
      "Incidence of the 11 deep-poverty counties (not the whole prefecture); the text gives no year"],
     "Incidence of the 11 deep-poverty counties (taken together) at end-2013, not of the whole prefecture. "
     "The text gives no year."),
    # a note about one fact of a row names it, not as a capitalised id
    (["zhaotong-2019-018: the text words it so"], "Fact zhaotong-2019-018: the text words it so."),
])
def test_notes_are_sentences_without_repeats(parts, expected):
    assert views.clean_note(parts) == expected


def test_notes_drop_chinese_glosses_but_keep_quoted_titles_and_separate_thousands():
    text = views.clean_note(["Funds integrated (整合) for 1048 projects (多方筹措, sources not named) "
                             "under 《实施方案(2018-2020年)》 in 2018"])
    assert "整合" not in text and "多方筹措" not in text and "(sources not named)" in text
    assert "《实施方案(2018-2020年)》" in text
    assert "1,048 projects" in text and "in 2018" in text


def test_per_unit_amounts_say_per_what_and_a_year_when_the_source_does():
    assert views.per_unit(FACTS.loc["changdu-2020-083"]) == "person_year"  # 每人每年4713元
    assert views.per_unit(FACTS.loc["zhaotong-2019-248"]) == "household_year"  # household income, annual
    assert views.per_unit(FACTS.loc["changdu-2020-048"]) == ""  # a funding total
    named = metrics.anomaly_index()
    text = views.figure(FACTS.loc["zhaotong-2019-248"], "Household income", named)
    assert "100,000 yuan per household" in text and "million" not in text


def test_measures_read_as_one_word_in_every_table():
    labels = report.region_labels()
    funding = report.metric("funding", ALL)
    measures = _cells(views.funding(funding, labels).data, "text")
    assert "plan" not in measures and "planned" in measures


def test_a_column_that_applies_to_few_rows_becomes_their_notes():
    df = pd.DataFrame({"name": ["a", "b", "c"], "check": ["", "Computed: 5.", ""], "n": ["", "", ""]})
    html = render_html(df, [Col("name", "Name"), Col("check", "Check", aside=True)], note="n")
    assert "<th" in html and "Check" not in html
    assert "<li>Computed: 5.</li>" in html and html.count("<sup") == 1
    # kept as a column when it applies to most rows
    df2 = df.assign(check=["x", "y", ""])
    assert "Check" in render_html(df2, [Col("name", "Name"), Col("check", "Check", aside=True)], note="n")


def test_reductions_table_has_no_mostly_empty_columns():
    html = views.reductions(report.metric("headcount_reductions", ALL), report.region_labels()).data
    for one in re.findall(r"<table.*?</table>", html, flags=re.S):  # one table per block of measures
        head = re.findall(r"<th[^>]*>(.*?)</th>", one)
        rows = [r for r in re.findall(r"<tr>(.*?)</tr>", one, flags=re.S) if "<td" in r]
        assert "Computed (persons)" not in head and "Agree" not in head
        for j in range(len(head)):
            column = [re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.S)[j] for r in rows]
            assert sum(c == "—" for c in column) * 2 < len(column), head[j]
    # a stated figure that equals a difference of two counts is the source's, and says so first
    assert "Stated by the source; it also equals the difference of two counts of the poor population" in html


def test_no_chinese_in_region_or_figure_cells():
    labels = report.region_labels()
    for html in (views.funding(report.metric("funding", ALL), labels).data,
                 views.relocation(report.metric("relocation_scale", ALL), labels).data):
        region = _cells(html, "text")
        assert region and not any(HAN_CHAR.search(c) for c in region)
    rows = views._fact_rows(list(FACTS[FACTS["region"] == "changdu"]["fact_id"]))
    assert not any(HAN_CHAR.search(f) for f in rows["figures"]) and not any(HAN_CHAR.search(r) for r in rows["region_label"])


def test_a_quote_is_shown_with_every_fact_it_supports():
    ids = views.with_quoted(["zhaotong-2019-056"])
    assert "zhaotong-2019-055" in ids  # the national 3% threshold in the same words
    rows = views._fact_rows(["zhaotong-2019-056"])
    assert any("zhaotong-2019-055" in r.split(";") for r in rows["fact_ids"])


def test_the_years_of_a_decline_row_are_marked_as_the_facts_are_in_every_other_table():
    declines = report.metric("poverty_rate_declines", ALL)
    data = views._years(declines)
    for row in data.itertuples():
        for label, fact in ((row.from_label, row.start_fact), (row.to_label, row.end_fact)):
            if label != "—":
                assert views._period(FACTS.loc[fact]).endswith(label[-1] if label.endswith("?") else label[-4:])
                assert label.endswith("?") == views._period(FACTS.loc[fact]).endswith("?")


def test_a_half_year_reads_as_words_in_every_table():
    row = pd.Series({"period_start": "2020-01", "period_end": "2020-06", "period_text": "",
                     "start_basis": "document_date", "end_basis": "document_date"})
    assert views._period(row) == "first half of 2020?"
