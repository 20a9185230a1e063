"""Key findings and key messages: the claims each report opens with (see `povlib.present.claims`).

No number is typed: every figure comes from a fact or a `povlib.metrics` row. Each finding is a
`Claim` (a level, a plan's schedule, a change, a comparison of comparable rows, a share of a stated
total, or a gap to the national figure) rendered by `claims.render`, so a figure and its caveats
(scope, "?" on each inferred year end, anomalies) read the same in every report. A superlative
needs three comparable rows and never reaches across measures or scopes; a figure its source
contradicts is never compared but is stated with its caveat wherever it appears.

Each report opens with 2–4 key messages: what can and cannot be compared, the national context
when the data has it, and the lead claim; where nothing is comparable they say what is missing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..analysis import metrics
from ..catalog.frames import load_facts, load_indicators, load_regions
from .claims import (INFERRED_LEGEND, Claim, Figure, compare, comparable_groups, figure_from_facts, period_text, region_name, render,
                     marks_inferred, share_pct, year_stated)
from .claims import flat, money, year_text
from .plots import LEGEND_LABELS as FUND_LABELS
from .pubtable import fmt_quantity
from .report import descendants, in_regions

MAX_FINDINGS = 6
MIN_FINDINGS = 3
#: measures in the order a profile prefers them: outcomes before plans
MEASURE_ORDER = ("actual", "cumulative", "plan", "target")


def amount(row) -> str:
    """Return a funding row's amount in the reports' one money unit ('222.1154 million yuan',
    '300 million yuan a year'; an amount per person or household in yuan), exact."""
    yuan = Decimal(row["value_exact_yi"]) * 10**8
    return money(yuan, row["per"] or "", row.get("qualifier") or "")


@dataclass
class Finding:
    """One key finding or key message: its sentence (plain text), the fact ids behind it and,
    when it asserts something, its `Claim`."""

    text: str
    facts: list[str] = field(default_factory=list)
    claim: Claim | None = None

    def html(self) -> str:
        """Return the sentence as HTML with links to the Sources entries of its facts."""
        links = ", ".join(f'<a class="fact" href="#fact-{html.escape(f)}">{html.escape(f)}</a>' for f in self.facts)
        return f"{html.escape(self.text)} <span class='kf-src'>[{links}]</span>" if links else html.escape(self.text)


class Findings(list):
    """A report's key findings (a list of `Finding`) with its key messages (`messages`, 2–4)."""

    def __init__(self, items=(), messages=()):
        super().__init__(items)
        self.messages = list(messages)


def _finding(claim: Claim) -> Finding:
    return Finding(render(claim), claim.facts, claim)


def _assemble(claims: list[Claim], messages: list[Finding]) -> Findings:
    """Return the findings list and 2–4 messages. A claim a message states is not repeated in the
    list; when the list would then fall below MIN_FINDINGS items, claim messages are dropped (last
    first) while two messages remain, and only then does the list repeat them."""
    messages = list(messages[:4])

    def rest():
        used = [m.claim for m in messages if m.claim is not None]
        return [c for c in claims if all(c is not u for u in used)]

    while len(rest()) < MIN_FINDINGS and len(messages) > 2 and any(m.claim is not None for m in messages):
        last = max(i for i, m in enumerate(messages) if m.claim is not None)
        messages.pop(last)
    items = rest() or claims  # a claim a message states is never repeated while anything else is left
    return _once(Findings([_finding(c) for c in items][:MAX_FINDINGS], messages))


def _once(findings: Findings) -> Findings:
    """Return `findings` with each anomaly caveat written in full once (the first message or finding
    that carries it) and named by its id only after that, in reading order."""
    written: set = set()
    for f in [*findings.messages, *findings]:
        if f.claim is not None:
            f.text = render(f.claim, written)
    return findings


