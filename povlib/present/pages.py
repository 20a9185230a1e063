"""The reader's HTML page of an executed notebook (nbconvert with povlib's template) and its title.

`to_html` also frames the page for a reader who cites it: links to the index, the PDF, the
notebook and the data files under the title; sections the source does not report dropped and
named once; a "Definitions and method" box and a suggested citation before the Sources.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
import re
import struct
from pathlib import Path

from ..base.version import __version__
from ..catalog.layout import resolve
from ..catalog.loader import input_hash
from decimal import Decimal

from .amounts import MONEY_UNIT, money_en, quantity_en
from .text import HAN_CHAR, lang_spans

#: nbconvert templates for the reports (povlib_report)
TEMPLATES = Path(__file__).resolve().parent / "templates"

#: the year-counting rule the metrics follow (docs/metrics.md), as the definitions box states it
YEAR_RULE = ("A rate per year divides a change by the years between its two ends (end year − start year); "
             "a flow stated as “since” a year counts that year too (end year − start year + 1). ")

DEFINITIONS = [
    ("Poverty line", "China's national rural poverty line: a net income of 2,300 yuan per person a year at "
                     "2010 prices (raised each year with prices). The sources count people below it."),
    ("Poverty incidence (贫困发生率)", "the poor as a share of the rural population, in percent."),
    ("Registered poor (建档立卡)", "households and people entered in the national register of the poor "
                                  "(“filed and carded”), whom targeted measures address; a registered "
                                  "count is not the whole population of an area."),
    ("Poverty exit (脱贫, 出列, 摘帽)", "a registered person or household exits (脱贫) once its income is above "
                                       "the line and its basic needs are secured; a poor village exits (出列 or "
                                       "退出) and a poor county “takes off the hat” (摘帽) when it passes the "
                                       "national exit assessment."),
    ("万 and 亿", "万 is 10,000 and 亿 is 100 million. People and households are shown as plain counts "
                 f"(a source's 184.37万人 is {quantity_en(Decimal('184.37') * 10**4, 'persons')}); money is shown "
                 f"in {MONEY_UNIT} (a source's 22,211.54万元 is {money_en(Decimal('22211.54') * 10**4)}, its "
                 f"46亿元 is {money_en(Decimal(46) * 10**8)}), and an amount per person, household or month in "
                 "yuan. Conversions only move the decimal point, so the Sources give every figure exactly as "
                 "written; sentences and chart labels round to three significant figures and say 'about', and "
                 "the funding table shows million yuan to two decimals."),
    ("Other units", "mu (亩): a Chinese unit of land, 1/15 of a hectare; jin (斤): half a "
                    "kilogram; kW: kilowatt of generating capacity; person-times (人次): attendances or "
                    "services counted once per occasion, so one person may count several times."),
    ("Relocation (易地扶贫搬迁)", "poverty-alleviation relocation: registered poor households (and some others) "
                                "moved from places judged unfit to live in to new sites; a cross-area move "
                                "leaves the township or county (as each source defines it)."),
    ("Deep-poverty areas", "the counties and prefectures singled out for extra support because "
                           "their poverty was deepest (in Sichuan: Aba, Garze and Liangshan)."),
    ("Sources of funds", "central helping units: central-government bodies and state firms paired with a "
                         "county; east–west partners: eastern provinces and cities paired with a western area; "
                         "enterprises and society: companies, chambers, donors; state-owned enterprise, own "
                         "investment: a state firm building its own network (e.g. a grid), not a donation; "
                         "local government: the area's own budget. “Source not stated” when the text names none."),
    ("Minimum living allowance (低保)", "the rural minimum-living-standard guarantee: a means-tested cash "
                                       "allowance that tops up the income of households below a local standard."),
    ("Three guarantees (三包)", "in Tibet, the state pays the food, lodging and basic study costs of pupils "
                               "from farming and herding families at boarding schools."),
    ("Four-good villages (四好村)", "in Sichuan, villages rated for good housing, a good life, good habits and a "
                                   "good social atmosphere."),
    ("Plans", "the 13th Five-Year Plan (“十三五”) covers 2016–2020. ↳ marks a part listed under its total."),
    ("pp", "percentage points: the difference between two percentages (25.71% to 12.49% is 13.22 pp)."),
    ("Years", YEAR_RULE + "Plans, targets, actual results and cumulative totals are kept apart and never added."),
    ("Marks", "? after a year: the source does not state the year; it is inferred from the document's date "
              "or the surrounding text. †: the figure rests on an anomaly recorded in the source (a "
              "contradiction, a doubtful total or the like), listed with the figure's notes. — : not stated."),
]

#: where a report uses the term of a definition: the entry is kept only when its page text (without
#: the box) matches; an entry without a pattern is kept in every report
USED = {
    "Poverty line": r"poverty line|incidence|贫困标准|貧困標準",
    "Poverty incidence (贫困发生率)": r"[Ii]ncidence|发生率|發生率",
    "Registered poor (建档立卡)": r"[Rr]egister|建档立卡|建檔立卡",
    "Poverty exit (脱贫, 出列, 摘帽)": r"\bexit|lifted|脱贫|脫貧|出列|摘帽|退出",
    "Relocation (易地扶贫搬迁)": r"[Rr]elocat|[Rr]esettle|搬迁|搬遷",
    "Deep-poverty areas": r"[Dd]eep[- ]poverty|深度贫困|深度貧困",
    "Sources of funds": r"[Ss]ource of funds|[Ss]ources of funds|[Cc]entral helping|[Ee]ast–west|[Ee]nterprises and society",
    "Minimum living allowance (低保)": r"低保|[Mm]inimum[- ]living",
    "Three guarantees (三包)": r"三包|[Tt]hree guarantees",
    "Four-good villages (四好村)": r"四好|[Ff]our-good",
    "pp": r"\d pp\b",
}
#: the parts of an entry kept only where the report uses them: (entry, the part's exact text, pattern)
USED_PARTS = [
    ("Other units", "mu (亩): a Chinese unit of land, 1/15 of a hectare; ", r"\bmu\b|亩|畝"),
    ("Other units", "jin (斤): half a kilogram; ", r"\bjin\b|斤"),
    ("Other units", "kW: kilowatt of generating capacity; ", r"\bkW\b|千瓦"),
    ("Other units", "person-times (人次): attendances or services counted once per occasion, so one person may "
                    "count several times.", r"person-times?|人次"),
    ("Plans", "the 13th Five-Year Plan (“十三五”) covers 2016–2020. ", r"Five-Year|十三五|五年"),
    ("Plans", "↳ marks a part listed under its total.", r"↳"),
    ("Marks", "? after a year: the source does not state the year; it is inferred from the document's date "
              "or the surrounding text. ", r"\d\?"),
    ("Marks", "†: the figure rests on an anomaly recorded in the source (a contradiction, a doubtful total or "
              "the like), listed with the figure's notes. ", r"†"),
]


def reader_text(page: str) -> str:
    """Return the English text a reader sees on a page, whose terms the definitions box explains:
    tags, scripts, styles and the <title> removed, and so are the verbatim quotes of the Sources
    (Chinese the box does not gloss) and the line naming the topics the source does not report."""
    text = re.sub(r"<(script|style|title)\b.*?</\1>", " ", page, flags=re.S | re.I)
    text = re.sub(r"<td class=['\"]k-quote['\"]>.*?</td>|<p class=['\"]povlib-missing['\"]>.*?</p>", " ", text,
                  flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def definitions_for(page: str) -> list[tuple[str, str]]:
    """Return the definitions box of a page: each `DEFINITIONS` entry whose term the page uses
    (`USED`), and of a multi-part entry only the parts it uses (`USED_PARTS`); the marks, years and
    units rules are always kept where their parts are used."""
    text = reader_text(page)
    out = []
    for term, body in DEFINITIONS:
        pattern = USED.get(term)
        if pattern and not re.search(pattern, text):
            continue
        for entry, start, used in USED_PARTS:
            if entry == term and not re.search(used, text):
                body = _without_part(body, start)
        if body.strip(" .;"):
            out.append((term, body))
    return out


def _without_part(body: str, part: str) -> str:
    """Return an entry's text without one of its parts (`USED_PARTS`), ending in a full stop."""
    out = body.replace(part, "").strip()
    return re.sub(r"[;,]$", ".", out)


