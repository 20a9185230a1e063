"""The per-source curated file: facts, exclusion ledger, anomalies and arithmetic checks.

Each `povlib/data/facts/<source_id>.yaml` is validated row by row; every error names the file,
the row (line and id), the problem and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..exceptions import DataError, UnitError
from .sources import Source, locate
from .tables import LINE, read_yaml, require_fields, where
from .tables import date_problem, occurrence_field, require_scalars
from .units import BASE_UNITS, format_decimal, parse_raw

TOPICS = ("poverty", "relocation", "funding", "employment", "infrastructure", "industry",
          "education", "health", "cadres", "governance", "other")
MEASURES = ("actual", "target", "plan", "cumulative", "share", "threshold")
FUND_SOURCES = ("central_units", "east_west_partner", "enterprises_society", "local_government",
                "central_government", "credit", "mixed", "unspecified", "state_enterprise_own")
SECTORS = ("general", "infrastructure", "housing", "relocation", "industry", "education", "health",
           "social_assistance", "employment", "ecology", "other")
EXCLUSION_KINDS = ("name", "ordinal", "date", "boilerplate", "contact", "reference", "repeat", "other")
ANOMALY_KINDS = ("typo", "impossible_magnitude", "script_conversion", "missing_baseline",
                 "missing_year", "contradiction", "ambiguous", "arithmetic")
CHECK_KINDS = ("sum", "difference", "share", "equal")
#: who a number covers: everyone in the region, its rural population, the registered poor (建档立卡),
#: or a named part (`scope_note` says which)
SCOPES = ("all", "rural", "registered_poor", "subset")
#: what an amount is counted per: 每年/年均 -> year; 人均 -> person; 户均 -> household; ...
PERS = ("year", "month", "day", "person", "household", "village", "township", "county", "site", "mu",
        "enterprise", "school", "project", "event")
#: how sure the period's year is: written in the sentence, inferred from the surrounding text, or
#: taken from the document's date (今年, 目前, 一年来)
YEAR_BASES = ("stated", "context", "document_date")

FACT_REQUIRED = ["fact_id", "region", "topic", "indicator", "period_start", "period_end",
                 "period_text", "measure", "raw", "quote", "note"]
FACT_OPTIONAL = ["occurrence", "raw_occurrence", "fund_source", "sector", "scope", "scope_note", "item",
                 "part_of", "per", "year_basis", "status"]
#: `status: draft` marks a row `povlib draft` wrote and no curator has reviewed (absent = curated);
#: a draft row may also carry `suggested_by` (the basis of each suggested field)
STATUSES = ("draft",)
DRAFT_ONLY = ["suggested_by", "new_indicator"]
#: ASCII digits only: a full-width ０ is a typo, not a digit
_PERIOD = re.compile(r"^(\d{4})(-\d{2}(-\d{2})?)?$", re.ASCII)


@dataclass
class SourceFile:
    """The validated rows of one curated file (all rows are plain dicts ready for a DataFrame)."""

    path: Path
    source_id: str
    facts: list[dict] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)
    anomalies: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    #: ids of fact rows that failed validation (their error is already reported once)
    rejected: set[str] = field(default_factory=set)


def shown_path(path: Path) -> str:
    """Return how an error names a facts file: 'povlib/data/facts/<name>' for the package's own
    data, else the path relative to the working folder (or absolute), so a message about a
    POVLIB_DATA folder elsewhere (the drafting corpus) names the file that is really there."""
    path = Path(path)
    package_data = Path(__file__).resolve().parent.parent / "data"
    resolved = path.resolve()
    if resolved.is_relative_to(package_data):
        return "povlib/data/" + resolved.relative_to(package_data).as_posix()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(resolved)


def _fail(path, row, id_field, problem, fix):
    raise DataError(path, problem, fix, row=where(row, id_field))


def _enum(path, row, name, allowed, id_field):
    if row.get(name) not in allowed:
        _fail(path, row, id_field, f"{name} {row.get(name)!r} is not valid", f"use one of {', '.join(allowed)}")


def _raw_offset(quote: str, raw: str, occurrence: int | None) -> int:
    """Return the offset of `raw` inside `quote`, matching whole numbers only."""
    # a match may not cut a number: no digit (or decimal point, or thousands comma) may touch it
    before = r"(?<![\d.])(?<!\d,)" if raw[:1].isdigit() else ""
    after = r"(?!\d|[.,]\d)" if raw[-1:].isdigit() else ""
    pattern = before + re.escape(raw) + after
    starts = [m.start() for m in re.finditer(pattern, quote)]
    if not starts:
        raise LookupError(f"raw {raw!r} is not in the quote as a whole number")
    if occurrence is None and len(starts) > 1:
        raise LookupError(f"raw {raw!r} occurs {len(starts)} times in the quote; add `raw_occurrence: N`")
    index = (occurrence or 1) - 1
    if index >= len(starts):
        raise LookupError(f"raw_occurrence {occurrence} asked but raw occurs {len(starts)} time(s) in the quote")
    return starts[index]


def _anchor(path, row, source: Source, id_field, with_raw=True) -> dict:
    """Locate quote (and raw) in the seed; return quote_start and raw_start."""
    quote = row.get("quote")
    if not isinstance(quote, str):
        _fail(path, row, id_field, "quote is not a string", "write the quote in double quotes")
    if with_raw and not isinstance(row.get("raw"), str):
        _fail(path, row, id_field, f"raw {row.get('raw')!r} is a YAML {type(row.get('raw')).__name__}, not the text "
              "as the document writes it (a number loses its unit and trailing zeros)",
              'write raw in double quotes exactly as the quote has it, unit included (e.g. raw: "98.3%")')
    occurrence = occurrence_field(path, row, "occurrence", id_field)
    raw_occurrence = occurrence_field(path, row, "raw_occurrence", id_field) if with_raw else None
    for name in ("quote", "raw") if with_raw else ("quote",):
        value = str(row[name])
        if value != value.strip():
            _fail(path, row, id_field, f"{name} {value!r} begins or ends with white space (a space, tab or \\r)",
                  f"start and end {name} at the text, without the white space around it")
    try:
        quote_start = locate(source.text, quote, occurrence)
        raw_start = quote_start + _raw_offset(quote, str(row["raw"]), raw_occurrence) if with_raw else None
    except LookupError as exc:
        _fail(path, row, id_field, str(exc), f"copy the text verbatim from seeds/{source.file}")
    return {"quote_start": quote_start, "raw_start": raw_start}


def _period(path, row, name) -> str:
    value = str(row[name] if row[name] is not None else "")
    if value and not _PERIOD.match(value):
        _fail(path, row, "fact_id", f"{name} {value!r} is not a date", 'write "YYYY", "YYYY-MM", "YYYY-MM-DD" or ""')
    if value and date_problem(value):
        _fail(path, row, "fact_id", f"{name} {value!r} is not a date that exists ({date_problem(value)})",
              'write an existing date: "YYYY", "YYYY-MM" (month 01 to 12) or "YYYY-MM-DD"')
    return value


def _parse(path, row, id_field):
    try:
        return parse_raw(str(row["raw"]))
    except UnitError as exc:
        _fail(path, row, id_field, str(exc), "write raw exactly as the text has it (number + unit)")


def _status(path, row, id_field) -> str:
    """Return the row's status ('' when curated); refuse unknown values and draft-only fields on curated rows."""
    status = _text(row, "status")
    if status and status not in STATUSES:
        _fail(path, row, id_field, f"status {status!r} is not valid", "write status: draft, or remove it once curated")
    if not status and any(f in row for f in DRAFT_ONLY):
        _fail(path, row, id_field, f"{next(f for f in DRAFT_ONLY if f in row)} is left on a curated row",
              "delete suggested_by and new_indicator when you remove status: draft (define a new indicator "
              "in povlib/data/indicators/<source_id>.csv first)")
    return status


