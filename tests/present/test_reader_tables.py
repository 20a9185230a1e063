"""Reader tables: units, year marks, dates, merged quotes, figures given as written, one legend."""

import pandas as pd
import pytest

from povlib.catalog.frames import load_facts
from povlib.present import views
from povlib.present.pubtable import NOT_STATED, Col, plain_dates, render_html, sentence
from povlib.present.text import HAN_CHAR


@pytest.mark.parametrize("text, expected", [
    ("2017-12", "Dec 2017"),
    ("2019-01–2019-02", "Jan–Feb 2019"),
    ("2018-12–2019", "Dec 2018–2019"),
    ("2018-06?", "Jun 2018?"),
    ("2016–2020?", "2016–2020?"),
])
def test_plain_dates_write_months_as_words(text, expected):
    assert plain_dates(text) == expected


def test_a_column_empty_in_every_row_is_dropped_and_a_partly_filled_one_kept():
    df = pd.DataFrame({"name": ["a", "b"], "empty": [None, None], "some": [None, 5]})
    html = render_html(df, [Col("name", "Name"), Col("empty", "Nothing here", "number"),
                            Col("some", "Some", "number")])
    assert "Nothing here" not in html and "Some" in html
    assert html.count("<th class=") == 2


def test_notes_joined_with_full_stop_and_semicolon_become_clean_sentences():
    assert sentence(["first note.; second note"]) == "First note. Second note."


def test_overlapping_quotes_of_one_sentence_make_one_row_with_all_their_ids():
    rows = views._fact_rows(["zhaotong-2019-001", "zhaotong-2019-002", "zhaotong-2019-003",
                             "tongren-2020-056", "tongren-2020-057", "tongren-2020-053", "tongren-2020-054"])
    assert len(rows) == 3
    by_first = {r.fact_ids.split(";")[0]: r for r in rows.itertuples()}
    assert by_first["zhaotong-2019-001"].fact_ids == "zhaotong-2019-001;zhaotong-2019-002;zhaotong-2019-003"
    assert by_first["zhaotong-2019-001"].quote.endswith("1市1區")
    assert by_first["tongren-2020-056"].fact_ids == "tongren-2020-056;tongren-2020-057"
    assert "正式挂牌6个" in by_first["tongren-2020-056"].quote
    assert by_first["tongren-2020-053"].quote.count("358场次") == 1


def test_every_sources_figure_names_its_measure():
    facts = load_facts()
    plans = list(facts[facts["measure"] == "plan"]["fact_id"][:20])
    named = views.metrics.anomaly_index()
    texts = [views.figure(r, "Label", named) for _, r in facts.set_index("fact_id", drop=False).loc[plans].iterrows()]
    assert len(texts) == len(plans) and all("(planned, " in t for t in texts)
    assert not any("(actual" in t or "(plan," in t for t in texts)


def test_a_figure_an_anomaly_calls_impossible_is_given_as_written_and_not_converted():
    rows = views._fact_rows(["changdu-2020-025"])
    figures = rows["figures"].iloc[0]
    text = figures[figures.index("(land transfer)"):figures.index("changdu-2020-a03", figures.index("a01"))]
    # not converted, and no Chinese outside the quote column: the quote beside it has the figure
    assert "as written in the quote, not converted" in text and "† " in text and "(impossible)" in text
    assert "267,490,000" not in text and not HAN_CHAR.search(text)


def test_a_level_gets_its_year_never_since():
    fact = load_facts().set_index("fact_id").loc["zhaotong-2019-023"].copy()
    fact["fact_id"] = "zhaotong-2019-023"
    assert fact["period_text"].endswith("以來")
    # its year, not "since 2014"; inferred, as every table, chart and sentence marks it: the span
    # phrase 2014年以來 around the level does not date the level (metrics.end_bases)
    assert views._period(fact) == "2014?"


def test_question_mark_on_exactly_the_inferred_years():
    row = pd.Series({"period_start": "2016", "period_end": "2020", "period_text": "",
                     "start_basis": "stated", "end_basis": "document_date"})
    assert views._period(row) == "2016–2020?"
    assert views._year(2017, "context") == "2017?" and views._year(2017, "stated") == "2017"
    assert views._year(None, "stated") == NOT_STATED
    plan = pd.Series({"period_start": "2016", "period_end": "2020", "period_text": "“十三五”以来",
                      "start_basis": "context", "end_basis": "document_date"})
    assert "2016?" not in views._period(plan) and "2020?" in views._period(plan)


