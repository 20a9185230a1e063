"""The catalog: every source, reference table, fact, exclusion, anomaly and check, validated
together, plus per-source coverage. Loading is cached twice: in memory on the files' modification
times (a notebook that edits nothing pays for validation once), and on disk by `povlib.cache`,
keyed by the sha256 of every input file and povlib's code, so a new process whose inputs did not
change reads the validated catalog instead of validating again."""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .checks import as_anomaly, evaluate, prose_errors
from .coverage import Coverage, coverage
from ..exceptions import DataError, PovlibError
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
    #: problems of the prose shown to readers: errors for `povlib check`, never for loading
    prose: list[PovlibError] = field(default_factory=list)
    #: ids of fact rows that failed validation: rows naming them are not reported a second time
    rejected: set[str] = field(default_factory=set)


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
    """Return (path, mtime, size) of every input file: one directory scan and one stat per file
    (called on every load, so it is kept cheap)."""
    out = []
    for folder, suffixes in ((layout.seeds, (".txt", ".yaml")), (layout.facts_dir, (".yaml", ".csv")),
                             (layout.regions_dir, (".yaml", ".csv")), (layout.indicators_dir, (".yaml", ".csv"))):
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.endswith(suffixes):
                st = entry.stat()
                out.append((entry.path, st.st_mtime_ns, st.st_size))
    return tuple(sorted(out))


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
        _CACHE[key] = _load_or_build(layout, collect_errors)
    return _CACHE[key]


def _load_or_build(layout: Layout, collect: bool) -> Catalog:
    """Return the catalog from the disk cache when its inputs are unchanged, else build and store it.

    A cached catalog without errors serves both modes; one with collected errors serves only
    `collect_errors=True` (without it, the build runs again and raises the first error).
    """
    path = cache.cache_file("catalog", layout.seeds.resolve(), layout.data.resolve())
    digest = cache.file_key(_input_files(layout))
    cat = cache.read(path, digest, lambda c: isinstance(c, Catalog) and (collect or not _fatal(c)))
    if cat is not None:
        cat.layout = layout
        if collect:   # the prose findings count as errors only for data shown to readers
            cat.errors = [*_fatal(cat), *(getattr(cat, "prose", []) if layout.reader_facing else [])]
        return cat
    cat = _build(layout, collect)
    if cache.file_key(_input_files(layout)) == digest:  # an input edited during the build: do not store
        _share_strings(cat)
        cache.write(path, digest, cat)
    return cat


def _fatal(cat: Catalog) -> list:
    """Return the errors that stop a load: all but the prose problems (`povlib check` reports those)."""
    prose = getattr(cat, "prose", [])
    return [e for e in cat.errors if all(e is not p for p in prose)]


def _share_strings(cat: Catalog) -> None:
    """Make equal string values of the rows one object (pickle then writes each once: a smaller
    cache file, read about 40 % faster)."""
    for rows in (cat.facts.values(), cat.excluded, cat.anomalies, cat.checks):
        for row in rows:
            for name, value in row.items():
                if type(value) is str:
                    row[name] = sys.intern(value)


def _build(layout: Layout, collect: bool) -> Catalog:
    errors: list | None = [] if collect else None
    cat = Catalog(layout, load_sources(layout.seeds, errors), load_regions(layout.regions_dir, errors),
                  load_indicators(layout.indicators_dir, errors))
    cat.errors = errors if errors is not None else []
    files = sorted(layout.facts_dir.glob("*.yaml"))
    broken = {p.stem for p in layout.seeds.glob("*.yaml")} - set(cat.sources)
    for sid in sorted(set(cat.sources) - {p.stem for p in files}):
        _guard(errors, _missing_facts_file, layout, sid)
    for path in files:
        if path.stem in broken:
            continue  # its manifest or seed failed to load, and that error is reported already
        try:
            part = read_source_file(path, cat.sources, cat.regions, cat.indicators, errors)
        except DataError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        cat.rejected |= part.rejected
        for fact in part.facts:
            _guard(errors, _add_fact, cat, fact)
        cat.excluded += part.excluded
        cat.anomalies += part.anomalies
        cat.checks += part.checks
    for step in (_check_manifest_regions, _check_repeats, _check_anomaly_refs, _check_unique_ids,
                 _check_parts):
        _guard(errors, step, cat)
    _check_look_alikes(cat, errors)
    cat.checks += derived_part_checks(cat.facts)
    _evaluate_checks(cat, errors)
    # prose shown to readers must be plain English: an error for `povlib check`, whichever mode
    # built the catalog (a cached one built by a report serves the check too), never for loading
    cat.prose = prose_errors(cat.facts, cat.anomalies, cat.checks, cat.indicators, cat.sources)
    if errors is not None and layout.reader_facing:
        errors += cat.prose
    _compute_coverage(cat)
    return cat


