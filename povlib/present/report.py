"""Helpers the notebooks call: parameter checks, the tables each report shows, HTML rendering.

Notebooks stay thin: a parameters cell, then calls into this module and `povlib.plots`.
Every table a report shows carries the fact_id of each number; `sources_table` lists the
quotes behind them. Source text is HTML-escaped wherever it is rendered.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from ..analysis import metrics
from ..exceptions import UnknownKeyError
from ..catalog.frames import load_anomalies, load_facts, load_indicators, load_regions, load_sources, per_catalog
from ..catalog.reference import ancestors
from ..catalog.scripts import fold
from ..catalog.layout import resolve
from ..catalog.tables import read_yaml
from .amounts import shown_en
from .pubtable import lang_spans, quantity_en, zh  # noqa: F401 - text helpers reports and charts call from here

PROFILE_LEVELS = ("province", "prefecture")


@per_catalog
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


#: administrative words a province's or prefecture's English name drops ('Garze Tibetan Autonomous
#: Prefecture' → 'Garze'); below prefectures the curated name is kept whole ('Shiqu (Sershul) County')
_AREA_WORDS = re.compile(r"\s+(?:(?:[A-Z][a-z]+ )*(?:and [A-Z][a-z]+ )?Autonomous (?:Prefecture|Region)|City|Province"
                         r"|Prefecture)$")


def region_name(key: str) -> str:
    """Return the one English name of a region, used by every report, chart, index and search:
    the curated `name_en`, without the administrative words and the alternative name in brackets
    for a province or prefecture ('Garze', 'Qamdo', 'Sichuan'; below them the whole name, 'Shiqu
    (Sershul) County'); raise UnknownKeyError for an unknown key."""
    names = _region_names()
    if key not in names:
        raise UnknownKeyError(f"unknown region {key!r}; add it to povlib/data/regions/ or use one of: "
                              f"{', '.join(sorted(names))}")
    return names[key]


@per_catalog
def _region_names() -> dict[str, str]:
    out = {}
    for r in load_regions().itertuples():
        name = str(r.name_en or r.key.replace("-", " ").title())
        if r.level in ("country", "province", "prefecture"):
            name = re.sub(r"\s*\([^)]*\)", "", _AREA_WORDS.sub("", name))  # 'Qamdo (Changdu) City' → 'Qamdo'
        out[r.key] = name
    return out


@per_catalog
def name_variants() -> dict[str, str]:
    """Return other English spellings readers meet for a region → its one name (`region_name`):
    the pinyin of its key where it differs ('Ganzi' → 'Garze', 'Changdu' → 'Qamdo'), and the full
    curated name of a province or prefecture ('Qamdo (Changdu) City' → 'Qamdo')."""
    out = {}
    names = _region_names()
    for r in load_regions().itertuples():
        name = names[r.key]
        for other in (r.key.replace("-", " ").title(), str(r.name_en or "")):
            if other and other != name and other not in name:
                out[other] = name
    return out


def english_names(text: str) -> str:
    """Return English prose (a curator's note, a scope) with every other spelling of a region
    (`name_variants`) replaced by the region's one name: 'Ganzi's annual task' → 'Garze's annual task'."""
    for other, name in sorted(name_variants().items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"(?<![\w'-]){re.escape(other)}(?![\w-])", name, str(text))
    return text


def region_labels() -> dict[str, str]:
    """Return region key → label 'Tongren 铜仁市' (the English `region_name` and the Chinese name)
    for charts and tables."""
    names = _region_names()
    return {r.key: f"{names[r.key]} {r.name_zh}" for r in load_regions().itertuples()}


@per_catalog  # asked for by every trajectory, table and claim of a report
def descendants(region: str) -> list[str]:
    """Return the region and every region below it."""
    table = {r["key"]: r for r in load_regions().to_dict("records")}
    return [k for k in table if k == region or region in ancestors(table, k)]


@per_catalog  # asked for by every trajectory of a report; each caller gets its own copy
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
            "counties_exited", "counties_poverty_eliminated", "relocated_persons", "relocated_households", "relocation_sites"]


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


