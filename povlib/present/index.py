"""The landing page `reports/index.html`: what a reader opens first.

It lists the cross-region reports, then the region profiles, each with its title, one-line
description (from `reports.yaml`) and first key finding (read from the built report); a region ×
topic grid linking to the profiles' topic sections; downloads of every exported table; the build
stamp; and a search over every fact and its quote that works offline in either script.

Search folds with OpenCC at build time: every fact's text is stored folded (simplified, lower
case), and the page carries a small character table (traditional → simplified, for the characters
of the facts and the traditional forms of their simplified characters) that folds the query in the
browser. All data is embedded as JSON in a non-executable script element; no server, no CDN.

Conventions read from the built reports: `<ul class="key-findings">` holds the key findings, a
profile's section about a topic has the id `topic-<topic>`, and each Sources entry has the id
`fact-<fact_id>`. A report built before these conventions simply shows no finding and no links.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import Protocol

from opencc import OpenCC

from ..base.files import utc_now, write_text_atomic
from ..base.version import __version__
from ..catalog.scripts import fold
from .text import lang_spans
from .amounts import number, quantity_en


class Report(Protocol):
    """What the landing page reads of a configured report (`povlib.build.config.Report` has it)."""

    name: str
    notebook: Path
    parameters: dict
    title: str
    description: str

    @property
    def heading(self) -> str: ...


#: topics in the order the grid shows them, with their column labels
TOPICS = {"poverty": "Poverty", "relocation": "Relo\u00adcation", "funding": "Funding", "employment": "Em\u00adploy\u00adment",
          "infrastructure": "Infra\u00adstruc\u00adture", "industry": "Indus\u00adtry", "education": "Edu\u00adcation",
          "health": "Health", "cadres": "Cadres", "governance": "Gover\u00adnance", "other": "Other"}
#: the notebook whose reports are region profiles (all others compare regions)
PROFILE_NOTEBOOK = "region_profile"
QUALIFIERS = {"more_than": "more than ", "nearly": "nearly ", "approx": "about ", "at_least": "at least ",
              "at_most": "at most "}
#: how many other reports a search hit lists besides its first link
OTHER_LINKS = 4


@lru_cache(maxsize=1)
def _s2t() -> list:
    """Return OpenCC's converters giving the traditional forms of a simplified character (for the
    query fold table); built on first use, as they cost 60 ms to load."""
    return [OpenCC(c) for c in ("s2t", "s2tw", "s2hk")]


@dataclass
class Scan:
    """What the landing page needs from one built report: its element ids and first key finding."""

    ids: set[str] = field(default_factory=set)
    finding: str = ""
    #: topic → the fact ids whose Sources entries (`fact-<id>` anchors) stand in the report's
    #: `topic-<topic>` section: what a reader who follows the index's link finds there
    topics: dict[str, set[str]] = field(default_factory=dict)
    #: the key messages and key findings, in page order: (list class, text, fact ids it links to)
    items: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


class _Scanner(HTMLParser):
    """Collect every `id` and the text of the first `<li>` of `<ul class="key-findings">`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._list_depth = 0      # >0 while inside the key-findings list (counts nested <ul>/<ol>)
        self._item_depth = 0      # >0 while inside its first <li> (counts nested <li>)
        self._done = False
        self._text: list[str] = []
        self._topic: str | None = None  # the topic section the parser is in

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.scan.ids.add(attrs["id"])
            self._topic_of(attrs["id"])
        if self._done:
            return
        if tag in ("ul", "ol") and (self._list_depth or "key-findings" in (attrs.get("class") or "").split()):
            self._list_depth += 1
        elif tag == "li" and self._list_depth:
            if self._item_depth and self._list_depth == 1:
                self._finish()  # a sibling <li> whose predecessor was not closed
            elif self._item_depth:
                self._item_depth += 1
            elif self._list_depth == 1:
                self._item_depth = 1

    def _topic_of(self, element_id: str) -> None:
        if element_id.startswith("topic-"):
            self._topic = element_id[len("topic-"):]
            self.scan.topics.setdefault(self._topic, set())
        elif element_id.startswith("fact-") and self._topic:
            self.scan.topics[self._topic].add(element_id[len("fact-"):])

    def handle_endtag(self, tag):
        if self._done or not self._list_depth:
            return
        if tag == "li" and self._item_depth:
            self._item_depth -= 1
            if not self._item_depth:
                self._finish()
        elif tag in ("ul", "ol"):
            self._list_depth -= 1
            if not self._list_depth:
                self._finish()

    def handle_data(self, data):
        if self._item_depth and not self._done:
            self._text.append(data)

    def _finish(self):
        self.scan.finding = " ".join("".join(self._text).split())
        self._done = True


