"""The package's shape holds: layers (import-linter), no import cycle between modules, no import of
another module's private name, and commands that import only what they need."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from conftest import ROOT

PACKAGE = ROOT / "povlib"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _modules() -> dict[str, Path]:
    """Return every povlib module name with its file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """Return one import cycle of `graph` (module -> modules it imports), or [] when there is none."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = "done"
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_cycle_finder_finds_a_planted_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_import_cycle_between_povlib_modules_function_level_imports_included():
    graph = grimp.build_graph("povlib", cache_dir=None)  # grimp reads imports inside functions too
    modules = set(_modules())
    edges = {m: {t for t in graph.find_modules_directly_imported_by(m) if t in modules and t != m}
             for m in modules}
    # a package's __init__ is not a module of its own for this purpose: nothing but the root imports one
    edges.pop("povlib", None)
    assert _cycle(edges) == []


def _private_imports(path: Path, module: str) -> list[str]:
    """Return `name from module` for each `_private` name that `path` imports from another povlib module."""
    tree, found = ast.parse(path.read_text(encoding="utf-8")), []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])]) if node.level else node.module
            if not (target or "").startswith("povlib"):
                continue
            found += [f"{a.name} from {target}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_the_private_import_finder_sees_a_relative_private_import(tmp_path):
    planted = tmp_path / "mod.py"
    planted.write_text("from .outputs import _secret, public\nfrom ..base import __version__\n", encoding="utf-8")
    assert _private_imports(planted, "povlib.build.mod") == ["_secret from povlib.build.outputs"]


def test_no_module_imports_another_modules_private_name():
    offenders = {m: found for m, path in _modules().items() if (found := _private_imports(path, m))}
    assert offenders == {}


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=300)


@pytest.fixture
def copy(tmp_path):
    """A copy of the package and its pyproject.toml, for lint-imports to read instead of the real one."""
    shutil.copytree(PACKAGE, tmp_path / "povlib", ignore=shutil.ignore_patterns("data", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_layers_contract_holds(copy):
    proc = _lint(copy)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "3 kept, 0 broken" in proc.stdout


def test_an_upward_import_planted_in_a_copy_breaks_the_layers_contract(copy):
    units = copy / "povlib" / "catalog" / "units.py"
    units.write_text(units.read_text(encoding="utf-8") + "\nfrom ..present import pubtable  # planted\n",
                     encoding="utf-8")
    proc = _lint(copy)
    assert proc.returncode == 1
    assert "BROKEN" in proc.stdout and "povlib.catalog.units -> povlib.present.pubtable" in proc.stdout


def test_an_import_from_build_into_draft_breaks_their_independence(copy):
    files = copy / "povlib" / "draft" / "files.py"
    files.write_text(files.read_text(encoding="utf-8") + "\n\ndef _late():\n    from ..build import outputs  # planted\n",
                     encoding="utf-8")
    proc = _lint(copy)
    assert proc.returncode == 1 and "independent" in proc.stdout and "BROKEN" in proc.stdout


def _heavy_after(code: str) -> list[str]:
    """Return which of pandas and matplotlib a fresh interpreter has imported after running `code`."""
    probe = code + "\nimport sys\nprint('heavy:' + ','.join(m for m in ('pandas', 'matplotlib') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [m for m in proc.stdout.strip().splitlines()[-1].removeprefix("heavy:").split(",") if m]


def test_povlib_help_imports_neither_pandas_nor_matplotlib():
    assert _heavy_after("import povlib.cli\ntry:\n    povlib.cli.main(['--help'])\nexcept SystemExit:\n    pass") == []


def test_the_public_api_loads_lazily_and_completely():
    assert _heavy_after("import povlib") == []
    assert "pandas" in _heavy_after("import povlib\npovlib.metrics")  # the probe sees a heavy import
    import povlib
    for name in povlib.__all__:
        assert getattr(povlib, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        povlib.nothing  # noqa: B018
