"""Key findings and key messages: the claims each report opens with (see `povlib.present.claims`).

No number is typed: every figure comes from a fact or a `povlib.metrics` row. Each finding is a
`Claim` (a level, a plan's schedule, a change, a comparison of comparable rows, a share of a stated
total, or a gap to the national figure) rendered by `claims.render`, so a figure and its caveats
(scope, "?" on each inferred year end, anomalies) read the same in every report. A superlative
needs three comparable rows and never reaches across measures or scopes; a figure its source
contradicts is never compared but is stated with its caveat wherever it appears.

Each report opens with 2–4 key messages: substantive findings that state numbers, each with its
caveats in words (a key message always writes its anomalies' caveats in full). What can or cannot
be compared, how a figure was picked and which topics are stated only for parts go to ONE method
line under the messages (`Findings.method`): a sentence without a number is never a key message.
Where a finding is picked per region, the rule is stated in that line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..analysis import metrics
from ..catalog.frames import load_facts, load_indicators, load_regions, load_sources
from .claims import (INFERRED_LEGEND, Claim, Figure, compare, comparable_groups, figure_from_facts, period_text, region_name, render,
                     marks_inferred, share_pct, year_stated)
from .claims import ANOMALY_WORDS, NOTE_WORDS, anomaly_caveat, flat, money, shown_en, who, year_text
from .claims import possible_spans
from . import amounts
from .plots import LEGEND_LABELS as FUND_LABELS
from .pubtable import fmt_quantity
from .text import join_and
from .report import descendants, in_regions

MAX_FINDINGS = 6
MIN_FINDINGS = 3
#: measures in the order a profile prefers them: outcomes before plans
MEASURE_ORDER = ("actual", "cumulative", "plan", "target")


def amount(row) -> str:
    """Return a funding row's amount in the reports' one money unit ('222.1154 million yuan',
    '300 million yuan a year'; an amount per person or household in yuan), exact."""
    yuan = Decimal(row["value_exact_yi"]) * 10**8
    text = amounts.money_en(yuan, per=row["per"] or None, qualifier=row.get("qualifier") or "")
    return f"{text} a year" if row["per"] == "year" else text


@dataclass
class Finding:
    """One key finding or key message: its sentence (plain text), the fact ids behind it and,
    when it asserts something, its `Claim`."""

    text: str
    facts: list[str] = field(default_factory=list)
    claim: Claim | None = None
    worded: bool = False   # True: the text is its own wording of the claim (checked, never re-rendered)

    def html(self) -> str:
        """Return the sentence as HTML with links to the Sources entries of its facts."""
        links = ", ".join(f'<a class="fact" href="#fact-{html.escape(f)}">{html.escape(f)}</a>' for f in self.facts)
        return f"{html.escape(self.text)} <span class='kf-src'>[{links}]</span>" if links else html.escape(self.text)


class Findings(list):
    """A report's key findings (a list of `Finding`) with its key messages (`messages`, 2–4
    substantive findings with numbers), its method notes (`method`, printed as one line under
    the messages: what is not compared and why, how a per-region finding was picked) and its
    contested figures (`contested`: claims on a figure its source contradicts or that is
    implausible, never a key message or key finding, printed as one line under the findings)."""

    def __init__(self, items=(), messages=(), method=(), contested=()):
        super().__init__(items)
        self.messages = list(messages)
        self.method = list(method)
        self.contested = list(contested)


def contested(claim: Claim | None) -> bool:
    """Return True when a claim rests on a figure its source contradicts or that is implausible
    (`Figure.flagged`): such a claim is never a key message or key finding."""
    if claim is None:
        return False
    return any(f.flagged for f in [*claim.figures, *([claim.reference] if claim.reference else [])])


def prospective(claim: Claim | None) -> bool:
    """Return True when a claim states an outcome (actual or cumulative) whose period, stated in the
    source's own words, ends after the document's dated day: part of it can only have been planned
    ('新增…21.41萬人' from end-2018 to 2019 in a text of 17 June 2019). A document dated to the year
    only cannot tell, so it never makes a claim prospective."""
    if claim is None:
        return False
    facts = load_facts().set_index("fact_id")
    dates = dict(zip(load_sources()["source_id"], load_sources()["date"].fillna("")))
    for fid in claim.facts:
        if fid not in facts.index:
            continue
        f = facts.loc[fid]
        date, end = str(dates.get(f["source_id"], "")), str(f["period_end"] or "")
        if f["measure"] not in ("actual", "cumulative") or f["year_basis"] != "stated" or len(date) < 7 or not end:
            continue
        last = end + {4: "-12-31", 7: "-31"}.get(len(end), "")
        if last > date:
            return True
    return False


def _caveated(claim: Claim | None) -> bool:
    """Return True when a claim rests on a figure an anomaly names (False for a plain sentence)."""
    if claim is None:
        return False
    return any(f.anomalies for f in [*claim.figures, *([claim.reference] if claim.reference else [])])


def _finding(claim: Claim) -> Finding:
    return Finding(render(claim), claim.facts, claim)


def states_number(text: str) -> bool:
    """Return True when a sentence states a number (a digit outside an anomaly or fact id)."""
    return any(ch.isdigit() for ch in re.sub(r"\b[a-z]+-\d{4}-(?:a|c)?\d+\b", "", text))


def _assemble(claims: list[Claim], messages: list[Finding], method: list[str] = (),
              max_findings: int = MAX_FINDINGS) -> Findings:
    """Return the findings list, 2–4 messages and the method notes. A message that states no number
    is a method note and goes to `method`; when fewer than two messages are left, the first claims
    not yet stated fill them. A claim a message states is not repeated in the list; when the list
    would then fall below MIN_FINDINGS items, claim messages are dropped (last first) while two
    messages remain, and only then does the list repeat them. A contested claim (`contested`) is
    neither a message nor a finding: it goes to `Findings.contested`."""
    method = list(method) + [m.text for m in messages if not states_number(m.text)]
    disputed = [c for c in claims if contested(c)]
    disputed += [m.claim for m in messages if contested(m.claim) and all(m.claim is not c for c in disputed)]
    claims = [c for c in claims if not contested(c)]
    # an outcome whose stated period runs past its document's date is partly prospective: a finding, never a headline
    messages = [m for m in messages if states_number(m.text) and not contested(m.claim) and not prospective(m.claim)]
    for c in claims:
        if len(messages) >= 2:
            break
        if all(c is not m.claim for m in messages) and not prospective(c):
            messages.append(_finding(c))
    messages = messages[:4]
    # a message whose figures carry an anomaly follows the clean ones: a report (and the index,
    # which quotes the first) leads with a figure its own caveats do not undermine
    messages.sort(key=lambda m: _caveated(m.claim))

    def rest():
        used = [m.claim for m in messages if m.claim is not None]
        return [c for c in claims if all(c is not u for u in used)]

    while len(rest()) < MIN_FINDINGS and len(messages) > 2 and any(m.claim is not None for m in messages):
        last = max(i for i, m in enumerate(messages) if m.claim is not None)
        messages.pop(last)
    items = rest() or claims  # a claim a message states is never repeated while anything else is left
    return _once(Findings([_finding(c) for c in items][:max_findings], messages, list(dict.fromkeys(method)),
                          [_finding(c) for c in disputed]))


def _once(findings: Findings) -> Findings:
    """Return `findings` with every anomaly caveat written in words in every key message, key
    finding and contested figure that carries it: each is quoted on its own, so none names an
    anomaly by its id alone."""
    for f in [*findings.messages, *findings, *findings.contested]:
        if f.claim is not None and not f.worded:
            f.text = render(f.claim)
    _refer_back(findings.contested)
    return findings


def _refer_back(items: list[Finding]) -> None:
    """Shorten, in a list printed as one block (the contested figures), each anomaly caveat already
    written out in an earlier item to 'anomaly <id>, see above'; returns None (edits in place)."""
    said: set[str] = set()
    for f in items:
        if f.claim is None:
            continue
        figures = [*f.claim.figures, *([f.claim.reference] if f.claim.reference else [])]
        texts = {a: t for fig in figures for a, t in fig.caveats}
        for aid, kind in dict.fromkeys(a for fig in figures for a in fig.anomalies):
            full = anomaly_caveat(aid, kind, caveat=texts.get(aid, ""))
            if aid in said and full in f.text:   # the kind's words stay: a contested figure still says so
                words = ANOMALY_WORDS.get(kind) or NOTE_WORDS.get(kind, "see the source note")
                f.text = f.text.replace(full, f"{words}, anomaly {aid}, see above")
            said.add(aid)


class _Context:
    """Facts by id, anomalies by fact, region levels and indicator labels, loaded once per call."""

    def __init__(self):
        facts = load_facts()
        self.facts = {f["fact_id"]: f for f in facts.to_dict("records")}
        self.frame = facts
        self.anomalies = metrics.anomaly_index()
        self.levels = dict(zip(load_regions()["key"], load_regions()["level"]))
        self.labels = dict(zip(load_indicators()["key"], load_indicators()["label_en"]))
        self.differences = metrics.stock_differences(facts)
        self.caveats = metrics.anomaly_caveats()
        self.definitions = dict(zip(load_indicators()["key"], load_indicators()["definition"].fillna("")))
        self.dates = dict(zip(load_sources()["source_id"], load_sources()["date"].fillna("")))
        self.marked = {k: source_date(k) for k in self.dates}

    def figure(self, ids, **kw) -> Figure:
        f = figure_from_facts([self.facts[i] for i in ids], self.anomalies, self.levels, self.labels,
                              caveat_texts=self.caveats, **kw)
        notes = [difference_note(*self.differences[i]) for i in ids if i in self.differences]
        notes += [progress_note(self.facts[i], part) for i in ids for part in self.completed(i)]
        notes += [n for n in (self.part_year(i) for i in ids) if n]
        return Figure(**{**f.__dict__, "notes": tuple(notes)}) if notes else f

    def part_year(self, fact_id: str) -> str:
        """Return the caveat of a flow (an indicator counted "during the period") dated to its
        document's own year by that document, which is dated before the year's end: the figure may
        cover only part of the year; '' otherwise."""
        f = self.facts[fact_id]
        year = str(f.get("period_end") or "")[:4]
        date = str(self.dates.get(f.get("source_id"), ""))
        if not (year and str(f.get("period_start") or "")[:4] == year and date[:4] == year and date[5:] < "12-31"):
            return ""
        if "during the period" not in self.definitions.get(f["indicator"], "") or f["measure"] != "actual":
            return ""
        if any(w in str(f.get("quote") or "") for w in WHOLE_YEAR_WORDS):   # 全年: the whole year, said early
            return (f"the source calls it the whole year's, but it is dated {self.marked[f['source_id']]}, before "
                    f"the end of {year}, so it may include results still expected")
        return (f"the {year} figure comes from a document dated {self.marked[f['source_id']]}, so it may not cover "
                "the whole year")

    def completed(self, plan_id: str) -> list[dict]:
        """Return the facts that state how much of a plan or target was done (declared parts of it,
        `part_of`, whose measure is actual or cumulative); [] for any other fact."""
        if self.facts[plan_id]["measure"] not in ("plan", "target"):
            return []
        return [f for f in self.facts.values() if f.get("part_of") == plan_id
                and f["measure"] in ("actual", "cumulative") and f.get("unit") == self.facts[plan_id].get("unit")]


def source_date(source_id: str) -> str:
    """Return a source's date as the chart source lines give it: '2017-12-11', with '?' when the
    date was inferred rather than printed in the document ('' when unknown)."""
    src = load_sources().set_index("source_id")
    if source_id not in src.index or not str(src.loc[source_id, "date"] or ""):
        return ""
    return str(src.loc[source_id, "date"]) + ("?" if src.loc[source_id, "date_basis"] == "inferred" else "")


#: a source's words that a figure covers the whole year, even in a document dated before its end
WHOLE_YEAR_WORDS = ("全年", "全年度")


def progress_note(plan: dict, part: dict) -> str:
    """Return the words a plan's finding carries for what its source says was done of it: 'of which
    13,665 million yuan, about 83.4%, was done by 2020? according to fact changdu-2020-098' — the share computed
    here, rounded by `amounts.shown` — so a reader never takes the plan for money spent."""
    share, rounded = amounts.shown(Decimal(str(part["value"])) / Decimal(str(plan["value"])) * 100)
    end = part.get("year_end")
    when = "" if end is None or pd.isna(end) else \
        f" by {year_text(int(end), metrics.end_bases(part)[1] not in metrics.INFERRED)}"
    done = amounts.shown_en(part["value"], part["unit"], part.get("qualifier") or None)
    return (f"of which {done}, {'about ' if rounded else ''}{amounts.number(share)}%, was done{when} "
            f"according to fact {part['fact_id']}")


def difference_note(start: pd.Series, end: pd.Series) -> str:
    """Return the caveat of a stated headcount cut that equals the difference of two register counts
    (`metrics.stock_differences`): the figure is the source's own, and because it is that difference
    it may include register corrections, not only exits."""
    def count(f):
        ys = [int(y) for y in (f.get("year_start"), f.get("year_end")) if y is not None and not pd.isna(y)]
        when = "year not stated" if not ys else str(ys[-1]) if len(set(ys)) == 1 else f"{ys[0]}–{ys[-1]}"
        return f"{amounts.number(Decimal(str(f['value_exact'])))} for {when}"
    return (f"stated by the source, and equal to {count(start)} minus {count(end)}, two counts of the poor "
            "register, so it may include register corrections, not only exits")


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
        a, b = ctx.figure([r["start_fact"]]), ctx.figure([r["end_fact"]])
        if len(possible_spans(a, b)) == 1:  # a pace on an inferred year has no single value to compare
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
        return Finding("No national rural poverty series is in the data, so no region's pace is compared with "
                       "the national pace over the same years.")
    years = sorted({int(y) for y in national["year"]})
    if spans:  # short: the reader needs which years are missing, the full list is in the table
        other = "other " if others else ""
        return Finding(f"No {other}area's pace is compared with the national pace over the same years "
                       f"({'; '.join(spans)}; national year-end figures exist for {_and(years)}).")
    return Finding(f"The national rural poverty incidence is curated for the ends of {_and(years)} only, "
                   "so no region's pace is compared with the national pace over the same years.")


def _and(items) -> str:
    return join_and(items)


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
        if len(possible_spans(a, b)) > 1:
            out.append(f"{region_name(a.region)}: no single pace, a year is inferred")
            continue
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
        return f"{name}'s rests on figures its source contradicts (anomaly {ids})"
    if f.scope != "all":
        inferred = f", with an inferred end year ({f.end}?)" if f.end is not None and not f.end_stated else ""
        return f"{name}'s covers {f.scope_note or f.scope.replace('_', ' ')} only{inferred}"
    if claim.figures[0].end is None:
        return f"{name}'s start year is not stated"
    return f"{name}'s has no comparable partner"


def _changes_summary(changes: list[Claim], reasons: list[str], contested_regions: list[str] = ()) -> Finding:
    """Return the message that states every area's start and end of poverty incidence in one
    sentence (direction, the two rates and their years) and why no two of them are ranked; the
    areas whose figures are contested (left out of it) are named, so the count is not misread."""
    falls = [c.figures[-1].value < c.figures[0].value for c in changes]
    n = len(changes)
    head = ("Poverty incidence fell in both areas" if all(falls) and n == 2 else
            f"Poverty incidence fell in all {n} areas" if all(falls) else
            f"Poverty incidence fell in {sum(falls)} of the {n} areas") if n > 1 else "Poverty incidence changed in the one area"
    head += " with a start and an end in the sources" + (
        f", leaving out {' and '.join(contested_regions)} (figures contested: see Contested figures)"
        if contested_regions else "")
    items = []
    for c in changes:
        a, b = c.figures[0], c.figures[-1]
        years = (f"{year_text(a.end, a.end_stated)}–{year_text(b.end, b.end_stated)}" if a.end is not None
                 else f"start year not stated, end {year_text(b.end, b.end_stated)}")
        items.append(f"{region_name(a.region)} from {shown_en(a.value, a.unit, a.qualifier)} to "
                     f"{shown_en(b.value, b.unit, b.qualifier)} ({years})")
    text = f"{head}: {'; '.join(items)}. No two can be ranked on the same basis: " + "; ".join(reasons) + "."
    return Finding(text, sorted({i for c in changes for i in c.facts}))


def poverty_rates(regions: list[str]) -> Findings:
    """Return the key findings and key messages on poverty-incidence declines for `regions`: the
    comparison of paces when two areas are comparable, else every area's start and end with why
    none is ranked; each area's pace beside the national one (context, never a difference); the
    lead change. Why no other pace has a national benchmark is a method note."""
    claims = poverty_rate_claims(regions)
    comps = [c for c in claims if c.kind == "comparison"]
    changes = [c for c in claims if c.kind == "change"]
    gaps = [c for c in claims if c.kind == "gap"]
    messages = [_finding(c) for c in comps[:1]]
    method = []
    plain = [c for c in changes if not contested(c)]  # contested figures go to their own line
    if not comps and plain:
        messages.append(_changes_summary(plain, [_why_not_comparable(c) for c in plain],
                                         sorted({region_name(c.figures[0].region) for c in changes if contested(c)})))
    # a region's pace beside the national one is context on two bases: a key finding, never a message
    matched = {c.figures[0].region for c in gaps}
    unmatched = [c for c in changes if c.figures[0].region not in matched]
    if unmatched or not gaps:
        method.append(_no_national_gap(national_rates(), _national_spans(unmatched, national_rates()),
                                       others=bool(gaps)).text)
    lead = [c for c in changes if not any(f.flagged for f in c.figures) and c.values.get("pp_per_year")]
    messages += [_finding(c) for c in lead[:1]] if len(messages) < 2 else []  # at most 3: page 1 holds the chart
    return _assemble([c for c in claims if c.kind != "gap"] + gaps, messages[:3], method)


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
        text = f"{'an' if f.measure[:1] in 'aeiou' else 'a'} {f.measure} figure for {period_text(f)}"
    return text


def relocation(regions: list[str]) -> Findings:
    """Return the key findings and key messages on the scale of relocation for `regions`: a
    comparison where two regions state the same basis, the cross-area share of a stated total, then
    whole regions' figures by one rule (outcomes before plans, then the larger); why nothing is
    compared is a method note."""
    claims = relocation_claims(regions)
    if not claims:
        none = Finding("The sources state no relocation figures for these regions.")
        return Findings([none], [], [none.text])
    comps = [c for c in claims if c.kind == "comparison"]
    shares = [c for c in claims if c.kind == "share"]
    levels = [c for c in claims if c.kind == "level"]
    messages = [_finding(c) for c in comps[:1]]
    method = []
    if not comps:
        regions_seen = sorted({c.figures[0].region for c in levels})
        kinds = "; ".join(f"{region_name(r)}, " + _bases([c.figures[0] for c in levels if c.figures[0].region == r])
                          for r in regions_seen)
        method.append(f"No two regions state people relocated on the same basis (measure, scope and period), so "
                      f"none are compared or ranked: {kinds}.")
    messages += [_finding(c) for c in shares[:1]]
    told = [c.reference for c in shares[:1]]  # the total a share message states is not listed again
    # whole regions (everyone or their registered poor) only: outcomes first, then plans and targets
    whole = [c for c in levels if c.figures[0].scope in WHOLE_SCOPES and c.figures[0] not in told
             and c.figures[0].level in FUNDING_LEVELS]
    whole.sort(key=lambda c: (MEASURE_ORDER.index(c.figures[0].measure) // 2
                              if c.figures[0].measure in MEASURE_ORDER else 9, -c.figures[0].value))
    messages += [_finding(c) for c in whole[:max(3 - len(messages), 0)]]
    if whole:
        method.append("Key messages on a region's scale state whole provinces or prefectures (everyone or their "
                      "registered poor people) only: outcomes (actual or cumulative) first, then plans and targets, "
                      "the larger first; a message whose figure carries an anomaly comes after those whose figures "
                      "carry none.")
    if not shares:
        method.append("No cross-area figure is stated as part of a total of people relocated, so no cross-area "
                      "share is computed.")
    rest = [c for c in levels if c.figures[0] not in told]
    return with_national_scale(_assemble([*comps, *shares, *(rest if len(rest) >= MIN_FINDINGS else levels)],
                                         messages, method), "relocated_persons", "relocation")


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


#: region levels that get one key finding each in the funding report (a county's amounts are in the table)
FUNDING_LEVELS = ("country", "province", "prefecture")
#: the rule that picks each region's key amounts, printed in the funding report's method line
FUNDING_RULE = ("One rule picks each province's and prefecture's key amounts: its largest delivered (actual or "
                "cumulative) amount and its largest plan or target, each for the whole region with an end year, else "
                "the whole region, else a named part; per-unit amounts and contradicted figures are left out. These "
                "amounts differ in sector, source of funds, scope and period, so they are listed one by one, never "
                "side by side; the key message gives the one delivered amount for a whole region with the fewest "
                "caveats, and the key findings list the others, delivered amounts before plans and targets, each group with the "
                "fewest caveats first (a progress note counts as one), up to six in all with the national benchmark "
                "line; the amounts that do not fit are in the table.")


def _delivered(f: Figure) -> bool:
    return f.measure in ("actual", "cumulative")


def funding_lead(figures: list[Figure], delivered: bool = True) -> Figure | None:
    """Return one region's key amount by FUNDING_RULE among its delivered amounts (or, with
    `delivered` False, its plans and targets): the largest for the whole region with an end year,
    else the largest for the whole region, else the largest for a part; per-unit and contradicted
    amounts never. None when the region states no such amount."""
    usable = [f for f in figures if not f.per and not f.flagged and _delivered(f) == delivered]
    tiers = ([f for f in usable if not f.is_subset and f.end is not None],
             [f for f in usable if not f.is_subset], usable)
    for tier in tiers:
        if tier:
            return max(tier, key=lambda f: f.value)
    return None


def funding_claims(regions: list[str], own_only: bool = False) -> list[Claim]:
    """Return the claims of the funding report: comparisons of amounts of one source of funds,
    measure, scope and period across regions (none when no two regions match), then per province
    or prefecture (every region given when `own_only`) its largest delivered amount and its
    largest plan or target by FUNDING_RULE (`funding_lead`). Nothing is added up."""
    ctx = _Context()
    df = in_regions(metrics.funding(), regions)
    df = df[df["level"] == 0]
    figs = [_funding_figure(ctx, r) for _, r in df.iterrows()]
    comps = [compare(g, "largest") for g in comparable_groups(figs)]
    heads = []
    for delivered in (True, False):
        for region in regions:
            if ctx.levels.get(region, "prefecture") not in FUNDING_LEVELS and not own_only:
                continue
            lead = funding_lead([f for f in figs if f.region == region], delivered)
            if lead is not None:
                heads.append(Claim("level", (lead,)))
    return [*comps, *heads]


def funding_composition(df: pd.DataFrame) -> Finding | None:
    """Return the message on the largest set of amounts one region states on one basis (source of
    funds, measure, scope and period; at least three, none contradicted): its three largest items
    by sector, never added up. None when no region states three such amounts."""
    rows = df[(df["level"] == 0) & ~df["flagged"].astype(bool) & (df["per"].fillna("") == "")]
    keys = ["region", "fund_source", "measure", "scope", "scope_note", "period_start", "period_end"]
    groups = [g for _, g in rows.fillna({"scope_note": "", "period_start": "", "period_end": ""}).groupby(keys, sort=False)
              if len(g) >= MIN_FINDINGS]
    if not groups:
        return None
    group = max(groups, key=len)  # the first of the largest sets, in the table's order
    ctx = _Context()
    pairs = sorted(((_funding_figure(ctx, r), r) for _, r in group.iterrows()), key=lambda p: p[0].value, reverse=True)
    figs = [f for f, _ in pairs]
    first, row = pairs[0]
    source = row["fund_source"]
    origin = ("source of funds not stated" if source == "unspecified" else "from several sources" if source == "mixed"
              else f"from {FUND_LABELS.get(source, source.replace('_', ' ')).lower()}")
    basis = [t for t in (claims_measure(first.measure), period_text(first), origin) if t]

    def item(f: Figure, r) -> str:
        sector = "general funding" if r["sector"] in ("", "general", None) else str(r["sector"]).replace("_", " ")
        what = r["item"] if r["item"] and r["item"] != r["sector"] else sector
        return f"{money(f.value, f.per, f.qualifier)} for {what}"
    top = [item(f, r) for f, r in pairs[:3]]
    # the ranking is a checked comparison (three or more rows of one basis, none contradicted)
    ranked = compare([Figure(**{**f.__dict__, "indicator": f"funding:{source}:any"}) for f in figs], "largest")
    text = (f"{who(first)}'s {len(figs)} amounts of one basis ({', '.join(basis)}): "
            f"the largest is {top[0]}, then {top[1]}" + (f" and {top[2]}" if len(top) > 2 else "")
            + "; not added up.")
    return Finding(text, sorted(i for f in figs for i in f.facts), ranked, worded=True)


def claims_measure(measure: str) -> str:
    """Return a measure in the words of a finding's brackets ('cumulative', 'plan'; '' for actual)."""
    return {"actual": ""}.get(measure, measure)


