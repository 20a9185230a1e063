"""`povlib export DIR`: every table as UTF-8 CSV and Parquet, plus a Frictionless datapackage.json.

Files are written to a temporary name and renamed, so an interrupted export never leaves a
half-written file and earlier files stay until replaced. Two runs give byte-identical files.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd

from ..base.version import __version__
from ..catalog import frames
from . import metrics
from ..catalog.loader import input_hash
from ..exceptions import PovlibError
from ..catalog.layout import Layout, resolve
from ..catalog.schema import TABLES, UNITS, describe
from ..catalog.layout import output_folder
from decimal import Decimal


def with_million_yuan(df: pd.DataFrame) -> pd.DataFrame:
    """Return `df` with a `million_yuan` column right after its `yi_yuan` column (yi_yuan × 100,
    computed from the exact `value_exact_yi` string when the table has it), so a figure a report
    gives in million yuan is found as written; a table without `yi_yuan` is returned unchanged."""
    if "yi_yuan" not in df.columns or "million_yuan" in df.columns:
        return df
    exact = df["value_exact_yi"] if "value_exact_yi" in df.columns else df["yi_yuan"]
    million = [None if pd.isna(v) or str(v).strip() == "" else float(Decimal(str(v)) * 100) for v in exact]
    out = df.copy()
    out.insert(list(df.columns).index("yi_yuan") + 1, "million_yuan", pd.array(million, dtype="Float64"))
    return out


#: anomaly kinds that say a figure cannot be read as written: its value is never exported
UNREADABLE_KINDS = ("impossible_magnitude",)
#: numeric columns of a row that are not the figure itself (years and spans), kept when it is withheld
_KEPT_NUMBERS = re.compile(r"^(?:(?:start|end|base)_year|year(?:_start|_end)?|years|precision|quote_start|raw_start"
                           r"|line|rank)$")


def unreadable(anomalies: pd.DataFrame) -> dict[str, str]:
    """Return fact_id -> why its value is withheld from the exports, for every fact named by an
    anomaly of a kind in UNREADABLE_KINDS (e.g. 26749万名 people for 7568 households): 'cannot be
    read as written (<kind>, anomaly <id>)'."""
    out: dict[str, str] = {}
    for a in anomalies[anomalies["kind"].isin(UNREADABLE_KINDS)].itertuples():
        for fid in [f for f in str(a.facts).split(";") if f]:
            out.setdefault(fid, f"cannot be read as written ({a.kind}, anomaly {a.anomaly_id})")
    return out


def withhold_unreadable(df: pd.DataFrame, reasons: dict[str, str]) -> pd.DataFrame:
    """Return `df` with a `value_withheld` column (why a row's figure is left empty; '' for every
    other row) and, in each row whose fact ids (`fact_id`, `facts`, `*_fact`) name a fact of `reasons`, its figure
    columns emptied: `value`, `value_exact` and every other number but years, spans, precision and
    offsets. `raw` and `quote` keep the number as written. A table without fact ids is returned
    unchanged."""
    keys = [c for c in df.columns if (c in ("fact_id", "facts") or c.endswith(("_fact", "_facts")))
            and df[c].dtype.kind not in "biuf"]   # ids, not a count of facts
    if not keys:
        return df
    why = [next((reasons[f] for ids in row for f in str(ids).split(";") if f in reasons), "")
           for row in df[keys].itertuples(index=False)]
    out = df.copy()
    hit = pd.Series([bool(w) for w in why], index=out.index)
    if hit.any():
        for col in out.columns:
            numeric = out[col].dtype.kind in "fiu" or str(out[col].dtype) in ("Float64", "Int64")
            if col == "value_exact" or (numeric and col not in keys and not _KEPT_NUMBERS.search(col)):
                if out[col].dtype.kind in "iu":
                    out[col] = out[col].astype("Int64")
                out[col] = out[col].astype(object if col == "value_exact" else out[col].dtype).where(~hit, None)
    at = list(out.columns).index("value_exact") + 1 if "value_exact" in out.columns else len(out.columns)
    out.insert(at, "value_withheld", why)
    return out


