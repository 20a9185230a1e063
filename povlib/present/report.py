"""Helpers the notebooks call: parameter checks, the tables each report shows, HTML rendering.

Notebooks stay thin: a parameters cell, then calls into this module and `povlib.plots`.
Every table a report shows carries the fact_id of each number; `sources_table` lists the
quotes behind them. Source text is HTML-escaped wherever it is rendered.
"""

from __future__ import annotations

import html

import pandas as pd

from ..analysis import metrics
from ..exceptions import UnknownKeyError
from ..catalog.frames import load_anomalies, load_facts, load_indicators, load_regions, load_sources
from ..catalog.reference import ancestors

PROFILE_LEVELS = ("province", "prefecture")


def profile_regions() -> list[str]:
    """Return the areas the documents cover (province or prefecture keys in the manifests' `regions`)
    that have curated facts, themselves or through places below them. Benchmark regions (level
    `country`, see `metrics.benchmark_regions`) are never profiled and never part of 'all'; a draft
    manifest (no curated fact yet) and draft facts (`load_facts` leaves them out) add nothing."""
    regions = {r["key"]: r for r in load_regions().to_dict("records")}
    sources = load_sources()
    curated = sources[sources["n_facts"] > 0]  # a draft manifest has no curated fact yet
    covered = {k for ks in curated["regions"] for k in ks.split(";") if k}
    with_facts = set()
    for key in load_facts()["region"].unique():
        with_facts.update([key, *ancestors(regions, key)])
    benchmarks = metrics.benchmark_regions()
    return sorted(k for k in covered & with_facts
                  if regions[k]["level"] in PROFILE_LEVELS and k not in benchmarks)


def check_region(region) -> str:
    """Return `region` if it is a profiled region key; raise naming the valid values otherwise."""
    valid = profile_regions()
    if not isinstance(region, str):
        raise TypeError(f"parameter region must be a string such as 'tongren', got {type(region).__name__} "
                        f"{region!r}; valid values: {', '.join(valid)}")
    if region in metrics.benchmark_regions():
        raise UnknownKeyError(f"region {region!r} is the national benchmark, not a profiled region; "
                              f"valid values: {', '.join(valid)}")
    if region not in valid:
        raise UnknownKeyError(f"unknown region {region!r}; valid values: {', '.join(valid)}")
    return region


def check_regions(regions) -> list[str]:
    """Return the list of region keys to compare ('all' or None → every profiled region)."""
    valid = profile_regions()
    if regions is None or regions == "all":
        return valid
    if isinstance(regions, str):
        regions = [r.strip() for r in regions.split(",") if r.strip()]
    if not isinstance(regions, (list, tuple)):
        raise TypeError(f"parameter regions must be 'all' or a list of region keys, got {type(regions).__name__}; "
                        f"valid values: {', '.join(valid)}")
    if not regions:
        raise ValueError(f"parameter regions is empty; give 'all' or some of: {', '.join(valid)}")
    for r in regions:
        check_region(r)
    return list(regions)


def region_labels() -> dict[str, str]:
    """Return region key → short label 'Tongren 铜仁市' for charts and tables."""
    df = load_regions()
    return {r.key: f"{r.key.replace('-', ' ').title()} {r.name_zh}" for r in df.itertuples()}


def descendants(region: str) -> list[str]:
    """Return the region and every region below it."""
    table = {r["key"]: r for r in load_regions().to_dict("records")}
    return [k for k in table if k == region or region in ancestors(table, k)]


def region_facts(region: str) -> pd.DataFrame:
    """Return the facts about a region and the places below it, with indicator labels."""
    facts = load_facts()
    ind = load_indicators().set_index("key")
    sel = facts[facts["region"].isin(descendants(region))].copy()
    sel["indicator_label"] = [ind.loc[i, "label_en"] for i in sel["indicator"]]
    return sel


def sources_of(facts: pd.DataFrame) -> pd.DataFrame:
    """Return the source rows (manifest fields) of the documents the facts come from."""
    src = load_sources()
    return src[src["source_id"].isin(set(facts["source_id"]))]


HEADLINE = ["poverty_incidence", "poor_population", "persons_lifted", "households_lifted", "villages_exited",
            "counties_exited", "relocated_persons", "relocated_households", "relocation_sites"]