def _summary(claims: list[Claim], head: str) -> Finding | None:
    """Return one message that lists the given level claims briefly: who, the amount, its measure
    and period, and each caveat in words (the key findings give the full sentence)."""
    if not claims:
        return None
    parts = []
    for c in claims:
        f = c.figures[0]
        tags = [", ".join(t for t in (claims_measure(f.measure), period_text(f)) if t)]
        tags += [anomaly_caveat(a, k) for a, k in f.anomalies]
        parts.append(f"{who(f)} {money(f.value, f.per, f.qualifier)} ({'; '.join(t for t in tags if t)})")
    return Finding(f"{head}: " + "; ".join(parts) + ".", sorted({i for c in claims for i in c.facts}))


def funding(regions: list[str]) -> Findings:
    """Return the key findings and key messages on funding for `regions` (never a sum): the
    largest set of amounts one region states on one basis, each province's and prefecture's key
    amount by FUNDING_RULE (delivered ones, then plans), and what is not compared as a method note."""
    claims = funding_claims(regions)
    df = in_regions(metrics.funding(), regions)
    if df.empty:
        none = Finding("The sources state no funding amounts for these regions.")
        return Findings([none], [], [none.text])
    comps = [c for c in claims if c.kind == "comparison"]
    messages = [_finding(c) for c in comps[:1]]
    n = len(df)
    outcome = int(df["measure"].isin(["actual", "cumulative"]).sum())
    others = f"the other {n - sum(len(c.figures) for c in comps[:1])} amounts" if comps else f"the {n} amounts"
    method = [f"Apart from that, no two regions state an amount of the same source of funds, sector, measure, scope and "
              f"period, so {others} in the table are not compared, ranked or added up; {outcome} of them are "
              f"delivered (actual or cumulative) and {n - outcome} are plans or targets." if comps else
              f"No two regions state an amount of the same source of funds, sector, measure, scope and period, so none "
              f"is compared across regions or added up; of the {n} regional amounts, {outcome} are delivered and "
              f"{n - outcome} are plans or targets.",
              FUNDING_RULE]
    composition = funding_composition(df)
    messages += [composition] if composition else []
    heads = [c for c in claims if c.kind == "level"]
    delivered = [c for c in heads if _delivered(c.figures[0])]
    # one delivered amount, stated on its own with its sector, source and scope: never a list of
    # amounts of different sectors, sources and periods set side by side
    told = {f.region for m in messages if m.claim is not None for f in m.claim.figures}
    plain = sorted((c for c in delivered if not contested(c) and c.figures[0].region not in told),
                   key=plainness)
    messages += [_finding(c) for c in plain[:1]]
    planned = [c for c in heads if not _delivered(c.figures[0])]
    # a figure a message states already (one of the composition's items) is not listed again
    said = {i for m in messages for i in m.facts}
    rest = [c for c in sorted(delivered, key=plainness) if not set(c.facts) <= said] + sorted(planned, key=plainness)
    return with_national_scale(_assemble([*comps, *rest] or claims, messages[:3], method), "funding", "relocation")


