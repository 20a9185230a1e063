"""Speed of `povlib draft` on a document and on the same document repeated: lines per second.

A SYNTHETIC document (by default tests/fixtures/draft/synthetic-county-report-2021.txt, the
county work report an independent reviewer wrote to test drafting) is concatenated 1 and 50 times in a temporary
folder and drafted end to end (`povlib.draft.draft`: manifest, candidates, suggestions, repeats,
the all-or-nothing write) into a temporary copy of this checkout's seeds and curated data; the
catalog is loaded before the clock starts. Close to linear means lines/s stays about the same.

Run: .venv/bin/python benchmarks/draft_speed.py [DOCUMENT] [--times 1,50]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT / "tests" / "fixtures" / "draft" / "synthetic-county-report-2021.txt"


def _layout(tmp: Path):
    """Return a Layout over copies of this checkout's seeds and curated data under `tmp`."""
    from povlib import Layout
    shutil.copytree(ROOT / "seeds", tmp / "seeds", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(ROOT / "povlib" / "data", tmp / "data")
    return Layout(seeds=tmp / "seeds", data=tmp / "data")


def measure(doc: Path, times: int, tmp: Path) -> dict:
    """Draft `doc` repeated `times` times into a fresh layout; return lines, seconds and counts."""
    from povlib.catalog import loader as catalog
    from povlib.draft.pipeline import draft
    work = tmp / f"x{times}"
    work.mkdir()
    layout = _layout(work)
    seed = work / f"{doc.stem}-x{times}.txt"
    seed.write_text(doc.read_text(encoding="utf-8") * times, encoding="utf-8")
    catalog.load(layout)                          # the curated catalog, loaded before the clock starts
    start = time.perf_counter()
    result = draft(seed, f"speed-x{times}", layout=layout)
    seconds = time.perf_counter() - start
    lines = len(seed.read_text(encoding="utf-8").splitlines())
    return {"times": times, "lines": lines, "seconds": seconds, "facts": result.n_facts,
            "excluded": result.n_excluded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("document", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--times", default="1,50", help="comma-separated repeat counts (default 1,50)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="povlib-draft-speed-") as tmp:
        os.environ["POVLIB_CACHE_DIR"] = str(Path(tmp) / "cache")   # keep the user's cache clean
        print(f"{args.document} (synthetic), drafted end to end; the catalog is loaded before timing")
        rows = [measure(args.document, int(n), Path(tmp)) for n in args.times.split(",")]
    for r in rows:
        print(f"{r['times']:>4}x: {r['lines']:>6} lines {r['seconds']:7.2f} s {r['lines'] / r['seconds']:8.0f} lines/s "
              f"({r['facts']} draft facts, {r['excluded']} proposed exclusions)")
    first, last = rows[0], rows[-1]
    print(f"lines/s at {last['times']}x / at {first['times']}x: "
          f"{(last['lines'] / last['seconds']) / (first['lines'] / first['seconds']):.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
