"""povlib: traceable numbers from five Chinese reports on poverty alleviation (2017-2020)."""

from .exceptions import DataError, PovlibError, SeedError, ToolMissingError, UnitError, UnknownKeyError
from .frames import (load_anomalies, load_checks, load_coverage, load_excluded, load_facts,
                     load_indicators, load_regions, load_sources)
from .layout import Layout
from . import metrics  # noqa: E402 - `from povlib import metrics` and `povlib.metrics.funding()`
from .search import search  # noqa: E402 - `povlib.search("贫困发生率")`; the module stays povlib.search

__version__ = "0.1.0"

__all__ = [
    "DataError", "Layout", "PovlibError", "SeedError", "ToolMissingError", "UnitError", "UnknownKeyError",
    "load_anomalies", "load_checks", "load_coverage", "load_excluded", "load_facts", "load_indicators",
    "load_regions", "load_sources", "metrics", "search", "__version__",
]