#: the data tables of `reports/data/` every report links (its facts, documents and anomalies)
ALWAYS_DATA = ["facts", "sources", "anomalies"]


def to_html(notebook_path: Path, title: str) -> str:
    """Return the reader's HTML of an executed notebook: code and `report-hide` cells hidden,
    lang en (Chinese in lang zh spans), povlib table style, and the reader's framing (see `frame`).
    `title` is the report's name, the stem of its HTML, PDF and notebook files."""
    import nbformat
    from nbconvert import HTMLExporter

    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="povlib_report", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    # cells tagged report-hide print plain text for nbval; readers get the HTML table next to them
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"report-hide"}, enabled=True), True)
    exporter.language_code = "en"  # Chinese phrases carry lang="zh-Hans|zh-Hant" spans (pubtable.lang_spans)
    nb = nbformat.read(str(notebook_path), as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return frame(with_title(body, title), title)


def build_date() -> str:
    """Return the build date (UTC, YYYY-MM-DD), or the date of SOURCE_DATE_EPOCH when it is set
    (the reproducible-builds convention, for byte-identical rebuilds on another day)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    return when.date().isoformat()


def frame(page: str, name: str, data_hash: str | None = None, date: str | None = None) -> str:
    """Return the page framed for a reader: links under the title, empty sections dropped and named
    once ("Not reported by this source"), a section's "no chart" sentences said once (a section with
    neither chart nor table dropped and named once), the definitions box of the terms the page uses
    before its first table after the first chart (after the key messages when that chart cannot share
    page 1), and the suggested citation before the Sources (`<h2 id="sources">`). `name` is the
    report's file stem."""
    data_hash = data_hash or input_hash(resolve(None))
    page = _drop_empty_sections(page)
    page = no_chart_once(page)
    height = first_chart_height(page)
    page = mark_chinese(keep_headings(page, first=height is not None and height <= FIRST_CHART_MAX_MM))
    page = _links(page, name)
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    defs = definitions_html(page)
    docs = re.search(r"<ul class=['\"]povlib-docs['\"]>(.*?)</ul>", page, re.S)
    cite = citation_html(html.unescape(title.group(1)) if title else name, name, data_hash, date or build_date(),
                         docs.group(1).count("<li") if docs else None)
    page = re.sub(r"<h2 id=['\"]sources['\"]", lambda m: cite + m.group(0), page, count=1)
    return _place_definitions(page, f'<div class="jp-Cell povlib-about-cell">{defs}</div>',
                              tall=height is not None and height > FIRST_CHART_MAX_MM)


