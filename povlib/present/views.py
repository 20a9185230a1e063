"""The reader tables each report shows, built with `povlib.pubtable`: chosen columns, English
labels, numbers with units, scope and caveats as footnotes, fact ids linking to Sources entries.

Every report ends with a Sources section whose rows carry the anchors `fact-<fact_id>`; a
profile's appendix of every fact, grouped by topic under headings `topic-<topic>`, is its
Sources section.
"""

from __future__ import annotations

import html

import pandas as pd

from ..analysis import metrics
from ..catalog.frames import load_facts, load_indicators, load_sources
from ..analysis.metrics import INFERRED
from .plots import LEGEND_LABELS
from .pubtable import Col, fmt_number, lang_spans, quantity_en, render_html, sentence, table
from .report import english_names, period_en, region_labels

SCOPE_WORDS = {"rural": "rural population only", "registered_poor": "registered poor only"}


def _scope(row) -> str:
    if row["scope"] == "subset":
        return row["scope_note"]
    if row["scope"] in SCOPE_WORDS:
        return SCOPE_WORDS[row["scope"]] + (f": {row['scope_note']}" if row["scope_note"] else "")
    return "whole region"


#: why a year carries "?": the fact's year_basis in words
BASIS_WORDS = {"document_date": "? = the year is not stated; it is taken from the document's date",
               "context": "? = the year is not stated; it is inferred from the surrounding text"}


def _with_notes(df: pd.DataFrame, *note_cols: str) -> pd.DataFrame:
    """Add a `footnote` column: the row's caveats, year basis and anomalies, as whole sentences."""
    notes = []
    for _, r in df.iterrows():
        parts = [str(r[c]) for c in note_cols if c in r and str(r[c] or "").strip()]
        if r.get("year_basis") in INFERRED:
            parts.append(BASIS_WORDS.get(r["year_basis"], "? = the year is inferred, not stated"))
        if r.get("anomalies"):
            ids = str(r["anomalies"]).replace(";", ", ")
            parts.append(f"† Left out of rankings: rests on anomaly {ids}" if r.get("flagged")
                         else f"† See anomaly {ids} in the anomaly table")
        notes.append(english_names(sentence(parts)))
    return df.assign(footnote=notes, scope_label=[english_names(_scope(r)) for _, r in df.iterrows()])


def _period(r) -> str:
    """Return a row's period in English (`report.period_en`), '?' on inferred years."""
    return period_en(r.get("period_start"), r.get("period_end"), r.get("period_text", ""),
                     r.get("year_basis") in INFERRED)


