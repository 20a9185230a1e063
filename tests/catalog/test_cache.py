"""The warm-load cache of the validated catalog (povlib/cache.py): hits, invalidation, corruption."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pandas as pd
import pytest

import povlib
import povlib.catalog.layout
from conftest import ROOT
from povlib import DataError
from povlib.catalog import cache
from povlib.catalog import loader as catalog

LOADERS = ["load_facts", "load_sources", "load_regions", "load_indicators", "load_excluded", "load_anomalies",
           "load_checks", "load_coverage"]

_PROBE = """
import json, sys
from pathlib import Path
import povlib
import povlib.catalog.layout
from povlib.catalog import cache
n = len(povlib.load_facts(povlib.Layout(seeds=Path(sys.argv[1]), data=Path(sys.argv[2]))))
print(json.dumps({"facts": n, "stats": dict(cache.STATS)}))
"""


def _fresh_load(layout, collect_errors=False):
    """Load as a new process would: nothing in memory, counters reset."""
    catalog._CACHE.clear()
    cache.STATS.clear()
    return catalog.load(layout, collect_errors=collect_errors)


def _probe(layout, folder) -> dict:
    env = {**os.environ, "POVLIB_CACHE_DIR": str(folder), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(layout.seeds), str(layout.data)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_a_second_process_reads_the_cache(mini, cache_dir):
    first, second = _probe(mini.layout, cache_dir), _probe(mini.layout, cache_dir)
    assert first["stats"] == {"miss": 1, "written": 1}
    assert second["stats"] == {"hit": 1}
    assert first["facts"] == second["facts"] == 13
    assert len(list(cache_dir.glob("catalog-*.pickle"))) == 1
    assert not [p for p in cache_dir.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_results_are_identical_with_and_without_the_cache(mini, cache_dir):
    cold = {name: getattr(povlib, name)(mini.layout) for name in LOADERS}
    assert cache.STATS["written"] == 1
    catalog._CACHE.clear()
    warm = {name: getattr(povlib, name)(mini.layout) for name in LOADERS}
    assert cache.STATS["hit"] == 1
    for name in LOADERS:
        pd.testing.assert_frame_equal(cold[name], warm[name], obj=name)


def _edit_facts(mini):
    data = mini.read()
    data["facts"][0]["note"] = "edited note"
    mini.write(data)


def _edit_manifest(mini):
    path = mini.layout.seeds / "mini-2019.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("used by the tests", "used by the cache tests"),
                    encoding="utf-8")


def _edit_csv(mini):
    path = mini.layout.regions_dir / "common.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Mini City", "Mini Town"), encoding="utf-8")


def _add_csv(mini):
    (mini.layout.indicators_dir / "extra.csv").write_text(
        "key,label_en,label_zh,unit,definition\nextra_count,Extra,额外,count,An extra indicator.\n", encoding="utf-8")


@pytest.mark.parametrize("edit", [_edit_facts, _edit_manifest, _edit_csv, _add_csv])
def test_an_edited_or_added_input_invalidates_the_cache(mini, cache_dir, edit):
    _fresh_load(mini.layout)
    assert _fresh_load(mini.layout) is not None and cache.STATS["hit"] == 1
    edit(mini)
    cat = _fresh_load(mini.layout)
    assert cache.STATS["hit"] == 0 and cache.STATS["miss"] == 1 and cache.STATS["written"] == 1
    if edit is _edit_facts:
        assert cat.facts["mini-2019-001"]["note"] == "edited note"
    if edit is _edit_csv:
        assert cat.regions["mini"]["name_en"] == "Mini Town"
    if edit is _add_csv:
        assert "extra_count" in cat.indicators
    _fresh_load(mini.layout)
    assert cache.STATS["hit"] == 1  # the rebuilt catalog is cached again


def test_a_removed_input_invalidates_the_cache(mini, cache_dir):
    _add_csv(mini)
    _fresh_load(mini.layout)
    (mini.layout.indicators_dir / "extra.csv").unlink()
    cat = _fresh_load(mini.layout)
    assert cache.STATS["hit"] == 0 and "extra_count" not in cat.indicators


def test_a_new_povlib_version_invalidates_the_cache(mini, cache_dir, monkeypatch):
    _fresh_load(mini.layout)
    monkeypatch.setattr(cache, "code_version", lambda: "another povlib")
    _fresh_load(mini.layout)
    assert cache.STATS["hit"] == 0 and cache.STATS["miss"] == 1


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(mini, cache_dir, damage):
    expected = povlib.load_facts(mini.layout)
    (path,) = cache_dir.glob("catalog-*.pickle")
    data = path.read_bytes()
    header = data[:data.index(b"\n", data.index(b"\n") + 1) + 1]  # magic line and key line
    path.write_bytes({"truncate": data[:len(data) // 2], "garbage": header + b"\x80\x05not a pickle",
                      "empty": b""}[damage])
    catalog._CACHE.clear()
    cache.STATS.clear()
    pd.testing.assert_frame_equal(povlib.load_facts(mini.layout), expected)
    assert cache.STATS["hit"] == 0 and cache.STATS["written"] == 1
    assert cache.STATS["damaged" if damage != "empty" else "miss"] == 1  # the payload fails its sha256
    _fresh_load(mini.layout)
    assert cache.STATS["hit"] == 1


def test_a_cached_object_of_another_type_is_not_used(mini, cache_dir):
    _fresh_load(mini.layout)
    (path,) = cache_dir.glob("catalog-*.pickle")
    data = path.read_bytes()
    header = data[:data.index(b"\n", data.index(b"\n") + 1) + 1]
    path.write_bytes(header + pickle.dumps({"not": "a catalog"}))
    cat = _fresh_load(mini.layout)
    assert isinstance(cat, catalog.Catalog) and len(cat.facts) == 13 and cache.STATS["written"] == 1


def test_an_unwritable_cache_folder_costs_speed_not_an_error(mini, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("POVLIB_CACHE_DIR", str(blocker / "cache"))
    cat = _fresh_load(mini.layout)
    assert len(cat.facts) == 13 and cache.STATS["unwritable"] == 1
    catalog._CACHE.clear()


def test_collected_errors_are_cached_and_never_served_to_a_strict_load(mini, cache_dir):
    mini.edit_fact("mini-2019-003", region="atlantis")
    first = _fresh_load(mini.layout, collect_errors=True)
    assert [str(e) for e in first.errors] and "atlantis" in str(first.errors[0])
    second = _fresh_load(mini.layout, collect_errors=True)
    assert cache.STATS["hit"] == 1
    assert [str(e) for e in second.errors] == [str(e) for e in first.errors]
    assert all(isinstance(e, DataError) for e in second.errors)
    assert (second.errors[0].file, second.errors[0].row) == (first.errors[0].file, first.errors[0].row)
    with pytest.raises(DataError, match="atlantis"):
        _fresh_load(mini.layout)  # the cached catalog has errors: validate again, and fail
    assert cache.STATS["hit"] == 0


def test_a_clean_catalog_cached_by_a_strict_load_serves_povlib_check(mini, cache_dir):
    _fresh_load(mini.layout)
    cat = _fresh_load(mini.layout, collect_errors=True)
    assert cache.STATS["hit"] == 1 and cat.errors == []


def test_povlib_check_reports_the_same_errors_from_the_cache(mini, cache_dir):
    mini.edit_fact("mini-2019-003", region="atlantis")
    env = {**os.environ, "POVLIB_SEEDS": str(mini.layout.seeds), "POVLIB_DATA": str(mini.layout.data),
           "POVLIB_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-m", "povlib", "check"], cwd=ROOT, env=env, capture_output=True,
                           text=True) for _ in range(2)]
    assert [r.returncode for r in runs] == [1, 1]
    assert "region 'atlantis' is not in the regions tables" in runs[0].stdout
    assert runs[0].stdout == runs[1].stdout
    assert len(list(cache_dir.glob("catalog-*.pickle"))) == 1


def test_data_error_survives_pickling():
    err = DataError("povlib/data/facts/x.yaml", "problem", "fix", row="line 3")
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), str(back), back.file, back.row, back.problem, back.fix) == \
        (DataError, str(err), err.file, err.row, err.problem, err.fix)


def test_layouts_get_separate_cache_files(mini, cache_dir, tmp_path):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(mini.root, other)
    _fresh_load(mini.layout)
    _fresh_load(povlib.Layout(seeds=other / "seeds", data=other / "data"))
    assert cache.STATS["written"] == 1 and len(list(cache_dir.glob("catalog-*.pickle"))) == 2


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("POVLIB_CACHE_DIR", str(tmp_path / "here"))
    assert cache.cache_dir() == tmp_path / "here"
    monkeypatch.delenv("POVLIB_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "povlib"


def test_povlib_data_points_the_default_layout_at_another_data_folder(mini, monkeypatch):
    monkeypatch.setenv("POVLIB_SEEDS", str(mini.layout.seeds))
    monkeypatch.setenv("POVLIB_DATA", str(mini.layout.data))
    assert povlib.catalog.layout.default_layout() == mini.layout
    monkeypatch.setenv("POVLIB_DATA", str(mini.root / "missing"))
    with pytest.raises(DataError, match="POVLIB_DATA"):
        povlib.catalog.layout.default_layout()


def test_cache_files_unused_for_a_month_are_removed_on_the_next_write(mini, cache_dir):
    cache_dir.mkdir()
    old, recent = cache_dir / "catalog-0000000000000000.pickle", cache_dir / ".catalog-x.pickle.tmp"
    for path in (old, recent):
        path.write_bytes(b"stale")
    os.utime(old, (0, 0))
    _fresh_load(mini.layout)
    assert not old.exists() and recent.exists() and cache.STATS["written"] == 1