class _Context:
    """Facts by id, anomalies by fact, region levels and indicator labels, loaded once per call."""

    def __init__(self):
        facts = load_facts()
        self.facts = {f["fact_id"]: f for f in facts.to_dict("records")}
        self.frame = facts
        self.anomalies = metrics.anomaly_index()
        self.levels = dict(zip(load_regions()["key"], load_regions()["level"]))
        self.labels = dict(zip(load_indicators()["key"], load_indicators()["label_en"]))

    def figure(self, ids, **kw) -> Figure:
        return figure_from_facts([self.facts[i] for i in ids], self.anomalies, self.levels, self.labels, **kw)


def _ids(cell) -> list[str]:
    return [i for i in str(cell).split(";") if i] if cell is not None and cell is not pd.NA else []


def _opt(value):
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


# --- poverty rates ------------------------------------------------------------------------------

def _decline_claims(ctx: _Context, declines: pd.DataFrame) -> list[Claim]:
    out = []
    for _, r in declines.iterrows():
        a, b = ctx.figure([r["start_fact"]]), ctx.figure([r["end_fact"]])
        pace = _opt(r["pp_per_year"])
        out.append(Claim("change", (a, b), values={"decline_pp": Decimal(str(r["decline_pp"])),
                                                    "pp_per_year": Decimal(str(pace)) if pace is not None else None}))
    return out


def _pace_figures(ctx: _Context, declines: pd.DataFrame) -> list[Figure]:
    figs = []
    for _, r in declines[declines["pp_per_year"].notna()].iterrows():
        f = ctx.figure([r["start_fact"], r["end_fact"]], indicator="poverty_incidence_pace",
                       value=Decimal(str(r["pp_per_year"])), unit="pp_per_year", start=int(r["start_year"]),
                       end=int(r["end_year"]), label="fall in poverty incidence")
        figs.append(f)
    return figs


def national_rates() -> pd.DataFrame | None:
    """Return `metrics.national_poverty_rates()` when the data has a national series, else None."""
    fn = getattr(metrics, "national_poverty_rates", None)
    if fn is None:
        return None
    df = fn()
    return df if len(df) else None


def _no_national_gap(national: pd.DataFrame | None, spans: list[str] | None = None,
                     others: bool = False) -> Finding:
    """Return the message that says why no region's pace is set against the national pace: no
    national series, or one whose years match no region's start and end years (`spans`: per region,
    which of its years the national series has, from `_national_spans`)."""
    if national is None:
        return Finding("No national rural poverty series is in the data, so no region's pace is set against "
                       "the national pace over the same years.")
    years = sorted({int(y) for y in national["year"]})
    if spans:  # short: the reader needs which years are missing, the full list is in the table
        other = "other " if others else ""
        return Finding(f"No {other}area has a national figure for both of its years ({'; '.join(spans)}; national "
                       f"year-end figures exist for {_and(years)}), so no {other}pace is set against the national one.")
    return Finding(f"The national rural poverty incidence is curated for the ends of {_and(years)} only, "
                   "so no region's pace is set against the national pace over the same years.")


def _and(items) -> str:
    items = [str(i) for i in items]
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def _national_spans(paces_or_changes: list[Claim], national: pd.DataFrame | None) -> list[str]:
    """Return, per region change, its start and end years and which of them the national series has
    ('Liangshan 2013–2017?: national has 2017, not 2013')."""
    years = {int(y) for y in national["year"]} if national is not None else set()
    out = []
    for c in paces_or_changes:
        a, b = c.figures[0], c.figures[-1]
        ends = [y for y in (a.end, b.end) if y is not None]
        if len(ends) < 2:
            out.append(f"{region_name(a.region)}: a year not stated")
            continue
        lack = [str(y) for y in ends if y not in years]
        if not lack:  # both years are there: not compared because the figures are contradicted
            ids = sorted({aid for x in c.figures for aid, k in x.anomalies if k in ("contradiction",
                                                                                   "impossible_magnitude")})
            out.append(f"{region_name(a.region)}: its figures are contradicted by the source ({', '.join(ids)})")
            continue
        out.append(f"{region_name(a.region)}: {_and(lack)} missing")
    return out


