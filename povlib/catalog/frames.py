"""The public loaders: each returns a pandas DataFrame built from the validated catalog.

Every loader takes an optional `layout` (tests point it at fixture folders); by default it reads
this checkout's `seeds/` and `povlib/data/`. Loading validates everything and raises one
DataError/SeedError naming the file, the row, the problem and the fix.
"""

from __future__ import annotations

import functools
from collections import Counter

import pandas as pd

from . import loader as catalog
from .layout import Layout
from .units import unit_label

FACT_COLUMNS = ["fact_id", "source_id", "region", "topic", "indicator", "period_start", "period_end",
                "period_text", "year_start", "year_end", "measure", "value", "value_exact", "unit",
                "qualifier", "unit_stated", "precision", "raw", "quote", "quote_start", "raw_start",
                "note", "fund_source", "sector", "scope", "scope_note", "item", "part_of", "per", "year_basis",
                "file", "line"]


_MEMO: dict[tuple, tuple] = {}


def per_catalog(fn):
    """Return `fn` memoized per validated catalog: its frame (or dict) is built once while the
    catalog is current, and each caller gets its own copy (`_own_copy`; a tuple, immutable, is shared).

    The loader returns the very same Catalog object while no input file changes, so a frame built
    from it stays right for as long as that object is current; a report asks for the same tables
    hundreds of times (region names in every label), and rebuilding them dominated its run time.
    """
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        layout = kwargs.get("layout", args[0] if args and isinstance(args[0], Layout) else None)
        cat = catalog.load(layout)
        key = (fn.__module__, fn.__qualname__, args, tuple(sorted(kwargs.items())))
        hit = _MEMO.get(key)
        if hit is None or hit[0] is not cat:
            for stale in [k for k, (c, _) in _MEMO.items() if c is not cat]:
                del _MEMO[stale]
            hit = _MEMO[key] = (cat, fn(*args, **kwargs))
        return _own_copy(hit[1])
    return wrapper


#: pandas >= 3 always copies on write: a shallow copy of a frame is then the caller's own (changing
#: it copies the changed data first), so the memo is not copied cell by cell on every call
_COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3


def _own_copy(value):
    """Return a copy of a memoized value that its caller may change without changing the memo: a
    frame or series copied shallowly under copy-on-write (deeply on older pandas), a dict or list
    shallowly, a tuple (immutable) as it is."""
    if isinstance(value, tuple):
        return value
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=not _COPY_ON_WRITE)
    return value.copy()


def _year(period: str):
    return int(period[:4]) if period else pd.NA


def draft_sources(cat: catalog.Catalog) -> set[str]:
    """Return the ids of the sources whose manifest is still marked `status: draft`: nothing of
    theirs (facts, exclusions, anomalies, checks, coverage, their own region and indicator rows)
    reaches a loader's default result, so a report stays as it was until the mark is removed."""
    return {sid for sid, src in cat.sources.items() if src.status == "draft"}


def _curated(row: dict, drafts: set[str]) -> bool:
    """True for a row neither marked draft itself nor belonging to a draft source."""
    return row.get("status") != "draft" and row.get("source_id") not in drafts


def _own_table_of(row: dict, drafts: set[str]) -> bool:
    """True for a region or indicator row defined in a draft source's own table (<source_id>.csv)."""
    return row.get("origin", "").removesuffix(".csv") in drafts


@per_catalog
def load_facts(layout: Layout | None = None, include_drafts: bool = False) -> pd.DataFrame:
    """Return one row per curated fact (columns FACT_COLUMNS; `unit` is the base unit of `value`).

    Draft rows (`status: draft`, written by `povlib draft`) and every fact of a source whose
    manifest is still a draft are left out, so metrics and reports never see them;
    `include_drafts=True` adds them and a `status` column ("draft" or "").
    """
    cat = catalog.load(layout)
    facts, drafts = cat.facts, draft_sources(cat)
    names = [c for c in FACT_COLUMNS if c not in ("year_start", "year_end")] + (["status"] if include_drafts else [])
    rows = [facts[fid] for fid in sorted(facts) if include_drafts or _curated(facts[fid], drafts)]
    # column by column: several times faster than a DataFrame of 10,000 dicts
    columns = {c: [row.get(c) for row in rows] for c in names}
    if include_drafts:
        columns["status"] = [s or "" for s in columns["status"]]
    for name, period in (("year_start", "period_start"), ("year_end", "period_end")):
        columns[name] = pd.array([_year(p) for p in columns[period]], dtype="Int64")
    order = FACT_COLUMNS + (["status"] if include_drafts else [])
    return pd.DataFrame({c: columns[c] for c in order})


