"""Every data file with a yi_yuan column carries million_yuan beside it (review17d defect 38): the
reports give money in million yuan, so a cited figure is found in the CSV as written."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pandas as pd

from povlib.analysis import export


def test_million_yuan_sits_beside_yi_yuan_and_is_exactly_100_times_it(tmp_path):
    paths = export.export(tmp_path)
    assert paths
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    checked = 0
    for resource in package["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        if "yi_yuan" not in fields:
            continue
        assert fields[fields.index("yi_yuan") + 1] == "million_yuan", resource["name"]
        field = resource["schema"]["fields"][fields.index("million_yuan")]
        assert field["unit"] == "10^6 yuan" and "million yuan" in field["description"]
        with open(tmp_path / resource["path"], encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["value_exact_yi"]:
                    assert Decimal(row["million_yuan"]) == Decimal(row["value_exact_yi"]) * 100, row
                    checked += 1
    assert checked >= 10  # the funding table has dozens of amounts


def test_a_table_without_yi_yuan_is_unchanged():
    df = pd.DataFrame({"persons": [1, 2]})
    assert export.with_million_yuan(df) is df
    out = export.with_million_yuan(pd.DataFrame({"yi_yuan": [0.005674], "value_exact_yi": ["0.005674"]}))
    assert list(out.columns) == ["yi_yuan", "million_yuan", "value_exact_yi"]
    assert str(out["million_yuan"][0]) == "0.5674"  # exact, no binary noise from 0.005674 × 100
