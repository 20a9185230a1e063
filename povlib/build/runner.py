"""`povlib build`: execute the configured notebooks and write reports.

For each report in `reports.yaml` (name, notebook, parameters) it injects the parameters with
papermill, executes the notebook on a warm kernel (`povlib.build.execute`), and writes into `reports/` the
executed notebook, an HTML report for readers (code hidden) and a PDF, then
`reports/index.html`. Incremental: a report whose notebook, parameters, data, povlib code and
formats are unchanged is skipped. Failures do not stop other reports; every file is written
to a temporary name and renamed, so the previous good report stays until a new one replaces it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

from ..base import locks
from ..base.files import utc_now, write_text_atomic
from ..base.version import __version__
from ..catalog.layout import resolve
from ..catalog.loader import input_hash
from ..exceptions import PovlibError
from ..present.index import write_index
from ..present.pages import page_title, to_html
from .config import Report, check_parameters, load_config
from .outputs import (FORMATS, PROJECT_DIR, DataInputs, Result, clean_stale_scratch, code_hash, is_current, outputs,
                      report_key, scratch, stamp_path, tmp_dir, work_dir)
from ..catalog.layout import output_folder
from ..catalog.loader import load as load_catalog
from ..exceptions import os_error_message
from .pdf import BrowserError, Printer, find_chromium, footer_template
from .pdf import check_fonts

__all__ = ["FORMATS", "Report", "Result", "build", "load_config", "summary"]


def execute_report(task: tuple[Report, Path]) -> Result:
    """Run in a worker: execute the notebook and write its HTML into the report's work folder.

    Returns status 'executed' or 'failed' (never raises: one report must not stop the others).
    """
    report, out_dir = task
    start = time.monotonic()
    try:
        from .execute import CellError, kernel

        work = work_dir(out_dir, report.name)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        executed = work / f"{report.name}.ipynb"
        try:
            from .workers import reply_and_exit
            died = Result(report.name, "failed", 0.0, "", "KernelDied: the notebook's kernel died (killed, or out "
                          "of memory); build the report again", retire=True)
            kernel(PROJECT_DIR, tmp_dir(out_dir) / "kernels").run(report.notebook, report.parameters, executed,
                                                               on_death=lambda: reply_and_exit(died))
        except CellError as exc:
            return Result(report.name, "failed", time.monotonic() - start, exc.cell, f"{exc.ename}: {exc.evalue}",
                          retire=exc.ename == "KernelDied")
        (work / f"{report.name}.html").write_text(to_html(executed, report.name), encoding="utf-8")
        return Result(report.name, "executed", time.monotonic() - start)
    except OSError as exc:  # a full disk or a refused folder: say where, and what fixes it
        return Result(report.name, "failed", time.monotonic() - start, "writing",
                      os_error_message(exc, tmp_dir(out_dir)))
    except Exception as exc:  # noqa: BLE001 - reported in the summary, not raised
        return Result(report.name, "failed", time.monotonic() - start, "", f"{type(exc).__name__}: {exc}")


def publish(result: Result, out_dir: Path, formats: tuple[str, ...], key: str, printer=None, stamp: str = "") -> Result:
    """Run in the main process: print the PDF (unless a Dask worker already sent it) with the
    footer `stamp`, then move every output into place with a rename and write the stamp last.
    Returns the final Result."""
    start = time.monotonic()
    try:
        work = work_dir(out_dir, result.name)
        if result.status != "executed":
            return result
        if "pdf" in formats and not (work / f"{result.name}.pdf").is_file():
            page = work / f"{result.name}.html"
            printer.print_pdf(page, work / f"{result.name}.pdf", footer_template(page_title(page), stamp))
        for path in outputs(out_dir, result.name, formats):
            os.replace(work / path.name, path)
        stamp = stamp_path(out_dir, result.name)
        stamp.parent.mkdir(exist_ok=True)
        write_text_atomic(stamp, json.dumps({"key": key, "built": utc_now()}) + "\n")
        return Result(result.name, "built", result.seconds + time.monotonic() - start, worker=result.worker)
    except BrowserError as exc:
        return Result(result.name, "failed", result.seconds, "PDF", f"{exc}; the browser is restarted for the "
                      "next report", worker=result.worker)
    except OSError as exc:  # a full disk or a refused folder: say where, and what fixes it
        return Result(result.name, "failed", result.seconds, "PDF/publish", os_error_message(exc, out_dir),
                      worker=result.worker)
    except Exception as exc:  # noqa: BLE001 - reported in the summary, not raised
        return Result(result.name, "failed", result.seconds, "PDF/publish", f"{type(exc).__name__}: {exc}",
                      worker=result.worker)
    finally:
        shutil.rmtree(work_dir(out_dir, result.name), ignore_errors=True)


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
        if result.worker:
            line += f" on {result.worker}"
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


@contextlib.contextmanager
def output_lock(out_dir: Path, say=print):
    """Hold an exclusive lock on the output folder; a second build waits, saying so, then goes on.

    The lock is an flock on `<out>/.lock`: the kernel releases it when the holder dies, so a
    killed build never leaves a stale lock.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PovlibError(f"cannot write to the output folder {out_dir} ({exc.strerror}): make it writable "
                          "or choose another one with --out") from None
    waiting = lambda pid: f"povlib: another build (pid {pid}) is writing to {out_dir}; waiting for it to finish..."
    try:
        with locks.hold(fd, waiting, lambda line: say(line, flush=True)):
            yield
    finally:
        os.close(fd)


