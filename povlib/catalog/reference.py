"""The reference tables: regions and indicators (common.csv plus one file per source)."""

from __future__ import annotations

import re
from pathlib import Path

from ..exceptions import DataError
from .tables import read_csv, where
from .units import BASE_UNITS

REGION_COLUMNS = ["key", "name_zh", "name_en", "level", "parent"]
REGION_LEVELS = ("country", "province", "prefecture", "county", "township", "village", "organisation")
INDICATOR_COLUMNS = ["key", "label_en", "label_zh", "unit", "definition"]
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _read_dir(folder: Path, columns: list[str], errors: list | None = None) -> dict[str, dict]:
    """Return rows of every CSV in `folder` keyed by `key`, each with its `origin` file name.

    With an `errors` list, a bad row is recorded there and skipped.
    """
    rows: dict[str, dict] = {}
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise DataError(folder, "holds no CSV file", f"add common.csv with header {','.join(columns)}")
    for path in files:
        for row in read_csv(path, columns):
            try:
                _check_row(path, row, columns, rows)
            except DataError as exc:
                if errors is None:
                    raise
                errors.append(exc)
                continue
            row["origin"] = path.name
            rows[row["key"]] = row
    return rows


def _check_row(path: Path, row: dict, columns: list[str], rows: dict[str, dict]) -> None:
    key = row["key"]
    if not _KEY.match(key):
        raise DataError(path, f"key {key!r} is not lower-case ASCII", "use pinyin/English with - or _",
                        row=where(row))
    if key in rows:
        raise DataError(path, f"key {key!r} is already defined in {rows[key]['origin']}",
                        "define it once (in common.csv if several sources use it)", row=where(row))
    empty = [c for c in columns if c != "parent" and not row[c].strip()]
    if empty:
        raise DataError(path, f"empty {empty}", "every label and description is required",
                        row=where(row, "key"))


def load_regions(folder: Path, errors: list | None = None) -> dict[str, dict]:
    """Return the regions table keyed by region key; validates levels and parents."""
    regions = _read_dir(folder, REGION_COLUMNS, errors)
    for key, row in regions.items():
        path = folder / row["origin"]
        if row["level"] not in REGION_LEVELS:
            raise DataError(path, f"level {row['level']!r} invalid", f"use one of {REGION_LEVELS}",
                            row=where(row, "key"))
        parent = row["parent"]
        if parent and parent not in regions:
            raise DataError(path, f"parent {parent!r} is not a region key", "add the parent region first",
                            row=where(row, "key"))
        if not parent and row["level"] != "country":
            raise DataError(path, "parent is empty", "only the country has no parent", row=where(row, "key"))
    for key in regions:
        loop = _parent_loop(regions, key)
        if loop:
            first = regions[loop[0]]
            raise DataError(folder / first["origin"], f"the parent links form a loop: {' → '.join(loop)}",
                            "give one of these regions its real parent (only the country has none)",
                            row=where(first, "key"))
    return regions


def load_indicators(folder: Path, errors: list | None = None) -> dict[str, dict]:
    """Return the indicators table keyed by indicator key; validates base units."""
    indicators = _read_dir(folder, INDICATOR_COLUMNS, errors)
    for row in indicators.values():
        if row["unit"] not in BASE_UNITS:
            raise DataError(folder / row["origin"], f"unit {row['unit']!r} is not a base unit",
                            f"use one of {', '.join(BASE_UNITS)}", row=where(row, "key"))
    return indicators


def ancestors(regions: dict[str, dict], key: str) -> list[str]:
    """Return the chain of parent keys of a region, nearest first.

    Raises DataError naming the regions when the parent links form a loop, so a walk up the
    hierarchy never runs forever (`load_regions` refuses such a table in the first place).
    """
    chain, seen = [], {key}
    while regions[key]["parent"]:
        key = regions[key]["parent"]
        if key in seen:
            loop = _parent_loop(regions, key)
            raise DataError(regions[key].get("origin") or "the regions table",
                            f"the parent links form a loop: {' → '.join(loop)}",
                            "give one of these regions its real parent (only the country has none)",
                            row=where(regions[key], "key"))
        seen.add(key)
        chain.append(key)
    return chain


def _parent_loop(regions: dict[str, dict], start: str) -> list[str]:
    """Return the keys of the loop the parent links of `start` run into (its first key repeated
    at the end), or [] when they reach the top; parents missing from `regions` end the walk."""
    order, key = {}, start
    while key in regions and key not in order:
        order[key] = len(order)
        key = regions[key]["parent"]
    if key not in order:
        return []
    keys = list(order)[order[key]:]
    return [*keys, key]
