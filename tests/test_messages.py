"""Messages whose fix is right (issue 19, item 8): the review's wrong fixes and unclear messages
(shared/reviews/2026-12-07-reliability.md), a quiet broken pipe, and file errors that name the path.

Cases of the review tested elsewhere: D01, D02, D20b, D21, D24, D24b, D24c in
test_validation_trust19a.py; A11 in test_outputs_trust19a.py.
"""

from __future__ import annotations

import errno
import hashlib
import os
import socket
import subprocess
import sys
import threading

import pytest

from conftest import ROOT
from povlib import DataError, PovlibError
from povlib.catalog import loader as catalog
from povlib.build.config import load_config
from povlib.exceptions import os_error_message


def _errors(mini) -> list[str]:
    catalog._CACHE.clear()
    return [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]


def _manifest(mini):
    return mini.layout.seeds / "mini-2019.yaml"


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- wrong fixes ---------------------------------------------------------------------------------


def test_d12_an_invalid_year_basis_on_a_fact_with_a_period_is_not_told_to_leave_it_out(mini):
    mini.edit_fact("mini-2019-004", year_basis="documented")  # it has a period: a year_basis is required
    (error,) = _errors(mini)
    assert "year_basis 'documented' is not valid" in error and "leave it out" not in error
    mini.edit_fact("mini-2019-004", year_basis=None)
    assert "has a period but no year_basis" in _errors(mini)[0]  # leaving it out would indeed be wrong
    mini.edit_fact("mini-2019-007", year_basis="documented")  # no period: leaving it out is a right fix
    assert any("leave it out" in e for e in _errors(mini) if "mini-2019-007" in e)


@pytest.mark.parametrize("typo", ["one digit", "nothex"])
def test_d15_a_sha256_typo_in_the_manifest_is_blamed_on_the_manifest(mini, typo):
    sha = "69f41c3964d28cb61b512154415a3bfb3b429036eb90ef84a8abdbe06538304d"
    bad = sha[:20] + ("0" if sha[20] != "0" else "1") + sha[21:] if typo == "one digit" else "nothex"
    _replace(_manifest(mini), sha, bad)
    (error,) = _errors(mini)
    assert "seeds/mini-2019.yaml" in error and "git checkout -- seeds/mini.txt" not in error
    assert "restore the manifest" in error and "edited; restore it" not in error
    if typo == "one digit":
        assert "typo" in error and "digit(s) [21]" in error and f"sha256: {sha}" in error


def test_d26_a_manifest_naming_another_sources_seed_is_blamed_on_the_manifest(mini, monkeypatch, capsys):
    other = mini.layout.seeds / "other.txt"
    other.write_text("另一份文件。\n", encoding="utf-8")
    digest = hashlib.sha256(other.read_bytes()).hexdigest()
    text = _manifest(mini).read_text(encoding="utf-8").replace("mini-2019", "other-2019").replace(
        "file: mini.txt", "file: other.txt")
    text = text[:text.index("sha256:")] + f"sha256: {digest}\n" + text[text.index("title:"):]
    (mini.layout.seeds / "other-2019.yaml").write_text(text[:text.index("boilerplate:")] + "boilerplate: []\n",
                                                       encoding="utf-8")
    (mini.layout.facts_dir / "other-2019.yaml").write_text("source_id: other-2019\n", encoding="utf-8")
    assert _errors(mini) == []
    _replace(_manifest(mini), "file: mini.txt", "file: other.txt")
    errors = _errors(mini)
    assert len(errors) == 1, errors  # no second "seed(s) ['mini.txt'] have no valid manifest"
    assert "seeds/mini-2019.yaml" in errors[0] and "is the seed of other-2019" in errors[0]
    assert "write file: mini.txt" in errors[0] and "git checkout -- seeds/other.txt" not in errors[0]
    from povlib.cli import main
    monkeypatch.setenv("POVLIB_SEEDS", str(mini.layout.seeds))
    monkeypatch.setenv("POVLIB_DATA", str(mini.layout.data))
    catalog._CACHE.clear()
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "other-2019: 0 facts" in out and "0 error(s)" in out.split("other-2019: ")[1].splitlines()[0]


def test_d16c_a_key_indented_too_far_is_told_to_fix_the_indentation(mini):
    _replace(mini.facts_path, "\n  - {fact_id: mini-2019-002", "\n  - fact_id: x\n     region: y\n  - {fact_id: mini-2019-002")
    with pytest.raises(DataError) as info:
        catalog._CACHE.clear()
        catalog.load(mini.layout)
    assert "check the indentation" in str(info.value) and "quote the value" not in str(info.value)


def test_d16c_a_value_with_a_colon_is_still_told_to_quote_it(tmp_path):
    cfg = tmp_path / "reports.yaml"
    cfg.write_text("reports:\n  - name: a: b\n", encoding="utf-8")
    with pytest.raises(DataError, match="quote the value in double quotes"):
        load_config(cfg)