def test_per_person_amounts_never_sit_in_the_totals_column():
    per_person = pd.Series({"per": "person_year", "value_exact_yi": "0.00004713", "level": 0})
    total = pd.Series({"per": "", "value_exact_yi": "46", "level": 1})
    assert views._amount_cells(per_person, "") == (NOT_STATED, NOT_STATED, "4,713 yuan per person per year")
    assert views._amount_cells(total, "more_than") == ("↳ more than 4,600.00", NOT_STATED, NOT_STATED)  # two decimals


def test_no_table_repeats_the_legend_that_the_definitions_box_gives_once():
    html = views.sources(["changdu-2020-025", "tongren-2020-056"]).data
    assert "not stated in the source" not in html and "? =" not in html
    assert "In povlib as" not in html
    assert "In povlib as" not in html


def test_an_amount_completed_under_a_planned_total_reads_as_progress_not_as_a_part():
    import re as _re
    from povlib.analysis import metrics
    from povlib.catalog.frames import load_facts
    from povlib.present import report
    facts = load_facts().set_index("fact_id")
    html_ = views.funding(metrics.funding(), report.region_labels())._repr_html_()
    rows = _re.findall(r"<tr[^>]*>.*?</tr>", html_, flags=_re.S)
    progress = [(p, f) for f, p in facts["part_of"].dropna().items() if p and p in facts.index
                and facts.loc[p, "measure"] in ("plan", "target") and facts.loc[f, "measure"] in ("actual", "cumulative")
                and f'href="#fact-{f}"' in html_]
    assert progress, "the data has an amount completed under a planned total"
    for plan, done in progress:
        row = next(r for r in rows if f"fact-{done}" in r)
        assert "completed so far" in row and "↳" not in row and "% of the plan" in row


def test_a_pace_over_an_inferred_year_shows_the_range_the_sentences_give():
    assert views.pace_range_cell("2.05", (2.05, 2.733)) == "2.05–2.733 (2.1–2.7), a year inferred"
    assert views.pace_range_cell("3.305", (3.305, 3.305)) == "3.305 (3.3)"
    from povlib.analysis import metrics
    from povlib.present import report
    df = metrics.poverty_rate_declines()
    html_ = views.declines(df, report.region_labels())._repr_html_()
    ranges = [metrics.pace_range(r) for _, r in df.iterrows()]
    assert sum("a year inferred" in c for c in [views.pace_range_cell(None, r) for r in ranges if r]) == \
        html_.count("a year inferred") > 0


def test_a_whole_region_figure_whose_source_is_ambiguous_about_coverage_is_marked_doubtful():
    from povlib.analysis import metrics
    from povlib.catalog.frames import load_facts
    facts = load_facts().set_index("fact_id")
    marks = metrics.anomaly_index()
    about = views.coverage_anomalies()
    doubtful = [f for f, ks in marks.items() if any(a in about for a, _ in ks)
                and f in facts.index and facts.loc[f, "scope"] == "all"]
    clear = [f for f in facts.index if f not in marks and facts.loc[f, "scope"] == "all"]
    assert doubtful and clear
    row = lambda f: {**facts.loc[f].to_dict(), "fact_id": f}
    assert views._scope(row(doubtful[0])).endswith("? (coverage unclear: see †)")
    assert "?" not in views._scope(row(clear[0]))


def test_a_relocation_row_that_is_part_of_another_rows_figure_is_marked_as_its_part():
    from povlib.analysis import metrics
    from povlib.catalog.frames import load_facts
    from povlib.present import report
    df = metrics.relocation_scale()
    facts = load_facts().set_index("fact_id")
    ids = [[i for i in str(v).split(";") if i in facts.index] for v in df["facts"]]
    row_of = {f: n for n, row in enumerate(ids) for f in row}
    parts = [n for n, row in enumerate(ids) if any(str(facts.loc[f, "part_of"] or "") in row_of
                                                    and row_of[str(facts.loc[f, "part_of"])] != n for f in row)]
    assert parts, "the data has a relocation row that is part of another row"
    labels = views._part_labels(df.assign(region_label=[f"R{n}" for n in range(len(df))]), facts)
    assert all(labels[n].startswith("↳ ") and "(part of R" in labels[n] for n in parts)
    assert all(not labels[n].startswith("↳") for n in range(len(df)) if n not in parts)


def test_a_headcount_row_with_only_a_computed_figure_is_a_computed_change_with_its_caveat():
    text = views._check(None, 545400, "")
    assert "register corrections" in text and "no figure stated" in text