def national_gaps(paces: list[Figure], national: pd.DataFrame | None, facts: dict | None = None) -> list[Claim]:
    """Return gap claims: each region's fall a year in poverty incidence (`paces`, unit pp_per_year)
    against the national fall a year over the same start and end years. `national` has columns
    year, rate_pct and fact_id (`metrics.national_poverty_rates()`); a pace whose years the national
    series lacks gives no claim. `facts` (fact_id -> fact) marks inferred national years."""
    if national is None:
        return []
    facts = facts or {}
    by_year = {int(r["year"]): r for r in national.to_dict("records")}
    out = []
    for f in paces:
        # a benchmark gap is not a ranking: a pace resting on a figure its source contradicts is set
        # against the nation too, and the claim carries that anomaly as its caveat
        if f.start in by_year and f.end in by_year and f.end > f.start:
            a, b = by_year[f.start], by_year[f.end]
            pace = ((Decimal(str(a["rate_pct"])) - Decimal(str(b["rate_pct"]))) / (f.end - f.start)).quantize(
                Decimal("0.001"), rounding=ROUND_HALF_UP)
            ids = (a["fact_id"], b["fact_id"])
            stated = [year_stated(facts[i], "end") if i in facts else True for i in ids]
            ref = Figure("china", f.indicator, pace, "pp_per_year", scope="rural", start=f.start, end=f.end,
                         start_stated=stated[0], end_stated=stated[1], level="country", facts=ids, label=f.label)
            out.append(Claim("gap", (f,), reference=ref, values={"gap": f.value - pace, "gap_unit": "pp_per_year"}))
    return out


def poverty_rate_claims(regions: list[str]) -> list[Claim]:
    """Return the claims of the poverty-rates report: comparisons of pace (when two or more whole
    regions are comparable), each region's decline, the national gaps, and stated headcount cuts."""
    ctx = _Context()
    declines = in_regions(metrics.poverty_rate_declines(), regions)
    comps = [compare(g, "fastest") for g in comparable_groups(_pace_figures(ctx, declines))]
    changes = _decline_claims(ctx, declines)
    gaps = national_gaps(_pace_figures(ctx, declines), national_rates(), ctx.facts)
    cuts = in_regions(metrics.headcount_reductions(), regions)
    cuts = cuts[(cuts["scope"] == "all") & (cuts["measure"] == "cumulative") & (cuts["basis"] != "computed")]
    levels = [Claim("level", (ctx.figure(_ids(r["facts"])[-1:]),)) for _, r in cuts.iterrows()]
    return [*comps, *changes, *gaps, *levels]


def _why_not_comparable(claim: Claim) -> str:
    f = claim.figures[-1]
    name = region_name(f.region)
    if any(x.flagged for x in claim.figures):
        ids = ", ".join(sorted({a for x in claim.figures for a, k in x.anomalies if k in ("contradiction",
                                                                                         "impossible_magnitude")}))
        return f"{name}'s rests on figures its source contradicts ({ids})"
    if f.scope != "all":
        inferred = f" and its end year ({f.end}?) is inferred" if f.end is not None and not f.end_stated else ""
        return f"{name}'s covers {f.scope_note or f.scope.replace('_', ' ')} only{inferred}"
    if claim.figures[0].end is None:
        return f"{name}'s start year is not stated"
    return f"{name}'s has no comparable partner"


