"""The landing page reports/index.html, built from a small fake output folder (fast: no notebook runs).

The fake reports follow the conventions the real ones use: `<ul class="key-findings">`, section ids
`topic-<topic>` in profiles and `fact-<fact_id>` on Sources entries. Facts, regions and sources
are the project's real data.
"""

import json
import re

import pytest

from conftest import ROOT
from povlib import load_facts
from povlib.build.runner import Result
from povlib.build.config import Report
from povlib.present.index import fold_table, char_fold, scan_report, script_json, write_index
from povlib.present.report import descendants

NB = ROOT / "notebooks"
SIMPLIFIED = "tongren-2020-070"   # 贫困发生率 24.74%, Tongren (simplified document)
TRADITIONAL = "zhaotong-2019-023"  # 貧困發生率 25.71%, Zhaotong (traditional document)
NASTY = 'Relocation </script><script>window.pwned = 1</script> & "co"'


def _report(name, notebook, parameters, title="", description=""):
    return Report(name, NB / f"{notebook}.ipynb", parameters, title, description)


REPORTS = [  # profiles first, as in reports.yaml: the page must still list cross-region reports first
    _report("profile-tongren", "region_profile", {"region": "tongren"}, "Tongren profile", "All about Tongren."),
    _report("profile-xinzhou", "region_profile", {"region": "xinzhou"}),
    _report("profile-zhaotong", "region_profile", {"region": "zhaotong"}, "Zhaotong profile"),
    _report("poverty-rates", "poverty_rates", {"regions": "all"}, "Poverty rates compared", "Declines per year."),
    _report("relocation", "relocation", {"regions": "all"}, NASTY, "Who moved <where>."),
    _report("funding", "funding", {"regions": "all"}, "Funding compared", "Money by source."),
]

PAGE = """<!DOCTYPE html><html lang="zh"><body><h1>{title}</h1>
<ul class="menu"><li>Not a finding</li></ul>
{findings}
{body}
<h2>Sources</h2><table>{sources}</table></body></html>"""


def _write_report(out, name, findings="", body="", facts=()):
    sources = "".join(f'<tr id="fact-{f}"><td>{f}</td></tr>' for f in facts)
    (out / f"{name}.html").write_text(PAGE.format(title=name, findings=findings, body=body, sources=sources),
                                      encoding="utf-8")
    (out / f"{name}.pdf").write_bytes(b"%PDF-1.4\n")


@pytest.fixture
def site(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    _write_report(out, "profile-tongren",
                  '<h2>Key findings</h2><ul class="key-findings"><li>Tongren cut poverty incidence from '
                  f'<b>24.74%</b> to 1.16% (<a href="#fact-{SIMPLIFIED}">{SIMPLIFIED}</a>).</li>'
                  "<li>Second finding, not shown.</li></ul>",
                  '<h2 id="topic-poverty">Poverty</h2><h2 id="topic-funding">Funding</h2>', [SIMPLIFIED])
    _write_report(out, "profile-xinzhou", body="<h2>Poverty</h2>")  # an older build: no conventions
    _write_report(out, "poverty-rates",
                  '<ul class="key-findings">\n  <li>Zhaotong fell <em>fastest</em>:\n 13.22 pp\n'
                  f'(<a href="#fact-{TRADITIONAL}">{TRADITIONAL}</a>).\n  <li>Unclosed second item.</ul>',
                  facts=[SIMPLIFIED, TRADITIONAL])
    _write_report(out, "relocation", '<ul class="key-findings"><li>Relocation &lt;moved&gt; people.</li></ul>',
                  facts=[TRADITIONAL])
    (out / ".stamps").mkdir()
    (out / ".stamps" / "relocation.json").write_text('{"key": "k", "built": "2024-01-02 03:04:05 UTC"}')
    data = out / "data"
    data.mkdir()
    for name in ("facts.csv", "facts.parquet", "funding.csv", "extra_table.parquet", "notes.txt"):
        (data / name).write_bytes(b"x" * 2000)
    (data / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "facts", "description": "One row per number <curated>."}]}), encoding="utf-8")
    results = [Result("relocation", "failed", 1.0, "cell 3", "ValueError: bad <b>input</b>"),
               Result("funding", "failed", 1.0, "cell 1", "KeyError: 'x'"),
               Result("poverty-rates", "built", 2.0)]
    path = write_index(out, REPORTS, results, "hash1234")
    return out, path.read_text(encoding="utf-8")


