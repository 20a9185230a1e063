"""The document year from the text alone: a stress test of `povlib.draft.periods.document_year`.

The texts of the date-only set (benchmarks/corpus/dates/), of the corpus's dev half and of the
project's curated documents (loo), with every publication line, news dateline (新华社北京3月5日电)
and labelled date (发布时间:2021-01-15) removed (`strip_publication`), so that the year must come
from what the text itself reports: the latest year it reports as past, and so on. A text whose
true year it gets right counts; a text for which it answers "no year" counts as a miss.

Run: .venv/bin/python benchmarks/docyear_eval.py [-v]
Prints one row per miss (set:id, true year, inferred year, evidence), with -v every row, and last
`text-alone: year=K/N`. Never reads the test half of the corpus.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import yaml
from opencc import OpenCC

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from povlib.draft.manifest import is_publication_line, publication_free  # noqa: E402
from povlib.draft.periods import document_year  # noqa: E402

CORPUS = ROOT / "benchmarks" / "corpus"
_T2S = OpenCC("t2s")


def strip_publication(text: str) -> str:
    """Return `text` without its publication lines (dropped whole) and with the datelines and
    labelled dates inside other lines cut out, so that the body's sentences stay."""
    return "\n".join(publication_free(line) for line in text.split("\n") if not is_publication_line(line))


def documents(corpus: Path = CORPUS, seeds: Path = ROOT / "seeds") -> list[tuple[str, str, str]]:
    """Return (name, text, true year) for every text of the date set, the corpus's dev half (never
    the test half) and the project's curated documents."""
    out = []
    with open(corpus / "dates" / "dates.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = (corpus / "dates" / "texts" / f"{row['id']}.txt").read_text(encoding="utf-8")
            out.append(("dates:" + row["id"], text, row["true_date"][:4]))
    with open(corpus / "split.csv", encoding="utf-8", newline="") as f:
        dev = [row["doc_id"] for row in csv.DictReader(f) if row["split"] == "dev"]
    for sid in dev:
        seed = yaml.safe_load((corpus / "seeds" / f"{sid}.yaml").read_text(encoding="utf-8"))
        out.append(("dev:" + sid, (corpus / "seeds" / seed["file"]).read_text(encoding="utf-8"), str(seed["date"])[:4]))
    for path in sorted(seeds.glob("*.yaml")):
        seed = yaml.safe_load(path.read_text(encoding="utf-8"))
        if seed.get("status") == "draft" or not (seeds / seed["file"]).exists():
            continue
        out.append(("loo:" + seed["source_id"], (seeds / seed["file"]).read_text(encoding="utf-8"),
                    str(seed["date"])[:4]))
    return out


def evaluate(docs: list[tuple[str, str, str]]) -> list[tuple[str, str, int | None, str]]:
    """Return (name, true year, inferred year or None, evidence) for each document, its
    publication lines stripped."""
    rows = []
    for name, text, true in docs:
        year, evidence = document_year(_T2S.convert(strip_publication(text)))
        rows.append((name, true, year, evidence))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", action="store_true", help="print every document, not only the misses")
    args = parser.parse_args()
    rows = evaluate(documents())
    right = sum(str(year) == true for _, true, year, _ in rows)
    for name, true, year, evidence in rows:
        ok = str(year) == true
        if args.v or not ok:
            print(f"{'ok ' if ok else 'MISS'} {name:46} true {true} got {year or '-':>4}  {evidence[:110]}")
    print(f"text-alone: year={right}/{len(rows)}")


if __name__ == "__main__":
    main()
