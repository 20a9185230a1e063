"""The reader tables each report shows, built with `povlib.pubtable`: chosen columns, English
labels, numbers with units, scope and caveats as footnotes, fact ids linking to Sources entries.

Every report ends with a Sources section whose rows carry the anchors `fact-<fact_id>`; a
profile's appendix of every fact, grouped by topic under headings `topic-<topic>`, is its
Sources section.
"""

from __future__ import annotations

import html
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..analysis import metrics
from ..catalog.frames import load_facts, load_indicators, load_sources
from ..catalog.frames import load_checks, load_regions
from ..catalog.frames import per_catalog
from ..catalog.frames import load_anomalies
from ..analysis.metrics import INFERRED
from .plots import LEGEND_LABELS, progress_words
from .pubtable import Col, fmt_number, lang_spans, quantity_en, render_html, sentence, table
from .pubtable import plain_dates
from . import amounts
import re
from .report import document_citation, english_names, period_en, region_labels, region_name, source_limits

SCOPE_WORDS = {"rural": "rural population only", "registered_poor": "registered poor only"}


#: a region's level as the word its whole area is called by ("whole region" only for a region)
WHOLE_WORDS = {"country": "whole country", "province": "whole region", "prefecture": "whole region",
               "county": "whole county", "township": "whole township", "village": "whole village",
               "organisation": "as stated"}
#: a place whose English name says what it is: that word, before its level ('… Resettlement Site')
_PLACE_WORDS = (("Site", "whole site"), ("Area", "whole area"), ("Village", "whole village"),
                ("Town", "whole town"), ("County", "whole county"), ("District", "whole district"))


def whole(region) -> str:
    """Return the scope words of a figure for all of `region`: 'whole region' for a province or
    prefecture, else the place's own word ('whole county', 'whole site', 'whole area', 'whole
    village'), 'as stated' for an organisation or a key the data does not hold."""
    regions = load_regions().set_index("key")
    if region not in regions.index:
        return "as stated"
    level, name = regions.loc[region, "level"], str(regions.loc[region, "name_en"])
    if level in ("country", "province", "prefecture", "organisation"):
        return WHOLE_WORDS[level]
    head = re.sub(r"\s*\(.*", "", name)
    return next((w for word, w in _PLACE_WORDS if word in head.split()), WHOLE_WORDS.get(level, "as stated"))


def _operand_scope(fact_id) -> str:
    """Return the one scope all operands of a computed fact (a `sum`/`difference` check's result)
    share when that is not 'all' (a difference of two registered-poor counts is registered poor
    only), else ''."""
    checks = load_checks()
    facts = load_facts().set_index("fact_id")
    for ops in checks.loc[(checks["result"] == fact_id) & checks["kind"].isin(["sum", "difference"]), "operands"]:
        scopes = {facts.loc[o, "scope"] for o in str(ops).split(";") if o in facts.index}
        if len(scopes) == 1 and scopes != {"all"}:
            return scopes.pop()
    return ""


def _scope(row) -> str:
    """Return a row's scope in words: its scope note for a subset, 'registered poor only' etc.,
    the whole place's word (`whole`) for scope 'all' — a figure computed from operands of one
    narrower scope takes theirs (`_operand_scope`)."""
    scope = row["scope"]
    ids = str(row.get("fact_id") or row.get("facts") or getattr(row, "name", "") or "")
    if scope == "all":
        scope = next((s for s in map(_operand_scope, ids.split(";")) if s), scope)
    if scope == "subset":
        return row["scope_note"]
    if scope in SCOPE_WORDS:
        note = row["scope_note"] if row["scope"] == scope else ""
        return SCOPE_WORDS[scope] + (f": {note}" if note else "")
    # an anomaly about coverage (`coverage_anomalies`) says the source is unclear about what area a
    # figure covers: the whole is then the curator's reading, marked like an inferred year; any other
    # anomaly leaves the scope plain (its kind is in the row's † note)
    about = coverage_anomalies()
    doubt = any(a in about for i in ids.split(";") if i for a, _ in metrics.anomaly_index().get(i, []))
    return whole(row.get("region")) + ("? (coverage unclear: see †)" if doubt else "")


#: words of a curated caveat that say which area a figure covers ('not the whole prefecture',
#: 'prefecture-wide')
_COVERAGE_WORDS = re.compile(r"\b(?:whole|entire)\s+(?:region|prefecture|province|county|city|district|area|"
                             r"country|village|township)\b|\b(?:region|prefecture|province|county|city|"
                             r"district|township)-wide\b", re.I)


def coverage_anomalies(anomalies: pd.DataFrame | None = None) -> set[str]:
    """Return the ids of the anomalies about a figure's coverage: kind 'ambiguous' and a caveat (the
    explanation when there is none) that speaks of the area covered ('the whole prefecture',
    'prefecture-wide'). An ambiguity about a period, a wording or an overlap is not one."""
    anomalies = load_anomalies() if anomalies is None else anomalies
    out = set()
    for a in anomalies.itertuples():
        text = str(getattr(a, "caveat", "") or "").strip() or str(a.explanation or "")
        if a.kind == "ambiguous" and _COVERAGE_WORDS.search(text):
            out.add(a.anomaly_id)
    return out


#: why a year carries "?": the fact's year_basis in words
BASIS_WORDS = {"document_date": "? = the year is not stated; it is taken from the document's date",
               "context": "? = the year is not stated; it is inferred from the surrounding text"}


#: an anomaly kind as the one word a table's † note gives for it
KIND_WORDS = {"ambiguous": "ambiguous", "contradiction": "contradiction", "date": "date", "difference": "difference",
              "equal": "duplicate", "impossible_magnitude": "impossible", "missing_baseline": "no-baseline",
              "missing_year": "undated", "name": "name", "other": "other", "repeat": "repeated",
              "script_conversion": "script", "share": "share", "sum": "sum", "typo": "misprint"}


def _kinds() -> dict[str, str]:
    """Return anomaly id -> kind for every anomaly that names a fact."""
    return {a: k for marks in metrics.anomaly_index().values() for a, k in marks}


def dagger(ids, flagged: bool = False, kinds: dict[str, str] | None = None) -> str:
    """Return a row's † note, one sentence naming each anomaly with a one-word reason:
    '† zhaotong-2019-a01 (contradiction): left out of rankings.'; '' when there is none."""
    ids = [i for i in dict.fromkeys(str(ids or "").replace(",", ";").split(";")) if i.strip()]
    if not ids:
        return ""
    kinds = _kinds() if kinds is None else kinds
    named = ", ".join(f"{i.strip()} ({KIND_WORDS.get(kinds.get(i.strip(), ''), 'noted')})" for i in ids)
    return f"† {named}: " + ("left out of rankings." if flagged else "see Anomalies.")


_FACT_PREFIX = re.compile(r"^([a-z]+-\d{4}-\d{3}):\s*")
_HAN_ASIDE = re.compile(r"\s*[(（](?=[^()（）]*[\u3400-\u9fff])[^()（）A-Za-z]*[)）]")
_HAN_ITEM = "[\u3400-\u9fff][\u3400-\u9fff\\d()（）、·…]*"
#: a Chinese-only item first or last in a bracketed list ('(多方筹措, sources not named)')
_HAN_FIRST = re.compile(rf"\(\s*{_HAN_ITEM}\s*[,;:，；：]\s*")
_HAN_LAST = re.compile(rf"\s*[,;，；]\s*{_HAN_ITEM}\s*\)")
_IN_QUOTES = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」")
_BARE = re.compile(r"(?<![\w.,\-])(\d{4,})(?![\d,\w\-–]|\.\d)")
_HALF = re.compile(r"\bJan–Jun (\d{4}\??)|\bJul–Dec (\d{4}\??)")