def test_cross_region_reports_come_first_with_title_description_and_first_finding(site):
    _, page = site
    heads = re.findall(r'<h3 id="report-([\w-]+)"', page)
    assert heads == ["poverty-rates", "relocation", "funding", "profile-tongren", "profile-xinzhou",
                     "profile-zhaotong"]
    assert page.index('id="compared"') < page.index('id="profiles"')
    assert '<a href="poverty-rates.html">Poverty rates compared</a>' in page
    assert "Declines per year." in page and "All about Tongren." in page
    assert '<a href="profile-xinzhou.html">profile-xinzhou</a>' in page  # no title: the name
    # its first finding links a fact the source contradicts (anomaly kind contradiction): the next one leads
    assert "Zhaotong fell fastest" not in page and "Key finding:</span> Unclosed second item." in page
    assert "Tongren cut poverty incidence from 24.74% to 1.16% (tongren-2020-070)." in page
    assert "Second finding" not in page and "Not a finding" not in page
    xinzhou = page[page.index('id="report-profile-xinzhou"'):page.index('id="report-profile-zhaotong"')]
    assert "First key finding" not in xinzhou
    zhaotong = page[page.index('id="report-profile-zhaotong"'):]
    assert "not built" in zhaotong.split("</li>")[0] and 'href="profile-zhaotong.html"' not in page


def test_failed_reports_show_their_error_escaped_and_files_are_linked(site):
    _, page = site
    assert "last build failed: cell 3 ValueError: bad &lt;b&gt;input&lt;/b&gt; — showing the previous version" in page
    assert "last build failed: cell 1 KeyError: &#x27;x&#x27;" in page
    funding = page[page.index('id="report-funding"'):page.index('id="report-profile-tongren"')]
    assert "showing the previous version" not in funding and "not built" in funding
    assert 'href="poverty-rates.html">HTML</a> · <a href="poverty-rates.pdf">PDF</a>' in page
    assert "built 2024-01-02 03:04:05 UTC" in page
    assert page.count('class="build-error"') == 2


def test_untrusted_text_cannot_break_out_of_the_page(site):
    _, page = site
    assert page.count("</script>") == 2  # the data element and the search code, nothing else
    assert "<script>window.pwned" not in page and "&lt;/script&gt;&lt;script&gt;window.pwned" in page
    assert "Who moved &lt;where&gt;." in page and "<curated>" not in page
    data = re.search(r'<script type="application/json" id="search-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and ">" not in data
    record = next(f for f in json.loads(data)["facts"] if f["id"] == TRADITIONAL)
    assert [NASTY, ] == [link[1] for link in record["links"] if link[0].startswith("relocation")]


def test_script_json_escapes_markup_and_round_trips():
    value = {"t": "</script><!-- & \u2028 貧困"}
    text = script_json(value)
    assert "</" not in text and "<!--" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_grid_links_only_to_sections_that_exist_and_counts_places_below(site):
    _, page = site
    grid = page[page.index('id="grid"'):page.index('id="downloads"')]
    links = re.findall(r'href="([^"]+#topic-[^"]+)"', grid)
    assert links == ["profile-tongren.html#topic-poverty", "profile-tongren.html#topic-funding"]
    facts = load_facts()
    under = facts[facts["region"].isin(descendants("zhaotong"))]
    assert (under["region"] != "zhaotong").any(), "the test needs facts on places below Zhaotong"
    row = grid[grid.index("Zhaotong <span"):].split("</tr>")[0]
    cells = [int(c) for c in re.findall(r"<td[^>]*>(\d+)</td>", row)]
    topics = ["poverty", "relocation", "funding", "employment", "infrastructure", "industry", "education",
              "health", "cadres", "governance", "other"]
    assert cells == [int((under["topic"] == t).sum()) for t in topics]
    # a built profile: the numbers are what its topic sections list (the fixture's one Sources
    # entry stands after its last topic heading, Funding), so the index matches the profile
    assert 'href="profile-tongren.html#topic-funding" aria-label="Tongren, Funding: 1 fact">1</a>' in grid
    assert 'href="profile-tongren.html#topic-poverty" aria-label="Tongren, Poverty: 0 facts">0</a>' in grid


def test_downloads_list_every_csv_and_parquet_table_and_the_datapackage(site):
    _, page = site
    downloads = page[page.index('id="downloads"'):]
    hrefs = re.findall(r'href="(data/[^"]+)"', downloads)
    assert sorted(hrefs) == ["data/datapackage.json", "data/extra_table.parquet", "data/facts.csv",
                             "data/facts.parquet", "data/funding.csv"]
    assert "One row per number &lt;curated&gt;." in downloads  # the datapackage's description
    assert "Every funding fact by region" in downloads  # povlib.schema's description when the package lacks one
    assert downloads.index("data/facts.csv") < downloads.index("data/funding.csv") < downloads.index("extra_table")


def test_build_stamp_and_language_marks(site):
    _, page = site
    assert "povlib 0.1.0" in page and "data hash <code>hash1234</code>" in page and "Index written 20" in page
    assert '<html lang="en">' in page and '<span lang="zh-Hans">昭通市</span>' in page
    assert '<label for="q">' in page and '<input type="search" id="q"' in page


def test_scan_reads_ids_and_the_first_finding_only(tmp_path):
    path = tmp_path / "r.html"
    path.write_text('<div id="a"><ul class="x key-findings"><li>One <a href="#fact-1">fact-1</a> &amp; '
                    '<ul><li>nested</li></ul> end</li><li>Two</li></ul><p id="b"></p></div>', encoding="utf-8")
    scan = scan_report(path)
    assert scan.finding == "One fact-1 & nested end" and scan.ids == {"a", "b"}
    assert scan_report(tmp_path / "missing.html").finding == ""


def test_fold_table_covers_traditional_forms_of_simplified_text():
    table = fold_table(["贫困发生率", "干部"])
    assert table["發"] == "发" and table["貧"] == "贫" and table["幹"] == "干"
    assert "贫" not in table and "a" not in table
    assert char_fold("貧困發生率 ABC", table) == "贫困发生率 abc"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from povlib.build.pdf import FLAGS, find_chromium
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=find_chromium(),
                                     args=[f for f in FLAGS if f not in ("--headless",)])
        yield chromium
        chromium.close()


