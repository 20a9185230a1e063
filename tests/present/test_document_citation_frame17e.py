"""A Sources entry says where to find the document again (review17d defects 34 and 36)."""

from __future__ import annotations

from povlib.present import report

ROW = {"source_id": "none-2020", "title": "", "title_en": "(untitled) A report", "outlet": "", "outlet_en": "",
       "date": "2020", "date_basis": "inferred", "date_evidence": "", "script": "simplified",
       "description": "Text copied from the republication at http://www.example.cn/a/1.html; no furniture."}


def test_an_address_in_the_description_gives_url_and_host_and_missing_fields_are_said(monkeypatch, tmp_path):
    monkeypatch.setenv("POVLIB_SEEDS", str(tmp_path))
    entry = report.document_citation(ROW)
    assert "(no Chinese title)" in entry and "Text hosted by example.cn" in entry
    assert '<a href="http://www.example.cn/a/1.html">' in entry and "retrieval date not recorded" in entry
    bare = report.document_citation({**ROW, "description": "no address here"})
    assert "Publisher not stated" in bare and "Address: no address known" in bare


def test_manifest_fields_author_publisher_host_url_and_retrieval_date_are_used(monkeypatch, tmp_path):
    (tmp_path / "none-2020.yaml").write_text(
        'author: "Qamdo Party committee"\nhost: "txgz.cc"\nurl: "https://txgz.cc/x"\nretrieved: "2026-11-30"\n',
        encoding="utf-8")
    monkeypatch.setenv("POVLIB_SEEDS", str(tmp_path))
    entry = report.document_citation({**ROW, "title": "标题"})
    assert "By Qamdo Party committee; Text hosted by txgz.cc" not in entry  # one capital, at the start
    assert entry.count("By Qamdo Party committee") == 1 and "text hosted by txgz.cc" in entry
    assert '<a href="https://txgz.cc/x">' in entry and "retrieved 2026-11-30" in entry
    assert "Chinese title: " in entry and "no Chinese title" not in entry


def test_every_curated_source_has_an_entry_with_nothing_blank():
    from povlib.catalog.frames import load_sources
    for row in load_sources().to_dict("records"):
        entry = report.document_citation(row)
        assert "Address: " in entry and ("retrieved " in entry or "retrieval date not recorded" in entry)
        assert "()" not in entry and ";;" not in entry and ". ." not in entry, row["source_id"]
