"""The drafting corpus's gold is a povlib project of its own: the project's checks must accept it,
and errors about it must name its files (not the package's)."""

import os
import subprocess
import sys
from pathlib import Path

from povlib.catalog.facts import shown_path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "benchmarks" / "corpus"


def test_corpus_gold_passes_povlib_check(tmp_path):
    env = {**os.environ, "POVLIB_SEEDS": str(CORPUS / "seeds"), "POVLIB_DATA": str(CORPUS / "data"),
           "POVLIB_CACHE_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "povlib", "check"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "check OK" in run.stdout


def test_error_paths_name_the_data_folder_in_use(monkeypatch):
    monkeypatch.chdir(ROOT)
    corpus_file = CORPUS / "data" / "facts" / "anhui-2020-news.yaml"
    assert shown_path(corpus_file) == "benchmarks/corpus/data/facts/anhui-2020-news.yaml"
    package_file = ROOT / "povlib" / "data" / "facts" / "zhaotong-2019.yaml"
    assert shown_path(package_file) == "povlib/data/facts/zhaotong-2019.yaml"


def test_the_reader_prose_checks_apply_unless_the_data_is_marked_evaluation_only(tmp_path):
    import shutil
    data = tmp_path / "data"
    shutil.copytree(CORPUS / "data", data)
    (data / "EVALUATION_ONLY").unlink()
    env = {**os.environ, "POVLIB_SEEDS": str(CORPUS / "seeds"), "POVLIB_DATA": str(data),
           "POVLIB_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "povlib", "check"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1 and "Chinese outside quotation marks" in run.stdout
    (data / "EVALUATION_ONLY").write_text("evaluation only\n")
    run = subprocess.run([sys.executable, "-m", "povlib", "check"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=600)   # the cached catalog serves it
    assert run.returncode == 0 and "reader-prose checks not applied" in run.stdout
