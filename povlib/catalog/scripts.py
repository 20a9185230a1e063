"""Folding Chinese text across scripts: traditional and simplified characters compare equal after
`fold` (OpenCC `t2s`, then lower case). Search and the landing page's search both use it."""

from __future__ import annotations

from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Return `text` in simplified characters and lower case (the form searches compare)."""
    return _T2S.convert(text).lower()
