"""Drafts never reach reports: a source whose manifest is still `status: draft` changes no
region list, profile or "all", and nothing of it reaches the loaders a report reads — until the
mark is removed."""

from __future__ import annotations


import yaml

import povlib
from povlib.present.report import check_regions, profile_regions



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
