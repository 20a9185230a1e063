"""Shared fixtures: a writable copy of the small fixture dataset, and helpers to break it."""

from __future__ import annotations

import hashlib
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


DRAFT_TEXT = "柳湖县脱贫攻坚综述\n2019年,柳湖县减贫1.5万人,贫困村退出30个。\n"


@pytest.fixture
def with_draft(mini, monkeypatch):
    """The mini layout plus a source `lake-2019` whose manifest is a draft but two of whose rows a
    curator has already reviewed, about a prefecture its own regions table defines."""
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    seeds, data = mini.layout.seeds, mini.layout.data
    (seeds / "lake.txt").write_text(DRAFT_TEXT, encoding="utf-8")
    manifest = {"source_id": "lake-2019", "file": "lake.txt", "status": "draft",
                "sha256": hashlib.sha256(DRAFT_TEXT.encode("utf-8")).hexdigest(), "title": "柳湖县脱贫攻坚综述",
                "title_en": "", "outlet": "", "outlet_en": "", "date": "2020", "date_basis": "inferred",
                "date_evidence": "draft: 2019 results", "script": "simplified", "regions": ["lake"],
                "description": "", "boilerplate": []}
    (seeds / "lake-2019.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    (data / "regions" / "lake-2019.csv").write_text(
        "key,name_zh,name_en,level,parent\nlake,柳湖市,Lake City,prefecture,china\n", encoding="utf-8")
    common = dict(region="lake", topic="poverty", period_start="2019", period_end="2019", period_text="2019年",
                  year_basis="stated", measure="actual", note="")
    facts = {"source_id": "lake-2019", "facts": [
        {"fact_id": "lake-2019-001", "indicator": "persons_lifted", "raw": "1.5万人", "quote": "柳湖县减贫1.5万人", **common},
        {"fact_id": "lake-2019-002", "indicator": "villages_exited", "raw": "30个", "quote": "贫困村退出30个", **common}]}
    (data / "facts" / "lake-2019.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    return mini


@pytest.fixture(scope="session")
def reports():
    """Return report name -> its `findings.Findings`, for every report the build writes."""
    from povlib.present import findings, report
    regions = report.check_regions("all")
    out = {"poverty-rates": findings.poverty_rates(regions), "relocation": findings.relocation(regions),
           "funding": findings.funding(regions)}
    out.update({f"profile-{r}": findings.profile(r) for r in report.profile_regions()})
    return out