class _Items(HTMLParser):
    """Collect each top-level <li> of the `key-messages` and `key-findings` lists: its text and the
    fact ids its `#fact-<id>` links name."""

    LISTS = ("key-messages", "key-findings")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str, tuple[str, ...]]] = []
        self._kind, self._lists, self._lis = "", 0, 0
        self._text: list[str] = []
        self._facts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("ul", "ol") and (self._lists or any(k in classes for k in self.LISTS)):
            self._kind = self._kind or next(k for k in self.LISTS if k in classes)
            self._lists += 1
        elif tag == "li" and self._lists:
            if self._lis and self._lists == 1:
                self._end_item()  # a sibling <li> whose predecessor was not closed
            self._lis += 1
        elif tag == "a" and self._lis and (attrs.get("href") or "").startswith("#fact-"):
            self._facts.append(attrs["href"][len("#fact-"):])

    def handle_endtag(self, tag):
        if tag == "li" and self._lis:
            self._lis -= 1
            if not self._lis:
                self._end_item()
        elif tag in ("ul", "ol") and self._lists:
            self._lists -= 1
            if not self._lists:
                if self._lis:
                    self._end_item()
                self._kind = ""

    def handle_data(self, data):
        if self._lis:
            self._text.append(data)

    def _end_item(self):
        self.items.append((self._kind, " ".join("".join(self._text).split()), tuple(self._facts)))
        self._lis, self._text, self._facts = 0, [], []


def scan_report(path: Path) -> Scan:
    """Return the ids, first key finding and key messages and findings (`Scan.items`) of a built
    report's HTML (empty Scan when it is missing)."""
    if not path.is_file():
        return Scan()
    text = path.read_text(encoding="utf-8", errors="replace")
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    items = _Items()
    items.feed(text)
    items.close()
    scanner.scan.items = items.items
    return scanner.scan


#: anomaly kinds that keep a figure out of a report's lead on the index: the source contradicts it,
#: or it cannot be the quantity it is read as
LEAD_EXCLUDED = ("contradiction", "impossible_magnitude")


def lead(scan: Scan, anomalies: dict[str, list[tuple[str, str]]]) -> tuple[str, str]:
    """Return (label, text) of a report's lead on the index: its first key message that links to no
    fact with an anomaly of a kind in `LEAD_EXCLUDED` (`anomalies`: fact id → [(anomaly id, kind)],
    as `metrics.anomaly_index`), else its first such key finding, else ("", "")."""
    for kind, label in (("key-messages", "Key message"), ("key-findings", "Key finding")):
        for item_kind, text, facts in scan.items:
            flagged = any(k in LEAD_EXCLUDED for f in facts for _, k in anomalies.get(f, []))
            if item_kind == kind and text and not flagged:
                return label, text
    return "", ""


def is_profile(report: Report) -> bool:
    """Return True for a region profile (its notebook is region_profile.ipynb)."""
    return report.notebook.stem == PROFILE_NOTEBOOK


def ordered(reports: list[Report]) -> list[Report]:
    """Return the reports as the page lists them: cross-region reports, then profiles (config order)."""
    return [r for r in reports if not is_profile(r)] + [r for r in reports if is_profile(r)]


# ---------------------------------------------------------------- data for the page

def fold_table(texts) -> dict[str, str]:
    """Return the query fold table: char → its fold, for every char of `texts` and every traditional
    form of their simplified chars, where the fold is not just the char in lower case."""
    chars = set("".join(texts))
    candidates = set(chars)
    for simple in {fold(c) for c in chars}:
        candidates.update(conv.convert(simple) for conv in _s2t())
    table = {}
    for char in candidates:
        folded = fold(char)
        if len(char) == 1 and len(folded) == 1 and folded != char.lower():
            table[char] = folded
    return dict(sorted(table.items()))


def char_fold(text: str, table: dict[str, str]) -> str:
    """Return `text` folded char by char with `table`, exactly as the page folds a query."""
    return "".join(table.get(c, c.lower()) for c in text)


