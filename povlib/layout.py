"""Where povlib finds its seeds and curated tables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .exceptions import SeedError

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Layout:
    """The two folders povlib reads: `seeds` (documents + manifests) and `data` (curated tables)."""

    seeds: Path
    data: Path

    @property
    def facts_dir(self) -> Path:
        return self.data / "facts"

    @property
    def regions_dir(self) -> Path:
        return self.data / "regions"

    @property
    def indicators_dir(self) -> Path:
        return self.data / "indicators"


def default_layout() -> Layout:
    """Return the layout of this checkout: `<project>/seeds` and `povlib/data`.

    `POVLIB_SEEDS` overrides the seeds folder (for an installed, non-editable povlib).
    """
    seeds = Path(os.environ.get("POVLIB_SEEDS", PACKAGE_DIR.parent / "seeds"))
    if not seeds.is_dir():
        raise SeedError(
            f"seeds folder {seeds} not found: install povlib from a clone with `pip install -e .`, "
            f"or set POVLIB_SEEDS to the folder that holds the seed documents and manifests"
        )
    return Layout(seeds=seeds, data=PACKAGE_DIR / "data")


def resolve(layout: Layout | None) -> Layout:
    """Return `layout`, or the default layout when it is None."""
    return layout if layout is not None else default_layout()
