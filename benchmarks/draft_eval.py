"""Evaluation of `povlib draft` on curated documents: three sets, one format.

- loo:  leave-one-document-out over the project's five curated documents: each is drafted using
        only the other four (the learner sees their curated facts, the indicators and regions of
        common.csv and of their own tables).
- dev:  the dev half of the evaluation corpus (benchmarks/corpus/, real public documents none of
        the five resembles, curated to gold and reviewed by a second curator), drafted with a
        learner built from all five project documents. Rules are changed by looking at this half only.
- test: the test half of the corpus, same way. Run it once per round of rule changes
        (`--with-test`), and report it; never tune on it.
The split (benchmarks/corpus/split.csv) was fixed before any rule change: within each script, the
documents sorted by sha256 of their id alternate dev, test.

In every set the document's date is the one the draft detects in its own text (the manifest is
not read). The draft is compared with the curation. Shares, over the curated facts:

- numbers:   a fact candidate (not a proposed exclusion) stands at the fact's number;
- value:     of those, the candidate's value and unit equal the curated ones (value by the unit
             grammar; unit from the raw, or from the suggested or proposed indicator when the raw has none);
- indicator: the suggested indicator is the curated one, among facts whose curated indicator is
             defined in the learner's tables (common.csv or the training documents' own);
- new:       the draft proposes a new indicator (a row with `new_indicator`, offered where no curated
             indicator fits the number) for a fact whose curated indicator is NOT defined in the
             learner's tables: such a proposal is right, since no draft could name that indicator.
             A proposal for a fact whose indicator the tables define counts as a wrong indicator;
             `indicator` is unchanged, so the two figures trade off and both are shown;
- measure:   the suggested measure is the curated one (all facts);
- period:    period_start and period_end both equal the curated ones (all facts);
- year:      documents whose detected year is the curated document year (corpus sets).
Also shown per document: raw (candidate raw equal to the curated raw), and exclusions (curated
exclusion-ledger numbers the draft also proposed for the ledger).

Run: .venv/bin/python benchmarks/draft_eval.py [--with-test] [--show dev|loo [--field period|measure|indicator]]
(--show prints each mismatch of that set: gold vs draft, the draft's basis and the number's clause;
never use it on the test half.) After each corpus half's rows, a `by round:` line gives the period
share of its documents split first (the first rows of split.csv) and of those added later.
The last lines read `<set>: numbers= value= indicator= measure= period= year= new=` for loo, dev (and test),
after `dates: year=K/N`: documents of the date-only set (benchmarks/corpus/dates/) whose detected year
is the year of their true publication date (the misses are listed first, one row each).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from povlib.catalog import loader as catalog  # noqa: E402
from povlib.catalog.layout import Layout  # noqa: E402
from povlib.draft.pipeline import draft_rows, learner_from  # noqa: E402
from povlib.draft.suggest import Learner, context_features  # noqa: E402
from povlib.draft.manifest import boilerplate, detect_date  # noqa: E402
from povlib.catalog.units import parse_raw  # noqa: E402

CORPUS = ROOT / "benchmarks" / "corpus"


def _digit_start(raw: str, start: int) -> int:
    return start + re.search(r"\d", raw).start()


def evaluate(cat, sid: str) -> dict:
    """Draft `sid` from the other documents of `cat` and return its counts per measure."""
    learner, indicators, regions = learner_from(cat, leave_out=sid)
    curated = [f for f in cat.facts.values() if f["source_id"] == sid and f.get("status") != "draft"]
    return evaluate_source(cat.sources[sid], curated, [e for e in cat.excluded if e["source_id"] == sid],
                           (learner, indicators, regions))


def draft_positions(src, trained) -> tuple[int | None, dict[int, dict], set[int]]:
    """Draft the source `src` with `trained` = (learner, indicators, regions) and return (the
    detected document year or None, fact rows by the text position of their first digit, the
    positions of the numbers proposed for the exclusion ledger)."""
    learner, indicators, regions = trained
    sid = src.source_id
    date, _, _ = detect_date(src.text)
    year = int(date[:4]) if date else None
    spans = []
    for item in boilerplate(src.text):
        starts = [m.start() for m in re.finditer(f"(?={re.escape(item['quote'])})", src.text)]
        s = starts[(item.get("occurrence") or 1) - 1]
        spans.append((s, s + len(item["quote"])))
    in_bp = lambda a, b: any(s <= a and b <= e for s, e in spans)
    month = int(date[5:7]) if date and len(date) >= 7 else None
    facts, excluded_rows = draft_rows(sid, src.text, year, in_bp, learner, regions, month)
    by_pos = {}
    for row in facts:
        start = _locate(src.text, row)
        by_pos[_digit_start(row["raw"], start)] = row
    excl_pos = {_digit_start(r["raw"], _locate(src.text, r)) for r in excluded_rows if re.search(r"\d", r["raw"])}
    return year, by_pos, excl_pos


def paired(src, curated: list[dict], trained) -> tuple[int | None, list[tuple[dict, dict | None]]]:
    """Draft the source `src` with `trained` and return (the detected document year or None, each
    curated fact with the draft row at its number, or None when the draft has no row there)."""
    year, by_pos, _ = draft_positions(src, trained)
    return year, [(f, by_pos.get(_digit_start(f["raw"], f["raw_start"]))) for f in curated]


def evaluate_source(src, curated: list[dict], excluded: list[dict], trained) -> dict:
    """Draft the source `src` with `trained` = (learner, indicators, regions) and return its counts
    per measure against its curated facts and exclusions."""
    indicators = trained[1]
    year, by_pos, excl_pos = draft_positions(src, trained)
    n = {"facts": len(curated), "numbers": 0, "raw": 0, "value": 0, "ind_n": 0, "indicator": 0, "new_n": 0, "new": 0,
         "measure": 0, "period": 0, "excl_n": 0, "excl": 0, "year": year, "date": src.date, "undated": [],
         "misses": []}
    for f in curated:
        row = by_pos.get(_digit_start(f["raw"], f["raw_start"]))
        if f["indicator"] in indicators:
            n["ind_n"] += 1
        if row is None:
            continue
        n["numbers"] += 1
        n["raw"] += row["raw"] == f["raw"]
        q = parse_raw(row["raw"])
        unit = q.unit or indicators.get(row["indicator"], row.get("new_indicator") or {}).get("unit")
        n["value"] += float(q.value) == f["value"] and unit == f["unit"]
        n["indicator"] += f["indicator"] in indicators and row["indicator"] == f["indicator"]
        n["new_n"] += f["indicator"] not in indicators
        n["new"] += f["indicator"] not in indicators and "new_indicator" in row
        n["measure"] += row["measure"] == f["measure"]
        n["period"] += (row["period_start"], row["period_end"]) == (f["period_start"], f["period_end"])
        if row["suggested_by"]["period"].startswith(NO_PERIOD):
            n["undated"].append(f)
        for field, gold, got in (
                ("indicator", f["indicator"], row["indicator"]), ("measure", f["measure"], row["measure"]),
                ("period", f"{f['period_start']}–{f['period_end']}", f"{row['period_start']}–{row['period_end']}")):
            if gold != got and (field != "indicator" or f["indicator"] in indicators):
                n["misses"].append((field, f, gold, got, row["suggested_by"].get(field, ""), row["quote"]))
    for e in excluded:
        if re.search(r"\d", e["raw"]):
            n["excl_n"] += 1
            n["excl"] += _digit_start(e["raw"], e["raw_start"]) in excl_pos
    return n


FIELDS = ("indicator", "measure", "period")
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


HEADER = (f"{'source':26} {'facts':>5} {'year':>10} {'numbers':>8} {'raw':>6} {'value':>6} {'indicator':>10} "
          f"{'measure':>8} {'period':>7} {'exclusions':>11}")


def _row(sid: str, n: dict) -> str:
    share = lambda a, b: f"{n[a] / n[b]:.2f}" if n[b] else "-"
    return (f"{sid:26} {n['facts']:5d} {str(n['year']) + '/' + n['date'][:4]:>10} {share('numbers', 'facts'):>8} "
            f"{share('raw', 'numbers'):>6} {share('value', 'numbers'):>6} {share('indicator', 'ind_n'):>10} "
            f"{share('measure', 'facts'):>8} {share('period', 'facts'):>7} {share('excl', 'excl_n'):>11}")


def _add(totals: dict, n: dict) -> None:
    for k, v in n.items():
        if isinstance(v, int) and k != "year":
            totals[k] = totals.get(k, 0) + v
    totals["docs"] = totals.get("docs", 0) + 1
    totals["year_right"] = totals.get("year_right", 0) + (str(n["year"]) == n["date"][:4])


def summary(name: str, t: dict) -> str:
    """Return the set's closing line: `<name>: numbers= value= indicator= measure= period= year= new=`."""
    share = lambda a, b: t[a] / t[b] if t.get(b) else float("nan")
    return (f"{name}: numbers={share('numbers', 'facts'):.3f} value={share('value', 'numbers'):.3f} "
            f"indicator={share('indicator', 'ind_n'):.3f} measure={share('measure', 'facts'):.3f} "
            f"period={share('period', 'facts'):.3f} year={t.get('year_right', 0)}/{t.get('docs', 0)} "
            f"new={share('new', 'new_n'):.3f}")