def value_text(fact: dict, unit_labels: dict[str, str]) -> str:
    """Return a fact's value as the reports give it (`amounts.quantity_en`): 'more than 1,600 people',
    '25.71%', '19,000 million yuan', '300 million yuan a year', '4,713 yuan per person'; a value that
    is not a number is given as stored, with its unit label from `unit_labels`."""
    per = str(fact.get("per") or "")
    if fact["unit"] == "yuan":
        text = quantity_en(fact["value_exact"], "yuan", fact["qualifier"], per if per not in ("", "year") else None)
        if text != "—":
            return text + (" a year" if per == "year" else "")
    else:
        text = quantity_en(fact["value_exact"], fact["unit"], fact["qualifier"])
        if text != "—":
            return text
    unit = "" if fact["unit"] == "count" else unit_labels.get(fact["unit"], fact["unit"])
    try:   # a number keeps the reports' thousands separators ('1,160'); anything else is given as stored
        shown = number(Decimal(str(fact["value_exact"])))
    except (InvalidOperation, ValueError):
        shown = fact["value_exact"]
    return f"{QUALIFIERS.get(fact['qualifier'], '')}{shown}{'' if unit in ('', '%') else ' '}{unit}"


def period_text(fact: dict) -> str:
    """Return '2016–2020', '2020' or '' for a fact's period."""
    start, end = fact["period_start"], fact["period_end"]
    if start and end and start != end:
        return f"{start}–{end}"
    return end or start or ""


@dataclass
class Context:
    """Everything the page is rendered from."""

    out_dir: Path
    reports: list[Report]
    scans: dict[str, Scan]
    results: dict
    data_hash: str
    written: str
    facts: list[dict] = field(default_factory=list)
    regions: dict[str, dict] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)
    under: dict[str, set[str]] = field(default_factory=dict)  # profile name → region keys it covers
    depends: dict[str, list[str]] = field(default_factory=dict)  # report name → source ids it reads
    documents: dict[str, str] = field(default_factory=dict)  # source id → its Sources entry (HTML)
    source_limits: str = ""  # one sentence: what a reader cannot check about the documents (plain text)
    anomalies: dict[str, list] = field(default_factory=dict)  # fact id → [(anomaly id, kind)]


def _profile_region(report: Report) -> str | None:
    region = report.parameters.get("region")
    return region if is_profile(report) and isinstance(region, str) else None


def load_context(out_dir: Path, reports: list[Report], results, data_hash: str, written: str,
                 depends: dict[str, list[str]] | None = None) -> Context:
    """Return the Context of the page: scanned reports, facts, regions, sources, profile coverage
    and (`depends`, when the build gives it) the source ids each report reads."""
    from ..analysis.metrics import anomaly_index  # pandas: only when the page is written (see test_runner)
    from ..catalog.frames import load_facts, load_regions, load_sources
    from .report import descendants, document_citation, source_limits

    ctx = Context(out_dir, ordered(reports), {r.name: scan_report(out_dir / f"{r.name}.html") for r in reports},
                  {r.name: r for r in results}, data_hash, written, depends=dict(depends or {}))
    ctx.facts = load_facts().to_dict("records")
    ctx.regions = {r["key"]: r for r in load_regions().to_dict("records")}
    ctx.sources = {s["source_id"]: s for s in load_sources().to_dict("records")}
    ctx.documents = {sid: document_citation(s) for sid, s in ctx.sources.items()}
    ctx.source_limits = source_limits(list(ctx.sources.values()))
    ctx.anomalies = anomaly_index()
    for report in ctx.reports:
        region = _profile_region(report)
        if region in ctx.regions:
            ctx.under[report.name] = set(descendants(region))
    return ctx


def fact_links(ctx: Context, fact: dict) -> list[list[str]]:
    """Return [href, report title] for each report showing the fact's Sources entry (page order);
    without any, the profiles covering its region (at the topic section when it exists)."""
    anchor = f"fact-{fact['fact_id']}"
    links = [[f"{r.name}.html#{anchor}", r.heading] for r in ctx.reports if anchor in ctx.scans[r.name].ids]
    if links:
        return links
    topic = f"topic-{fact['topic']}"
    return [[f"{r.name}.html" + (f"#{topic}" if topic in ctx.scans[r.name].ids else ""), r.heading]
            for r in ctx.reports if fact["region"] in ctx.under.get(r.name, ()) and ctx.scans[r.name].ids]


