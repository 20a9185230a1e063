"""Output folders: an empty one, a file, or the project folder itself is refused, so nothing is
written to the project root by accident (issue 19, item 4)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from povlib import PovlibError
from povlib.analysis.export import export
from povlib.catalog.layout import output_folder


def _povlib(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "povlib", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def _listing(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("argv, says", [
    (["export", ""], "the export folder is empty"), (["export", "  "], "the export folder is empty"),
    (["build", "--out", "", "--format", "html"], "--out is empty"),
    (["export", "."], "is the project folder itself"), (["export", str(ROOT)], "is the project folder itself"),
    (["build", "--out", ".", "--format", "html"], "is the project folder itself"),
])
def test_an_empty_output_folder_or_the_project_root_is_refused(argv, says):
    before = _listing(ROOT)
    proc = _povlib(*argv)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and says in proc.stderr, proc.stderr
    assert "e.g. " in proc.stderr  # the fix: a folder of their own
    assert _listing(ROOT) == before  # nothing written to the project root


def test_an_existing_file_given_as_the_output_folder_is_refused(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("keep", encoding="utf-8")
    proc = _povlib("build", "--out", str(target), "--format", "html")
    assert proc.returncode == 2 and "is a file, not a folder" in proc.stderr
    assert "make it writable" not in proc.stderr
    with pytest.raises(PovlibError, match="is a file, not a folder"):
        export(target)
    assert target.read_text(encoding="utf-8") == "keep"


def test_output_folder_accepts_a_new_or_existing_folder(tmp_path):
    assert output_folder(str(tmp_path / "new"), "--out", "reports/") == tmp_path / "new"
    assert output_folder(tmp_path, "--out", "reports/") == tmp_path
