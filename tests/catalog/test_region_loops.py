"""A loop in the region hierarchy is an error naming the regions, and no walk up it runs forever
(issue 19, item 5)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from povlib import DataError
from povlib.catalog import loader as catalog


def _loop(mini) -> None:
    """Make mini's parent a town whose parent is mini."""
    path = mini.layout.regions_dir / "common.csv"
    text = path.read_text(encoding="utf-8").replace("mini,某市,Mini City,prefecture,china",
                                                    "mini,某市,Mini City,prefecture,town")
    path.write_text(text + "town,某镇,Town,township,mini\n", encoding="utf-8")


def test_povlib_check_fails_within_seconds_naming_the_loop(mini, tmp_path):
    _loop(mini)
    env = {**os.environ, "POVLIB_SEEDS": str(mini.layout.seeds), "POVLIB_DATA": str(mini.layout.data),
           "POVLIB_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "povlib", "check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert time.monotonic() - start < 30
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "parent links form a loop: mini → town → mini" in proc.stderr and "common.csv" in proc.stderr


def test_loading_the_catalog_refuses_the_loop(mini):
    _loop(mini)
    catalog._CACHE.clear()
    with pytest.raises(DataError, match="loop"):
        catalog.load(mini.layout, collect_errors=True)


_WALK = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a walk that runs forever fails here, not the machine
from povlib import DataError
from povlib.catalog.reference import ancestors
table = {"china": {"key": "china", "parent": ""}, "a": {"key": "a", "parent": "b", "origin": "x.csv"},
         "b": {"key": "b", "parent": "c"}, "c": {"key": "c", "parent": "a"}, "d": {"key": "d", "parent": "a"}}
for start in ("d", "b"):
    try:
        ancestors(table, start)
    except DataError as exc:
        print(exc)
table["c"]["parent"] = "china"
print(ancestors(table, "d"))
"""


def test_ancestors_stops_at_a_loop_instead_of_running_forever():
    proc = subprocess.run([sys.executable, "-c", _WALK], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"})
    assert proc.returncode == 0, proc.stderr[-500:]
    first, second, chain = proc.stdout.splitlines()
    assert "x.csv" in first and "the parent links form a loop: a → b → c → a" in first
    assert "loop: b → c → a → b" in second
    assert chain == "['a', 'b', 'c', 'china']"


def test_a_part_of_cycle_beside_a_look_alike_fails_check_instead_of_hanging(mini, tmp_path):
    for fid, changes in (("mini-2019-012", {"period_start": "2014", "period_end": "2014", "period_text": "2014年"}),
                         ("mini-2019-011", {"part_of": "mini-2019-002"}), ("mini-2019-002", {"part_of": "mini-2019-011"})):
        mini.edit_fact(fid, **changes)  # 011 and 012 now share a cell; 011 is in a cycle without 012
    env = {**os.environ, "POVLIB_SEEDS": str(mini.layout.seeds), "POVLIB_DATA": str(mini.layout.data),
           "POVLIB_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "povlib", "check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 1
    assert "part_of forms a cycle: mini-2019-002 → mini-2019-011 → mini-2019-002" in proc.stdout