def _place_definitions(page: str, box: str, tall: bool) -> str:
    """Return the page with the definitions box after the key messages when the first chart is too
    tall to share page 1 (`tall`), else before the first table that follows the first chart (the
    cell holding it, or, in the chart's own cell, the table's output and the section heading before
    it), else before the suggested citation."""
    h1 = page.find("<h1")
    first_cell = page.find('<div class="jp-Cell ', h1) if h1 >= 0 else -1
    if tall and first_cell >= 0:
        return page[:first_cell] + box + page[first_cell:]
    chart = re.search(_CHART_START, page)
    start = chart.end() if chart else max(h1, 0)
    table = re.search(r"<table class=['\"]povlib-table", page[start:])
    end = re.search(r"<section class='povlib-cite'|<h2 id=['\"]sources['\"]", page)
    if table and (end is None or start + table.start() < end.start()):
        at = start + table.start()
        cell = page.rfind('<div class="jp-Cell ', 0, at)
        if cell < start:  # the table shares the chart's cell: before its output (and its heading)
            cell = page.rfind('<div class="jp-OutputArea-child', start, at)
            heading = page.rfind("<h2 class=", start, at)
            if heading >= 0:
                cell = min(cell, page.rfind('<div class="jp-OutputArea-child', start, heading))
            if cell < start:
                cell = at
        return page[:cell] + box + page[cell:]
    if end:
        return page[:end.start()] + box + page[end.start():]
    return page + box


#: the tallest first chart (mm, at the text width) that is shrunk to share page 1 with the key
#: messages: shrinking a taller one would leave its labels too small to read
FIRST_CHART_MAX_MM = 165
TEXT_WIDTH_MM = 186


def first_chart_height(page: str) -> float | None:
    """Return the height in mm of the page's first chart at its printed width (a PNG's pixel size
    at 96 dpi, at most the text width; an SVG's width and height), or None without a chart."""
    png = re.search(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]{32})', page)
    svg = re.search(r'<svg[^>]*\bwidth="([\d.]+)(pt|px)?"[^>]*\bheight="([\d.]+)(pt|px)?"', page)
    # matplotlib's viewBox is in pt; an HTML parser on the way may have lower-cased the attribute
    box = re.search(r'<svg[^>]*\bviewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"', page, re.I)
    first = min((m for m in (png, svg, box) if m), key=lambda m: m.start(), default=None)
    if first is None:
        return None
    if first is png:
        width, height = struct.unpack(">II", base64.b64decode(png.group(1))[16:24])
        mm = width * 25.4 / 96
    elif first is svg:
        scale = 25.4 / 72 if svg.group(2) == "pt" else 25.4 / 96
        width, height, mm = float(svg.group(1)), float(svg.group(3)), float(svg.group(1)) * scale
    else:
        width, height = float(box.group(1)), float(box.group(2))
        mm = width * 25.4 / 72
    return min(mm, TEXT_WIDTH_MM) * height / width