def drop_chinese_asides(text: str) -> str:
    """Return English prose without its bracketed Chinese glosses, outside quotation marks: a
    bracket of Chinese only goes ('funds (整合)' → 'funds'), a Chinese item first or last in a
    bracketed list goes ('(近年来; only poor areas)' → '(only poor areas)'). The quote column keeps
    the Chinese; other Chinese in prose is for the curated text to gloss (`povlib check`)."""
    def one(t: str) -> str:
        t = _HAN_ASIDE.sub("", t)
        return _HAN_LAST.sub(")", _HAN_FIRST.sub("(", t))
    return _outside_quotes(str(text or ""), one)


def _outside_quotes(text: str, change) -> str:
    """Return text with `change` applied to every stretch outside “…”, 《…》 and 「…」."""
    out, last = [], 0
    for q in _IN_QUOTES.finditer(text):
        out += [change(text[last:q.start()]), q.group(0)]
        last = q.end()
    return "".join(out) + change(text[last:])


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w'-]+", text.lower()))


def clean_note(parts) -> str:
    """Return a row's note fragments as plain English sentences, one rule for every table.

    Fragments joined with ';' become sentences where the next starts a sentence of its own (a
    capital, or 'fact-id: ' which is written 'Fact <id>: '); a sentence or clause whose words all
    appear in an earlier one of the note is dropped (two facts' notes saying the same scope once);
    a bracketed aside of Chinese only ('(整合)') is dropped (the quote column has the Chinese); a
    bare four-digit count gets its thousands separator (years 1900–2100 stay as they are);
    units in English (`amounts.english_units`), one name per region (`english_names`)."""
    pieces: list[str] = []
    for part in parts:
        for piece in re.split(r";\s+", str(part or "").strip()):
            piece = _FACT_PREFIX.sub(lambda m: f"Fact {m.group(1)}: ", piece.strip()).rstrip(";").strip()
            if not piece:
                continue
            if pieces and not (piece[0].isupper() or piece[0] in "†“") and not pieces[-1].endswith("."):
                pieces[-1] += "; " + piece
            else:
                pieces.append(piece)
    kept: list[str] = []
    seen: list[set[str]] = []
    for piece in pieces:
        clauses = [c for c in re.split(r"(?<=[.;])\s+(?=\S)", piece) if c.strip()]
        mine = []
        for clause in clauses:
            words = _words(clause.rstrip(".;"))
            if words and any(words <= other for other in seen):
                continue
            seen.append(words)
            mine.append(clause)
        if mine:
            kept.append(" ".join(mine).rstrip(";").strip())
    text = sentence(kept)
    text = drop_chinese_asides(text)
    return separators(amounts.english_units(english_names(text)))


def separators(text: str) -> str:
    """Return English text with thousands separators in every bare count outside quotation marks
    ('1439 stations' → '1,439 stations', 'over 10000 residents' → 'over 10,000 residents'); a
    four-digit number from 1900 to 2100 is a year and stays as it is."""
    def one(m: re.Match) -> str:
        n = m.group(1)
        return n if len(n) == 4 and 1900 <= int(n) <= 2100 else f"{int(n):,}"
    return _outside_quotes(str(text or ""), lambda t: _BARE.sub(one, t))


_SUM_CLAUSE = re.compile(r"[;,]?\s*\bsum of [^.;]*", re.I)


def precision_note(fact_id) -> str:
    """Return the note of a stated total whose parts add to slightly more or less within the
    source's precision (a `sum` check that holds with computed != stated): 'The parts, 55,919 million
    yuan + 30,375 million yuan = 86,294 million yuan, match the stated total of 86,290 million yuan
    (“862.9億元”) at the source's precision.'; '' for any other fact. Both figures are computed from
    the stored exact values; none is rounded or changed."""
    checks = load_checks()
    mine = checks[(checks["result"] == str(fact_id)) & (checks["kind"] == "sum") & (checks["verdict"] == "holds")]
    if mine.empty:
        return ""
    facts = load_facts().set_index("fact_id")
    out = []
    for ops in mine["operands"]:
        ops = [o for o in str(ops).split(";") if o in facts.index]
        values = [amounts.decimal(facts.loc[o, "value_exact"]) for o in ops]
        total = facts.loc[str(fact_id)]
        stated = amounts.decimal(total["value_exact"])
        if None in values or stated is None or sum(values) == stated:
            continue
        unit = str(total["unit"])
        parts = " + ".join(quantity_en(v, unit) for v in values)
        out.append(f"The parts, {parts} = {quantity_en(sum(values), unit)}, match the stated total of "
                   f"{quantity_en(stated, unit)} (“{total['raw']}”) at the source's precision.")
    return " ".join(out)


def _precision(ids, note: str) -> str:
    """Return `note` with the `precision_note` of each of `ids` in place of a curated 'sum of …'
    clause (which would read as an arithmetic error beside parts that add to slightly more)."""
    extra = " ".join(t for t in (precision_note(i) for i in dict.fromkeys(str(ids or "").split(";")) if i) if t)
    if not extra:
        return note
    return " ".join(t for t in (_SUM_CLAUSE.sub("", note).strip(), extra) if t)


def _with_notes(df: pd.DataFrame, *note_cols: str) -> pd.DataFrame:
    """Add a `footnote` column (the row's caveats and its † anomaly note, `clean_note`), `scope_label`
    (the scope in words) and `mark` (' †' when an anomaly names one of the row's facts)."""
    notes, marks = [], []
    kinds = _kinds()
    for _, r in df.iterrows():
        parts = [str(r[c]) for c in note_cols if c in r and str(r[c] or "").strip()]
        anomalies = r.get("anomalies") if "anomalies" in r else ""
        anomalies = "" if anomalies is None or anomalies != anomalies else str(anomalies)
        ids = r.get("fact_id") if "fact_id" in r else r.get("facts")
        note = _precision(ids if isinstance(ids, str) else "", clean_note(parts))
        mark = dagger(anomalies, bool(r.get("flagged")), kinds)
        notes.append(" ".join(t for t in (note, mark) if t))
        marks.append(" †" if mark else "")
    return df.assign(footnote=notes, mark=marks,
                     scope_label=[separators(amounts.english_units(english_names(_scope(r)))) for _, r in df.iterrows()])


_YEAR_TOKEN = re.compile(r"(?<![\d?])(\d{4})(-\d{2})?(?![\d?])")
#: measures whose figure is a level at one time (a rate, a count of now), which gets a year, never "since"
LEVEL_UNITS = ("percent",)


