"""Source documents: manifests, hash-verified seed text, quote location and boilerplate spans."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from opencc import OpenCC

from .journal import interrupted
from ..exceptions import DataError, SeedError
from .tables import read_yaml, require_fields
from .tables import date_problem, occurrence_field, require_scalars

SCRIPTS = ("traditional", "simplified", "mixed")
#: a manifest written by `povlib draft` carries `status: draft` until a curator has reviewed it
MANIFEST_STATUS = ("draft",)
DATE_BASIS = ("stated", "inferred")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: a manifest sha256 this close to its seed's (in differing hex digits) is a typo in the manifest:
#: a changed byte in the seed changes about 60 of the 64 digits
_TYPO_DIGITS = 4
_T2S = OpenCC("t2s")

MANIFEST_REQUIRED = ["source_id", "file", "sha256", "title", "title_en", "outlet", "outlet_en",
                     "date", "date_basis", "date_evidence", "script", "regions", "description",
                     "boilerplate"]
#: who wrote or issued the text, the website it was copied from and its address, each in English
#: and only as the text or its recorded address states it ("" when unknown: never guessed)
MANIFEST_OPTIONAL = ["author", "host", "url"]


@dataclass
class Source:
    """One source document: its manifest fields, its text and its boilerplate spans."""

    source_id: str
    file: str
    sha256: str
    title: str
    title_en: str
    outlet: str
    outlet_en: str
    date: str
    date_basis: str
    date_evidence: str
    script: str
    regions: list[str]
    description: str
    text: str = field(repr=False)
    manifest_path: Path = field(repr=False)
    boilerplate: list[tuple[int, int, str]] = field(default_factory=list, repr=False)
    status: str = ""          # "draft" for a manifest `povlib draft` wrote and nobody reviewed yet
    author: str = ""          # who wrote or issued the text, as it states it
    host: str = ""            # the website the stored text was copied from, as its address or footer states it
    url: str = ""             # the address the stored text was copied from

    def in_boilerplate(self, start: int, end: int) -> bool:
        """Return True when the span [start, end) lies inside a boilerplate span (one scan of the
        spans: to test many spans, build `SpanIndex(source.boilerplate)` once and call it)."""
        return any(b <= start and end <= e for b, e, _ in self.boilerplate)


class SpanIndex:
    """The question "does [start, end) lie inside one of these spans?" answered by bisection in
    O(log n), after one sort (n log n) of the spans: the (start, end, ...) tuples sorted by start,
    with the furthest end reached by any span starting at or before each one. [start, end) lies
    inside a span exactly when some span starting at or before `start` reaches `end`, which the
    running maximum tells at once. Calling the index returns the same answer as
    `any(s <= start and end <= e for s, e, *_ in spans)`, so coverage and boilerplate tests stay
    linear in the length of a document instead of growing with its square."""

    def __init__(self, spans):
        ordered = sorted((s, e) for s, e, *_ in spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(itertools.accumulate((e for _, e in ordered), max))

    def __call__(self, start: int, end: int) -> bool:
        """Return True when [start, end) lies inside one of the spans."""
        i = bisect.bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end


def _rel(path: Path) -> str:
    """Return `path` as `seeds/<name>` (how a checkout names it) for messages."""
    return f"{path.parent.name}/{path.name}"


def read_seed(path: Path, sha256: str, interrupted: str = "") -> str:
    """Return the UTF-8 text of a seed after checking its bytes hash to `sha256`. `interrupted`
    (what `journal.interrupted` says) replaces the advice when a draft was interrupted."""
    if not path.is_file():
        raise SeedError(f"seed {path} is missing: " + (interrupted or f"restore it with `git checkout -- "
                        f"{_rel(path)}`, or fix `file:` in its manifest"))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise SeedError(
            f"seed {path} has sha256 {digest}, but its manifest says {sha256}: " + (interrupted or
            f"the evidence was edited; restore it with `git checkout -- {_rel(path)}` (never edit a seed); if "
            f"`git status` shows the seed unchanged, the manifest's sha256 was edited: restore the manifest instead")
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SeedError(f"seed {path} is not UTF-8 text, although its manifest hashes it: convert the document "
                        "(e.g. `iconv -f GB18030 -t UTF-8`) and draft it again with `povlib draft`") from None


def locate(text: str, quote: str, occurrence: int | None) -> int:
    """Return the character offset of `quote` in `text` (its `occurrence`-th match, 1-based).

    Raises LookupError with an explanation when the quote is absent or ambiguous.
    """
    if not quote:
        raise LookupError("quote is empty; copy the sentence that holds the number from the seed")
    starts = _starts(text, quote)
    if not starts:
        raise LookupError(f"quote {quote!r} is not in the seed{_near_miss(text, quote)}")
    if occurrence is None:
        if len(starts) > 1:
            raise LookupError(f"quote {quote!r} occurs {len(starts)} times (offsets {starts}); "
                              f"add `occurrence: N` (1-based) or lengthen the quote")
        return starts[0]
    if not 1 <= occurrence <= len(starts):
        raise LookupError(f"occurrence {occurrence} asked but quote occurs {len(starts)} time(s)")
    return starts[occurrence - 1]


#: (text, {quote: offsets}) of the text quotes were last located in: a document repeats many
#: quotes (a repeat, a boilerplate line), and scanning for every occurrence of each again would
#: grow with the square of its length. The memo holds one text (the next text replaces it).
_MEMO: tuple[str, dict[str, list[int]]] = ("", {})


def _starts(text: str, quote: str) -> list[int]:
    """Return the offsets of every occurrence of `quote` in `text` (overlapping, like a regex
    lookahead, at str.find speed), each distinct quote scanned once per text."""
    global _MEMO
    memo = _MEMO          # one read: another thread may replace the memo meanwhile
    if memo[0] is not text:
        memo = _MEMO = (text, {})
    starts = memo[1].get(quote)
    if starts is None:
        starts, at = [], text.find(quote)
        while at >= 0:
            starts.append(at)
            at = text.find(quote, at + 1)
        memo[1][quote] = starts
    return starts


def _near_miss(text: str, quote: str) -> str:
    """Explain a likely cause when a quote is not found verbatim."""
    if "\n" in quote:
        return " (a quote may not span a line break)"
    if _T2S.convert(quote) in _T2S.convert(text):
        return " (it matches once script is ignored: copy the characters exactly as the seed writes them)"
    squeeze = lambda s: re.sub(r"\s|[,，、;；:：()（）]", "", s)
    if squeeze(quote) in squeeze(text):
        return " (it matches once spaces and punctuation are ignored: copy punctuation exactly, e.g. ASCII ',')"
    return " (copy it from the seed file rather than retyping it)"


def load_source(path: Path, seeds_dir: Path, errors: list | None = None) -> Source:
    """Return the Source described by manifest `path`, with its verified text.

    With an `errors` list, a bad boilerplate item is recorded there and skipped.
    """
    raw = read_yaml(path)
    require_fields(path, raw, MANIFEST_REQUIRED, ["status", *MANIFEST_OPTIONAL])
    require_scalars(path, raw, ("regions", "boilerplate"), "source_id")
    where = "manifest"
    status = str(raw.get("status") or "")
    if status and status not in MANIFEST_STATUS:
        raise DataError(path, f"status {status!r} invalid", "write status: draft, or remove it once reviewed",
                        row=where)
    if raw["source_id"] != path.stem:
        raise DataError(path, f"source_id {raw['source_id']!r} differs from the file name",
                        f"name the manifest {raw['source_id']}.yaml", row=where)
    if raw["script"] not in SCRIPTS:
        raise DataError(path, f"script {raw['script']!r} invalid", f"use one of {SCRIPTS}", row=where)
    if raw["date_basis"] not in DATE_BASIS:
        raise DataError(path, f"date_basis {raw['date_basis']!r} invalid", f"use one of {DATE_BASIS}", row=where)
    if not _DATE.match(str(raw["date"])) and not (status == "draft" and raw["date"] == ""):
        raise DataError(path, f"date {raw['date']!r} invalid", 'write "YYYY", "YYYY-MM" or "YYYY-MM-DD"', row=where)
    if raw["date"] != "" and date_problem(str(raw["date"])):
        raise DataError(path, f"date {raw['date']!r} does not exist ({date_problem(str(raw['date']))})",
                        'write an existing date: "YYYY", "YYYY-MM" (month 01 to 12) or "YYYY-MM-DD"', row=where)
    if not isinstance(raw["regions"], list) or not isinstance(raw["boilerplate"] or [], list):
        raise DataError(path, "regions or boilerplate is not a list", "write regions: [key, ...] and boilerplate "
                        "items as `- quote: ...` lines", row=where)
    _check_sha256(path, raw)
    try:
        text = read_seed(seeds_dir / raw["file"], raw["sha256"], interrupted(seeds_dir))
    except SeedError as exc:
        raise SeedError(f"{raw['source_id']}: {exc}") from None
    fields = {k: raw[k] for k in MANIFEST_REQUIRED if k != "boilerplate"}
    fields["date"] = str(fields["date"])
    fields.update({k: str(raw.get(k) or "") for k in MANIFEST_OPTIONAL})
    source = Source(**fields, text=text, manifest_path=path, status=status)
    source.boilerplate = boilerplate_spans(path, raw["boilerplate"] or [], text, errors)
    return source


def _check_sha256(path: Path, raw: dict) -> None:
    """Raise DataError, blaming the manifest, when its sha256 is not one or differs from its seed's
    by a typo (a few hex digits); return None otherwise (a seed that differs is read_seed's error)."""
    sha, seed = str(raw["sha256"]), path.parent / str(raw["file"])
    restore = f"restore the manifest (`git checkout -- {_rel(path)}`)"
    if not _SHA256.match(sha):
        raise DataError(path, f"sha256 {sha!r} is not a sha256 (64 hex digits 0-9, a-f)",
                        f"{restore}; for a new document write the output of `sha256sum {_rel(seed)}`", row="manifest")
    if not seed.is_file():
        return
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    typos = [i + 1 for i, (a, b) in enumerate(zip(sha, digest)) if a != b]
    if 0 < len(typos) <= _TYPO_DIGITS:
        raise DataError(path, f"sha256 has a typo: it differs from the sha256 of {_rel(seed)} only at digit(s) "
                        f"{typos} (an edited seed would differ almost everywhere)",
                        f"{restore}, or write sha256: {digest}", row="manifest")


def _explain_claim(path: Path, manifests: list[Path], seeds_dir: Path) -> tuple[DataError | None, str]:
    """Return (an error blaming the manifest `path`, the seed it should name) when its `file:`
    names the seed of another manifest or a seed other than the one its sha256 describes;
    (None, '') when that is not the problem."""
    try:
        raw = read_yaml(path)
    except DataError:
        return None, ""
    claimed, sha = str(raw.get("file") or ""), str(raw.get("sha256") or "")
    owners = [m.stem for m in manifests if m != path and _claimed_file(m) == claimed]
    match = ""
    if _SHA256.match(sha):
        match = next((p.name for p in sorted(seeds_dir.glob("*.txt"))
                      if hashlib.sha256(p.read_bytes()).hexdigest() == sha), "")
    fix = f"write file: {match} (the seed whose sha256 this manifest holds)" if match else \
        "write in file: the name of this source's own document in seeds/"
    if owners:
        return DataError(path, f"file: {claimed} is the seed of {owners[0]} ({_rel(seeds_dir / owners[0])}.yaml "
                         "names it too), not of this source", fix, row="manifest"), match
    if match and match != claimed:
        return DataError(path, f"file: {claimed} is not the document this manifest's sha256 describes", fix,
                         row="manifest"), match
    return None, ""


def boilerplate_spans(path: Path, items: list, text: str, errors: list | None) -> list[tuple[int, int, str]]:
    """Return (start, end, reason) of each boilerplate item of a manifest located in `text`; a quote
    not found is an error raised, or recorded in `errors` when a list is given."""
    spans = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            err = DataError(path, f"boilerplate item {item!r} is not a mapping",
                            "write each item as `- quote: \"...\"` and `reason: ...`", row=f"boilerplate item {i}")
            if errors is None:
                raise err
            errors.append(err)
            continue
        try:
            require_fields(path, item, ["quote", "reason"], ["occurrence"])
            require_scalars(path, item, (), "quote")
            start = locate(text, item["quote"], occurrence_field(path, item, "occurrence", "quote"))
        except DataError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        except LookupError as exc:
            err = DataError(path, str(exc), "copy the boilerplate line verbatim from the seed",
                            row=f"boilerplate item {i}")
            if errors is None:
                raise err from None
            errors.append(err)
            continue
        spans.append((start, start + len(item["quote"]), item["reason"]))
    return spans


def _claimed_file(manifest: Path) -> str:
    try:
        return str(read_yaml(manifest).get("file") or "")
    except DataError:
        return ""


def load_sources(seeds_dir: Path, errors: list | None = None) -> dict[str, Source]:
    """Return every Source in `seeds_dir` keyed by source_id (one manifest per document).

    With an `errors` list, a broken manifest or an unlisted seed is recorded there instead of
    raised (the source is then left out).
    """
    manifests = sorted(seeds_dir.glob("*.yaml"))
    if not manifests:
        raise SeedError(f"no manifests (*.yaml) in {seeds_dir}: each seed needs seeds/<source_id>.yaml")
    sources, files = {}, []
    for path in manifests:
        try:
            src = load_source(path, seeds_dir, errors)
        except (DataError, SeedError) as exc:
            better, match = _explain_claim(path, manifests, seeds_dir) if isinstance(exc, SeedError) and \
                not interrupted(seeds_dir) else (None, "")
            if errors is None:
                raise (better or exc) from None
            errors.append(better or exc)
            files += [_claimed_file(path), match]  # its seed is not "unlisted": the manifest is broken
            continue
        sources[src.source_id] = src
    files += [s.file for s in sources.values()]
    unlisted = sorted(p.name for p in seeds_dir.glob("*.txt") if p.name not in files)
    if unlisted:
        err = SeedError(f"seed(s) {unlisted} have no valid manifest: "
                        + (interrupted(seeds_dir) or "write seeds/<source_id>.yaml for each"))
        if errors is None:
            raise err
        errors.append(err)
    return sources