def poverty_rates(regions: list[str]) -> Findings:
    """Return the key findings and key messages on poverty-incidence declines for `regions`."""
    claims = poverty_rate_claims(regions)
    comps = [c for c in claims if c.kind == "comparison"]
    changes = [c for c in claims if c.kind == "change"]
    gaps = [c for c in claims if c.kind == "gap"]
    messages = [_finding(c) for c in comps[:1]]
    if not comps and changes:
        compared = {f.region for c in comps for f in c.figures}
        reasons = [_why_not_comparable(c) for c in changes if c.figures[0].region not in compared]
        messages.append(Finding(f"The sources give a start and an end of poverty incidence for {len(changes)} "
                                f"area{'s' if len(changes) != 1 else ''}, but no two can be ranked on the same basis: "
                                + "; ".join(reasons) + ".", sorted({i for c in changes for i in c.facts})))
    messages += [_finding(c) for c in gaps[:2]]
    matched = {c.figures[0].region for c in gaps}
    unmatched = [c for c in changes if c.figures[0].region not in matched]
    if unmatched or not gaps:
        messages.append(_no_national_gap(national_rates(), _national_spans(unmatched, national_rates()),
                                         others=bool(gaps)))
    lead = [c for c in changes if not any(f.flagged for f in c.figures) and c.values.get("pp_per_year")]
    messages += [_finding(c) for c in lead[:1]] if len(messages) < 3 else []  # at most 3: page 1 holds the chart
    return _assemble([c for c in claims if c.kind != "gap"] + gaps, messages)


# --- relocation ---------------------------------------------------------------------------------

def relocation_claims(regions: list[str]) -> list[Claim]:
    """Return the claims of the relocation report: each stated number of people relocated (worded by
    its measure), comparisons where two or more regions state the same measure, scope and period,
    and cross-area moves as a share of the stated total they are part of."""
    ctx = _Context()
    keep = {d for r in regions for d in descendants(r)}
    facts = ctx.frame[ctx.frame["region"].isin(keep)]
    people = facts[(facts["indicator"] == "relocated_persons")].sort_values(["region", "fact_id"])
    figs = [ctx.figure([i]) for i in people["fact_id"]]
    comps = [compare(g, "largest") for g in comparable_groups(figs)]
    shares = []
    parts = facts[(facts["indicator"] == "relocated_persons_cross_area") & facts["part_of"].isin(people["fact_id"])]
    for _, p in parts.iterrows():
        total = ctx.facts[p["part_of"]]
        part = ctx.figure([p["fact_id"]])
        ref = ctx.figure([total["fact_id"]])
        if (part.measure, part.start, part.end) == (ref.measure, ref.start, ref.end):
            part = Figure(**{**part.__dict__, "label": "moved across county or city lines"})
            shares.append(Claim("share", (part,), reference=ref,
                                values={"share_pct": share_pct(part.value, ref.value)}))
    # whole regions first, then outcomes before plans; a site or a subset comes last
    levels = [Claim("level", (f,)) for f in sorted(figs, key=lambda f: (
        f.scope != "all", f.level != "prefecture",
        MEASURE_ORDER.index(f.measure) if f.measure in MEASURE_ORDER else 9, f.region))]
    return [*comps, *shares, *levels]


def _bases(figures: list[Figure]) -> str:
    """Return the distinct bases of a region's relocation figures ('a plan and a target'), each once,
    with every anomaly its figures rest on (†)."""
    out: dict[str, set] = {}
    for f in figures:
        out.setdefault(_basis(f), set()).update(a for a, _ in f.anomalies)
    return " and ".join(text + (f" († {', '.join(sorted(ids))})" if ids else "") for text, ids in out.items())


def _basis(f: Figure) -> str:
    """Return the basis of one relocation figure in words."""
    if f.measure in ("plan", "target"):
        text = f"a {f.measure}"
    elif f.scope == "registered_poor":
        text = "read as registered poor people only"
    elif f.scope == "subset":
        text = f"{f.scope_note} only"
    else:
        text = f"a {f.measure} figure for {period_text(f)}"
    return text