def _period(r) -> str:
    """Return a row's period in English (`report.period_en`) in plain dates ('Dec 2017'), with '?'
    on exactly the years that are inferred (`metrics.end_bases`: one rule for every table); a level
    (a rate) gets its year, never 'since'."""
    start, end = _basis(r.get("period_start")), _basis(r.get("period_end"))
    text = one_label(start, end, period_en(start, end, r.get("period_text", ""), False))
    if text.startswith("since") and end and r.get("measure") != "cumulative" and (
            r.get("unit") in LEVEL_UNITS or start[:4] == end[:4]):   # a level, or a point in one year
        text = end
    if "year_basis" in r and "quote" in r:
        start_basis, end_basis = metrics.end_bases(r)
    else:
        start_basis = _basis(r.get("start_basis")) or _basis(r.get("year_basis"))
        end_basis = _basis(r.get("end_basis")) or _basis(r.get("year_basis"))
    marked = {y for y, basis in ((start[:4], start_basis), (end[:4], end_basis)) if y and basis in INFERRED}
    if end[:4] and end[:4] != start[:4] and end_basis not in INFERRED:
        marked.discard(end[:4])
    # a year the source's own words give a span ('十三五以来' → since 2016) is stated by
    # metrics.end_bases; a span phrase around a level does not date the level
    if "year_basis" not in r or "quote" not in r:
        marked -= {year for year, _ in _YEAR_TOKEN.findall(period_en("", "", r.get("period_text", ""), False))}
    text = _YEAR_TOKEN.sub(lambda m: m.group(0) + ("?" if m.group(1) in marked else ""), text)
    # one vocabulary: a half year reads as the source's words do ('first half of 2020'), never 'Jan–Jun'
    return _HALF.sub(lambda m: f"first half of {m.group(1)}" if m.group(1) else f"second half of {m.group(2)}",
                     plain_dates(text))


#: words of a period phrase that say nothing the dates do not ('from 2017 to 2018', 'end of 2017')
_CONNECTIVES = {"from", "to", "since", "end", "of", "by", "the", "alone", "start"}
_DATED = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|half)\b")


def period_label(fact: dict) -> str:
    """Return a fact's one period label as every table gives it (`_period`: plain dates, '?' on
    exactly the inferred years), for pages that show facts outside a table (the index's search)."""
    return _period(fact)


def one_label(start: str, end: str, words: str) -> str:
    """Return the one period label of a fact, the same in tables, sentences and charts: the curated
    years (with their months, as key messages give them: 'Dec 2018–2019', 'Jan–Feb 2019'), never a
    running 'since the start of 2017' for one year's result; the source's words are kept when they
    say more than the years ('since 2016 (13th Five-Year Plan)'), or added in brackets when the
    years carry months they lack ('Jan–Feb 2019 (before the Spring Festival)')."""
    years = plain_dates(period_en(start, end, "", False))
    if not start and not end:
        return words
    if words.startswith("since the start of") and start[:4] == end[:4]:
        return years
    if (len(start) > 4 or len(end) > 4) and not _DATED.search(plain_dates(words)):
        extra = re.sub(r"\s*\b\d{4}\??", "", re.sub(r"\d{4}\??[–-]\d{4}\??", "", words)).strip(" ,")
        said = set(re.findall(r"[A-Za-z]+", extra)) - _CONNECTIVES
        return years + (f" ({extra})" if said else "")
    return words


def _row_period(r, facts: pd.DataFrame) -> str:
    """Return the period of a table row built from facts: in the facts' own words (`_period` of
    the fact, as in the headline table and the Sources) when they all share one period, else the
    row's years."""
    ids = [i for i in str(r.get("facts") or r.get("fact_id") or "").split(";") if i in facts.index]
    keys = {tuple(str(facts.loc[i, k]) for k in ("period_start", "period_end", "period_text")) for i in ids}
    same = len(keys) == 1 and str(facts.loc[ids[0], "period_start"]) == str(r.get("period_start"))
    return _period(facts.loc[ids[0]]) if same else _period(r)


def _year(year, basis) -> str:
    """Return a table's year cell: '2017', '2017?' when the year is inferred, '—' when missing."""
    if year is None or pd.isna(year) or str(year) == "":
        return "—"
    return f"{int(float(year))}" + ("?" if _basis(basis) in INFERRED else "")


def _basis(value) -> str:
    """Return a year basis as text ('' when missing, also for pandas' NA)."""
    return "" if value is None or pd.isna(value) else str(value)


def _years(df: pd.DataFrame) -> pd.DataFrame:
    """Add `from_label` and `to_label`: the start and end years with '?' on inferred ones."""
    return df.assign(from_label=[_year(y, b) for y, b in zip(df["start_year"], df["start_basis"])],
                     to_label=[_year(y, b) for y, b in zip(df["end_year"], df["end_basis"])])


