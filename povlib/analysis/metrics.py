"""Derived tables, computed from curated facts only (never typed in).

The rules every table here follows:

- **Never mixed.** Figures of different measures (plan, target, actual, cumulative), periods or
  scopes are never summed; a derived figure is only computed from facts of the same source,
  region, indicator and scope (`scope` and, for `subset`, `scope_note`). Every row names the
  fact_ids it was computed from.
- **Counting years.** Stocks are at year end, so a change between the stocks of years A and B
  spans B − A years. A stated flow over the years A to B (2014—2018年, 2016年以来 … 2019) counts
  those years inclusively, B − A + 1 (2016年以来 to 2019 holds 2016's own exits: 4 years), and a
  flow within one year counts one year. A flow over A to B is therefore the change between the
  stocks at the end of A − 1 and the end of B, and is paired with those stocks. A stated
  reduction that the source computed as start stock − end stock (a curated `difference` check)
  is a difference of two stocks and counts B − A years, like the incidence pace of the same span.
  A stock counted before its year's exits (a review count; `span_unclear`) is not a year-end
  stock: a change from it gets no per-year figure, and a one-year row repeats no per-year figure.
- **One row per reduction.** A reduction both stated (a `persons_lifted` fact) and computable
  (two `poor_population` stocks) for the same source, region, scope and period is one row that
  carries both figures and whether they agree at the written precision (`agree`). No fact is used
  in two rows.
- **Provenance columns.** Every row of `poverty_rate_declines`, `headcount_reductions`,
  `relocation_scale` and `funding` carries `scope`, `scope_note`, `year_basis` (the weakest of its
  facts: stated > context > document_date), `start_basis` and `end_basis` (the same per end: a
  start year written in the text stays stated when only the end was inferred) and `anomalies` (the ids of every anomaly that names one
  of its facts, ';'-separated), and `flagged`: True when one of those anomalies is of kind
  `impossible_magnitude` or `contradiction`.
- **Rankings.** `ranking()` only ranks rows of one scope and one measure, and leaves flagged rows
  out unless asked for.
- **Funding.** Parts nest under their total (`part_of`, `level`) and are never shown as siblings
  of it; per-year amounts carry `per` and say so in `amount_label`.
- **Benchmarks.** Regions of a benchmark level (`country`: the national figures) are never rows of
  the regional tables; `national_poverty_rates` and `pace_against_national` use them.
- **Per-capita figures** (`relocation_per_poor`, `funding_per_poor`) are computed only where the
  numerator and the registered-poor base share region, scope and years; every other pair is a row
  that says what does not match.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..catalog.checks import interval
from ..catalog.frames import load_anomalies, load_checks, load_facts, load_regions, per_catalog
from ..catalog import loader as catalog_loader
from ..catalog.layout import Layout
from ..catalog.reference import ancestors
from ..catalog.units import format_decimal

YI = Decimal(10**8)
BASIS_ORDER = ("stated", "context", "document_date")
#: year bases that mean the year was inferred, not written in the sentence (drawn as "2017?")
INFERRED = ("context", "document_date")
FLAG_KINDS = ("impossible_magnitude", "contradiction")
PROVENANCE = ["scope", "scope_note", "year_basis", "start_basis", "end_basis", "anomalies", "flagged"]
#: region levels whose figures are benchmarks (never a row of the regional tables, never profiled)
BENCHMARK_LEVELS = ("country",)
SCOPE_KEYS = ["scope", "scope_note"]


def _facts(facts: pd.DataFrame | None, layout: Layout | None) -> pd.DataFrame:
    return load_facts(layout) if facts is None else facts


def _d(value_exact: str) -> Decimal:
    return Decimal(value_exact)


def _ratio(num: Decimal, den: Decimal, places: str = "0.001") -> float:
    """Return num/den rounded half-up to `places` (NaN when den is zero)."""
    return float((num / den).quantize(Decimal(places), rounding=ROUND_HALF_UP)) if den else float("nan")


def _series(facts: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Return the `actual` facts of one indicator (point-in-time values such as a rate in a year)."""
    sel = facts[(facts["indicator"] == indicator) & (facts["measure"] == "actual")]
    return sel.sort_values(["source_id", "region", "fact_id"])


def _start_end_pairs(series: pd.DataFrame):
    """Yield (source_id, region, start fact, end fact) for each group with at least two facts.

    Dated facts are ordered by year; when a fact has no year, the order of the text
    ("从A下降至B") decides and the caller reports the missing year.
    """
    for (sid, region, _, _), group in series.groupby(["source_id", "region", *SCOPE_KEYS], sort=True):
        if group["year_end"].notna().all():
            group = group.sort_values(["year_end", "raw_start"]).drop_duplicates("year_end")
        else:
            group = group.sort_values("raw_start")
        if len(group) >= 2:
            yield sid, region, group.iloc[0], group.iloc[-1]


def _caveat(a: pd.Series, b: pd.Series) -> str:
    notes = []
    if pd.isna(a["year_end"]) or pd.isna(b["year_end"]):
        notes.append("a year is not stated in the source, so no per-year rate")
    for f in (a, b):
        if f["note"] and f["note"] not in notes:
            notes.append(f["note"])
    return "; ".join(notes)


def _year_or_na(f: pd.Series):
    return int(f["year_end"]) if pd.notna(f["year_end"]) else pd.NA


@per_catalog   # asked for by every table row's scope and mark: built once per catalog
def anomaly_index(layout: Layout | None = None) -> dict[str, list[tuple[str, str]]]:
    """Return fact_id -> [(anomaly_id, kind)] for every anomaly that names the fact."""
    index: dict[str, list[tuple[str, str]]] = {}
    for a in load_anomalies(layout).itertuples():
        for fid in [f for f in str(a.facts).split(";") if f]:
            index.setdefault(fid, []).append((a.anomaly_id, a.kind))
    return index