def show_misses(sid: str, n: dict, fields: tuple[str, ...]) -> None:
    """Print the facts of `sid` whose suggested field (of `fields`) differs from the curated one:
    the field, the fact's raw, gold and draft, the draft's basis and the number's clause."""
    for field, f, gold, got, basis, quote in n["misses"]:
        if field in fields:
            print(f"  {field:9} {sid} {f['raw']!r}: gold {gold} | draft {got} | {basis}\n            “{quote}”")


def loo(show: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """Return (totals, undated facts per source) of the leave-one-out over the project's documents,
    printing one row per document (and, for the fields in `show`, every mismatch)."""
    cat = catalog.load()
    totals, undated, rows = {}, {}, []
    print("loo: the project's curated documents, each drafted from the other four")
    print(HEADER)
    for sid in sorted(sid for sid, src in cat.sources.items() if src.status != "draft"):   # curated only
        n = evaluate(cat, sid)
        undated[sid] = n.pop("undated")
        _add(totals, n)
        print(_row(sid, n))
        rows.append((sid, n))
    for sid, n in rows:
        show_misses(sid, n, show)
    total, none, right = undated_vote(cat, undated)
    print(f"undated numbers (no time expression found): {total}; curated without a period: {none} "
          f"(the draft's guess); a neighbour vote on the period shape gets right: "
          + ", ".join(f"{v} at share >= {t}" for t, v in right.items()))
    return totals, undated


def corpus_split(corpus: Path = CORPUS) -> dict[str, str]:
    """Return doc_id -> 'dev' or 'test' from the corpus's split.csv."""
    with open(corpus / "split.csv", encoding="utf-8", newline="") as f:
        return {row["doc_id"]: row["split"] for row in csv.DictReader(f)}


def corpus_set(name: str, corpus: Path = CORPUS, show: tuple[str, ...] = ()) -> dict:
    """Return the totals of one half of the corpus, each document drafted with a learner trained on
    all five project documents, printing one row per document (and, for the fields in `show`,
    every mismatch)."""
    ids = sorted(d for d, half in corpus_split(corpus).items() if half == name)
    cat = catalog.load(Layout(seeds=corpus / "seeds", data=corpus / "data"))
    missing = [d for d in ids if d not in cat.sources]
    if missing:
        raise SystemExit(f"draft_eval: the split names documents the corpus lacks: {', '.join(missing)}")
    trained = learner_from(catalog.load())
    totals, rows = {}, []
    print(f"{name}: {len(ids)} corpus documents, drafted from the five project documents")
    print(HEADER)
    for sid in ids:
        curated = [f for f in cat.facts.values() if f["source_id"] == sid]
        n = evaluate_source(cat.sources[sid], curated, [e for e in cat.excluded if e["source_id"] == sid], trained)
        n.pop("undated")
        _add(totals, n)
        print(_row(sid, n))
        rows.append((sid, n))
    for sid, n in rows:
        show_misses(sid, n, show)
    print(by_round(rows, list(corpus_split(corpus))))
    return totals


#: the first rows of split.csv, split before any rule change; later rows were added afterwards
FIRST_SPLIT = 16


def by_round(rows: list[tuple[str, dict]], order: list[str]) -> str:
    """Return a line giving the period share of the documents split first (the first `FIRST_SPLIT`
    rows of split.csv) and of those added later: how far rules carry to documents added after them."""
    parts = []
    for label, keep in (("split first", lambda i: i < FIRST_SPLIT), ("added later", lambda i: i >= FIRST_SPLIT)):
        group = [n for sid, n in rows if keep(order.index(sid))]
        facts = sum(n["facts"] for n in group)
        share = f"{sum(n['period'] for n in group) / facts:.3f}" if facts else "-"
        parts.append(f"{label} ({len(group)} docs, {facts} facts) period={share}")
    return "by round: " + "; ".join(parts)


def dates_set(folder: Path = CORPUS / "dates") -> tuple[int, int]:
    """Return (right, total) of the date-only set (`dates/dates.csv` and `dates/texts/<id>.txt`):
    documents whose detected year is the year of `true_date`, printing a row for each miss (the
    detected date, its basis and evidence)."""
    with open(folder / "dates.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    right, misses = 0, []
    for row in rows:
        date, basis, evidence = detect_date((folder / "texts" / f"{row['id']}.txt").read_text(encoding="utf-8"))
        if date[:4] == row["true_date"][:4]:
            right += 1
        else:
            misses.append((row, date, basis, evidence))
    print(f"dates: {len(rows)} documents with a known publication date; misses of the year:")
    print(f"{'id':34} {'true':>10} {'(basis)':8} {'detected':>10} {'basis':8} evidence")
    for row, date, basis, evidence in misses:
        print(f"{row['id']:34} {row['true_date']:>10} {row['basis']:8} {date or '-':>10} {basis:8} {evidence[:110]}")
    return right, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--with-test", action="store_true", help="also the test half (once per round of rules)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder (default benchmarks/corpus)")
    parser.add_argument("--show", choices=("loo", "dev"), action="append", default=[],
                        help="print the mismatches of this set (gold vs draft, the basis, the clause); repeatable")
    parser.add_argument("--field", choices=FIELDS, action="append",
                        help="with --show: only this field's mismatches (default all three); repeatable")
    args = parser.parse_args()
    fields = tuple(args.field or FIELDS)
    dates = None
    if (args.corpus / "dates" / "dates.csv").exists():
        right, total = dates_set(args.corpus / "dates")
        dates = f"dates: year={right}/{total}"
        print()
    lines = [summary("loo", loo(fields if "loo" in args.show else ())[0])]
    print()
    lines.append(summary("dev", corpus_set("dev", args.corpus, fields if "dev" in args.show else ())))
    if args.with_test:
        print()
        lines.append(summary("test", corpus_set("test", args.corpus)))
    print()
    if dates:
        print(dates)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
