"""The files of `povlib draft`: the seed it reads, what it may replace, and one all-or-nothing write.

A draft may replace only a draft: a source whose manifest or facts file holds anything without
`status: draft` is curated and is never replaced, with or without `--force`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .exceptions import DataError, DraftError
from .layout import Layout
from .tables import read_yaml


def read_seed(seed: Path) -> tuple[bytes, str]:
    """Return (bytes, text) of a seed document; raise DraftError when it is missing, a
    directory, not UTF-8, or holds no text."""
    if seed.is_dir():
        raise DraftError(f"seed {seed} is a directory: give the path of one UTF-8 text file in it")
    if not seed.is_file():
        raise DraftError(f"seed {seed} not found: give the path of a UTF-8 text file")
    data = seed.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DraftError(f"seed {seed} is not UTF-8 text: convert it (e.g. `iconv -f GB18030 -t UTF-8`) "
                         "and draft the converted file") from None
    if not text.lstrip("\ufeff").strip():
        raise DraftError(f"seed {seed} holds no text (it is empty or only white space): give the file with the document's text")
    return data, text


def _read(path: Path) -> dict:
    try:
        return read_yaml(path)
    except DataError as exc:
        raise DraftError(f"{path} cannot be read ({exc.problem}), so povlib draft cannot tell whether it "
                         "is a draft: fix the file, or choose another --source-id") from None


def _refuse_curated(source_id: str, path: Path, what: str) -> None:
    raise DraftError(f"{source_id} is a curated source ({path}: {what}): povlib draft never replaces "
                     "curated data; choose another --source-id, or edit the curated files by hand")


def draft_seed(layout: Layout, source_id: str) -> str:
    """Return the seed file name the existing draft manifest of `source_id` names ("" when there is
    none); raise DraftError when the source is curated: its manifest, or any row of its facts
    file (facts, exclusions, anomalies, checks), lacks `status: draft`."""
    manifest_path, facts_path = layout.seeds / f"{source_id}.yaml", layout.facts_dir / f"{source_id}.yaml"
    seed_file = ""
    if manifest_path.exists():
        raw = _read(manifest_path)
        if raw.get("status") != "draft":
            _refuse_curated(source_id, manifest_path, "the manifest has no `status: draft`")
        seed_file = str(raw.get("file") or "")
    if facts_path.exists():
        raw = _read(facts_path)
        for section, rows in raw.items():
            for i, row in enumerate(rows if isinstance(rows, list) else [], 1):
                if not isinstance(row, dict) or row.get("status") != "draft":
                    _refuse_curated(source_id, facts_path, f"{_row_name(section, i, row)} has no `status: draft`")
    return seed_file


def _row_name(section: str, i: int, row) -> str:
    """Return how a message names a row: its id, else `<section> row <i>`."""
    ids = [row.get(k) for k in ("fact_id", "anomaly_id", "check_id")] if isinstance(row, dict) else []
    return next((str(v) for v in ids if v), f"{section} row {i}")


def claimants(layout: Layout, file: str) -> list[str]:
    """Return the source ids whose manifest names `file` as its seed (unreadable manifests skipped)."""
    out = []
    for path in sorted(layout.seeds.glob("*.yaml")):
        try:
            if str(read_yaml(path).get("file") or "") == file:
                out.append(path.stem)
        except DataError:
            continue
    return out


def refuse_overwrite(targets: list[Path], seed_bytes: bytes, force: bool) -> None:
    """Raise DraftError when a target exists and `force` is not set (a seed already holding
    exactly `seed_bytes` is not an overwrite)."""
    for path in targets:
        if not path.exists() or force:
            continue
        if path.suffix == ".txt" and path.read_bytes() == seed_bytes:
            continue  # the same document is already in seeds/: nothing is overwritten
        raise DraftError(f"{path} exists: povlib draft never overwrites a seed, manifest or facts file; "
                         "pass --force to replace it (and your edits to the draft), or choose another --source-id")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _stage(path: Path, data: bytes) -> Path:
    """Return a new temporary file next to `path` holding `data`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def commit(writes: dict[Path, bytes], remove: list[Path]) -> None:
    """Write every file of `writes` and delete every path of `remove`, all or nothing: the new
    contents are written to temporary files first and renamed into place at the end; if any
    step fails, every file is put back as it was (and the temporary files are removed)."""
    staged: dict[Path, Path] = {}
    before = {path: path.read_bytes() if path.exists() else None for path in [*writes, *remove]}
    try:
        for path, data in writes.items():
            staged[path] = _stage(path, data)
        for path, tmp in staged.items():
            os.replace(tmp, path)
        for path in remove:
            path.unlink(missing_ok=True)
    except BaseException:
        _restore(before)
        raise
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)


def _restore(before: dict[Path, bytes | None]) -> None:
    """Put every path back to its bytes of `before` (None: it did not exist)."""
    for path, data in before.items():
        if data is None:
            path.unlink(missing_ok=True)
        elif not path.exists() or path.read_bytes() != data:
            write_atomic(path, data)