_PLANS = {"十一五": (2006, 2010, "11th"), "十二五": (2011, 2015, "12th"), "十三五": (2016, 2020, "13th"),
          "十四五": (2021, 2025, "14th")}
_RANGE = re.compile(r"(\d{4})\s*年?\s*(?:年底|年末)?\s*[-–—~至到]\s*(\d{4})\s*年?")
_YEAR = re.compile(r"(\d{4})\s*年?(\s*\d{1,2}\s*月)?")


def _years(start, end, inferred: bool) -> str:
    label = period_label(start, end)
    return label + ("?" if inferred and label != "period not stated" else "")


def period_en(start, end, text, inferred: bool = False) -> str:
    """Return a period in English from the curated years and the source's own words, never raw
    Chinese: 每年 → 'per year', 2016年以来 → 'from 2016 to 2019', “十三五”时期 → '2016–2020 (13th
    Five-Year Plan)', 今年上半年 → 'first half of 2020', 2018-2020年 → '2018–2020'.

    Words with no rule of their own fall back to the years (`period_label`); `inferred` marks the
    years that come from the curated period rather than from the words with '?'.
    """
    t = fold(re.sub(r"[“”\"「」『』\s]", "", str(text or "")))
    if not t or (isinstance(text, float) and text != text):
        return _years(start, end, inferred)
    years = _years(start, end, inferred)
    e = "" if pd.isna(end) or not str(end) else str(end)[:4] + ("?" if inferred else "")
    since = "以来" in t or "以來" in t or "来" in t[-1:]
    until = f" to {e}" if e else ""  # 'from 2016 to 2019?': no brackets inside a figure's brackets
    for word, (first, last, nth) in _PLANS.items():
        if word in t:
            plan = f"{nth} Five-Year Plan"
            return (f"from {first} ({plan}){until}" if until else f"since {first} ({plan})") if since \
                else f"{first}–{last} ({plan})"
    if t.startswith("每") and t.endswith("年"):
        return "per year"
    if "上半年" in t or "下半年" in t:
        found = _YEAR.search(t)
        year = found.group(1) if found else e or years
        return f"{'first' if '上半年' in t else 'second'} half of {year}"
    found = _RANGE.search(t)
    if found:
        return f"{found.group(1)}–{found.group(2)}"
    found = _YEAR.search(t)
    recent = re.search(r"近(\d*)年", t)
    if recent:
        span = f"the last {recent.group(1)} years" if recent.group(1) else "in recent years"
        return f"{span}, {years}" if years != "period not stated" else span
    if "春节" in t and found:
        return f"before the {found.group(1)} Spring Festival"
    if since:
        if found:
            return (f"from {found.group(1)}{until}" if until and e[:4] != found.group(1)
                    else f"since {found.group(1)}")
        if "今年" in t:
            year = e or years
            return f"since the start of {year}" if year != "period not stated" else "this year so far"
        return f"since an unstated year{until}"
    if found and ("底" in t or "末" in t):
        return f"end of {found.group(1)}"
    if found and "仅" in t:
        return f"{found.group(1)} alone"
    if found and "到" in t:
        return f"by {found.group(1)}"
    if found:
        return found.group(1)
    if any(w in t for w in ("目前", "当前", "至今", "截至")):
        return f"as of {e}" if e else "to date"  # no nested brackets inside a figure's (measure, period)
    if "累计" in t:  # a measure word, not a period: the measure column already says "cumulative"
        return years
    ahead = re.search(r"(?:未来|今后)(\d+)年", t)
    if ahead:
        return f"the next {ahead.group(1)} years, {years}"
    return years


