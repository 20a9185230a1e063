"""The `povlib` command line: check, facts, search, export, build and draft."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .exceptions import PovlibError, UnknownKeyError
from .exceptions import DataError, os_error_message

# Each command imports what it needs when it runs: `povlib --help` and a `povlib build` with nothing
# to rebuild must not pay for pandas and matplotlib (about 0.4 s), which only some commands use.


def cmd_check(args) -> int:
    """Validate everything and print one summary line per source (details with --verbose);
    return 1 on any error or coverage below 100 %."""
    from .catalog import loader as catalog

    cat = catalog.load(collect_errors=True)
    manifests = sorted(p.stem for p in cat.layout.seeds.glob("*.yaml"))
    if args.source and args.source not in manifests:
        raise UnknownKeyError(f"unknown source {args.source!r}; valid: {', '.join(manifests)}")
    sids = [args.source] if args.source else manifests
    errors = [e for e in cat.errors if not args.source or _names(e, args.source, manifests)]  # files carry the id
    broken = [s for s in manifests if s not in cat.sources]
    print(f"sources: {len(manifests)} manifests, {len(cat.sources)} seeds verified"
          + (f", {len(broken)} NOT loaded: {', '.join(broken)} (see the errors below)" if broken else ""))
    rows = _rows_by_source(cat)
    for sid in sids:
        if sid in cat.sources:
            _report_source(cat, sid, rows[sid], [e for e in errors if _names(e, sid, manifests)], args.verbose)
        else:
            print(f"{sid}: not loaded: its manifest or seed is broken (see the errors below)")
    if errors:
        shown = errors if args.verbose else errors[:20]
        print(f"\nERRORS ({len(errors)}):")
        for e in shown:
            print(f"- {e}")
        if len(shown) < len(errors):
            print(f"... and {len(errors) - len(shown)} more (use --verbose)")
    if not cat.layout.reader_facing and cat.prose:
        print(f"\nreader-prose checks not applied ({len(cat.prose)} finding(s)): {cat.layout.data} holds "
              f"EVALUATION_ONLY, so its notes are never shown to readers")
    low = sum(cat.coverage[s].percent < 100 for s in sids if s in cat.coverage)
    failed = bool(errors) or low > 0 or any(s in broken for s in sids)
    print(f"\ncheck {'FAILED' if failed else 'OK'}: {len(errors)} error(s); coverage below 100% in {low} source(s)"
          + ("" if args.verbose else " (details: povlib check --verbose)"))
    return 1 if failed else 0


def _names(error: Exception, sid: str, sids) -> bool:
    """True when an error is about source `sid`: it is in that source's own file (facts, manifest,
    regions or indicators), or its message names `sid` (not merely a longer source id that starts
    with it: changdu-2020-b is not changdu-2020)."""
    if isinstance(error, DataError) and Path(error.file).stem in sids:  # a source's own file: that source only
        return Path(error.file).stem == sid
    text, longer = str(error), [s for s in sids if s != sid and s.startswith(sid)]
    at = text.find(sid)
    while at >= 0:
        if not any(text.startswith(other, at) for other in longer):
            return True
        at = text.find(sid, at + 1)
    return False


def _rows_by_source(cat) -> dict[str, dict[str, list]]:
    """Return the facts, excluded numbers, checks and anomalies of each source (one pass each)."""
    rows = {sid: {"facts": [], "excluded": [], "checks": [], "anomalies": []} for sid in cat.sources}
    for name, items in (("facts", cat.facts.values()), ("excluded", cat.excluded), ("checks", cat.checks),
                        ("anomalies", cat.anomalies)):
        for item in items:
            if item["source_id"] in rows:
                rows[item["source_id"]][name].append(item)
    return rows


def _report_source(cat, sid: str, rows: dict[str, list], errors: list, verbose: bool) -> None:
    from .catalog.coverage import context, line_of

    src, cov = cat.sources[sid], cat.coverage[sid]
    n_facts = len(rows["facts"])
    drafts = sum(f.get("status") == "draft" for f in rows["facts"])
    draft_excl = sum(e.get("status") == "draft" for e in rows["excluded"])
    checks, anomalies = rows["checks"], rows["anomalies"]
    holds = sum(c["verdict"] == "holds" for c in checks)
    print(f"{sid}: " + ("manifest draft, " if src.status == "draft" else "") + f"{n_facts} facts"
          + (f" ({drafts} draft)" if drafts else "") + (f", {draft_excl} draft exclusions" if draft_excl else "")
          + f", coverage {cov.percent:.1f}% ({cov.covered}/{cov.counted}), {len(errors)} error(s), "
          f"{len(anomalies)} anomalies, {len(checks)} checks ({holds} hold)")
    proposed: dict[str, tuple[dict, list[str]]] = {}
    for f in rows["facts"]:
        if f.get("new_indicator") and f["indicator"] not in cat.indicators:
            proposed.setdefault(f["indicator"], (f["new_indicator"], []))[1].append(f["fact_id"])
    for key, (new, fids) in sorted(proposed.items()):
        print(f"  proposed new indicator {key} ({new['label_zh']}, {new['unit']}) on {len(fids)} draft row(s), e.g. "
              f"{fids[0]}: define it in povlib/data/indicators/{sid}.csv (key, label_en, label_zh, unit, "
              "definition) or choose an existing indicator")
    if not verbose:
        return
    n_excl = len(rows["excluded"])
    print(f"  file {src.file}; {n_excl} numbers excluded")
    for tok in cov.uncovered:
        print(f"  uncovered: line {line_of(src.text, tok.start)} offset {tok.start}: {context(src.text, tok)}")
    for c in checks:
        if c["verdict"] == "fails":
            print(f"  check {c['check_id']} fails -> anomaly: {c['explanation']}")
    for a in anomalies:
        if a["kind"] != "arithmetic":
            print(f"  anomaly {a['anomaly_id']} [{a['kind']}]: {a['explanation'][:100]}")


def _valid(value: str | None, valid, what: str) -> None:
    if value is not None and value not in set(valid):
        raise UnknownKeyError(f"unknown {what} {value!r}; valid: {', '.join(sorted(set(valid)))}")


def cmd_facts(args) -> int:
    """Print facts filtered by region/topic/indicator as a table, CSV or JSON."""
    from .catalog.facts import TOPICS
    from .catalog.frames import load_facts, load_indicators, load_regions

    df = load_facts()
    _valid(args.region, load_regions()["key"], "region")
    _valid(args.indicator, load_indicators()["key"], "indicator")
    _valid(args.topic, TOPICS, "topic")
    if args.source and args.source not in set(df["source_id"]):
        _not_a_curated_source(args.source)
    _valid(args.source, df["source_id"], "source")
    for col in ("region", "topic", "indicator", "source"):
        value = getattr(args, col)
        if value:
            df = df[df["source_id" if col == "source" else col] == value]
    return _print_frame(df, args.format, ["fact_id", "region", "indicator", "measure", "period_text",
                                          "value", "unit", "raw", "quote"])


def _write_all(text: str) -> None:
    """Write `text` to stdout whole, or raise: an unbuffered stdout (python -u, PYTHONUNBUFFERED)
    may take only part of a large write into a pipe or a full disk, and Python then drops the
    rest without a word; returns None."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None:   # a text-only stream (a capture): it takes everything
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    view = memoryview(text.encode(sys.stdout.encoding or "utf-8"))
    while view:
        written = out.write(view)
        if not written:   # a non-blocking stdout that takes nothing: fail, never spin
            raise BlockingIOError(11, "standard output takes no more data")
        view = view[written:]
    out.flush()