def _check_writable(out_dir: Path) -> None:
    probe = out_dir / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise PovlibError(f"cannot write to the output folder {out_dir} ({exc.strerror}): make it writable "
                          "or choose another one with --out") from None


def _select(config: Path, only, jobs, formats, scheduler) -> tuple[list[Report], list[Report]]:
    if not formats:
        raise PovlibError("--format names no format: give html, pdf or html,pdf")
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise PovlibError(f"unknown format(s) {bad or formats}; use a comma-separated subset of {','.join(FORMATS)}")
    if jobs is not None and jobs < 1:
        raise PovlibError(f"--jobs {jobs}: give at least 1 (the number of parallel build processes)")
    reports = load_config(config)
    names = [r.name for r in reports]
    unknown = [n for n in only or [] if n not in names]
    if unknown:
        raise PovlibError(f"unknown report(s) {unknown}; valid: {', '.join(names)}")
    if "pdf" in formats and not scheduler:
        find_chromium()  # fail before any work when the browser is missing (Dask workers print their own)
        check_fonts()  # ... or a font the PDFs embed
    return reports, [r for r in reports if not only or r.name in only]


def build(config: Path, out_dir: Path, only: list[str] | None = None, jobs: int | None = None,
          formats: tuple[str, ...] = FORMATS, force: bool = False, scheduler: str | None = None) -> list[Result]:
    """Build the configured reports; return one Result per selected report (index written last).

    One build at a time per output folder (`output_lock`); a report with an unknown parameter, a
    failing cell, a dead worker or a dead browser fails alone and keeps its previous version.
    With `scheduler` (a Dask scheduler's address) the reports are executed and printed on that
    cluster's workers (`povlib.build.cluster`) and `jobs` caps how many run at once; the files are
    still published here.
    """
    out_dir = output_folder(out_dir, "--out", "reports/")
    reports, selected = _select(config, only, jobs, formats, scheduler)
    load_catalog(resolve(None))  # bad data stops the build before any work, with one line naming it
    with output_lock(out_dir), locks.sigterm_as_interrupt():
        _check_writable(out_dir)
        shutil.rmtree(tmp_dir(out_dir), ignore_errors=True)  # leftovers of a killed build
        clean_stale_scratch()
        layout = resolve(None)
        data_hash, code, inputs = input_hash(layout), code_hash(), DataInputs(layout)
        keys = {r.name: report_key(r, inputs.key(r), code, formats) for r in selected}
        todo = [r for r in selected if force or not is_current(out_dir, r, keys[r.name], formats)]
        results = [Result(r.name, "skipped") for r in selected if r not in todo]
        results += _bad_parameters(todo)
        todo = [r for r in todo if r.name not in {x.name for x in results}]
        try:
            results += _run(todo, out_dir, formats, keys, jobs, (data_hash, code), force, scheduler)
        finally:
            shutil.rmtree(tmp_dir(out_dir), ignore_errors=True)
            shutil.rmtree(scratch(), ignore_errors=True)
        _update_index(out_dir, reports, results, data_hash, code, {r.name: inputs.sources(r) for r in reports})
    order = {r.name: i for i, r in enumerate(reports)}
    return sorted(results, key=lambda r: order[r.name])