def _missing_facts_file(layout: Layout, sid: str) -> None:
    """Raise DataError: source `sid` has a manifest but no curated facts file."""
    raise DataError(layout.facts_dir / f"{sid}.yaml", f"is missing: source {sid} has a manifest "
                    f"(seeds/{sid}.yaml) but no facts file, so none of its numbers can be used",
                    f"restore the file if it was deleted (in a checkout: git checkout -- povlib/data/facts/{sid}.yaml), "
                    f"or remove seeds/{sid}.yaml and its seed to drop the source")


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
        if fact is None and row["repeats"] in cat.rejected:
            continue
        if fact is None:
            raise DataError(row["file"], f"repeats {row['repeats']!r}: no such fact", "name an existing fact_id",
                            row=where)
        if parse_raw(row["raw"]).value != parse_raw(fact["raw"]).value:
            raise DataError(row["file"], f"repeat {row['raw']!r} differs from {fact['fact_id']} ({fact['raw']!r})",
                            "a repeat must state the same number; make it a fact (and maybe an anomaly)",
                            row=where)


def _check_anomaly_refs(cat: Catalog) -> None:
    for row in cat.anomalies:
        unknown = [f for f in row["facts"] if f not in cat.facts and f not in cat.rejected]
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


def _check_parts(cat: Catalog) -> None:
    """Every `part_of` names an existing total of the same source and unit, without cycles."""
    for fact in cat.facts.values():
        total_id = fact["part_of"]
        if not total_id:
            continue
        where = f"line {fact['line']} (fact_id {fact['fact_id']})"
        total = cat.facts.get(total_id)
        if total is None and total_id in cat.rejected:
            continue
        if total is None:
            raise DataError(fact["file"], f"part_of {total_id!r}: no such fact", "name the fact_id of the total",
                            row=where)
        if (total["source_id"], total["unit"]) != (fact["source_id"], fact["unit"]):
            raise DataError(fact["file"], f"part_of {total_id} is in {total['source_id']} / {total['unit']}, "
                            f"this fact in {fact['source_id']} / {fact['unit']}",
                            "a part belongs to a total of the same document and unit", row=where)
        seen, cur, chain = {fact["fact_id"]}, total, [fact["fact_id"], total_id]
        while cur["part_of"]:
            if cur["part_of"] in seen:
                loop = chain[chain.index(cur["part_of"]):] + [cur["part_of"]]  # every member, in order
                raise DataError(fact["file"], f"part_of forms a cycle: {' → '.join(loop)}",
                                "a total cannot be part of its own part", row=where)
            seen.add(cur["part_of"])
            chain.append(cur["part_of"])
            cur = cat.facts.get(cur["part_of"], {"part_of": ""})


def derived_part_checks(facts: dict[str, dict]) -> list[dict]:
    """Return one check of kind `parts` per total that has parts (sum of parts ≤ total)."""
    parts: dict[str, list[str]] = {}
    for fact in sorted(facts.values(), key=lambda f: f["fact_id"]):
        if fact["part_of"] in facts and fact.get("status") != "draft":
            parts.setdefault(fact["part_of"], []).append(fact["fact_id"])
    return [{"check_id": f"{total}-parts", "kind": "parts", "result": total, "operands": ids,
             "note": "derived from the facts recorded as parts of this total", "file": facts[total]["file"], "line": facts[total]["line"]}
            for total, ids in sorted(parts.items())]


