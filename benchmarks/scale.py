"""Benchmark validation and loading on a corpus k times larger than the five curated documents.

Builds, in a temporary folder, a layout holding k copies of every curated document (copy 0 is
the original; copy i renames its source, seed file, fact/anomaly/check ids and the region and
indicator keys of its own reference CSVs, so every copy passes validation on its own), then times,
each in a new process:

- `povlib check` (the CLI, pointed at the layout with POVLIB_SEEDS / POVLIB_DATA) at 1x and kx,
  cold (empty cache folder, POVLIB_CACHE_DIR) and warm (nothing changed since the cold run);
- `povlib.load_facts()` at 1x and kx, cold and warm (the time of the call, after `import povlib`);

then edits one input of the kx layout and shows that the next load misses the cache. The last
line reads `scale=<k> facts=<n> check_ratio=<t_k/t_1> warm_load_s=<s>` (check_ratio compares the
cold checks; warm_load_s is the warm `load_facts()` at kx). Each figure is the best of `--repeat`
rounds (warm loads: of 3 per round), as the machine may be busy.

Usage: .venv/bin/python benchmarks/scale.py [--k 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from povlib.catalog.layout import default_layout  # noqa: E402

MIN_FACTS = 10_000
WARM_RUNS = 3

_LOAD = """
import json, sys, time
from pathlib import Path
import povlib
from povlib.catalog import cache
t = time.perf_counter()
df = povlib.load_facts(povlib.Layout(seeds=Path(sys.argv[1]), data=Path(sys.argv[2])))
print(json.dumps({"seconds": time.perf_counter() - t, "facts": len(df), "cache": dict(cache.STATS)}))
"""


def _rename_csv(src: Path, dest: Path, suffix: str) -> dict[str, str]:
    """Copy a reference CSV with every key (and parent defined in it) suffixed; return old -> new."""
    with open(src, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    mapping = {r["key"]: r["key"] + suffix for r in rows}
    for row in rows:
        row["key"] = mapping[row["key"]]
        if "parent" in row:
            row["parent"] = mapping.get(row["parent"], row["parent"])
    with open(dest, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return mapping


def _copy_source(base, dest, sid: str, i: int, keys: dict[str, str]) -> None:
    """Write copy `i` of source `sid` (manifest, seed, facts file) into the layout `dest`."""
    new, rename = f"{sid}-x{i:02d}", lambda s: f"{sid}-x{i:02d}-" + s[len(sid) + 1:] if s.startswith(sid + "-") else s
    manifest = yaml.safe_load((base.seeds / f"{sid}.yaml").read_text(encoding="utf-8"))
    seed_name = f"x{i:02d}_{manifest['file']}"
    shutil.copyfile(base.seeds / manifest["file"], dest.seeds / seed_name)
    manifest.update(source_id=new, file=seed_name, regions=[keys.get(r, r) for r in manifest["regions"]])
    _dump(manifest, dest.seeds / f"{new}.yaml")
    data = yaml.safe_load((base.facts_dir / f"{sid}.yaml").read_text(encoding="utf-8"))
    data["source_id"] = new
    for fact in data.get("facts") or []:
        fact.update(fact_id=rename(fact["fact_id"]), region=keys.get(fact["region"], fact["region"]),
                    indicator=keys.get(fact["indicator"], fact["indicator"]))
        if fact.get("part_of"):
            fact["part_of"] = rename(fact["part_of"])
    for row in data.get("excluded") or []:
        if row.get("repeats"):
            row["repeats"] = rename(row["repeats"])
    for row in data.get("anomalies") or []:
        row.update(anomaly_id=rename(row["anomaly_id"]), facts=[rename(f) for f in row.get("facts") or []])
    for row in data.get("checks") or []:
        row.update(check_id=rename(row["check_id"]), result=rename(row["result"]),
                   operands=[rename(f) for f in row["operands"]])
    _dump(data, dest.facts_dir / f"{new}.yaml")


def _dump(data: dict, path: Path) -> None:
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True,
                     sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")


def build_corpus(dest: Path, k: int):
    """Write a layout with k copies of every curated document under `dest`; return its Layout."""
    from povlib import Layout

    base = default_layout()
    shutil.copytree(base.seeds, dest / "seeds")
    shutil.copytree(base.data, dest / "data", ignore=shutil.ignore_patterns("__pycache__"))
    layout = Layout(seeds=dest / "seeds", data=dest / "data")
    sids = sorted(p.stem for p in base.facts_dir.glob("*.yaml"))
    for i in range(1, k):
        for sid in sids:
            keys = {}
            for folder in (layout.regions_dir, layout.indicators_dir):
                src = folder / f"{sid}.csv"
                if src.is_file():
                    keys |= _rename_csv(src, folder / f"{sid}-x{i:02d}.csv", f"-x{i:02d}")
            _copy_source(base, layout, sid, i, keys)
    return layout


def _env(layout, cache_dir: Path) -> dict:
    return {**os.environ, "POVLIB_SEEDS": str(layout.seeds), "POVLIB_DATA": str(layout.data),
            "POVLIB_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)}


def time_check(layout, cache_dir: Path) -> float:
    """Return the wall time of `python -m povlib check` on `layout` (a new process)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "povlib", "check"], cwd=ROOT, env=_env(layout, cache_dir),
                          capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"povlib check failed on {layout.data}:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return took