def plainness(claim: Claim) -> tuple:
    """Return a sort key that puts first the claim a reader can quote with the fewest caveats: for
    a whole region before a part, without anomalies or derived notes, with stated years, then the
    larger value."""
    figs = [*claim.figures, *([claim.reference] if claim.reference else [])]
    return (contested(claim), any(f.is_subset for f in figs), sum(len(f.anomalies) + len(f.notes) for f in figs),
            sum((f.start is not None and not f.start_stated) + (f.end is not None and not f.end_stated)
                for f in figs), -max(f.value for f in claim.figures))


# --- profiles -----------------------------------------------------------------------------------

PROFILE_INDICATORS = ["persons_lifted", "poor_population", "relocated_persons", "villages_exited",
                      "counties_exited", "counties_poverty_eliminated"]


def _indicator_claims(ctx: _Context, facts: pd.DataFrame) -> list[Claim]:
    """Return one claim per indicator of `facts` (one region): a change between actual stocks, a
    schedule of a plan or target over several years, or the figure of the strongest measure."""
    out = []
    for indicator in PROFILE_INDICATORS:
        rows = facts[(facts["indicator"] == indicator) & facts["scope"].isin(["all", "registered_poor"])]
        rows = rows[~rows["fact_id"].isin(metrics.differenced_starts(ctx.frame))]  # told with its stated flow
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
            start_id = figs[0].facts[0]
            span = metrics.span_unclear(ctx.facts[start_id], ctx.anomalies) if measure == "actual" else ""
            # an anomaly on the start already says why in its caveat: the reason is not said twice
            said = any(k in metrics.SPAN_UNCLEAR_KINDS for _, k in ctx.anomalies.get(start_id, []))
            out.append(Claim("change" if measure == "actual" else "schedule", figs if measure != "actual"
                             else (figs[0], figs[-1]),
                             values={"span_note": "not a one-year change" + ("" if said else f": {span}")}
                             if span else {}))
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
    claims += [c for c in funding_claims([region], own_only=True) if c.kind == "level"
               and c.figures[0].region == region and not c.figures[0].is_subset][:1]  # delivered, else plan
    return claims