def read_fact(path, row, source: Source, regions, indicators) -> dict:
    """Validate one fact row and return it with value, unit, offsets and provenance computed.

    A draft row (`status: draft`) is validated by `read_draft_fact` instead.
    """
    if _status(path, row, "fact_id") == "draft":
        return read_draft_fact(path, row, source, indicators)
    require_fields(path, row, FACT_REQUIRED, FACT_OPTIONAL, "fact_id")
    require_scalars(path, row, (), "fact_id")
    fid = str(row["fact_id"])
    if not re.match(rf"^{re.escape(source.source_id)}-[0-9]{{3}}$", fid):
        _fail(path, row, "fact_id", f"fact_id {fid!r} does not follow <source_id>-NNN",
              f"name it {source.source_id}-NNN (three digits)")
    if row["region"] not in regions:
        _fail(path, row, "fact_id", f"region {row['region']!r} is not in the regions tables",
              "add it to povlib/data/regions/<source_id>.csv or use an existing key")
    if row["indicator"] not in indicators:
        _fail(path, row, "fact_id", f"indicator {row['indicator']!r} is not in the indicators tables",
              "add it to povlib/data/indicators/<source_id>.csv or use an existing key")
    _enum(path, row, "topic", TOPICS, "fact_id")
    _enum(path, row, "measure", MEASURES, "fact_id")
    start, end = _period(path, row, "period_start"), _period(path, row, "period_end")
    if start and end and start[:4] > end[:4]:
        _fail(path, row, "fact_id", f"period_start {start} is after period_end {end}", "swap them")
    period_text = str(row["period_text"] or "")
    if period_text and period_text not in source.text:
        _fail(path, row, "fact_id", f"period_text {period_text!r} is not in the seed",
              "copy the period wording verbatim, or leave it empty")
    anchors = _anchor(path, row, source, "fact_id")
    qty = _parse(path, row, "fact_id")
    unit = indicators[row["indicator"]]["unit"]
    if qty.unit is not None and qty.unit != unit:
        _fail(path, row, "fact_id", f"raw {row['raw']!r} is in {qty.unit}, indicator {row['indicator']!r} in {unit}",
              "choose an indicator with that unit, or add one")
    if row["measure"] == "share" and unit != "percent":
        _fail(path, row, "fact_id", "measure 'share' needs a percent indicator", "use measure actual, or a % indicator")
    if qty.unit is None and not str(row["note"] or "").strip():
        _fail(path, row, "fact_id", "raw states no unit and note is empty",
              "say in note where the unit is written (e.g. shared with the next number)")
    funding = _funding_fields(path, row)
    comparability = _comparability_fields(path, row, bool(start or end))
    return {
        "fact_id": fid, "source_id": source.source_id, "region": row["region"], "topic": row["topic"],
        "indicator": row["indicator"], "period_start": start, "period_end": end,
        "period_text": period_text, "measure": row["measure"],
        "value": float(qty.value), "value_exact": format_decimal(qty.value), "unit": unit,
        "unit_stated": qty.unit is not None, "qualifier": qty.qualifier,
        "precision": float(qty.half_ulp), "raw": str(row["raw"]), "quote": row["quote"], **anchors,
        "note": str(row["note"] or ""), **funding, **comparability,
        "status": "", "file": shown_path(path), "line": row[LINE],
    }


