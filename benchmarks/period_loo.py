"""Leave-one-document-out judgement of the draft's period and measure rules, over the documents of
`draft_eval.py`'s loo set and the corpus's dev half (never the test half).

A rule found on one document and neutral elsewhere says nothing about documents not yet seen. So a
change is judged document by document: each document counts the change's effect on it only when
the change gains on the OTHER documents (net facts right); otherwise it counts 0. The sum is the
change's leave-one-document-out (LOO) net; the documents it helps or hurts that way are listed.

Run (each drafts loo and dev once, a few seconds):
  .venv/bin/python benchmarks/period_loo.py                  the clause defaults: for the numbers with no
                                                              time word, per clause kind, how many facts each
                                                              default gets right, and the LOO net of
                                                              replacing the draft's default by the best one
  .venv/bin/python benchmarks/period_loo.py --save F.json    save one record per curated fact (before a change)
  .venv/bin/python benchmarks/period_loo.py --against F.json compare this checkout with the saved records:
                                                              per document, facts gained or lost, and the LOO net
The last line reads `period_loo: ...`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import draft_eval  # noqa: E402
from povlib.catalog import loader as catalog  # noqa: E402
from povlib.catalog.layout import Layout  # noqa: E402
from povlib.draft.pipeline import learner_from  # noqa: E402

#: the draft's basis of a number with no time word and no cue: no period
NO_CUE = "no year expression in the sentence or its heading"
#: words of the draft's basis that name the clause default it applied
KINDS = (("cumulative", "cumulative"), ("standing arrangement", "standing arrangement"), ("the base of", "base"),
         ("compares it", "compared"), ("present state", "present level"), ("reports a result", "result"))


def records() -> list[dict]:
    """Return one record per curated fact of loo (each document drafted from the others) and of the
    dev half (drafted from all project documents): set, doc, year (detected), gold and draft periods
    as [start, end], gold and draft measures and the draft's period basis ('' and None when the
    draft has no row at the fact's number)."""
    out = []

    def add(name, src, curated, trained):
        year, pairs = draft_eval.paired(src, curated, trained)
        for f, row in pairs:
            out.append({"set": name, "doc": src.source_id, "year": year, "raw": f["raw"],
                        "gold": [f["period_start"], f["period_end"]], "gold_measure": f["measure"],
                        "draft": [row["period_start"], row["period_end"]] if row else None,
                        "measure": row["measure"] if row else None,
                        "basis": row["suggested_by"]["period"] if row else ""})

    cat = catalog.load()
    for sid in sorted(s for s, src in cat.sources.items() if src.status != "draft"):
        curated = [f for f in cat.facts.values() if f["source_id"] == sid and f.get("status") != "draft"]
        add("loo", cat.sources[sid], curated, learner_from(cat, leave_out=sid))
    ids = sorted(d for d, half in draft_eval.corpus_split().items() if half == "dev")
    corpus = catalog.load(Layout(seeds=draft_eval.CORPUS / "seeds", data=draft_eval.CORPUS / "data"))
    trained = learner_from(cat)
    for sid in ids:
        add("dev", corpus.sources[sid], [f for f in corpus.facts.values() if f["source_id"] == sid], trained)
    return out


def loo_net(gains: dict[str, int]) -> dict[str, int]:
    """Return, for each document of `gains` (document -> facts gained by a change, negative when
    lost), what the change counts for it when judged without it: its own gain if the other
    documents gain in all (their sum > 0), else 0."""
    total = sum(gains.values())
    return {doc: (g if total - g > 0 else 0) for doc, g in gains.items()}


def clause_kind(record: dict) -> str | None:
    """Return the clause default the draft applied to a number with no time word ('no cue, <measure>'
    when it found no cue), or None when a time expression, a heading or a paragraph dated it."""
    basis = record["basis"]
    if basis.startswith(NO_CUE):
        return f"no cue, {record['measure']}"
    if basis.startswith("no year expression;"):
        return next((kind for words, kind in KINDS if words in basis), None)
    return None