def profile(region: str) -> Findings:
    """Return the key findings and key messages of one region's profile: the lead change (else the
    first claim), an outcome, and, when every key figure of the region is a plan or target, the
    outcomes its parts state. Which regions the findings speak for, that the figures are all plans
    and which topics are stated only for parts are method notes (`not_stated_as_whole`); a topic
    the source states for no part at all is left to the page's "Not reported by this source" line."""
    claims, subjects = profile_claims(region)
    name = region_name(region)
    figs = [f for c in claims for f in c.figures]
    messages, method = [], []
    own = [c for c in claims if c.figures[0].region == region]
    if len(subjects) > 1:
        names = [region_name(s) for s in subjects[1:]]
        method.append(f"The source states {'no' if not own else 'few'} figures for {name} as a whole on these "
                      f"indicators; the findings are for {_and(names)}, each named.")
    lead = [c for c in own if c.kind == "change"] or own or claims
    messages += [_finding(c) for c in lead[:1]]
    plans = [f for f in figs if f.measure in ("plan", "target")]
    if figs and len(plans) == len(figs):
        method.append(_plans_only(region, plans, ctx_frame()))
        messages += [_finding(c) for c in part_outcomes(region)[:1]]
    outcomes = [c for c in claims if c not in lead[:1] and all(f.measure in ("actual", "cumulative")
                                                               for f in c.figures)]
    # an outcome message prefers a figure its source does not contradict (stable order otherwise)
    outcomes.sort(key=lambda c: any(f.flagged or f.notes for f in c.figures))
    messages += [_finding(c) for c in outcomes[:1]]
    for words, parts in stated_in_part(region, ctx_frame()):
        method.append(f"No figure of {words} is stated for {name} as a whole, only for parts: " + "; ".join(parts) + ".")
    out = _assemble(claims, messages[:3], method)
    # the national benchmark is always kept, after the region's own findings (at most MAX_FINDINGS in all)
    national = national_context(region)
    return Findings([*list(out)[:MAX_FINDINGS - len(national)], *national], out.messages, out.method, out.contested)


