"""Reading the hand-curated files (YAML and CSV) with the line of every row kept for errors."""

from __future__ import annotations

import csv
import datetime
import re
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
    elif "mapping values are not allowed" in problem and _key_alone(mark):
        fix = ("check the indentation: this key is indented further than the key above it (keys of one "
               "mapping start in the same column)")
    elif "mapping values are not allowed" in problem:
        fix = "quote the value in double quotes: it contains ': '"
    elif "found character '#'" in problem or "found character '@'" in problem or "'`'" in problem:
        fix = "quote the value in double quotes"
    elif "expected ':'" in problem:
        # YAML notices the missing ':' on the next line; the key that lacks it starts at context_mark
        start = getattr(exc, "context_mark", None)
        where = f"line {start.line + 1}, column {start.column + 1}: " if start else where
        fix = ("write `key: value` on that line: its key has no ':' after it (or the file ends in the middle "
               "of the line: restore the rest)")
    elif any(w in problem for w in ("expected <block end>", "did not find expected key",
                                     "block sequence entries are not allowed", "expected '-'")):
        fix = "check the indentation: items of one list or mapping start in the same column"
    elif "quoted scalar" in str(getattr(exc, "context", "")) or "unclosed" in problem:
        start = getattr(exc, "context_mark", None)
        where = f"line {start.line + 1}, column {start.column + 1}: " if start else where
        fix = "close the quote opened at that line"
    else:
        fix = "fix the YAML syntax at that line (see yaml.org for the rules)"
    return f"is not valid YAML ({where}{problem})", fix


def _key_alone(mark) -> bool:
    """True when the ': ' YAML refused at `mark` ends the first key of its line (the line is
    `key: value`, indented too far), not a ': ' inside a value that needs quotes."""
    buffer = getattr(mark, "buffer", None)
    if not buffer:
        return False
    lines = buffer.rstrip("\0").split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return re.match(r"^\s*(-\s+)?[^\s:#'\"]+\s*$", line[:mark.column]) is not None


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
    except ValueError as exc:  # an unquoted date that does not exist (2018-13-01): the YAML parser's own check
        raise DataError(path, f"holds a date that does not exist ({exc})",
                        'write dates that exist, in double quotes: "YYYY-MM-DD"') from None
    if not isinstance(data, dict):
        raise DataError(path, "does not hold a mapping at top level", "see docs/curation.md for the layout")
    return data


def read_csv(path: Path, columns: list[str]) -> list[dict]:
    """Return the rows of a UTF-8 CSV as dicts with ``__line__``; checks the header is `columns`."""
    try:
        return _read_csv(path, columns)
    except UnicodeDecodeError:
        raise DataError(path, "is not UTF-8 text", "save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)") from None


def _read_csv(path: Path, columns: list[str]) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != columns:
            raise DataError(path, f"header is {reader.fieldnames}, expected {columns}",
                            f"make the first line exactly: {','.join(columns)}")
        rows, first = [], reader.line_num + 1  # the line the next row starts on
        for row in reader:
            values = [v for v in row.values() if isinstance(v, str)] + (row.get(None) or [])
            if any("\n" in v or "\r" in v for v in values):  # a quote was opened and never closed
                raise DataError(path, f"a double quote opened on this line is not closed (the field runs on to "
                                f"line {reader.line_num})", 'close the quote ("...") or remove it: a field may '
                                "not span lines", row=f"line {first}")
            first = reader.line_num + 1
            if None in row:
                raise DataError(path, f"this row has more fields than the {len(columns)} of the header",
                                'put a field that contains a comma in double quotes ("a, b")',
                                row=f"line {reader.line_num}")
            if any(v is None for v in row.values()):
                raise DataError(path, f"this row has fewer fields than the {len(columns)} of the header "
                                f"({','.join(columns)})", "add the missing fields; an empty field is nothing "
                                "between two commas", row=f"line {reader.line_num}")
            _check_fields(path, row, reader.line_num)
            row[LINE] = reader.line_num
            rows.append(row)
    return rows


#: control characters (NUL, escape, …): invisible in an editor, never written in a document
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: the columns that hold keys: white space around one makes a different key that looks the same
_KEY_COLUMNS = ("key", "parent", "unit")


def _check_fields(path: Path, row: dict, line: int) -> None:
    """Raise DataError naming the line and the column of a field that holds a control character,
    or of a key field with white space around it; returns None otherwise."""
    for column, value in row.items():
        if not isinstance(value, str):
            continue
        if _CONTROL.search(value):
            raise DataError(path, f"column {column} holds a control character ({_CONTROL.search(value).group()!r})",
                            "delete it: it is invisible in an editor and no document writes it", row=f"line {line}")
        if column in _KEY_COLUMNS and value != value.strip():
            raise DataError(path, f"{column} {value!r} has white space around it",
                            f"write {value.strip()!r} (a key with a space is another key)", row=f"line {line}")


#: the types of one YAML value (a datetime.date comes from an unquoted date)
_SCALARS = (str, int, float, bool, type(None), datetime.date)


def require_scalars(path, row: dict, containers: tuple[str, ...] = (), id_field=None) -> None:
    """Return None when every field of `row` but `containers` holds one value; raise DataError
    naming the file, row and field when one holds a list or a mapping instead."""
    for name, value in row.items():
        if name in containers or isinstance(value, _SCALARS):
            continue
        kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else \
            f"a {type(value).__name__}"
        one = value[0] if isinstance(value, list) and len(value) == 1 and isinstance(value[0], _SCALARS) else None
        fix = (f"write {name}: {one} (one value, without brackets)" if one is not None else
               f"write one value after `{name}:` on the same line (no list, no nested mapping)")
        shown = {k: v for k, v in value.items() if k != LINE} if isinstance(value, dict) else value
        raise DataError(path, f"{name} is {kind} ({shown!r}), but it takes one value", fix, row=where(row, id_field))


def occurrence_field(path, row: dict, name: str, id_field=None) -> int | None:
    """Return the occurrence number `row[name]` (1 = the first match), or None when it is absent;
    raise DataError when it is not a positive whole number."""
    value = row.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DataError(path, f"{name} {value!r} is not a positive whole number",
                        f"write {name}: 1 for the first match, 2 for the second, ...; or leave it out when the "
                        "text occurs once", row=where(row, id_field))
    return value


#: the years a curated date may name: older or later years are typos (0000, 2109), not history
FIRST_YEAR, LAST_YEAR = 1900, 2100


def date_problem(text: str) -> str:
    """Return why `text` ("YYYY", "YYYY-MM" or "YYYY-MM-DD") is not an existing date, or '' when it is one."""
    parts = [int(p) for p in text.split("-")]
    if not FIRST_YEAR <= parts[0] <= LAST_YEAR:
        return f"year {parts[0]:04d} is outside {FIRST_YEAR}-{LAST_YEAR}, the years these documents can speak of"
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return f"month {parts[1]:02d} does not exist"
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            return f"day {parts[2]:02d} does not exist in {parts[0]}-{parts[1]:02d}"
    return ""


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
