"""The report configuration (`reports.yaml`): which reports a build writes, validated before any work.

A report name becomes file names in the output folder, so it must be a safe slug; parameters are
checked against the notebook's `parameters` cell, so a misspelt name stops that report instead of
silently building it with the default value.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..catalog.tables import UniqueKeyLoader, yaml_problem
from ..exceptions import DataError, PovlibError
from ..catalog.layout import PACKAGE_DIR

#: a report name: letters, digits, '-' and '_', starting with a letter or digit (no '/', no '..')
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
#: the keys a report may have
KEYS = {"name", "notebook", "parameters", "title", "description"}


@dataclass(frozen=True)
class Report:
    """One configured report: its name, notebook path, parameters, and an optional title and
    one-line description for readers (the landing page falls back to the name)."""

    name: str
    notebook: Path
    parameters: dict = field(default_factory=dict)
    title: str = ""
    description: str = ""

    @property
    def heading(self) -> str:
        """Return the title readers see: `title`, or the name when none is configured."""
        return self.title or self.name





def _read(path: Path) -> dict:
    if not path.is_file():
        raise DataError(path, "report configuration not found",
                        "create it (see reports.yaml in the project) or pass --config PATH")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise DataError(path, *yaml_problem(exc)) from None
    except UnicodeDecodeError:
        raise DataError(path, "is not UTF-8 text", "save it as UTF-8") from None
    if not isinstance(data, dict) or not isinstance(data.get("reports"), list):
        raise DataError(path, "has no list under `reports:`",
                        "write `reports:` followed by one `- {name: ..., notebook: ..., parameters: {...}}` per report")
    return data


def _report(path: Path, i: int, row, seen: set[str]) -> Report:
    where = f"report {i}"
    if not isinstance(row, dict) or not {"name", "notebook"} <= set(row):
        raise DataError(path, f"report {i} needs name and notebook",
                        "write {name: ..., notebook: ..., parameters: {...}}", row=where)
    unknown = sorted(set(row) - KEYS)
    if unknown:
        raise DataError(path, f"unknown key(s) {unknown}",
                        "use only name, notebook, parameters, title and description", row=where)
    name = row["name"]
    if isinstance(name, str) and len(name) > 80 and NAME.match(name[:80]):
        raise DataError(path, f"report name {name[:20]!r}… is {len(name)} characters long",
                        "shorten it to at most 80 characters (it becomes file names)", row=where)
    if not isinstance(name, str) or not NAME.match(name):
        raise DataError(path, f"report name {name!r} is not a safe file name",
                        "use letters, digits, '-' and '_' only (no '/', '.' or spaces), e.g. profile-tongren",
                        row=where)
    if name == "index":
        raise DataError(path, "report name 'index' is taken by the landing page (index.html)",
                        "choose another name", row=where)
    if name in seen:
        raise DataError(path, f"report name {name!r} is used twice", "give each report its own name", row=where)
    params = row.get("parameters") or {}
    if not isinstance(params, dict):
        raise DataError(path, f"parameters of {name!r} are a {type(params).__name__}, not a mapping",
                        "write parameters: {region: tongren}", row=where)
    notebook = (path.parent / str(row["notebook"])).resolve()
    if notebook.is_dir():
        raise DataError(path, f"notebook {row['notebook']} is a folder, not a notebook file",
                        "name the .ipynb file (relative to the config)", row=f"{where} ({name})")
    if not notebook.is_file():
        raise DataError(path, f"notebook {row['notebook']} not found", "fix the path (relative to the config)",
                        row=f"{where} ({name})")
    _check_notebook(path, notebook, str(row["notebook"]), f"{where} ({name})")
    return Report(name, notebook, dict(params), *(_text(path, row, key, where) for key in ("title", "description")))


def _check_notebook(path: Path, notebook: Path, written: str, where: str) -> None:
    """Return None when `notebook` is a Jupyter notebook (JSON with a list of cells); else raise
    DataError with a fix that fits: `git checkout` only for a .ipynb inside the project."""
    if notebook.suffix != ".ipynb":
        raise DataError(path, f"notebook {written} is not a Jupyter notebook (.ipynb) file",
                        "name a .ipynb file, relative to the config (e.g. notebooks/region_profile.ipynb)", row=where)
    inside = PACKAGE_DIR.parent == notebook or PACKAGE_DIR.parent in notebook.parents
    restore = f"restore it (git checkout -- {written}) or save it again from JupyterLab" if inside else \
        "save it again from JupyterLab, or name another notebook"
    try:
        data = json.loads(notebook.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(path, f"notebook {written} is not a valid notebook ({exc})", restore, row=where) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise DataError(path, f"notebook {written} is JSON but not a Jupyter notebook (it has no list of cells)",
                        restore, row=where)


def _text(path: Path, row: dict, key: str, where: str) -> str:
    """Return the optional one-line text `row[key]` ('' when absent); raise DataError otherwise."""
    value = row.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
        raise DataError(path, f"{key} of {row['name']!r} is not one line of text",
                        f'write {key}: "..." on one line, or leave {key} out', row=where)
    return value.strip()


def load_config(path: Path) -> list[Report]:
    """Return the reports listed in the YAML configuration; raises DataError naming the row."""
    data = _read(path)
    reports: list[Report] = []
    for i, row in enumerate(data["reports"], 1):
        reports.append(_report(path, i, row, {r.name for r in reports}))
    if not reports:
        raise DataError(path, "lists no reports", "add entries under `reports:`")
    return reports


@lru_cache(maxsize=32)
def _notebook_parameters(path: Path, mtime_ns: int) -> tuple[str, ...]:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            tree = ast.parse(source)
            names = [t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                     for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                     if isinstance(t, ast.Name)]
            return tuple(names)
    return ()


def notebook_parameters(notebook: Path) -> tuple[str, ...]:
    """Return the names assigned in the notebook's cell tagged `parameters` (papermill's convention)."""
    return _notebook_parameters(notebook, notebook.stat().st_mtime_ns)


def check_parameters(report: Report) -> None:
    """Raise PovlibError when the report passes a parameter its notebook does not declare."""
    valid = notebook_parameters(report.notebook)
    unknown = sorted(set(report.parameters) - set(valid))
    if unknown:
        raise PovlibError(f"report {report.name!r}: unknown parameter(s) {', '.join(map(repr, unknown))} for "
                          f"{report.notebook.name}; valid: {', '.join(valid) or '(none)'}")
