"""The examples of README.md and of every page in docs/ run as written, so the docs cannot drift
from the code (docs/curation-reviews/ holds review notes, not examples, and is left out).

Every ```python block runs in a fresh interpreter; every ```sh block runs line by line in bash
from the project root, except a block right after an `<!-- examples: not run (reason) -->`
comment, whose commands must still name programs or scripts that exist.
"""

import re
import shlex
import subprocess
import sys

import pytest

from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").rglob("*.md") if "curation-reviews" not in p.parts)]
README = PAGES[0].read_text(encoding="utf-8")
BLOCK = re.compile(r"(<!-- examples: not run \((?P<why>[^)]*)\) -->\n)?```(?P<lang>python|sh)\n(?P<code>.*?)```", re.S)
BLOCKS = [(m["lang"], m["code"], m["why"]) for page in PAGES
          for m in BLOCK.finditer(page.read_text(encoding="utf-8"))]
README_BLOCKS = [(m["lang"], m["code"], m["why"]) for m in BLOCK.finditer(README)]


def _commands(code: str) -> list[str]:
    return [line for line in code.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_has_python_and_shell_examples():
    langs = [lang for lang, _, _ in README_BLOCKS]
    assert "python" in langs and langs.count("sh") >= 3


@pytest.mark.parametrize("code", [c for lang, c, why in BLOCKS if lang == "python"])
def test_python_examples_run(code):
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]


@pytest.mark.parametrize("command", [cmd for lang, c, why in BLOCKS if lang == "sh" and not why for cmd in _commands(c)])
def test_shell_examples_run(command):
    proc = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{command}\n{proc.stderr[-2000:]}"


@pytest.mark.parametrize("command", [cmd for lang, c, why in BLOCKS if lang == "sh" and why for cmd in _commands(c)])
def test_examples_not_run_still_name_existing_programs(command):
    words = shlex.split(command, comments=True)
    program = words[1] if words[0] == "bash" else words[0]
    assert (ROOT / program).exists(), f"{command}: {program} does not exist"
