"""`povlib draft`: copy a new document into seeds/ and write a manifest draft and a facts draft.

Every fact row is `status: draft` with a `suggested_by` note per field; reports never use draft
rows (`load_facts()` leaves them out) until a curator has reviewed a row and removed both marks.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..catalog import loader as catalog
from .candidates import Candidate, candidates, raw_occurrence
from .files import JOURNAL, claimants, commit, draft_lock, draft_seed, read_seed, recover, refuse_overwrite
from .repeats import Occurrences, RepeatIndex, in_spans, lead_repeats, sentence_span
from ..exceptions import DataError, DraftError
from ..catalog.layout import Layout, resolve
from .manifest import main_regions, manifest, region_names
from ..catalog.sources import Source, boilerplate_spans
from .suggest import Context, Learner, suggest

_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
MAX_SOURCE_ID = 64
FIELD_ORDER = ["fact_id", "status", "region", "topic", "indicator", "new_indicator", "period_start", "period_end", "period_text",
               "year_basis", "measure", "scope", "per", "raw", "quote", "occurrence", "raw_occurrence", "note",
               "suggested_by"]


@dataclass
class DraftResult:
    """What a draft wrote: the three paths and the numbers of fact candidates and exclusions."""

    seed: Path
    manifest: Path
    facts: Path
    n_facts: int
    n_excluded: int


def learner_from(cat: catalog.Catalog, leave_out: str | None = None) -> tuple[Learner, dict, dict]:
    """Return (learner, indicators, regions) built from the curated (non-draft) facts of `cat`,
    leaving out one source and the reference rows only it defines."""
    keep = lambda row: leave_out is None or row.get("origin") != f"{leave_out}.csv"
    indicators = {k: r for k, r in cat.indicators.items() if keep(r)}
    regions = {k: r for k, r in cat.regions.items() if keep(r)}
    facts = [f for f in cat.facts.values() if f.get("status") != "draft" and f["source_id"] != leave_out]
    texts = {sid: s.text for sid, s in cat.sources.items()}
    return Learner(facts, texts, indicators), indicators, regions


class Progress:
    """The progress of a long draft, on stderr: nothing for a draft that ends within `delay`
    seconds (every document of normal length); after that, how many of the document's numbers
    have been drafted, "povlib draft: 12,000 of 73,000 numbers (16%), 14 s". On a terminal the
    line is rewritten in place every second and cleared when the draft ends; in a log (stderr is
    not a terminal) it is a plain line every 10 seconds. `clock` is for tests."""

    def __init__(self, stream=None, delay: float = 2.0, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = 1.0 if self.live else 10.0
        self.clock, self.start = clock, clock()
        self.next, self.shown = self.start + delay, False

    def tick(self, done: int, total: int) -> None:
        """Note that `done` of `total` numbers are drafted; write the line when it is due."""
        now = self.clock()
        if now < self.next:
            return
        self.next = now + self.every
        line = f"povlib draft: {done:,} of {total:,} numbers ({100 * done // max(total, 1)}%), {now - self.start:.0f} s"
        self.stream.write(f"\r{line}\x1b[K" if self.live else line + "\n")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Clear the live line (a log keeps its lines); returns None."""
        if self.shown and self.live:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def draft_rows(source_id: str, text: str, year: int | None, in_boilerplate, learner: Learner,
               regions: dict[str, dict], month: int | None = None,
               progress: Progress | None = None) -> tuple[list[dict], list[dict]]:
    """Return (fact rows, exclusion rows) drafting every number of `text` (`year` and `month`:
    the document's date, when known; `progress`, told after each number, shows how far a long
    draft is)."""
    keys = main_regions(text, regions)
    ctx = Context(text, year, region_names(regions), keys[0] if keys else "", month)
    occurrences = Occurrences(text)
    cands = candidates(text, in_boilerplate)
    numbers = [i for i, cand in enumerate(cands) if not cand.exclusion]
    suggested = {}
    for done, i in enumerate(numbers):
        if progress is not None:
            progress.tick(done, len(numbers))
        suggested[i] = suggest(ctx, learner, cands[i].raw, cands[i].raw_start)
    repeat_of = _repeats(text, cands, numbers, suggested)
    ids, count = {}, 0
    for i in numbers:
        if i not in repeat_of:
            count += 1
            ids[i] = f"{source_id}-{count:03d}"
    facts, excluded = [], []
    for i, cand in enumerate(cands):
        if cand.exclusion:
            excluded.append(_exclusion_row(occurrences, cand, cand.exclusion))
        elif i in repeat_of:
            kept, why = repeat_of[i]
            excluded.append(_exclusion_row(occurrences, cand, {
                "kind": "repeat", "repeats": ids[kept],
                "reason": f"proposed: {why.format(ids[kept])}; if it is a new statement, make it a fact"}))
        else:
            facts.append(_fact_row(occurrences, cand, ids[i], *suggested[i]))
    return facts, excluded


