"""Project files agree with each other: dependencies, README commands, CI entry point."""

import re
import tomllib

import yaml

from conftest import ROOT


def _names(requirements):
    return {re.split(r"[<>=!~ ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_environment_yml_lists_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _names(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted |= _names(extra)
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = _names(d for d in env["dependencies"] if isinstance(d, str)) - {"python", "pip"}
    assert listed == wanted


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:sh|bash|shell)\n(.*?)```", text, re.S)
    assert first_block, "README must open with a shell code block"
    assert text.index("```") < text.index("\n## "), "the command block comes before the first section"
    return [line for line in first_block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_readme_opens_with_exactly_two_commands():
    commands = readme_commands()
    assert len(commands) == 2
    assert "build" in commands[0] and "test" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci


def test_the_readme_stays_short():
    """Depth lives in docs/: the README is for a newcomer and stays at most 250 lines."""
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 250


def _tracked() -> list[str]:
    import subprocess
    return subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.split("\0")


def test_nothing_generated_or_downloaded_is_committed():
    """No wheels, archives or binaries outside seeds/ and tests/fixtures/ (a binary holds a NUL byte)."""
    packaged = (".whl", ".tar.gz", ".tgz", ".zip", ".egg", ".so", ".pyc", ".exe")
    offenders = []
    for name in filter(None, _tracked()):
        if name.startswith(("seeds/", "tests/fixtures/")) or not (ROOT / name).is_file():
            continue
        if name.endswith(packaged) or b"\0" in (ROOT / name).read_bytes()[:8192]:
            offenders.append(name)
    assert offenders == []