def search_data(ctx: Context) -> dict:
    """Return the search payload: the fold table and one record per fact (folded text for matching,
    verbatim quote and raw value, value with unit, region, source and report links for display)."""
    from ..catalog.frames import load_indicators
    from .report import english_names, region_name, source_label
    from .views import period_label

    indicators = {i["key"]: i for i in load_indicators().to_dict("records")}
    units = {i["unit"]: i["unit_label"] for i in indicators.values()}
    texts = []
    for f in ctx.facts:
        region, ind = ctx.regions.get(f["region"], {}), indicators.get(f["indicator"], {})
        texts.append(" ".join([f["quote"], f["raw"], f["note"], f["region"], region.get("name_zh", ""),
                               region.get("name_en", ""), region_name(f["region"]), ind.get("label_en", ""), ind.get("label_zh", ""),
                               f["fact_id"]]))
    table = fold_table(texts)
    records = []
    for f, text in zip(ctx.facts, texts):
        region, ind = ctx.regions.get(f["region"], {}), indicators.get(f["indicator"], {})
        folded, by_char = fold(text), char_fold(text, table)
        kinds = ctx.anomalies.get(f["fact_id"], [])
        impossible = any(k == "impossible_magnitude" for _, k in kinds)   # as the profiles: never converted
        records.append({
            "id": f["fact_id"], "k": folded if folded == by_char else f"{folded}\n{by_char}",
            "raw": f["raw"], "value": "as written, not converted" if impossible else value_text(f, units),
            "flag": ", ".join(a for a, _ in kinds), "ind": ind.get("label_en", f["indicator"]),
            "zh": "zh-Hant" if ctx.sources.get(f["source_id"], {}).get("script") == "traditional" else "zh-Hans",
            "region": region_name(f["region"]), "region_zh": region.get("name_zh", ""),
            "scope": "" if f["scope"] in ("all", "", None) else english_names(f["scope_note"] or f["scope"].replace("_", " ")),
            "period": period_label(f), "quote": f["quote"], "source": f["source_id"], "links": fact_links(ctx, f)})
    titles = {sid: source_label(s) for sid, s in ctx.sources.items()}  # one policy: English (+ Chinese)
    return {"fold": table, "sources": titles, "facts": records}


def script_json(data) -> str:
    """Return JSON safe inside a <script> element: '<', '>' and '&' escaped, so no `</script>` or
    `<!--` in the data can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


# ---------------------------------------------------------------- rendering

def esc(text) -> str:
    """Return `text` escaped for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


def _lang(text: str) -> str:
    """Return `text` escaped, each Chinese phrase in a <span lang="zh-Hans|zh-Hant"> (`text.lang_spans`)."""
    return lang_spans(text)


def _built(out_dir: Path, name: str) -> str:
    stamp = out_dir / ".stamps" / f"{name}.json"
    try:
        return json.loads(stamp.read_text(encoding="utf-8")).get("built", "")
    except (OSError, ValueError):
        return ""


def report_item(ctx: Context, report: Report) -> str:
    """Return the <li> of one report: linked title, description, first finding, files, status."""
    files = [(ext, ctx.out_dir / f"{report.name}.{ext}") for ext in ("html", "pdf", "ipynb")]
    labels = {"html": "HTML", "pdf": "PDF", "ipynb": "notebook"}
    links = [f'<a href="{esc(p.name)}">{labels[ext]}</a>' for ext, p in files if p.is_file()]
    title = esc(report.heading)
    head = f'<a href="{esc(report.name)}.html">{title}</a>' if (ctx.out_dir / f"{report.name}.html").is_file() \
        else title
    parts = [f'<h3 id="report-{esc(report.name)}">{head}</h3>']
    if report.description:
        parts.append(f'<p class="description">{_lang(report.description)}</p>')
    label, finding = lead(ctx.scans[report.name], ctx.anomalies)
    if finding:
        parts.append(f'<p class="finding"><span class="label">{label}:</span> {_lang(finding)}</p>')
    built = _built(ctx.out_dir, report.name)
    meta = " · ".join(links) if links else "not built"
    meta += f" · built {esc(built)}" if built else ""
    parts.append(f'<p class="files">{meta}</p>')
    if report.name in ctx.depends:
        sources = ", ".join(ctx.depends[report.name]) or "no source document"
        parts.append(f'<p class="depends"><span class="label">Depends on:</span> {esc(sources)}, the common '
                     f'region and indicator tables, povlib&#x27;s code and {esc(report.notebook.name)} (an edit to '
                     f'any of them rebuilds this report)</p>')
    result = ctx.results.get(report.name)
    if result is not None and result.status == "failed":
        note = f"last build failed: {result.cell} {result.error}".replace("  ", " ").strip()
        note += " — showing the previous version" if built else ""
        parts.append(f'<p class="fail" role="alert"><strong>Failed.</strong> {esc(note)}</p>')
    cls = ' class="build-error"' if result is not None and result.status == "failed" else ""
    return f"<li{cls}>" + "\n".join(parts) + "</li>"