def _repeats(text: str, cands: list[Candidate], numbers: list[int], suggested: dict) -> dict[int, tuple[int, str]]:
    """Return {candidate index: (index of the candidate kept as the fact, reason template)} for
    the numbers to propose as repeats: a headline or lead number the body states again
    (`lead_repeats`: the body one is kept), then a number a later clause states again
    (`RepeatIndex`: the first one is kept; never within one sentence)."""
    spans = [(cands[i].raw_start, cands[i].raw_start + len(cands[i].raw), cands[i].quote) for i in numbers]
    out = {numbers[a]: (numbers[b], "a headline or lead stating again the number of {}, kept in the body")
           for a, b in lead_repeats(text, spans).items()}
    seen, index_of = RepeatIndex(text), {}
    for k, i in enumerate(numbers):
        if i in out:
            continue
        cand, indicator = cands[i], suggested[i][0].get("indicator")
        earlier = seen.find(cand.raw, indicator, cand.quote)
        if earlier is not None and sentence_span(text, *spans[index_of[earlier]][:2]) != sentence_span(text, *spans[k][:2]):
            out[i] = (numbers[index_of[earlier]], "the same number in a clause like {}'s")
            continue
        index_of[str(k)] = k
        seen.add(str(k), cand.raw, indicator, cand.quote)
    for i, (kept, why) in out.items():   # a number kept for a headline may itself repeat an earlier one
        while kept in out and out[kept][0] != i:
            kept = out[kept][0]
        out[i] = (kept, why)
    return out


def _anchor(occurrences: Occurrences, cand: Candidate, row: dict) -> dict:
    occ = occurrences.of(cand.quote, cand.quote_start)
    if occ:
        row["occurrence"] = occ
    rocc = raw_occurrence(cand.quote, cand.raw, cand.raw_start - cand.quote_start)
    if rocc:
        row["raw_occurrence"] = rocc
    return row


def _fact_row(occurrences: Occurrences, cand: Candidate, fact_id: str, fields: dict, basis: dict) -> dict:
    row = {"fact_id": fact_id, "status": "draft", **fields, "raw": cand.raw, "quote": cand.quote, "note": ""}
    row = _anchor(occurrences, cand, row)
    row["suggested_by"] = basis
    for name in ("per", "year_basis"):
        if not row.get(name):
            row.pop(name, None)
    if row.get("scope") == "all":
        row.pop("scope")
    return {k: row[k] for k in FIELD_ORDER if k in row}


def _exclusion_row(occurrences: Occurrences, cand: Candidate, excl: dict) -> dict:
    row = {"raw": cand.raw, "quote": cand.quote, "status": "draft", "kind": excl["kind"], "reason": excl["reason"]}
    if excl.get("repeats"):
        row["repeats"] = excl["repeats"]
    return _anchor(occurrences, cand, row)


def check_source_id(source_id: str) -> None:
    """Raise DraftError unless `source_id` is a lower-case slug such as `lincang-2019` of at most
    `MAX_SOURCE_ID` characters (it names files: `<id>.yaml`, and facts are `<id>-NNN`)."""
    if len(source_id or "") > MAX_SOURCE_ID:
        raise DraftError(f"source id {source_id[:20]!r}… is {len(source_id)} characters long: give at most "
                         f"{MAX_SOURCE_ID}, e.g. --source-id lincang-2019")
    if not _SOURCE_ID.match(source_id or ""):
        raise DraftError(f"source id {source_id!r} is not a lower-case slug: use letters, digits and '-', "
                         "e.g. --source-id lincang-2019")


#: libyaml's emitter when PyYAML was built with it: it writes the same text as the pure-Python
#: SafeDumper (checked on every fixture and seed document) about ten times faster, which a draft
#: of a 50,000-line document needs
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(header: list[str], data: dict) -> bytes:
    """Return the YAML bytes of `data` under `header` (one comment line each)."""
    body = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)
    return ("".join(f"# {line}\n" for line in header) + body).encode("utf-8")