def trajectory(region: str, indicator: str, scope: tuple[str, str] = ("all", ""),
               measure: str = "actual") -> pd.DataFrame:
    """Return the dated values of one indicator and measure for the region itself and one scope
    (scope, scope_note), one per year, with year_basis and anomalies for the chart's marks. Only
    values of a single year (or a point in time) count: a figure for several years is not a point
    of a series of yearly figures."""
    facts = region_facts(region)
    single = facts["year_start"].isna() | (facts["year_start"] == facts["year_end"])
    sel = facts[(facts["region"] == region) & (facts["indicator"] == indicator)
                & (facts["measure"] == measure) & facts["year_end"].notna() & single
                & (facts["scope"] == scope[0]) & (facts["scope_note"] == scope[1])]
    named = metrics.anomaly_index()
    sel = sel.assign(anomalies=[";".join(a for a, _ in named.get(f, [])) for f in sel["fact_id"]],
                     year_basis=[metrics.end_bases(f)[1] for _, f in sel.iterrows()])  # the tables' rule
    return sel.sort_values(["year_end", "fact_id"]).drop_duplicates("year_end")[
        ["year_end", "value", "unit", "raw", "fact_id", "year_basis", "anomalies"]].reset_index(drop=True)


#: the indicators drawn as a series of yearly values in a profile, with the measures a series may
#: have: levels are actual; yearly exits may also be a series of yearly targets (a plan by year)
TRAJECTORY = {"poverty_incidence": ("Poverty incidence (%)", ("actual",)),
              "poor_population": ("Registered poor population (persons)", ("actual",)),
              "persons_lifted": ("People lifted out of poverty (persons)", ("actual", "target")),
              "villages_exited": ("Poor villages exited (villages)", ("actual", "target"))}


def _span_unclear(facts: pd.DataFrame, table: pd.DataFrame) -> bool:
    """True when a point of `table` is a stock that is no year-end count (`metrics.span_unclear`)."""
    named = metrics.anomaly_index()
    rows = facts.set_index("fact_id")
    return any(metrics.span_unclear({**rows.loc[i].to_dict(), "fact_id": i}, named) for i in table["fact_id"])


def trajectories(region: str) -> list[tuple[str, pd.DataFrame]]:
    """Return (chart title, table) for each trajectory indicator, measure and scope the region has
    two or more yearly values for; the title names a target series ('Target: …') and the scope when
    it is not the whole region."""
    facts = region_facts(region)
    out = []
    for indicator, (label, measures) in TRAJECTORY.items():
        mine = facts[(facts["region"] == region) & (facts["indicator"] == indicator)]
        for measure in measures:
            for scope in sorted({(s, n) for s, n in zip(mine["scope"], mine["scope_note"])}):
                table = trajectory(region, indicator, scope, measure)
                if indicator == "poor_population" and _span_unclear(facts, table):
                    continue  # a stock counted before its year's exits: a line would read as a yearly change
                if len(table) >= 2:
                    words = "" if scope[0] == "all" else f" — {scope[1] or scope[0].replace('_', ' ')} only"
                    lead = "" if measure == "actual" else f"{measure.capitalize()}: "
                    out.append((lead + label + words, table))
    return out


def series_heading(series: list[tuple[str, pd.DataFrame]]) -> str:
    """Return the heading of a profile's series section for `trajectories(region)`: 'Poverty over
    time', 'Yearly targets' when every series is a target or plan (a schedule of goals, not a
    trend), or 'Poverty over time and yearly targets' when both kinds are there."""
    kinds = {"goal" if title.split(":", 1)[0] in ("Target", "Plan") else "level" for title, _ in series}
    return {frozenset({"goal"}): "Yearly targets",
            frozenset({"goal", "level"}): "Poverty over time and yearly targets"}.get(frozenset(kinds), "Poverty over time")


