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
from .findings import amount
from .plots import LEGEND_LABELS
from .pubtable import Col, fmt_number, render_html, table
from .report import period_label

SCOPE_WORDS = {"rural": "rural population only", "registered_poor": "registered poor only"}


def _scope(row) -> str:
    if row["scope"] == "subset":
        return row["scope_note"]
    if row["scope"] in SCOPE_WORDS:
        return SCOPE_WORDS[row["scope"]] + (f": {row['scope_note']}" if row["scope_note"] else "")
    return "whole region"


def _with_notes(df: pd.DataFrame, *note_cols: str) -> pd.DataFrame:
    """Add a `footnote` column: the row's caveats, year basis and anomalies in one sentence."""
    notes = []
    for _, r in df.iterrows():
        parts = [str(r[c]) for c in note_cols if c in r and str(r[c] or "").strip()]
        if r.get("year_basis") in INFERRED:
            parts.append(f"year inferred ({str(r['year_basis']).replace('_', ' ')}), not stated")
        if r.get("anomalies"):
            parts.append(("flagged, left out of rankings: " if r.get("flagged") else "anomalies: ")
                         + str(r["anomalies"]).replace(";", ", "))
        notes.append("; ".join(parts))
    return df.assign(footnote=notes, scope_label=[_scope(r) for _, r in df.iterrows()])


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
                 "Poverty incidence, first and last year stated", note="footnote")


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
                 note="footnote")


def points(df: pd.DataFrame, labels: dict[str, str]):
    """Return the incidence figures and thresholds not used in a start–end pair."""
    names = load_indicators().set_index("key")["label_en"]
    data = df.assign(region_label=[labels.get(r, r) for r in df["region"]],
                     indicator=[names.get(i, i) for i in df["indicator"]])
    return table(data, [Col("region_label", "Region"), Col("indicator", "Indicator"), Col("measure", "Measure"),
                        Col("period", "Period"), Col("value", "Value", "percent"), Col("fact_id", "Fact", "facts")],
                 "Incidence figures not used in a start–end pair", note="note")


def relocation(df: pd.DataFrame, labels: dict[str, str]):
    """Return the relocation scale table for readers."""
    data = _with_notes(_label(df, labels))
    shares = [f"{fmt_number(st)}% (stated)" if st == st else f"{fmt_number(co)}% (computed)" if co == co else ""
              for st, co in zip(data["cross_area_share_stated"], data["cross_area_share_computed"])]
    data = data.assign(period=[period_label(s, e) for s, e in zip(data["period_start"], data["period_end"])],
                       cross_share=shares)
    return table(data, [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("measure", "Measure"),
                        Col("period", "Period"), Col("persons", "People", "number"),
                        Col("households", "Households", "number"), Col("sites", "Sites", "number"),
                        Col("persons_per_site", "People per site", "number"),
                        Col("cross_share", "Cross-area share"),
                        Col("facts", "Facts", "facts")],
                 "Relocation by region, measure, period and scope (never added across rows)", note="footnote")


def funding(df: pd.DataFrame, labels: dict[str, str]):
    """Return the funding table for readers: amounts in 亿元, parts indented under their total."""
    data = _with_notes(_label(df, labels), "note")
    data = data.assign(amount=[("↳ " * int(r["level"])) + amount(r) for _, r in data.iterrows()],
                       source=[LEGEND_LABELS.get(s, s) for s in data["fund_source"]],
                       sector=[s.replace("_", " ") for s in data["sector"]],
                       period=[t or period_label(s, e) for t, s, e in
                               zip(data["period_text"], data["period_start"], data["period_end"])])
    return table(data, [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("source", "Source of funds"),
                        Col("sector", "Sector"), Col("measure", "Measure"), Col("period", "Period"),
                        Col("amount", "Amount"), Col("fact_id", "Fact", "facts")],
                 "Funding amounts as stated (亿元); parts (↳) sit under their total; nothing is added up",
                 note="footnote")


def headline(df: pd.DataFrame):
    """Return a profile's headline facts for readers."""
    data = df.assign(scope_label=[s.replace("registered_poor", "registered poor") for s in df["scope"]],
                     footnote=df["note"])
    return table(data, [Col("indicator", "Indicator"), Col("measure", "Measure"), Col("period", "Period"),
                        Col("scope_label", "Scope"), Col("value", "Value", "quantity"),
                        Col("fact_id", "Fact", "facts")], "Headline figures", note="footnote")


def documents(ids: list[str]) -> str:
    """Return the HTML list of the documents the facts come from (title given once, not per row)."""
    facts = load_facts().set_index("fact_id").loc[ids]
    src = load_sources().set_index("source_id").loc[sorted(set(facts["source_id"]))]
    items = "".join(f"<li><b>{html.escape(sid)}</b>: {html.escape(r.title or r.title_en)} "
                    f"({html.escape(r.outlet or r.outlet_en)}, {html.escape(str(r.date))}"
                    f"{', date inferred' if r.date_basis == 'inferred' else ''})</li>" for sid, r in src.iterrows())
    return f"<ul class='povlib-docs'>{items}</ul>"


SOURCE_COLS = [Col("fact_id", "Fact"), Col("indicator_label", "Indicator"), Col("value", "Value", "quantity"),
               Col("period", "Period"), Col("quote", "Quote (verbatim)", "quote")]


def _fact_rows(ids: list[str]) -> pd.DataFrame:
    facts = load_facts().set_index("fact_id").loc[ids].reset_index()
    ind = load_indicators().set_index("key")["label_en"]
    return facts.assign(indicator_label=[ind[i] for i in facts["indicator"]],
                        period=[period_label(s, e) + ("?" if b in INFERRED else "")
                                for s, e, b in zip(facts["period_start"], facts["period_end"], facts["year_basis"])])


def sources(ids: list[str]):
    """Return the Sources section: the documents, then one anchored row per fact with its quote."""
    from IPython.display import HTML
    body = render_html(_fact_rows(ids), SOURCE_COLS, row_id="fact_id")
    return HTML(f"<h2 id='sources'>Sources</h2>{documents(ids)}{body}")


def appendix(facts: pd.DataFrame, topics) -> str:
    """Return a profile's appendix HTML: every fact by topic, one compact anchored row each."""
    parts = ["<h2 id='sources'>Appendix: every fact, by topic (the Sources of this report)</h2>",
             documents(list(facts["fact_id"]))]
    for topic in topics:
        ids = list(facts.loc[facts["topic"] == topic, "fact_id"])
        if ids:
            parts.append(f"<h3 id='topic-{html.escape(topic)}'>{html.escape(topic.capitalize())} ({len(ids)})</h3>")
            parts.append(render_html(_fact_rows(ids), SOURCE_COLS, row_id="fact_id"))
    return "".join(parts)


def anomalies(df: pd.DataFrame):
    """Return the anomalies table for readers."""
    df = df.assign(kind=[k.replace("_", " ") for k in df["kind"]])
    return table(df, [Col("anomaly_id", "Anomaly"), Col("kind", "Kind"), Col("explanation", "Explanation"),
                      Col("facts", "Facts", "facts")], "Anomalies recorded in the source documents")
