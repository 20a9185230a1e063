"""povlib: traceable numbers from Chinese reports on poverty alleviation (five regional reports, 2017-2020, and national statistics releases as the benchmark).

The public surface is what this module lists in `__all__`. It is loaded lazily (PEP 562): `import
povlib` costs no pandas or matplotlib, so the command line starts fast; the first use of a name
imports the module that holds it.

- loaders of the validated data as DataFrames (`load_facts`, `load_sources`, ...), `Layout`,
  `search` and `TOPICS` — from `povlib.catalog`;
- `metrics` — `povlib.analysis.metrics`;
- the notebook helpers `findings`, `plots`, `report`, `views` — from `povlib.present`;
- the exceptions — `povlib.exceptions`.
"""

from __future__ import annotations

import importlib

from .base.version import __version__
from .exceptions import DataError, PovlibError, SeedError, ToolMissingError, UnitError, UnknownKeyError

#: public name -> (module, attribute or None for the module itself)
_LAZY = {
    **{name: ("povlib.catalog.frames", name) for name in (
        "load_anomalies", "load_checks", "load_coverage", "load_excluded", "load_facts", "load_indicators",
        "load_regions", "load_sources")},
    "Layout": ("povlib.catalog.layout", "Layout"),
    "search": ("povlib.catalog.search", "search"),
    "TOPICS": ("povlib.catalog.facts", "TOPICS"),
    "metrics": ("povlib.analysis.metrics", None),
    "findings": ("povlib.present.findings", None),
    "plots": ("povlib.present.plots", None),
    "report": ("povlib.present.report", None),
    "views": ("povlib.present.views", None),
}

__all__ = [
    "DataError", "Layout", "PovlibError", "SeedError", "TOPICS", "ToolMissingError", "UnitError", "UnknownKeyError",
    "findings", "load_anomalies", "load_checks", "load_coverage", "load_excluded", "load_facts", "load_indicators",
    "load_regions", "load_sources", "metrics", "plots", "report", "search", "views", "__version__",
]


def __getattr__(name: str):
    """Return the public object `name`, importing its module on first use (then cached here)."""
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'povlib' has no attribute {name!r}") from None
    value = importlib.import_module(module)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Return the module's names, the lazy public ones included (for tab completion)."""
    return sorted({*globals(), *__all__})
