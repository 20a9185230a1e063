"""The `by round:` line of benchmarks/draft_eval.py: period share of the documents split first vs added later."""

import importlib.util
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "draft_eval_rules18p", Path(__file__).resolve().parents[2] / "benchmarks" / "draft_eval.py")
draft_eval = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(draft_eval)


def test_by_round_splits_on_the_rows_split_first():
    order = [f"d{i}" for i in range(draft_eval.FIRST_SPLIT + 2)]
    rows = [("d0", {"facts": 4, "period": 3}), ("d3", {"facts": 6, "period": 6}),
            (order[-1], {"facts": 5, "period": 1})]
    line = draft_eval.by_round(rows, order)
    assert "split first (2 docs, 10 facts) period=0.900" in line
    assert "added later (1 docs, 5 facts) period=0.200" in line


def test_by_round_with_no_document_added_later():
    line = draft_eval.by_round([("d0", {"facts": 2, "period": 1})], ["d0"])
    assert "added later (0 docs, 0 facts) period=-" in line