def relocation(regions: list[str]) -> Findings:
    """Return the key findings and key messages on the scale of relocation for `regions`."""
    claims = relocation_claims(regions)
    if not claims:
        return Findings([Finding("The sources state no relocation figures for these regions.")],
                        [Finding("The sources state no relocation figures for these regions.")])
    comps = [c for c in claims if c.kind == "comparison"]
    shares = [c for c in claims if c.kind == "share"]
    levels = [c for c in claims if c.kind == "level"]
    messages = [_finding(c) for c in comps[:1]]
    if not comps:
        regions_seen = sorted({c.figures[0].region for c in levels})
        kinds = "; ".join(f"{region_name(r)}, " + _bases([c.figures[0] for c in levels if c.figures[0].region == r])
                          for r in regions_seen)
        messages.append(Finding(f"No two regions state people relocated on the same basis (measure, scope and "
                                f"period), so none are compared or ranked: {kinds}.",
                                sorted({i for c in levels for i in c.facts})))
    messages += [_finding(c) for c in shares[:1]]
    stated = {f for c in shares[:1] for f in (c.reference,)}
    outcome = [c for c in levels if c.figures[0].measure in ("actual", "cumulative") and not c.figures[0].is_subset
               and c.figures[0] not in stated]
    messages += [_finding(c) for c in outcome[:1]]
    if not shares:
        messages.append(Finding("No cross-area figure is stated as part of a total of people relocated, so no "
                                "cross-area share is computed."))
    told = [c.reference for c in shares[:1]]  # the total a share message states is not listed again
    rest = [c for c in levels if c.figures[0] not in told]
    return _assemble([*comps, *shares, *(rest if len(rest) >= MIN_FINDINGS else levels)], messages)


# --- funding ------------------------------------------------------------------------------------

def _funding_figure(ctx: _Context, row) -> Figure:
    """Return a funding row as a Figure whose indicator holds the source of funds and the sector,
    so only amounts of one source and sector are ever compared."""
    source = row["fund_source"]
    sector = "" if row["sector"] in ("", "general", None) else f"{str(row['sector']).replace('_', ' ')} "
    item = f" ({row['item']})" if row["item"] and row["item"] != row["sector"] else ""
    origin = (", source of funds not stated" if source == "unspecified" else " from several sources"
              if source == "mixed" else f" from {FUND_LABELS.get(source, source.replace('_', ' ')).lower()}")
    return ctx.figure([row["fact_id"]], indicator=f"funding:{source}:{row['sector']}",
                      label=f"{sector}funding{item}{origin}")


def funding_claims(regions: list[str], own_only: bool = False) -> list[Claim]:
    """Return the claims of the funding report: comparisons of amounts of one source of funds,
    measure, scope and period across regions (none when no two regions match), then one amount
    per region as stated: the whole-region outcome (actual or cumulative) over a stated period
    when there is one, else its plan or target. Nothing is added up."""
    ctx = _Context()
    df = in_regions(metrics.funding(), regions)
    df = df[df["level"] == 0]
    figs = [_funding_figure(ctx, r) for _, r in df.iterrows()]
    comps = [compare(g, "largest") for g in comparable_groups(figs)]
    heads = []
    for region in regions:
        mine = [f for f in figs if f.region == region and f.scope == "all" and not f.per and not f.flagged]
        if not mine:
            continue
        mine.sort(key=lambda f: (MEASURE_ORDER.index(f.measure) // 2 if f.measure in MEASURE_ORDER else 9,
                                 f.start is None or f.end is None, -f.value))
        heads.append(Claim("level", (mine[0],)))
    return [*comps, *heads]


