"""What a build writes and how it decides what to rebuild: the Result of one report, the files
and stamp of a report in the output folder, the keys that say whether it is current, and the
scratch folders of a build (shared by the local pool and the Dask runner)."""

from __future__ import annotations

import hashlib
import json
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
    """Return the hash that decides whether a report must be rebuilt."""
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
