"""The reader's framing of a page (issue 17, items 4 and 5): empty sections, headings kept with their
chart, Chinese marked on an English page, links, definitions box and suggested citation."""

from __future__ import annotations

from povlib.base.version import __version__
from povlib.present import pages

EMPTY = '<div class="jp-OutputArea-child"><p class="povlib-empty"><em>{}</em></p></div>'
HEAD = '<div class="jp-OutputArea-child"><div class="jp-RenderedHTMLCommon x"><h2 class="section" id="{0}">{1}</h2></div></div>'
CHART = '<div class="jp-OutputArea-child"><div class="jp-RenderedImage jp-OutputArea-output"><svg width="400pt" height="200pt"></svg></div></div>'


def _page(*cells: str) -> str:
    body = "".join(f'<div class="jp-Cell jp-CodeCell">{c}</div>' for c in cells)
    return (f'<html lang="en"><head><title>Funding compared</title></head><body><main>'
            f'<div class="jp-Cell jp-CodeCell"><div class="jp-OutputArea-child"><h1>Funding compared</h1><p>sub</p>'
            f'<ul class="key-findings"><li>x</li></ul></div></div>{body}'
            f"<div class=\"jp-Cell jp-CodeCell\"><h2 id='sources'>Sources</h2><td class='k-quote'>贫困发生率</td></div>"
            f"</main></body></html>")


def test_sections_without_facts_are_dropped_and_named_once():
    page = _page(HEAD.format("trajectory", "Poverty over time") + EMPTY.format("The sources give no series."),
                 EMPTY.format("Headline figures: no facts of this kind in the source documents."),
                 HEAD.format("relocation", "Relocation") + EMPTY.format("Relocation: no facts of this kind."),
                 HEAD.format("funding", "Funding") + CHART)
    out = pages._drop_empty_sections(page)
    assert out.count("Not reported by this source") == 1
    # only topics (sections with a heading) are named: a headline table is no topic, but it is dropped too
    assert "Not reported by this source: Poverty over time, Relocation." in out
    assert "no facts of this kind" not in out and 'id="funding"' in out and 'id="trajectory"' not in out


def test_a_heading_moves_into_its_charts_block_and_the_first_chart_is_marked():
    out = pages.keep_headings(_page(HEAD.format("funding", "Funding") + CHART, CHART))
    assert out.count("povlib-keep") == 1 and out.count("povlib-first") == 1
    keep = out[out.index("povlib-keep"):]
    assert keep.index('id="funding"') < keep.index("<svg")  # heading and chart in one unbreakable block
    assert "povlib-first" not in pages.keep_headings(_page(CHART), first=False)


def test_first_chart_height_reads_the_printed_size():
    assert round(pages.first_chart_height(_page(CHART))) == round(400 * 25.4 / 72 * 200 / 400)
    assert pages.first_chart_height(_page()) is None


def test_unmarked_chinese_gets_a_span_of_its_script_and_marked_chinese_is_left_alone():
    page = ('<html lang="en"><head><title>昭通</title><script>var a = "贫困";</script></head><body>'
            '<li>Qamdo: 19.46 万人 &amp; 紅色扎西</li><p lang="zh-Hant">牢記使命</p></body></html>')
    out = pages.mark_chinese(page)
    assert '<span lang="zh-Hans">万人</span> &amp; <span lang="zh-Hant">紅色扎西</span>' in out
    assert '<p lang="zh-Hant">牢記使命</p>' in out and "<title>昭通</title>" in out and 'var a = "贫困";' in out


def test_frame_adds_links_definitions_and_a_suggested_citation():
    page = _page(HEAD.format("funding", "Funding") + CHART).replace(
        "<li>x</li>", "<li>incidence fell 13.22 pp; 184.37 registered poor exited (2016?) †</li>")
    out = pages.frame(page, "funding", data_hash="0123456789abcdef", date="2026-12-07")
    links = out[out.index('class="povlib-links"'):]
    for href in ('href="index.html"', 'href="funding.pdf"', 'href="funding.ipynb"', 'href="data/facts.csv"',
                 'href="data/datapackage.json"'):
        assert href in links.split("</p>")[0]
    box = out[out.index("Definitions and method"):out.index("Suggested citation")]
    for term in ("2,300 yuan", "2010 prices", "贫困发生率", "建档立卡", "摘帽", "10,000", "100 million",
                 "percentage points", "end year − start year", "? after a year", "†"):
        assert term in box, term
    assert f"povlib {__version__}, data 0123456789abcdef, built 2026-12-07." in out
    assert "Funding compared." in out and "Accessed 2026-12-07." in out and "povlib project (2026)" in out
    assert out.index("Definitions and method") < out.index("Suggested citation") < out.index("id='sources'")