def read_draft_fact(path, row, source: Source, indicators) -> dict:
    """Validate a draft fact row and return it like a curated one, with `status` 'draft'.

    A draft is checked for what anchors it — fact_id shape, quote found in the seed, raw inside
    the quote and readable by the unit grammar — and for the shape of the fields it fills: enums
    valid when set, periods well formed. Region and indicator may be empty or not yet in the
    tables, and the rules between fields (unit = indicator's unit, year_basis with a period,
    scope_note for subset, funding fields) wait until the mark is removed.
    """
    require_fields(path, row, FACT_REQUIRED, FACT_OPTIONAL + DRAFT_ONLY, "fact_id")
    require_scalars(path, row, ("suggested_by", "new_indicator"), "fact_id")
    fid = str(row["fact_id"])
    if not re.match(rf"^{re.escape(source.source_id)}-[0-9]{{3}}$", fid):
        _fail(path, row, "fact_id", f"fact_id {fid!r} does not follow <source_id>-NNN",
              f"name it {source.source_id}-NNN (three digits)")
    for name, allowed in (("topic", TOPICS), ("measure", MEASURES), ("scope", SCOPES), ("per", PERS),
                          ("year_basis", YEAR_BASES), ("fund_source", FUND_SOURCES), ("sector", SECTORS)):
        if _text(row, name) and _text(row, name) not in allowed:
            _enum(path, row, name, allowed, "fact_id")
    start, end = _period(path, row, "period_start"), _period(path, row, "period_end")
    if not isinstance(row.get("suggested_by", {}), dict):
        _fail(path, row, "fact_id", "suggested_by is not a mapping", "write one `field: basis` line per field")
    anchors = _anchor(path, row, source, "fact_id")
    qty = _parse(path, row, "fact_id")
    indicator = _text(row, "indicator")
    proposed = _new_indicator(path, row, indicator)
    unit = qty.unit or (indicators[indicator]["unit"] if indicator in indicators else proposed.get("unit", ""))
    out = {name: _text(row, name) for name in ("region", "topic", "indicator", "measure", "period_text", "note",
                                               "fund_source", "sector", "scope_note", "item", "part_of", "per",
                                               "year_basis")}
    out["scope"] = _text(row, "scope") or "all"
    return {**out, "fact_id": fid, "source_id": source.source_id, "period_start": start, "period_end": end,
            "value": float(qty.value), "value_exact": format_decimal(qty.value), "unit": unit,
            "unit_stated": qty.unit is not None, "qualifier": qty.qualifier, "precision": float(qty.half_ulp),
            "raw": str(row["raw"]), "quote": row["quote"], **anchors, "status": "draft",
            "new_indicator": proposed, "file": shown_path(path), "line": row[LINE]}