def tables(layout: Layout | None = None) -> dict[str, pd.DataFrame]:
    """Return every exported table by name (data tables, then derived metrics); a table with a
    `yi_yuan` column also carries `million_yuan` (see `with_million_yuan`); every table with fact
    ids carries `value_withheld`, and a figure that cannot be read as written is left empty (see
    `withhold_unreadable`)."""
    found = _tables(layout)
    reasons = unreadable(found["anomalies"])
    return {name: (df if name == "anomalies" else withhold_unreadable(with_million_yuan(df), reasons))
            for name, df in found.items()}


def _tables(layout: Layout | None) -> dict[str, pd.DataFrame]:
    facts = frames.load_facts(layout)
    return {
        "facts": facts, "sources": frames.load_sources(layout), "regions": frames.load_regions(layout),
        "indicators": frames.load_indicators(layout), "excluded": frames.load_excluded(layout),
        "anomalies": frames.load_anomalies(layout), "checks": frames.load_checks(layout),
        "coverage": frames.load_coverage(layout),
        "poverty_rate_declines": metrics.poverty_rate_declines(facts),
        "headcount_reductions": metrics.headcount_reductions(facts),
        "relocation_scale": metrics.relocation_scale(facts), "funding": metrics.funding(facts),
    }


def _write_atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        if exc.filename is None:  # pandas and pyarrow say what failed, not where: name the file
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise
    finally:
        if tmp.exists():
            tmp.unlink()


def _field_type(series: pd.Series) -> str:
    kind = series.dtype.kind
    return {"i": "integer", "u": "integer", "f": "number", "b": "boolean"}.get(kind, "string")


def _resource(name: str, df: pd.DataFrame) -> dict:
    fields = []
    for col in df.columns:
        field = {"name": col, "type": _field_type(df[col]), "description": describe(name, col)}
        if (name, col) in UNITS:
            field["unit"] = UNITS[(name, col)]
        fields.append(field)
    return {"name": name, "path": f"{name}.csv", "format": "csv", "encoding": "utf-8",
            "mediatype": "text/csv", "description": TABLES[name], "schema": {"fields": fields}}


def export(directory: Path, layout: Layout | None = None) -> list[Path]:
    """Write every table as CSV and Parquet plus datapackage.json into `directory`; return the paths."""
    directory = output_folder(directory, "the export folder", "exports/")
    directory.mkdir(parents=True, exist_ok=True)
    targets = [directory / f"{name}.{ext}" for name in TABLES for ext in ("csv", "parquet")]
    blocked = [p.name for p in [*targets, directory / "datapackage.json"] if p.is_dir()]
    if blocked:
        raise PovlibError(f"cannot export into {directory}: {', '.join(blocked)} is a folder where a file goes; "
                          "remove it or export elsewhere")
    layout = resolve(layout)
    written = []
    resources = []
    for name, df in tables(layout).items():
        csv_path, pq_path = directory / f"{name}.csv", directory / f"{name}.parquet"
        _write_atomic(csv_path, lambda p: df.to_csv(p, index=False, encoding="utf-8", lineterminator="\n"))
        _write_atomic(pq_path, lambda p: df.to_parquet(p, index=False, engine="pyarrow"))
        written += [csv_path, pq_path]
        resources.append(_resource(name, df))
    package = {"name": "povlib", "title": "Poverty alleviation figures from Chinese documents: five regional reports (2017-2020) and national statistics releases",
               "description": "Fact values are in the base unit of their `unit` column; see indicators for labels.", "version": _version(), "data_hash": input_hash(layout),
               "licenses": [{"name": "other-at", "title": "Source texts: copyright of their publishers"}],
               "resources": resources}
    pkg_path = directory / "datapackage.json"
    _write_atomic(pkg_path, lambda p: p.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n",
                                                   encoding="utf-8"))
    return written + [pkg_path]


def _version() -> str:
    return __version__
