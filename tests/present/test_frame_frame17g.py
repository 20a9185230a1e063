"""Round-6 frame rules: a profile's unchartable trajectory is reported, not called "not reported"."""

import html

import pandas as pd

from povlib.catalog.frames import load_facts
from povlib.present import report


def _stated(region: str) -> pd.DataFrame:
    facts = load_facts()
    return facts[(facts["region"] == region) & facts["indicator"].isin(list(report.TRAJECTORY))
                 & facts["measure"].isin([m for _, ms in report.TRAJECTORY.values() for m in ms])]


def test_a_stated_but_unchartable_series_is_named_with_its_figures_and_reason():
    checked = 0
    for region in report.profile_regions():
        stated = _stated(region)
        if report.trajectories(region) or stated.empty:
            continue
        note = report.series_note(region).data
        assert "chart-none" in note and "povlib-empty" not in note, region
        for _, fact in stated[stated["unit"] == "percent"].iterrows():
            assert fact["raw"] in note, (region, fact["fact_id"])  # a rate is shown as written
        if stated["year_end"].isna().any():
            assert "year not stated" in note
        checked += 1
    assert checked, "no profile has a stated but unchartable trajectory: the test checks nothing"


def test_a_region_stating_no_trajectory_figure_gets_the_not_reported_note():
    empty = [r for r in report.profile_regions() if _stated(r).empty and not report.trajectories(r)]
    assert empty, "every profile states a trajectory figure: the test checks nothing"
    for region in empty:
        parts = [d for d in report.descendants(region) if d != region and d in report.profile_regions()
                 and (report.trajectories(d) or report.unseries(d))]
        # not reported, unless its parts state one (then the note names them)
        assert ("povlib-empty" in report.series_note(region).data) == (not parts)
        assert report.unseries(region) == []


def test_the_unchartable_series_names_the_anomalies_of_its_facts():
    from povlib.analysis import metrics
    named = metrics.anomaly_index()
    for region in report.profile_regions():
        if report.trajectories(region):
            continue
        text = " ".join(report.unseries(region))
        for fact in _stated(region)["fact_id"]:
            for anomaly, _ in named.get(fact, []):
                assert anomaly in text, (region, anomaly)


def test_the_index_lead_is_the_first_key_message_without_a_contradicted_or_impossible_figure(tmp_path):
    from povlib.present import index
    path = tmp_path / "r.html"
    path.write_text('<ul class="key-findings"><li>Finding <a href="#fact-f1">f1</a></li></ul>'
                    '<ul class="key-messages"><li>Contested <a href="#fact-bad">bad</a></li>'
                    '<li>Impossible <a href="#fact-huge">huge</a></li>'
                    '<li>Usable <b>figure</b> <a href="#fact-ok">ok</a></li></ul>', encoding="utf-8")
    scan = index.scan_report(path)
    anomalies = {"bad": [("a1", "contradiction")], "huge": [("a2", "impossible_magnitude")],
                 "ok": [("a3", "ambiguous")]}
    assert index.lead(scan, anomalies) == ("Key message", "Usable figure ok")
    assert index.lead(scan, {}) == ("Key message", "Contested bad")
    every = {k: [("a", "contradiction")] for k in ("bad", "huge", "ok")}
    assert index.lead(scan, every) == ("Key finding", "Finding f1")
    assert index.lead(scan, {**every, "f1": [("a", "contradiction")]}) == ("", "")


def test_untitled_documents_are_described_in_square_brackets_and_labels_pair_english_and_chinese():
    from povlib.catalog.frames import load_sources
    for source in load_sources().to_dict("records"):
        label, entry = report.source_label(source), html.unescape(report.document_citation(source))
        if str(source["title_en"]).startswith("(untitled)"):
            assert label.startswith("[") and label.endswith("]") and "(untitled)" not in label
            assert "(untitled)" not in entry and "[" + label[1:-1] in entry
        else:
            assert label.startswith(source["title_en"])
        if source["title"]:
            assert label.endswith(f"({source['title']})")
        assert f"seeds/{source['file']}" in entry  # the text a reader can open


def test_the_citation_says_a_local_build_has_no_public_address(monkeypatch):
    from povlib.present import pages
    monkeypatch.delenv(pages.SITE_URL_ENV, raising=False)
    local = pages.citation_text("R", "relocation", "0" * 16, "2026-12-07")
    assert "Local build, not published at a public address" in local and "data/datapackage.json" in local
    monkeypatch.setenv(pages.SITE_URL_ENV, "https://example.org/povlib")
    public = pages.citation_text("R", "relocation", "0" * 16, "2026-12-07")
    assert "Available at https://example.org/povlib/relocation.html" in public and "Local build" not in public


def _ctx(tmp_path, topics: dict[str, set[str]], ids: set[str]):
    from povlib.present import index
    scan = index.Scan(ids=ids, topics=topics)
    ctx = index.Context(tmp_path, [], {"profile-x": scan}, {}, "h" * 16, "now")
    ctx.facts = [{"fact_id": "cn-1", "region": "china", "topic": "poverty"},
                 {"fact_id": "x-1", "region": "x", "topic": "poverty"},
                 {"fact_id": "x-2", "region": "x", "topic": "poverty"}]
    ctx.regions = {"china": {"level": "country"}, "x": {"level": "prefecture"}}
    ctx.sources = {"s1": {}, "s2": {}}
    ctx.under = {"profile-x": {"x"}}
    return ctx


def test_the_grid_says_how_many_national_benchmarks_a_profile_section_adds(tmp_path):
    from povlib.present import index
    ctx = _ctx(tmp_path, {"poverty": {"cn-1", "x-1", "x-2"}}, {"fact-cn-1", "fact-x-1", "fact-x-2"})
    assert index.grid_counts(ctx)["profile-x"]["poverty"] == 2  # the region's own facts
    assert index.grid_benchmarks(ctx)["profile-x"]["poverty"] == 1  # what the profile heading adds


def test_the_opening_sentence_says_how_many_numbers_the_reports_show_and_where_the_rest_are(tmp_path):
    from povlib.present import index
    ctx = _ctx(tmp_path, {"poverty": {"x-1"}}, {"fact-x-1"})
    text = index.coverage_sentence(ctx)
    assert text.startswith("3 numbers curated from 2 Chinese documents")
    assert "The reports show 1 of them; the other 2 (1 of them national figures)" in text
    assert 'href="#search"' in text and 'href="data/facts.csv"' in text
    full = index.coverage_sentence(_ctx(tmp_path, {}, {"fact-x-1", "fact-x-2", "fact-cn-1"}))
    assert full.endswith("The reports show all of them.")