@per_catalog
def load_sources(layout: Layout | None = None, include_drafts: bool = False) -> pd.DataFrame:
    """Return one row per source document: manifest fields, fact count and coverage percent.

    A source whose manifest is still `status: draft` is left out (its regions then reach no
    region list, profile or "all"); `include_drafts=True` adds it and a `status` column."""
    cat = catalog.load(layout)
    drafts = draft_sources(cat)
    n_facts = Counter(f["source_id"] for f in cat.facts.values() if _curated(f, drafts))
    rows = []
    for sid, s in sorted(cat.sources.items()):
        if sid in drafts and not include_drafts:
            continue
        cov = cat.coverage[sid]
        rows.append({"source_id": sid, "file": s.file, "sha256": s.sha256, "title": s.title,
                     "title_en": s.title_en, "outlet": s.outlet, "outlet_en": s.outlet_en, "date": s.date,
                     "date_basis": s.date_basis, "date_evidence": s.date_evidence, "script": s.script,
                     "regions": ";".join(s.regions), "description": s.description,
                     "author": s.author, "host": s.host, "url": s.url,
                     "n_facts": n_facts[sid],
                     "numbers_counted": cov.counted, "numbers_covered": cov.covered,
                     "coverage_percent": round(cov.percent, 2)})
        if include_drafts:
            rows[-1]["status"] = s.status
    return pd.DataFrame(rows)


@per_catalog
def load_regions(layout: Layout | None = None) -> pd.DataFrame:
    """Return the regions table: key, name_zh, name_en, level, parent, origin (defining file);
    without the rows of a draft source's own table."""
    cat = catalog.load(layout)
    drafts = draft_sources(cat)
    rows = [r for r in cat.regions.values() if not _own_table_of(r, drafts)]
    return pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("__")} for r in rows])


@per_catalog
def load_indicators(layout: Layout | None = None) -> pd.DataFrame:
    """Return the indicators table: key, labels, base unit and its label, definition, origin;
    without the rows of a draft source's own table."""
    cat = catalog.load(layout)
    drafts = draft_sources(cat)
    rows = [{k: v for k, v in r.items() if not k.startswith("__")} for r in cat.indicators.values()
            if not _own_table_of(r, drafts)]
    df = pd.DataFrame(rows)
    df.insert(4, "unit_label", [unit_label(u) for u in df["unit"]])
    return df


@per_catalog
def load_excluded(layout: Layout | None = None, include_drafts: bool = False) -> pd.DataFrame:
    """Return the exclusion ledger: source_id, raw, quote, quote_start, raw_start, kind, reason, ...

    Exclusions `povlib draft` proposed (`status: draft`) and those of a draft source are left out
    unless `include_drafts`.
    """
    cols = ["source_id", "raw", "quote", "quote_start", "raw_start", "kind", "reason", "repeats", "file", "line"]
    cat = catalog.load(layout)
    drafts = draft_sources(cat)
    rows = [e for e in cat.excluded if include_drafts or _curated(e, drafts)]
    return pd.DataFrame(rows, columns=cols + (["status"] if include_drafts else []))


@per_catalog
def load_anomalies(layout: Layout | None = None) -> pd.DataFrame:
    """Return curated anomalies plus one `arithmetic` anomaly per failing check (none of a draft source)."""
    cols = ["anomaly_id", "source_id", "kind", "quote", "quote_start", "explanation", "caveat", "facts", "file",
            "line"]
    cat = catalog.load(layout)
    drafts = draft_sources(cat)
    rows = [{**a, "facts": ";".join(a["facts"])} for a in cat.anomalies if _curated(a, drafts)]
    return pd.DataFrame(rows, columns=cols)


@per_catalog
def load_checks(layout: Layout | None = None) -> pd.DataFrame:
    """Return each declared arithmetic relation with its computed value and verdict."""
    cols = ["check_id", "source_id", "kind", "result", "operands", "computed", "stated", "unit",
            "verdict", "explanation", "note", "file", "line"]
    cat = catalog.load(layout)
    drafts = draft_sources(cat)
    rows = [{**c, "operands": ";".join(c["operands"])} for c in cat.checks if _curated(c, drafts)]
    return pd.DataFrame(rows, columns=cols)


@per_catalog
def load_coverage(layout: Layout | None = None) -> pd.DataFrame:
    """Return per-source coverage: numbers counted, covered, uncovered and the percent (no draft source)."""
    cat = catalog.load(layout)
    drafts = draft_sources(cat)
    return pd.DataFrame([{"source_id": c.source_id, "counted": c.counted, "covered": c.covered,
                          "uncovered": len(c.uncovered), "percent": round(c.percent, 2)}
                         for c in cat.coverage.values() if c.source_id not in drafts])