def test_search_finds_both_scripts_with_links_and_no_console_errors(site, browser):
    out, _ = site
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.route("http*://**", lambda route: (errors.append(f"network: {route.request.url}"), route.abort()))
    page.goto((out / "index.html").as_uri())
    for query in ("貧困發生率", "贫困发生率"):
        page.fill("input[type=search]", query)
        hits = {li.get_attribute("data-fact"): li for li in page.query_selector_all("#hits li")}
        assert {SIMPLIFIED, TRADITIONAL} <= set(hits), f"{query}: {sorted(hits)}"
        for fact in (SIMPLIFIED, TRADITIONAL):
            first = hits[fact].query_selector(".links a").get_attribute("href")
            assert first == f"poverty-rates.html#fact-{fact}"
            assert hits[fact].query_selector("blockquote[lang^=zh-Han]")
        assert "24.74%" in hits[SIMPLIFIED].inner_text() and "Tongren 铜仁市" in hits[SIMPLIFIED].inner_text()
        assert "tongren-2020" in hits[SIMPLIFIED].inner_text()
        also = [a.get_attribute("href") for a in hits[SIMPLIFIED].query_selector_all(".links a")]
        assert also == [f"poverty-rates.html#fact-{SIMPLIFIED}", f"profile-tongren.html#fact-{SIMPLIFIED}"]
        assert "貧困發生率" in hits[TRADITIONAL].inner_text()  # the quote stays verbatim
        assert "facts match" in page.inner_text("#search-status")
    page.fill("input[type=search]", "  貧困發生率   TONGREN ")  # every word must match, any case and script
    assert {li.get_attribute("data-fact") for li in page.query_selector_all("#hits li")} == {
        SIMPLIFIED, "tongren-2020-071"}
    assert page.inner_text("#search-status") == "2 facts match."
    page.fill("input[type=search]", "")
    assert page.query_selector_all("#hits li") == []
    assert page.evaluate("window.pwned") is None
    assert errors == []
    page.close()


def test_page_prints_within_an_a4_text_width(site, browser):
    out, _ = site
    page = browser.new_page(viewport={"width": 680, "height": 900})
    page.emulate_media(media="print")
    page.goto((out / "index.html").as_uri())
    assert page.is_hidden("#search")  # an input box means nothing on paper
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > 681 || e.scrollWidth > e.clientWidth + 1)
        .map(e => e.tagName + ' ' + e.textContent.slice(0, 40))""")
    assert wide == []
    page.close()


def test_source_documents_are_listed_with_address_or_no_address_known(site):
    from povlib.catalog.frames import load_sources
    _, html_text = site
    section = html_text[html_text.index('id="documents"'):html_text.index('id="downloads"')]
    ids = list(load_sources()["source_id"])
    assert ids and all(f'id="doc-{sid}"' in section for sid in ids)
    # one line each, and each says where the text is or that no address is known
    assert section.count("Address: ") == len(ids)
    assert section.count('<a href="http') + section.count("no address known") == len(ids)
    assert 'href="#documents"' in html_text


def test_search_values_read_in_the_reports_units():
    from povlib.present.index import value_text
    base = {"qualifier": "", "per": "", "value_exact": "1268000000", "unit": "yuan"}
    assert value_text(base, {}) == "1,268 million yuan"  # money totals in million yuan, as in every report
    assert value_text({**base, "value_exact": "20000000", "per": "year"}, {}) == "20 million yuan a year"
    assert value_text({**base, "value_exact": "4713", "per": "person"}, {}) == "4,713 yuan per person"
    assert value_text({**base, "value_exact": "1843700", "unit": "persons", "qualifier": "more_than"}, {}) == \
        "more than 1,843,700 people"


def test_search_never_converts_an_impossible_figure_and_flags_every_anomaly(site):
    from povlib.analysis.metrics import anomaly_index
    _, text = site
    raw = re.search(r'<script type="application/json" id="search-data">(.*?)</script>', text, re.S).group(1)
    records = {r["id"]: r for r in json.loads(raw)["facts"]}
    kinds = anomaly_index()
    impossible = [f for f, ks in kinds.items() if any(k == "impossible_magnitude" for _, k in ks)]
    assert impossible
    for fid in impossible:
        assert records[fid]["value"] == "as written, not converted"
    for fid, ks in kinds.items():
        if fid in records:
            assert all(a in records[fid]["flag"] for a, _ in ks)
