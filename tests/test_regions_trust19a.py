"""A loop in the region hierarchy is an error naming the regions, and no walk up it runs forever
(issue 19, item 5)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from povlib import DataError, catalog
from povlib.reference import ancestors


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


def test_ancestors_stops_at_a_loop_instead_of_running_forever():
    table = {"china": {"key": "china", "parent": ""}, "a": {"key": "a", "parent": "b", "origin": "x.csv"},
             "b": {"key": "b", "parent": "c"}, "c": {"key": "c", "parent": "a"}, "d": {"key": "d", "parent": "a"}}
    with pytest.raises(DataError, match="a → b → c → a"):
        ancestors(table, "d")
    with pytest.raises(DataError, match="loop"):
        ancestors(table, "b")
    table["c"]["parent"] = "china"
    assert ancestors(table, "d") == ["a", "b", "c", "china"]