def funding(regions: list[str]) -> Findings:
    """Return the key findings and key messages on funding for `regions` (never a sum)."""
    claims = funding_claims(regions)
    df = in_regions(metrics.funding(), regions)
    if df.empty:
        none = Finding("The sources state no funding amounts for these regions.")
        return Findings([none], [none])
    comps = [c for c in claims if c.kind == "comparison"]
    messages = [_finding(c) for c in comps[:1]]
    n = len(df)
    outcome = int(df["measure"].isin(["actual", "cumulative"]).sum())
    others = f"the other {n - sum(len(c.figures) for c in comps[:1])} amounts" if comps else f"the {n} amounts"
    messages.append(Finding(f"Apart from that, no two regions state an amount of the same source of funds, sector, "
                            f"measure, scope and period, so {others} in the table are not compared, ranked or added up; "
                            f"{outcome} of them are delivered (actual or cumulative) and {n - outcome} are plans "
                            f"or targets." if comps else
                            f"No two regions state an amount of the same source of funds, sector, measure, scope "
                            f"and period, so no amount is compared across regions and none is added up; within "
                            f"one region, amounts that share source of funds, measure, scope and period are ranked "
                            f"even across sectors. Of the {n} regional amounts (national ones are left out), "
                            f"{outcome} are delivered (actual or cumulative) and {n - outcome} are plans or targets."))
    # the lead amount: a whole region's delivered amount over a stated period (not a count of rows)
    delivered = [c for c in claims if c.kind == "level" and c.figures[0].measure in ("actual", "cumulative")
                 and c.figures[0].end is not None and c.figures[0].end_stated]
    messages += [_finding(c) for c in delivered[:1]]
    return _assemble(claims, messages)


# --- profiles -----------------------------------------------------------------------------------

PROFILE_INDICATORS = ["persons_lifted", "poor_population", "relocated_persons", "villages_exited",
                      "counties_exited"]


def _indicator_claims(ctx: _Context, facts: pd.DataFrame) -> list[Claim]:
    """Return one claim per indicator of `facts` (one region): a change between actual stocks, a
    schedule of a plan or target over several years, or the figure of the strongest measure."""
    out = []
    for indicator in PROFILE_INDICATORS:
        rows = facts[(facts["indicator"] == indicator) & facts["scope"].isin(["all", "registered_poor"])]
        if rows.empty:
            continue
        rows = rows.assign(order=[MEASURE_ORDER.index(m) if m in MEASURE_ORDER else 9 for m in rows["measure"]])
        best = rows[rows["order"] == rows["order"].min()]
        best = best[(best["scope"] == best["scope"].iloc[0]) & (best["scope_note"] == best["scope_note"].iloc[0])]
        best = best.sort_values(["year_end", "fact_id"])
        years = best.drop_duplicates("year_end")
        measure = best["measure"].iloc[0]
        if len(years) >= 2 and best["year_end"].notna().all() and measure in ("actual", "plan", "target"):
            figs = tuple(ctx.figure([i]) for i in years["fact_id"])
            span = metrics.span_unclear(ctx.facts[figs[0].facts[0]], ctx.anomalies) if measure == "actual" else ""
            out.append(Claim("change" if measure == "actual" else "schedule", figs if measure != "actual"
                             else (figs[0], figs[-1]),
                             values={"span_note": f"not a one-year change: {span}"} if span else {}))
        else:
            out.append(Claim("level", (ctx.figure([best["fact_id"].iloc[-1]]),)))
    return out


def profile_claims(region: str) -> tuple[list[Claim], list[str]]:
    """Return a profile's claims and the regions they speak for: the region's own poverty-rate
    changes, headline indicators and funding; when the region itself states fewer than three
    figures (a province whose source speaks of its prefectures), those of the regions below it."""
    ctx = _Context()
    levels = ctx.levels
    subjects = [region]
    claims = _profile_claims_for(ctx, region)
    if len(claims) < MIN_FINDINGS:
        below = [d for d in descendants(region) if d != region and levels.get(d) == "prefecture"]
        per_region = [c for c in (_profile_claims_for(ctx, d) for d in below) if c]
        subjects += [c[0].figures[0].region for c in per_region]
        depth = max((len(c) for c in per_region), default=0)
        claims += [c[i] for i in range(depth) for c in per_region if i < len(c)]  # one of each region in turn
    return claims, subjects


def _profile_claims_for(ctx: _Context, region: str) -> list[Claim]:
    declines = metrics.poverty_rate_declines()
    claims = _decline_claims(ctx, declines[declines["region"] == region])
    facts = ctx.frame[ctx.frame["region"] == region]
    claims += _indicator_claims(ctx, facts)
    claims += [c for c in funding_claims([region]) if c.kind == "level" and c.figures[0].region == region]
    return claims