def draft(seed: Path, source_id: str, layout: Layout | None = None, force: bool = False, say=None) -> DraftResult:
    """Copy `seed` into the layout's seeds folder and write `seeds/<id>.yaml` and
    `facts/<id>.yaml` drafts; return what was written. Refuses to overwrite without `force`, and
    to replace a curated source at all; with `force`, the draft's old seed (a file of another
    name) is removed. One draft at a time (`draft_lock`; a second one waits, saying so through
    `say`, stderr by default); it first puts back the files of a draft that was killed while
    writing them (`recover`), and writes everything in one all-or-nothing step."""
    check_source_id(source_id)
    layout = resolve(layout)
    with draft_lock(layout, say):
        recover(layout, say)
        return _draft_locked(Path(seed), source_id, layout, force)


def _draft_locked(seed: Path, source_id: str, layout: Layout, force: bool) -> DraftResult:
    """Return the DraftResult of `draft`, run while holding the draft lock."""
    data, text = read_seed(seed)
    seed_path = layout.seeds / seed.name
    if seed_path.suffix in (".yaml", ".yml"):
        raise DraftError(f"seed {seed} is named like a manifest: rename it to {seed_path.stem}.txt and draft that")
    manifest_path, facts_path = layout.seeds / f"{source_id}.yaml", layout.facts_dir / f"{source_id}.yaml"
    old_seed = draft_seed(layout, source_id)
    others = [sid for sid in claimants(layout, seed_path.name) if sid != source_id]
    if others:
        raise DraftError(f"seeds/{seed_path.name} is already the document of {others[0]}: "
                         "rename the new file, or curate it under that source id")
    refuse_overwrite([seed_path, manifest_path, facts_path], data, force)
    cat = catalog.load(layout)
    learner, _, regions = learner_from(cat)
    fields, notes = manifest(source_id, seed_path.name, data, text, regions)
    source = _draft_source(fields, text, manifest_path)
    year = int(fields["date"][:4]) if fields["date"] else None
    month = int(fields["date"][5:7]) if len(fields["date"] or "") >= 7 else None
    progress = Progress()
    try:
        facts, excluded = draft_rows(source_id, text, year, in_spans(source.boilerplate), learner, regions, month,
                                     progress)
    finally:
        progress.close()
    writes = {manifest_path: _dump(
        ["DRAFT manifest written by `povlib draft`: review every field, then remove `status: draft`.",
         *(f"{k}: {v}" for k, v in notes.items())], fields)}
    writes[facts_path] = _dump(
        ["DRAFT facts written by `povlib draft`: every row is `status: draft` and reports ignore it.",
         "Review a row (docs/curation.md, 'From draft to curated'), then delete its `status` and `suggested_by`.",
         *([] if year else [_UNDATED])],
        {"source_id": source_id, "facts": facts, "excluded": excluded})
    if not seed_path.exists() or seed_path.read_bytes() != data:
        writes[seed_path] = data
    commit(writes, _orphaned(layout, source_id, old_seed, seed_path.name), layout.seeds / JOURNAL)
    return DraftResult(seed_path, manifest_path, facts_path, len(facts), len(excluded))


_UNDATED = ("The document has no date: only the periods its text states (2019年底, 2014—2018年) were suggested, none "
            "from the document year (今年, 目前, 累计 and the like say 'no period is suggested'); set the manifest's "
            "`date`, then date those rows by hand.")


def _orphaned(layout: Layout, source_id: str, old_seed: str, new_seed: str) -> list[Path]:
    """Return [the old seed of a re-drafted source] when the new draft names another file and no
    other manifest names the old one; else []."""
    if not old_seed or old_seed == new_seed or Path(old_seed).name != old_seed:
        return []
    if any(sid != source_id for sid in claimants(layout, old_seed)):
        return []
    return [layout.seeds / old_seed]


def _draft_source(fields: dict, text: str, path: Path) -> Source:
    """Return a Source for the draft manifest (boilerplate spans located in `text`)."""
    src = Source(**{k: fields[k] for k in ("source_id", "file", "sha256", "title", "title_en", "outlet",
                                           "outlet_en", "date", "date_basis", "date_evidence", "script",
                                           "regions", "description")}, text=text, manifest_path=path)
    try:
        src.boilerplate = boilerplate_spans(path, fields["boilerplate"], text, None)
    except DataError as exc:  # a line the draft itself found is always in the text
        raise DraftError(f"internal: boilerplate line not found ({exc})") from None
    return src
