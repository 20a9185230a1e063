"""Reading the hand-curated files (YAML and CSV) with the line of every row kept for errors."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from ..exceptions import DataError

LINE = "__line__"


def yaml_problem(exc: yaml.YAMLError) -> tuple[str, str]:
    """Return (problem, fix) for a YAML syntax error, the fix matching what is actually wrong."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    if "duplicate key" in problem:
        fix = "write each key once in a mapping (YAML would silently keep the last value)"
    elif "'\\t'" in problem or "tab" in problem:
        fix = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        fix = "quote the value in double quotes: it contains ': '"
    elif "found character '#'" in problem or "found character '@'" in problem or "'`'" in problem:
        fix = "quote the value in double quotes"
    elif any(w in problem for w in ("expected <block end>", "expected ':'", "did not find expected key",
                                     "block sequence entries are not allowed", "expected '-'")):
        fix = "check the indentation: items of one list or mapping start in the same column"
    elif "quoted scalar" in str(getattr(exc, "context", "")) or "unclosed" in problem:
        start = getattr(exc, "context_mark", None)
        where = f"line {start.line + 1}, column {start.column + 1}: " if start else where
        fix = "close the quote opened at that line"
    else:
        fix = "fix the YAML syntax at that line (see yaml.org for the rules)"
    return f"is not valid YAML ({where}{problem})", fix


class _UniqueKeyMixin:
    """Refuses a key written twice in one mapping (YAML would silently keep the last value)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, f"found duplicate key {key!r}",
                    key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class UniqueKeyLoader(_UniqueKeyMixin, yaml.SafeLoader):
    """A SafeLoader that refuses duplicate keys (used for reports.yaml)."""


class _LineMixin:
    """Records the 1-based line of every mapping under the key ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


class _LineLoader(_LineMixin, _UniqueKeyMixin, yaml.SafeLoader):
    """The pure-Python SafeLoader with line numbers (its error messages are the ones explained)."""


class _FastLineLoader(_LineMixin, _UniqueKeyMixin, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same loader over libyaml's C parser (about 7x faster) when PyYAML was built with it."""


def _load(text: str):
    """Parse with the fast loader; on a syntax error parse again with the pure-Python one, whose
    messages `yaml_problem` knows how to explain."""
    try:
        return yaml.load(text, Loader=_FastLineLoader)
    except yaml.YAMLError:
        return yaml.load(text, Loader=_LineLoader)


def read_yaml(path: Path) -> dict:
    """Return the top-level mapping of a YAML file; a syntax error becomes a DataError."""
    try:
        data = _load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(path, *yaml_problem(exc)) from None
    except UnicodeDecodeError:
        raise DataError(path, "is not UTF-8 text", "save it as UTF-8") from None
    if not isinstance(data, dict):
        raise DataError(path, "does not hold a mapping at top level", "see docs/curation.md for the layout")
    return data


def read_csv(path: Path, columns: list[str]) -> list[dict]:
    """Return the rows of a UTF-8 CSV as dicts with ``__line__``; checks the header is `columns`."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != columns:
            raise DataError(path, f"header is {reader.fieldnames}, expected {columns}",
                            f"make the first line exactly: {','.join(columns)}")
        rows = []
        for row in reader:
            if None in row:
                raise DataError(path, f"this row has more fields than the {len(columns)} of the header",
                                'put a field that contains a comma in double quotes ("a, b")',
                                row=f"line {reader.line_num}")
            if any(v is None for v in row.values()):
                raise DataError(path, f"this row has fewer fields than the {len(columns)} of the header "
                                f"({','.join(columns)})", "add the missing fields; an empty field is nothing "
                                "between two commas", row=f"line {reader.line_num}")
            row[LINE] = reader.line_num
            rows.append(row)
    return rows


def where(row: dict, id_field: str | None = None) -> str:
    """Return a human-readable location of a row: 'line 12 (fact_id x)'."""
    text = f"line {row.get(LINE, '?')}"
    if id_field and row.get(id_field):
        text += f" ({id_field} {row[id_field]})"
    return text


def require_fields(path, row: dict, required: list[str], optional: list[str], id_field=None) -> None:
    """Raise DataError when a row lacks a required field or carries one nobody reads."""
    missing = [f for f in required if f not in row or row[f] is None]
    if missing:
        raise DataError(path, f"missing field(s) {missing}", "add them (see docs/curation.md)",
                        row=where(row, id_field))
    unknown = [f for f in row if f not in required and f not in optional and f != LINE]
    if unknown:
        raise DataError(path, f"unknown field(s) {unknown}",
                        f"remove them or rename to one of {required + optional}", row=where(row, id_field))