def _label(df: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Add `region_label`: the region's one English name (Chinese stays in the quote column), with
    ' †' when the row has a `mark`; `labels` must know every region of the rows."""
    missing = sorted(set(df["region"]) - set(labels))
    if missing:
        raise KeyError(f"no label for region(s) {', '.join(missing)}; pass report.region_labels()")
    marks = df["mark"] if "mark" in df else [""] * len(df)
    return df.assign(region_label=[region_name(r) + m for r, m in zip(df["region"], marks)])


def _measure(value) -> str:
    """Return a fact's measure as the one word every table gives it ('plan' → 'planned')."""
    return MEASURE_WORDS.get(str(value), str(value).replace("_", " "))


#: the pace column's one treatment in every table (docs/reports.md, "Precision"): the exact figure
#: computed from the stated rates, then the 2-significant-figure rounding the sentences use
PACE_HEADER = "Percentage points a year, unrounded (as in the text)"


def pace_cell(value) -> str:
    """Return a pace cell: the exact computed figure, and the sentences' rounding (`amounts.shown`,
    2 significant figures) in brackets when it differs ('3.305 (3.3)'; '1.4' when exact); '—' when
    there is none."""
    exact = amounts.decimal(value)
    if exact is None:
        return "—"
    rounded, was = amounts.shown(exact, digits=2)
    return fmt_number(exact) + (f" ({fmt_number(rounded)})" if was else "")


def pace_range_cell(value, span: tuple | None) -> str:
    """Return a pace cell for a decline whose span may differ (`metrics.pace_range`): the range
    ('2.05–2.733 (2.1–2.7), a year inferred'), as the sentences give it, when the inferred year
    allows more than one span; else `pace_cell`."""
    if not span or span[0] == span[1]:
        return pace_cell(value)
    lo, hi = (amounts.decimal(v) for v in span)
    short = [amounts.shown(v, digits=2)[0] for v in (lo, hi)]
    return (f"{fmt_number(lo)}–{fmt_number(hi)} ({fmt_number(short[0])}–{fmt_number(short[1])}), "
            "a year inferred")


def declines(df: pd.DataFrame, labels: dict[str, str]):
    """Return the poverty-rate declines table for readers; the pace is `pace_cell` (exact, then the
    text's rounding), as its header and caption say."""
    df = nested(df)  # by displayed region name, sub-regions under their region, parts under their total
    data = _years(_label(_with_notes(df, "caveat"), labels))
    data = data.assign(facts=[f"{a};{b}" for a, b in zip(data["start_fact"], data["end_fact"])],
                       pace=[pace_range_cell(v, metrics.pace_range(r)) for v, (_, r) in
                             zip(data["pp_per_year"], data.iterrows())])
    return table(data, [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("from_label", "From"),
                        Col("start_rate", "Rate then", "percent"), Col("to_label", "To"),
                        Col("end_rate", "Rate at the end", "percent"), Col("decline_pp", "Decline", "pp"),
                        Col("pace", PACE_HEADER), Col("facts", "Facts", "facts")],
                 "Poverty incidence, first and last year stated; a pace is the decline divided by the years "
                 "between, unrounded (a range to 3 decimals), with the rounding the text uses in brackets", note="footnote",
                 export="poverty_rate_declines")


def ranking(df: pd.DataFrame, labels: dict[str, str]):
    """Return the ranking of whole-region declines by pace (`metrics.ranking`), or say why none."""
    from IPython.display import HTML

    ranked = metrics.ranking(df, "pp_per_year")
    if ranked.empty:
        whole = df[df["scope"] == "all"]
        left = [region_name(r) + (" flagged" if f else " has no per-year rate")
                for r, f in zip(whole["region"], whole["flagged"])]
        return HTML("<p class='povlib-empty'><em>Ranking by pace: no whole-region row can be ranked "
                    f"({html.escape(', '.join(left))}). Rows of other scopes are not ranked together.</em></p>")
    data = _years(_label(_with_notes(ranked, "caveat"), labels))
    data = data.assign(facts=[f"{a};{b}" for a, b in zip(data["start_fact"], data["end_fact"])],
                       pace=[pace_cell(v) for v in data["pp_per_year"]])
    return table(data, [Col("rank", "Rank"), Col("region_label", "Region"),
                        Col("pace", PACE_HEADER),
                        Col("from_label", "From"), Col("to_label", "To"), Col("facts", "Facts", "facts")],
                 "Ranking by pace (whole-region rows only; flagged rows left out)", note="footnote")


def _check(stated, computed, agree) -> str:
    """Return the note of a headcount row whose figure is also computed from two stocks."""
    if amounts.decimal(computed) is None:
        return ""
    why = "(a difference of register counts may include register corrections, not only exits)"
    if amounts.decimal(stated) is None:
        return (f"Computed as the difference of two counts of the poor population: {fmt_number(computed)} people "
                f"{why}; no figure stated.")
    if agree == "yes":
        return (f"Stated by the source; it also equals the difference of two counts of the poor population, "
                f"{fmt_number(computed)} people {why}.")
    return (f"Stated by the source as {fmt_number(stated)}; the difference of two counts of the poor population "
            f"gives {fmt_number(computed)} people {why}.")


def _yearly_average(value, start_basis, end_basis) -> str:
    """Return a headcount row's per-year note: 'On average N people a year.' when both years are
    stated; when one is inferred, no single average (its count of years is uncertain, as a pace is
    a range then), and '' without a figure."""
    if amounts.decimal(value) is None:
        return ""
    if _basis(start_basis) in INFERRED or _basis(end_basis) in INFERRED:
        return "No single yearly average: a year of the period is inferred, not stated, so its length is uncertain."
    return f"On average {fmt_number(value)} people a year."


def reductions(df: pd.DataFrame, labels: dict[str, str]):
    """Return the headcount reductions table for readers: one row per region, scope, measure and
    period; the computed check and the per-year figure, which few rows have, in those rows' notes."""
    # one block per group of measures (`REDUCTION_BLOCKS`), each by displayed region name with
    # sub-regions under their region (`nested`) among that block's rows
    block = [REDUCTION_BLOCK_OF.get(str(m), "other") for m in df["measure"]]
    df = pd.concat([nested(df[[b == key for b in block]]) for key, _ in REDUCTION_BLOCKS if key in block]
                   or [df.iloc[0:0]], ignore_index=True)
    data = _years(_label(_with_notes(df, "note"), labels))
    # a start that is no year-end count says so where the years are read, not only in the note
    data = data.assign(from_label=[f"{y} (not a year-end count: see note)" if str(n).startswith(metrics.NOT_ONE_YEAR)
                                   else y for y, n in zip(data["from_label"], df["note"])])
    # a one-year row's per-year figure is its stated figure again: shown once
    data = data.assign(persons_per_year=[None if s == e else v for s, e, v in
                                         zip(data["start_year"], data["end_year"], data["persons_per_year"])])
    data = data.assign(agree=[("yes" if a else "no") if a is not pd.NA and a == a else "" for a in data["agree"]])
    data = data.assign(
        check=[_check(s, c, a) for s, c, a in zip(data["persons_stated"], data["persons_computed"], data["agree"])],
        pace=[_yearly_average(v, sb, eb) for v, sb, eb in
              zip(data["persons_per_year"], data["start_basis"], data["end_basis"])],
        measure=[_measure(m) if amounts.decimal(s) is not None else "change (computed)"
                 for m, s in zip(data["measure"], data["persons_stated"])],
        shown=[s if amounts.decimal(s) is not None else c
               for s, c in zip(data["persons_stated"], data["persons_computed"])])
    cols = [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("measure", "Measure"),
            Col("from_label", "From"), Col("to_label", "To"),
            Col("shown", "People (stated, else computed)", "number"),
            Col("pace", "Per year", aside=True), Col("check", "Check", aside=True),
            Col("facts", "Facts", "facts")]
    # achieved figures and plans or targets never share a block: each block's caption says which it holds
    group = [REDUCTION_BLOCK_OF.get(str(m), "other") for m in df["measure"]]
    blocks = [render_html(data[[g == key for g in group]], cols,
                          f"{caption}: one row per region, scope, measure and period; nothing is added up",
                          note="footnote", export="headcount_reductions")
              for key, caption in REDUCTION_BLOCKS if key in group]
    from IPython.display import HTML
    return HTML("".join(blocks))


#: the headcount-reduction blocks, in order, and each measure's block: what was achieved apart from
#: what was planned or targeted
REDUCTION_BLOCKS = (("achieved", "People lifted out of poverty, achieved (actual and cumulative)"),
                    ("planned", "People to be lifted out of poverty, planned and targeted"),
                    ("other", "People lifted out of poverty, other measures"))
REDUCTION_BLOCK_OF = {"actual": "achieved", "cumulative": "achieved", "plan": "planned", "target": "planned",
                      "expected": "planned"}


def points(df: pd.DataFrame, labels: dict[str, str]):
    """Return the incidence figures and thresholds not used in a start–end pair."""
    df = nested(df)  # by displayed region name, sub-regions under their region, parts under their total
    names = load_indicators().set_index("key")["label_en"]
    facts = load_facts().set_index("fact_id")
    named = metrics.anomaly_index()
    daggers = [dagger(";".join(a for a, _ in named.get(f, []))) for f in df["fact_id"]]
    data = df.assign(region_label=[region_name(r) + (" †" if d else "") for r, d in zip(df["region"], daggers)],
                     indicator=[names.get(i, i) for i in df["indicator"]],
                     measure=[_measure(m) for m in df["measure"]],
                     period=[_period(facts.loc[f]) for f in df["fact_id"]],
                     note=[" ".join(t for t in (clean_note([n]), d) if t) for n, d in zip(df["note"], daggers)])
    return table(data, [Col("region_label", "Region"), Col("indicator", "Indicator"), Col("measure", "Measure"),
                        Col("period", "Period"), Col("value", "Value", "percent"), Col("fact_id", "Fact", "facts")],
                 "Incidence figures not used in a start–end pair", note="note")


def relocation(df: pd.DataFrame, labels: dict[str, str]):
    """Return the relocation scale table for readers."""
    df = nested(df)  # by displayed region name, sub-regions under their region, parts under their total
    data = _label(_with_notes(df), labels)
    facts = load_facts().set_index("fact_id")
    # a computed share is the stated part over the row's total: say what the part counts when its
    # source words it narrowly ('people moved across areas into Tongren's main urban area')
    parts = [next((facts.loc[i, "scope_note"] for i in str(ids).split(";") if i in facts.index
                   and facts.loc[i, "indicator"] == "relocated_persons_cross_area" and facts.loc[i, "scope_note"]), "")
             for ids in data["facts"]]
    shares = [f"Cross-area share {fmt_number(st)}% (stated)." if st == st else
              (f"Share of the row's people who are {english_names(part)} only: {fmt_number(co)}% (computed)." if part
               else f"Cross-area share {fmt_number(co)}% (computed).")
              if co == co else "" for st, co, part in zip(data["cross_area_share_stated"],
                                                         data["cross_area_share_computed"], parts)]
    # a narrowly worded part keeps its wording in its own cell: the column's other cells count every cross-area move
    cross = ["" if amounts.decimal(v) is None else fmt_number(v) + (f" (only {english_names(part)})" if part else "")
             for v, part in zip(data["cross_area_persons"], parts)]
    per_site = ["" if amounts.decimal(v) is None else f"{fmt_number(v)} people per site (the row's people ÷ its sites)."
                for v in data["persons_per_site"]]
    data = data.assign(period=[_row_period(r, facts) for _, r in data.iterrows()], cross_share=shares, per_site=per_site,
                       cross_cell=cross,
                       measure=[_measure(m) for m in data["measure"]],
                       region_label=_part_labels(data, facts))
    return table(data, [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("measure", "Measure"),
                        Col("period", "Period"), Col("persons", "People", "number"),
                        Col("households", "Households", "number"), Col("sites", "Sites", "number"),
                        Col("per_site", "People per site (the row's people ÷ its sites)", aside=True),
                        Col("cross_cell", "People moved across areas"),
                        Col("cross_share", "Cross-area share", aside=True),
                        Col("facts", "Facts", "facts")],
                 "Relocation by region, measure, period and scope (never added across rows)", note="footnote", export="relocation_scale")


def _region_path(region: str, present: set[str], parents: dict[str, str]) -> tuple[str, ...]:
    """Return the displayed English names (folded for sorting) of the region's ancestors that are
    among `present`, outermost first, then the region's own: a sub-region sorts under its parent."""
    chain, seen, key = [region], {region}, parents.get(region) or ""
    while key and key not in seen:
        seen.add(key)
        if key in present:
            chain.append(key)
        key = parents.get(key) or ""
    return tuple(region_name(k).casefold() for k in reversed(chain))


def _row_facts(row) -> list[str]:
    """Return the fact ids of a table row (its `facts` or `fact_id` cell)."""
    cells = [row.get(c) for c in ("facts", "fact_id") if c in row]
    cell = next((c for c in cells if isinstance(c, str) and c), "")
    return [i for i in cell.split(";") if i]


def nested(df: pd.DataFrame) -> pd.DataFrame:
    """Return a multi-region table's rows in reading order: by the displayed English region name,
    each sub-region's rows under its parent region's (when that region has rows too), rows of one
    region in their given order, and every part (a row one of whose facts is `part_of` a fact of
    another row) directly after its total, parts of parts after their part."""
    if df.empty or "region" not in df:
        return df.reset_index(drop=True)
    parents = dict(zip(load_regions()["key"], load_regions()["parent"].fillna("")))
    present = set(df["region"])
    rows = df.reset_index(drop=True)
    order = sorted(range(len(rows)), key=lambda n: (_region_path(rows.loc[n, "region"], present, parents), n))
    part_of = dict(zip(load_facts()["fact_id"], load_facts()["part_of"].fillna("")))
    ids = {n: _row_facts(rows.loc[n]) for n in order}
    row_of = {f: n for n in order for f in ids[n]}
    parent_row = {}
    for n in order:
        owners = [row_of[p] for f in ids[n] for p in [str(part_of.get(f) or "")] if p in row_of and row_of[p] != n]
        if owners:
            parent_row[n] = owners[0]
    out: list[int] = []

    def emit(n: int) -> None:
        if n in out:
            return
        out.append(n)
        for c in order:
            if parent_row.get(c) == n:
                emit(c)

    for n in order:
        top, seen = n, {n}
        while top in parent_row and parent_row[top] not in seen:  # a part is placed by its total
            top = parent_row[top]
            seen.add(top)
        emit(top)
    return rows.loc[out].reset_index(drop=True)


def _part_labels(data: pd.DataFrame, facts: pd.DataFrame) -> list[str]:
    """Return each row's region label, '↳ ' and 'part of <the other row's region>' added when one of
    its facts is declared a part (`part_of`) of a fact in another row, as the funding tables mark
    parts; the rows are never added up."""
    ids = [[i for i in str(v).split(";") if i in facts.index] for v in data["facts"]]
    row_of = {f: n for n, row in enumerate(ids) for f in row}
    labels = list(data["region_label"])
    out = []
    for n, row in enumerate(ids):
        parents = {row_of[p] for f in row for p in [str(facts.loc[f, "part_of"] or "")] if p in row_of and row_of[p] != n}
        out.append(f"↳ {labels[n]} (part of {', '.join(labels[p] for p in sorted(parents))})" if parents else labels[n])
    return out


#: a funding `per` that is still a total (an amount each year): shown in million yuan with "a year"
TOTAL_PER = ("", "year")
#: what an indicator's definition says an amount is per (checked in this order)
_PER_IN_DEFINITION = (("per household", "household"), ("per participating household", "household"),
                      ("per person", "person"), ("per-capita", "person"), ("per benefiting person", "person"),
                      ("per mu", "mu"))
#: the source's words for "every year" around an amount per person or household
_YEARLY = ("每年", "全年", "年人均", "年均", "每人每年", "每户每年")
#: 年 right after the per-words (户均年增收, 人均年收入): the amount is a year's
_PER_YEAR = re.compile(r"(?:户均|戶均|人均|每户|每戶|每人)年")


def per_unit(fact) -> str:
    """Return what a yuan amount is per, as an `amounts.PER_WORDS` key with 'a year' where it is
    yearly ('person_year' for 每人每年4713元), or '' for a total.

    The fact's own `per` first; an amount of an indicator defined per household, person or mu
    (its definition in povlib/data/indicators) is that even when the fact names no `per`; a per
    person or household amount is 'a year' only when the clause of the quote holding it says so
    (每年, 全年, 户均年增收: `_says_yearly`), never from the indicator's definition and never for a
    cumulative amount."""
    if str(fact.get("unit")) != "yuan":
        return ""
    per = fact.get("per")
    per = "" if per is None or per != per else str(per)
    definition = str(_definitions().get(str(fact.get("indicator")), "")).lower()
    if per in TOTAL_PER:
        if per == "year":
            return ""
        per = next((key for words, key in _PER_IN_DEFINITION if words in definition), "")
        if definition.startswith("monthly") and per in ("", "person"):
            per = "month"
    if per in ("person", "household") and str(fact.get("measure")) != "cumulative" and _says_yearly(fact):
        per += "_year"
    return per


def _says_yearly(fact) -> bool:
    """True when the clause of the quote holding the amount's `raw` says it is yearly (每年, 全年,
    年人均, 户均年增收 …): 'a year' comes from the source's words, never from the indicator."""
    quote, raw = str(fact.get("quote") or ""), str(fact.get("raw") or "")
    clauses = [c for c in re.split(r"[,，;；。:：]", quote) if raw and raw in c] or [quote]
    return any(w in c for c in clauses for w in _YEARLY) or any(_PER_YEAR.search(c) for c in clauses)


def _definitions() -> dict[str, str]:
    """Return indicator key -> its definition."""
    ind = load_indicators()
    return dict(zip(ind["key"], ind["definition"]))


def _amount_cells(r, qualifier) -> tuple[str, str, str]:
    """Return (total in million yuan, total each year in million yuan, amount per unit in yuan) of
    one funding row: one filled, the others '—'. A total is '↳ '-indented under its own total and
    keeps the source's qualifier; a recurring amount (每年, `per` 'year') is in its own 'a year'
    column, never among the one-off totals; a per-person/household/month/mu amount is in yuan with
    its per-words."""
    per = "" if r["per"] is None or r["per"] != r["per"] else str(r["per"])
    yuan = amounts.decimal(r["value_exact_yi"])
    yuan = None if yuan is None else yuan * 10**8
    if yuan is None:
        return "—", "—", "—"
    if per in TOTAL_PER:
        words = amounts.QUALIFIER_WORDS.get(str(qualifier or ""), "")
        total = ("↳ " * int(r["level"])) + (f"{words} " if words else "") + million_cell(yuan, qualifier)
        return (total, "—", "—") if not per else ("—", total, "—")
    return "—", "—", amounts.money_en(yuan, per, qualifier or None)


def _progress_cell(cells: tuple[str, str, str], r, facts: pd.DataFrame) -> tuple[str, str, str]:
    """Return a funding row's cells with an amount completed under a planned total written as
    progress ('completed so far: 13,665 (83.4% of the plan)'),
    never as a '↳' part of the plan (`plots.progress_words`); other rows unchanged."""
    parent = str(r.get("part_of") or "")
    if not parent or parent not in facts.index or not cells[0].startswith("↳"):
        return cells
    words = progress_words(facts.loc[r["fact_id"], "value"], facts.loc[parent, "value"],
                           str(r["measure"]), str(facts.loc[parent, "measure"]))
    if not words:
        return cells
    share = words.rsplit(": ", 1)[1].rstrip(")").replace(" of it", "")
    return f"completed so far: {cells[0].lstrip('↳ ')} ({share} of the plan)", cells[1], cells[2]


#: the funding table's amount columns, each shown only when a row fills it: (column, header, caption words)
#: decimals of a million-yuan table cell: 0.01 million is 10,000 yuan (one 万元), the finest unit the sources use
MILLION_DECIMALS = 2


def million_cell(yuan, qualifier=None) -> str:
    """Return a total in million yuan as the funding table shows it: always MILLION_DECIMALS decimals
    (22.415 → '22.42', 3,832 → '3,832.00'), so no '22.415' reads as 22,415 and the decimal points line
    up; the exact figure is in the Sources and the data files, and the caption says so. A figure
    with a qualifier ('more than') is shown exactly when rounding would change it: rounding up
    could make the qualifier false."""
    exact = amounts.million(yuan)
    rounded = exact.quantize(Decimal(1).scaleb(-MILLION_DECIMALS), rounding=ROUND_HALF_UP)
    if qualifier and rounded != exact:
        return amounts.number(exact)
    return f"{rounded:,.{MILLION_DECIMALS}f}"


FUNDING_AMOUNTS = (("amount", "Total (million yuan)", "totals in million yuan to two decimals (exact figures in "
                                                      "Sources and the data files), parts (↳) under their total"),
                   ("yearly", "Each year (million yuan a year)", "amounts the source gives for every year in "
                                                                   "million yuan a year in their own column"),
                   ("per_unit", "Per person, household, month or mu (yuan)",
                    "amounts per person, household, month or mu in yuan in their own column"))


def funding(df: pd.DataFrame, labels: dict[str, str]):
    """Return the funding table for readers: totals in million yuan (parts indented under their
    total), recurring amounts in million yuan a year and amounts per person, household, month or mu
    in yuan, each in its own column; a column no row fills is left out, and so are its caption words."""
    df = nested(df)  # by displayed region name, sub-regions under their region, parts under their total
    facts = load_facts().set_index("fact_id")
    data = _label(_with_notes(df, "note"), labels)
    # the full sector the source names ('education and health'), not only the key it is filed under
    data = data.assign(sector=[str(i) if i else s for i, s in zip(data["item"], data["sector"])])
    cells = [_amount_cells(pd.concat([r.drop("per"), pd.Series({"per": per_unit(facts.loc[r["fact_id"]]) or r["per"]})]),
                           facts.loc[r["fact_id"], "qualifier"]) for _, r in data.iterrows()]
    cells = [_progress_cell(c, r, facts) for c, (_, r) in zip(cells, data.iterrows())]
    data = data.assign(amount=[c[0] for c in cells], yearly=[c[1] for c in cells], per_unit=[c[2] for c in cells],
                       source=[LEGEND_LABELS.get(s, s) for s in data["fund_source"]],
                       sector=[s.replace("_", " ") for s in data["sector"]],
                       measure=[_measure(m) for m in data["measure"]],
                       period=[_period(facts.loc[r["fact_id"]]) for _, r in data.iterrows()])
    # only the amount columns some row fills, and a caption that promises only those
    shown = [a for a in FUNDING_AMOUNTS if (data[a[0]] != "—").any()] or list(FUNDING_AMOUNTS[:1])
    return table(data, [Col("region_label", "Region"), Col("scope_label", "Scope"), Col("source", "Source of funds"),
                        Col("sector", "Sector"), Col("measure", "Measure"), Col("period", "Period"),
                        *[Col(key, header, "amount") for key, header, _ in shown],
                        Col("fact_id", "Fact", "facts")],
                 "Funding amounts as stated: " + "; ".join(words for _, _, words in shown) + "; nothing is added up",
                 note="footnote", export="funding")


def as_written(fact, kinds: list[tuple[str, str]]) -> str | None:
    """Return the cell of a figure an anomaly says cannot be read as written, or None.

    An impossible magnitude is not converted nor given in Chinese outside the quote: 'as written in
    the quote, not converted'. A misprint of the counter word leaves the number itself: it is given
    in the report's units like any other figure."""
    if any(k == "impossible_magnitude" for _, k in kinds):
        return "as written in the quote, not converted"
    return None


def _period_key(fact) -> tuple[str, str]:
    """Return a fact's (start, end) for sorting: a missing start sorts as its end, a fact with no
    period after every dated one."""
    start, end = (_basis(fact.get(k))[:7] for k in ("period_start", "period_end"))
    return (start or end or "9999", end or start or "9999")


def by_period(df: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Return `df` (rows with a `fact_id`) with the rows of each indicator in period order (start,
    then end), each indicator's rows keeping the places they had: a start value never comes after
    its end value. A figure with no period of its own in the same sentence as a dated one sorts
    with it, in the order the sentence writes them ('从24.74%下降到1.16%': 24.74% first)."""
    moved = {}
    for _, group in df.groupby(df["indicator"].astype(str), sort=False):
        slots = sorted(group.index)
        rows = {i: facts.loc[df.loc[i, "fact_id"]] for i in slots}
        keys = {i: _period_key(r) for i, r in rows.items()}
        for i, r in rows.items():  # an undated figure of a dated one's sentence: that sentence's period
            if keys[i][0] == "9999":
                keys[i] = next((keys[j] for j, o in rows.items() if keys[j][0] != "9999"
                                and str(o.get("quote")) == str(r.get("quote"))), keys[i])

        def place(i):  # in one sentence, the order the figures are written in ('from 24.74% to 1.16%')
            quote, raw = str(rows[i].get("quote") or ""), str(rows[i].get("raw") or "")
            return quote.find(raw) if raw and raw in quote else len(quote)

        ranked = sorted(slots, key=lambda i: (keys[i], place(i), i))
        moved |= dict(zip(slots, ranked))
    return df.loc[[moved.get(i, i) for i in df.index]].reset_index(drop=True)


def headline(df: pd.DataFrame):
    """Return a profile's headline facts for readers (periods in English, values in the report's
    units with their qualifiers and per-words, scope in words, † with the anomaly id and its
    one-word reason in the row's note)."""
    facts = load_facts().set_index("fact_id")
    df = by_period(df.reset_index(drop=True), facts)
    rows = [facts.loc[f] for f in df["fact_id"]]
    named = metrics.anomaly_index()
    daggers = [dagger(";".join(a for a, _ in named.get(f, []))) for f in df["fact_id"]]
    data = df.assign(scope_label=[amounts.english_units(english_names(_scope(r))) for r in rows],
                     qualifier=[r["qualifier"] for r in rows],
                     measure=[_measure(r["measure"]) for r in rows],
                     per=[per_unit(r) for r in rows],
                     indicator=[i + (" †" if d else "") for i, d in zip(df["indicator"], daggers)],
                     value=[as_written(r, named.get(f, [])) or v for f, r, v in zip(df["fact_id"], rows, df["value"])],
                     period=[_period(r) for r in rows],
                     footnote=[" ".join(t for t in (_precision(f, clean_note([n])), d) if t)
                               for f, n, d in zip(df["fact_id"], df["note"], daggers)])
    return table(data, [Col("indicator", "Indicator"), Col("measure", "Measure"), Col("period", "Period"),
                        Col("scope_label", "Scope"), Col("value", "Value", "quantity"),
                        Col("fact_id", "Fact", "facts")], "Headline figures", note="footnote")


DATE_BASIS = {"stated": "date stated in the document", "inferred": "date inferred from the text"}


def citation(r) -> str:
    """Return the HTML citation of one source (a `load_sources` row): `report.document_citation`,
    the same entry as the index's "Source documents" (titles, author or publisher or host, date and
    its basis, address or "no address known", retrieval date or "not recorded")."""
    return document_citation(r._asdict())


def documents(ids: list[str]) -> str:
    """Return the HTML list of the documents the facts come from, each cited once in English and
    Chinese with publisher, date and date basis (see `citation`)."""
    facts = load_facts().set_index("fact_id").loc[ids]
    src = load_sources().set_index("source_id", drop=False).loc[sorted(set(facts["source_id"]))]
    items = "".join(f"<li>{citation(r)}</li>" for r in src.itertuples())
    limits = source_limits([r._asdict() for r in src.itertuples()])
    return f"<ul class='povlib-docs'>{items}</ul>" + (f"<p class='povlib-docs'>{html.escape(limits)}</p>" if limits else "")


SOURCE_COLS = [Col("fact_ids", "Facts", "anchors"), Col("figures", "Figures"),
               Col("quote", "Quote (verbatim)", "quote")]


#: a fact's measure as the word its figure carries, so a plan never reads as an achievement
MEASURE_WORDS = {"actual": "actual", "cumulative": "cumulative", "plan": "planned", "target": "target",
                 "share": "share", "threshold": "threshold", "expected": "expected"}
#: anomaly kinds that say the figure cannot be read as written: it is printed as written, marked †
AS_WRITTEN = ("impossible_magnitude", "typo")


def figure(r, label: str, named: dict) -> str:
    """Return one fact's figure for the Sources: 'Subdistricts: 8 (planned, 2020?; scope)'.

    The label, the value in the report's units with its qualifier and per-words (`per_unit`), then
    its measure, period and (when not the whole region) scope, then '† <anomaly id> (<reason>)' for
    each anomaly naming it; a figure an anomaly calls impossible is not converted (`as_written`).
    """
    kinds = named.get(r["fact_id"], [])
    per = per_unit(r)
    value = as_written(r, kinds) or (quantity_en(r["value"], r["unit"], r["qualifier"], per or None)
                                     + (" a year" if r["unit"] == "yuan" and r["per"] == "year" else ""))
    scope = "" if r["scope"] == "all" else amounts.english_units(english_names(_scope(r)))
    words = [_measure(r["measure"]), _period(r)]
    text = f"{separators(label)}: {value} ({', '.join(w for w in words if w)}" + (f"; {separators(scope)}" if scope else "") + ")"
    return text + (f" † {', '.join(f'{a} ({KIND_WORDS.get(k, k)})' for a, k in kinds)}" if kinds else "")


def _merge_quotes(facts: pd.DataFrame) -> list[pd.DataFrame]:
    """Return groups of facts whose quotes overlap in the same document (one contains or runs into
    the other): each group is printed as one quote carrying all its fact ids."""
    groups: list[list] = []
    for source, mine in facts.groupby("source_id", sort=False):
        spans = sorted(((int(r.quote_start) if str(r.quote_start) not in ("", "nan", "None") else -1,
                         r.Index, str(r.quote)) for r in mine.itertuples()), key=lambda t: (t[0], -len(t[2])))
        current, end = [], None
        for start, idx, quote in spans:
            if current and start >= 0 and end is not None and start < end:
                current.append((start, idx, quote))
                end = max(end, start + len(quote))
            else:
                if current:
                    groups.append(current)
                current, end = [(start, idx, quote)], (start + len(quote) if start >= 0 else None)
        if current:
            groups.append(current)
    return [facts.loc[[idx for _, idx, _ in g]].assign(
        merged_quote=_union_quote(g)) for g in groups]


def _union_quote(spans: list) -> str:
    """Return the text covered by overlapping (start, index, quote) spans, sorted by start."""
    start0, _, text = spans[0]
    for start, _, quote in spans[1:]:
        covered = start0 + len(text)
        if start + len(quote) > covered:
            text += quote[covered - start:]
    return text


def with_quoted(ids: list[str]) -> list[str]:
    """Return `ids` plus every other fact whose quote overlaps one of theirs in the same document
    (a national threshold in a sentence about a county): a quote is never shown without all the
    fact ids it supports."""
    wanted = set(ids)
    extra = [i for g in quote_groups() if wanted & set(g) for i in g if i not in wanted]
    return list(ids) + list(dict.fromkeys(extra))


@per_catalog
def quote_groups() -> tuple[tuple[str, ...], ...]:
    """Return the fact ids of each group of facts whose quotes overlap in one document
    (`_merge_quotes` over every fact), in document order: found once per catalog, not once per report."""
    every = load_facts()
    return tuple(tuple(g["fact_id"]) for g in _merge_quotes(every.set_index("fact_id", drop=False)))


def _fact_rows(ids: list[str]) -> pd.DataFrame:
    """Return one row per quote (overlapping quotes of one document merged into one): the fact ids
    it supports (';'-joined), their figures (`figure`), the region(s), the quote and its
    document's script."""
    facts = load_facts().set_index("fact_id").loc[with_quoted(ids)].reset_index()
    ind = load_indicators().set_index("key")["label_en"]
    scripts = load_sources().set_index("source_id")["script"]
    named = metrics.anomaly_index()
    facts = facts.assign(
        figure=[figure(r, ind[r["indicator"]] + (f" ({r['item']})" if r["item"] else ""), named)
                for _, r in facts.iterrows()],
        region_label=[region_name(r) for r in facts["region"]])
    rows = []
    for group in _merge_quotes(facts):
        group = group.sort_values("fact_id")
        several = group["region_label"].nunique() > 1   # name each figure's region: a province's total is not the city's
        figures = [f"{reg}: {fig}" if several else fig for reg, fig in zip(group["region_label"], group["figure"])]
        rows.append({"fact_ids": ";".join(group["fact_id"]), "figures": "; ".join(figures),
                     "region_label": ", ".join(dict.fromkeys(group["region_label"])),
                     "quote": group["merged_quote"].iloc[0],
                     "script": scripts.get(group["source_id"].iloc[0], ""), "first": group["fact_id"].min()})
    return pd.DataFrame(rows).sort_values("first").reset_index(drop=True) if rows else pd.DataFrame(
        columns=["fact_ids", "figures", "region_label", "quote", "script"])


def _source_cols(rows: pd.DataFrame) -> list[Col]:
    """Return the Sources columns: one set in every report and every appendix section (Facts,
    Region, Figures, Quote), whether its rows come from one region or several."""
    return SOURCE_COLS[:1] + [Col("region_label", "Region")] + SOURCE_COLS[1:]


def sources(ids: list[str]):
    """Return the Sources section: the documents, then each quote once, anchored by every fact id
    it supports."""
    from IPython.display import HTML
    rows = _fact_rows(ids)
    body = render_html(rows, _source_cols(rows))
    return HTML(f"<h2 id='sources'>Sources</h2>{documents(ids)}{body}")



def appendix(facts: pd.DataFrame, topics, sections: dict[str, list[str]] | None = None) -> str:
    """Return a profile's appendix HTML: every fact by topic, each quote once with the fact ids it
    supports, and a Region column in a topic whose facts come from several regions.

    A topic's heading counts the facts filed under it (`topic_count_words`), so it agrees with the
    report's section on that topic: it says how many of them are listed under another topic (a
    quote shared with that topic's fact is printed once) and, per `sections` (topic -> the fact
    ids the report's section of that name shows, e.g. the Funding section's money facts), how many
    facts that section counts are filed under another topic."""
    parts = ["<h2 id='sources'>Appendix: every fact on this region, with the figures quoted beside them, by topic "
             "(the Sources of this report)</h2>", documents(list(facts["fact_id"]))]
    rows = _fact_rows(list(facts["fact_id"]))
    every = load_facts()
    topic_of = dict(zip(every["fact_id"], every["topic"])) | dict(zip(facts["fact_id"], facts["topic"]))
    # a quote whose facts span topics is printed once, under the topic of its first fact
    rows = rows.assign(topic=[topic_of[i.split(";")[0]] for i in rows["fact_ids"]])
    printed = {i: t for ids, t in zip(rows["fact_ids"], rows["topic"]) for i in ids.split(";")}
    for topic in topics:
        mine = rows[rows["topic"] == topic].reset_index(drop=True)
        if len(mine):
            words = topic_count_words(topic, printed, topic_of, (sections or {}).get(topic, ()))
            parts.append(f"<h3 id='topic-{html.escape(topic)}'>{html.escape(topic.capitalize())} "
                         f"({html.escape(words)})</h3>")
            parts.append(render_html(mine, _source_cols(mine)))
    return "".join(parts)


def _topic_list(names) -> str:
    """Return topic keys as capitalised words joined with 'and' ('Governance and Infrastructure')."""
    names = [n.capitalize() for n in sorted(set(names))]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def topic_count_words(topic: str, printed: dict[str, str], topic_of: dict[str, str], section=()) -> str:
    """Return an appendix topic heading's count: the facts filed under `topic` ('2 facts'), then
    how many of them are printed under another topic's heading (`printed`: fact id -> heading it is
    under), how many of another topic's facts are printed here, and how many facts of the report's
    section on this topic (`section`) are filed under another topic — so every count a reader
    compares with the section adds up."""
    own = [i for i in printed if topic_of.get(i) == topic]
    away = [i for i in own if printed[i] != topic]
    guests = [i for i in printed if printed[i] == topic and topic_of.get(i) != topic]
    elsewhere = [i for i in dict.fromkeys(section) if i in printed and topic_of.get(i) != topic]
    words = f"{len(own)} {'fact' if len(own) == 1 else 'facts'}"
    if away:
        words += (f", {len(away)} of them listed under {_topic_list(printed[i] for i in away)} with the quote "
                  f"{'it shares' if len(away) == 1 else 'they share'}")
    if guests:
        words += (f"; also lists {len(guests)} {_topic_list(topic_of.get(i, 'other') for i in guests)} "
                  f"{'fact that shares' if len(guests) == 1 else 'facts that share'} a quote with them")
    if elsewhere:
        words += (f"; the {topic.capitalize()} section also counts {len(elsewhere)} "
                  f"{'fact' if len(elsewhere) == 1 else 'facts'} filed under "
                  f"{_topic_list(topic_of.get(i, 'other') for i in elsewhere)}")
    return words


def _places(fact_lists) -> list[str]:
    """Return, per ';'-joined list of fact ids, the one English names of the regions they are about."""
    facts = load_facts()
    region = dict(zip(facts["fact_id"], facts["region"]))
    out = []
    for ids in fact_lists:
        keys = dict.fromkeys(region[i] for i in str(ids).split(";") if i in region)
        out.append(", ".join(region_name(k) for k in keys))
    return out


def anomalies(df: pd.DataFrame):
    """Return the anomalies table for readers, with the same columns in every report (Anomaly,
    Region, Kind, Explanation, Facts)."""
    here = df["facts_here"] if "facts_here" in df else df["facts"]
    elsewhere = [";".join(sorted(set(str(a).split(";")) - set(str(h).split(";")))) for a, h in zip(df["facts"], here)]
    # one column set in every report: the facts of other regions an anomaly also names are said in
    # its explanation, never in a column only some reports have
    df = df.assign(kind=[k.replace("_", " ") for k in df["kind"]], facts_here=here,
                   explanation=[separators(drop_chinese_asides(amounts.english_units(english_names(e))))
                                + (f" It also names facts of other regions: {o.replace(';', ', ')}." if o else "")
                                for e, o in zip(df["explanation"], elsewhere)],
                   places=_places(here))
    cols = [Col("anomaly_id", "Anomaly"), Col("places", "Region"), Col("kind", "Kind"),
            Col("explanation", "Explanation"), Col("facts_here", "Facts", "facts")]
    return table(df, cols, "Anomalies recorded in the source documents")