_TOKEN = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def mark_chinese(page: str) -> str:
    """Return the page with every run of Chinese text that no element marks as Chinese put in a
    `lang="zh-Hans|zh-Hant"` span (script read from the characters): the page is `lang="en"`, and
    text from any cell (a finding, a chart's caption) then still declares its language. Text in
    <title>, <script> and <style> is left alone."""
    out, stack = [], []
    for token in _TOKEN.split(page):
        if token.startswith("<!--"):
            out.append(token)
            continue
        if token.startswith("</"):
            name = token[2:-1].strip().lower()
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        elif token.startswith("<") and not token.startswith("<!"):
            found = re.match(r"<([a-zA-Z0-9]+)", token)
            name = found.group(1).lower() if found else ""
            if name and name not in _VOID and not token.endswith("/>"):
                lang = re.search(r"\blang=['\"]([^'\"]*)['\"]", token)
                stack.append((name, lang.group(1) if lang else None))
        elif HAN_CHAR.search(token):
            langs = [lang for _, lang in stack if lang]
            skip = any(n in ("title", "script", "style", "textarea") for n, _ in stack)
            if not skip and not (langs and langs[-1].startswith("zh")):
                token = lang_spans(html.unescape(token))
                if any(n == "svg" for n, _ in stack):  # an HTML <span> would end the SVG: use <tspan>
                    token = token.replace("<span ", "<tspan ").replace("</span>", "</tspan>")
        out.append(token)
    return "".join(out)


_CELL = re.compile(r'(?=<div class="jp-Cell )')
_CHILD = re.compile(r'<div class="jp-OutputArea-child[^"]*">')
_SECTION = re.compile(r"<h2 class=['\"]section['\"][^>]*>(.*?)</h2>", re.S)


#: how a chart's output starts: an image or SVG output, or an HTML output opening with a <figure>
_CHART_START = r'(?:<div class="jp-Rendered(?:Image|SVG)|<div class="jp-RenderedHTMLCommon[^"]*"[^>]*>\s*<figure)'
#: what a section heading is kept with: a chart, or the one-line sentence that stands in for one
_KEEP_START = (r'(?:' + _CHART_START + r'|<div class="jp-RenderedHTMLCommon[^"]*"[^>]*>\s*'
               r'<p class=[\'"]chart-none[\'"])')
_HEADING_THEN_CHART = re.compile(
    r'<div class="jp-OutputArea-child">\s*<div class="jp-RenderedHTMLCommon[^"]*"[^>]*>\s*'
    r"(<h2 class=['\"]section['\"][^>]*>(?:(?!</h2>).)*</h2>)\s*</div>\s*</div>\s*"   # one heading, never a span of them
    r'<div class="jp-OutputArea-child([^"]*)">(\s*' + _KEEP_START + ")", re.S)


#: a chart figure's title, subtitle and drawing (povlib.present.plots), kept on one page as a block
_FIGURE_HEAD = re.compile(r'(<figure class="chart"[^>]*>)\s*((?:<h3 class="chart-title".*?</h3>)?\s*'
                          r'(?:<p class="chart-subtitle">.*?</p>)?\s*<svg.*?</svg>)', re.S)
_CHART_CHILD = re.compile(r'<div class="jp-OutputArea-child([^"]*)">(\s*' + _CHART_START + ")")


def keep_headings(page: str, first: bool = True) -> str:
    """Return the page with each section heading that is followed by a chart moved into the
    chart's output block (class `povlib-keep`, never broken across pages), so the heading cannot
    stand alone at a page foot; a chart figure's title, subtitle and drawing go in one block
    (`chart-head`) that never breaks, while its notes may; with `first`, the first chart's block is also marked `povlib-first`
    (the print style caps its height so that it shares page 1 with the key messages)."""
    page = _FIGURE_HEAD.sub(lambda m: f'{m.group(1)}<div class="chart-head">{m.group(2)}</div>', page)
    if first:
        page = _CHART_CHILD.sub(lambda m: f'<div class="jp-OutputArea-child{m.group(1)} povlib-first">'
                                          f'{m.group(2)}', page, count=1)
    return _HEADING_THEN_CHART.sub(lambda m: f'<div class="jp-OutputArea-child povlib-keep{m.group(2)}">'
                                             f'{m.group(1)}{m.group(3)}', page)


