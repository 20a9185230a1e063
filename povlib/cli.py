"""The `povlib` command line: check, facts, search, export (and build, for reports)."""

from __future__ import annotations

import argparse
import sys

from . import catalog
from .coverage import context, line_of
from .exceptions import PovlibError


def cmd_check(args) -> int:
    """Validate everything, print coverage, checks and anomalies; return 1 on any error."""
    cat = catalog.load(collect_errors=True)
    sids = [args.source] if args.source else sorted(cat.sources)
    for sid in sids:
        if sid not in cat.sources:
            raise PovlibError(f"unknown source {sid!r}; valid: {', '.join(sorted(cat.sources))}")
    print(f"sources: {len(cat.sources)} manifests, seed hashes verified")
    failed = False
    for sid in sids:
        failed |= _report_source(cat, sid, args.verbose)
    errors = [e for e in cat.errors if not args.source or args.source in str(e) or _in_source(cat, e, args.source)]
    if errors:
        print(f"\nERRORS ({len(errors)}):")
        for e in errors:
            print(f"- {e}")
    verdict = "FAILED" if errors or failed else "OK"
    print(f"\ncheck {verdict}: {len(errors)} error(s); coverage below 100% in "
          f"{sum(cat.coverage[s].percent < 100 for s in sids)} source(s)")
    return 1 if verdict == "FAILED" else 0


def _in_source(cat, err, sid) -> bool:
    return getattr(err, "file", "").endswith(f"{sid}.yaml")


def _report_source(cat, sid: str, verbose: bool) -> bool:
    src, cov = cat.sources[sid], cat.coverage[sid]
    facts = [f for f in cat.facts.values() if f["source_id"] == sid]
    checks = [c for c in cat.checks if c["source_id"] == sid]
    anomalies = [a for a in cat.anomalies if a["source_id"] == sid]
    n_excl = sum(e["source_id"] == sid for e in cat.excluded)
    holds = sum(c["verdict"] == "holds" for c in checks)
    print(f"\n{sid} ({src.file}): {len(facts)} facts, {n_excl} excluded, {len(anomalies)} anomalies, "
          f"{len(checks)} checks ({holds} hold)")
    print(f"  coverage {cov.percent:.1f}% ({cov.covered}/{cov.counted} numbers)")
    for tok in cov.uncovered[: None if verbose else 40]:
        print(f"  uncovered: line {line_of(src.text, tok.start)} offset {tok.start}: {context(src.text, tok)}")
    if len(cov.uncovered) > 40 and not verbose:
        print(f"  ... and {len(cov.uncovered) - 40} more (use --verbose)")
    for c in checks:
        if c["verdict"] == "fails":
            print(f"  check {c['check_id']} fails -> anomaly: {c['explanation']}")
    for a in anomalies:
        if a["kind"] != "arithmetic":
            print(f"  anomaly {a['anomaly_id']} [{a['kind']}]: {a['explanation'][:100]}")
    return cov.percent < 100


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `povlib` command."""
    parser = argparse.ArgumentParser(prog="povlib", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate data, print coverage, arithmetic checks and anomalies")
    p.add_argument("--source", help="only this source_id")
    p.add_argument("--verbose", action="store_true", help="list every uncovered number")
    p.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (errors print one clear line, no traceback)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except PovlibError as exc:
        print(f"povlib: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