def _update_index(out_dir: Path, reports: list[Report], results: list[Result], data_hash: str, code: str,
                  depends: dict[str, list[str]] | None = None) -> None:
    """Write the landing page unless nothing it shows changed since it was written (a no-op
    build then stays fast): the key covers the data, the code, the report list and every stamp.
    `depends`: report name → the source ids it reads (the page says so on each report)."""
    digest = hashlib.sha256(json.dumps([data_hash, code, [[r.name, r.title, r.description, str(r.notebook),
                                                          r.parameters] for r in reports]],
                                       sort_keys=True, default=str).encode())
    for report in reports:
        stamp = stamp_path(out_dir, report.name)
        digest.update(stamp.read_bytes() if stamp.is_file() else b"-")
    key, marker = digest.hexdigest(), out_dir / ".stamps" / ".index.json"  # no report name starts with "."
    fresh = all(r.status == "skipped" for r in results) and (out_dir / "index.html").is_file()
    if fresh and marker.is_file() and marker.read_text(encoding="utf-8").strip() == key:
        return
    write_index(out_dir, reports, results, data_hash, depends)
    marker.parent.mkdir(exist_ok=True)
    write_text_atomic(marker, key + "\n")


def _bad_parameters(reports: list[Report]) -> list[Result]:
    failed = []
    for report in reports:
        try:
            check_parameters(report)
        except PovlibError as exc:
            failed.append(Result(report.name, "failed", 0.0, "parameters", str(exc)))
    return failed


def _run(todo, out_dir, formats, keys, jobs, inputs, force, scheduler) -> list[Result]:
    data_hash, code = inputs
    stamp = f"built {utc_now()[:10]} · povlib {__version__} · data {data_hash}"
    progress, results = Progress(len(todo)), []
    if not todo:
        _export_data(out_dir, data_hash, force)
        return results
    tmp_dir(out_dir).mkdir(exist_ok=True)
    try:
        with contextlib.ExitStack() as stack:
            start = _start_cluster if scheduler else _start_local
            executed, printer = start(stack, todo, out_dir, formats, jobs, scheduler, (data_hash, code, stamp))
            _export_data(out_dir, data_hash, force)  # while the workers execute notebooks
            _import_index_modules()  # ... and so are the landing page's imports, not after the last PDF
            for done in executed:
                results.append(publish(done, out_dir, formats, keys[done.name], printer, stamp))
                progress.update(results[-1])
    finally:
        progress.close()
    return results


def _start_local(stack, todo, out_dir, formats, jobs, scheduler, inputs):
    """Start the local process pool and one Chromium; return (iterator of executed Results, printer)."""
    from .workers import Pool, WorkerDied

    printer = stack.enter_context(Printer(tmp=scratch())) if "pdf" in formats else None
    pool = stack.enter_context(Pool(execute_report, max(1, min(jobs or os.cpu_count() or 1, len(todo)))))
    tasks = pool.imap([(r, out_dir) for r in todo])

    def executed():
        for (report, _), done in tasks:
            yield Result(report.name, "failed", 0.0, "", str(done)) if isinstance(done, WorkerDied) else done

    return executed(), printer


def _start_cluster(stack, todo, out_dir, formats, jobs, scheduler, inputs):
    """Connect to the Dask scheduler and submit the reports; return (iterator of executed Results
    whose files are in `<out>/.tmp/<name>/`, no printer: the workers print the PDFs)."""
    from .cluster import Runner, execute_remote, receive, remote_task

    data_hash, code, stamp = inputs
    runner = stack.enter_context(Runner(execute_remote, scheduler, limit=jobs))
    tasks = runner.imap([remote_task(r, formats, code, data_hash, stamp) for r in todo])
    return (receive(task, done, out_dir) for task, done in tasks), None


def _import_index_modules() -> None:
    """Import the modules writing the landing page needs (pandas, matplotlib through the views: about
    a second) while the workers execute the first notebooks; a no-op build imports none of them."""
    from ..present import views  # noqa: F401 - write_index imports it when it runs


def _export_data(out_dir: Path, data_hash: str, force: bool) -> None:
    """Export the data tables to reports/data unless they already reflect `data_hash`."""
    target = out_dir / "data"
    package = target / "datapackage.json"
    if not force and package.is_file() and json.loads(package.read_text(encoding="utf-8")).get("data_hash") == data_hash:
        return
    from ..analysis.export import export
    export(target)


def summary(results: list[Result]) -> str:
    """Return the closing summary: counts, then one line per failed report (name, cell, error)."""
    counts = {s: sum(r.status == s for r in results) for s in ("built", "skipped", "failed")}
    lines = [f"build: {counts['built']} built, {counts['skipped']} unchanged, {counts['failed']} failed"]
    lines += [f"  FAILED {r.name}: {r.cell} {r.error}".rstrip() for r in results if r.status == "failed"]
    return "\n".join(lines)