def reports_section(ctx: Context) -> str:
    """Return the two report lists: cross-region reports first, then the region profiles."""
    groups = [("compared", "Reports comparing regions", [r for r in ctx.reports if not is_profile(r)]),
              ("profiles", "Region profiles", [r for r in ctx.reports if is_profile(r)])]
    out = []
    for key, heading, reports in groups:
        if reports:
            items = "\n".join(report_item(ctx, r) for r in reports)
            out.append(f'<section id="{key}" aria-labelledby="{key}-h"><h2 id="{key}-h">{heading}</h2>\n'
                       f'<ul class="reports">\n{items}\n</ul></section>')
    return "\n".join(out)


def grid_counts(ctx: Context) -> dict[str, dict[str, int]]:
    """Return profile name → topic → number of facts about its region and the places below it: as
    the built profile's topic sections list them (a quote shared by facts of two topics stands
    under the first), else by each fact's topic."""
    counts = {name: dict.fromkeys(TOPICS, 0) for name in ctx.under}
    for fact in ctx.facts:
        for name, keys in ctx.under.items():
            if fact["region"] in keys and fact["topic"] in TOPICS:
                counts[name][fact["topic"]] += 1
    # national benchmark facts a profile lists beside its own (the rates its charts draw) are not
    # the region's facts
    benchmark = {f["fact_id"] for f in ctx.facts if ctx.regions.get(f["region"], {}).get("level") == "country"}
    for name in counts:
        shown = ctx.scans[name].topics if name in ctx.scans else {}
        if shown:  # a built profile: count what its topic sections show, so the numbers match
            counts[name] = {topic: len(shown.get(topic, set()) - benchmark) for topic in TOPICS}
    return counts


def grid_benchmarks(ctx: Context) -> dict[str, dict[str, int]]:
    """Return profile name → topic → number of national benchmark facts (country-level facts, e.g.
    the national rates a chart compares with) that the built profile's topic section lists beside
    the region's own: its appendix heading counts them, the grid (`grid_counts`) does not."""
    benchmark = {f["fact_id"] for f in ctx.facts if ctx.regions.get(f["region"], {}).get("level") == "country"}
    return {name: {topic: len(ctx.scans[name].topics.get(topic, set()) & benchmark) for topic in TOPICS}
            for name in ctx.under if name in ctx.scans}


def grid_section(ctx: Context) -> str:
    """Return the region × topic table: fact counts, linked to the profile's topic section where it exists."""
    from .report import region_name

    counts, benchmarks = grid_counts(ctx), grid_benchmarks(ctx)
    if not counts:
        return ""
    national = ("" if not any(any(b.values()) for b in benchmarks.values()) else
                " “+N national”: the profile's section also lists N national benchmark facts (the national "
                "figures its charts compare with), so its heading counts them too.")
    head = "".join(f'<th scope="col" lang="en">{esc(label)}</th>' for label in TOPICS.values())
    rows = []
    for report in ctx.reports:
        if report.name not in counts:
            continue
        region = ctx.regions[_profile_region(report)]
        short = region_name(region["key"])  # the one English name (report.region_name)
        name = f'{esc(short)} {lang_spans(region["name_zh"])}'
        if (ctx.out_dir / f"{report.name}.html").is_file():
            name = f'<a href="{esc(report.name)}.html">{name}</a>'
        cells = [f'<th scope="row">{name}</th>']
        for topic, label in TOPICS.items():
            n, anchor = counts[report.name][topic], f"topic-{topic}"
            extra = benchmarks.get(report.name, {}).get(topic, 0)
            plus = f' <span class="bench">+{extra} national</span>' if extra else ""
            said = f" and {extra} national benchmark fact{'' if extra == 1 else 's'}" if extra else ""
            if anchor in ctx.scans[report.name].ids:
                cells.append(f'<td><a href="{esc(report.name)}.html#{anchor}" aria-label="{esc(short)}, '
                             f'{esc(label.replace(chr(173), ""))}: {n} fact{"" if n == 1 else "s"}{said}">'
                             f'{n}{plus}</a></td>')
            else:
                cells.append(f'<td class="{"zero" if not n else "plain"}">{n}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<section id="grid" aria-labelledby="grid-h"><h2 id="grid-h">Regions by topic</h2>\n'
            f'<p>Facts per region (including the places below it) and topic. A linked number opens that '
            f'topic\'s section of the region profile.{national}</p>\n<div class="grid-wrap"><table class="grid">'
            f'<caption>Number of curated facts by region and topic</caption>\n'
            f'<thead><tr><th scope="col">Region</th>{head}</tr></thead>\n<tbody>\n' + "\n".join(rows)
            + "\n</tbody></table></div></section>")


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} kB"