def time_load(layout, cache_dir: Path) -> dict:
    """Return {seconds, facts, cache} of `load_facts()` on `layout` in a new process."""
    proc = subprocess.run([sys.executable, "-c", _LOAD, str(layout.seeds), str(layout.data)], cwd=ROOT,
                          env=_env(layout, cache_dir), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"load_facts failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(layout, tmp: Path, name: str, repeat: int) -> dict:
    """Return the best cold/warm check and load times over `repeat` rounds."""
    out = {"check_cold": [], "check_warm": [], "load_cold": [], "load_warm": []}
    for r in range(repeat):
        cache_dir = tmp / f"cache-{name}-{r}"
        out["check_cold"].append(time_check(layout, cache_dir))
        out["check_warm"].append(time_check(layout, cache_dir))
        shutil.rmtree(cache_dir)
        cold = time_load(layout, cache_dir)
        assert cold["cache"].get("hit", 0) == 0, cold
        out["load_cold"].append(cold["seconds"])
        for _ in range(WARM_RUNS):  # a warm process is cheap: more samples against a busy machine
            warm = time_load(layout, cache_dir)
            assert warm["cache"] == {"hit": 1}, warm
            out["load_warm"].append(warm["seconds"])
        out["facts"] = warm["facts"]
    return {key: min(v) if isinstance(v, list) else v for key, v in out.items()}


def show_invalidation(layout, cache_dir: Path) -> None:
    """Edit one facts file of the layout and print that the next load rebuilds, then hits again."""
    path = sorted(layout.facts_dir.glob("*.yaml"))[-1]
    time_load(layout, cache_dir)
    before = time_load(layout, cache_dir)
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited by benchmarks/scale.py\n", encoding="utf-8")
    after = time_load(layout, cache_dir)
    again = time_load(layout, cache_dir)
    print(f"invalidation: warm load before the edit: cache={before['cache']} ({before['seconds']:.3f} s)")
    print(f"invalidation: after appending a comment to {path.name}: cache={after['cache']} "
          f"({after['seconds']:.3f} s, validated again)")
    print(f"invalidation: next load: cache={again['cache']} ({again['seconds']:.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, default=20, help="copies of each document (at least 20)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per measurement; the best is kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="povlib-scale-") as tmp:
        tmp = Path(tmp)
        one = build_corpus(tmp / "x1", 1)
        small = measure(one, tmp, "x1", args.repeat)
        k = max(args.k, 20, math.ceil(MIN_FACTS / small["facts"]))
        start = time.perf_counter()
        big_layout = build_corpus(tmp / f"x{k}", k)
        print(f"built the {k}x corpus in {time.perf_counter() - start:.1f} s")
        big = measure(big_layout, tmp, f"x{k}", args.repeat)
        print(f"{'corpus':>8} {'facts':>7} {'check cold':>11} {'check warm':>11} {'load cold':>10} {'load warm':>10}")
        for name, m in (("1x", small), (f"{k}x", big)):
            print(f"{name:>8} {m['facts']:>7} {m['check_cold']:>11.3f} {m['check_warm']:>11.3f} "
                  f"{m['load_cold']:>10.3f} {m['load_warm']:>10.3f}")
        show_invalidation(big_layout, tmp / "cache-invalidation")
        ratio = big["check_cold"] / small["check_cold"]
        print(f"cold `povlib check` ratio {k}x/1x: {ratio:.2f} (goal <= {1.25 * k:.1f}; each run includes "
              f"~0.5 s of interpreter start and imports)")
        print(f"cold load_facts() ratio {k}x/1x (validation alone, after the imports): "
              f"{big['load_cold'] / small['load_cold']:.2f} for {k}x the facts")
        print(f"warm load_facts() at {k}x: {big['load_warm']:.3f} s (goal <= 0.3)")
        print(f"scale={k} facts={big['facts']} check_ratio={ratio:.2f} warm_load_s={big['load_warm']:.3f}")


if __name__ == "__main__":
    main()