def _drop_empty_sections(page: str) -> str:
    """Return the page without the sections whose every output says the source has no such facts
    (`povlib-empty`), the topics among them (those with a section heading) named once where the
    first of them was; a table with no facts and no heading of its own is dropped unnamed."""
    cells, missing, first = _CELL.split(page), [], None
    for i, cell in enumerate(cells):
        heading = _SECTION.search(cell)
        outputs = _CHILD.split(cell)[1:]
        rest = [o for o in outputs if not _SECTION.search(o)]
        if rest and all("povlib-empty" in o for o in rest):
            # a section heading names it; a table on its own is named by its caption ('X: no facts ...')
            caption = re.search(r"povlib-empty[^>]*>\s*<em>(.*?):\s*no facts", rest[0], re.S)
            if not heading and not caption:
                continue
            cells[i] = ""
            first = i if first is None else first
            if heading:  # a topic's section; a table without one (e.g. headline figures) is no topic
                missing.append(html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip())
    if first is not None and missing:
        names = ", ".join(missing)
        cells[first] = (f'<div class="jp-Cell povlib-missing"><p class="povlib-missing"><em>Not reported by this '
                        f'source: {html.escape(names)}.</em></p></div>')
    return "".join(cells)


_NO_CHART = re.compile(r"<p class=['\"]chart-none['\"]>(.*?)</p>", re.S)
_NO_CHART_OF = re.compile(r"No chart of (?P<what>[^:]+): (?P<why>.*)", re.S)


def no_chart_once(page: str) -> str:
    """Return the page with each section's "no chart" sentences said once: two or more become one
    ('No chart of people relocated or households relocated: <reason>'), and a section with neither
    chart nor table (only such sentences) is dropped, its heading and reason kept as one line
    ('Not charted: <section>: <reason>')."""
    heads = [m.start() for m in _SECTION.finditer(page)]
    bounds = heads + [m.start() for m in re.finditer(r"<h2 id=['\"]sources['\"]", page)] + [len(page)]
    edits = []  # (start, end, replacement), in page order
    for start in heads:
        end = min(b for b in bounds if b > start)
        segment = page[start:end]
        nones = list(_NO_CHART.finditer(segment))
        if not nones:
            continue
        has_chart = re.search(_CHART_START + r"|<svg|<img", segment)
        has_table = re.search(r"<table\b", segment)
        sentence = _one_sentence([html.unescape(re.sub(r"<[^>]+>", "", n.group(1))).strip() for n in nones])
        if not has_chart and not has_table:
            heading = _SECTION.match(segment)
            name = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip()
            why = re.sub(r"^(?:No chart(?: of [^:]+)?|Not charted): ", "", sentence)
            line = (f"<p class='povlib-missing'><em>Not charted: {html.escape(name)}: "
                    f"{html.escape(why)}</em></p>")
            edits.append((start, start + heading.end(), line))
            edits += [(start + n.start(), start + n.end(), "") for n in nones]
        elif len(nones) > 1:
            edits.append((start + nones[0].start(), start + nones[0].end(),
                          f'<p class="chart-none">{html.escape(sentence)}</p>'))
            edits += [(start + n.start(), start + n.end(), "") for n in nones[1:]]
    for a, b, text in sorted(edits, reverse=True):
        page = page[:a] + text + page[b:]
    return page


def _one_sentence(sentences: list[str]) -> str:
    """Return one sentence for a section's "no chart" sentences: 'No chart of A or B: <reason>' when
    they give one reason, else 'No chart of A (<reason>) or of B (<reason>).'"""
    if len(sentences) == 1:
        return sentences[0]
    parsed = [_NO_CHART_OF.match(s) for s in sentences]
    if not all(parsed):
        return " ".join(dict.fromkeys(sentences))
    whats = list(dict.fromkeys(m.group("what") for m in parsed))
    whys = list(dict.fromkeys(m.group("why").rstrip(".") for m in parsed))
    named = ", ".join(whats[:-1]) + " or " + whats[-1] if len(whats) > 1 else whats[0]
    if len(whys) == 1:
        return f"No chart of {named}: {whys[0]}."
    return "No chart of " + " or of ".join(f"{m.group('what')} ({m.group('why').rstrip('.')})" for m in parsed) + "."