def headline(region: str) -> pd.DataFrame:
    """Return the headline facts of a region: the key indicators stated for the region itself.

    Columns: indicator, measure, period, scope, value, unit, raw, fact_id, part_of, note
    (caveats), one row per fact; `scope` is 'all', or the part of the region the number covers.
    A number that is a part of another (`part_of`, e.g. the target list inside a relocation
    total) is never shown as the region's total: its scope says 'part of <total> (<fact id>)'
    and it follows the totals. Each end of the period carries its own '?' (inferred year).
    """
    facts = region_facts(region)
    every = load_facts().set_index("fact_id")
    sel = facts[(facts["region"] == region) & facts["indicator"].isin(HEADLINE)].copy()
    sel["order"] = [HEADLINE.index(i) for i in sel["indicator"]]
    sel["is_part"] = sel["part_of"].isin(every.index)
    sel["period"] = [_period_marked(f) for f in sel.to_dict("records")]
    sel["scope"] = [s if s == "all" or not n else f"{s}: {n}" for s, n in zip(sel["scope"], sel["scope_note"])]
    sel["scope"] = [f"part of {every.loc[p, 'raw']} ({p}); {s}" if part else s
                    for s, p, part in zip(sel["scope"], sel["part_of"], sel["is_part"])]
    sel["part_of"] = [p if part else "" for p, part in zip(sel["part_of"], sel["is_part"])]
    sel = sel.sort_values(["order", "is_part", "period", "fact_id"])
    return sel[["indicator_label", "measure", "period", "scope", "value", "unit", "raw", "fact_id", "part_of",
                "note"]].rename(columns={"indicator_label": "indicator"}).reset_index(drop=True)


def _period_marked(fact: dict) -> str:
    """Return the period label with '?' after each end whose year was inferred (basis per end)."""
    start, end = metrics.end_bases(fact)
    s = "" if pd.isna(fact["period_start"]) else str(fact["period_start"])
    e = "" if pd.isna(fact["period_end"]) else str(fact["period_end"])
    mark = {True: "?", False: ""}
    s_txt = s + mark[start in metrics.INFERRED] if s else ""
    e_txt = e + mark[end in metrics.INFERRED] if e else ""
    if not s and not e:
        return "period not stated"
    if s == e or not e:
        return e_txt if s == e else s_txt
    return f"{s_txt}–{e_txt}" if s else f"to {e_txt}"


def period_label(start, end) -> str:
    """Return '2014', '2014–2018', 'to 2019' or 'period not stated'."""
    s = "" if pd.isna(start) else str(start)
    e = "" if pd.isna(end) else str(end)
    if not s and not e:
        return "period not stated"
    if s == e or not e:
        return s
    return f"{s}–{e}" if s else f"to {e}"


def trajectory(region: str, indicator: str, scope: tuple[str, str] = ("all", "")) -> pd.DataFrame:
    """Return the dated `actual` values of one indicator for the region itself and one scope
    (scope, scope_note), one per year, with year_basis and anomalies for the chart's marks."""
    facts = region_facts(region)
    sel = facts[(facts["region"] == region) & (facts["indicator"] == indicator)
                & (facts["measure"] == "actual") & facts["year_end"].notna()
                & (facts["scope"] == scope[0]) & (facts["scope_note"] == scope[1])]
    named = metrics.anomaly_index()
    sel = sel.assign(anomalies=[";".join(a for a, _ in named.get(f, [])) for f in sel["fact_id"]])
    return sel.sort_values(["year_end", "fact_id"]).drop_duplicates("year_end")[
        ["year_end", "value", "unit", "raw", "fact_id", "year_basis", "anomalies"]].reset_index(drop=True)


TRAJECTORY = {"poverty_incidence": "Poverty incidence (%)", "poor_population": "Registered poor population (persons)"}


def trajectories(region: str) -> list[tuple[str, pd.DataFrame]]:
    """Return (chart title, table) for each trajectory indicator and scope the region has two or
    more dated values for; the title names the scope when it is not the whole region."""
    facts = region_facts(region)
    out = []
    for indicator, label in TRAJECTORY.items():
        mine = facts[(facts["region"] == region) & (facts["indicator"] == indicator)]
        for scope in sorted({(s, n) for s, n in zip(mine["scope"], mine["scope_note"])}):
            table = trajectory(region, indicator, scope)
            if len(table) >= 2:
                words = "" if scope[0] == "all" else f" — {scope[1] or scope[0].replace('_', ' ')} only"
                out.append((label + words, table))
    return out


def note(text: str):
    """Return a short HTML paragraph (escaped), e.g. to say that a section has no data."""
    from IPython.display import HTML
    return HTML(f"<p><em>{html.escape(text)}</em></p>")


def by_topic(region: str) -> pd.DataFrame:
    """Return every fact of the region (and places below it), ordered by topic, with its quote."""
    facts = region_facts(region).sort_values(["topic", "fact_id"])
    facts["period"] = [period_label(s, e) for s, e in zip(facts["period_start"], facts["period_end"])]
    return facts[["topic", "region", "indicator_label", "measure", "period", "raw", "value", "unit",
                  "fact_id", "quote"]].rename(columns={"indicator_label": "indicator"}).reset_index(drop=True)


def anomalies_of(region: str) -> pd.DataFrame:
    """Return the anomalies that name a fact of the region (or of a place below it)."""
    ids = set(region_facts(region)["fact_id"])
    df = load_anomalies()
    keep = [bool(ids & set(str(f).split(";"))) for f in df["facts"]]
    return df[keep][["anomaly_id", "kind", "quote", "explanation", "facts"]].reset_index(drop=True)


