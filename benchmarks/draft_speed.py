"""Speed of `povlib draft` and of the check that follows it, on a document and on the same
document repeated: seconds and lines per second, one line per size.

A SYNTHETIC document (by default tests/fixtures/draft/synthetic-county-report-2021.txt, the
county work report an independent reviewer wrote to test drafting, 53 lines) is concatenated 1,
100 and 500 times in a temporary folder and drafted end to end (`povlib.draft.draft`: manifest,
candidates, suggestions, repeats, the all-or-nothing write) into a temporary copy of this
checkout's seeds and curated data; the catalog is loaded before the clock starts. Then the
catalog with the draft is validated from scratch, as `povlib check` does on a cold cache
(`catalog.load(collect_errors=True)`, coverage included). Linear means lines/s stays about the
same from x1 to x500. Wall-clock seconds and the process's CPU seconds are both printed: on a
shared machine the wall clock also counts other programs' work.

Run: .venv/bin/python benchmarks/draft_speed.py [DOCUMENT] [--times 1,100,500]
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
    start, cpu = time.perf_counter(), time.process_time()
    result = draft(seed, f"speed-x{times}", layout=layout)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    # as a new `povlib check` process: the draft changed the inputs, so no catalog in memory matches,
    os.environ["POVLIB_CACHE_DIR"] = str(work / "check-cache")   # and none on disk
    start, check_cpu = time.perf_counter(), time.process_time()
    checked = catalog.load(layout, collect_errors=True)
    check, check_cpu = time.perf_counter() - start, time.process_time() - check_cpu
    coverage = checked.coverage[f"speed-x{times}"].percent
    lines = len(seed.read_text(encoding="utf-8").splitlines())
    return {"times": times, "lines": lines, "seconds": seconds, "cpu": cpu, "facts": result.n_facts,
            "excluded": result.n_excluded, "check": check, "check_cpu": check_cpu, "errors": len(checked.errors),
            "coverage": coverage}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("document", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--times", default="1,100,500", help="comma-separated repeat counts (default 1,100,500)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="povlib-draft-speed-") as tmp:
        os.environ["POVLIB_CACHE_DIR"] = str(Path(tmp) / "cache")   # keep the user's cache clean
        print(f"{args.document} (synthetic), drafted end to end; the catalog is loaded before timing")
        rows = [measure(args.document, int(n), Path(tmp)) for n in args.times.split(",")]
    for r in rows:
        print(f"x{r['times']}: {r['lines']} lines: draft {r['seconds']:.2f} s ({r['cpu']:.2f} s CPU, "
              f"{r['lines'] / r['seconds']:.0f} lines/s), then check {r['check']:.2f} s ({r['check_cpu']:.2f} s CPU, "
              f"{r['lines'] / r['check']:.0f} lines/s): {r['facts']} draft facts, {r['excluded']} proposed exclusions, "
              f"{r['errors']} error(s), coverage {r['coverage']:.1f}%")
    if len(rows) > 1:   # the largest two sizes: x1 is mostly fixed costs (the learner, the catalog)
        a, b = rows[-2], rows[-1]
        print(f"lines per CPU second at x{b['times']} / at x{a['times']}: draft "
              f"{(b['lines'] / b['cpu']) / (a['lines'] / a['cpu']):.2f}, check "
              f"{(b['lines'] / b['check_cpu']) / (a['lines'] / a['check_cpu']):.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