def _not_a_curated_source(source_id: str) -> None:
    """Raise UnknownKeyError saying a source is still a draft, when its manifest is one; return
    None when it is not (the caller then names the valid sources)."""
    from .catalog.frames import load_sources

    drafts = load_sources(include_drafts=True)
    row = drafts[drafts["source_id"] == source_id]
    if len(row) and row.iloc[0].get("status") == "draft":
        raise UnknownKeyError(f"source {source_id!r} is still a draft (its manifest says status: draft), so no "
                              f"command lists its facts: `povlib check --source {source_id}` shows it, and "
                              "removing the draft mark once it is curated makes it a source")


def _print_frame(df, fmt: str, table_cols: list[str]) -> int:
    import pandas as pd

    if fmt == "csv":
        _write_all(df.to_csv(index=False, lineterminator="\n"))
    elif fmt == "json":
        _write_all(df.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        with pd.option_context("display.max_rows", None, "display.max_colwidth", 60, "display.width", 250):
            print(df[table_cols].to_string(index=False) if len(df) else "(no rows)")
    # flush here, not at exit: a full disk or a closed pipe must fail this command (exit 2 with the
    # path, or 141), not vanish in the interpreter's last flush and leave a cut-off file behind
    sys.stdout.flush()
    return 0


def cmd_search(args) -> int:
    """Print facts and passages matching the text in either script."""
    from .catalog.search import search

    return _print_frame(search(args.text), args.format, ["kind", "source_id", "fact_id", "line", "text"])


def cmd_export(args) -> int:
    """Write every table as CSV and Parquet plus datapackage.json into DIR."""
    from .analysis.export import export
    from .catalog.layout import output_folder

    paths = export(output_folder(args.directory, "the export folder", "exports/"))
    print(f"wrote {len(paths)} files to {args.directory}")
    return 0


def cmd_build(args) -> int:
    """Build the configured reports (HTML, PDF, executed notebooks) and reports/index.html."""
    from .build.runner import build, summary
    from .catalog.layout import output_folder

    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    try:
        results = build(Path(args.config), output_folder(args.out, "--out", "reports/"), only=args.only,
                        jobs=args.jobs, formats=formats, force=args.force, scheduler=args.scheduler)
    except KeyboardInterrupt:
        print(f"povlib: build interrupted; reports finished so far are in {args.out}/, the others keep "
              "their previous version", file=sys.stderr)
        return 130
    print(summary(results))
    return 1 if any(r.status == "failed" for r in results) else 0


def cmd_draft(args) -> int:
    """Draft a new source: copy the seed, write the manifest and facts drafts, print what was written."""
    from .draft.pipeline import draft

    result = draft(Path(args.seed), args.source_id, force=args.force)
    print(f"wrote {result.seed}, {result.manifest} and {result.facts}: {result.n_facts} draft facts, "
          f"{result.n_excluded} proposed exclusions (status: draft; reports ignore them until curated)")
    print(f"next: review them (docs/curation.md, 'From draft to curated'), then `povlib check --source {args.source_id}`")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1: give the number of parallel processes")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `povlib` command."""
    parser = argparse.ArgumentParser(prog="povlib", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate data, print coverage, arithmetic checks and anomalies")
    p.add_argument("--source", help="only this source_id")
    p.add_argument("--verbose", action="store_true",
                   help="list every error, uncovered number, failing check and anomaly")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("facts", help="list facts, filtered by region, topic, indicator or source")
    p.add_argument("--region", help="region key, e.g. tongren")
    p.add_argument("--topic", help="topic, e.g. relocation")
    p.add_argument("--indicator", help="indicator key, e.g. poverty_incidence")
    p.add_argument("--source", help="source_id, e.g. changdu-2020")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format")
    p.set_defaults(func=cmd_facts)
    p = sub.add_parser("search", help="find facts and passages in either script")
    p.add_argument("text", help="text to find (simplified or traditional)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format")
    p.set_defaults(func=cmd_search)
    p = sub.add_parser("export", help="write CSV, Parquet and datapackage.json for every table")
    p.add_argument("directory", help="output folder (created if missing)")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("draft", help="copy a new document into seeds/ and write manifest and facts drafts")
    p.add_argument("seed", help="the document: a UTF-8 text file, copied byte for byte")
    p.add_argument("--source-id", required=True, help="the new source id, e.g. lincang-2019")
    p.add_argument("--force", action="store_true", help="replace an existing draft (never a curated source) and its seed")
    p.set_defaults(func=cmd_draft)
    p = sub.add_parser("build", help="execute the notebooks and write HTML/PDF reports and an index")
    p.add_argument("--only", nargs="+", metavar="NAME", help="build only these reports (names in the config)")
    p.add_argument("--jobs", type=_positive, default=None,
                   help="parallel processes, at least 1 (default: number of CPUs); with --scheduler: at most "
                        "this many reports at once on the cluster (default: all its worker threads)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="build on the Dask cluster whose scheduler listens at ADDRESS (e.g. tcp://10.0.0.5:8786): "
                        "workers execute the notebooks and print the PDFs, this process publishes them")
    p.add_argument("--format", default="html,pdf", help="comma-separated subset of html,pdf (default both)")
    p.add_argument("--force", action="store_true", help="rebuild even unchanged reports")
    p.add_argument("--config", default="reports.yaml", help="report list (default reports.yaml)")
    p.add_argument("--out", default="reports", help="output folder (default reports/)")
    p.set_defaults(func=cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (errors print one clear line, no traceback)."""
    args = build_parser().parse_args(argv)
    try:
        status = args.func(args)
        sys.stdout.flush()  # a reader that has gone shows here, not as a second error at exit
        return status
    except PovlibError as exc:
        if args.debug:
            raise
        print(f"povlib: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("povlib: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # whoever read the output (`povlib facts | head -1`) has gone: stop quietly, as Unix tools do
        _silence_stdout()
        return 141
    except OSError as exc:
        if args.debug:
            raise
        print(f"povlib: error: {os_error_message(exc, getattr(args, 'out', None) or getattr(args, 'directory', None))}",
              file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - one line for the user; --debug shows the traceback
        if args.debug:
            raise
        print(f"povlib: internal error: {type(exc).__name__}: {exc} (run `povlib --debug "
              f"{args.command} ...` for the traceback and report it)", file=sys.stderr)
        return 3


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises no second BrokenPipeError; returns None."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is no real file (a capture): nothing to flush there
        pass


if __name__ == "__main__":
    sys.exit(main())
