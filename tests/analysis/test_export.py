"""Exports: every table in CSV and Parquet, a valid data package, byte-identical reruns."""

import json

import pandas as pd
import pytest

from povlib.analysis.export import export, tables
from povlib.catalog.schema import COLUMNS, TABLES, describe


def test_two_exports_are_byte_identical(mini, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    export(a, mini.layout)
    export(b, mini.layout)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir()) and "datapackage.json" in names
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_csv_and_parquet_agree(mini, tmp_path):
    export(tmp_path, mini.layout)
    csv = pd.read_csv(tmp_path / "facts.csv", dtype=str, keep_default_na=False)
    pq = pd.read_parquet(tmp_path / "facts.parquet")
    assert list(csv["fact_id"]) == list(pq["fact_id"])
    assert list(csv["quote"]) == list(pq["quote"])


def test_datapackage_validates_with_frictionless(mini, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    export(tmp_path, mini.layout)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    pkg = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in pkg["resources"]} == set(TABLES)


def test_every_exported_column_is_described(mini):
    for name, df in tables(mini.layout).items():
        assert name in TABLES
        for col in df.columns:
            assert describe(name, col), f"{name}.{col} has no description in povlib/schema.py"


def test_no_stale_description(mini):
    frames = tables(mini.layout)
    for name, cols in COLUMNS.items():
        extra = set(cols) - set(frames[name].columns)
        assert not extra, f"povlib/schema.py describes columns {extra} that {name} does not have"


def test_interrupted_export_leaves_previous_files_whole(mini, tmp_path, monkeypatch):
    export(tmp_path, mini.layout)
    before = (tmp_path / "facts.csv").read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(OSError):
        export(tmp_path, mini.layout)
    assert (tmp_path / "facts.csv").read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))
