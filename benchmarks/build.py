"""Benchmark `povlib build --force` against the naive loop a user would write (run by hand).

Naive loop, for every report in reports.yaml, one after the other:
    papermill NOTEBOOK OUT.ipynb -y PARAMS
    jupyter nbconvert --to html --no-input OUT.ipynb
    chromium --headless ... --print-to-pdf=OUT.pdf OUT.html
Then five no-op `povlib build` runs (nothing changed). Prints both wall times, their ratio and the
median no-op time (the target is at most 0.3 s); the last line reads `ratio=<build/naive> noop_s=<median>`.

Usage: .venv/bin/python benchmarks/build.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from povlib.build.config import load_config  # noqa: E402
from povlib.build.pdf import FLAGS, find_chromium  # noqa: E402


def timed(cmd: list[str]) -> float:
    """Return the wall seconds of `cmd`, run as a user runs it: with Python's bytecode cache (an
    environment that sets PYTHONDONTWRITEBYTECODE would compile every module on every run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def naive(reports, out: Path) -> float:
    chromium = find_chromium()
    start = time.perf_counter()
    for r in reports:
        nb, html, pdf = out / f"{r.name}.ipynb", out / f"{r.name}.html", out / f"{r.name}.pdf"
        subprocess.run([str(BIN / "papermill"), str(r.notebook), str(nb), "-y", json.dumps(r.parameters),
                        "--cwd", str(ROOT)], check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)], check=True,
                       capture_output=True)
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                            html.as_uri()], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", help="benchmark only these reports")
    args = parser.parse_args()
    reports = [r for r in load_config(ROOT / "reports.yaml") if not args.only or r.name in args.only]
    only = ["--only", *args.only] if args.only else []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "naive").mkdir()
        build_s = timed([str(BIN / "povlib"), "build", "--force", "--out", str(tmp / "built"), *only])
        noops = [timed([str(BIN / "povlib"), "build", "--out", str(tmp / "built"), *only]) for _ in range(5)]
        noop_s = statistics.median(noops)
        naive_s = naive(reports, tmp / "naive")
    print(f"reports: {len(reports)} (HTML + PDF each)")
    print(f"povlib build --force: {build_s:.1f} s")
    print(f"naive papermill/nbconvert/chromium loop: {naive_s:.1f} s")
    print(f"no-op rebuild: median {noop_s:.2f} s of 5 runs ({', '.join(f'{t:.2f}' for t in noops)})")
    print(f"ratio={build_s / naive_s:.2f} noop_s={noop_s:.2f}")


if __name__ == "__main__":
    main()
