"""Leave-one-document-out evaluation of `povlib draft`.

Each curated document is drafted using only the other four: the learner sees their curated facts,
the indicators and regions of common.csv and of their own tables, and the document's date is the
one the draft detects in its own text (the held-out manifest is not read). The draft is then
compared with the document's curation. Shares, over the held-out document's curated facts:

- numbers:   a fact candidate (not a proposed exclusion) stands at the fact's number;
- value:     of those, the candidate's value and unit equal the curated ones (value by the unit
             grammar; unit from the raw, or from the suggested indicator when the raw has none);
- indicator: the suggested indicator is the curated one, among facts whose curated indicator is
             defined in the other four documents' tables (common.csv or theirs);
- measure:   the suggested measure is the curated one (all facts);
- period:    period_start and period_end both equal the curated ones (all facts).
Also shown per document: raw (candidate raw equal to the curated raw), and exclusions (curated
exclusion-ledger numbers the draft also proposed for the ledger).

Run: .venv/bin/python benchmarks/draft_eval.py     (last line: numbers= value= indicator= measure= period=)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from povlib.catalog import loader as catalog  # noqa: E402
from povlib.draft.pipeline import draft_rows, learner_from  # noqa: E402
from povlib.draft.suggest import Learner, context_features  # noqa: E402
from povlib.draft.manifest import boilerplate, detect_date  # noqa: E402
from povlib.catalog.units import parse_raw  # noqa: E402


def _digit_start(raw: str, start: int) -> int:
    return start + re.search(r"\d", raw).start()


def evaluate(cat, sid: str) -> dict:
    """Draft `sid` from the other documents and return its counts per measure."""
    src = cat.sources[sid]
    learner, indicators, regions = learner_from(cat, leave_out=sid)
    date, _, _ = detect_date(src.text)
    year = int(date[:4]) if date else None
    spans = []
    for item in boilerplate(src.text):
        starts = [m.start() for m in re.finditer(f"(?={re.escape(item['quote'])})", src.text)]
        s = starts[(item.get("occurrence") or 1) - 1]
        spans.append((s, s + len(item["quote"])))
    in_bp = lambda a, b: any(s <= a and b <= e for s, e in spans)
    month = int(date[5:7]) if date and len(date) >= 7 else None
    facts, excluded = draft_rows(sid, src.text, year, in_bp, learner, regions, month)
    by_pos = {}
    for row in facts:
        start = _locate(src.text, row)
        by_pos[_digit_start(row["raw"], start)] = row
    excl_pos = {_digit_start(r["raw"], _locate(src.text, r)) for r in excluded if re.search(r"\d", r["raw"])}
    curated = [f for f in cat.facts.values() if f["source_id"] == sid and f.get("status") != "draft"]
    n = {"facts": len(curated), "numbers": 0, "raw": 0, "value": 0, "ind_n": 0, "indicator": 0,
         "measure": 0, "period": 0, "excl_n": 0, "excl": 0, "year": year, "date": src.date, "undated": []}
    for f in curated:
        row = by_pos.get(_digit_start(f["raw"], f["raw_start"]))
        if f["indicator"] in indicators:
            n["ind_n"] += 1
        if row is None:
            continue
        n["numbers"] += 1
        n["raw"] += row["raw"] == f["raw"]
        q = parse_raw(row["raw"])
        unit = q.unit or indicators.get(row["indicator"], {}).get("unit")
        n["value"] += float(q.value) == f["value"] and unit == f["unit"]
        n["indicator"] += f["indicator"] in indicators and row["indicator"] == f["indicator"]
        n["measure"] += row["measure"] == f["measure"]
        n["period"] += (row["period_start"], row["period_end"]) == (f["period_start"], f["period_end"])
        if row["suggested_by"]["period"].startswith(NO_PERIOD):
            n["undated"].append(f)
    for e in (e for e in cat.excluded if e["source_id"] == sid):
        if re.search(r"\d", e["raw"]):
            n["excl_n"] += 1
            n["excl"] += _digit_start(e["raw"], e["raw_start"]) in excl_pos
    return n


NO_PERIOD = "no year expression in the sentence"


def _shape(fact: dict, year: int) -> str:
    """Return how a curated fact's period relates to its document year."""
    return {("", ""): "none", (str(year), str(year)): "year", ("", str(year)): "to year"}.get(
        (fact["period_start"], fact["period_end"]), "other")