def anomaly_caveats(layout: Layout | None = None) -> dict[str, str]:
    """Return anomaly_id -> its curated `caveat` (a short English clause a reader of any finding on
    the anomaly's facts must know), for the anomalies that have one; {} when none has one yet."""
    out = {}
    for a in catalog_loader.load(layout).anomalies:
        text = str(a.get("caveat") or "").strip()
        if text:
            out[a["anomaly_id"]] = text
    return out


def weakest_basis(bases) -> str:
    """Return the weakest year basis among `bases` (document_date < context < stated; '' if none)."""
    known = [b for b in bases if b in BASIS_ORDER]
    return max(known, key=BASIS_ORDER.index) if known else ""


#: the five-year plans a period phrase may name, with their first and last years
FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025)}
_SINCE = re.compile("以来|以來")


def end_bases(fact) -> tuple[str, str]:
    """Return (start basis, end basis) of one fact's period: the one rule every table, chart and
    sentence marks years by.

    Each end takes the fact's `year_basis`. When that basis is inferred, an end is `stated` if its
    year is written in the fact's own quote; for a span also if its period words name it
    ("2016年以来" states a flow's start; a five-year plan, “十三五”, states its first year, 2016, and
    its last, 2020, unless it says 以来). A level
    at one point in time is not dated by a span phrase around it: "2014年以來, 贫困发生率从25.71%…"
    leaves the year of 25.71% inferred (it may be end-2013). A fact without a period gives ('', '').
    """
    basis = fact["year_basis"] or ""
    # white space inside a date ("2017 年10 月", as some sources typeset it) does not hide the year
    words, quote = (re.sub(r"\s+", "", str(fact.get(k) or "")) for k in ("period_text", "quote"))
    start, end = str(fact.get("period_start") or "")[:4], str(fact.get("period_end") or "")[:4]
    span = bool(start) and start != end

    def one(year: str) -> str:
        if basis not in INFERRED or not year:
            return basis
        if f"{year}年" in quote or (span and f"{year}年" in words):
            return "stated"
        for plan, (first, last) in FIVE_YEAR_PLANS.items():   # “十二五”以来 states 2011; “十三五” 2016 and 2020
            if span and plan in words and (year == str(first) or (year == str(last) and not _SINCE.search(words))):
                return "stated"
        return basis

    return one(start), one(end)


def provenance(rows: list[pd.Series], anomalies: dict, ends: tuple[list, list] | None = None) -> dict:
    """Return scope, scope_note, year_basis, start_basis, end_basis, anomalies and flagged for a row
    built from `rows` (facts). `start_basis`/`end_basis` are the weakest basis of each end: of the
    facts in `ends` (start facts, end facts) when given, else of every fact's own start and end."""
    named = sorted({a for f in rows for a in anomalies.get(f["fact_id"], [])})
    if ends is None:
        pairs = [end_bases(f) for f in rows]
        start, end = weakest_basis(p[0] for p in pairs), weakest_basis(p[1] for p in pairs)
    else:
        start = weakest_basis(end_bases(f)[1] for f in ends[0])
        end = weakest_basis(end_bases(f)[1] for f in ends[1])
    return {"scope": rows[0]["scope"], "scope_note": rows[0]["scope_note"],
            "year_basis": weakest_basis(f["year_basis"] for f in rows), "start_basis": start, "end_basis": end,
            "anomalies": ";".join(a for a, _ in named), "flagged": any(k in FLAG_KINDS for _, k in named)}


def benchmark_regions(layout: Layout | None = None) -> set[str]:
    """Return the keys of regions whose figures are benchmarks (level in BENCHMARK_LEVELS, i.e. China)."""
    regions = load_regions(layout)
    return set(regions.loc[regions["level"].isin(BENCHMARK_LEVELS), "key"])


def regional(facts: pd.DataFrame, layout: Layout | None = None) -> pd.DataFrame:
    """Return the facts that are not about a benchmark region (what the regional tables are built from)."""
    return facts[~facts["region"].isin(benchmark_regions(layout))]


def ranking(df: pd.DataFrame, value: str, scope: str = "all", measure: str | None = None,
            include_flagged: bool = False) -> pd.DataFrame:
    """Return the rows of one scope (and one measure, if the table has one) ranked by `value`,
    largest first, without flagged rows unless `include_flagged`; a `rank` column is added."""
    sel = df[(df["scope"] == scope) & df[value].notna()]
    if "measure" in df and measure is not None:
        sel = sel[sel["measure"] == measure]
    if "measure" in sel and sel["measure"].nunique() > 1:
        raise ValueError(f"rows of several measures {sorted(sel['measure'].unique())}: give measure=")
    if not include_flagged:
        sel = sel[~sel["flagged"]]
    sel = sel.sort_values(value, ascending=False).reset_index(drop=True)
    return sel.assign(rank=range(1, len(sel) + 1))