def unseries(region: str) -> list[str]:
    """Return, for each trajectory indicator (`TRAJECTORY`) the region states but `trajectories`
    cannot chart, one clause saying what the source states and why there is no line ('poverty
    incidence 24.74% (year not stated) and 1.16% (2019?), only one has a stated year, and a line
    needs two (see anomaly X)'). Empty when every stated series is charted or none is stated."""
    facts = region_facts(region)
    charted = {f for _, table in trajectories(region) for f in table["fact_id"]}
    named = metrics.anomaly_index()
    out = []
    for indicator, (label, measures) in TRAJECTORY.items():
        mine = facts[(facts["region"] == region) & (facts["indicator"] == indicator)
                     & facts["measure"].isin(measures)].sort_values(["year_end", "fact_id"], na_position="first")
        if mine.empty or set(mine["fact_id"]) & charted:
            continue
        what, _, unit_word = label.rstrip(")").partition(" (")
        shown = []
        for _, r in mine.iterrows():
            unit = unit_word if r["unit"] == "count" else r["unit"]  # a count takes the indicator's noun
            when = "year not stated" if pd.isna(r["year_end"]) else _period_marked(r.to_dict())
            shown.append(f"{shown_en(r['value'], unit, r['qualifier'] or None, r['per'] or None, max_decimals=2)}"
                         f" ({when})")
        anomalies = list(dict.fromkeys(a for f in mine["fact_id"] for a, _ in named.get(f, [])))
        see = f" (see anomaly {', '.join(anomalies)})" if anomalies else ""
        figures = " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)
        dated = int(mine["year_end"].notna().sum())
        if len(mine) == 1:
            why = "one figure only"
        elif dated < 2:
            why = f"{'only one has' if dated else 'none has'} a stated year, and a line needs two"
        else:
            why = "not a yearly series of one measure and scope"
        out.append(f"{what.lower()} {figures}, {why}{see}")
    return out


def series_note(region: str):
    """Return the note of a profile's "Poverty over time" section without a chart: what the source
    states and why it is not charted (`unseries`, a `chart-none` line the page keeps under the
    section's name), or, when the source states no such figure, the `povlib-empty` note the page
    names once as not reported (`pages.frame`)."""
    from IPython.display import HTML
    stated = unseries(region)
    if not stated:
        profiled = set(profile_regions())
        parts = [region_name(d) for d in descendants(region) if d != region and d in profiled
                 and (trajectories(d) or unseries(d))]   # a province whose prefectures state it
        if parts:
            words = ("No chart of poverty over time for the region as a whole: the source states such figures "
                     f"only for its parts ({', '.join(parts)}; see their profiles).")
            return HTML(f"<p class='chart-none'>{lang_spans(words)}</p>")
        return note("The sources give no series of two or more dated values for this region.")
    return HTML(f"<p class='chart-none'>{lang_spans('No chart of poverty over time: the source states ' + '; '.join(stated) + '.')}</p>")


def with_national(facts: pd.DataFrame, series: list[tuple[str, pd.DataFrame]], cited=()) -> pd.DataFrame:
    """Return `facts` with the national poverty-incidence facts added when one of the `series`
    (from `trajectories`) is poverty incidence, whose chart draws the national rate, and with any
    benchmark-region fact the key findings cite (`cited`, e.g. `fact_ids(key)`: the national benchmark
    line): every figure a reader sees is then in the report's Sources, with its quote."""
    rates = [table for _, table in series if table["unit"].eq("percent").any()]
    years = [int(y) for table in rates for y in table["year_end"].dropna()]
    nat = metrics.national_poverty_rates()
    # only the national points a chart draws: those in the years of the region's rate series
    ids = set(nat.loc[(nat["year"] >= min(years)) & (nat["year"] <= max(years)), "fact_id"]) if years else set()
    drawn = bool(rates)
    national = load_facts()
    benchmark = set(national.loc[national["region"].isin(metrics.benchmark_regions()), "fact_id"])
    wanted = ((ids if drawn else set()) | (benchmark & set(cited))) - set(facts["fact_id"])
    if not wanted:
        return facts
    ind = load_indicators().set_index("key")
    national = national[national["fact_id"].isin(wanted)].copy()
    national["indicator_label"] = [ind.loc[i, "label_en"] for i in national["indicator"]]
    return pd.concat([facts, national], ignore_index=True)