def _new_indicator(path, row, indicator: str) -> dict:
    """Return a draft row's proposed new indicator ({key, label_en, label_zh, unit}; {} when none),
    refusing one that is not a mapping, whose key is not the row's indicator or whose unit is unknown."""
    proposed = row.get("new_indicator")
    if proposed is None:
        return {}
    if not isinstance(proposed, dict) or not str(proposed.get("label_zh") or "").strip():
        _fail(path, row, "fact_id", "new_indicator is not a mapping with key, label_en, label_zh and unit",
              "write it as povlib draft does, or delete it and choose an existing indicator")
    if str(proposed.get("key") or "") != indicator:
        _fail(path, row, "fact_id", f"new_indicator key {proposed.get('key')!r} is not the row's indicator {indicator!r}",
              "give indicator and new_indicator the same key, or delete new_indicator")
    if proposed.get("unit") not in BASE_UNITS:
        _fail(path, row, "fact_id", f"new_indicator unit {proposed.get('unit')!r} is not a base unit",
              f"use one of {', '.join(BASE_UNITS)}")
    return {k: str(proposed.get(k) or "") for k in ("key", "label_en", "label_zh", "unit")}


def _funding_fields(path, row) -> dict:
    if row["indicator"] == "funding":
        _enum(path, row, "fund_source", FUND_SOURCES, "fact_id")
        _enum(path, row, "sector", SECTORS, "fact_id")
        return {"fund_source": row["fund_source"], "sector": row["sector"]}
    extra = [f for f in ("fund_source", "sector") if row.get(f)]
    if extra:
        _fail(path, row, "fact_id", f"{extra} only apply to indicator 'funding'", "remove them")
    return {"fund_source": "", "sector": ""}


def _text(row, name) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def _comparability_fields(path, row, has_period: bool) -> dict:
    """Validate and return scope, scope_note, item, part_of, per and year_basis (see docs/curation.md)."""
    out = {name: _text(row, name) for name in ("scope", "scope_note", "item", "part_of", "per", "year_basis")}
    out["scope"] = out["scope"] or "all"
    for name, allowed in (("scope", SCOPES), ("per", ("", *PERS)), ("year_basis", ("", *YEAR_BASES))):
        optional = "" in allowed and not (name == "year_basis" and has_period)  # a period needs a year_basis
        if out[name] not in allowed:
            _fail(path, row, "fact_id", f"{name} {out[name]!r} is not valid",
                  f"use one of {', '.join(a for a in allowed if a)}" + (" or leave it out" if optional else ""))
    if out["scope"] == "subset" and not out["scope_note"]:
        _fail(path, row, "fact_id", "scope 'subset' needs a scope_note",
              "name the part in English, e.g. scope_note: \"the 11 deep-poverty counties\"")
    if out["scope"] == "all" and out["scope_note"]:
        _fail(path, row, "fact_id", "scope_note is set but scope is 'all'",
              "set scope to subset, rural or registered_poor, or remove scope_note")
    if has_period and not out["year_basis"]:
        _fail(path, row, "fact_id", "the fact has a period but no year_basis",
              "add year_basis: stated (year in the sentence), context (inferred from the text around it) "
              "or document_date (今年/目前 taken from the document's date)")
    if not has_period and out["year_basis"]:
        _fail(path, row, "fact_id", "year_basis is set but the fact has no period",
              "remove year_basis, or fill period_start/period_end")
    if out["part_of"] == str(row["fact_id"]):
        _fail(path, row, "fact_id", "part_of names the fact itself", "name the fact_id of the total")
    return out


def read_exclusion(path, row, source: Source) -> dict:
    """Validate one exclusion-ledger row and return it with its offsets."""
    require_fields(path, row, ["raw", "quote", "kind", "reason"], ["occurrence", "raw_occurrence", "repeats", "status"])
    require_scalars(path, row, (), "raw")
    status = _status(path, row, "raw")
    _enum(path, row, "kind", EXCLUSION_KINDS, "raw")
    if not str(row["reason"] or "").strip():
        _fail(path, row, "raw", "reason is empty", "say why this number is not a fact")
    if (row["kind"] == "repeat") != bool(row.get("repeats")):
        _fail(path, row, "raw", "kind 'repeat' and field `repeats` go together",
              "set kind: repeat and repeats: <fact_id of the statement repeated>")
    anchors = _anchor(path, row, source, "raw")
    return {"source_id": source.source_id, "raw": str(row["raw"]), "quote": row["quote"], **anchors,
            "kind": row["kind"], "reason": row["reason"], "repeats": row.get("repeats") or "", "status": status,
            "file": shown_path(path), "line": row[LINE]}


