"""Derived tables, computed from curated facts only (never typed in).

The rules every table here follows:

- **Never mixed.** Figures of different measures (plan, target, actual, cumulative), periods or
  scopes are never summed; a derived figure is only computed from facts of the same source,
  region, indicator and scope (`scope` and, for `subset`, `scope_note`). Every row names the
  fact_ids it was computed from.
- **Counting years.** Stocks are at year end, so a change between the stocks of years A and B
  spans B − A years. A stated flow over "A–B" (2014—2018年, 2016年以来 … 2019) is counted the same
  way, B − A years (from the end of A, the base year of the registers, to the end of B), and a
  flow within one year counts one year. The same divisor is used wherever a per-year rate appears
  (`years` column), so a stated and a computed reduction over the same period share it.
- **One row per reduction.** A reduction both stated (a `persons_lifted` fact) and computable
  (two `poor_population` stocks) for the same source, region, scope and period is one row that
  carries both figures and whether they agree at the written precision (`agree`). No fact is used
  in two rows.
- **Provenance columns.** Every row of `poverty_rate_declines`, `headcount_reductions`,
  `relocation_scale` and `funding` carries `scope`, `scope_note`, `year_basis` (the weakest of its
  facts: stated > context > document_date) and `anomalies` (the ids of every anomaly that names one
  of its facts, ';'-separated), and `flagged`: True when one of those anomalies is of kind
  `impossible_magnitude` or `contradiction`.
- **Rankings.** `ranking()` only ranks rows of one scope and one measure, and leaves flagged rows
  out unless asked for.
- **Funding.** Parts nest under their total (`part_of`, `level`) and are never shown as siblings
  of it; per-year amounts carry `per` and say so in `amount_label`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..catalog.checks import interval
from ..catalog.frames import load_anomalies, load_facts
from ..catalog.layout import Layout
from ..catalog.units import format_decimal

YI = Decimal(10**8)
BASIS_ORDER = ("stated", "context", "document_date")
#: year bases that mean the year was inferred, not written in the sentence (drawn as "2017?")
INFERRED = ("context", "document_date")
FLAG_KINDS = ("impossible_magnitude", "contradiction")
PROVENANCE = ["scope", "scope_note", "year_basis", "anomalies", "flagged"]
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


def anomaly_index(layout: Layout | None = None) -> dict[str, list[tuple[str, str]]]:
    """Return fact_id -> [(anomaly_id, kind)] for every anomaly that names the fact."""
    index: dict[str, list[tuple[str, str]]] = {}
    for a in load_anomalies(layout).itertuples():
        for fid in [f for f in str(a.facts).split(";") if f]:
            index.setdefault(fid, []).append((a.anomaly_id, a.kind))
    return index


def weakest_basis(bases) -> str:
    """Return the weakest year basis among `bases` (document_date < context < stated; '' if none)."""
    known = [b for b in bases if b in BASIS_ORDER]
    return max(known, key=BASIS_ORDER.index) if known else ""


def provenance(rows: list[pd.Series], anomalies: dict) -> dict:
    """Return scope, scope_note, year_basis, anomalies and flagged for a row built from `rows` (facts)."""
    named = sorted({a for f in rows for a in anomalies.get(f["fact_id"], [])})
    return {"scope": rows[0]["scope"], "scope_note": rows[0]["scope_note"],
            "year_basis": weakest_basis(f["year_basis"] for f in rows),
            "anomalies": ";".join(a for a, _ in named), "flagged": any(k in FLAG_KINDS for _, k in named)}


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
    decline_pp, years, pp_per_year, relative_decline_pct, start_fact, end_fact, caveat, and the
    provenance columns (scope, scope_note, year_basis, anomalies, flagged). The earliest and latest
    `actual` incidence of one region and scope in that source are used; a missing year leaves
    `years` and `pp_per_year` empty and is said in `caveat` (with the facts' notes).
    """
    rows = []
    anomalies = anomaly_index(layout)
    for sid, region, a, b in _start_end_pairs(_series(_facts(facts, layout), "poverty_incidence")):
        start, end = _d(a["value_exact"]), _d(b["value_exact"])
        y0, y1 = _year_or_na(a), _year_or_na(b)
        years = y1 - y0 if pd.notna(y0) and pd.notna(y1) else pd.NA
        decline = start - end
        rows.append({"source_id": sid, "region": region, "start_year": y0, "start_rate": float(start),
                     "end_year": y1, "end_rate": float(end), "decline_pp": float(decline), "years": years,
                     "pp_per_year": _ratio(decline, Decimal(years)) if pd.notna(years) else float("nan"),
                     "relative_decline_pct": _ratio(decline * 100, start, "0.1"),
                     "start_fact": a["fact_id"], "end_fact": b["fact_id"], "caveat": _caveat(a, b),
                     **provenance([a, b], anomalies)})
    df = pd.DataFrame(rows, columns=["source_id", "region", "start_year", "start_rate", "end_year",
                                     "end_rate", "decline_pp", "years", "pp_per_year",
                                     "relative_decline_pct", "start_fact", "end_fact", "caveat", *PROVENANCE])
    return df.astype({"start_year": "Int64", "end_year": "Int64", "years": "Int64"})


