"""What a build writes and how it decides what to rebuild: the Result of one report, the files
and stamp of a report in the output folder, the keys that say whether it is current, and the
scratch folders of a build (shared by the local pool and the Dask runner)."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..catalog.layout import PACKAGE_DIR, code_files
from ..exceptions import PovlibError
from ..present.pages import TEMPLATES
from .config import Report

FORMATS = ("html", "pdf")
PROJECT_DIR = PACKAGE_DIR.parent


@dataclass
class Result:
    """What happened to one report: status 'built', 'skipped' or 'failed', why, and where it was
    executed ('' for a local build process, else the Dask worker's address and pid)."""

    name: str
    status: str
    seconds: float = 0.0
    cell: str = ""
    error: str = ""
    worker: str = ""
    #: the worker that produced this result must stop (its kernel died; a fresh worker replaces it)
    retire: bool = False


def code_hash() -> str:
    """Return a short sha256 of povlib's Python sources and report templates (a change to either
    rebuilds every report)."""
    digest = hashlib.sha256()
    files = [*code_files(), *(p for p in TEMPLATES.rglob("*") if p.is_file())]
    for path in sorted(files):
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def report_key(report: Report, data_hash: str, code: str, formats: tuple[str, ...]) -> str:
    """Return the hash that decides whether a report must be rebuilt: its notebook's bytes, its
    parameters, `data_hash` (the data it reads: `DataInputs.key`), povlib's code and the formats."""
    digest = hashlib.sha256(report.notebook.read_bytes())
    digest.update(json.dumps([report.parameters, data_hash, code, list(formats)], sort_keys=True).encode())
    return digest.hexdigest()


def inside(out_dir: Path, path: Path) -> Path:
    """Return `path` after checking that it lies inside `out_dir`; raises PovlibError otherwise.

    Every file a build writes or removes goes through here, so no report name can reach outside.
    """
    root, target = out_dir.resolve(), path.resolve()
    if target != root and root not in target.parents:
        raise PovlibError(f"refusing to touch {path}: it is outside the output folder {out_dir}")
    return path


def outputs(out_dir: Path, name: str, formats: tuple[str, ...]) -> list[Path]:
    """Return the files a report writes: executed notebook plus one file per format."""
    return [inside(out_dir, out_dir / f"{name}.{ext}") for ext in ("ipynb", *formats)]


def stamp_path(out_dir: Path, name: str) -> Path:
    return inside(out_dir, out_dir / ".stamps" / f"{name}.json")


def is_current(out_dir: Path, report: Report, key: str, formats: tuple[str, ...]) -> bool:
    """Return True when the report's stamp matches `key` and all its outputs exist."""
    stamp = stamp_path(out_dir, report.name)
    if not stamp.is_file() or not all(p.is_file() for p in outputs(out_dir, report.name, formats)):
        return False
    try:
        return json.loads(stamp.read_text(encoding="utf-8")).get("key") == key
    except (ValueError, OSError):  # a damaged stamp only means: rebuild
        return False


def tmp_dir(out_dir: Path) -> Path:
    return out_dir / ".tmp"


def scratch() -> Path:
    """Return this build's short scratch folder in the system's temporary folder (for Chromium,
    whose socket paths must stay short; the output folder may be deep)."""
    return Path(tempfile.gettempdir()) / f"povlib-{os.getuid()}-{os.getpid()}"


def clean_stale_scratch() -> None:
    """Remove scratch folders of builds that are no longer running (killed ones); returns None."""
    for path in Path(tempfile.gettempdir()).glob(f"povlib-{os.getuid()}-*"):
        try:
            os.kill(int(path.name.rsplit("-", 1)[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except (ValueError, PermissionError):
            continue


def work_dir(out_dir: Path, name: str) -> Path:
    return inside(out_dir, tmp_dir(out_dir) / name)


#: what may name a region, an indicator or a fact in a manifest or a facts file (a YAML token)
_KEY_TOKEN = re.compile(r"[a-z0-9][a-z0-9_-]*")
#: the tables every report reads whole: a change to one of them rebuilds every report
COMMON = ("common.csv",)


class DataInputs:
    """The data files a build reads, to key each report on the data its parameters select (no
    pandas, no YAML parsing: file bytes, the two CSV reference tables, and the key-like tokens of
    each manifest and facts file).

    A report's sources (`sources`) are those whose manifest or facts file names a region of its
    subtree (the region and every region below it), plus every source that names a fact of such
    a source or is named by one (an anomaly or check across documents), until none is added. Its
    data key (`key`) hashes those sources' manifests, seeds, facts files and own region and
    indicator tables, the rows of other tables it reads (its regions, their ancestors, and every
    region or indicator key its sources name), and the common tables. Tokens are matched as whole
    keys anywhere in the files, so a key that is only mentioned (in a note) counts too: a report
    may be rebuilt once too often, never once too few. A report without a `region` or `regions`
    parameter, or with `regions: all`, reads every source; a file of the data folders that belongs
    to no source counts as common."""

    def __init__(self, layout):
        self.layout = layout
        manifests = sorted(layout.seeds.glob("*.yaml"))
        self.ids = [p.stem for p in manifests]
        self.bytes: dict[str, list[tuple[str, bytes]]] = {sid: [] for sid in self.ids}
        self.tokens: dict[str, set[str]] = {sid: set() for sid in self.ids}
        self.common: list[tuple[str, bytes]] = []
        for path in manifests:
            data = path.read_bytes()
            self._add(path.stem, f"seeds/{path.name}", data)
            self._add_seed(path.stem, data)
        claimed = {name for files in self.bytes.values() for name, _ in files}
        for path in sorted(layout.seeds.glob("*.txt")):
            if f"seeds/{path.name}" not in claimed:
                self.common.append((f"seeds/{path.name}", path.read_bytes()))   # a seed no manifest names
        self.regions: dict[str, tuple[str, str]] = {}   # key -> (parent, "file: row")
        self.indicators: dict[str, str] = {}
        for folder in ("facts", "regions", "indicators"):
            directory = layout.data / folder
            for path in sorted(directory.iterdir()) if directory.is_dir() else []:
                if path.suffix not in (".yaml", ".csv"):
                    continue
                data, name = path.read_bytes(), f"{folder}/{path.name}"
                if path.stem in self.tokens and path.name not in COMMON:
                    self._add(path.stem, name, data)
                else:
                    self.common.append((name, data))
                if folder != "facts" and path.suffix == ".csv":
                    self._read_table(folder, path.name, data)
        self._children: dict[str, list[str]] = {}
        for key, (parent, _) in self.regions.items():
            self._children.setdefault(parent, []).append(key)
        self.digests = {sid: _files_digest(files) for sid, files in self.bytes.items()}
        self.common_digest = _files_digest(self.common)
        tables = set(self.regions) | set(self.indicators)
        self.refs = {sid: tokens & tables for sid, tokens in self.tokens.items()}   # the table rows it names
        prefix = {sid: re.compile(rf"^{re.escape(sid)}-\d+$") for sid in self.ids}
        self.links = {sid: {other for other in self.ids if other != sid
                            and any(prefix[other].match(t) for t in self.tokens[sid] if t.startswith(other))}
                      for sid in self.ids}

    def _add(self, sid: str, name: str, data: bytes) -> None:
        self.bytes[sid].append((name, data))
        if name.endswith(".yaml"):
            self.tokens[sid].update(_KEY_TOKEN.findall(data.decode("utf-8", "replace")))

    def _add_seed(self, sid: str, manifest: bytes) -> None:
        """Add the seed a manifest names (`file:`); when it cannot be told, every seed."""
        found = re.search(rb"^file:\s*[\"']?([^\"'\s#]+)", manifest, re.M)
        seeds = [self.layout.seeds / found.group(1).decode("utf-8", "replace")] if found else []
        if not seeds or not seeds[0].is_file() or seeds[0].parent != self.layout.seeds:
            seeds = sorted(self.layout.seeds.glob("*.txt"))
        for seed in seeds:
            self.bytes[sid].append((f"seeds/{seed.name}", seed.read_bytes()))

    def _read_table(self, folder: str, name: str, data: bytes) -> None:
        rows = csv.DictReader(data.decode("utf-8", "replace").splitlines())
        for row in rows:
            key = str(row.get("key") or "")
            text = f"{name}: {json.dumps(row, ensure_ascii=False, sort_keys=True)}"
            if folder == "regions":
                self.regions.setdefault(key, (str(row.get("parent") or ""), text))
            else:
                self.indicators.setdefault(key, text)

    def _below(self, region: str) -> set[str]:
        """Return the region and every region below it (safe against loops in parent links)."""
        out, todo = set(), [region]
        while todo:
            key = todo.pop()
            if key not in out:
                out.add(key)
                todo += self._children.get(key, [])
        return out

    def _above(self, keys: set[str]) -> set[str]:
        """Return the ancestors of `keys` (safe against loops)."""
        out, todo = set(), [self.regions[k][0] for k in keys if k in self.regions]
        while todo:
            key = todo.pop()
            if key and key not in out:
                out.add(key)
                todo.append(self.regions.get(key, ("", ""))[0])
        return out

    def selected_regions(self, report: Report) -> list[str] | None:
        """Return the region keys a report's parameters select, or None for every region (no
        `region`/`regions` parameter, `regions: all`, or a value of another shape)."""
        params = report.parameters
        if isinstance(params.get("region"), str):
            return [params["region"]]
        regions = params.get("regions")
        if isinstance(regions, str) and regions != "all":
            regions = [r.strip() for r in regions.split(",") if r.strip()]
        if isinstance(regions, list) and regions and all(isinstance(r, str) for r in regions):
            return regions
        return None

    def sources(self, report: Report) -> list[str]:
        """Return the source ids whose data the report reads (sorted)."""
        regions = self.selected_regions(report)
        if regions is None:
            return list(self.ids)
        subtree = set().union(*(self._below(r) for r in regions))
        found = {sid for sid in self.ids if self.tokens[sid] & subtree}
        if "regions" in report.parameters:   # report.incidence_points shows every region's thresholds
            found |= {sid for sid in self.ids if "threshold" in self.tokens[sid]}
        todo = list(found)
        while todo:   # a source naming a fact of a found one, or named by one (checks, anomalies)
            sid = todo.pop()
            for other in self.ids:
                if other not in found and (other in self.links[sid] or sid in self.links[other]):
                    found.add(other)
                    todo.append(other)
        return sorted(found)

    def key(self, report: Report) -> str:
        """Return a sha256 over the data the report reads (see the class)."""
        sids = self.sources(report)
        regions = self.selected_regions(report)
        named = set().union(set(), *(self.refs[sid] for sid in sids))
        if regions is not None:
            named |= set().union(*(self._below(r) for r in regions))
        named |= self._above(named & set(self.regions))
        digest = hashlib.sha256(self.common_digest.encode())
        for sid in sids:
            digest.update(f"{sid}:{self.digests[sid]}\0".encode())
        for key in sorted(named):
            for row in (self.regions.get(key, ("", ""))[1], self.indicators.get(key, "")):
                digest.update(row.encode() + b"\0")
        return digest.hexdigest()


def _files_digest(files: list[tuple[str, bytes]]) -> str:
    """Return the sha256 over the (name, bytes) of `files`, in their order."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()