#: how a profile's national benchmark finding opens (context, not a claim: nothing is compared)
NATIONAL_CONTEXT = "National benchmark, for context only"


def national_context(region: str) -> list[Finding]:
    """Return the national benchmark sentences of a profile, one per indicator the national series
    also has for the same single year: the region's latest such figure beside China's (poverty
    incidence beside the national incidence; people lifted out of poverty beside the fall of the
    national rural poor population). Context on another basis (a survey estimate against the
    source's own register figure), never a difference or a ranking; a contested figure is no
    partner, and the region's anomalies are said in words."""
    frame = ctx_frame()
    national = frame[frame["region"].isin(metrics.benchmark_regions()) & (frame["scope"] == "all")
                     & (frame["measure"] == "actual")]
    out = []
    for own_key, nat_key, nat_words in NATIONAL_PAIRS:
        nat = national[(national["indicator"] == nat_key) & (national["period_start"].astype(str).str[:4]
                                                            == national["period_end"].astype(str).str[:4])]
        by_year = {}
        for _, n in nat.sort_values(["source_id", "fact_id"]).iterrows():
            by_year.setdefault(int(str(n["period_end"])[:4]), n)
        line = _national_line(region, frame, own_key, by_year, nat_words)
        if line:
            out.append(line)
    return out or _national_year(region, frame, national)