def _links(page: str, name: str) -> str:
    """Return the page with a line of links after its subtitle: index, PDF, notebook, data files."""
    tables = list(dict.fromkeys(re.findall(r"data-export=['\"]([a-z_]+)['\"]", page))) + ALWAYS_DATA
    data = ", ".join(f'<a href="data/{t}.csv">{t}.csv</a>' for t in dict.fromkeys(tables))
    nav = (f'<p class="povlib-links"><a href="index.html">All reports (index)</a> · '
           f'<a href="{html.escape(name)}.pdf">PDF</a> · <a href="{html.escape(name)}.ipynb">Notebook</a> · '
           f'Data: {data}, <a href="data/datapackage.json">datapackage.json</a></p>')
    found = re.search(r"</h1>(<p>.*?</p>)?", page, re.S)
    return page[:found.end()] + nav + page[found.end():] if found else page


#: who compiles the reports: the author and publisher a citation names
PUBLISHER = "povlib project"
#: the public address under which the reports are published, when a build sets it (else the file names)
SITE_URL_ENV = "POVLIB_SITE_URL"


def report_address(name: str) -> str:
    """Return the address of a report's HTML: `$POVLIB_SITE_URL/<name>.html` when the build sets a
    public address, else the file name `<name>.html`."""
    base = os.environ.get(SITE_URL_ENV, "").strip().rstrip("/")
    return f"{base}/{name}.html" if base else f"{name}.html"


def citation_text(title: str, name: str, data_hash: str, date: str, documents: int | None = None) -> str:
    """Return the suggested citation a reader can paste: author and publisher, year, title, what it
    compiles, povlib version, data hash and the access date (the build date, to change to the day it
    is read); with `POVLIB_SITE_URL` set, the public address of the HTML and PDF, else that this is a
    local build with no public address, naming its files and the data package that holds the figures
    and names each source's seed file (see Sources)."""
    year = date[:4]
    compiled = (f" Compiled from {documents} source document{'s' if documents != 1 else ''} (see Sources)."
                if documents else "")
    if os.environ.get(SITE_URL_ENV, "").strip():
        where = f"Available at {report_address(name)} (PDF {report_address(name)[:-5]}.pdf)."
    else:
        where = (f"Local build, not published at a public address (files {name}.html and {name}.pdf): the figures "
                 f"and their quotes are in its data package (data/datapackage.json), and Sources names the seed "
                 f"file in the povlib repository that holds the text of each document.")
    return (f"{PUBLISHER} ({year}). {title}. Published by the {PUBLISHER}; povlib {__version__}, data {data_hash}, "
            f"built {date}.{compiled} {where} Accessed {date}.")


def definitions_html(page: str) -> str:
    """Return the "Definitions and method" box of a page: only the terms it uses (`definitions_for`),
    Chinese in lang spans."""
    items = "".join(f"<p><b>{lang_spans(term)}</b>: {lang_spans(text)}</p>" for term, text in definitions_for(page))
    return (f"<section class='povlib-about' id='definitions'><h2>Definitions and method</h2>"
            f"<div class='povlib-defs'>{items}</div></section>")


def citation_html(title: str, name: str, data_hash: str, date: str, documents: int | None = None) -> str:
    """Return the suggested citation block (HTML) that goes before the Sources."""
    return (f"<section class='povlib-cite'><h3 id='citation'>Suggested citation</h3><p class='povlib-cite'>"
            f"{lang_spans(citation_text(title, name, data_hash, date, documents))}</p>"
            f"<p class='povlib-cite-note'>Change the access date to the day you read the report.</p></section>")


def with_title(body: str, fallback: str) -> str:
    """Return the page with its <title> set to the English words of the report's first <h1> (the
    PDF's Title too)."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    # the English words only: <title> cannot hold a lang span, and the h1 shows the Chinese name
    text = html.unescape(re.sub(r"<span lang=['\"]zh[^>]*>.*?</span>|<[^>]+>", "", heading.group(1))).strip() \
        if heading else fallback
    text = re.sub(r"\s+", " ", text).strip(" :") or fallback
    return re.sub(r"<title>.*?</title>", lambda _: f"<title>{html.escape(text)}</title>", body, count=1, flags=re.S)


def page_title(html_path: Path) -> str:
    """Return the <title> of a built report."""
    found = re.search(r"<title>(.*?)</title>", html_path.read_text(encoding="utf-8"), re.S)
    return html.unescape(found.group(1)) if found else html_path.stem
