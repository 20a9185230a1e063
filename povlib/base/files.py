"""Small file helpers shared by every writer: atomic text writes and the UTC stamp put in outputs."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a hidden temporary file and a rename, so a reader never
    sees a half-written file; returns None."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def utc_now() -> str:
    """Return the current time as `YYYY-MM-DD HH:MM:SS UTC` (the stamp of builds and the index)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