def read_anomaly(path, row, source: Source) -> dict:
    """Validate one anomaly row and return it with its quote offset (`caveat` is "" when not written)."""
    require_fields(path, row, ["anomaly_id", "quote", "kind", "explanation"], ["occurrence", "facts", "caveat"])
    require_scalars(path, row, ("facts",), "anomaly_id")
    if not isinstance(row.get("caveat") or "", str):
        _fail(path, row, "anomaly_id", "caveat is not a text",
              'write caveat: "one short clause a reader of any finding on these facts must know"')
    if not isinstance(row.get("facts") or [], list):
        _fail(path, row, "anomaly_id", "facts is not a list", "write facts: [fact_id, ...]")
    _enum(path, row, "kind", ANOMALY_KINDS, "anomaly_id")
    if row["kind"] == "arithmetic":
        _fail(path, row, "anomaly_id", "kind 'arithmetic' is written by povlib from failing checks",
              "declare the relation under checks: instead")
    anchors = _anchor(path, row, source, "anomaly_id", with_raw=False)
    return {"anomaly_id": str(row["anomaly_id"]), "source_id": source.source_id, "kind": row["kind"],
            "quote": row["quote"], "quote_start": anchors["quote_start"],
            "explanation": row["explanation"], "caveat": (row.get("caveat") or "").strip(),
            "facts": list(row.get("facts") or []), "file": shown_path(path), "line": row[LINE]}


def read_check(path, row) -> dict:
    """Validate the shape of one arithmetic-check row (fact ids are resolved by the catalog)."""
    require_fields(path, row, ["check_id", "kind", "result", "operands"], ["note"], "check_id")
    require_scalars(path, row, ("operands",), "check_id")
    _enum(path, row, "kind", CHECK_KINDS, "check_id")
    operands = row["operands"]
    if not isinstance(operands, list) or not operands:
        _fail(path, row, "check_id", "operands is not a non-empty list", "write operands: [fact_id, ...]")
    wanted = {"difference": 2, "share": 2, "equal": 1}.get(row["kind"])
    if wanted and len(operands) != wanted:
        _fail(path, row, "check_id", f"kind {row['kind']} takes {wanted} operand(s), got {len(operands)}",
              "fix the operands list")
    return {"check_id": str(row["check_id"]), "kind": row["kind"], "result": str(row["result"]),
            "operands": [str(o) for o in operands], "note": str(row.get("note") or ""),
            "file": shown_path(path), "line": row[LINE]}


def read_source_file(path: Path, sources: dict[str, Source], regions, indicators,
                     errors: list | None = None) -> SourceFile:
    """Read and validate one curated file; return its rows.

    With an `errors` list, row errors are appended to it and the row is skipped; without, the
    first error is raised.
    """
    data = read_yaml(path)
    require_fields(path, data, ["source_id"], ["facts", "excluded", "anomalies", "checks"])
    sid = data["source_id"]
    if sid != path.stem:
        raise DataError(path, f"source_id {sid!r} differs from the file name {path.name}",
                        f"write source_id: {path.stem} (one file per source, named after it)")
    if sid not in sources:
        raise DataError(path, f"source_id {sid!r} has no manifest", f"use one of {sorted(sources)}")
    source = sources[sid]
    out = SourceFile(path=path, source_id=sid)
    for name in ("facts", "excluded", "anomalies", "checks"):
        items = data.get(name) or []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise DataError(path, f"section {name!r} is not a list of mappings", "each item starts with '- '")
    readers = {"facts": lambda r: read_fact(path, r, source, regions, indicators),
               "excluded": lambda r: read_exclusion(path, r, source),
               "anomalies": lambda r: read_anomaly(path, r, source),
               "checks": lambda r: read_check(path, r)}
    for name, reader in readers.items():
        setattr(out, name, _read_rows(data.get(name) or [], reader, errors, out.rejected))
    return out


def _read_rows(rows: list[dict], reader, errors: list | None, rejected: set[str]) -> list[dict]:
    """Apply `reader` to each row; with an `errors` list, collect DataErrors instead of raising
    (and remember the ids of rejected facts in `rejected`)."""
    out = []
    for row in rows:
        try:
            out.append(reader(row))
        except DataError as exc:
            if errors is None:
                raise
            errors.append(exc)
            if row.get("fact_id"):
                rejected.add(str(row["fact_id"]))
    return out
