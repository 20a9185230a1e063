"""The warm-load cache: povlib's own pickled results, keyed by the sha256 of their inputs.

A cache file holds a header line, the key line, the sha256 of the payload and the payload (a
pickle); one file per layout (a hash of its folders), replaced when its inputs change, removed
after 30 days without use. The payload's sha256 is checked before it is unpickled: a file whose
bytes were changed (a bad disk, an edit) is a miss with one warning line, never data. The key is a sha256 over povlib's
code version and the name and sha256 of every input file, so any edit, new or removed file, or
povlib upgrade invalidates it. Files live in `$POVLIB_CACHE_DIR`, else `$XDG_CACHE_HOME/povlib`,
else `~/.cache/povlib`. They are written atomically (temporary file + rename); a missing, stale,
corrupt or unreadable file is ignored (the caller rebuilds), and an unwritable folder only costs
the next load its speed. Only files povlib wrote itself are unpickled: the folder is the user's.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..base.version import __version__
from .layout import PACKAGE_DIR, code_files

CACHE_ENV = "POVLIB_CACHE_DIR"
_MAGIC = b"povlib-cache 2\n"
#: what happened in this process: "hit", "miss" (absent, stale or damaged), "damaged" (its payload
#: does not match its sha256), "ignored" (corrupt or unreadable), "written", "unwritable"
STATS: Counter = Counter()


def cache_dir() -> Path:
    """Return the folder povlib keeps its cache files in (POVLIB_CACHE_DIR overrides it)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "povlib"


@lru_cache(maxsize=1)
def code_version() -> str:
    """Return a sha256 of povlib's Python sources and the Python version (pickles follow both)."""
    digest = hashlib.sha256(f"{__version__} {sys.version_info[:2]}".encode())
    for path in code_files():
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_key(files: list[Path]) -> str:
    """Return the sha256 over povlib's code version and the names (`folder/file`) and bytes of `files`."""
    digest = hashlib.sha256(code_version().encode())
    for path in sorted(files):
        name = f"{path.parent.name}/{path.name}"
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_file(kind: str, *scope: object) -> Path:
    """Return the cache file of `kind` for a scope (e.g. a layout's folders): one file per scope."""
    tag = hashlib.sha256("\0".join(map(str, scope)).encode()).hexdigest()[:16]
    return cache_dir() / f"{kind}-{tag}.pickle"


def read(path: Path, key: str, accept=lambda value: True):
    """Return the object cached in `path` under `key`, or None when absent, stale, damaged,
    unreadable or not `accept`ed (a predicate on the unpickled object).

    The payload is unpickled only when its sha256 matches the one in the header; a mismatch is a
    miss that prints one warning line on stderr (the caller validates again and rewrites the file).
    """
    try:
        with open(path, "rb") as fh:
            if fh.readline() != _MAGIC or fh.readline() != key.encode() + b"\n":
                STATS["miss"] += 1
                return None
            digest = fh.readline().rstrip(b"\n")
            payload = fh.read()
    except FileNotFoundError:
        STATS["miss"] += 1
        return None
    except OSError:
        STATS["ignored"] += 1
        return None
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        STATS["miss"] += 1
        STATS["damaged"] += 1
        print(f"povlib: warning: cache file {path} is damaged (its contents do not match their sha256); "
              "ignoring it and validating the data again", file=sys.stderr)
        return None
    try:
        value = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - an unreadable cache is rebuilt, never an error
        STATS["ignored"] += 1
        return None
    if not accept(value):
        STATS["miss"] += 1
        return None
    STATS["hit"] += 1
    return value


def write(path: Path, key: str, value) -> bool:
    """Store `value` under `key` in `path` atomically; return False when it cannot be written."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", delete=False) as fh:
            tmp = Path(fh.name)
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            digest = hashlib.sha256(payload).hexdigest().encode()
            fh.write(_MAGIC + key.encode() + b"\n" + digest + b"\n")
            fh.write(payload)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        STATS["unwritable"] += 1
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        return False
    STATS["written"] += 1
    _prune(path.parent)
    return True


def _prune(folder: Path, days: float = 30) -> None:
    """Remove cache files (and temporary files of killed writers) unused for `days`: every moved
    or deleted layout leaves one behind."""
    limit = time.time() - days * 86400
    for old in folder.glob("*.pickle*"):
        try:
            if max(old.stat().st_mtime, old.stat().st_atime) < limit:
                old.unlink()
        except OSError:
            pass
