"""An anomaly's curated caveat reads as English in every finding (claims.anomaly_caveat)."""

import re

from povlib.catalog.frames import load_anomalies
from povlib.present import claims


def test_a_glossed_chinese_phrase_becomes_its_gloss_and_a_gloss_of_english_is_dropped():
    assert claims.english_only("says “基本消除绝对贫困” (basically eliminated absolute poverty) by 2019") == \
        "says ‘basically eliminated absolute poverty’ by 2019"
    assert claims.english_only("'poor people' (“貧困群眾”) here") == "'poor people' here"


def test_every_curated_caveat_renders_in_english_units_without_chinese():
    rows = load_anomalies()
    rows = rows[rows["caveat"].str.len() > 0]
    assert len(rows) > 0
    for r in rows.itertuples():
        text = claims.anomaly_caveat(r.anomaly_id, r.kind, caveat=r.caveat)
        assert not re.search(r"[\u3400-\u9fff]", text), text
        assert text.endswith(f", anomaly {r.anomaly_id}") and len(text) > len(r.anomaly_id) + 30


def test_a_figure_kept_out_of_comparisons_says_why_in_its_kinds_words_before_the_caveat():
    text = claims.anomaly_caveat("x-a01", "contradiction", caveat="the totals disagree")
    assert text == "the source contradicts itself on this figure: the totals disagree, anomaly x-a01"
    assert claims.anomaly_caveat("x-a02", "ambiguous", caveat="may cover part") == "may cover part, anomaly x-a02"


def test_a_contested_figures_facts_get_a_sources_entry():
    from povlib.present import findings, report
    key = findings.profile("changdu")
    contested = {i for c in key.contested for i in c.facts}
    assert contested and contested <= set(report.fact_ids(key))


def test_a_chart_source_line_names_an_untitled_document_by_its_bracketed_description():
    from povlib.catalog.frames import load_sources
    from povlib.present import plots
    src = load_sources()
    untitled = src[src["title_en"].str.startswith("(untitled)")]
    assert len(untitled) > 0
    line = plots.source_text(untitled.assign(outlet_en="")[:1])
    assert "(untitled)" not in line and line.startswith("Source: [") and "“" not in line