def _table_descriptions(data_dir: Path) -> dict[str, str]:
    from ..catalog.schema import TABLES

    described = dict(TABLES)
    try:
        package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
        described.update({r["name"]: r.get("description", "") for r in package.get("resources", [])})
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return described


def downloads_section(out_dir: Path) -> str:
    """Return the downloads: every CSV and Parquet table in `<out>/data/`, and datapackage.json."""
    data = out_dir / "data"
    files = sorted(p for p in data.glob("*") if p.suffix in (".csv", ".parquet") and p.is_file()) \
        if data.is_dir() else []
    described = _table_descriptions(data)
    order = {name: i for i, name in enumerate(described)}
    names = sorted({p.stem for p in files}, key=lambda n: (order.get(n, len(order)), n))
    rows = []
    for name in names:
        cells = []
        for suffix, label in ((".csv", "CSV"), (".parquet", "Parquet")):
            path = data / f"{name}{suffix}"
            cells.append(f'<td><a href="data/{esc(path.name)}" download>{label}</a> ({_size(path)})</td>'
                         if path.is_file() else "<td>—</td>")
        rows.append(f'<tr><th scope="row">{esc(name)}</th><td>{_lang(described.get(name, ""))}</td>'
                    f'{"".join(cells)}</tr>')
    package = data / "datapackage.json"
    intro = (f'<p>All tables with their field descriptions and units: <a href="data/datapackage.json">'
             f'datapackage.json</a> (Frictionless data package, {_size(package)}).</p>' if package.is_file()
             else "<p>The data package has not been exported yet.</p>")
    table = ("<table class=\"downloads\"><caption>Data tables (UTF-8 CSV and Parquet)</caption>\n<thead><tr>"
             "<th scope=\"col\">Table</th><th scope=\"col\">Contents</th><th scope=\"col\">CSV</th>"
             "<th scope=\"col\">Parquet</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
             if rows else "")
    return (f'<section id="downloads" aria-labelledby="downloads-h"><h2 id="downloads-h">Downloads</h2>\n'
            f'{intro}\n{table}</section>')


def documents_section(ctx: Context) -> str:
    """Return the source documents: each with its title, author or publisher, host, date, address
    (a link, or "no address known") and retrieval date, as the reports' Sources give them."""
    items = "\n".join(f'<li id="doc-{esc(sid)}">{ctx.documents[sid]} <code>{esc(sid)}</code></li>'
                      for sid in sorted(ctx.documents))
    return (f'<section id="documents" aria-labelledby="documents-h"><h2 id="documents-h">Source documents</h2>\n'
            f'<ul class="documents">\n{items}\n</ul>'
            + (f'\n<p class="meta">{esc(ctx.source_limits)}</p>' if ctx.source_limits else "")
            + '</section>') if items else ""


def search_section(ctx: Context) -> str:
    """Return the search form, its result list and the embedded data."""
    return f"""<section id="search" aria-labelledby="search-h"><h2 id="search-h">Search the facts</h2>
<form role="search" id="search-form" onsubmit="return false">
<label for="q">Search {len(ctx.facts)} facts and their quotes, in simplified or traditional characters,
English or numbers (e.g. <span lang="zh-Hans">贫困发生率</span>, <span lang="zh-Hant">搬遷</span>, relocation,
2020)</label>
<input type="search" id="q" name="q" autocomplete="off" spellcheck="false" aria-describedby="search-status">
</form>
<p id="search-status" role="status" aria-live="polite"></p>
<ol id="hits"></ol>
<noscript><p>The search needs JavaScript; the reports and downloads below work without it.</p></noscript>
<script type="application/json" id="search-data">{script_json(search_data(ctx))}</script>
</section>"""


