"""The files of `povlib draft` when things go wrong: a draft killed between two renames is put
back by the next draft and `check` says so meanwhile; concurrent drafts take turns; drafted files
get the mode of a new file; the indexes that keep a long draft fast give the answers of a full scan.

Every document is SYNTHETIC (tests/fixtures/draft/ or made up below).
"""

from __future__ import annotations

import fcntl
import os
import random
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from povlib.catalog import loader as catalog
from povlib.draft.candidates import quote_occurrence
from povlib.cli import main
from povlib.draft.pipeline import draft
from povlib.draft.repeats import Occurrences, RepeatIndex, bigrams, in_spans
from povlib.draft.suggest import fold

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = Path(__file__).parents[1] / "fixtures" / "draft" / "synthetic-tea-2021.txt"
GUARD = 120   # seconds: only reached when the behaviour under test is missing (the test then fails)

#: a child that drafts, and stops dead after the first file is renamed into place (it says so on stdout)
_HANG_AFTER_FIRST_RENAME = """
import os, sys, time
from pathlib import Path
real, renamed = os.replace, []
folders = {Path(os.environ["POVLIB_SEEDS"]), Path(os.environ["POVLIB_DATA"]) / "facts"}
def replace(src, dst, *args, **kwargs):
    real(src, dst, *args, **kwargs)
    if Path(dst).parent in folders and not Path(dst).name.startswith("."):   # a drafted file, not the journal
        renamed.append(dst)
        if len(renamed) == 1:
            print("renamed", dst, flush=True)
            while True:
                time.sleep(60)
os.replace = replace
from povlib.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _env(mini) -> dict:
    return {**os.environ, "POVLIB_SEEDS": str(mini.layout.seeds), "POVLIB_DATA": str(mini.layout.data)}


def _snapshot(mini) -> dict[str, bytes]:
    """Every file (hidden ones too) under the seeds and facts folders but the draft lock."""
    return {str(p.relative_to(mini.root)): p.read_bytes()
            for folder in (mini.layout.seeds, mini.layout.facts_dir) for p in sorted(folder.rglob("*"))
            if p.name != ".draft.lock"}


def _line(stream) -> str:
    """Return the next line of a child's pipe; fail (rather than hang) when none comes."""
    ready, _, _ = select.select([stream], [], [], GUARD)
    assert ready, "the child printed nothing"
    return stream.readline().decode()


def _hidden(mini) -> list[str]:
    return sorted(p.name for folder in (mini.layout.seeds, mini.layout.facts_dir) for p in folder.glob(".*")
                  if p.name != ".draft.lock")