def _agree(computed: tuple[dict, dict], stated: pd.Series) -> bool:
    """True when start − end and the stated reduction overlap at the written precision."""
    (a_lo, a_hi), (b_lo, b_hi) = (interval(f) for f in computed)
    s_lo, s_hi = interval(stated)
    return bool(a_lo - b_hi <= s_hi and s_lo <= a_hi - b_lo)


def _years(start, end) -> int | None:
    """Return the divisor of a per-year rate: end − start years, at least 1 (see the module rules)."""
    if pd.isna(start) or pd.isna(end):
        return None
    return max(int(end) - int(start), 1)


HEADCOUNT_COLUMNS = ["source_id", "region", "basis", "measure", "start_year", "end_year", "years",
                     "persons", "persons_computed", "persons_stated", "agree", "persons_per_year", "facts",
                     "note", *PROVENANCE]


def headcount_reductions(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return headcount reductions, one row per source, region, scope and period.

    A reduction computed from two `poor_population` stocks (start − end) and a stated
    `persons_lifted` fact for the same source, region, scope and period share one row
    (basis 'stated+computed', with `agree`); otherwise basis is 'computed' or 'stated'.
    `persons` is the stated figure when there is one, else the computed one; `years` is
    end − start (see the module rules). Columns: HEADCOUNT_COLUMNS.
    """
    facts = _facts(facts, layout)
    anomalies = anomaly_index(layout)
    rows: dict[tuple, dict] = {}
    series = _series(facts, "poor_population")
    for sid, region, a, b in _start_end_pairs(series[series["year_end"].notna()]):
        key = (sid, region, a["scope"], a["scope_note"], int(a["year_end"]), int(b["year_end"]))
        rows[key] = {"source_id": sid, "region": region, "basis": "computed", "measure": "actual",
                     "start_year": key[4], "end_year": key[5], "pair": (a, b),
                     "persons_computed": _d(a["value_exact"]) - _d(b["value_exact"]), "stated": None}
    stated = facts[facts["indicator"] == "persons_lifted"].sort_values("fact_id")
    for _, f in stated.iterrows():
        key = (f["source_id"], f["region"], f["scope"], f["scope_note"], f["year_start"], f["year_end"])
        row = rows.get(key) if pd.notna(f["year_start"]) else None
        if row is None or row["stated"] is not None:
            key = (*key, f["fact_id"])
            row = rows[key] = {"source_id": f["source_id"], "region": f["region"], "basis": "stated",
                               "measure": f["measure"], "start_year": f["year_start"], "end_year": f["year_end"],
                               "pair": None, "persons_computed": None}
        else:
            row["basis"] = "stated+computed"
        row["stated"] = f
    out = [_headcount_row(row, anomalies) for row in rows.values()]
    df = pd.DataFrame(out, columns=HEADCOUNT_COLUMNS)
    df[["start_year", "end_year", "years"]] = df[["start_year", "end_year", "years"]].astype("Int64")
    return df.sort_values(["source_id", "region", "start_year", "facts"], ignore_index=True)


def _headcount_row(row: dict, anomalies: dict) -> dict:
    pair, stated = row.pop("pair"), row.pop("stated")
    used = [*(pair or []), *([stated] if stated is not None else [])]
    computed = row.pop("persons_computed")
    persons = _d(stated["value_exact"]) if stated is not None else computed
    years = _years(row["start_year"], row["end_year"])
    notes = ["poor population start minus end"] if pair else []
    notes += [f"{f['fact_id']}: {f['note']}" for f in (pair or []) if f["note"]]  # the stocks' own caveats
    notes += [stated["note"]] if stated is not None and stated["note"] else []
    return {**row, "years": years, "persons": float(persons),
            "persons_computed": float(computed) if computed is not None else float("nan"),
            "persons_stated": float(stated["value"]) if stated is not None else float("nan"),
            "agree": _agree(pair, stated) if pair and stated is not None else pd.NA,
            "persons_per_year": _ratio(persons, Decimal(years), "1") if years else float("nan"),
            "facts": ";".join(f["fact_id"] for f in used), "note": "; ".join(notes),
            **provenance(used, anomalies)}


RELOCATION = {"relocated_persons": "persons", "relocated_households": "households",
              "relocation_sites": "sites", "relocated_persons_cross_area": "cross_area_persons",
              "relocation_cross_area_share": "cross_area_share_stated"}


def relocation_scale(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return relocation scale per source, region, measure and period.

    Columns: source_id, region, measure, period_start, period_end, persons, households, sites,
    persons_per_site, persons_per_household, cross_area_persons, cross_area_share_stated,
    cross_area_share_computed (percent), facts, other_facts. Ratios are only computed between
    facts of the same group; where a group holds several facts of one indicator (different
    scopes) the first curated one is used and the rest are listed in `other_facts`.
    """
    facts = _facts(facts, layout)
    sel = facts[facts["indicator"].isin(RELOCATION)].sort_values("fact_id").copy()
    # a stated share (measure 'share') belongs with the counts of the same period it is a share of
    sel["group_measure"] = sel["measure"]
    for i, f in sel[sel["measure"] == "share"].iterrows():
        same = sel[(sel["source_id"] == f["source_id"]) & (sel["region"] == f["region"])
                   & (sel["period_start"] == f["period_start"]) & (sel["period_end"] == f["period_end"])
                   & (sel["measure"] != "share")]
        if len(same):
            sel.loc[i, "group_measure"] = same.iloc[0]["measure"]
    rows = []
    anomalies = anomaly_index(layout)
    keys = ["source_id", "region", "measure", "period_start", "period_end", *SCOPE_KEYS]
    for key, group in sel.groupby(["source_id", "region", "group_measure", "period_start", "period_end",
                                   *SCOPE_KEYS], sort=True):
        row = dict(zip(keys, key))
        used, others = {}, []
        for _, f in group.iterrows():
            (others.append(f["fact_id"]) if f["indicator"] in used else used.setdefault(f["indicator"], f))
        exact = {RELOCATION[k]: _d(f["value_exact"]) for k, f in used.items()}
        row.update({col: float(exact[col]) if col in exact else float("nan") for col in RELOCATION.values()})
        persons = exact.get("persons")
        row["persons_per_site"] = _ratio(persons, exact["sites"], "0.1") if persons and "sites" in exact else float("nan")
        row["persons_per_household"] = (_ratio(persons, exact["households"]) if persons and "households" in exact
                                        else float("nan"))
        cross = exact.get("cross_area_persons")
        row["cross_area_share_computed"] = _ratio(cross * 100, persons, "0.1") if cross and persons else float("nan")
        row["facts"] = ";".join(f["fact_id"] for f in used.values())
        row["other_facts"] = ";".join(others)
        row.update({k: v for k, v in provenance(list(group.to_dict("records")), anomalies).items()
                    if k not in SCOPE_KEYS})
        rows.append(row)
    cols = keys + ["year_basis", "anomalies", "flagged", "persons", "households", "sites", "persons_per_site", "persons_per_household",
                   "cross_area_persons", "cross_area_share_stated", "cross_area_share_computed",
                   "facts", "other_facts"]
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
    facts = _facts(facts, layout)
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