SCRIPT = """<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("search-data").textContent);
  var table = data.fold, facts = data.facts, LIMIT = 50, OTHER = @OTHER@;
  var input = document.getElementById("q"), status = document.getElementById("search-status");
  var list = document.getElementById("hits");
  function fold(text) {
    var out = "";
    for (var ch of text) { out += Object.prototype.hasOwnProperty.call(table, ch) ? table[ch] : ch.toLowerCase(); }
    return out;
  }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    for (var key in attrs || {}) { node.setAttribute(key, attrs[key]); }
    return node;
  }
  function hit(f) {
    var li = el("li", "", {"class": "hit", "data-fact": f.id});
    var value = el("p", "", {"class": "value"});
    var same = f.raw.indexOf(f.value.replace(/,/g, "")) >= 0;  // 29.3% = 29.3%: say it once
    value.append(el("strong", f.raw, {lang: f.zh}), (same ? "" : " = " + f.value) + " · " + f.ind
                 + (f.flag ? " · † see anomaly " + f.flag : ""));
    var meta = el("p", "", {"class": "meta"});
    meta.append(f.region + " ", el("span", f.region_zh, {lang: "zh-Hans"}),
                (f.scope ? " (scope: " + f.scope + ")" : "") + " · " + (f.period || "no period stated") + " · source ",
                el("cite", f.source, {title: data.sources[f.source] || ""}),
                " · " + f.id);
    li.append(value, meta, el("blockquote", f.quote, {lang: f.zh}));
    var links = el("p", "", {"class": "links"});
    if (f.links.length) {
      links.append("In ", el("a", f.links[0][1], {href: f.links[0][0]}));
      var others = f.links.slice(1, 1 + OTHER);
      others.forEach(function (l, i) { links.append(i ? ", " : "; also ", el("a", l[1], {href: l[0]})); });
      if (f.links.length > 1 + OTHER) { links.append(" and " + (f.links.length - 1 - OTHER) + " more"); }
    } else {
      links.textContent = "Not shown in a built report.";
    }
    li.append(links);
    return li;
  }
  function run() {
    var terms = fold(input.value).split(/\\s+/).filter(Boolean);
    list.replaceChildren();
    if (!terms.length) { status.textContent = ""; return; }
    var found = facts.filter(function (f) { return terms.every(function (t) { return f.k.indexOf(t) >= 0; }); });
    found.slice(0, LIMIT).forEach(function (f) { list.append(hit(f)); });
    status.textContent = found.length === 0 ? "No fact matches." :
      (found.length === 1 ? "1 fact matches." : found.length + " facts match") +
      (found.length > LIMIT ? "; the first " + LIMIT + " are shown." : (found.length === 1 ? "" : "."));
  }
  input.addEventListener("input", run);
  if (input.value) { run(); }
})();
</script>""".replace("@OTHER@", str(OTHER_LINKS))

STYLE = """<style>
body{font-family:"Noto Sans","Noto Sans CJK SC",sans-serif;line-height:1.45;max-width:62rem;margin:1.5em auto;
 padding:0 1em;color:#222}
:lang(zh){font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif}
h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.6em;border-bottom:1px solid #ccc}
h3{margin:.2em 0;font-size:1.1em} a{color:#0645ad}
.stamp,.files,.meta,.depends{color:#555;font-size:.9em}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.2em}
ul.reports{list-style:none;padding:0} ul.reports>li{margin:0 0 1em;padding:.5em .8em;border-left:4px solid #4c78a8;
 break-inside:avoid} ul.reports>li.build-error{border-left-color:#b00}
.description,.finding,.files,.depends{margin:.2em 0} .label{font-weight:bold}
.fail{color:#b00;margin:.2em 0}
table{border-collapse:collapse;margin:.5em 0} caption{text-align:left;font-weight:bold;padding:.3em 0}
td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
.grid-wrap{max-width:100%} table.grid{font-size:.85em;width:100%;table-layout:fixed}
table.grid th{hyphens:manual;font-weight:normal} table.grid td,table.grid th{padding:2px 4px}
table.grid thead th:first-child{width:22%} table.grid td{text-align:right} table.grid td.zero{color:#bbb} table.grid .bench{font-size:.8em;color:#555;white-space:nowrap}
table.downloads td:nth-child(3),table.downloads td:nth-child(4){white-space:nowrap}
ul.documents li{margin:0 0 .4em;overflow-wrap:anywhere}
#search label{display:block;margin-bottom:.3em} #q{font-size:1.1em;width:100%;max-width:32em;padding:.3em}
#hits{padding-left:1.5em} .hit{margin-bottom:.8em;break-inside:avoid} .hit p{margin:.1em 0}
.hit blockquote{margin:.2em 0;padding-left:.6em;border-left:3px solid #ddd}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt} nav,#search{display:none}
 h2{break-after:avoid} a{color:inherit}}
@page{size:A4;margin:15mm}
</style>"""