def test_build_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796601600")
    assert pages.build_date() == "2026-12-07"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert len(pages.build_date()) == 10


def test_the_page_title_keeps_the_english_words_of_the_heading():
    body = '<title>x</title><h1>Region profile: Qamdo <span lang="zh-Hans">昌都市</span></h1>'
    assert "<title>Region profile: Qamdo</title>" in pages.with_title(body, "profile-changdu")


def test_the_box_follows_the_key_messages_when_the_first_chart_cannot_share_page_1():
    tall = CHART.replace('width="400pt" height="200pt"', 'width="100pt" height="600pt"')
    out = pages.frame(_page(HEAD.format("funding", "Funding") + tall), "funding", data_hash="0" * 16, date="2026-12-07")
    assert out.index("key-findings") < out.index("Definitions and method") < out.index("<svg")
    assert "povlib-first" not in out  # too tall to shrink legibly


def test_charts_drawn_as_html_figures_are_kept_with_their_heading_and_measured():
    figure = ('<div class="jp-OutputArea-child"><div class="jp-RenderedHTMLCommon jp-RenderedHTML" tabindex="0">'
              '<figure class="chart"><svg viewBox="0 0 432 216" role="img"><text>Qamdo 昌都市</text></svg></figure>'
              '</div></div>')
    page = _page(HEAD.format("funding", "Funding") + figure)
    assert round(pages.first_chart_height(page)) == round(432 * 25.4 / 72 / 2)
    out = pages.keep_headings(page)
    assert 'povlib-keep povlib-first">' in out and out.index('id="funding"') < out.index("<figure")
    assert '<text>Qamdo <tspan lang="zh-Hans">昌都市</tspan></text>' in pages.mark_chinese(out)


def test_a_lower_cased_viewbox_is_measured_too():
    # nbconvert's HTML pass writes the SVG attribute as `viewbox`: the first chart must still be
    # measured, or it is never shrunk to share page 1 with the key messages
    figure = ('<div class="jp-OutputArea-child"><div class="jp-RenderedHTMLCommon jp-RenderedHTML" tabindex="0">'
              '<figure class="chart"><svg role="img" viewbox="0 0 540 446.4"><text>x</text></svg></figure></div></div>')
    assert round(pages.first_chart_height(_page(figure))) == round(186 * 446.4 / 540)


def test_a_chart_figures_title_subtitle_and_drawing_form_one_block():
    figure = ('<figure class="chart" style="break-inside:avoid-page"><h3 class="chart-title">T</h3>'
              '<p class="chart-subtitle">S</p><svg viewBox="0 0 10 5"><path/></svg><figcaption>N</figcaption></figure>')
    out = pages.keep_headings(figure)
    assert '<div class="chart-head"><h3 class="chart-title">T</h3><p class="chart-subtitle">S</p><svg' in out
    assert out.index("</svg></div><figcaption>") > 0


def test_a_heading_is_kept_with_its_chart_or_the_sentence_that_stands_in_for_it_never_with_a_table():
    """A heading followed by a chart, or by the one-line sentence that replaces a chart, moves into
    that block; a heading followed by a table is left alone; the move never spans two headings (it
    did, and unbalanced the page's divs: the HTML laid the section out sideways)."""
    from povlib.present.pages import keep_headings
    child = ('<div class="jp-OutputArea-child">\n<div class="jp-RenderedHTMLCommon jp-RenderedHTML '
             'jp-OutputArea-output">\n{}\n</div>\n</div>\n')
    page = (child.format('<h2 class="section" id="a">A</h2>') + child.format('<p class="chart-none">One figure.</p>')
            + child.format('<h2 class="section" id="b">B</h2>') + child.format('<figure class="chart">x</figure>')
            + child.format('<h2 class="section" id="c">C</h2>') + child.format('<table><tr><td>1</td></tr></table>'))
    out = keep_headings(page, first=False)
    assert out.count("<div") == out.count("</div>")
    assert 'povlib-keep"><h2 class="section" id="a">' in out and 'povlib-keep"><h2 class="section" id="b">' in out
    assert 'povlib-keep"><h2 class="section" id="c">' not in out
