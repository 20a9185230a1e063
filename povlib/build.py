"""`povlib build`: execute the configured notebooks and write reports.

For each report in `reports.yaml` (name, notebook, parameters) it injects the parameters with
papermill, executes the notebook on a warm kernel (`povlib.execute`), and writes into `reports/` the
executed notebook, an HTML report for readers (code hidden) and a PDF, then
`reports/index.html`. Incremental: a report whose notebook, parameters, data, povlib code and
formats are unchanged is skipped. Failures do not stop other reports; every file is written
to a temporary name and renamed, so the previous good report stays until a new one replaces it.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from .catalog import input_hash
from .exceptions import DataError, PovlibError
from .layout import PACKAGE_DIR, resolve
from .pdf import Browser, find_chromium

FORMATS = ("html", "pdf")
PROJECT_DIR = PACKAGE_DIR.parent
TEMPLATES = PACKAGE_DIR / "templates"


@dataclass(frozen=True)
class Report:
    """One configured report: its name, notebook path and parameters."""

    name: str
    notebook: Path
    parameters: dict = field(default_factory=dict)


@dataclass
class Result:
    """What happened to one report: status 'built', 'skipped' or 'failed', and why."""

    name: str
    status: str
    seconds: float = 0.0
    cell: str = ""
    error: str = ""


def load_config(path: Path) -> list[Report]:
    """Return the reports listed in the YAML configuration file; raises DataError naming the row."""
    if not path.is_file():
        raise DataError(path, "report configuration not found", "create it (see reports.yaml in the project)")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    reports, seen = [], set()
    for i, row in enumerate(data.get("reports") or [], 1):
        if not isinstance(row, dict) or not {"name", "notebook"} <= set(row):
            raise DataError(path, f"report {i} needs name and notebook", "write {name: ..., notebook: ..., parameters: {...}}",
                            row=f"report {i}")
        if row["name"] in seen:
            raise DataError(path, f"report name {row['name']!r} is used twice", "give each report its own name",
                            row=f"report {i}")
        notebook = (path.parent / row["notebook"]).resolve()
        if not notebook.is_file():
            raise DataError(path, f"notebook {row['notebook']} not found", "fix the path (relative to the config)",
                            row=f"report {i} ({row['name']})")
        seen.add(row["name"])
        reports.append(Report(row["name"], notebook, dict(row.get("parameters") or {})))
    if not reports:
        raise DataError(path, "lists no reports", "add entries under `reports:`")
    return reports


def code_hash() -> str:
    """Return a short sha256 of povlib's Python sources and report templates (a change to either
    rebuilds every report)."""
    digest = hashlib.sha256()
    files = [*PACKAGE_DIR.glob("*.py"), *(p for p in TEMPLATES.rglob("*") if p.is_file())]
    for path in sorted(files):
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def report_key(report: Report, data_hash: str, code: str, formats: tuple[str, ...]) -> str:
    """Return the hash that decides whether a report must be rebuilt."""
    digest = hashlib.sha256(report.notebook.read_bytes())
    digest.update(json.dumps([report.parameters, data_hash, code, list(formats)], sort_keys=True).encode())
    return digest.hexdigest()


def outputs(out_dir: Path, name: str, formats: tuple[str, ...]) -> list[Path]:
    """Return the files a report writes: executed notebook plus one file per format."""
    return [out_dir / f"{name}.ipynb", *[out_dir / f"{name}.{fmt}" for fmt in formats]]


def _stamp_path(out_dir: Path, name: str) -> Path:
    return out_dir / ".stamps" / f"{name}.json"


def is_current(out_dir: Path, report: Report, key: str, formats: tuple[str, ...]) -> bool:
    """Return True when the report's stamp matches `key` and all its outputs exist."""
    stamp = _stamp_path(out_dir, report.name)
    if not stamp.is_file() or not all(p.is_file() for p in outputs(out_dir, report.name, formats)):
        return False
    return json.loads(stamp.read_text(encoding="utf-8")).get("key") == key


