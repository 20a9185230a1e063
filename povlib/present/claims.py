"""Claims: what a key finding asserts, over which comparable rows, with every caveat of its facts.

A `Figure` is one value of one region as the sources state it (or as `povlib.metrics` derives it):
indicator, measure, scope, years (each end marked stated or inferred), fact ids and the anomalies
that name those facts. A `Claim` puts figures together in one of these kinds:

- `level`: one figure as stated (a profile's headline figure);
- `schedule`: one region's plan or target for several years (19.18万, 15.42万, 7.82万);
- `change`: a change over time for one region (a start and an end figure);
- `comparison`: two or more *comparable* figures (same indicator, unit, measure, per-basis, kind of
  scope, region level, and period unless the value is already per year); with a superlative
  ("largest", "fastest") only over three or more of one period, never across measures or scopes;
- `share`: a part of a stated total of the same region, measure and period;
- `gap`: a figure against a target or the national figure over the same years.

The rules are checked when a claim is built (`ClaimError` otherwise), so no report can hold a
"largest of one". `render(claim)` is the one function that writes a claim as a sentence, so a figure
and its caveats (scope, "?" on each inferred year end, anomalies) read the same in every report; the
"?" is explained once under the findings that use it (`INFERRED_LEGEND`).

The English wording of numbers is `amounts.quantity_en` (one unit per kind), of periods
`report.period_en`, of regions `report.region_name` (a key the data lacks reads as itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..exceptions import UnknownKeyError
from ..analysis import metrics
from . import amounts, report
from .pubtable import fmt_number

KINDS = ("level", "schedule", "change", "comparison", "share", "gap")
SUPERLATIVES = ("largest", "smallest", "fastest", "slowest", "highest", "lowest")
#: a superlative needs at least this many comparable figures
MIN_SUPERLATIVE = 3
#: year bases that mean a year was inferred, not written in the sentence
INFERRED = ("context", "document_date")
QUALIFIER_WORDS = amounts.QUALIFIER_WORDS
#: anomaly kind -> the caveat words every report uses for it
ANOMALY_WORDS = {"contradiction": "the source contradicts itself on this figure",
                 "impossible_magnitude": "the figure is implausibly large for its region"}
#: anomaly kind -> caveat words for the kinds that do not keep a figure out of comparisons
NOTE_WORDS = {"missing_year": "the source gives no year for this figure",
              "missing_baseline": "the source gives no baseline for it",
              "ambiguous": "the source is ambiguous about what it covers",
              "typo": "the source text probably has a typo here",
              "script_conversion": "the source text has a character-conversion slip here"}
#: per-year units: values already divided by the years, so periods may differ in a comparison
PER_YEAR_UNITS = ("pp_per_year", "persons_per_year")
SCOPE_WORDS = {"registered_poor": "registered poor people only", "rural": "rural population only"}


class ClaimError(ValueError):
    """A claim breaks a rule: too few comparable figures, figures across measures or scopes."""


@dataclass(frozen=True)
class Figure:
    """One value of one region, with what it counts and every caveat of the facts behind it."""

    region: str
    indicator: str
    value: Decimal
    unit: str
    measure: str = "actual"
    qualifier: str = ""
    scope: str = "all"
    scope_note: str = ""
    start: int | None = None
    end: int | None = None
    start_stated: bool = True
    end_stated: bool = True
    per: str = ""
    level: str = ""
    start_month: int | None = None
    end_month: int | None = None
    facts: tuple[str, ...] = ()
    anomalies: tuple[tuple[str, str], ...] = ()   # (anomaly_id, kind)
    label: str = ""                                # what is counted, in words ('people lifted out of poverty')
    notes: tuple[str, ...] = ()                    # derived caveats in words ('a difference of two register counts ...')
    caveats: tuple[tuple[str, str], ...] = ()      # (anomaly_id, curated caveat words) where the anomaly has them

    @property
    def flagged(self) -> bool:
        """True when an anomaly naming one of the facts is a contradiction or impossible magnitude."""
        return any(k in ANOMALY_WORDS for _, k in self.anomalies)

    @property
    def is_subset(self) -> bool:
        """True when the figure covers only part of its region (never called the whole)."""
        return self.scope != "all"


def comparable_key(f: Figure) -> tuple:
    """Return what two figures must share to be compared: indicator, unit, measure, per-basis,
    scope (and the subset's note), region level, and the period unless the unit is per year."""
    period = () if f.unit in PER_YEAR_UNITS or f.per else (f.start, f.end)
    return (f.indicator, f.unit, f.measure, f.per, f.scope, f.scope_note if f.scope != "all" else "", f.level,
            *period)


@dataclass(frozen=True)
class Claim:
    """One key finding's assertion: its kind, its figures and (for some kinds) a reference figure.

    `figures` are the compared rows (comparison), the start and end (change), the years of a plan
    (schedule), the part (share) or the region's figure (gap); `reference` is the total (share) or
    the target / national figure (gap). `values` holds derived numbers (decline_pp, pp_per_year,
    share_pct, gap) computed elsewhere from these figures. Rules are checked on construction.
    """

    kind: str
    figures: tuple[Figure, ...]
    reference: Figure | None = None
    superlative: str = ""
    values: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ClaimError(f"unknown claim kind {self.kind!r}; use one of {', '.join(KINDS)}")
        figs = self.figures
        if not figs:
            raise ClaimError(f"a {self.kind} claim needs at least one figure")
        if self.superlative and (self.kind != "comparison" or self.superlative not in SUPERLATIVES):
            raise ClaimError(f"superlative {self.superlative!r} is only allowed on a comparison "
                             f"(one of {', '.join(SUPERLATIVES)})")
        if self.kind == "comparison":
            keys = {comparable_key(f) for f in figs}
            if len(keys) > 1:
                raise ClaimError("a comparison reaches across measures, scopes, units, region levels or periods: "
                                 + "; ".join(sorted(str(k) for k in keys)) + "; compare only like with like")
            if len(figs) < 2:
                raise ClaimError("a comparison needs at least two comparable figures; state a single figure as a level")
            if any(f.flagged for f in figs):
                raise ClaimError("a comparison holds a figure its source contradicts; leave it out and state it "
                                 "as a level with its caveat")
            if self.superlative and len({(f.start, f.end) for f in figs}) > 1:
                raise ClaimError(f"'{self.superlative}' over figures of different periods; a superlative needs "
                                 "rows of one indicator, measure, scope and period")
            if self.superlative and len(figs) < MIN_SUPERLATIVE:
                raise ClaimError(f"'{self.superlative}' over {len(figs)} comparable figures; a superlative needs at "
                                 f"least {MIN_SUPERLATIVE}")
        if self.kind in ("change", "schedule"):
            if len({(f.region, f.indicator, f.unit, f.scope, f.scope_note) for f in figs}) != 1 or len(figs) < 2:
                raise ClaimError(f"a {self.kind} needs two or more figures of one region, indicator and scope")
        if self.kind == "schedule" and len({f.measure for f in figs}) != 1:
            raise ClaimError("a schedule holds figures of one measure only")
        if self.kind in ("share", "gap"):
            if self.reference is None:
                raise ClaimError(f"a {self.kind} claim needs a reference figure (the total or the benchmark)")
            part, ref = figs[0], self.reference
            if part.unit != ref.unit:
                raise ClaimError(f"a {self.kind} compares {part.unit} with {ref.unit}; give figures of one unit")
            if self.kind == "share" and (part.region != ref.region or part.measure != ref.measure
                                         or (part.start, part.end) != (ref.start, ref.end)):
                raise ClaimError("a share needs a part and a total of the same region, measure and period")
            if self.kind == "gap" and (part.start, part.end) != (ref.start, ref.end):
                raise ClaimError("a gap needs the figure and its benchmark over the same years")

    @property
    def facts(self) -> list[str]:
        """Return the sorted fact ids of every figure of the claim (reference included)."""
        figs = [*self.figures, *([self.reference] if self.reference else [])]
        return sorted({i for f in figs for i in f.facts})


# --- English wording: one unit per kind (povlib.present.amounts), periods from povlib.present.report ---

quantity_en = amounts.quantity_en
period_en = report.period_en


def shown_en(value, unit: str, qualifier: str = "", per: str | None = None) -> str:
    """Return a quantity as a sentence shows it (docs/reports.md, "Precision"): a value with more
    than one decimal rounded to 3 significant figures with "about" (a derived pace in pp to 2), a
    stated rate (%) as written, a qualified value exactly (`amounts.shown_en`)."""
    if unit == "percent":
        return amounts.shown_en(value, unit, qualifier or None, per, max_decimals=2)
    return amounts.shown_en(value, unit, qualifier or None, per, digits=2 if unit == "pp_per_year" else 3)


def _region_name(key: str) -> str:
    """Return one short English name per region key ('Tongren', 'Sanyan Area')."""
    return key.replace("-", " ").title()


def region_name(key: str) -> str:
    """Return the region's one English name (`report.region_name`, shared by every report, chart,
    index and search); a key the data does not hold (a synthetic test row) reads as itself."""
    try:
        return report.region_name(key)
    except UnknownKeyError:
        return _region_name(key)


# --- building figures from facts and metrics rows ------------------------------------------------

def year_stated(fact: pd.Series | dict, end: str) -> bool:
    """Return whether the `end` ('start' or 'end') year of a fact is written in its text, by the
    one rule of `metrics.end_bases` (a fact without that year is never shown as inferred)."""
    year = fact["period_start" if end == "start" else "period_end"]
    if year is None or (not isinstance(year, str) and pd.isna(year)) or str(year) == "":
        return True  # no year at all: shown as 'not stated', never as inferred
    return metrics.end_bases(fact)[0 if end == "start" else 1] not in INFERRED


def _year(value) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == "":
        return None
    return int(str(value)[:4])


def _month(value) -> int | None:
    text = "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)
    return int(text[5:7]) if re.fullmatch(r"\d{4}-\d{2}.*", text) else None


def figure_from_facts(facts: list, anomalies: dict, levels: dict, labels: dict, *, indicator: str | None = None,
                      value=None, unit: str | None = None, start=None, end=None, measure: str | None = None,
                      label: str | None = None, caveat_texts: dict | None = None) -> Figure:
    """Return a Figure for one or more facts (rows of `load_facts`): value, unit and years from the
    first fact unless given; per-end stated flags from the fact that gives that end; anomalies of all.

    `anomalies` is fact_id -> [(anomaly_id, kind)] (`metrics.anomaly_index`), `levels` region key ->
    level, `labels` indicator key -> English label, `caveat_texts` anomaly id -> its curated caveat
    (`metrics.anomaly_caveats`; printed in place of the generic words of the anomaly's kind).
    """
    first, last = facts[0], facts[-1]
    ind = indicator or first["indicator"]
    named = sorted({a for f in facts for a in anomalies.get(f["fact_id"], [])})
    return Figure(region=first["region"], indicator=ind,
                  value=Decimal(str(value if value is not None else first["value_exact"])),
                  unit=unit or first["unit"], measure=measure or first["measure"],
                  qualifier=first["qualifier"] if len(facts) == 1 else "",
                  scope=first["scope"], scope_note=first["scope_note"] or "",
                  start=_year(first["period_start"]) if start is None else start,
                  end=_year(last["period_end"]) if end is None else end,
                  start_stated=year_stated(first, "start"), end_stated=year_stated(last, "end"),
                  per=first.get("per") or "", level=levels.get(first["region"], ""),
                  start_month=_month(first["period_start"]) if start is None else None,
                  end_month=_month(last["period_end"]) if end is None else None,
                  facts=tuple(f["fact_id"] for f in facts), anomalies=tuple(named),
                  label=label or labels.get(ind, ind).lower(),
                  caveats=tuple((a, (caveat_texts or {})[a]) for a, _ in named if (caveat_texts or {}).get(a)))


# --- rendering ----------------------------------------------------------------------------------

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def year_text(year, stated: bool, month: int | None = None) -> str:
    """Return '2017', '2017?' (inferred), 'Dec 2017' or 'year not stated'."""
    if year is None:
        return "year not stated"
    text = f"{year}" if stated else f"{year}?"
    return f"{MONTHS[month - 1]} {text}" if month else text


def period_text(f: Figure) -> str:
    """Return a figure's years with '?' on each inferred end: '2016–2019?', '2018', 'to 2019?',
    'period not stated'."""
    if f.start is None and f.end is None:
        return "period not stated"
    if f.start is None:
        return f"to {year_text(f.end, f.end_stated, f.end_month)}"
    stated = f.start_stated and (f.end is None or f.end_stated)
    if f.end is None or (f.start == f.end and f.start_month == f.end_month):
        return year_text(f.start, stated, f.start_month)
    if f.start == f.end:
        return f"{MONTHS[f.start_month - 1]}–{year_text(f.end, stated, f.end_month)}" if f.start_month \
            else year_text(f.end, stated, f.end_month)
    return f"{year_text(f.start, f.start_stated, f.start_month)}–{year_text(f.end, f.end_stated, f.end_month)}"


def flat(note: str) -> str:
    """Return a curated note with its own brackets turned into commas, so that it can stand inside
    one pair of brackets ('villages (whole-village relocation)' -> 'villages, whole-village relocation')."""
    return re.sub(r"\s*\(([^()]*)\)", r", \1", str(note or ""))


def who(f: Figure) -> str:
    """Return whose figure it is: the region's name, and the part it covers when not the whole."""
    name = region_name(f.region)
    if f.scope == "subset":
        return f"{name} (only {flat(f.scope_note)})" if f.scope_note else f"{name} (only part of the region)"
    if f.scope in SCOPE_WORDS and "registered" not in f.label:
        words = SCOPE_WORDS[f.scope]
        if "read as" in (f.scope_note or ""):   # the curator's reading of the source's words, not stated
            words = "read as " + words.removesuffix(" only")
        return f"{name} ({words})"
    return name


def anomaly_caveat(anomaly_id: str, kind: str, short: bool = False, caveat: str = "") -> str:
    """Return the caveat every report prints for one anomaly (the same words everywhere, one level
    of brackets: 'the source contradicts itself on this figure, anomaly a01'): the anomaly's curated
    `caveat` when it has one, else the words of its kind. `short` gives only 'anomaly a01'; no
    finding uses it, since each finding is quoted on its own and carries its caveats in words."""
    if short:
        return f"anomaly {anomaly_id}"
    kind_words = ANOMALY_WORDS.get(kind) or NOTE_WORDS.get(kind, "see the source note")
    if not (caveat and caveat.strip()):
        return f"{kind_words}, anomaly {anomaly_id}"
    words = flat(english_only(amounts.english_units(caveat.strip().rstrip("."))))
    # a figure kept out of comparisons says why in the kind's words first, then what the curator found
    def lead(text):  # its first four words, punctuation aside ('itself:' is 'itself')
        return re.sub(r"[^\w\s]", "", " ".join(text.split()[:4])).lower()
    said = lead(words) == lead(kind_words)   # the caveat already says it
    return f"{kind_words}: {words}, anomaly {anomaly_id}" if kind in ANOMALY_WORDS and not said \
        else f"{words}, anomaly {anomaly_id}"


_GLOSSED = re.compile(r"“[^”]*”\s*\(([^()]*)\)")
_GLOSS_AFTER = re.compile(r"\s*\(“[^”]*”\)")


def english_only(text: str) -> str:
    """Return a curated caveat for a finding, which is English only: a quoted Chinese phrase with
    its English gloss in brackets becomes the gloss in quotation marks (“基本消除绝对贫困”
    (basically eliminated absolute poverty) → 'basically eliminated absolute poverty'), and a quoted
    Chinese phrase glossing the English before it is dropped ('poor people' (“貧困群眾”))."""
    return _GLOSS_AFTER.sub("", _GLOSSED.sub(lambda m: f"‘{m.group(1)}’", text))


#: the legend of the '?' mark, printed once under the findings that use it (`marks_inferred`)
INFERRED_LEGEND = "? marks a year inferred from the context or the document date, not stated in the source."


def marks_inferred(claim: Claim) -> bool:
    """Return True when the claim shows a year with '?' (so its block needs INFERRED_LEGEND)."""
    figs = [*claim.figures, *([claim.reference] if claim.reference else [])]
    return any((f.start is not None and not f.start_stated) or (f.end is not None and not f.end_stated)
               for f in figs)


def caveats(claim: Claim, written: set | None = None, skip: tuple = ()) -> list[str]:
    """Return the caveats of the claim's figures, each once, in the words every report uses: a
    derived caveat of the claim (`values['span_note']`, e.g. a stock counted before its year's
    exits) first, then one per anomaly. An anomaly in `written` (ids already written in full in the
    same block; the set is updated) is still written in words (a finding is quoted on its own, so
    every one carries its caveats in words, never an id alone); anomaly kinds in `skip` are left out
    (the sentence says them already). An anomaly with a curated caveat (`Figure.caveats`) prints
    those words, else the words of its kind. The scope is in `who`, an inferred year is marked '?'."""
    figs = [*claim.figures, *([claim.reference] if claim.reference else [])]
    out = [claim.values["span_note"]] if claim.values.get("span_note") else []
    out += list(dict.fromkeys(n for f in figs for n in f.notes if n not in out))
    seen = set()
    curated = {a: text for f in figs for a, text in f.caveats}
    for f in figs:
        for aid, kind in f.anomalies:
            if aid not in seen and kind not in skip:
                seen.add(aid)
                out.append(anomaly_caveat(aid, kind, caveat=curated.get(aid, "")))
                if written is not None:
                    written.add(aid)
    return out


MEASURE_WORDS = {"plan": "plan", "target": "target", "cumulative": "cumulative", "actual": "",
                 "share": "", "threshold": "threshold"}
#: units whose quantity is followed by the counted noun ('194,600 people lifted out of poverty')
COUNTED = ("persons", "households", "count")
SINGULAR = {"counties": "county", "villages": "village", "people": "person", "households": "household"}


def _tense(label: str, measure: str) -> str:
    """Return a label for a plan or target in the future ('relocated' -> 'to be relocated')."""
    if measure not in ("plan", "target"):
        return label
    label = re.sub(r"\b(lifted|relocated|moved)\b", r"to be \1", label)
    return re.sub(r"\bexited\b", "to exit", label)


def phrase(f: Figure, value: Decimal | None = None) -> str:
    """Return a figure's quantity with what it counts: '194,600 people lifted out of poverty',
    '239 poor villages exited', 'poverty incidence of 24.74%', '3 billion yuan of funding (...)'."""
    v = f.value if value is None else value
    label = _tense(f.label, f.measure)
    if f.unit in COUNTED and (f.unit == "count" or label.split(" ")[0] in ("people", "households")):
        words = label.split(" ")
        if f.unit != "count" and words[0] in ("people", "households"):
            words = words[1:]
        if v == 1:
            words = [SINGULAR.get(w, w) for w in words]
        q = shown_en(v, f.unit, f.qualifier) if f.unit != "count" else \
            f"{QUALIFIER_WORDS[f.qualifier] + ' ' if f.qualifier in QUALIFIER_WORDS else ''}{fmt_number(v)}"
        return f"{q} {' '.join(words)}".strip()
    if f.unit == "yuan":
        return f"{money(v, f.per, f.qualifier)} of {label}"
    return f"{label} of {shown_en(v, f.unit, f.qualifier)}"


def _tags(f: Figure, with_period: bool = True) -> str:
    tags = [t for t in (MEASURE_WORDS.get(f.measure, f.measure), period_text(f) if with_period else "") if t]
    return f" ({', '.join(tags)})" if tags else ""


def money(value, per: str = "", qualifier: str = "") -> str:
    """Return an amount of money as every report writes it (`povlib.present.amounts`): a total in
    million yuan ('4,600 million yuan'), a total per year in million yuan a year, an amount per
    person, household, month or mu in yuan with its per-words ('4,713 yuan per person per year'),
    at sentence precision (`shown_en`: 'about 78.7 million yuan'; tables keep the exact figure)."""
    if per == "year":
        return f"{shown_en(value, 'yuan', qualifier)} a year"
    return shown_en(value, "yuan", qualifier, per or None)


def _with_caveats(sentence: str, claim: Claim, written: set | None = None, skip: tuple = ()) -> str:
    notes = caveats(claim, written, skip)
    return f"{sentence} ({'; '.join(notes)})." if notes else f"{sentence}."


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def render(claim: Claim, written: set | None = None) -> str:
    """Return the claim as one English sentence with every caveat of its figures.

    This is the only function that writes a claim, so a figure reads the same in every report.
    `written` (a set of anomaly ids, updated) names the anomalies a block has already explained in
    full: the sentence then names them by id only, so a caveat is written out once per block.
    """
    figs = claim.figures
    f0 = figs[0]
    skip: tuple = ()
    if claim.kind == "level":
        text = f"{who(f0)}: {phrase(f0)}{_tags(f0)}"
    elif claim.kind == "schedule":
        # an inferred year goes in brackets, so no sentence ends in '2018?.'
        inferred = any(period_text(f).endswith("?") for f in figs)
        parts = [f"{phrase(f) if i == 0 else shown_en(f.value, f.unit, f.qualifier) if f.unit != 'count' else fmt_number(f.value)}"
                 + (f" ({period_text(f)})" if inferred else f" in {period_text(f)}") for i, f in enumerate(figs)]
        text = f"{who(f0)}, {f0.measure}: " + ", ".join(parts[:-1]) + f" and {parts[-1]}"
    elif claim.kind == "change":
        a, b = figs[0], figs[-1]
        verb = "fell" if b.value < a.value else "rose" if b.value > a.value else "stayed"
        text = (f"{who(a)}: {a.label} {verb} from {shown_en(a.value, a.unit, a.qualifier)} "
                f"({year_text(a.end, a.end_stated)}) to {shown_en(b.value, b.unit, b.qualifier)} "
                f"({year_text(b.end, b.end_stated)})")
        if "decline_pp" in claim.values:
            text += f", by {shown_en(claim.values['decline_pp'], 'pp')}"
            pace = claim.values.get("pp_per_year")
            spans = possible_spans(a, b)
            if pace is not None and len(spans) > 1:
                # an inferred year may be a year earlier (a level reported without its year may be the
                # previous year-end, docs/metrics.md): no single pace, the range those years allow
                low, high = (amounts.shown(claim.values["decline_pp"] / Decimal(n), digits=2)[0]
                             for n in (max(spans), min(spans)))
                text += (f", no single pace a year: about {fmt_number(low)}–{fmt_number(high)} pp a year over "
                         f"{min(spans)}–{max(spans)} years (end − start), as a year marked ? may be a year earlier")
            elif pace is not None and a.end is not None and b.end is not None:
                # a change between two year-end levels counts end − start years (docs/metrics.md)
                span = b.end - a.end
                text += f" or {shown_en(pace, 'pp_per_year')} over {span} year{'s' if span != 1 else ''} (end − start)"
            elif pace is not None:
                text += f" or {shown_en(pace, 'pp_per_year')}"
            else:
                missing = [aid for f in figs for aid, kind in f.anomalies if kind == "missing_year"]
                which = "start" if a.end is None else "end" if b.end is None else ""
                text += (f", no pace a year: the source gives no {which + ' ' if which else ''}year"
                         + (f" (anomaly {', '.join(dict.fromkeys(missing))})" if missing else ""))
                skip = ("missing_year",)
    elif claim.kind == "comparison":
        ordered = sorted(figs, key=lambda f: f.value, reverse=True)
        per_year = f0.unit in PER_YEAR_UNITS or bool(f0.per)
        items = [f"{who(f)} {shown_en(f.value, f.unit, f.qualifier)}"
                 + (f" ({period_text(f)})" if per_year and (f.start or f.end) else "") for f in ordered]
        head = _cap(_tense(f0.label, f0.measure)) + (f" per {f0.per}" if f0.per else "")
        tags = [t for t in (MEASURE_WORDS.get(f0.measure, f0.measure), "" if per_year else period_text(f0)) if t]
        head += f" ({', '.join(tags)})" if tags else ""
        if claim.superlative:
            text = (f"{head}, {len(figs)} comparable figures: {region_name(ordered[0].region)} has the "
                    f"{claim.superlative} — " + "; ".join(items))
        else:
            text = f"{head}, {len(figs)} comparable figures: " + "; ".join(items)
    elif claim.kind == "share":
        ref = claim.reference
        text = (f"{who(ref)}: {shown_en(f0.value, f0.unit, f0.qualifier)} ({fmt_number(claim.values['share_pct'])}%) "
                f"of the {phrase(ref)}{_tags(ref)} were {f0.scope_note or f0.label}")
    else:  # gap
        ref = claim.reference
        nation = getattr(ref, "level", "") == "country"
        # the national rate is a sample-survey estimate of the whole rural population, a region's the
        # source's own (usually register) figure: say so, not a scope the two rates share anyway
        bench = region_name(ref.region) if nation else who(ref)
        if nation:
            # two bases (the source's own rate, a national sample survey): both paces are context,
            # their difference is not a finding and is never stated
            text = (f"{who(f0)}: its own {f0.label} was {shown_en(f0.value, f0.unit, f0.qualifier)}{_tags(f0)}, "
                    f"{bench}'s survey estimate {shown_en(ref.value, ref.unit, ref.qualifier)}; context only, "
                    "the two rates are not measured on the same basis")
        else:
            text = (f"{who(f0)}: {f0.label} {shown_en(f0.value, f0.unit, f0.qualifier)}{_tags(f0)}, against "
                    f"{shown_en(ref.value, ref.unit, ref.qualifier)} for {bench} over the same years")
            if "gap" in claim.values:
                text += f", a difference of {shown_en(claim.values['gap'], claim.values.get('gap_unit', ref.unit))}"
    return _with_caveats(text, claim, written, skip)


def possible_spans(a: Figure, b: Figure) -> list[int]:
    """Return the spans in years (end − start, sorted) that a change from level `a` to level `b`
    may cover: an inferred year (not stated in the source) may be the one written or the year
    before, a level reported without its year often being the previous year-end
    (`metrics.possible_spans`). One span when both years are stated; [] when a year is missing."""
    return metrics.possible_spans(a.end, b.end, not a.end_stated, not b.end_stated)


def share_pct(part: Decimal, total: Decimal) -> Decimal:
    """Return part / total in percent, rounded half-up to one decimal place."""
    return (part * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compare(figures: list[Figure], superlative: str = "") -> Claim:
    """Return a comparison claim over `figures`, with the superlative only if it is allowed
    (three or more comparable figures); raises ClaimError when the figures are not comparable."""
    sup = superlative if len(figures) >= MIN_SUPERLATIVE and len({(f.start, f.end) for f in figures}) == 1 else ""
    return Claim("comparison", tuple(figures), superlative=sup)


def comparable_groups(figures: list[Figure], distinct_regions: bool = True) -> list[list[Figure]]:
    """Return the groups of two or more comparable, unflagged figures (of distinct regions)."""
    groups: dict[tuple, list[Figure]] = {}
    for f in figures:
        if not f.flagged:
            groups.setdefault(comparable_key(f), []).append(f)
    out = []
    for group in groups.values():
        if distinct_regions and len({f.region for f in group}) < len(group):
            continue
        if len(group) >= 2:
            out.append(group)
    return out


SUPERLATIVE_RE = re.compile(r"\b(" + "|".join(SUPERLATIVES) + r")\b", re.I)