def profile(region: str) -> Findings:
    """Return the key findings and key messages of one region's profile."""
    claims, subjects = profile_claims(region)
    name = region_name(region)
    figs = [f for c in claims for f in c.figures]
    messages = []
    own = [c for c in claims if c.figures[0].region == region]
    if len(subjects) > 1:
        names = [region_name(s) for s in subjects[1:]]
        messages.append(Finding(f"The source states {'no' if not own else 'few'} figures for {name} as a whole "
                                f"on these indicators; the findings are for "
                                + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])
                                + ", each named."))
    lead = [c for c in own if c.kind == "change"] or own or claims
    messages += [_finding(c) for c in lead[:1]]
    plans = [f for f in figs if f.measure in ("plan", "target")]
    if figs and len(plans) == len(figs):
        messages.append(Finding(_plans_only(region, plans, ctx_frame())))
    outcomes = [c for c in claims if c not in lead[:1] and all(f.measure in ("actual", "cumulative")
                                                               for f in c.figures)]
    messages += [_finding(c) for c in outcomes[:1]]
    missing = not_stated_as_whole(region, ctx_frame())
    if missing:
        messages.append(Finding(f"Not stated for {name} as a whole: " + ", ".join(missing) + "."))
    return _assemble(claims, messages[:4])


#: the topics a profile says are missing for the region as a whole: indicator -> words
WHOLE_TOPICS = (("poverty_incidence", "poverty incidence"), ("relocated_persons", "people relocated"),
                ("funding", "funding"))
#: scopes that count the region as a whole (everyone, its rural population, its registered poor)
WHOLE_SCOPES = ("all", "rural", "registered_poor")
#: how many parts a 'Not stated' item names before 'and N more'
MAX_PARTS = 3


def ctx_frame() -> pd.DataFrame:
    """Return the curated facts (`load_facts`), the frame the profile messages check against."""
    return load_facts()


def _part_names(facts: pd.DataFrame, region: str) -> list[str]:
    """Return the parts that `facts` (of `region` and the places below it) cover, in words: a place
    below by its name (with its subset note), a subset of the region itself by its note."""
    names = []
    for r, rows in facts.groupby("region", sort=False):
        subs = [flat(n) for s, n in zip(rows["scope"], rows["scope_note"]) if s == "subset" and n]
        whole = rows["scope"].isin(WHOLE_SCOPES).any()
        if r == region:
            names += subs or ["part of the region"]
        else:  # a place below: by its name, or the one part of it that has the figure
            names.append(region_name(r) if whole or not subs else f"{subs[0]} of {region_name(r)}")
    names = list(dict.fromkeys(names))
    return names[:MAX_PARTS] + ([f"{len(names) - MAX_PARTS} more"] if len(names) > MAX_PARTS else [])


def not_stated_as_whole(region: str, facts: pd.DataFrame) -> list[str]:
    """Return the topics (WHOLE_TOPICS) with no figure for `region` as a whole, each with the parts
    it is stated for when only parts have one: 'poverty incidence (only the 11 deep-poverty
    counties of Liangshan)', 'funding (only Zhaojue County)', 'people relocated'. A topic the region states as a whole is left out."""
    below = set(descendants(region))
    out = []
    for indicator, words in WHOLE_TOPICS:
        rows = facts[(facts["indicator"] == indicator) & facts["region"].isin(below)]
        whole = rows[(rows["region"] == region) & rows["scope"].isin(WHOLE_SCOPES)]
        if len(whole):
            continue
        parts = _part_names(rows, region)
        out.append(f"{words} (only {_and(parts)})" if parts else words)
    return out