def _write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def to_html(notebook_path: Path, title: str) -> str:
    """Return the reader's HTML of an executed notebook: code and `report-hide` cells hidden,
    lang zh, povlib table style."""
    import nbformat
    from nbconvert import HTMLExporter

    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="povlib_report", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    # cells tagged report-hide print plain text for nbval; readers get the HTML table next to them
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"report-hide"}, enabled=True), True)
    exporter.language_code = "zh"  # Chromium then picks Noto Sans CJK SC for Chinese
    nb = nbformat.read(str(notebook_path), as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _work_dir(out_dir: Path, name: str) -> Path:
    return out_dir / ".tmp" / name


def execute_report(report: Report, out_dir: Path) -> Result:
    """Run in a worker: execute the notebook and write its HTML into the report's work folder.

    Returns status 'executed' or 'failed' (never raises: one report must not stop the others).
    """
    start = time.monotonic()
    work = _work_dir(out_dir, report.name)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    executed = work / f"{report.name}.ipynb"
    try:
        from .execute import CellError, kernel

        try:
            kernel(PROJECT_DIR).run(report.notebook, report.parameters, executed)
        except CellError as exc:
            return Result(report.name, "failed", time.monotonic() - start, exc.cell, f"{exc.ename}: {exc.evalue}")
        (work / f"{report.name}.html").write_text(to_html(executed, report.name), encoding="utf-8")
        return Result(report.name, "executed", time.monotonic() - start)
    except Exception as exc:  # noqa: BLE001 - reported in the summary, not raised
        return Result(report.name, "failed", time.monotonic() - start, "", f"{type(exc).__name__}: {exc}")


def publish(result: Result, out_dir: Path, formats: tuple[str, ...], key: str, browser=None) -> Result:
    """Run in the main process: print the PDF (one browser for all), then move every output into
    place with a rename and write the stamp last. Returns the final Result."""
    work = _work_dir(out_dir, result.name)
    start = time.monotonic()
    try:
        if result.status != "executed":
            return result
        if "pdf" in formats:
            browser.print_pdf(work / f"{result.name}.html", work / f"{result.name}.pdf")
        for path in outputs(out_dir, result.name, formats):
            os.replace(work / path.name, path)
        stamp = _stamp_path(out_dir, result.name)
        stamp.parent.mkdir(exist_ok=True)
        _write_text_atomic(stamp, json.dumps({"key": key, "built": _now()}) + "\n")
        return Result(result.name, "built", result.seconds + time.monotonic() - start)
    except Exception as exc:  # noqa: BLE001 - reported in the summary, not raised
        return Result(result.name, "failed", result.seconds, "PDF/publish", f"{type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


class Progress:
    """A tqdm bar on a terminal, plain lines in logs (CI)."""

    def __init__(self, total: int):
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="report", file=sys.stderr)
        self.total, self.done = total, 0

    def update(self, result: Result) -> None:
        self.done += 1
        line = f"[{self.done}/{self.total}] {result.name}: {result.status} ({result.seconds:.1f}s)"
        if result.status == "failed":
            line += f" — {result.cell} {result.error}".rstrip()
        if self.bar is not None:
            self.bar.set_postfix_str(result.name)
            self.bar.update(1)
            if result.status == "failed":
                self.bar.write(line)
        else:
            print(line, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def build(config: Path, out_dir: Path, only: list[str] | None = None, jobs: int | None = None,
          formats: tuple[str, ...] = FORMATS, force: bool = False) -> list[Result]:
    """Build the configured reports; return one Result per selected report (index written last)."""
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise PovlibError(f"unknown format(s) {bad or formats}; use a comma-separated subset of {','.join(FORMATS)}")
    reports = load_config(config)
    names = [r.name for r in reports]
    unknown = [n for n in only or [] if n not in names]
    if unknown:
        raise PovlibError(f"unknown report(s) {unknown}; valid: {', '.join(names)}")
    if "pdf" in formats:
        find_chromium()  # fail before any work when the browser is missing
    selected = [r for r in reports if not only or r.name in only]
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out_dir / ".tmp", ignore_errors=True)  # leftovers of a killed build
    data_hash, code = input_hash(resolve(None)), code_hash()
    keys = {r.name: report_key(r, data_hash, code, formats) for r in selected}
    todo = [r for r in selected if force or not is_current(out_dir, r, keys[r.name], formats)]
    results = [Result(r.name, "skipped") for r in selected if r not in todo]
    progress = Progress(len(todo))
    if todo:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        with contextlib.ExitStack() as stack:
            browser = stack.enter_context(Browser()) if "pdf" in formats else None
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            futures = [pool.submit(execute_report, r, out_dir) for r in todo]
            _export_data(out_dir, data_hash, force)  # while the workers execute notebooks
            for future in as_completed(futures):
                done = future.result()
                results.append(publish(done, out_dir, formats, keys[done.name], browser))
                progress.update(results[-1])
    if not todo:
        _export_data(out_dir, data_hash, force)
    progress.close()
    write_index(out_dir, reports, results, data_hash)
    order = {n: i for i, n in enumerate(names)}
    return sorted(results, key=lambda r: order[r.name])


def _export_data(out_dir: Path, data_hash: str, force: bool) -> None:
    """Export the data tables to reports/data unless they already reflect `data_hash`."""
    target = out_dir / "data"
    package = target / "datapackage.json"
    if not force and package.is_file() and json.loads(package.read_text(encoding="utf-8")).get("data_hash") == data_hash:
        return
    from .export import export
    export(target)


def write_index(out_dir: Path, reports: list[Report], results: list[Result], data_hash: str) -> Path:
    """Write reports/index.html linking every report (with build time, povlib version, data hash)."""
    from . import __version__

    status = {r.name: r for r in results}
    rows = []
    for report in reports:
        cells = [f"<td>{html.escape(report.name)}</td>",
                 f"<td>{html.escape(json.dumps(report.parameters, ensure_ascii=False))}</td>"]
        links = [f'<a href="{html.escape(p.name)}">{p.suffix[1:]}</a>'
                 for p in outputs(out_dir, report.name, FORMATS) if p.is_file()]
        cells.append(f"<td>{' · '.join(links) or 'not built'}</td>")
        stamp = _stamp_path(out_dir, report.name)
        built = json.loads(stamp.read_text(encoding="utf-8"))["built"] if stamp.is_file() else ""
        result = status.get(report.name)
        note = ""
        if result and result.status == "failed":
            note = f"last build failed: {result.cell} {result.error}" + (" — showing the previous version" if built else "")
        cells += [f"<td>{html.escape(built)}</td>", f"<td class='fail'>{html.escape(note)}</td>"]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    page = f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>povlib reports</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;margin:2em}} table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}} .fail{{color:#b00}}</style></head>
<body><h1>povlib reports</h1>
<p>Index written {html.escape(_now())} · povlib {html.escape(__version__)} · data hash {html.escape(data_hash)}</p>
<table><tr><th>report</th><th>parameters</th><th>files</th><th>built</th><th>status</th></tr>
{chr(10).join(rows)}
</table>
<p>Data tables (CSV, Parquet, Frictionless data package): <a href="data/datapackage.json">data/datapackage.json</a></p>
</body></html>
"""
    path = out_dir / "index.html"
    _write_text_atomic(path, page)
    return path


def summary(results: list[Result]) -> str:
    """Return the closing summary: counts, then one line per failed report (name, cell, error)."""
    counts = {s: sum(r.status == s for r in results) for s in ("built", "skipped", "failed")}
    lines = [f"build: {counts['built']} built, {counts['skipped']} unchanged, {counts['failed']} failed"]
    lines += [f"  FAILED {r.name}: {r.cell} {r.error}".rstrip() for r in results if r.status == "failed"]
    return "\n".join(lines)
