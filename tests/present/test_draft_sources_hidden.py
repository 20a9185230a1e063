"""Drafts never reach reports: a source whose manifest is still `status: draft` changes no
region list, profile or "all", and nothing of it reaches the loaders a report reads — until the
mark is removed."""

from __future__ import annotations

import hashlib

import pytest
import yaml

import povlib
from povlib.present.report import check_regions, profile_regions

TEXT = "柳湖县脱贫攻坚综述\n2019年,柳湖县减贫1.5万人,贫困村退出30个。\n"


@pytest.fixture
def with_draft(mini, monkeypatch):
    """The mini layout plus a source `lake-2019` whose manifest is a draft but two of whose rows a
    curator has already reviewed, about a prefecture its own regions table defines."""
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    seeds, data = mini.layout.seeds, mini.layout.data
    (seeds / "lake.txt").write_text(TEXT, encoding="utf-8")
    manifest = {"source_id": "lake-2019", "file": "lake.txt", "status": "draft",
                "sha256": hashlib.sha256(TEXT.encode("utf-8")).hexdigest(), "title": "柳湖县脱贫攻坚综述",
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


def test_a_draft_manifest_changes_no_region_list_profile_or_all(with_draft):
    layout = with_draft.layout
    assert profile_regions() == ["mini"]
    assert check_regions("all") == ["mini"]
    assert povlib.load_sources(layout, include_drafts=True).set_index("source_id").loc["lake-2019", "status"] == "draft"
    assert "lake-2019" not in set(povlib.load_sources(layout)["source_id"])
    assert "lake-2019" not in set(povlib.load_facts(layout)["source_id"])
    assert "lake" not in set(povlib.load_regions(layout)["key"])
    assert "lake-2019" not in set(povlib.load_coverage(layout)["source_id"])
    assert "lake-2019" in set(povlib.load_facts(layout, include_drafts=True)["source_id"])


def test_removing_the_draft_mark_brings_the_source_into_the_reports(with_draft):
    path = with_draft.layout.seeds / "lake-2019.yaml"
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    del manifest["status"]
    manifest.update(title_en="Lake county review", description="A test source.")
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    assert profile_regions() == ["lake", "mini"]
    assert "lake-2019" in set(povlib.load_facts(with_draft.layout)["source_id"])
