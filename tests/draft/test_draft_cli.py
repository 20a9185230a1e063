"""`povlib draft` and its files: --force never replaces curated data, a re-draft leaves no orphan
and is all or nothing, and bad seeds (a directory, an empty file) are refused in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from povlib.catalog import loader as catalog
from povlib.cli import main
from povlib.draft.pipeline import DraftError, draft

SYNTHETIC = Path(__file__).parents[1] / "fixtures" / "draft" / "synthetic-tea-2021.txt"


def _snapshot(mini) -> dict[str, bytes]:
    """Every file (hidden ones too) under the seeds and facts folders, by relative path; not the
    draft lock (seeds/.draft.lock), which stays once a draft has run, as `povlib build`'s does."""
    return {str(p.relative_to(mini.root)): p.read_bytes()
            for folder in (mini.layout.seeds, mini.layout.facts_dir) for p in sorted(folder.rglob("*"))
            if p.name != ".draft.lock"}


def _check_ok(mini, monkeypatch) -> None:
    assert catalog.load(mini.layout, collect_errors=True).errors == []
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    assert main(["check"]) == 0


@pytest.fixture
def cli(mini, monkeypatch):
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    return mini


@pytest.fixture
def second(tmp_path) -> Path:
    """The synthetic document again, edited, under another file name."""
    path = tmp_path / "tea-v2.txt"
    path.write_text(SYNTHETIC.read_text(encoding="utf-8").replace("97户", "98户"), encoding="utf-8")
    return path


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_curated_source_is_never_replaced(cli, second, capsys, force):
    before = _snapshot(cli)
    assert main(["draft", str(second), "--source-id", "mini-2019", *force]) == 2
    err = capsys.readouterr().err.strip().split("\n")
    assert len(err) == 1 and "mini-2019 is a curated source" in err[0] and "--force" not in err[0]
    assert _snapshot(cli) == before


@pytest.mark.parametrize("curate", ["manifest", "fact", "exclusion"])
def test_a_draft_with_any_curated_part_is_curated(mini, second, curate):
    result = draft(SYNTHETIC, "tea-2021", layout=mini.layout)
    path = result.manifest if curate == "manifest" else result.facts
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if curate == "manifest":
        data.pop("status")
    else:
        row = data["facts" if curate == "fact" else "excluded"][0]
        row.pop("status"), row.pop("suggested_by", None)   # a row the curator has reviewed
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = _snapshot(mini)
    with pytest.raises(DraftError, match="tea-2021 is a curated source") as exc:
        draft(second, "tea-2021", layout=mini.layout, force=True)
    assert "--force" not in str(exc.value)
    assert _snapshot(mini) == before


def test_a_redraft_from_another_file_replaces_the_old_seed(mini, second, monkeypatch):
    draft(SYNTHETIC, "tea-2021", layout=mini.layout)
    result = draft(second, "tea-2021", layout=mini.layout, force=True)
    assert not (mini.layout.seeds / SYNTHETIC.name).exists()
    assert result.seed.read_bytes() == second.read_bytes()
    assert yaml.safe_load(result.manifest.read_text(encoding="utf-8"))["file"] == "tea-v2.txt"
    _check_ok(mini, monkeypatch)


def _fail_on(monkeypatch, target: Path, method: str) -> None:
    """Make the first `os.replace` onto `target` (method "replace") or the first unlink of
    `target` (method "unlink") raise OSError."""
    real = os.replace if method == "replace" else Path.unlink
    failed = []

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == target and not failed:
            failed.append(dst)
            raise OSError("disk full (test)")
        return real(src, dst, *args, **kwargs)

    def unlink(self, *args, **kwargs):
        if self == target and not failed:
            failed.append(self)
            raise OSError("permission denied (test)")
        return real(self, *args, **kwargs)

    if method == "replace":
        monkeypatch.setattr(os, "replace", replace)
    else:
        monkeypatch.setattr(Path, "unlink", unlink)


@pytest.mark.parametrize("step", ["facts", "old seed"])
def test_a_redraft_that_fails_midway_loses_nothing(mini, second, monkeypatch, step):
    first = draft(SYNTHETIC, "tea-2021", layout=mini.layout)
    before = _snapshot(mini)
    with monkeypatch.context() as patch:
        if step == "facts":
            _fail_on(patch, first.facts, "replace")          # the last file to be renamed into place
        else:
            _fail_on(patch, mini.layout.seeds / SYNTHETIC.name, "unlink")   # the very last step
        with pytest.raises(OSError, match="test"):
            draft(second, "tea-2021", layout=mini.layout, force=True)
    assert _snapshot(mini) == before   # old seed, manifest and facts as they were; no temporary file left
    _check_ok(mini, monkeypatch)


def test_a_directory_or_an_empty_seed_is_refused_and_nothing_is_written(cli, tmp_path, capsys):
    before = _snapshot(cli)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\u3000\r\n\t\n", encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("扶贫\n", encoding="utf-8")
    for seed in (tmp_path, tmp_path / "empty.txt", tmp_path / "blank.txt", tmp_path / "notes.yaml"):
        assert main(["draft", str(seed), "--source-id", "blank-2021"]) == 2
    err = capsys.readouterr().err.strip().split("\n")
    assert len(err) == 4 and all(line.startswith("povlib: error: ") for line in err)
    assert f"seed {tmp_path} is a directory" in err[0]
    assert "holds no text" in err[1] and "holds no text" in err[2] and "named like a manifest" in err[3]
    assert _snapshot(cli) == before


def test_an_undated_document_says_so_in_the_facts_draft(mini, tmp_path):
    seed = tmp_path / "cun.txt"   # synthetic
    seed.write_text("【合成测试文件,非真实资料】\n某村简讯\n本村今年新修水渠3公里。\n", encoding="utf-8")
    result = draft(seed, "cun-2021", layout=mini.layout)
    header = [line for line in result.facts.read_text(encoding="utf-8").split("\n") if line.startswith("#")]
    assert any("The document has no date" in line and "`date`" in line for line in header)
    manifest = yaml.safe_load(result.manifest.read_text(encoding="utf-8"))
    assert manifest["date"] == "" and "no date found" in manifest["date_evidence"]
