"""Key findings: the sentences each report opens with, generated from `povlib.metrics`.

No number is typed: every figure comes from a metrics row or a fact, formatted with
`povlib.pubtable`, and every sentence links to the Sources entries of its facts. Caveats travel
with the figure: the scope ("the 11 deep-poverty counties only"), an inferred year ("2017?",
"year inferred"), and the anomalies a row rests on ("see anomaly X").
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from ..analysis import metrics
from ..analysis.metrics import INFERRED
from .plots import LEGEND_LABELS as FUND_LABELS
from .pubtable import fmt_number, fmt_quantity
from .report import descendants, in_regions, period_label, region_facts, region_labels

MAX_FINDINGS = 6


def amount(row) -> str:
    """Return a funding row's amount as the source wrote it ('22,211.54 万元', '3 亿元 per year')."""
    from decimal import Decimal
    yuan = Decimal(row["value_exact_yi"]) * 10**8
    return fmt_quantity(yuan, "yuan", row["raw"]) + (f" per {row['per']}" if row["per"] else "")


@dataclass
class Finding:
    """One key finding: its sentence (plain text) and the fact ids behind it."""

    text: str
    facts: list[str] = field(default_factory=list)

    def html(self) -> str:
        """Return the sentence as HTML with links to the Sources entries of its facts."""
        links = ", ".join(f'<a class="fact" href="#fact-{html.escape(f)}">{html.escape(f)}</a>' for f in self.facts)
        return f"{html.escape(self.text)} <span class='kf-src'>[{links}]</span>" if links else html.escape(self.text)


def _who(row, labels: dict[str, str]) -> str:
    name = labels[row["region"]].split(" ")[0]
    if row["scope"] == "subset":
        return f"{name} ({row['scope_note']} only)"
    if row["scope"] in ("rural", "registered_poor"):
        return f"{name} ({row['scope'].replace('_', ' ')} only)"
    return name


def _year(year, basis: str) -> str:
    if pd.isna(year):
        return "year not stated"
    return f"{int(year)}?" if basis in INFERRED else str(int(year))


def _caveats(row) -> str:
    parts = []
    if row.get("year_basis") in INFERRED:
        parts.append("? = year inferred, not stated")
    if row.get("anomalies"):
        kind = "rests on a contradiction in the source" if row.get("flagged") else "see anomaly"
        parts.append(f"{kind} {row['anomalies'].replace(';', ', ')}")
    return f" ({'; '.join(parts)})" if parts else ""


def _period(row) -> str:
    """Return a funding row's period: the years, with the source's own words quoted ('2016–2019, “近年来”')."""
    years = period_label(row["period_start"], row["period_end"])
    if years != "period not stated" and row.get("year_basis") in INFERRED:
        years += "?"
    words = row["period_text"]
    if not words or (row["period_end"] and str(row["period_end"])[:4] in words and "?" not in years):
        return f"“{words}”" if words else years
    return f"“{words}”" if years == "period not stated" else f"{years}, “{words}”"


def _ids(*cells) -> list[str]:
    return sorted({i for cell in cells for i in str(cell).split(";") if i and cell is not pd.NA})


def poverty_rates(regions: list[str]) -> list[Finding]:
    """Return findings on poverty-incidence declines and headcount reductions for `regions`."""
    labels = region_labels()
    declines = in_regions(metrics.poverty_rate_declines(), regions)
    out = []
    ranked = metrics.ranking(declines, "pp_per_year")
    if len(ranked):
        top = ranked.iloc[0]
        out.append(Finding(f"Fastest ranked decline among whole-region rates: {_who(top, labels)}, "
                           f"{fmt_number(top['pp_per_year'])} percentage points a year "
                           f"({_year(top['start_year'], top['year_basis'])}–{_year(top['end_year'], top['year_basis'])})"
                           f"{_caveats(top)}.", _ids(top["start_fact"], top["end_fact"])))
    out += [decline_sentence(r, labels) for _, r in declines.iterrows()]
    reductions = in_regions(metrics.headcount_reductions(), regions)
    big = metrics.ranking(reductions, "persons", measure="cumulative")
    left = reductions[(reductions["scope"] == "all") & (reductions["measure"] == "cumulative") & reductions["flagged"]]
    if len(big):
        top = big.iloc[0]
        aside = (" Left out because it rests on a contradiction in its source: "
                 + ", ".join(f"{labels[r].split(' ')[0]} {fmt_quantity(p, 'persons')}" for r, p in
                             zip(left["region"], left["persons"])) + ".") if len(left) else ""
        out.append(Finding(f"Largest cumulative reduction stated for a whole region: {_who(top, labels)}, "
                           f"{fmt_quantity(top['persons'], 'persons')} out of poverty "
                           f"({_year(top['start_year'], top['year_basis'])}–{_year(top['end_year'], top['year_basis'])}, "
                           f"about {fmt_quantity(top['persons_per_year'], 'persons')} a year){_caveats(top)}.{aside}",
                           _ids(top["facts"], *left["facts"])))
    return out[:MAX_FINDINGS]