def note(text: str):
    """Return a short HTML paragraph (escaped) saying that a section has no data (class
    `povlib-empty`: the page drops such a section and names it once, see `pages.frame`)."""
    from IPython.display import HTML
    return HTML(f"<p class='povlib-empty'><em>{lang_spans(text)}</em></p>")


def by_topic(region: str) -> pd.DataFrame:
    """Return every fact of the region (and places below it), ordered by topic, with its quote."""
    facts = region_facts(region).sort_values(["topic", "fact_id"])
    facts["period"] = [period_label(s, e) for s, e in zip(facts["period_start"], facts["period_end"])]
    return facts[["topic", "region", "indicator_label", "measure", "period", "raw", "value", "unit",
                  "fact_id", "quote"]].rename(columns={"indicator_label": "indicator"}).reset_index(drop=True)


def anomalies_of(region: str) -> pd.DataFrame:
    """Return the anomalies that name a fact of the region (or of a place below it); `facts_here`
    lists the named facts that are the region's (the ones its report shows)."""
    ids = set(region_facts(region)["fact_id"])
    df = load_anomalies()
    keep = [bool(ids & set(str(f).split(";"))) for f in df["facts"]]
    df = df[keep].assign(facts_here=[";".join(i for i in str(f).split(";") if i in ids) for f in df[keep]["facts"]])
    return df[["anomaly_id", "kind", "quote", "explanation", "facts", "facts_here"]].reset_index(drop=True)


def anomalies_named(*frames) -> pd.DataFrame:
    """Return the anomalies a comparison report's table rows name (the ones their '†' notes cite):
    a row's `anomalies` cell when the table has one, else every anomaly naming the row's `fact_id`;
    same columns as `anomalies_of`, `facts_here` listing the named facts the report shows, in
    anomaly-id order."""
    named: set[str] = set()
    index = metrics.anomaly_index()
    for df in frames:
        if "anomalies" in df:
            named.update(a.strip() for cell in df["anomalies"].dropna()
                         for a in str(cell).replace(",", ";").split(";") if a.strip())
        elif "fact_id" in df:
            named.update(a for f in df["fact_id"].dropna() for a, _ in index.get(str(f), []))
    shown = set(fact_ids(*frames))
    df = load_anomalies()
    df = df[df["anomaly_id"].isin(named)].sort_values("anomaly_id")
    df = df.assign(facts_here=[";".join(i for i in str(f).split(";") if i in shown) for f in df["facts"]])
    return df[["anomaly_id", "kind", "quote", "explanation", "facts", "facts_here"]].reset_index(drop=True)


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
    return in_regions(_metric_table(name), regions)


@per_catalog
def _metric_table(name: str) -> pd.DataFrame:
    # a report asks for the same whole table several times (charts, tables, claims): built once
    return getattr(metrics, name)()


def fact_ids(*frames) -> list[str]:
    """Return the sorted fact ids named in the fact-id columns of the given tables, and those the
    given key findings link to (a `findings.Findings`: its findings', messages' and contested
    figures' `facts`, e.g. the national rates a gap with the national pace rests on)."""
    ids: set[str] = set()
    for df in frames:
        if not isinstance(df, pd.DataFrame):
            ids.update(i for item in [*df, *getattr(df, "messages", []), *getattr(df, "contested", [])]
                       for i in item.facts)
            continue
        for col in ("fact_id", "facts", "start_fact", "end_fact", "other_facts"):
            if col in df:
                ids.update(i for cell in df[col].dropna() for i in str(cell).split(";") if i)
    return sorted(ids)


