"""Arithmetic checks: interval evaluation, failures become anomalies, unit guards."""

import pytest

import povlib
from povlib.catalog.checks import interval
from povlib.exceptions import DataError


def test_fixture_checks_hold(mini):
    checks = povlib.load_checks(mini.layout).set_index("check_id")
    assert checks.loc["mini-2019-c01", "verdict"] == "holds"
    assert checks.loc["mini-2019-c02", "computed"] == pytest.approx(25.0)


def test_failing_check_becomes_arithmetic_anomaly_not_error(mini):
    data = mini.read()
    data["checks"].append({"check_id": "mini-2019-c03", "kind": "sum", "result": "mini-2019-002",
                           "operands": ["mini-2019-008", "mini-2019-009"]})
    mini.write(data)
    checks = povlib.load_checks(mini.layout).set_index("check_id")
    assert checks.loc["mini-2019-c03", "verdict"] == "fails"
    anomalies = povlib.load_anomalies(mini.layout)
    row = anomalies[anomalies["anomaly_id"] == "mini-2019-c03-fails"].iloc[0]
    assert row["kind"] == "arithmetic" and "15000" in row["explanation"]


def test_a_difference_within_stated_precision_holds(mini):
    # 25.71 - 12.49 = 13.22 exactly; stating 13.2 is still within rounding
    seed = mini.root / "seeds" / "mini.txt"
    assert "13.22" in seed.read_text(encoding="utf-8")
    fact = {"value": 13.2, "precision": 0.05, "qualifier": ""}
    lo, hi = interval(fact)
    assert lo <= 13.22 <= hi


def test_qualifier_widens_interval():
    assert interval({"value": 100.0, "precision": 0.5, "qualifier": "more_than"})[1] == float("inf")
    lo, hi = interval({"value": 100.0, "precision": 0.5, "qualifier": "nearly"})
    assert lo == 90.0 and hi == 100.5


def test_check_over_unlike_units_is_an_error(mini):
    data = mini.read()
    data["checks"].append({"check_id": "mini-2019-c04", "kind": "sum", "result": "mini-2019-002",
                           "operands": ["mini-2019-001"]})
    mini.write(data)
    with pytest.raises(DataError, match="units do not fit a sum"):
        povlib.load_checks(mini.layout)


def test_check_with_unknown_fact(mini):
    data = mini.read()
    data["checks"][0]["operands"] = ["mini-2019-004", "mini-2019-404"]
    mini.write(data)
    with pytest.raises(DataError, match="unknown fact id"):
        povlib.load_checks(mini.layout)
