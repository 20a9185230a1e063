"""Rebuild only what an edit touches: each report's key covers the data its parameters select
(`build.DataInputs`), so an edit to one document rebuilds its region's profiles and the reports
comparing regions that include it, and a common table rebuilds everything."""

import shutil

import pytest

from conftest import ROOT
from povlib import Layout
from povlib.build.outputs import DataInputs, report_key
from povlib.build.runner import build, load_config, summary
from povlib.present.index import write_index

CONFIG = ROOT / "reports.yaml"
ALL = {"profile-zhaotong", "profile-xinzhou", "profile-sichuan", "profile-aba", "profile-ganzi",
       "profile-liangshan", "profile-tongren", "profile-changdu", "poverty-rates", "relocation", "funding"}
CROSS = {"poverty-rates", "relocation", "funding"}
TONGREN_NOTE = "Mutual visits and inspection trips between Suzhou and Tongren"


@pytest.fixture
def project(tmp_path) -> Layout:
    """A copy of the project's seeds and curated data."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(ROOT / "povlib" / "data", tmp_path / "data")
    return Layout(seeds=tmp_path / "seeds", data=tmp_path / "data")


def _keys(layout: Layout) -> dict[str, str]:
    inputs = DataInputs(layout)
    return {r.name: report_key(r, inputs.key(r), "code", ("html",)) for r in load_config(CONFIG)}


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _stale_after(layout: Layout, edit) -> set[str]:
    before = _keys(layout)
    edit()
    after = _keys(layout)
    assert set(before) == ALL
    return {name for name in before if before[name] != after[name]}


def test_one_tongren_fact_makes_only_its_profile_and_the_comparisons_stale(project):
    stale = _stale_after(project, lambda: _edit(project.facts_dir / "tongren-2020.yaml", TONGREN_NOTE,
                                                "Mutual visits and study trips between Suzhou and Tongren"))
    assert stale == {"profile-tongren"} | CROSS


def test_one_sichuan_fact_makes_the_four_sichuan_profiles_and_the_comparisons_stale(project):
    stale = _stale_after(project, lambda: _edit(project.facts_dir / "sichuan-2017.yaml", "fact_id: sichuan-2017-001\n",
                                                "fact_id: sichuan-2017-001\n    # checked again\n"))
    assert stale == {"profile-sichuan", "profile-aba", "profile-ganzi", "profile-liangshan"} | CROSS


@pytest.mark.parametrize("table", ["regions", "indicators"])
def test_a_common_table_makes_every_report_stale(project, table):
    path = project.data / table / "common.csv"
    stale = _stale_after(project, lambda: path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8"))
    assert stale == ALL


def test_a_seed_or_manifest_edit_makes_its_reports_stale(project):
    manifest = project.seeds / "xinzhou-2018.yaml"
    stale = _stale_after(project, lambda: manifest.write_text(manifest.read_text(encoding="utf-8") + "# note\n",
                                                              encoding="utf-8"))
    assert stale == {"profile-xinzhou"} | CROSS
    seed = next(project.seeds.glob("003_*.txt"))    # tongren-2020's document
    stale = _stale_after(project, lambda: seed.write_bytes(seed.read_bytes() + b"\n"))
    assert stale == {"profile-tongren"} | CROSS


def test_a_region_moved_under_tongren_in_another_table_makes_both_profiles_stale(project):
    table = project.data / "regions" / "zhaotong-2019.csv"
    stale = _stale_after(project, lambda: _edit(table, "weixin,威信县,Weixin County,county,zhaotong",
                                                "weixin,威信县,Weixin County,county,tongren"))
    assert stale == {"profile-zhaotong", "profile-tongren"} | CROSS


def test_sources_of_each_report_and_the_index_says_so(project, tmp_path):
    inputs = DataInputs(project)
    sources = {r.name: inputs.sources(r) for r in load_config(CONFIG)}
    assert sources["profile-tongren"] == ["tongren-2020"] and sources["profile-aba"] == ["sichuan-2017"]
    assert sources["funding"] == sorted(p.stem for p in project.seeds.glob("*.yaml"))
    out = tmp_path / "out"
    out.mkdir()
    page = write_index(out, load_config(CONFIG), [], "hash", sources).read_text(encoding="utf-8")
    card = page[page.index('id="report-profile-tongren"'):page.index('id="report-profile-changdu"')]
    assert "Depends on:</span> tongren-2020, the common region and indicator tables" in card
    assert "sichuan-2017" not in card


def test_a_build_after_one_tongren_edit_rebuilds_only_the_tongren_report(project, tmp_path, monkeypatch):
    monkeypatch.setenv("POVLIB_SEEDS", str(project.seeds))
    monkeypatch.setenv("POVLIB_DATA", str(project.data))
    out, only = tmp_path / "out", ["profile-tongren", "profile-xinzhou"]
    first = build(CONFIG, out, only=only, formats=("html",), jobs=2)
    assert [r.status for r in first] == ["built", "built"], summary(first)
    _edit(project.facts_dir / "tongren-2020.yaml", TONGREN_NOTE, "Mutual visits and study trips between Suzhou and Tongren")
    second = {r.name: r.status for r in build(CONFIG, out, only=only, formats=("html",), jobs=2)}
    assert second == {"profile-tongren": "built", "profile-xinzhou": "skipped"}
    assert "Depends on:</span> xinzhou-2018," in (out / "index.html").read_text(encoding="utf-8")