def sources_table(ids: list[str]) -> pd.DataFrame:
    """Return one row per fact id: the document, the offset and the verbatim quote."""
    facts = load_facts().set_index("fact_id").loc[ids]
    src = {r["source_id"]: r for r in load_sources().to_dict("records")}
    return pd.DataFrame({"fact_id": ids, "document": [f"{s} — {source_label(src[s])}" for s in facts["source_id"]],
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
        return HTML(f"<p class='povlib-empty'><em>{lang_spans(caption + ': ' if caption else '')}no facts of this "
                    f"kind in the source documents.</em></p>")
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
    sub = f"<p>{lang_spans(subtitle)}</p>" if subtitle else ""
    return HTML(f"<h1>{lang_spans(text)}</h1>{sub}")


def heading(text: str, anchor: str = ""):
    """Return an HTML section heading (h2, escaped) with an optional id for links."""
    from IPython.display import HTML
    ident = f" id='{html.escape(anchor)}'" if anchor else ""
    return HTML(f"<h2 class='section'{ident}>{lang_spans(text)}</h2>")


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


#: how the date of a document was found, in words
DATE_BASIS_WORDS = {"stated": "date stated in the document", "inferred": "date inferred from the text"}
#: manifest fields a Sources entry reads beyond the loader's columns, when a curator recorded them
DOCUMENT_FIELDS = ("author", "publisher", "host", "url", "retrieved")
_ADDRESS = re.compile(r"https?://[^\s\"'<>)\]，。；]+")


def document_record(source: dict) -> dict:
    """Return what a reader needs to find one source document again, from its manifest: the row of
    `load_sources` (`source`) plus `author`, `publisher`, `host`, `url` and `retrieved` when the
    manifest records them. An address the manifest only mentions in its description or date
    evidence ('copied from the republication at http://…') is the `url`, and its domain the `host`,
    when no field says otherwise. A missing field is an empty string."""
    record = {k: ("" if source.get(k) is None else str(source.get(k))) for k in source}
    path = resolve(None).seeds / f"{record.get('source_id', '')}.yaml"
    manifest = read_yaml(path) if path.is_file() else {}
    for key in DOCUMENT_FIELDS:
        value = manifest.get(key)
        record[key] = "" if value is None else str(value).strip()
    if not record["url"]:
        found = _ADDRESS.search(" ".join(record.get(k, "") for k in ("description", "date_evidence")))
        record["url"] = found.group(0).rstrip(".,;") if found else ""
    if not record["host"] and record["url"]:
        record["host"] = re.sub(r"^www\.", "", record["url"].split("/")[2].split(":")[0])
    return record


def document_citation(source: dict) -> str:
    """Return the HTML Sources entry of one document (a `load_sources` row as a dict): English title
    and Chinese title (or "no Chinese title"); author or publisher, else the host that carries the
    text, else "publisher not stated"; date with how it was found; the address as a link (or "no
    address known") and the retrieval date (or "retrieval date not recorded"). Nothing is left blank."""
    r = document_record(source)
    script = r.get("script") or None
    english = source_title(r)
    # a described untitled document: "[Description]" in the usual bibliographic form, not italic
    title = lang_spans(english, script) if english.startswith("[") else f"<i>{lang_spans(english, script)}</i>"
    zh_title = f"Chinese title: {lang_spans(r['title'], script)}" if r.get("title") else "no Chinese title"
    outlet = (lang_spans(r.get("outlet_en") or r.get("outlet"), script)
              + (f" ({lang_spans(r['outlet'], script)})" if r.get("outlet") and r.get("outlet_en") else "")
              if (r.get("outlet") or r.get("outlet_en")) else "")
    # an author field may already say how ("compiled by the paper's reporters …")
    by = [lang_spans(r["author"], script) if re.match(r"(?i)(?:\w+\s)?by\b", r["author"])
          else f"by {lang_spans(r['author'], script)}"] if r["author"] else []
    by += [f"published by {lang_spans(r['publisher'], script)}"] if r["publisher"] else \
        [f"published by {outlet}"] if outlet else []
    if r["host"]:
        by.append(f"text hosted by {html.escape(r['host'])}")
    who = "; ".join(by) if by else "publisher not stated"
    who = who[:1].upper() + who[1:]
    basis = DATE_BASIS_WORDS.get(r.get("date_basis", ""), r.get("date_basis") or "date basis not recorded")
    address = (f'<a href="{html.escape(r["url"], quote=True)}">{html.escape(r["url"])}</a>' if r["url"]
               else "no address known")
    retrieved = f"retrieved {html.escape(r['retrieved'])}" if r["retrieved"] else "retrieval date not recorded"
    seed = (f" Text used: seed file seeds/{html.escape(r['file'])} in the povlib repository"
            + (f" (SHA-256 {html.escape(r['sha256'][:16])}…)" if r.get("sha256") else "") + "."
            if r.get("file") else "")
    return (f"{title} ({zh_title}). {who}; {html.escape(r.get('date') or 'date not stated')} ({basis}). "
            f"Address: {address}; {retrieved}.{seed}")


#: how a manifest's `host` says the site only carries a copy of the text
REPUBLISHED = re.compile(r"(?i)republish|aggregat|repost|copy")


def source_limits(sources: list[dict]) -> str:
    """Return one sentence on what a reader cannot check about the cited documents (`load_sources`
    rows as dicts), counted from their records (`document_record`): how many have no known address,
    how many are cited through a site whose manifest `host` says it republished or aggregated the
    text (a copy, not the original release; named), and how many have no retrieval date; '' when
    none of these holds."""
    records = [document_record(s) for s in sources]
    n = len(records)
    lost = sum(not r["url"] for r in records)
    # the manifests describe a host's role in words ("(a republishing site)", "(an aggregator site …)")
    copies = [r.get("source_id", "") for r in records if REPUBLISHED.search(r["host"])]
    undated = sum(not r["retrieved"] for r in records)
    parts = [f"{lost} {'has' if lost == 1 else 'have'} no known address (the text is a copy whose original "
             "publication was not located)" if lost else "",
             f"{len(copies)} {'is' if len(copies) == 1 else 'are'} cited through a site that republished the text, "
             f"not the original publisher's release ({', '.join(c for c in copies if c)})" if copies else "",
             ("no retrieval date was recorded for " + ("any of them" if undated == n and n > 1 else
                                                      "it" if n == 1 else f"{undated} of them"))
             if undated else ""]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    lead = f"Limits of these sources: of the {n} documents, " if n > 1 else "Limits of this source: it "
    if n == 1:
        parts = [p.split(" ", 1)[1] if p[0].isdigit() else p for p in parts]
    kept = "The seed file is the text as used" if n == 1 else "The seed files are the texts as used"
    return lead + "; ".join(parts) + f". {kept}, kept byte for byte."


#: how a curated English title marks a document without a title of its own ("(untitled) <description>")
UNTITLED = "(untitled)"


def source_title(source: dict) -> str:
    """Return a document's English title (a `load_sources` row as a dict): its English title, or for
    a document without a title of its own its description in square brackets ("[Work report of
    …]", the usual bibliographic form), or "[untitled document]" when nothing is curated."""
    english = str(source.get("title_en") or "").strip()
    if english.startswith(UNTITLED):
        return f"[{english[len(UNTITLED):].strip() or 'untitled document'}]"
    return english or str(source.get("title") or "").strip() or "[untitled document]"


def source_label(source: dict) -> str:
    """Return a document's one-line label (plain text): `source_title` plus its Chinese title in
    parentheses where the document has one, e.g. "Put in 'embroidery' effort … (下足“绣花”功夫 …)"."""
    english, chinese = source_title(source), str(source.get("title") or "").strip()
    return f"{english} ({chinese})" if chinese and chinese != english else english
