"""Reader-table rules of issue 17, round 6: scope words, precision notes, funding columns, the pace
column, row order, one period label and one column set per table type."""

import re
from decimal import Decimal

import pandas as pd

from povlib.analysis import metrics
from povlib.catalog.frames import load_facts
from povlib.present import report, views


def _header(html: str) -> list[str]:
    return re.findall(r"<th[^>]*>(.*?)</th>", html.split("</thead>")[0])


def test_whole_region_is_said_only_of_a_province_or_prefecture():
    assert views.whole("zhaotong") == "whole region"
    assert views.whole("yanhe") == "whole county"
    assert views.whole("jingan-site") == "whole area"          # a resettlement area
    assert views.whole("zhaojiaba-site") == "whole site"
    assert views.whole("zhaojiawa-village") == "whole village"
    assert views.whole("sgcc-sichuan") == "as stated"           # a company's own figure
    assert views.whole("no-such-place") == "as stated"


def test_a_difference_of_two_registered_poor_counts_is_registered_poor_only():
    rows = metrics.headcount_reductions()
    row = rows[rows["facts"].str.contains("zhaotong-2019-020", regex=False)].iloc[0]
    assert row["scope"] == "all"  # what the stated fact says; its operands are narrower
    assert views._scope(row) == "registered poor only"
    html = views.reductions(rows[rows["region"] == "zhaotong"], report.region_labels()).data
    assert "whole region" not in html


def test_a_total_whose_parts_add_to_more_says_both_at_the_source_precision():
    facts = load_facts().set_index("fact_id")
    parts = sum(Decimal(str(facts.loc[f, "value_exact"])) for f in ("zhaotong-2019-051", "zhaotong-2019-052"))
    assert parts != Decimal(str(facts.loc["zhaotong-2019-047", "value_exact"]))  # the case at hand
    note = views.precision_note("zhaotong-2019-047")
    assert f"{int(parts / 10**6):,} million yuan" in note and "86,290 million yuan" in note
    assert "source's precision" in note
    merged = views._precision("zhaotong-2019-047", "Total planned; sum of 1 + 2 million yuan. No period stated.")
    assert "sum of" not in merged and "No period stated." in merged and note in merged
    assert views.precision_note("zhaotong-2019-051") == ""  # not a total of a check


def test_funding_table_promises_only_the_columns_it_has():
    funding = metrics.funding()
    labels = report.region_labels()
    lump = funding[funding["per"].isna() | (funding["per"] == "")].head(5)
    html = views.funding(lump, labels).data
    assert not any("Per person" in h for h in _header(html)) and "per person" not in html.split("</caption>")[0]
    yearly = funding[funding["per"] == "year"]
    assert len(yearly)
    html = views.funding(yearly, labels).data
    assert any("a year" in h for h in _header(html)) and not any(h.startswith("Total") for h in _header(html))


def test_pace_cell_gives_the_exact_figure_and_the_text_rounding():
    assert views.pace_cell("3.305") == "3.305 (3.3)"
    assert views.pace_cell("2.05") == "2.05 (2.1)"
    assert views.pace_cell("1.4") == "1.4"
    assert views.pace_cell(None) == "—"


def test_headline_rows_put_the_start_before_the_end():
    facts = load_facts().set_index("fact_id")
    rows = pd.DataFrame({"indicator": ["Rate", "Rate", "Other"], "fact_id": ["zhaotong-2019-024",
                         "zhaotong-2019-023", "zhaotong-2019-020"]})
    out = views.by_period(rows, facts)
    assert list(out["fact_id"]) == ["zhaotong-2019-023", "zhaotong-2019-024", "zhaotong-2019-020"]
    # an undated start in the same sentence as its dated end: the sentence's order
    rows = pd.DataFrame({"indicator": ["Rate", "Rate"], "fact_id": ["tongren-2020-071", "tongren-2020-070"]})
    assert not str(facts.loc["tongren-2020-070", "period_end"] or "")
    assert list(views.by_period(rows, facts)["fact_id"]) == ["tongren-2020-070", "tongren-2020-071"]


def test_one_period_label_per_fact():
    assert views.one_label("2017", "2017", "since the start of 2017") == "2017"
    assert views.one_label("2016", "2020", "since 2016 (13th Five-Year Plan)") == "since 2016 (13th Five-Year Plan)"
    assert views.one_label("2019-01", "2019-02", "before the 2019 Spring Festival") == \
        "Jan–Feb 2019 (before the Spring Festival)"
    assert views.one_label("2018-12", "2019", "2018–2019") == "Dec 2018–2019"
    assert views.one_label("2017-12", "2017-12", "end of 2017") == "Dec 2017"


def test_anomaly_and_source_tables_have_one_column_set_in_every_report():
    heads = {r: _header(views.anomalies(report.anomalies_of(r)).data) for r in ("aba", "zhaotong", "tongren")}
    assert len({tuple(h) for h in heads.values()}) == 1
    assert "Region" in heads["aba"] and not any("other regions" in h for h in heads["aba"])
    one = views.sources(["tongren-2020-024"]).data
    assert "<th" in one and "Region" in _header(one.split("</ul>", 1)[1])