def _national_year(region: str, frame: pd.DataFrame, national: pd.DataFrame) -> list[Finding]:
    """Return the benchmark of a profile whose source states no single-year figure the national
    series has: China's rural poverty incidence and poor population at the end of the latest year
    before its document's date, as context, saying that nothing of the region's is set beside them;
    [] when the national series has no such year."""
    sources = load_sources().set_index("source_id").reindex(
        frame.loc[frame["region"].isin(descendants(region)), "source_id"].unique()).dropna(subset=["date"])
    if sources.empty:
        return []
    dates = [str(d)[:10] for d in sources["date"]]
    latest = source_date(sources.index[dates.index(max(dates))])
    single = national[national["indicator"].isin(["poverty_incidence", "rural_poor_population"])
                      & (national["period_end"].astype(str).str[:4] == national["period_start"].astype(str).str[:4])
                      & national["period_end"].astype(str).str[:4].str.fullmatch(r"\d{4}")]
    date = max(dates)
    years = {int(str(e)[:4]) for e in single["period_end"]}
    prior = [y for y in years if f"{y}-12-31" < date]
    # the last year-end before the document; else its own year's, which was reported after it
    if prior and max(prior) >= int(date[:4]) - 1:
        before, when = max(prior), f"the source is dated {latest}"
    elif int(date[:4]) in years:
        before, when = int(date[:4]), f"reported after the source's date, {latest}"
    elif prior:
        before, when = max(prior), f"the latest before the source's date, {latest}"
    else:
        return []
    rows = single[single["period_end"].astype(str).str[:4] == str(before)].sort_values(["source_id", "fact_id"])
    rate = rows[rows["indicator"] == "poverty_incidence"].head(1)
    poor = rows[rows["indicator"] == "rural_poor_population"].head(1)
    if rate.empty and poor.empty:
        return []
    said = [f"rural poverty incidence was {amounts.shown_en(x['value'], x['unit'], max_decimals=2)}"
            for _, x in rate.iterrows()]
    said += [f"its rural poor population {amounts.shown_en(x['value'], x['unit'])}" for _, x in poor.iterrows()]
    return [Finding(f"{NATIONAL_CONTEXT}: at the end of {before} ({when}), China's "
                    f"{' and '.join(said)} (survey estimates). The source has no uncontested figure of either kind "
                    f"for {region_name(region)} as a whole in a year China's series covers, so none is set beside "
                    "these.",
                    sorted([*rate["fact_id"], *poor["fact_id"]]))]


