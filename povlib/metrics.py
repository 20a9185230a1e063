"""Derived tables, computed from curated facts only (never typed in).

Rules: figures of different measures (plan, target, actual, cumulative) or different periods
are never summed; a derived figure is only computed from facts of the same source, region and
indicator, and every row names the fact_ids it was computed from.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .frames import load_facts
from .layout import Layout
from .units import format_decimal

YI = Decimal(10**8)


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
    for (sid, region), group in series.groupby(["source_id", "region"], sort=True):
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


def poverty_rate_declines(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return one row per source and region with a poverty-incidence start and end.

    Columns: source_id, region, start_year, start_rate, end_year, end_rate (percent),
    decline_pp, years, pp_per_year, relative_decline_pct, start_fact, end_fact, caveat. The
    earliest and latest `actual` incidence of the region in that source are used; a missing
    year leaves `years` and `pp_per_year` empty and is said in `caveat` (with the facts' notes,
    which carry scope such as "11 deep-poverty counties only").
    """
    rows = []
    for sid, region, a, b in _start_end_pairs(_series(_facts(facts, layout), "poverty_incidence")):
        start, end = _d(a["value_exact"]), _d(b["value_exact"])
        y0, y1 = _year_or_na(a), _year_or_na(b)
        years = y1 - y0 if pd.notna(y0) and pd.notna(y1) else pd.NA
        decline = start - end
        rows.append({"source_id": sid, "region": region, "start_year": y0, "start_rate": float(start),
                     "end_year": y1, "end_rate": float(end), "decline_pp": float(decline), "years": years,
                     "pp_per_year": _ratio(decline, Decimal(years)) if pd.notna(years) else float("nan"),
                     "relative_decline_pct": _ratio(decline * 100, start, "0.1"),
                     "start_fact": a["fact_id"], "end_fact": b["fact_id"], "caveat": _caveat(a, b)})
    df = pd.DataFrame(rows, columns=["source_id", "region", "start_year", "start_rate", "end_year",
                                     "end_rate", "decline_pp", "years", "pp_per_year",
                                     "relative_decline_pct", "start_fact", "end_fact", "caveat"])
    return df.astype({"start_year": "Int64", "end_year": "Int64", "years": "Int64"})


def headcount_reductions(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return headcount reductions: computed from poor_population start/end pairs, and stated
    `persons_lifted` facts, each row with its basis ('computed' or 'stated'), period and facts.

    Columns: source_id, region, basis, measure, start_year, end_year, persons, persons_per_year,
    facts, note.
    """
    facts = _facts(facts, layout)
    rows = []
    series = _series(facts, "poor_population")
    for sid, region, a, b in _start_end_pairs(series[series["year_end"].notna()]):
        years = int(b["year_end"]) - int(a["year_end"])
        reduction = _d(a["value_exact"]) - _d(b["value_exact"])
        rows.append({"source_id": sid, "region": region, "basis": "computed", "measure": "actual",
                     "start_year": int(a["year_end"]), "end_year": int(b["year_end"]),
                     "persons": float(reduction), "persons_per_year": _ratio(reduction, Decimal(years), "1"),
                     "facts": f"{a['fact_id']};{b['fact_id']}", "note": "poor population start minus end"})
    stated = facts[facts["indicator"] == "persons_lifted"]
    for _, f in stated.sort_values("fact_id").iterrows():
        ys, ye = f["year_start"], f["year_end"]
        span = (int(ye) - int(ys) + 1) if pd.notna(ys) and pd.notna(ye) else None
        rows.append({"source_id": f["source_id"], "region": f["region"], "basis": "stated",
                     "measure": f["measure"], "start_year": ys, "end_year": ye, "persons": f["value"],
                     "persons_per_year": _ratio(_d(f["value_exact"]), Decimal(span), "1") if span else float("nan"),
                     "facts": f["fact_id"], "note": f["note"]})
    df = pd.DataFrame(rows, columns=["source_id", "region", "basis", "measure", "start_year", "end_year",
                                     "persons", "persons_per_year", "facts", "note"])
    df[["start_year", "end_year"]] = df[["start_year", "end_year"]].astype("Int64")
    return df


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
    keys = ["source_id", "region", "measure", "period_start", "period_end"]
    for key, group in sel.groupby(["source_id", "region", "group_measure", "period_start", "period_end"], sort=True):
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
        rows.append(row)
    cols = keys + ["persons", "households", "sites", "persons_per_site", "persons_per_household",
                   "cross_area_persons", "cross_area_share_stated", "cross_area_share_computed",
                   "facts", "other_facts"]
    return pd.DataFrame(rows, columns=cols)


def funding(facts: pd.DataFrame | None = None, layout: Layout | None = None) -> pd.DataFrame:
    """Return every funding fact in 亿元 (yuan / 10^8), with region, fund_source, sector, measure
    and period; nothing is summed (plans, actuals and cumulative totals stay separate rows).

    Columns: source_id, region, fund_source, sector, measure, period_start, period_end,
    period_text, yi_yuan, value_exact_yi, raw, fact_id, note.
    """
    facts = _facts(facts, layout)
    sel = facts[facts["indicator"] == "funding"].sort_values(["region", "measure", "fact_id"])
    out = sel[["source_id", "region", "fund_source", "sector", "measure", "period_start", "period_end",
               "period_text", "raw", "fact_id", "note"]].copy()
    exact = [_d(v) / YI for v in sel["value_exact"]]
    out.insert(8, "yi_yuan", [float(v) for v in exact])
    out.insert(9, "value_exact_yi", [format_decimal(v) for v in exact])
    return out.reset_index(drop=True)