#: the fields that tell two facts apart; facts equal on all of them are look-alikes
CELL = ("source_id", "region", "indicator", "measure", "period_start", "period_end", "scope", "scope_note",
        "per", "item")


def cell_key(fact: dict) -> tuple:
    """Return the comparability cell of a fact (scope_note counts only for scope 'subset')."""
    return tuple(fact[k] if k != "scope_note" or fact["scope"] == "subset" else "" for k in CELL)


def _related(a: dict, b: dict, facts: dict[str, dict]) -> bool:
    """True when one fact is (transitively) part of the other (a part_of cycle, reported by
    `_check_parts`, ends the walk)."""
    for x, y in ((a, b), (b, a)):
        cur, seen = x, {x["fact_id"]}
        while cur["part_of"] and cur["part_of"] in facts and cur["part_of"] not in seen:
            if cur["part_of"] == y["fact_id"]:
                return True
            seen.add(cur["part_of"])
            cur = facts[cur["part_of"]]
    return False


def look_alikes(cat: Catalog) -> list[list[dict]]:
    """Return groups of facts that share a cell without being total and part.

    Facts that one curated anomaly names together (a contradiction, an ambiguity) are a known
    conflict, not a look-alike.
    """
    cells: dict[tuple, list[dict]] = {}
    for fact in cat.facts.values():
        if fact.get("status") == "draft":
            continue  # drafts are compared once a curator has reviewed them
        cells.setdefault(cell_key(fact), []).append(fact)
    # pairs of facts some anomaly names together, indexed once (not one scan of all anomalies per pair)
    together = {(a, b) for row in cat.anomalies for a in row["facts"] for b in row["facts"] if a < b}
    groups = []
    for members in cells.values():
        if len(members) < 2:
            continue
        clash = {f["fact_id"]: f for a in members for b in members if a["fact_id"] < b["fact_id"]
                 and not _related(a, b, cat.facts) and (a["fact_id"], b["fact_id"]) not in together
                 for f in (a, b)}
        if clash:
            groups.append(sorted(clash.values(), key=lambda f: f["fact_id"]))
    return sorted(groups, key=lambda g: g[0]["fact_id"])


def _check_look_alikes(cat: Catalog, errors) -> None:
    for group in look_alikes(cat):
        listed = ", ".join(f"{f['fact_id']} (line {f['line']}: {f['raw']})" for f in group)
        exc = DataError(group[0]["file"], f"look-alike facts {listed} share source, region, indicator, measure, "
                        "period, scope, per and item", "tell them apart with item or scope/scope_note, link a "
                        "part to its total with part_of, or make one an exclusion if it repeats the other")
        if errors is None:
            raise exc
        errors.append(exc)


def _evaluate_checks(cat: Catalog, errors) -> None:
    evaluated = []
    for check in cat.checks:
        if {check["result"], *check["operands"]} & cat.rejected:
            continue  # a fact it names was rejected, and that error is reported already
        try:
            evaluated.append(evaluate(check, cat.facts))
        except DataError as exc:
            if errors is None:
                raise
            errors.append(exc)
    cat.checks = evaluated
    cat.anomalies += [as_anomaly(c, cat.facts) for c in evaluated if c["verdict"] == "fails"]


def _compute_coverage(cat: Catalog) -> None:
    spans: dict[str, list[tuple[int, int]]] = {sid: [] for sid in cat.sources}
    for row in [*cat.facts.values(), *cat.excluded]:  # one pass: linear in the number of rows
        spans.setdefault(row["source_id"], []).append((row["raw_start"], row["raw_start"] + len(row["raw"])))
    for sid, src in cat.sources.items():
        cat.coverage[sid] = coverage(src, spans[sid])