def _label(df: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    return df.assign(region_label=[labels[r] for r in df["region"]])


def declines(df: pd.DataFrame, labels: dict[str, str]):
    """Return the poverty-rate declines table for readers."""
    data = _with_notes(_label(df, labels), "caveat")
    return table(data, [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("start_year", "From", "year"),
                        Col("start_rate", "Rate", "percent"), Col("end_year", "To", "year"),
                        Col("end_rate", "Rate", "percent"), Col("decline_pp", "Decline", "pp"),
                        Col("pp_per_year", "pp a year", "number"), Col("start_fact", "Facts", "facts"),
                        Col("end_fact", "", "facts")],
                 "Poverty incidence, first and last year stated", note="footnote", export="poverty_rate_declines")


def ranking(df: pd.DataFrame, labels: dict[str, str]):
    """Return the ranking of whole-region declines by pace (`metrics.ranking`), or say why none."""
    from IPython.display import HTML

    ranked = metrics.ranking(df, "pp_per_year")
    if ranked.empty:
        whole = df[df["scope"] == "all"]
        left = [labels[r].split(" ")[0] + (" flagged" if f else " has no per-year rate")
                for r, f in zip(whole["region"], whole["flagged"])]
        return HTML("<p class='povlib-empty'><em>Ranking by pace: no whole-region row can be ranked "
                    f"({html.escape(', '.join(left))}). Rows of other scopes are not ranked together.</em></p>")
    data = _with_notes(_label(ranked, labels), "caveat")
    return table(data, [Col("rank", "Rank"), Col("region_label", "Region"), Col("pp_per_year", "pp a year", "number"),
                        Col("start_year", "From", "year"), Col("end_year", "To", "year"),
                        Col("start_fact", "Facts", "facts"), Col("end_fact", "", "facts")],
                 "Ranking by pace (whole-region rows only; flagged rows left out)", note="footnote")


def reductions(df: pd.DataFrame, labels: dict[str, str]):
    """Return the headcount reductions table for readers (stated and computed in one row)."""
    data = _with_notes(_label(df, labels), "note")
    data = data.assign(agree=[("yes" if a else "no") if a is not pd.NA and a == a else "" for a in data["agree"]])
    return table(data, [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("measure", "Measure"),
                        Col("start_year", "From", "year"), Col("end_year", "To", "year"),
                        Col("persons_stated", "Stated (persons)", "number"),
                        Col("persons_computed", "Computed (persons)", "number"), Col("agree", "Agree"),
                        Col("persons_per_year", "Per year", "number"), Col("facts", "Facts", "facts")],
                 "Headcount reductions: stated and computed in one row per region, scope and period",
                 note="footnote", export="headcount_reductions")


def points(df: pd.DataFrame, labels: dict[str, str]):
    """Return the incidence figures and thresholds not used in a start–end pair."""
    names = load_indicators().set_index("key")["label_en"]
    facts = load_facts().set_index("fact_id")
    data = df.assign(region_label=[labels.get(r, r) for r in df["region"]],
                     indicator=[names.get(i, i) for i in df["indicator"]],
                     period=[_period(facts.loc[f]) for f in df["fact_id"]],
                     note=[english_names(sentence([n])) for n in df["note"]])
    return table(data, [Col("region_label", "Region"), Col("indicator", "Indicator"), Col("measure", "Measure"),
                        Col("period", "Period"), Col("value", "Value", "percent"), Col("fact_id", "Fact", "facts")],
                 "Incidence figures not used in a start–end pair", note="note")


def relocation(df: pd.DataFrame, labels: dict[str, str]):
    """Return the relocation scale table for readers."""
    data = _with_notes(_label(df, labels))
    shares = [f"{fmt_number(st)}% (stated)" if st == st else f"{fmt_number(co)}% (computed)" if co == co else ""
              for st, co in zip(data["cross_area_share_stated"], data["cross_area_share_computed"])]
    data = data.assign(period=[_period(r) for _, r in data.iterrows()], cross_share=shares)
    return table(data, [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("measure", "Measure"),
                        Col("period", "Period"), Col("persons", "People", "number"),
                        Col("households", "Households", "number"), Col("sites", "Sites", "number"),
                        Col("persons_per_site", "People per site", "number"),
                        Col("cross_share", "Cross-area share"),
                        Col("facts", "Facts", "facts")],
                 "Relocation by region, measure, period and scope (never added across rows)", note="footnote", export="relocation_scale")


def funding(df: pd.DataFrame, labels: dict[str, str]):
    """Return the funding table for readers: amounts in 亿元, parts indented under their total."""
    data = _with_notes(_label(df, labels), "note")
    data = data.assign(amount=[("↳ " * int(r["level"])) + fmt_number(r["value_exact_yi"])
                               + (f" per {r['per']}" if r["per"] else "") for _, r in data.iterrows()],
                       source=[LEGEND_LABELS.get(s, s) for s in data["fund_source"]],
                       sector=[s.replace("_", " ") for s in data["sector"]],
                       period=[_period(r) for _, r in data.iterrows()])
    return table(data, [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("source", "Source of funds"),
                        Col("sector", "Sector"), Col("measure", "Measure"), Col("period", "Period"),
                        Col("amount", "Amount (亿元)", "amount"), Col("fact_id", "Fact", "facts")],
                 "Funding amounts as stated, in 亿元 (100 million yuan); parts (↳) sit under their total; "
                 "nothing is added up", note="footnote", export="funding")


def headline(df: pd.DataFrame):
    """Return a profile's headline facts for readers (periods in English, values in the report's
    units with their qualifiers, scope in words)."""
    facts = load_facts().set_index("fact_id")
    rows = [facts.loc[f] for f in df["fact_id"]]
    data = df.assign(scope_label=[english_names(_scope(r)) for r in rows], qualifier=[r["qualifier"] for r in rows],
                     period=[_period(r) for r in rows], footnote=[english_names(sentence([n])) for n in df["note"]])
    return table(data, [Col("indicator", "Indicator"), Col("measure", "Measure"), Col("period", "Period"),
                        Col("scope_label", "Scope"), Col("value", "Value", "quantity"),
                        Col("fact_id", "Fact", "facts")], "Headline figures", note="footnote")


DATE_BASIS = {"stated": "date stated in the document", "inferred": "date inferred from the text"}


def citation(r) -> str:
    """Return the HTML citation of one source (a `load_sources` row): English title, Chinese title,
    publisher, date and date basis; an empty field is said to be missing, never left blank."""
    zh_title = f" ({lang_spans(r.title, r.script)})" if r.title else ""
    publisher = (lang_spans(r.outlet_en or r.outlet) + (f" ({lang_spans(r.outlet, r.script)})"
                                                         if r.outlet and r.outlet_en else "")
                 if (r.outlet or r.outlet_en) else "publisher not stated")
    return (f"<i>{lang_spans(r.title_en or r.title)}</i>{zh_title}. {publisher}; {html.escape(str(r.date))} "
            f"({DATE_BASIS.get(r.date_basis, r.date_basis or 'date basis not recorded')}). "
            f"In povlib as <code>{html.escape(r.source_id)}</code>.")


def documents(ids: list[str]) -> str:
    """Return the HTML list of the documents the facts come from, each cited once in English and
    Chinese with publisher, date and date basis (see `citation`)."""
    facts = load_facts().set_index("fact_id").loc[ids]
    src = load_sources().set_index("source_id", drop=False).loc[sorted(set(facts["source_id"]))]
    items = "".join(f"<li>{citation(r)}</li>" for r in src.itertuples())
    return f"<ul class='povlib-docs'>{items}</ul>"


SOURCE_COLS = [Col("fact_ids", "Facts", "anchors"), Col("figures", "Figures"),
               Col("quote", "Quote (verbatim)", "quote")]


def _fact_rows(ids: list[str]) -> pd.DataFrame:
    """Return one row per distinct quote: the fact ids it supports (';'-joined), their figures
    ('Indicator: value, period', '† anomaly ids' when an anomaly names the fact), the region(s),
    the quote and its document's script."""
    facts = load_facts().set_index("fact_id").loc[ids].reset_index()
    ind = load_indicators().set_index("key")["label_en"]
    scripts = load_sources().set_index("source_id")["script"]
    labels = region_labels()
    named = metrics.anomaly_index()
    facts = facts.assign(
        figure=[f"{ind[r.indicator]}: {quantity_en(r.value, r.unit, r.qualifier)}, "
                f"{period_en(r.period_start, r.period_end, r.period_text, r.year_basis in INFERRED)}"
                + (f" († {', '.join(a for a, _ in named[r.fact_id])})" if r.fact_id in named else "")
                for r in facts.itertuples()],
        region_label=[labels[r] for r in facts["region"]])
    rows = []
    for (source, start, quote), group in facts.groupby(["source_id", "quote_start", "quote"], sort=False):
        group = group.sort_values("fact_id")
        rows.append({"fact_ids": ";".join(group["fact_id"]), "figures": "; ".join(group["figure"]),
                     "region_label": ", ".join(dict.fromkeys(group["region_label"])), "quote": quote,
                     "script": scripts.get(source, ""), "first": group["fact_id"].min()})
    return pd.DataFrame(rows).sort_values("first").reset_index(drop=True) if rows else pd.DataFrame(
        columns=["fact_ids", "figures", "region_label", "quote", "script"])


def _source_cols(rows: pd.DataFrame) -> list[Col]:
    """Return the Sources columns, with a Region column when the rows come from several regions."""
    several = rows["region_label"].nunique() > 1 if len(rows) else False
    return SOURCE_COLS[:1] + ([Col("region_label", "Region")] if several else []) + SOURCE_COLS[1:]


def sources(ids: list[str]):
    """Return the Sources section: the documents, then each quote once, anchored by every fact id
    it supports."""
    from IPython.display import HTML
    rows = _fact_rows(ids)
    body = render_html(rows, _source_cols(rows))
    return HTML(f"<h2 id='sources'>Sources</h2>{documents(ids)}{body}")


def appendix(facts: pd.DataFrame, topics) -> str:
    """Return a profile's appendix HTML: every fact by topic, each quote once with the fact ids it
    supports, and a Region column in a topic whose facts come from several regions."""
    parts = ["<h2 id='sources'>Appendix: every fact, by topic (the Sources of this report)</h2>",
             documents(list(facts["fact_id"]))]
    rows = _fact_rows(list(facts["fact_id"]))
    topic_of = dict(zip(facts["fact_id"], facts["topic"]))
    # a quote whose facts span topics is printed once, under the topic of its first fact
    rows = rows.assign(topic=[topic_of[i.split(";")[0]] for i in rows["fact_ids"]])
    for topic in topics:
        mine = rows[rows["topic"] == topic].reset_index(drop=True)
        if len(mine):
            n = sum(len(i.split(";")) for i in mine["fact_ids"])
            parts.append(f"<h3 id='topic-{html.escape(topic)}'>{html.escape(topic.capitalize())} "
                         f"({n} {'fact' if n == 1 else 'facts'})</h3>")
            parts.append(render_html(mine, _source_cols(mine)))
    return "".join(parts)


def anomalies(df: pd.DataFrame):
    """Return the anomalies table for readers."""
    here = df["facts_here"] if "facts_here" in df else df["facts"]
    elsewhere = [";".join(sorted(set(str(a).split(";")) - set(str(h).split(";")))) for a, h in zip(df["facts"], here)]
    df = df.assign(kind=[k.replace("_", " ") for k in df["kind"]], facts_here=here,
                   explanation=[english_names(e) for e in df["explanation"]],
                   elsewhere=[e.replace(";", ", ") for e in elsewhere])
    cols = [Col("anomaly_id", "Anomaly"), Col("kind", "Kind"), Col("explanation", "Explanation"),
            Col("facts_here", "Facts", "facts")]
    if any(elsewhere):
        cols.append(Col("elsewhere", "Facts of other regions"))
    return table(df, cols, "Anomalies recorded in the source documents")
