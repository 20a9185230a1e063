"""Where povlib finds its seeds and curated tables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import DataError, PovlibError, SeedError

#: the installed `povlib` package folder (this module lives in povlib/catalog/)
PACKAGE_DIR = Path(__file__).resolve().parents[1]


#: a file in a data folder that marks its prose as never shown to readers (see `Layout.reader_facing`)
EVALUATION_MARKER = "EVALUATION_ONLY"


@dataclass(frozen=True)
class Layout:
    """The two folders povlib reads: `seeds` (documents + manifests) and `data` (curated tables)."""

    seeds: Path
    data: Path

    @property
    def reader_facing(self) -> bool:
        """Return False when the data folder holds a file named EVALUATION_ONLY: its curated prose
        is never shown to readers (the drafting corpus), so the reader-prose checks do not apply."""
        return not (self.data / EVALUATION_MARKER).exists()

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

    `POVLIB_SEEDS` overrides the seeds folder (for an installed, non-editable povlib) and
    `POVLIB_DATA` the curated-data folder (the one holding facts/, regions/ and indicators/).
    """
    seeds = Path(os.environ.get("POVLIB_SEEDS", PACKAGE_DIR.parent / "seeds"))
    data = Path(os.environ.get("POVLIB_DATA", PACKAGE_DIR / "data"))
    if not seeds.is_dir():
        raise SeedError(
            f"seeds folder {seeds} not found: install povlib from a clone with `pip install -e .`, "
            f"or set POVLIB_SEEDS to the folder that holds the seed documents and manifests"
        )
    if not data.is_dir():
        raise DataError(data, "data folder not found", "set POVLIB_DATA to the folder that holds facts/, "
                        "regions/ and indicators/, or unset it to use povlib/data")
    return Layout(seeds=seeds, data=data)


def resolve(layout: Layout | None) -> Layout:
    """Return `layout`, or the default layout when it is None."""
    return layout if layout is not None else default_layout()


def code_files() -> list[Path]:
    """Return povlib's Python sources, every subpackage included, sorted (what code hashes cover)."""
    return sorted(PACKAGE_DIR.rglob("*.py"))


def output_folder(value: str | Path, what: str, example: str) -> Path:
    """Return `value` as the folder a command writes into; raise PovlibError when it is empty, an
    existing file, or the project folder itself, so nothing lands in the project root by accident.

    `what` names the argument in the message (e.g. "--out") and `example` is a folder to suggest.
    """
    if isinstance(value, str) and not value.strip():
        raise PovlibError(f"{what} is empty: give the folder to write into, e.g. {example}")
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise PovlibError(f"{what} {path} is a file, not a folder: give a folder to write into, e.g. {example}")
    if path.resolve() == PACKAGE_DIR.parent.resolve():
        raise PovlibError(f"{what} {path} is the project folder itself, where the files would mix with the "
                          f"project's own: give a folder of their own, e.g. {example}")
    return path
