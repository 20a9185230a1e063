"""The reader's frame (review17d defects 29, 30, 33, 35, 37): a definitions box of the terms the
page uses, placed before its tables; "no chart" sentences said once; a citation a reader can paste."""

from __future__ import annotations

from povlib.present import pages

HEAD = '<div class="jp-OutputArea-child"><div class="jp-RenderedHTMLCommon x"><h2 class="section" id="{0}">{1}</h2></div></div>'
CHART = '<div class="jp-OutputArea-child"><div class="jp-RenderedImage jp-OutputArea-output"><svg width="400pt" height="200pt"></svg></div></div>'
NONE = '<div class="jp-OutputArea-child"><div class="jp-RenderedHTMLCommon x"><p class="chart-none">{}</p></div></div>'
TABLE = '<div class="jp-OutputArea-child"><p class="povlib-caption">T</p><table class="povlib-table"><tr><td>{}</td></tr></table></div>'


def _page(*cells: str, findings: str = "x") -> str:
    body = "".join(f'<div class="jp-Cell jp-CodeCell">{c}</div>' for c in cells)
    return (f'<html lang="en"><head><title>Relocation compared</title></head><body><main>'
            f'<div class="jp-Cell jp-CodeCell"><div class="jp-OutputArea-child"><h1>Relocation compared</h1><p>sub</p>'
            f'<ul class="key-findings"><li>{findings}</li></ul></div></div>{body}'
            f"<div class=\"jp-Cell jp-CodeCell\"><h2 id='sources'>Sources</h2><ul class='povlib-docs'><li>a</li>"
            f"<li>b</li></ul></div></main></body></html>")


def _terms(page: str) -> list[str]:
    return [term for term, _ in pages.definitions_for(page)]


def test_the_box_holds_only_the_terms_the_page_uses():
    plain = _page(findings="Tongren relocated 293,600 people (2016?–2020?)")
    terms = _terms(plain)
    assert "Relocation (易地扶贫搬迁)" in terms
    for absent in ("Deep-poverty areas", "Three guarantees (三包)", "Four-good villages (四好村)", "pp",
                   "Poverty incidence (贫困发生率)"):
        assert absent not in terms, absent
    marks = dict(pages.definitions_for(plain))["Marks"]
    assert "? after a year" in marks and "†" not in marks  # a part the page does not use is left out
    assert "Other units" not in terms  # no mu, jin, kW or person-times on the page
    rich = _page(findings="三包 for boarding pupils; 2.7万 mu; incidence fell 3.1 pp; 低保 raised †")
    terms = _terms(rich)
    for present in ("Three guarantees (三包)", "Minimum living allowance (低保)", "pp", "Poverty incidence (贫困发生率)"):
        assert present in terms, present
    units = dict(pages.definitions_for(rich))["Other units"]
    assert units.startswith("mu (亩)") and "jin" not in units and "kW" not in units


def test_the_box_comes_before_the_first_table_after_the_first_chart_and_the_citation_before_sources():
    page = _page(HEAD.format("trend", "Trend") + CHART, HEAD.format("t", "Table") + TABLE.format("1"))
    out = pages.frame(page, "relocation", data_hash="0" * 16, date="2026-12-07")
    assert out.index("<svg") < out.index("Definitions and method") < out.index('id="t"') < out.index("povlib-table")
    assert out.index("povlib-table") < out.index("Suggested citation") < out.index("id='sources'")


def test_a_sections_no_chart_sentences_are_said_once():
    why = "no two of the 6 figures share a measure, scope and period; they are in the table below."
    page = _page(HEAD.format("scale", "People and households relocated") + NONE.format(f"No chart of people relocated: {why}")
                 + NONE.format(f"No chart of households relocated: {why}") + TABLE.format("99,000"))
    out = pages.no_chart_once(page)
    assert out.count("chart-none") == 1 and out.count(why) == 1
    assert "No chart of people relocated or households relocated: " + why in out
    assert 'id="scale"' in out and "99,000" in out  # the section keeps its heading and its table


def test_a_section_with_neither_chart_nor_table_is_dropped_and_named_once():
    page = _page(HEAD.format("scale", "People relocated") + NONE.format("No chart of people relocated: only one figure."),
                 HEAD.format("funding", "Funding") + CHART)
    out = pages.no_chart_once(page)
    assert 'id="scale"' not in out and out.count("People relocated") == 1
    assert "Not charted: People relocated: only one figure." in out and 'id="funding"' in out


def test_the_citation_names_author_publisher_address_documents_and_access_date(monkeypatch):
    monkeypatch.delenv(pages.SITE_URL_ENV, raising=False)
    text = pages.citation_text("Relocation compared", "relocation", "0" * 16, "2026-12-07", documents=2)
    assert text.startswith("povlib project (2026). Relocation compared. Published by the povlib project")
    assert "Compiled from 2 source documents" in text and "relocation.html" in text and text.endswith("Accessed 2026-12-07.")
    monkeypatch.setenv(pages.SITE_URL_ENV, "https://example.org/povlib/")
    assert "https://example.org/povlib/relocation.html (PDF https://example.org/povlib/relocation.pdf)" in \
        pages.citation_text("R", "relocation", "0" * 16, "2026-12-07")
    out = pages.frame(_page(HEAD.format("f", "F") + CHART), "relocation", data_hash="0" * 16, date="2026-12-07")
    assert "Compiled from 2 source documents" in out  # counted from the Sources list of the page