def relocation(regions: list[str]) -> list[Finding]:
    """Return findings on the scale of relocation for `regions`."""
    labels = region_labels()
    df = in_regions(metrics.relocation_scale(), regions)
    people = df[df["persons"].notna()].sort_values("persons", ascending=False)
    out = []
    for _, r in people.head(4).iterrows():
        period = period_label(r["period_start"], r["period_end"])
        extra = f", {fmt_number(r['persons_per_site'])} people per site" if pd.notna(r["persons_per_site"]) else ""
        out.append(Finding(f"{_who(r, labels)}: {fmt_quantity(r['persons'], 'persons')} relocated ({r['measure']}, "
                           f"{period}){extra}{_caveats(r)}.", _ids(r["facts"])))
    shares = df[df["cross_area_share_stated"].notna() | df["cross_area_share_computed"].notna()]
    for _, r in shares.head(2).iterrows():
        share = r["cross_area_share_stated"] if pd.notna(r["cross_area_share_stated"]) else r["cross_area_share_computed"]
        out.append(Finding(f"{_who(r, labels)}: {fmt_number(share)}% of those relocated moved across county or "
                           f"city lines{_caveats(r)}.", _ids(r["facts"])))
    return out[:MAX_FINDINGS] or [Finding("The sources state no relocation figures for these regions.")]


def funding(regions: list[str]) -> list[Finding]:
    """Return findings on where the money came from: the largest amount stated per source of funds
    (never a sum: plans, actuals and cumulative totals are different things)."""
    labels = region_labels()
    df = in_regions(metrics.funding(), regions)
    df = df[(df["level"] == 0) & ~df["flagged"]]
    out = []
    for source, group in sorted(df.groupby("fund_source"), key=lambda g: -g[1]["yi_yuan"].max()):
        top = group.sort_values("yi_yuan", ascending=False).iloc[0]
        if source == "unspecified":
            continue
        out.append(Finding(f"{FUND_LABELS.get(source, source)}: the largest single amount stated is "
                           f"{amount(top)} ({_who(top, labels)}, {top['measure']}, "
                           f"{_period(top)}); {len(group)} amount(s) in all, not added up"
                           f"{_caveats(top)}.", [top["fact_id"]]))
    return out[:MAX_FINDINGS] or [Finding("The sources state no funding amounts for these regions.")]


PROFILE_INDICATORS = ["poverty_incidence", "persons_lifted", "poor_population", "relocated_persons",
                      "villages_exited", "counties_exited"]


def profile(region: str) -> list[Finding]:
    """Return findings for one region's profile: its headline figures with scope and period."""

    labels = region_labels()
    facts = region_facts(region)
    out = []
    for _, r in in_regions(metrics.poverty_rate_declines(), [region]).iterrows():
        out.append(decline_sentence(r, labels))
    own = facts[facts["indicator"].isin(PROFILE_INDICATORS[1:])]
    for indicator in PROFILE_INDICATORS[1:]:
        rows = own[own["indicator"] == indicator]
        rows = rows[rows["region"] == region] if (rows["region"] == region).any() else rows
        if rows.empty:
            continue
        f = rows.sort_values(["year_end", "fact_id"]).iloc[-1]
        period = f"{f['period_start']}–{f['period_end']}" if f["period_start"] and f["period_start"] != f["period_end"] \
            else (f["period_end"] or "period not stated")
        period += "?" if f["year_basis"] in INFERRED else ""
        scope = "" if f["scope"] == "all" else f", {f['scope_note'] or f['scope'].replace('_', ' ')} only"
        place = "" if f["region"] == region else f" in {labels[f['region']]}"
        lead = {"target": "Target — ", "plan": "Plan — "}.get(f["measure"], "")
        out.append(Finding(f"{lead}{f['indicator_label']}{place}: {fmt_quantity(f['value'], f['unit'], f['raw'])} "
                           f"({f['measure']}, {period}{scope}).", [f["fact_id"]]))
    money = in_regions(metrics.funding(), descendants(region))
    money = money[(money["level"] == 0) & ~money["flagged"]].sort_values("yi_yuan", ascending=False)
    if len(money):
        top = money.iloc[0]
        out.append(Finding(f"Largest funding amount stated: {amount(top)} ({_who(top, labels)}, "
                           f"{FUND_LABELS[top['fund_source']]}, {top['measure']}, "
                           f"{_period(top)}){_caveats(top)}.", [top["fact_id"]]))
    return out[:MAX_FINDINGS]


def decline_sentence(r, labels: dict[str, str]) -> Finding:
    """Return the finding sentence of one `poverty_rate_declines` row."""
    pace = (f", {fmt_number(r['pp_per_year'])} pp a year" if pd.notna(r["pp_per_year"])
            else ", no rate per year because a year is not stated")
    return Finding(f"{_who(r, labels)}: poverty incidence fell from {fmt_number(r['start_rate'])}% "
                   f"({_year(r['start_year'], r['year_basis'])}) to {fmt_number(r['end_rate'])}% "
                   f"({_year(r['end_year'], r['year_basis'])}), {fmt_number(r['decline_pp'])} pp{pace}"
                   f"{_caveats(r)}.", _ids(r["start_fact"], r["end_fact"]))


def show(findings: list[Finding]):
    """Return the 'Key findings' heading and list as HTML for a notebook."""
    from IPython.display import HTML
    items = "".join(f"<li>{f.html()}</li>" for f in findings)
    return HTML(f"<h2 id='key-findings'>Key findings</h2><ul class='key-findings'>{items}</ul>")


def as_text(findings: list[Finding]) -> str:
    """Return the findings as plain numbered lines (what nbval compares)."""
    return "\n".join(f"{i}. {f.text} [{', '.join(f.facts)}]" for i, f in enumerate(findings, 1))