#: (the region's indicator, the national indicator of the same thing, how the national figure reads)
NATIONAL_PAIRS = (("poverty_incidence", "poverty_incidence", "China's rural poverty incidence was {value} at the "
                   "end of {year} (a survey estimate)"),
                  ("persons_lifted", "rural_poor_reduction", "China's rural poor population fell by {value} in "
                   "{year} (a survey estimate)"),
                  ("poor_population", "rural_poor_population", "China's rural poor population was {value} at the end "
                   "of {year} (a survey estimate)"))


def _national_line(region: str, frame: pd.DataFrame, indicator: str, by_year: dict, nat_words: str):
    """Return one national benchmark Finding for the region's latest uncontested single-year figure
    of `indicator` whose year the national series (`by_year`: year -> national fact) has, or None."""
    marks = metrics.anomaly_index()   # a figure its source contradicts is no benchmark's partner
    own = frame[(frame["region"] == region) & (frame["indicator"] == indicator) & (frame["measure"] == "actual")
                & frame["period_end"].astype(str).str[:4].str.fullmatch(r"\d{4}")]
    own = own[[str(a)[:4] in ("", str(e)[:4]) and int(str(e)[:4]) in by_year
               and not any(k in ("contradiction", "impossible_magnitude") for _, k in marks.get(f, []))
               for a, e, f in zip(own["period_start"], own["period_end"], own["fact_id"])]]
    if own.empty:
        return None
    r = own.assign(_y=[int(str(e)[:4]) for e in own["period_end"]]).sort_values(["_y", "fact_id"]).iloc[-1]
    year, inferred = int(str(r["period_end"])[:4]), metrics.end_bases(r)[1] in metrics.INFERRED
    n = by_year[year]
    scope = f" ({r['scope_note']})" if r["scope"] == "subset" and r["scope_note"] else ""
    # the pairing rests on the region's year: its anomalies (a year not given, a doubtful end) in words
    texts = metrics.anomaly_caveats()
    why = "; ".join(anomaly_caveat(a, k, caveat=texts.get(a, "")) for a, k in marks.get(r["fact_id"], []))
    pairing = (f"; the pairing by year is uncertain ({why})" if why else
               f"; the year {year} is inferred, not stated" if inferred else "")
    own_words = amounts.shown_en(r["value"], r["unit"], r.get("qualifier") or None, max_decimals=2)
    if indicator != "poverty_incidence":   # '30,311 people' + 'people lifted out of poverty': the noun once
        labels = load_indicators().set_index("key")["label_en"]
        label, noun = str(labels.get(indicator, indicator)).lower(), own_words.split()[-1]
        own_words = (f"{own_words} {label[len(noun) + 1:]}" if label.startswith(noun + " ")
                     else f"{label} of {own_words}")   # 'registered poor population of 1,133,700 people'
    head = nat_words.format(value=amounts.shown_en(n["value"], n["unit"], max_decimals=2), year=year)
    return Finding(f"{NATIONAL_CONTEXT}: {head}, beside {region_name(r['region'])}'s own {own_words}{scope} "
                   f"({year}{'?' if inferred else ''}){pairing}; the two are measured differently and are not "
                   "compared.", sorted([r["fact_id"], n["fact_id"]]))


def with_national_scale(out: Findings, indicator: str, sector: str = "") -> Findings:
    """Return `out` with a national benchmark line last among its findings (at most MAX_FINDINGS in
    all): the latest figure of `indicator` that a benchmark region (China) states, for `sector` when
    the figure has one, as context for another period and basis, never compared with a region's."""
    national = national_scale(indicator, sector)
    if not national:
        return out
    return Findings([*list(out)[:MAX_FINDINGS - 1], national], out.messages, out.method, out.contested)


def national_scale(indicator: str, sector: str = "") -> Finding | None:
    """Return the benchmark sentence for a scale indicator (people relocated, funding): China's latest
    stated figure of it, rendered as every figure is, with its period, saying it is national context
    on another period and basis; None when povlib has no national figure of it."""
    ctx = _Context()
    frame = ctx.frame
    rows = frame[frame["region"].isin(metrics.benchmark_regions()) & (frame["indicator"] == indicator)
                 & frame["period_end"].astype(str).str.fullmatch(r"\d{4}.*")]
    if sector and "sector" in rows:
        rows = rows[rows["sector"].fillna("").isin([sector, ""])]
    if rows.empty:
        return None
    latest = rows.sort_values(["period_end", "fact_id"]).iloc[-1]
    figure = (_funding_figure(ctx, {**latest.to_dict(), "item": latest.get("item") or ""}) if indicator == "funding"
              else ctx.figure([latest["fact_id"]]))   # an amount names its sector and source as the others do
    claim = Claim("level", (figure,))
    return Finding(f"{NATIONAL_CONTEXT}: {render(claim).rstrip('.')}; a national figure for its own period, "
                   "shown as context and not compared with any region's.", [latest["fact_id"]], None, worded=True)


