"""Shared fixtures: a writable copy of the small fixture dataset, and helpers to break it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from povlib import Layout
from povlib.catalog import cache
from povlib.catalog import loader as catalog

# the catalog's disk cache (povlib.cache) of this test session, not the user's ~/.cache/povlib;
# subprocesses the tests start inherit it
_CACHE = tempfile.TemporaryDirectory(prefix="povlib-test-cache-")
os.environ["POVLIB_CACHE_DIR"] = _CACHE.name

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).resolve().parents[1]


class Mini:
    """A writable copy of tests/fixtures/mini with helpers to edit its curated file."""

    def __init__(self, root: Path):
        self.root = root
        self.layout = Layout(seeds=root / "seeds", data=root / "data")
        self.facts_path = root / "data" / "facts" / "mini-2019.yaml"

    def read(self) -> dict:
        return yaml.safe_load(self.facts_path.read_text(encoding="utf-8"))

    def write(self, data: dict) -> None:
        self.facts_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def edit_fact(self, target: str, **changes) -> None:
        data = self.read()
        for fact in data["facts"]:
            if fact["fact_id"] == target:
                fact.update(changes)
        self.write(data)


@pytest.fixture
def mini(tmp_path) -> Mini:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root)
    return Mini(root)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """An empty cache folder for this test; the in-memory cache and the counters start empty."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("POVLIB_CACHE_DIR", str(folder))
    catalog._CACHE.clear()
    cache.STATS.clear()
    yield folder
    catalog._CACHE.clear()
