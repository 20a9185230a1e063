"""Reader tables: numbers with units and no exponent, footnotes, fact links, escaping."""

import pandas as pd
import pytest

from povlib.present.pubtable import NOT_STATED, Col, fact_links, fmt_number, fmt_quantity, render_html


@pytest.mark.parametrize("value, text", [(1843700.0, "1,843,700"), (2.05, "2.05"), (1e9, "1,000,000,000"),
                                         (0.005674, "0.005674"), (-13.22, "-13.22"), (float("nan"), NOT_STATED),
                                         (None, NOT_STATED), (pd.NA, NOT_STATED)])
def test_numbers_have_separators_and_never_an_exponent(value, text):
    assert fmt_number(value) == text


@pytest.mark.parametrize("value, unit, raw, text", [
    (1843700, "persons", "184.37萬人", "184.37 万人"), (19924, "persons", "19924人", "19,924 persons"),
    (580000000, "yuan", None, "5.8 亿元"), (22415000, "yuan", "2241.5萬元", "2,241.5 万元"),
    (25.71, "percent", "25.71%", "25.71%"), (13.22, "pp", None, "13.22 pp"), (350000, "persons", None, "35 万人"),
    (1, "persons", "1人", "1 person"), (1, "hours", "1小时", "1 hour"), (2, "hours", "2小时", "2 hours"),
])
def test_quantities_keep_the_sources_wan_and_yi(value, unit, raw, text):
    assert fmt_quantity(value, unit, raw) == text


def test_identical_notes_share_one_footnote_and_cells_are_escaped():
    df = pd.DataFrame({"name": ["<b>a</b>", "b", "c"], "note": ["same", "same", "other"],
                       "fact_id": ["x-2019-001", "x-2019-002", ""]})
    html = render_html(df, [Col("name", "Name"), Col("fact_id", "Fact", "facts")], "Cap", note="note", row_id="fact_id")
    assert "&lt;b&gt;a&lt;/b&gt;" in html and "<b>a</b>" not in html
    assert html.count("<sup class='fn'>1</sup>") == 2 and html.count("<sup class='fn'>2</sup>") == 1
    assert "<li>same</li><li>other</li>" in html
    assert "id='fact-x-2019-001'" in html and 'href="#fact-x-2019-002"' in html
    assert f"<td class='k-facts'>{NOT_STATED}</td>" in html
    assert f"{NOT_STATED} not stated" not in html  # the legend is printed once per report, not per table


def test_fact_links_split_several_ids():
    assert fact_links("a-2019-001;b-2020-002").count('<a class="fact"') == 2
    assert fact_links("") == NOT_STATED