def undated_vote(cat, undated: dict[str, list[dict]], k: int = 7) -> tuple[int, int, dict[float, int]]:
    """For the numbers the draft finds no time expression for: return (how many, how many the
    curators left without a period, {vote threshold: how many a nearest-neighbour vote on the period
    shape gets right}), each document voting among the other four documents' undated facts."""
    texts = {sid: s.text for sid, s in cat.sources.items()}
    years = {sid: int(s.date[:4]) for sid, s in cat.sources.items()}
    total = sum(len(v) for v in undated.values())
    none = sum(_shape(f, years[f["source_id"]]) == "none" for v in undated.values() for f in v)
    right = {t: 0 for t in (0.5, 0.7, 0.9)}
    for sid, facts in undated.items():
        learner = Learner([f for other, v in undated.items() if other != sid for f in v], texts, cat.indicators)
        for f in facts:
            near = learner.neighbours(context_features(texts[sid], f["raw_start"], f["raw_start"] + len(f["raw"])), None, k)
            weights: dict[str, float] = {}
            for s, nf in near:
                shape = _shape(nf, years[nf["source_id"]])
                weights[shape] = weights.get(shape, 0.0) + s * s
            best = max(weights, key=weights.get) if weights else "none"
            share = weights[best] / sum(weights.values()) if weights else 0.0
            for t in right:
                guess = best if share >= t and best in ("year", "to year") else "none"
                right[t] += guess == _shape(f, years[sid])
    return total, none, right


def _locate(text: str, row: dict) -> int:
    starts = [m.start() for m in re.finditer(f"(?={re.escape(row['quote'])})", text)]
    q = starts[(row.get("occurrence") or 1) - 1]
    before = r"(?<![\d.])(?<!\d,)" if row["raw"][:1].isdigit() else ""
    after = r"(?!\d|[.,]\d)" if row["raw"][-1:].isdigit() else ""
    hits = [m.start() for m in re.finditer(before + re.escape(row["raw"]) + after, row["quote"])]
    return q + hits[(row.get("raw_occurrence") or 1) - 1]


def main() -> None:
    cat = catalog.load()
    totals: dict[str, int] = {}
    print(f"{'source':15} {'facts':>5} {'year':>10} {'numbers':>8} {'raw':>6} {'value':>6} {'indicator':>10} "
          f"{'measure':>8} {'period':>7} {'exclusions':>11}")
    undated = {}
    for sid in sorted(sid for sid, src in cat.sources.items() if src.status != "draft"):   # curated only
        n = evaluate(cat, sid)
        undated[sid] = n.pop("undated")
        for k, v in n.items():
            if isinstance(v, int):
                totals[k] = totals.get(k, 0) + v
        share = lambda a, b: f"{n[a] / n[b]:.2f}" if n[b] else "-"
        print(f"{sid:15} {n['facts']:5d} {str(n['year']) + '/' + n['date'][:4]:>10} {share('numbers', 'facts'):>8} "
              f"{share('raw', 'numbers'):>6} {share('value', 'numbers'):>6} {share('indicator', 'ind_n'):>10} "
              f"{share('measure', 'facts'):>8} {share('period', 'facts'):>7} {share('excl', 'excl_n'):>11}")
    t = totals
    print(f"{'all':15} {t['facts']:5d} {'':>10} {t['numbers'] / t['facts']:8.2f} {t['raw'] / t['numbers']:6.2f} "
          f"{t['value'] / t['numbers']:6.2f} {t['indicator'] / t['ind_n']:10.2f} {t['measure'] / t['facts']:8.2f} "
          f"{t['period'] / t['facts']:7.2f} {t['excl'] / t['excl_n']:11.2f}")
    print("(year: drafted document year / curated; indicator over the "
          f"{t['ind_n']} facts whose indicator the other four documents define)")
    total, none, right = undated_vote(cat, undated)
    print(f"undated numbers (no time expression found): {total}; curated without a period: {none} "
          f"(the draft's guess); a neighbour vote on the period shape gets right: "
          + ", ".join(f"{v} at share >= {t}" for t, v in right.items()))
    print(f"numbers={t['numbers'] / t['facts']:.3f} value={t['value'] / t['numbers']:.3f} "
          f"indicator={t['indicator'] / t['ind_n']:.3f} measure={t['measure'] / t['facts']:.3f} "
          f"period={t['period'] / t['facts']:.3f}")


if __name__ == "__main__":
    main()