def test_d17b_an_unclosed_quote_in_a_csv_is_named_at_its_line(mini):
    path = mini.layout.regions_dir / "common.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("china,中国", '"china,中国') + "x,甲,X,county,mini\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as info:
        _errors(mini)
    message = str(info.value)
    assert "common.csv, line 2" in message and "not closed" in message and "fewer fields" not in message


@pytest.mark.parametrize("target, says", [("/etc/hostname", "is not a Jupyter notebook (.ipynb) file"),
                                          ("elsewhere.ipynb", "is not a valid notebook")])
def test_c17_a_notebook_outside_the_project_is_not_told_to_git_checkout(tmp_path, target, says):
    if target == "elsewhere.ipynb":
        (tmp_path / target).write_text("{not json", encoding="utf-8")
    cfg = tmp_path / "reports.yaml"
    cfg.write_text(f"reports:\n  - {{name: a, notebook: {target}}}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_config(cfg)
    assert says in str(info.value) and "git checkout" not in str(info.value)


def test_c17_a_broken_notebook_inside_the_project_may_be_restored_from_git(tmp_path):
    import shutil
    folder = ROOT / "tests" / f".tmp-{os.getpid()}"
    folder.mkdir()
    try:
        (folder / "broken.ipynb").write_text("{not json", encoding="utf-8")
        cfg = folder / "reports.yaml"
        cfg.write_text("reports:\n  - {name: a, notebook: broken.ipynb}\n", encoding="utf-8")
        with pytest.raises(DataError, match=r"git checkout -- broken.ipynb"):
            load_config(cfg)
    finally:
        shutil.rmtree(folder)


def test_a14_a_reader_that_goes_away_ends_the_output_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "povlib", "facts", "--format", "json"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # like `| head -1` after its line: no reader is left when povlib writes
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141  # 128 + SIGPIPE, as a Unix tool killed by it
    assert stderr == ""


def test_a14_a_broken_pipe_inside_main_is_quiet(monkeypatch, capsys):
    from povlib.cli import main

    class Gone:
        def write(self, text):
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stdout", Gone())
    assert main(["facts", "--format", "csv"]) == 141
    assert capsys.readouterr().err == ""


def test_e05b_a_full_disk_during_export_names_the_file_and_is_not_a_permission_hint(tmp_path, monkeypatch, capsys):
    import pandas as pd

    from povlib.cli import main

    def full(self, path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")  # as pandas raises it: no file name

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    out = tmp_path / "out"
    assert main(["export", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err and "No space left on device" in err
    assert "free some space" in err and "permissions" not in err
    assert not [p for p in out.iterdir()]  # no half-written file


def test_permission_and_disk_errors_name_the_path_and_the_fix_that_fits():
    denied = os_error_message(PermissionError(errno.EACCES, "Permission denied", "/srv/out/x.csv"))
    assert "/srv/out/x.csv" in denied and "right to it" in denied and "free" not in denied
    full = os_error_message(OSError(errno.ENOSPC, "No space left on device"), "/srv/out")
    assert "/srv/out" in full and "free some space" in full and "permission" not in full


# --- unclear -------------------------------------------------------------------------------------


def test_c14_json_that_is_not_a_notebook_is_named_before_the_build(tmp_path):
    (tmp_path / "e1.ipynb").write_text("{}", encoding="utf-8")
    cfg = tmp_path / "reports.yaml"
    cfg.write_text("reports:\n  - {name: e1, notebook: e1.ipynb}\n", encoding="utf-8")
    with pytest.raises(DataError, match="is JSON but not a Jupyter notebook"):
        load_config(cfg)


def test_e05_a_full_disk_while_a_report_executes_names_the_folder(tmp_path, monkeypatch):
    import pathlib

    from povlib.build.runner import execute_report
    from povlib.build.config import Report

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pathlib.Path, "mkdir", full)
    result = execute_report((Report("r", ROOT / "notebooks" / "region_profile.ipynb"), tmp_path / "out"))
    assert result.status == "failed" and result.cell == "writing"
    assert str(tmp_path / "out") in result.error and "free some space" in result.error


def test_a13d_an_http_server_at_the_scheduler_address_is_named_as_such():
    pytest.importorskip("distributed")
    from povlib.build.cluster import connect

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)

    def answer():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            conn.close()

    threading.Thread(target=answer, daemon=True).start()
    try:
        with pytest.raises(PovlibError) as info:
            connect(f"tcp://127.0.0.1:{server.getsockname()[1]}")
    finally:
        server.close()
    message = str(info.value)
    assert "not in the Dask protocol" in message and "EiB" not in message and "allocate" not in message