def poverty_rate_declines(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return one row per source and region with a poverty-incidence start and end.

    Columns: source_id, region, start_year, start_rate, end_year, end_rate (percent),
    decline_pp, years, pp_per_year, pp_per_year_low, pp_per_year_high (the range `possible_spans`
    allows when a year is inferred; equal to pp_per_year when both are stated), relative_decline_pct,
    start_fact, end_fact, caveat, and the
    provenance columns (scope, scope_note, year_basis, start_basis, end_basis, anomalies, flagged):
    `start_basis` is the start fact's year basis, `end_basis` the end fact's. Benchmark regions
    (China) are left out. The earliest and latest
    `actual` incidence of one region and scope in that source are used; a missing year leaves
    `years` and `pp_per_year` empty and is said in `caveat` (with the facts' notes).
    """
    rows = []
    anomalies = anomaly_index(layout)
    for sid, region, a, b in _start_end_pairs(_series(regional(_facts(facts, layout), layout), "poverty_incidence")):
        start, end = _d(a["value_exact"]), _d(b["value_exact"])
        y0, y1 = _year_or_na(a), _year_or_na(b)
        years = y1 - y0 if pd.notna(y0) and pd.notna(y1) else pd.NA
        decline = start - end
        # a year inferred, not stated, may be a year earlier: the pace is a range (as every table and sentence)
        spans = possible_spans(y0, y1, end_bases(a)[0] in INFERRED, end_bases(b)[1] in INFERRED)
        rows.append({"source_id": sid, "region": region, "start_year": y0, "start_rate": float(start),
                     "end_year": y1, "end_rate": float(end), "decline_pp": float(decline), "years": years,
                     "pp_per_year": _ratio(decline, Decimal(years)) if pd.notna(years) else float("nan"),
                     "pp_per_year_low": _ratio(decline, Decimal(max(spans))) if spans else float("nan"),
                     "pp_per_year_high": _ratio(decline, Decimal(min(spans))) if spans else float("nan"),
                     "relative_decline_pct": _ratio(decline * 100, start, "0.1"),
                     "start_fact": a["fact_id"], "end_fact": b["fact_id"], "caveat": _caveat(a, b),
                     **provenance([a, b], anomalies, ([a], [b]))})
    df = pd.DataFrame(rows, columns=["source_id", "region", "start_year", "start_rate", "end_year",
                                     "end_rate", "decline_pp", "years", "pp_per_year", "pp_per_year_low",
                                     "pp_per_year_high", "relative_decline_pct", "start_fact", "end_fact", "caveat", *PROVENANCE])
    return df.astype({"start_year": "Int64", "end_year": "Int64", "years": "Int64"})


def possible_spans(start_year, end_year, start_inferred: bool = False, end_inferred: bool = False) -> list[int]:
    """Return the spans in years (end − start, sorted) a change between two year-end levels may
    cover: a year inferred, not stated in the source, may be the one read or the year before (a
    level reported without its year is often the previous year-end). One span when both years are
    stated; [] when a year is missing."""
    if start_year is None or end_year is None or pd.isna(start_year) or pd.isna(end_year):
        return []
    starts = {int(start_year)} | ({int(start_year) - 1} if start_inferred else set())
    ends = {int(end_year)} | ({int(end_year) - 1} if end_inferred else set())
    return sorted({e - s for s in starts for e in ends if e > s})


def pace_range(row, facts: pd.DataFrame | None = None, layout: Layout | None = None) -> tuple[float, float] | None:
    """Return (lowest, highest) pp a year that a `poverty_rate_declines` row allows
    (`possible_spans`, by the year marks of `end_bases`): equal when both years are stated, a
    range when one is inferred, None when a year is missing. A table or chart shows the range
    (or no single pace) where the two differ."""
    by_id = _facts(facts, layout).set_index("fact_id")
    inferred = [end_bases(by_id.loc[row[col]].to_dict() | {"fact_id": row[col]})[1] in INFERRED
                for col in ("start_fact", "end_fact")]
    spans = possible_spans(row["start_year"], row["end_year"], *inferred)
    if not spans:
        return None
    decline = Decimal(str(row["decline_pp"]))
    return _ratio(decline, Decimal(max(spans))), _ratio(decline, Decimal(min(spans)))


def _agree(computed: tuple[dict, dict], stated: pd.Series) -> bool:
    """True when start − end and the stated reduction overlap at the written precision."""
    (a_lo, a_hi), (b_lo, b_hi) = (interval(f) for f in computed)
    s_lo, s_hi = interval(stated)
    return bool(a_lo - b_hi <= s_hi and s_lo <= a_hi - b_lo)


def _years(start, end, flow: bool = False) -> int | None:
    """Return the divisor of a per-year rate (see the module rules): end − start years between two
    year-end stocks; end − start + 1 for a flow over the years start to end (both counted); at least 1."""
    if pd.isna(start) or pd.isna(end):
        return None
    return max(int(end) - int(start) + (1 if flow else 0), 1)


#: how `years` was counted, per row kind of `headcount_reductions`
COUNTING = {"computed": "difference of two stocks: end − start years",
            "stated": "flow over the years start to end, both counted: end − start + 1 years"}

#: words of a curated note that say a stock was not counted at the year's end (a review count
#: taken before that year's exits), so a change from it spans an unclear number of years' exits
SPAN_UNCLEAR = re.compile(r"before (?:that|the) year's exits|not (?:a |the )?year-end|locked during the review"
                          r"|not one year's", re.I)
#: anomaly kinds that, naming a stock, make the span of a change from it unclear
SPAN_UNCLEAR_KINDS = ("ambiguous",)


def span_unclear(fact, anomalies: dict | None = None) -> str:
    """Return why a stock (a `poor_population` fact) is not a year-end count, so that a change from
    it is no one-year (or per-year) change: the words of its note that say so (a count locked during
    a review, before that year's exits), or an `ambiguous` anomaly naming it when `anomalies`
    (fact_id -> [(anomaly_id, kind)]) is given; '' when it is a plain year-end stock."""
    note = str(fact.get("note") or "")
    if SPAN_UNCLEAR.search(note):
        year = fact.get("year_end")
        when = f"the {int(year)} figure" if year is not None and pd.notna(year) else "the start figure"
        # the note reads the count's timing from the text around it: a reading, so worded as likely
        return f"{when} was probably counted before that year's exits, so the change likely spans more than one year's exits"
    for aid, kind in (anomalies or {}).get(fact.get("fact_id"), []):
        if kind in SPAN_UNCLEAR_KINDS:
            return f"what the stock covers is ambiguous (anomaly {aid})"
    return ""


def stock_differences(facts: pd.DataFrame, layout: Layout | None = None) -> dict[str, tuple]:
    """Return stated flow fact_id -> (start stock, end stock) for every curated `difference` check
    whose result is a `persons_lifted` fact and whose two operands are `poor_population` facts: the
    source computed the flow as start − end, so it is a difference of two stocks (end − start years)."""
    checks = load_checks(layout)
    named = {c.result for c in checks.itertuples()} | {o for ops in checks["operands"] for o in str(ops).split(";")}
    by_id = {f["fact_id"]: f for f in facts[facts["fact_id"].isin(named)].to_dict("records")}  # only those checks name
    out = {}
    for c in checks.itertuples():
        ops = [o for o in str(c.operands).split(";") if o]
        if c.kind != "difference" or len(ops) != 2 or c.result not in by_id:
            continue
        if by_id[c.result]["indicator"] == "persons_lifted" and all(
                o in by_id and by_id[o]["indicator"] == "poor_population" for o in ops):
            out[c.result] = (pd.Series(by_id[ops[0]]), pd.Series(by_id[ops[1]]))
    return out


def differenced_starts(facts: pd.DataFrame, layout: Layout | None = None) -> set[str]:
    """Return the fact_ids of the start stocks of `stock_differences`: a level the source itself
    differenced into a stated flow (184.37萬 of "從184.37萬人下降到…58.83萬人", 累計減貧125.54萬人) is
    reported with that flow, never as the start of a second, computed change."""
    return {start["fact_id"] for start, _ in stock_differences(facts, layout).values()}


#: how a headcount row's note opens when its start is no year-end count (`span_unclear`)
NOT_ONE_YEAR = "not a one-year change and no per-year figure"
HEADCOUNT_COLUMNS = ["source_id", "region", "basis", "measure", "start_year", "end_year", "years", "counting",
                     "persons", "persons_computed", "persons_stated", "agree", "persons_per_year", "facts",
                     "note", *PROVENANCE]


def headcount_reductions(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return headcount reductions, one row per source, region, scope and period.

    A reduction computed from two `poor_population` stocks (start − end) and a stated
    `persons_lifted` flow over the same exits (the flow over years A to B and the stocks at the
    end of A − 1 and of B) for the same source, region and scope share one row (basis
    'stated+computed', with `agree`, and the flow's years); otherwise basis is 'computed' or
    'stated'. `persons` is the stated figure when there is one, else the computed one. `years`
    is end − start for stocks and end − start + 1 for a stated flow (both years counted), and
    `counting` says which. Benchmark regions are left out. Columns: HEADCOUNT_COLUMNS.
    """
    facts = regional(_facts(facts, layout), layout)
    anomalies = anomaly_index(layout)
    rows: dict[tuple, dict] = {}
    series = _series(facts, "poor_population")
    stated = facts[facts["indicator"] == "persons_lifted"].sort_values("fact_id")
    differences = stock_differences(facts, layout)
    # a start stock that the source itself differenced into a stated flow is shown in that flow's
    # row; the computed stock-to-stock change uses the other stocks (no fact starts two rows)
    series = series[~series["fact_id"].isin(differenced_starts(facts, layout))]
    for sid, region, a, b in _start_end_pairs(series[series["year_end"].notna()]):
        key = (sid, region, a["scope"], a["scope_note"], int(a["year_end"]), int(b["year_end"]))
        rows[key] = {"source_id": sid, "region": region, "basis": "computed", "measure": "actual",
                     "start_year": key[4], "end_year": key[5], "pair": (a, b),
                     "persons_computed": _d(a["value_exact"]) - _d(b["value_exact"]), "stated": None}
    for _, f in stated.iterrows():
        # a flow over the years A..B is the change between the stocks at the end of A − 1 and of B
        base = int(f["year_start"]) - 1 if pd.notna(f["year_start"]) else None
        key = (f["source_id"], f["region"], f["scope"], f["scope_note"], base, f["year_end"])
        row = rows.get(key) if base is not None else None
        if row is None or row["stated"] is not None:
            key = (*key, f["fact_id"])
            row = rows[key] = {"source_id": f["source_id"], "region": f["region"], "basis": "stated",
                               "measure": f["measure"], "pair": None, "persons_computed": None}
            pair = differences.get(f["fact_id"])
            if pair is not None:  # the source's own difference of two stocks: counted end − start years
                row.update(basis="stated+computed", pair=pair, stock_difference=True,
                           persons_computed=_d(pair[0]["value_exact"]) - _d(pair[1]["value_exact"]))
        else:
            row["basis"] = "stated+computed"
        row.update(start_year=f["year_start"], end_year=f["year_end"])
        row["stated"] = f
    out = [_headcount_row(row, anomalies) for row in rows.values()]
    df = pd.DataFrame(out, columns=HEADCOUNT_COLUMNS)
    df[["start_year", "end_year", "years"]] = df[["start_year", "end_year", "years"]].astype("Int64")
    return df.sort_values(["source_id", "region", "start_year", "facts"], ignore_index=True)


def _headcount_row(row: dict, anomalies: dict) -> dict:
    pair, stated = row.pop("pair"), row.pop("stated")
    difference = row.pop("stock_difference", False)
    used = [*(pair or []), *([stated] if stated is not None else [])]
    computed = row.pop("persons_computed")
    persons = _d(stated["value_exact"]) if stated is not None else computed
    kind = "computed" if stated is None or difference else "stated"
    years = _years(row["start_year"], row["end_year"], flow=kind == "stated")
    notes = ["poor population start minus end"] if pair else []
    notes += [f"{f['fact_id']}: {f['note']}" for f in (pair or []) if f["note"]]  # the stocks' own caveats
    notes += [stated["note"]] if stated is not None and stated["note"] else []
    unclear = next((why for why in (span_unclear(f, anomalies) for f in (pair or [])) if why), "")
    per_year = _ratio(persons, Decimal(years), "1") if years else float("nan")
    if unclear:
        per_year = float("nan")
        notes.insert(0, f"{NOT_ONE_YEAR}: {unclear}")
    elif years == 1:
        per_year = float("nan")  # one year: the reduction itself, not repeated as a rate
    return {**row, "years": years, "persons": float(persons),
            "persons_computed": float(computed) if computed is not None else float("nan"),
            "persons_stated": float(stated["value"]) if stated is not None else float("nan"),
            "agree": _agree(pair, stated) if pair and stated is not None else pd.NA,
            "persons_per_year": per_year,
            "facts": ";".join(f["fact_id"] for f in used), "note": "; ".join(notes),
            "counting": COUNTING[kind],
            **provenance(used, anomalies, None if stated is not None else ([pair[0]], [pair[1]])),
            # whom a stated reduction counts is the stated fact's scope (its stocks may be registered-poor counts)
            **({"scope": stated["scope"], "scope_note": stated["scope_note"]} if stated is not None else {})}


RELOCATION = {"relocated_persons": "persons", "relocated_households": "households",
              "relocation_sites": "sites", "relocated_persons_cross_area": "cross_area_persons",
              "relocation_cross_area_share": "cross_area_share_stated"}


#: the indicator that counts people, households, sites..., in the order a row takes its scope from
PEOPLE_FIRST = ["relocated_persons", "relocated_households", "relocated_persons_cross_area", "relocation_sites",
                "relocation_cross_area_share"]


def _relocation_groups(sel: pd.DataFrame) -> pd.DataFrame:
    """Give each relocation fact the row it belongs to (columns g_region, g_measure, g_start,
    g_end, g_scope, g_scope_note).

    - a stated share goes with the counts of the same period it is a share of;
    - facts of one clause (same quote) about one source, region, measure and period are one row:
      the households and people of one whole-village relocation, the sites and the people they
      took in; the row takes the scope of the fact that counts people (sites count no population);
    - a cross-area count that is part of a relocated-persons total (`part_of`) joins its total's
      row, so the cross-area share can be computed; its own scope note goes to the row's note.
    """
    sel = sel.assign(g_region=sel["region"], g_measure=sel["measure"], g_start=sel["period_start"],
                     g_end=sel["period_end"], g_scope=sel["scope"], g_scope_note=sel["scope_note"])
    for i, f in sel[sel["measure"] == "share"].iterrows():
        same = sel[(sel["source_id"] == f["source_id"]) & (sel["region"] == f["region"])
                   & (sel["period_start"] == f["period_start"]) & (sel["period_end"] == f["period_end"])
                   & (sel["measure"] != "share")]
        if len(same):
            sel.loc[i, "g_measure"] = same.iloc[0]["measure"]
    order = {k: n for n, k in enumerate(PEOPLE_FIRST)}
    clause = ["source_id", "region", "g_measure", "period_start", "period_end", "quote", "quote_start"]
    for _, group in sel.groupby(clause, sort=False):
        lead = group.loc[group["indicator"].map(order).idxmin()]
        people = group[group["indicator"] != "relocation_sites"]
        if people["scope"].nunique() <= 1:  # the people facts agree on whom they count
            sel.loc[group.index, ["g_scope", "g_scope_note"]] = [lead["scope"], lead["scope_note"]]
    totals = sel[sel["indicator"] == "relocated_persons"]
    for i, f in sel[(sel["indicator"] == "relocated_persons_cross_area") & (sel["part_of"] != "")].iterrows():
        total = totals[totals["fact_id"] == f["part_of"]]
        if len(total):
            sel.loc[i, ["g_region", "g_measure", "g_start", "g_end", "g_scope", "g_scope_note"]] = \
                sel.loc[total.index[0], ["g_region", "g_measure", "g_start", "g_end", "g_scope", "g_scope_note"]].tolist()
    return sel


def relocation_scale(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return relocation scale per source, region, measure, period and scope.

    Columns: source_id, region, measure, period_start, period_end, scope, scope_note, the other
    provenance columns, persons, households, sites, persons_per_site, persons_per_household,
    cross_area_persons, cross_area_share_stated, cross_area_share_computed (percent), facts,
    other_facts, note. Rows are grouped as `_relocation_groups` says (one clause is one row; a
    cross-area part joins its total). Every cross-area count stays in `cross_area_persons`.
    Ratios are only computed between facts of one row, and people per site only when the text
    states the people and the sites in one clause (other people may have been resettled outside
    the sites, e.g. scattered resettlement); `note` says why a ratio is missing and what a
    cross-area count covers. Where a row holds several facts of one indicator the first curated
    one is used and the rest are listed in `other_facts`.
    """
    facts = regional(_facts(facts, layout), layout)
    sel = _relocation_groups(facts[facts["indicator"].isin(RELOCATION)].sort_values("fact_id").copy())
    rows = []
    anomalies = anomaly_index(layout)
    keys = ["source_id", "region", "measure", "period_start", "period_end", *SCOPE_KEYS]
    for key, group in sel.groupby(["source_id", "g_region", "g_measure", "g_start", "g_end", "g_scope",
                                   "g_scope_note"], sort=True):
        row = dict(zip(keys, key))
        used, others = {}, []
        for _, f in group.iterrows():
            (others.append(f["fact_id"]) if f["indicator"] in used else used.setdefault(f["indicator"], f))
        exact = {RELOCATION[k]: _d(f["value_exact"]) for k, f in used.items()}
        row.update({col: float(exact[col]) if col in exact else float("nan") for col in RELOCATION.values()})
        persons = exact.get("persons")
        notes = []
        one_clause = ("sites" in exact and persons is not None
                      and used["relocation_sites"]["quote_start"] == used["relocated_persons"]["quote_start"])
        # a ratio only where numerator and base share their scope: registered poor people over all
        # sites would understate the people per site
        same_scope = one_clause and used["relocation_sites"]["scope"] == used["relocated_persons"]["scope"]
        row["persons_per_site"] = _ratio(persons, exact["sites"], "0.1") if same_scope else float("nan")
        if one_clause and not same_scope:
            notes.append(f"no people per site: the people counted are {used['relocated_persons']['scope'].replace('_', ' ')}"
                         f" people only, the sites are all sites")
        elif same_scope and row["scope"] != "all":
            notes.append(f"people per site counts {row['scope_note'] or row['scope'].replace('_', ' ')} people only")
        if "sites" in exact and persons is not None and not one_clause:
            notes.append("no people per site: the text does not state the people and the sites in one clause, "
                         "so the people may include resettlement outside these sites (e.g. scattered)")
        row["persons_per_household"] = (_ratio(persons, exact["households"]) if persons and "households" in exact
                                        else float("nan"))
        cross = exact.get("cross_area_persons")
        row["cross_area_share_computed"] = _ratio(cross * 100, persons, "0.1") if cross and persons else float("nan")
        if "relocated_persons_cross_area" in used:
            c = used["relocated_persons_cross_area"]
            if c["scope_note"] and c["scope_note"] != row["scope_note"]:
                notes.append(f"cross-area count: {c['scope_note']}")
            if persons is None:
                notes.append("no cross-area share: the text states no total of relocated people for this row")
        row["facts"] = ";".join(f["fact_id"] for f in used.values())
        row["other_facts"] = ";".join(others)
        row["note"] = "; ".join(notes)
        records = list(group.to_dict("records"))
        row.update({k: v for k, v in provenance(records, anomalies).items() if k not in SCOPE_KEYS})
        rows.append(row)
    cols = keys + ["year_basis", "start_basis", "end_basis", "anomalies", "flagged", "persons", "households", "sites",
                   "persons_per_site", "persons_per_household", "cross_area_persons", "cross_area_share_stated",
                   "cross_area_share_computed", "facts", "other_facts", "note"]
    return pd.DataFrame(rows, columns=cols)


def funding(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return every funding fact in 亿元 (yuan / 10^8), parts right under their total.

    Nothing is summed: plans, actuals and cumulative totals stay separate rows. `level` is 0 for
    an amount that is not part of another, 1 for a part of one (the total's fact_id in
    `part_of`); `per` says when an amount is counted per year (or per person, household...) and
    `amount_label` says it in words. Columns: source_id, region, fund_source, sector, measure,
    period_start, period_end, period_text, per, yi_yuan, value_exact_yi, amount_label, raw,
    fact_id, part_of, level, item, note, and the provenance columns.
    """
    facts = regional(_facts(facts, layout), layout)
    anomalies = anomaly_index(layout)
    sel = facts[facts["indicator"] == "funding"].sort_values(["region", "measure", "fact_id"])
    by_id = {f["fact_id"]: f for f in sel.to_dict("records")}
    ordered = []
    for f in by_id.values():
        if f["part_of"] not in by_id:
            ordered += [f, *_parts_of(f["fact_id"], by_id)]
    rows = []
    for f in ordered:
        yi = _d(f["value_exact"]) / YI
        rows.append({**{k: f[k] for k in ("source_id", "region", "fund_source", "sector", "measure", "period_start",
                                          "period_end", "period_text", "per")},
                     "yi_yuan": float(yi), "value_exact_yi": format_decimal(yi),
                     "amount_label": f"{format_decimal(yi)} 亿元" + (f" per {f['per']}" if f["per"] else ""),
                     "raw": f["raw"], "fact_id": f["fact_id"], "part_of": f["part_of"] if f["part_of"] in by_id else "",
                     "level": _depth(f, by_id), "item": f["item"], "note": f["note"],
                     **provenance([f], anomalies)})
    return pd.DataFrame(rows, columns=FUNDING_COLUMNS)


FUNDING_COLUMNS = ["source_id", "region", "fund_source", "sector", "measure", "period_start", "period_end",
                   "period_text", "per", "yi_yuan", "value_exact_yi", "amount_label", "raw", "fact_id", "part_of",
                   "level", "item", "note", *PROVENANCE]


def _parts_of(total: str, by_id: dict) -> list[dict]:
    out = []
    for f in by_id.values():
        if f["part_of"] == total:
            out += [f, *_parts_of(f["fact_id"], by_id)]
    return out


def _depth(f: dict, by_id: dict) -> int:
    depth = 0
    while f["part_of"] in by_id:
        depth, f = depth + 1, by_id[f["part_of"]]
    return depth


# --- national benchmark ---------------------------------------------------------------------------

NATIONAL_COLUMNS = ["year", "rate_pct", "poor_persons", "fact_id", "poor_fact_id", "source_id", "year_basis", "note"]


def national_poverty_rates(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return the national rural poverty incidence by year, from the curated benchmark facts.

    One row per year with an `actual` `poverty_incidence` fact of a benchmark region (China,
    whole country): year (int), rate_pct (float), poor_persons (the `rural_poor_population`
    survey estimate of the same year and source, NaN when none is stated), fact_id (the rate's
    fact), poor_fact_id, source_id, year_basis and note (the rate fact's caveat). When two
    sources state a year, the first source id wins. Columns: NATIONAL_COLUMNS.
    """
    facts = _facts(facts, layout)
    national = facts[facts["region"].isin(benchmark_regions(layout)) & (facts["scope"] == "all")
                     & (facts["measure"] == "actual") & facts["year_end"].notna()]
    rates = national[national["indicator"] == "poverty_incidence"].sort_values(["year_end", "source_id", "fact_id"])
    stocks = national[national["indicator"] == "rural_poor_population"]
    rows = []
    for _, f in rates.drop_duplicates("year_end").iterrows():
        stock = stocks[(stocks["year_end"] == f["year_end"]) & (stocks["source_id"] == f["source_id"])]
        rows.append({"year": int(f["year_end"]), "rate_pct": float(f["value"]),
                     "poor_persons": float(stock.iloc[0]["value"]) if len(stock) else float("nan"),
                     "fact_id": f["fact_id"], "poor_fact_id": stock.iloc[0]["fact_id"] if len(stock) else "",
                     "source_id": f["source_id"], "year_basis": f["year_basis"], "note": f["note"]})
    df = pd.DataFrame(rows, columns=NATIONAL_COLUMNS)
    return df.astype({"year": "int64", "rate_pct": "float64", "poor_persons": "float64"})


#: what every comparison with the national rate must say
NATIONAL_CAVEAT = ("the national rate is the NBS rural poverty monitoring survey's estimate under the national "
                   "rural poverty line; the regional rate is the source's own figure (usually from the 建档立卡 "
                   "register), so the two are not measured the same way")

PACE_COLUMNS = ["source_id", "region", "start_year", "end_year", "years", "start_rate", "end_rate", "pp_per_year",
                "national_start_rate", "national_end_rate", "national_pp_per_year", "difference_pp_per_year",
                "ratio_to_national", "comparable", "start_fact", "end_fact", "national_facts", "caveat",
                *PROVENANCE]


def _in_regions(df: pd.DataFrame, regions, layout: Layout | None) -> pd.DataFrame:
    """Return the rows whose region is one of `regions` or lies below one (None or 'all': every row)."""
    if regions is None or regions == "all":
        return df
    if isinstance(regions, str):
        regions = [r.strip() for r in regions.split(",") if r.strip()]
    table = {r["key"]: r for r in load_regions(layout).to_dict("records")}
    unknown = [r for r in regions if r not in table]
    if unknown:
        raise ValueError(f"unknown region {unknown[0]!r}: give region keys of povlib/data/regions/, or 'all'")
    keep = {k for k in table if k in regions or set(regions) & set(ancestors(table, k))}
    return df[df["region"].isin(keep)]


def pace_against_national(regions=None, facts: pd.DataFrame | None = None,
                          layout: Layout | None = None) -> pd.DataFrame:
    """Return each region's poverty-rate decline set against the national decline over the SAME years.

    One row per `poverty_rate_declines` row of `regions` (keys; the places below them count too;
    None or 'all' for every region). The national pace is computed from the national rates of the
    row's own start and end years (`national_poverty_rates`): national_pp_per_year, the
    difference (region − national, pp per year) and the ratio (region / national). When the
    national rate of either year is not curated, or a regional year is not stated, `comparable`
    is False, the national columns stay empty and `caveat` says which year is missing. `caveat`
    always carries the regional row's caveat and the national one (NATIONAL_CAVEAT);
    `start_basis`/`end_basis` are the regional ends' year bases. Columns: PACE_COLUMNS.
    """
    facts = _facts(facts, layout)
    declines = _in_regions(poverty_rate_declines(facts, layout), regions, layout)
    national = national_poverty_rates(facts, layout).set_index("year")
    rows = []
    for _, r in declines.iterrows():
        row = {k: r[k] for k in ("source_id", "region", "start_year", "end_year", "years", "start_rate", "end_rate",
                                 "pp_per_year", "start_fact", "end_fact", *PROVENANCE)}
        row.update(national_start_rate=float("nan"), national_end_rate=float("nan"),
                   national_pp_per_year=float("nan"), difference_pp_per_year=float("nan"),
                   ratio_to_national=float("nan"), comparable=False, national_facts="")
        notes = [r["caveat"]] if r["caveat"] else []
        years = [y for y in (r["start_year"], r["end_year"])]
        missing = [str(int(y)) for y in years if pd.notna(y) and int(y) not in national.index]
        if any(pd.isna(y) for y in years) or not pd.notna(r["years"]) or int(r["years"]) == 0:
            notes.append("no national comparison: a regional year is not stated")
        elif missing:
            have = ", ".join(str(y) for y in national.index) or "none"
            notes.append(f"no national comparison: no curated national rate for {' and '.join(missing)} "
                         f"(national rates are curated for {have})")
        else:
            a, b = national.loc[int(r["start_year"])], national.loc[int(r["end_year"])]
            nat = (_d(str(a["rate_pct"])) - _d(str(b["rate_pct"]))) / Decimal(int(r["years"]))
            nat_pp = float(nat.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))
            row.update(national_start_rate=a["rate_pct"], national_end_rate=b["rate_pct"], national_pp_per_year=nat_pp,
                       difference_pp_per_year=float((_d(str(r["pp_per_year"])) - nat).quantize(
                           Decimal("0.001"), rounding=ROUND_HALF_UP)),
                       ratio_to_national=_ratio(_d(str(r["pp_per_year"])), nat, "0.01"),
                       comparable=True, national_facts=f"{a['fact_id']};{b['fact_id']}")
            notes += [n for n in (a["note"], b["note"]) if n]
        notes.append(NATIONAL_CAVEAT)
        row["caveat"] = "; ".join(dict.fromkeys(notes))
        rows.append(row)
    return pd.DataFrame(rows, columns=PACE_COLUMNS).astype({"start_year": "Int64", "end_year": "Int64",
                                                             "years": "Int64"})


# --- per-capita comparisons ------------------------------------------------------------------------

PER_POOR_COLUMNS = ["source_id", "region", "measure", "period_start", "period_end", "numerator", "numerator_facts",
                    "base_persons", "base_year", "base_fact", "value", "computed", "mismatch", "caveat",
                    "anomalies", "flagged"]


def _registered_poor_bases(facts: pd.DataFrame) -> pd.DataFrame:
    """Return the registered-poor population stocks (`poor_population`, measure actual, dated)."""
    return facts[(facts["indicator"] == "poor_population") & (facts["measure"] == "actual")
                 & facts["year_end"].notna()].sort_values(["region", "year_end", "fact_id"])


def _per_poor_row(num: dict, bases: pd.DataFrame, anomalies: dict, need_scope: str) -> dict:
    """Match one numerator (region, scope, start year) with a registered-poor base; say why not when none fits.

    A base fits when it is about the same region, counts the same people (the numerator's scope
    is `need_scope`) and is the stock at the end of the year before the numerator's period starts
    (the population the flow or spending was drawn from).
    """
    row = {**num, "base_persons": float("nan"), "base_year": pd.NA, "base_fact": "", "value": float("nan"),
           "computed": False, "mismatch": ""}
    start = str(num["period_start"] or "")[:4]
    mine = bases[bases["region"] == num["region"]]
    if mine.empty:
        row["mismatch"] = "no registered poor population is stated for this region"
    elif num["scope"] != need_scope:
        row["mismatch"] = (f"the figure covers scope '{num['scope_note'] or num['scope']}', the base the registered "
                           f"poor of the whole region")
    elif not start:
        row["mismatch"] = "the figure's start year is not stated"
    else:
        fit = mine[(mine["year_end"] == int(start) - 1) & (mine["scope"] == "registered_poor") & (mine["scope_note"] == "")]
        if fit.empty:
            have = ", ".join(f"{int(y)} ({i})" for y, i in zip(mine["year_end"], mine["fact_id"]))
            row["mismatch"] = (f"no registered poor population at the end of {int(start) - 1} (the year before the "
                               f"figure starts); stated for: {have}")
        else:
            b = fit.iloc[0]
            row.update(base_persons=float(b["value"]), base_year=int(b["year_end"]), base_fact=b["fact_id"],
                       computed=True)
            named = sorted({a for a in anomalies.get(b["fact_id"], [])})
            row["anomalies"] = ";".join(sorted(set(filter(None, row["anomalies"].split(";")))
                                               | {a for a, _ in named}))
            row["flagged"] = row["flagged"] or any(k in FLAG_KINDS for _, k in named)
            if b["note"]:
                row["caveat"] = "; ".join(filter(None, [row["caveat"], f"{b['fact_id']}: {b['note']}"]))
    return row


def relocation_per_poor(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return relocation as a percent of the registered poor population, where a base fits.

    One row per `relocation_scale` row with people relocated. `value` (percent) is computed only
    when the relocated people are registered poor people (scope `registered_poor`) of the same
    region and the base is that region's registered poor population at the end of the year before
    the relocation period starts; otherwise `computed` is False and `mismatch` says what does not
    match. `caveat` carries the row's and the base's notes. Columns: PER_POOR_COLUMNS.
    """
    facts = regional(_facts(facts, layout), layout)
    anomalies = anomaly_index(layout)
    bases = _registered_poor_bases(facts)
    rows = []
    for _, r in relocation_scale(facts, layout).iterrows():
        if pd.isna(r["persons"]):
            continue
        num = {k: r[k] for k in ("source_id", "region", "measure", "period_start", "period_end", "anomalies",
                                 "flagged")}
        num.update(numerator=r["persons"], numerator_facts=r["facts"], caveat=r["note"],
                   scope=r["scope"], scope_note=r["scope_note"])
        row = _per_poor_row(num, bases, anomalies, "registered_poor")
        if row["computed"]:
            row["value"] = _ratio(_d(str(r["persons"])) * 100, _d(str(row["base_persons"])), "0.1")
        rows.append({k: row[k] for k in PER_POOR_COLUMNS})
    return pd.DataFrame(rows, columns=PER_POOR_COLUMNS).astype({"base_year": "Int64"})


def funding_per_poor(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return funding in yuan per registered poor person, where a base fits.

    One row per funding amount that is not part of another (`funding` level 0). `value` (yuan per
    person) is computed only for a lump sum (no `per`) spent on the whole region (scope all) when
    that region's registered poor population at the end of the year before the funding period
    starts is stated; otherwise `computed` is False and `mismatch` says what does not match (a
    per-year amount, a part of the region, no start year, no base of that year). The money goes
    to the whole region, not only to registered poor people: `caveat` says so. Columns:
    PER_POOR_COLUMNS.
    """
    facts = regional(_facts(facts, layout), layout)
    anomalies = anomaly_index(layout)
    bases = _registered_poor_bases(facts)
    rows = []
    for _, r in funding(facts, layout).iterrows():
        if r["level"] != 0:
            continue
        num = {k: r[k] for k in ("source_id", "region", "measure", "period_start", "period_end", "anomalies",
                                 "flagged")}
        num.update(numerator=float(_d(facts.set_index("fact_id").loc[r["fact_id"], "value_exact"])),
                   numerator_facts=r["fact_id"], caveat=r["note"], scope=r["scope"], scope_note=r["scope_note"])
        if r["per"]:
            row = {**num, "base_persons": float("nan"), "base_year": pd.NA, "base_fact": "", "value": float("nan"),
                   "computed": False, "mismatch": f"the amount is counted per {r['per']}, not a lump sum"}
        else:
            row = _per_poor_row({**num, "scope": "registered_poor" if r["scope"] == "all" else r["scope"]},
                                bases, anomalies, "registered_poor")
        if row["computed"]:
            row["value"] = _ratio(_d(str(row["numerator"])), _d(str(row["base_persons"])), "1")
            row["caveat"] = "; ".join(filter(None, [row["caveat"], "spent on the whole region, divided by its "
                                                                  "registered poor people only"]))
        rows.append({k: row[k] for k in PER_POOR_COLUMNS})
    return pd.DataFrame(rows, columns=PER_POOR_COLUMNS).astype({"base_year": "Int64"})
