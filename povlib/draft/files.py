"""The files of `povlib draft`: the seed it reads, what it may replace, one all-or-nothing write,
the lock that makes drafts take turns and the journal that lets the next draft undo a killed one.

A draft may replace only a draft: a source whose manifest or facts file holds anything without
`status: draft` is curated and is never replaced, with or without `--force`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from pathlib import Path

from ..base import locks
from ..exceptions import DataError, DraftError
from ..catalog.layout import Layout
from ..catalog.journal import JOURNAL, read_journal, seeds_name
from ..catalog.tables import read_yaml

LOCK = ".draft.lock"                 # in the seeds folder: one draft at a time
_NEW, _OLD = ".povlib-new", ".povlib-old"


def read_seed(seed: Path) -> tuple[bytes, str]:
    """Return (bytes, text) of a seed document; raise DraftError when it is missing, a
    directory, not UTF-8, or holds no text."""
    if seed.is_dir():
        raise DraftError(f"seed {seed} is a directory: give the path of one UTF-8 text file in it")
    if seed.exists() and not seed.is_file():
        raise DraftError(f"seed {seed} is not a regular file (a device, a pipe or a socket): save the document "
                         "as a UTF-8 text file and give its path")
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


@contextlib.contextmanager
def draft_lock(layout: Layout, say=None):
    """Hold the exclusive draft lock of `layout` (an flock on `seeds/.draft.lock`, released by the
    kernel when its holder dies) for a whole draft; a second draft says it is waiting, in one
    line, then waits. SIGTERM stops the holder as Ctrl-C does, so its files are put back."""
    say = say or _stderr
    try:
        fd = os.open(layout.seeds / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise DraftError(f"cannot write to the seeds folder {layout.seeds} ({exc.strerror}): make it "
                         "writable, or set POVLIB_SEEDS to a writable folder") from None
    try:
        with locks.hold(fd, lambda pid: f"povlib: waiting for another povlib draft (pid {pid}) to finish...", say), \
                locks.sigterm_as_interrupt():
            yield
    finally:
        os.close(fd)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def commit(writes: dict[Path, bytes], remove: list[Path], journal: Path) -> None:
    """Write every file of `writes` and delete every path of `remove`, all or nothing.

    The new contents go to temporary files `.<name>.povlib-new` and every file to be replaced
    or removed gets a hard link `.<name>.povlib-old`; `journal` names them all before the first
    rename. If a step fails, every file is put back as it was; if the process dies (SIGKILL,
    power loss), the journal stays and the next draft puts the files back (`recover`)."""
    entries = [{"path": str(path), "new": str(_side(path, _NEW)), "old": _old(path)} for path in writes]
    entries += [{"path": str(path), "new": None, "old": _old(path)} for path in remove]
    _write_journal(journal, "staging", entries)
    try:
        for path, data in writes.items():
            _stage(_side(path, _NEW), data)
        for entry in entries:
            if entry["old"]:
                _keep(Path(entry["path"]), Path(entry["old"]))
        _write_journal(journal, "applying", entries)
        for path in writes:
            os.replace(_side(path, _NEW), path)
        for path in remove:
            path.unlink(missing_ok=True)
    except BaseException:
        try:
            _roll_back(journal)
        except (OSError, DraftError):
            pass   # the journal stays: the next draft puts the files back
        raise
    journal.unlink()                      # the draft is complete from here on
    for entry in entries:
        if entry["old"]:
            Path(entry["old"]).unlink(missing_ok=True)


def recover(layout: Layout, say=None) -> None:
    """Put back the files of a draft that died while writing them (its journal is still in the
    seeds folder), then remove the temporary and backup files any earlier draft left behind.
    Call it holding `draft_lock`."""
    journal = layout.seeds / JOURNAL
    if journal.exists():
        data = read_journal(journal)
        _roll_back(journal)
        (say or _stderr)(f"povlib: put back the files of a povlib draft that was interrupted (pid "
                         f"{data.get('pid', '?')}): {', '.join(seeds_name(Path(e['path'])) for e in data['files'])}")
    for folder in (layout.seeds, layout.facts_dir):
        for leftover in [*folder.glob(f".*{_NEW}"), *folder.glob(f".*{_OLD}")] if folder.is_dir() else []:
            leftover.unlink(missing_ok=True)




def _side(path: Path, suffix: str) -> Path:
    """Return the hidden file next to `path` that a draft writes before the rename: `.<name><suffix>`."""
    return path.with_name(f".{path.name}{suffix}")


def _old(path: Path) -> str | None:
    """Return where the old contents of `path` are kept during a draft, None when it does not exist."""
    return str(_side(path, _OLD)) if path.exists() else None


def _keep(path: Path, old: Path) -> None:
    """Make `old` another name of `path`'s contents (a hard link, or a copy where links fail)."""
    old.unlink(missing_ok=True)
    try:
        os.link(path, old)
    except OSError:
        shutil.copy2(path, old)


def _stage(path: Path, data: bytes) -> None:
    """Write `data` to the new file `path` with the mode a new file gets under the umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _write_journal(journal: Path, state: str, entries: list[dict]) -> None:
    """Replace `journal` by one naming the draft's state and files (relative to the journal's
    folder, so a moved checkout still recovers), in one rename."""
    rel = lambda name: name and os.path.relpath(name, journal.parent)
    files = [{k: rel(v) for k, v in entry.items()} for entry in entries]
    tmp = _side(journal, _NEW)
    _stage(tmp, json.dumps({"pid": os.getpid(), "state": state, "files": files}, indent=1).encode())
    os.replace(tmp, journal)



def _roll_back(journal: Path) -> None:
    """Put every file the journal names back as it was before its draft, then delete the journal:
    while staging nothing was replaced; while applying, a file with a kept copy gets it back and
    a file that did not exist is removed."""
    data = read_journal(journal)
    for entry in data["files"]:
        path, old = Path(entry["path"]), entry["old"] and Path(entry["old"])
        if data["state"] == "applying":
            if old and old.exists():
                os.replace(old, path)
            elif not old:
                path.unlink(missing_ok=True)
        for side in (entry["new"], entry["old"]):
            if side:
                Path(side).unlink(missing_ok=True)
    journal.unlink()