def part_outcomes(region: str) -> list[Claim]:
    """Return the outcome claims (actual or cumulative) on the profile indicators that the places
    below `region` state, one per indicator and place (a county's people lifted out of poverty)."""
    ctx = _Context()
    out = []
    for part in descendants(region):
        if part == region:
            continue
        facts = ctx.frame[(ctx.frame["region"] == part) & ctx.frame["measure"].isin(["actual", "cumulative"])]
        out += _indicator_claims(ctx, facts)
    return out


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


def _part_names(facts: pd.DataFrame, region: str, limit: int | None = MAX_PARTS) -> list[str]:
    """Return the parts that `facts` (of `region` and the places below it) cover, in words: a place
    below by its name (with its subset note), a subset of the region itself by its note."""
    names = []
    for r, rows in facts.groupby("region", sort=False):
        # a note keeps its own brackets in a full list (limit None), which stands outside brackets
        subs = [n if limit is None else flat(n) for s, n in zip(rows["scope"], rows["scope_note"]) if s == "subset" and n]
        whole = rows["scope"].isin(WHOLE_SCOPES).any()
        if r == region:
            names += subs or ["part of the region"]
        else:  # a place below: by its name, or the one part of it that has the figure
            names.append(region_name(r) if whole or not subs else f"{subs[0]} of {region_name(r)}")
    names = list(dict.fromkeys(names))
    if limit is None:
        return names
    return names[:limit] + ([f"{len(names) - limit} more"] if len(names) > limit else [])


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


def stated_in_part(region: str, facts: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Return (topic words, every part named) for each topic (WHOLE_TOPICS) that `region` states
    only for parts of it, never for the whole: ('funding', ['Aba', 'Zhaojue County', ...]). A topic
    stated for no part at all is left out (the page names it once as not reported)."""
    below = set(descendants(region))
    out = []
    for indicator, words in WHOLE_TOPICS:
        rows = facts[(facts["indicator"] == indicator) & facts["region"].isin(below)]
        if rows.empty or len(rows[(rows["region"] == region) & rows["scope"].isin(WHOLE_SCOPES)]):
            continue
        out.append((words, _part_names(rows, region, limit=None)))
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
    return text + "."


def decline_sentence(r, labels: dict[str, str] | None = None) -> Finding:
    """Return the finding sentence of one `poverty_rate_declines` row (the same words as the reports)."""
    return _finding(_decline_claims(_Context(), pd.DataFrame([r]))[0])


# --- display ------------------------------------------------------------------------------------

def legend(findings: list[Finding]) -> str:
    """Return the legend of the '?' mark when a key message or finding uses it, else ''."""
    every = [*getattr(findings, "messages", []), *findings, *getattr(findings, "contested", [])]
    return INFERRED_LEGEND if any(f.claim is not None and marks_inferred(f.claim) for f in every) else ""


def show(findings: list[Finding]):
    """Return the key messages (under a 'Key messages' heading), the method line, the 'Key findings'
    list and the legend of the '?' mark as HTML: `show_messages` and `show_findings` together."""
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


def method_line(findings: list[Finding]) -> str:
    """Return the report's method notes (`Findings.method`) as one line of sentences, '' when none."""
    notes = [n.strip() for n in getattr(findings, "method", []) if n and n.strip()]
    return " ".join(n if n.endswith(".") else n + "." for n in notes)


def contested_line(findings: list[Finding]) -> str:
    """Return the report's contested figures (`Findings.contested`) as one line of sentences, each
    with its caveats in words, '' when none."""
    return " ".join(f.text for f in getattr(findings, "contested", []))


def show_findings(findings: list[Finding]):
    """Return the method line (`method_line`: what is not compared and why, how a per-region
    finding was picked), the 'Key findings' list and the legend of the '?' mark as HTML (a section
    heading of its own when there are no key messages, else a sub-heading). The method line opens
    this block, right under the key messages and the lead chart, which share the first page."""
    from IPython.display import HTML
    items = "".join(f"<li>{f.html()}</li>" for f in findings)
    method = method_line(findings)
    items_note = f"<p class='km-method'><em>Method:</em> {html.escape(method)}</p>" if method else ""
    note = f"<p class='kf-legend'>{html.escape(legend(findings))}</p>" if legend(findings) else ""
    disputed = getattr(findings, "contested", [])
    if disputed:
        note = (f"<p class='kf-contested'><em>Contested figures (the source contradicts them or they are "
                f"implausible; not key findings):</em></p><ul class='kf-contested'>"
                f"{''.join(f'<li>{f.html()}</li>' for f in disputed)}</ul>") + note
    head = ("<h3 class='kf-head' id='key-findings'>Key findings</h3>" if getattr(findings, "messages", [])
            else "<h2 id='key-findings'>Key findings</h2>")
    return HTML(f"{items_note}{head}<ul class='key-findings'>{items}</ul>{note}")


def as_text(findings: list[Finding]) -> str:
    """Return the key messages, the method line, the findings and the '?' legend as plain lines
    (what nbval compares)."""
    messages = [f"Key message: {m.text}" + (f" [{', '.join(m.facts)}]" if m.facts else "")
                for m in getattr(findings, "messages", [])]
    messages += [f"Method: {method_line(findings)}"] if method_line(findings) else []
    lines = [*messages, *(f"{i}. {f.text} [{', '.join(f.facts)}]" for i, f in enumerate(findings, 1))]
    lines += [f"Contested: {f.text} [{', '.join(f.facts)}]" for f in getattr(findings, "contested", [])]
    return "\n".join([*lines, *([legend(findings)] if legend(findings) else [])])