def shown_facts(ctx: Context) -> set[str]:
    """Return the ids of the facts that stand in a built report's Sources (a `fact-<id>` anchor)."""
    ids = set().union(*(scan.ids for scan in ctx.scans.values())) if ctx.scans else set()
    return {f["fact_id"] for f in ctx.facts if f"fact-{f['fact_id']}" in ids}


def coverage_sentence(ctx: Context) -> str:
    """Return the page's opening sentence (HTML): how many numbers were curated from how many
    documents, how many of them the built reports show with their quotes, and where the rest are
    (the search and data/facts.csv), with how many of the rest are national figures."""
    total, shown = len(ctx.facts), shown_facts(ctx)
    rest = [f for f in ctx.facts if f["fact_id"] not in shown]
    national = sum(ctx.regions.get(f["region"], {}).get("level") == "country" for f in rest)
    lead = (f"{total} numbers curated from {len(ctx.sources)} Chinese documents on poverty alleviation, each with "
            f"the verbatim quote it comes from.")
    if not rest:
        return f"{lead} The reports show all of them."
    of = " (all national figures)" if national == len(rest) else \
        f" ({national} of them national figures)" if national else ""
    return (f"{lead} The reports show {len(shown)} of them; the other {len(rest)}{of} are in no report but can be "
            f'found with the <a href="#search">search</a> and in <a href="data/facts.csv">data/facts.csv</a>.')


def render(ctx: Context) -> str:
    """Return the whole landing page."""

    dates = sorted(str(s.get("date", ""))[:4] for s in ctx.sources.values() if s.get("date"))
    years = f", {dates[0]}–{dates[-1]}" if dates and dates[0] != dates[-1] else ""
    stamp = (f"Index written {esc(ctx.written)} · povlib {esc(__version__)} · data hash "
             f"<code>{esc(ctx.data_hash)}</code>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Poverty alleviation in {len(ctx.sources)} Chinese documents: reports</title>
<link rel="icon" href="data:,">
{STYLE}
</head>
<body>
<header><h1>Poverty alleviation in {len(ctx.sources)} Chinese documents{years}</h1>
<p>{coverage_sentence(ctx)}</p>
<p class="stamp">{stamp}</p>
<nav aria-label="Contents"><ul><li><a href="#search">Search</a></li><li><a href="#compared">Reports comparing
regions</a></li><li><a href="#profiles">Region profiles</a></li><li><a href="#grid">Regions by topic</a></li>
<li><a href="#documents">Source documents</a></li><li><a href="#downloads">Downloads</a></li></ul></nav></header>
<main>
{search_section(ctx)}
{reports_section(ctx)}
{grid_section(ctx)}
{documents_section(ctx)}
{downloads_section(ctx.out_dir)}
</main>
<footer><p class="stamp">{stamp}</p></footer>
{SCRIPT}
</body></html>
"""


def write_index(out_dir: Path, reports: list[Report], results: list, data_hash: str,
                depends: dict[str, list[str]] | None = None) -> Path:
    """Write `<out_dir>/index.html`, the readers' landing page, and return its path.

    `results` are the build's Results (a failed report shows its error); reports are read from
    their built HTML in `out_dir`; `depends` (report name → source ids) says on each report what
    it depends on.
    """

    page = render(load_context(Path(out_dir), reports, results, data_hash, utc_now(), depends))
    path = Path(out_dir) / "index.html"
    write_text_atomic(path, page)
    return path
