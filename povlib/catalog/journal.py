"""The journal `povlib draft` keeps in the seeds folder while it renames its files into place.

It lives in the data model because `povlib check` must tell an interrupted draft apart from an
edited seed; the drafting package writes and rolls back journals with these readers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..exceptions import DraftError

JOURNAL = ".draft-journal.json"      # in the seeds folder while a draft renames its files into place


def read_journal(journal: Path) -> dict:
    """Return the journal with absolute paths; raise DraftError when it cannot be read."""
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        if data["state"] in ("staging", "applying") and all({"path", "new", "old"} <= set(e) for e in data["files"]):
            data["files"] = [{k: v and os.path.normpath(journal.parent / v) for k, v in e.items()}
                             for e in data["files"]]
            return data
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    raise DraftError(f"{journal} (the journal of an interrupted povlib draft) cannot be read: restore each file "
                     "it names from its .povlib-old copy, or from git, then delete the journal")


def interrupted(seeds: Path) -> str:
    """Return what `povlib check` says when a draft was interrupted while writing its files (its
    journal is in `seeds`), or "" when none was."""
    journal = seeds / JOURNAL
    if not journal.exists():
        return ""
    try:
        names = ", ".join(seeds_name(Path(e["path"])) for e in read_journal(journal)["files"])
    except DraftError:
        names = "see the journal"
    return (f"a `povlib draft` was interrupted while writing its files ({names}; journal {seeds_name(journal)}): "
            "run `povlib draft` again (any seed and source id), which first puts them back as they were")


def seeds_name(path: Path) -> str:
    """Return `path` as `<folder>/<name>` (how a checkout names a seed or manifest) for messages."""
    return f"{path.parent.name}/{path.name}"
