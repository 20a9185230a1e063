"""The catalog: every source, reference table, fact, exclusion, anomaly and check, validated
together, plus per-source coverage. Loading is cached on the files' modification times, so a
notebook that edits nothing pays for validation once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .checks import as_anomaly, evaluate
from .coverage import Coverage, coverage
from .exceptions import DataError, PovlibError
from .facts import read_source_file
from .layout import Layout, resolve
from .reference import load_indicators, load_regions
from .sources import Source, load_sources
from .units import parse_raw


@dataclass
class Catalog:
    """Everything povlib knows, validated. Rows are plain dicts; povlib.api turns them into frames."""

    layout: Layout
    sources: dict[str, Source]
    regions: dict[str, dict]
    indicators: dict[str, dict]
    facts: dict[str, dict] = field(default_factory=dict)
    excluded: list[dict] = field(default_factory=list)
    anomalies: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    errors: list[PovlibError] = field(default_factory=list)


def _input_files(layout: Layout) -> list[Path]:
    files = [*layout.seeds.glob("*.txt"), *layout.seeds.glob("*.yaml")]
    for folder in (layout.facts_dir, layout.regions_dir, layout.indicators_dir):
        files += [p for p in folder.iterdir() if p.suffix in (".yaml", ".csv")] if folder.is_dir() else []
    return sorted(files)


def input_hash(layout: Layout) -> str:
    """Return a short sha256 over the names and bytes of every input file."""
    digest = hashlib.sha256()
    for path in _input_files(layout):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _stamp(layout: Layout) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in _input_files(layout))


_CACHE: dict[tuple, Catalog] = {}


def load(layout: Layout | None = None, collect_errors: bool = False) -> Catalog:
    """Return the validated Catalog (cached while no input file changes).

    Without `collect_errors` the first violation raises a DataError/SeedError; with it, row
    errors are gathered in `catalog.errors` (used by `povlib check`).
    """
    layout = resolve(layout)
    key = (layout, collect_errors, _stamp(layout))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _build(layout, collect_errors)
    return _CACHE[key]


def _build(layout: Layout, collect: bool) -> Catalog:
    errors: list | None = [] if collect else None
    cat = Catalog(layout, load_sources(layout.seeds, errors), load_regions(layout.regions_dir, errors),
                  load_indicators(layout.indicators_dir, errors))
    cat.errors = errors if errors is not None else []
    files = sorted(layout.facts_dir.glob("*.yaml"))
    for path in files:
        try:
            part = read_source_file(path, cat.sources, cat.regions, cat.indicators, errors)
        except DataError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        for fact in part.facts:
            _guard(errors, _add_fact, cat, fact)
        cat.excluded += part.excluded
        cat.anomalies += part.anomalies
        cat.checks += part.checks
    for step in (_check_manifest_regions, _check_repeats, _check_anomaly_refs, _check_unique_ids):
        _guard(errors, step, cat)
    _evaluate_checks(cat, errors)
    _compute_coverage(cat)
    return cat


def _guard(errors, func, *args):
    try:
        func(*args)
    except DataError as exc:
        if errors is None:
            raise
        errors.append(exc)


def _add_fact(cat: Catalog, fact: dict) -> None:
    if fact["fact_id"] in cat.facts:
        other = cat.facts[fact["fact_id"]]
        raise DataError(fact["file"], f"fact_id {fact['fact_id']} is already used at {other['file']} "
                        f"line {other['line']}", "give this fact the next free number",
                        row=f"line {fact['line']}")
    cat.facts[fact["fact_id"]] = fact


def _check_manifest_regions(cat: Catalog) -> None:
    for src in cat.sources.values():
        unknown = [r for r in src.regions if r not in cat.regions]
        if unknown:
            raise DataError(src.manifest_path, f"regions {unknown} are not region keys",
                            "add them to the regions tables", row="manifest")


def _check_repeats(cat: Catalog) -> None:
    for row in cat.excluded:
        if not row["repeats"]:
            continue
        fact = cat.facts.get(row["repeats"])
        where = f"line {row['line']} (raw {row['raw']})"
        if fact is None:
            raise DataError(row["file"], f"repeats {row['repeats']!r}: no such fact", "name an existing fact_id",
                            row=where)
        if parse_raw(row["raw"]).value != parse_raw(fact["raw"]).value:
            raise DataError(row["file"], f"repeat {row['raw']!r} differs from {fact['fact_id']} ({fact['raw']!r})",
                            "a repeat must state the same number; make it a fact (and maybe an anomaly)",
                            row=where)


def _check_anomaly_refs(cat: Catalog) -> None:
    for row in cat.anomalies:
        unknown = [f for f in row["facts"] if f not in cat.facts]
        if unknown:
            raise DataError(row["file"], f"anomaly {row['anomaly_id']} names unknown facts {unknown}",
                            "list existing fact_ids", row=f"line {row['line']}")


def _check_unique_ids(cat: Catalog) -> None:
    for rows, key in ((cat.anomalies, "anomaly_id"), (cat.checks, "check_id")):
        seen: dict[str, dict] = {}
        for row in rows:
            if row[key] in seen:
                raise DataError(row["file"], f"{key} {row[key]} is used twice (also line {seen[row[key]]['line']})",
                                "give it the next free number", row=f"line {row['line']}")
            seen[row[key]] = row


def _evaluate_checks(cat: Catalog, errors) -> None:
    evaluated = []
    for check in cat.checks:
        try:
            evaluated.append(evaluate(check, cat.facts))
        except DataError as exc:
            if errors is None:
                raise
            errors.append(exc)
    cat.checks = evaluated
    cat.anomalies += [as_anomaly(c, cat.facts) for c in evaluated if c["verdict"] == "fails"]


def _compute_coverage(cat: Catalog) -> None:
    for sid, src in cat.sources.items():
        spans = [(f["raw_start"], f["raw_start"] + len(f["raw"])) for f in cat.facts.values()
                 if f["source_id"] == sid]
        spans += [(e["raw_start"], e["raw_start"] + len(e["raw"])) for e in cat.excluded if e["source_id"] == sid]
        cat.coverage[sid] = coverage(src, spans)