def _kill_after_first_rename(mini, sig: int, args: list[str]) -> int:
    child = subprocess.Popen([sys.executable, "-c", _HANG_AFTER_FIRST_RENAME, *args], cwd=ROOT, env=_env(mini),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _line(child.stdout).startswith("renamed ")
        child.send_signal(sig)
        return child.wait(GUARD)
    finally:
        child.kill()
        child.wait()


def _errors(mini) -> list[str]:
    return [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_draft_killed_between_two_renames_is_put_back_by_the_next_draft(mini, monkeypatch, force):
    seed = mini.layout.seeds / SYNTHETIC.name
    assert _kill_after_first_rename(mini, signal.SIGKILL, ["draft", str(SYNTHETIC), "--source-id", "tea-2021"]) \
        == -signal.SIGKILL
    assert (mini.layout.seeds / "tea-2021.yaml").exists() and not seed.exists()    # half written
    assert ".draft-journal.json" in _hidden(mini)
    errors = _errors(mini)
    assert len(errors) == 1 and f"seed {seed} is missing" in errors[0]
    assert "`povlib draft` was interrupted" in errors[0] and "run `povlib draft` again" in errors[0]
    assert "git checkout" not in errors[0]            # the seed was never in git

    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    assert main(["draft", str(SYNTHETIC), "--source-id", "tea-2021", *force]) == 0
    assert _hidden(mini) == []                        # journal, temporary and backup files gone
    assert seed.read_bytes() == SYNTHETIC.read_bytes()
    assert _errors(mini) == [] and main(["check"]) == 0


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_redraft_killed_midway_leaves_the_old_draft_exactly(mini, monkeypatch, tmp_path, capsys, sig):
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    draft(SYNTHETIC, "tea-2021", layout=mini.layout)
    before = _snapshot(mini)
    second = tmp_path / "tea-v2.txt"
    second.write_text(SYNTHETIC.read_text(encoding="utf-8").replace("97户", "98户"), encoding="utf-8")
    code = _kill_after_first_rename(mini, sig, ["draft", str(second), "--source-id", "tea-2021", "--force"])
    if sig == signal.SIGTERM:                         # stopped like Ctrl-C: it put its files back itself
        assert code == 130 and _snapshot(mini) == before
        return
    assert code == -signal.SIGKILL and _snapshot(mini) != before
    assert any("`povlib draft` was interrupted" in e for e in _errors(mini))
    # any draft puts the files back first, even one refused for its own reasons
    assert main(["draft", str(tmp_path / "absent.txt"), "--source-id", "other-2021"]) == 2
    assert "put back the files of a povlib draft that was interrupted" in capsys.readouterr().err
    assert _snapshot(mini) == before
    assert _errors(mini) == []


def _hold_lock(mini):
    fd = os.open(mini.layout.seeds / ".draft.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


@pytest.mark.parametrize("case", ["same file name, two ids", "same id, two documents"])
def test_concurrent_drafts_take_turns(mini, monkeypatch, tmp_path, case):
    seeds = []
    for folder, edit in (("a", "97户"), ("b", "98户")):
        (tmp_path / folder).mkdir()
        seeds.append(tmp_path / folder / ("same.txt" if case.startswith("same file") else f"doc-{folder}.txt"))
        seeds[-1].write_text(SYNTHETIC.read_text(encoding="utf-8").replace("97户", edit), encoding="utf-8")
    ids = ["race-x", "race-y"] if case.startswith("same file") else ["race-x", "race-x"]
    fd = _hold_lock(mini)                             # both children start while a draft holds the lock
    children = [subprocess.Popen([sys.executable, "-m", "povlib", "draft", str(s), "--source-id", i], cwd=ROOT,
                                 env=_env(mini), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for s, i in zip(seeds, ids)]
    try:
        for child in children:
            assert _line(child.stderr).startswith("povlib: waiting for another povlib draft")
    finally:
        os.close(fd)
        outcomes = [(child.wait(GUARD), child.stderr.read().decode().strip()) for child in children]
    assert sorted(code for code, _ in outcomes) == [0, 2]
    refused = next(err for code, err in outcomes if code == 2).split("\n")
    assert len(refused) == 1
    expected = "is already the document of race-" if case.startswith("same file") else "exists: povlib draft never"
    assert expected in refused[0]
    monkeypatch.setattr("povlib.catalog.layout.default_layout", lambda: mini.layout)
    assert _errors(mini) == [] and main(["check"]) == 0


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)], ids=["umask-022", "umask-027"])
def test_drafted_files_get_the_mode_of_a_new_file(mini, umask, mode):
    previous = os.umask(umask)
    try:
        result = draft(SYNTHETIC, "tea-2021", layout=mini.layout)
    finally:
        os.umask(previous)
    for path in (result.seed, result.manifest, result.facts):
        assert path.stat().st_mode & 0o777 == mode


def _clauses(n: int, seed: int) -> list[str]:
    """Deterministic made-up clauses over a small alphabet (many share bigrams)."""
    rng = random.Random(seed)
    alphabet = "全县新建水渠道路公里村户人万元年达到累计完成"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(4, 14))) + "10公里" for _ in range(n)]


def test_the_repeat_index_finds_what_a_full_scan_finds_comparing_few():
    text = "\n".join(_clauses(600, 1))
    index, earlier, compared = RepeatIndex(text), [], []
    for i, quote in enumerate(_clauses(600, 2)):
        mine = bigrams(fold(quote))
        scan = next((fid for fid, other in earlier
                     if len(mine & other) / len(mine | other) >= 0.5), None) if mine else None
        assert index.find("10公里", "road_km", quote) == scan
        compared.append(len(index.candidates("10公里", "road_km", quote)))
        if scan is None:
            index.add(f"f-{i}", "10公里", "road_km", quote)
            earlier.append((f"f-{i}", mine))
        assert index.find("10公里", "other_indicator", quote) is None
    assert len(earlier) > 100 and sum(compared) < len(compared) * len(earlier) / 4


def test_occurrences_and_spans_match_the_plain_scans():
    text = "甲乙甲乙甲\n甲乙\n乙甲乙甲乙甲" * 3
    occ = Occurrences(text)
    for quote in ("甲乙", "乙甲乙", "甲乙甲乙甲\n"):
        at = text.find(quote)
        while at >= 0:
            assert occ.of(quote, at) == quote_occurrence(text, quote, at)
            at = text.find(quote, at + 1)
    spans = [(5, 9, "a"), (0, 3, "b"), (6, 20, "c"), (30, 31, "d")]
    inside = in_spans(spans)
    for start in range(0, 35):
        for end in range(start, 35):
            assert inside(start, end) == any(a <= start and end <= b for a, b, _ in spans)