def options(record: dict) -> dict[str, tuple[str, str]]:
    """Return the periods a default could give the record: the draft's own, none, the document
    year, and "" to the document year (the last two only when the document has a year)."""
    out = {"draft": tuple(record["draft"]), "blank": ("", "")}
    if record["year"]:
        y = str(record["year"])
        out.update({"document year": (y, y), '"" to document year': ("", y)})
    return out


def prior_table(recs: list[dict]) -> list[tuple[str, int, Counter, dict[str, int]]]:
    """Return, per clause kind (most facts first): (kind, facts, facts right per option, LOO net
    per document of replacing the draft's default by the option the other documents prefer)."""
    by_kind = defaultdict(list)
    for r in recs:
        if r["draft"] is not None and (kind := clause_kind(r)):
            by_kind[kind].append(r)
    rows = []
    for kind, rs in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        right = Counter()
        for r in rs:
            for name, period in options(r).items():
                right[name] += period == tuple(r["gold"])
        nets = {}
        for doc in sorted({r["doc"] for r in rs}):
            others = Counter()
            for r in rs:
                if r["doc"] != doc:
                    for name, period in options(r).items():
                        others[name] += period == tuple(r["gold"])
            # a tie keeps the draft's; a kind seen on no other document keeps it too
            best = max(others, key=lambda o: (others[o], o == "draft")) if others else "draft"
            nets[doc] = sum((options(r).get(best, tuple(r["draft"])) == tuple(r["gold"]))
                            - (tuple(r["draft"]) == tuple(r["gold"])) for r in rs if r["doc"] == doc)
        rows.append((kind, len(rs), right, nets))
    return rows


def gains(old: list[dict], new: list[dict], field: str) -> dict[str, int]:
    """Return document -> facts right in `new` minus facts right in `old` for `field` ('period' or
    'measure'); the two lists hold the same curated facts in the same order."""
    out = defaultdict(int)
    for a, b in zip(old, new, strict=True):
        if (a["doc"], a["raw"]) != (b["doc"], b["raw"]):
            raise SystemExit("period_loo: the saved records are of other facts; save them again on the base checkout")
        ok = (lambda r: r["draft"] == r["gold"]) if field == "period" else (lambda r: r["measure"] == r["gold_measure"])
        out[a["doc"]] += ok(b) - ok(a)
    return dict(out)


def _signed(nets: dict[str, int]) -> str:
    helped = ", ".join(f"{d} {g:+d}" for d, g in nets.items() if g > 0) or "none"
    hurt = ", ".join(f"{d} {g:+d}" for d, g in nets.items() if g < 0) or "none"
    return f"helped: {helped}; hurt: {hurt}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save", type=Path, help="write the records of this checkout to this JSON file")
    parser.add_argument("--against", type=Path, help="compare this checkout with records saved by --save")
    args = parser.parse_args()
    recs = records()
    if args.save:
        args.save.write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
        print(f"period_loo: {len(recs)} records saved to {args.save}")
        return
    if args.against:
        old = json.loads(args.against.read_text(encoding="utf-8"))
        line = []
        for field in ("period", "measure"):
            g = gains(old, recs, field)
            nets = loo_net(g)
            print(f"{field}: all documents {sum(g.values()):+d} facts ({_signed({d: v for d, v in g.items() if v})})")
            print(f"{field}: judged without each document {sum(nets.values()):+d} ({_signed(nets)})")
            line.append(f"{field} {sum(g.values()):+d} (LOO {sum(nets.values()):+d})")
        print("period_loo: " + ", ".join(line))
        return
    print(f"{'clause kind (no time word)':30} {'facts':>5}  right per default  |  LOO net of a change")
    total = 0
    for kind, n, right, nets in prior_table(recs):
        total += sum(nets.values())
        print(f"{kind:30} {n:5d}  " + ", ".join(f"{o} {c}" for o, c in right.most_common())
              + f"  |  {sum(nets.values()):+d} ({_signed(nets)})")
    print(f"period_loo: clause defaults, LOO net of changing them {total:+d}")


if __name__ == "__main__":
    main()