def _plans_only(region: str, plans: list[Figure], facts: pd.DataFrame) -> str:
    """Return the message of a profile whose key figures are all plans or targets. It speaks of the
    region as a whole only, and names the parts that do state outcomes on the profile indicators
    (a county's people lifted out of poverty), so it never contradicts a table of the report."""
    name = region_name(region)
    flags = [not (f.start_stated and f.end_stated) for f in plans]
    years = sorted({f"{f.end}?" for f in plans if f.end is not None and not f.end_stated})
    ids = sorted({a for f in plans for a, k in f.anomalies if k == "missing_year"})
    said = (f" (years all inferred: {_and(years)}" if flags and all(flags) else
            f" (years partly inferred: {_and(years)}" if any(flags) else "")
    said += (f"; the source writes no year for them, anomalies {', '.join(ids)})" if ids else ")") if said else ""
    text = f"Every key figure for {name} as a whole is a plan or target{said}"
    below = set(descendants(region))
    done = facts[facts["region"].isin(below) & facts["measure"].isin(["actual", "cumulative"])
                 & facts["indicator"].isin(PROFILE_INDICATORS)]
    whole = done[(done["region"] == region) & done["scope"].isin(WHOLE_SCOPES)]
    parts = _part_names(done[~done.index.isin(whole.index)], region)
    if parts:
        text += f"; outcomes are stated only for parts: {_and(parts)}"
    others = facts[facts["region"].isin(below) & facts["measure"].isin(["actual", "cumulative"])
                   & ~facts["indicator"].isin(PROFILE_INDICATORS)]
    if len(others):
        text += "; the tables below also show outcomes on other topics"
    return text + "."


def decline_sentence(r, labels: dict[str, str] | None = None) -> Finding:
    """Return the finding sentence of one `poverty_rate_declines` row (the same words as the reports)."""
    return _finding(_decline_claims(_Context(), pd.DataFrame([r]))[0])


# --- display ------------------------------------------------------------------------------------

def legend(findings: list[Finding]) -> str:
    """Return the legend of the '?' mark when a key message or finding uses it, else ''."""
    every = [*getattr(findings, "messages", []), *findings]
    return INFERRED_LEGEND if any(f.claim is not None and marks_inferred(f.claim) for f in every) else ""


def show(findings: list[Finding]):
    """Return the key messages (under a 'Key messages' heading), the 'Key findings' list and the
    legend of the '?' mark as HTML: `show_messages` and `show_findings` together."""
    from IPython.display import HTML
    return HTML(show_messages(findings).data + show_findings(findings).data)


def show_messages(findings: list[Finding]):
    """Return the 'Key messages' heading and paragraph as HTML (empty when there are none). A report
    shows its lead chart right after them, so that both sit on the first printed page."""
    from IPython.display import HTML
    messages = getattr(findings, "messages", [])
    if not messages:
        return HTML("")
    items = "".join(f"<li>{m.html()}</li>" for m in messages)  # one message per bullet, as briefs list them
    return HTML(f"<h2 id='key-messages'>Key messages</h2><ul class='key-messages'>{items}</ul>")


def show_findings(findings: list[Finding]):
    """Return the 'Key findings' list and the legend of the '?' mark as HTML (a section heading of
    its own when there are no key messages, else a sub-heading)."""
    from IPython.display import HTML
    items = "".join(f"<li>{f.html()}</li>" for f in findings)
    note = f"<p class='kf-legend'>{html.escape(legend(findings))}</p>" if legend(findings) else ""
    head = ("<h3 class='kf-head' id='key-findings'>Key findings</h3>" if getattr(findings, "messages", [])
            else "<h2 id='key-findings'>Key findings</h2>")
    return HTML(f"{head}<ul class='key-findings'>{items}</ul>{note}")


def as_text(findings: list[Finding]) -> str:
    """Return the key messages, findings and '?' legend as plain lines (what nbval compares)."""
    messages = [f"Key message: {m.text}" + (f" [{', '.join(m.facts)}]" if m.facts else "")
                for m in getattr(findings, "messages", [])]
    lines = [*messages, *(f"{i}. {f.text} [{', '.join(f.facts)}]" for i, f in enumerate(findings, 1))]
    return "\n".join([*lines, *([legend(findings)] if legend(findings) else [])])
