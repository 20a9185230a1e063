"""The command line: behaviour, clear errors, and documentation coverage (sqlite-utils habit)."""

import json

import pytest

from conftest import ROOT
from povlib.cli import build_parser, main


def _subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_every_command_is_in_the_readme_and_every_option_in_the_docs():
    """Every command is named in README.md's CLI at a glance; every option in README.md or docs/."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docs = readme + "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    for name, sub in _subcommands().items():
        assert f"povlib {name}" in readme, f"`povlib {name}` is not documented in README.md"
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in docs, f"option {flag} of `povlib {name}` is documented neither in README.md nor docs/"


def test_facts_json_filters_by_region(capsys):
    assert main(["facts", "--region", "tongren", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["region"] for r in rows} == {"tongren"}
    assert all(r["raw"] in r["quote"] for r in rows)


def test_unknown_region_is_a_clear_error(capsys):
    assert main(["facts", "--region", "atlantis"]) == 2
    err = capsys.readouterr().err
    assert "unknown region 'atlantis'" in err and "tongren" in err


def test_search_finds_traditional_text_with_simplified_query(capsys):
    assert main(["search", "贫困发生率", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "貧困發生率" in out and "贫困发生率" in out


def test_check_passes_on_the_curated_data(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.count("coverage 100.0%") == 9  # five regional documents and the four national benchmark sources (nbs-2015, nbs-2018, nbs-2019, nbs-2020)


def test_build_rejects_unknown_report_and_format(capsys):
    assert main(["build", "--only", "nope", "--format", "html"]) == 2
    assert "unknown report(s) ['nope']" in capsys.readouterr().err
    assert main(["build", "--format", "docx"]) == 2
    assert "unknown format" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["export"], ["facts", "--format", "xml"]])
def test_bad_usage_exits_non_zero(argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code != 0


def test_empty_search_text_is_a_usage_error(capsys):
    assert main(["search", "  "]) == 2
    assert "search text is empty" in capsys.readouterr().err


def test_export_refuses_a_file_or_a_folder_in_the_way(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    assert main(["export", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    out = tmp_path / "out"
    (out / "funding.csv").mkdir(parents=True)
    assert main(["export", str(out)]) == 2
    assert "funding.csv is a folder where a file goes" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["funding.csv"]  # nothing half-written


def test_check_names_a_source_whose_seed_is_broken(capsys, tmp_path, monkeypatch):
    import shutil
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "003_0b27a3c673c1f5c5.txt").write_bytes((seeds / "003_0b27a3c673c1f5c5.txt").read_bytes() + b"x")
    monkeypatch.setenv("POVLIB_SEEDS", str(seeds))
    assert main(["check", "--source", "tongren-2020"]) == 1
    out = capsys.readouterr().out
    assert "1 NOT loaded: tongren-2020" in out and "tongren-2020: seed" in out and "check FAILED" in out


def test_check_attributes_an_error_to_its_source_not_to_a_shorter_id():
    from povlib.cli import _names

    sids = ["mini-2019", "mini-2019-x01"]
    other = "povlib/data/facts/mini-2019-x01.yaml, line 3 (fact_id mini-2019-x01-001): problem"
    assert _names(other, "mini-2019-x01", sids) and not _names(other, "mini-2019", sids)
    both = other + " (also povlib/data/facts/mini-2019.yaml)"
    assert _names(both, "mini-2019", sids)