def anomaly_lines(ids: list[str], width: int = 150) -> list[str]:
    """Return 'id: first sentence of the explanation' for each anomaly id (shortened to `width`)."""
    table = load_anomalies().set_index("anomaly_id")
    out = []
    for aid in ids:
        if aid in table.index:
            first = str(table.loc[aid, "explanation"]).split(". ")[0].rstrip(".")
            line = f"{aid}: {first}."
            out.append(line if len(line) <= width else line[: width - 1] + "…")
    return out


def in_regions(df: pd.DataFrame, regions: list[str]) -> pd.DataFrame:
    """Return the rows of a metrics table whose region is one of `regions` or lies below one."""
    keep = {d for r in regions for d in descendants(r)}
    return df[df["region"].isin(keep)].reset_index(drop=True)


def metric(name: str, regions: list[str]) -> pd.DataFrame:
    """Return a metrics table (`poverty_rate_declines`, `relocation_scale`, ...) for `regions`."""
    return in_regions(getattr(metrics, name)(), regions)


def fact_ids(*frames: pd.DataFrame) -> list[str]:
    """Return the sorted fact ids named in the fact-id columns of the given tables."""
    ids: set[str] = set()
    for df in frames:
        for col in ("fact_id", "facts", "start_fact", "end_fact", "other_facts"):
            if col in df:
                ids.update(i for cell in df[col].dropna() for i in str(cell).split(";") if i)
    return sorted(ids)


def sources_table(ids: list[str]) -> pd.DataFrame:
    """Return one row per fact id: the document, the offset and the verbatim quote."""
    facts = load_facts().set_index("fact_id").loc[ids]
    src = load_sources().set_index("source_id")
    return pd.DataFrame({"fact_id": ids, "document": [f"{s} — {src.loc[s, 'title'] or src.loc[s, 'title_en']}"
                                                      for s in facts["source_id"]],
                         "raw": list(facts["raw"]), "offset": list(facts["quote_start"]),
                         "quote": list(facts["quote"])})


def _number(v: float) -> str:
    """Format a number for a reader: whole numbers with thousands separators, never 1.8e+06."""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.10g}"


def show(df: pd.DataFrame, caption: str = ""):
    """Return an HTML table (every cell escaped) that Jupyter displays; numbers keep full precision.

    An empty table becomes a one-line note saying the sources hold no such facts.
    """
    from IPython.display import HTML
    if df.empty:
        return HTML(f"<p><em>{html.escape(caption + ': ' if caption else '')}no facts of this kind in the "
                    f"source documents.</em></p>")
    body = df.to_html(index=False, escape=True, na_rep="—", float_format=_number,
                      classes="povlib-table", border=0)
    cap = f"<p class='povlib-caption'>{html.escape(caption)}</p>" if caption else ""
    return HTML(cap + body)


def as_text(df: pd.DataFrame) -> str:
    """Return a deterministic plain-text rendering of a table (for cells nbval compares)."""
    if df.empty:
        return "(no rows)"
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", 40):
        return df.to_string(index=False, float_format=lambda v: f"{v:.6g}", na_rep="NA")


def title(text: str, subtitle: str = ""):
    """Return an HTML heading (escaped) for a report."""
    from IPython.display import HTML
    sub = f"<p>{html.escape(subtitle)}</p>" if subtitle else ""
    return HTML(f"<h1>{html.escape(text)}</h1>{sub}")


def heading(text: str, anchor: str = ""):
    """Return an HTML section heading (h2, escaped) with an optional id for links."""
    from IPython.display import HTML
    ident = f" id='{html.escape(anchor)}'" if anchor else ""
    return HTML(f"<h2 class='section'{ident}>{html.escape(text)}</h2>")


def incidence_points(regions: list[str]) -> pd.DataFrame:
    """Return poverty-incidence facts that are thresholds or not part of a start→end pair."""
    facts = load_facts()
    keep = {d for r in regions for d in descendants(r)}
    used = set(fact_ids(metric("poverty_rate_declines", regions)))
    sel = facts[facts["indicator"].isin(["poverty_incidence", "exit_threshold_incidence"])
                & (facts["region"].isin(keep) | (facts["measure"] == "threshold"))
                & ~facts["fact_id"].isin(used)]
    sel = sel.assign(period=[period_label(s, e) for s, e in zip(sel["period_start"], sel["period_end"])])
    return sel[["region", "indicator", "measure", "period", "raw", "value", "fact_id", "note"]].reset_index(drop=True)


def funding_counts(funding: pd.DataFrame) -> pd.DataFrame:
    """Return how many funding amounts are stated per source of funds and measure (not a sum)."""
    return funding.pivot_table(index="fund_source", columns="measure", values="fact_id", aggfunc="count",
                               fill_value=0).reset_index()
