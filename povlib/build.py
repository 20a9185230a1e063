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
import csv
import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import locks
from .catalog import input_hash
from .config import Report, check_parameters, load_config
from .exceptions import PovlibError
from .index import write_index
from .layout import PACKAGE_DIR, resolve
from .pdf import BrowserError, Printer, find_chromium, footer_template

FORMATS = ("html", "pdf")
PROJECT_DIR = PACKAGE_DIR.parent
TEMPLATES = PACKAGE_DIR / "templates"

__all__ = ["FORMATS", "Report", "Result", "build", "load_config", "summary"]


@dataclass
class Result:
    """What happened to one report: status 'built', 'skipped' or 'failed', why, and where it was
    executed ('' for a local build process, else the Dask worker's address and pid)."""

    name: str
    status: str
    seconds: float = 0.0
    cell: str = ""
    error: str = ""
    worker: str = ""
    #: the worker that produced this result must stop (its kernel died; a fresh worker replaces it)
    retire: bool = False


def code_hash() -> str:
    """Return a short sha256 of povlib's Python sources and report templates (a change to either
    rebuilds every report)."""
    digest = hashlib.sha256()
    files = [*PACKAGE_DIR.glob("*.py"), *(p for p in TEMPLATES.rglob("*") if p.is_file())]
    for path in sorted(files):
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


#: what may name a region, an indicator or a fact in a manifest or a facts file (a YAML token)
_KEY_TOKEN = re.compile(r"[a-z0-9][a-z0-9_-]*")
#: the tables every report reads whole: a change to one of them rebuilds every report
COMMON = ("common.csv",)


class DataInputs:
    """The data files a build reads, to key each report on the data its parameters select (no
    pandas, no YAML parsing: file bytes, the two CSV reference tables, and the key-like tokens of
    each manifest and facts file).

    A report's sources (`sources`) are those whose manifest or facts file names a region of its
    subtree (the region and every region below it), plus every source that names a fact of such
    a source or is named by one (an anomaly or check across documents), until none is added. Its
    data key (`key`) hashes those sources' manifests, seeds, facts files and own region and
    indicator tables, the rows of other tables it reads (its regions, their ancestors, and every
    region or indicator key its sources name), and the common tables. Tokens are matched as whole
    keys anywhere in the files, so a key that is only mentioned (in a note) counts too: a report
    may be rebuilt once too often, never once too few. A report without a `region` or `regions`
    parameter, or with `regions: all`, reads every source; a file of the data folders that belongs
    to no source counts as common."""

    def __init__(self, layout):
        self.layout = layout
        manifests = sorted(layout.seeds.glob("*.yaml"))
        self.ids = [p.stem for p in manifests]
        self.bytes: dict[str, list[tuple[str, bytes]]] = {sid: [] for sid in self.ids}
        self.tokens: dict[str, set[str]] = {sid: set() for sid in self.ids}
        self.common: list[tuple[str, bytes]] = []
        for path in manifests:
            data = path.read_bytes()
            self._add(path.stem, f"seeds/{path.name}", data)
            self._add_seed(path.stem, data)
        claimed = {name for files in self.bytes.values() for name, _ in files}
        for path in sorted(layout.seeds.glob("*.txt")):
            if f"seeds/{path.name}" not in claimed:
                self.common.append((f"seeds/{path.name}", path.read_bytes()))   # a seed no manifest names
        self.regions: dict[str, tuple[str, str]] = {}   # key -> (parent, "file: row")
        self.indicators: dict[str, str] = {}
        for folder in ("facts", "regions", "indicators"):
            directory = layout.data / folder
            for path in sorted(directory.iterdir()) if directory.is_dir() else []:
                if path.suffix not in (".yaml", ".csv"):
                    continue
                data, name = path.read_bytes(), f"{folder}/{path.name}"
                if path.stem in self.tokens and path.name not in COMMON:
                    self._add(path.stem, name, data)
                else:
                    self.common.append((name, data))
                if folder != "facts" and path.suffix == ".csv":
                    self._read_table(folder, path.name, data)
        self._children: dict[str, list[str]] = {}
        for key, (parent, _) in self.regions.items():
            self._children.setdefault(parent, []).append(key)
        self.digests = {sid: _files_digest(files) for sid, files in self.bytes.items()}
        self.common_digest = _files_digest(self.common)
        tables = set(self.regions) | set(self.indicators)
        self.refs = {sid: tokens & tables for sid, tokens in self.tokens.items()}   # the table rows it names
        prefix = {sid: re.compile(rf"^{re.escape(sid)}-\d+$") for sid in self.ids}
        self.links = {sid: {other for other in self.ids if other != sid
                            and any(prefix[other].match(t) for t in self.tokens[sid] if t.startswith(other))}
                      for sid in self.ids}

    def _add(self, sid: str, name: str, data: bytes) -> None:
        self.bytes[sid].append((name, data))
        if name.endswith(".yaml"):
            self.tokens[sid].update(_KEY_TOKEN.findall(data.decode("utf-8", "replace")))

    def _add_seed(self, sid: str, manifest: bytes) -> None:
        """Add the seed a manifest names (`file:`); when it cannot be told, every seed."""
        found = re.search(rb"^file:\s*[\"']?([^\"'\s#]+)", manifest, re.M)
        seeds = [self.layout.seeds / found.group(1).decode("utf-8", "replace")] if found else []
        if not seeds or not seeds[0].is_file() or seeds[0].parent != self.layout.seeds:
            seeds = sorted(self.layout.seeds.glob("*.txt"))
        for seed in seeds:
            self.bytes[sid].append((f"seeds/{seed.name}", seed.read_bytes()))

    def _read_table(self, folder: str, name: str, data: bytes) -> None:
        rows = csv.DictReader(data.decode("utf-8", "replace").splitlines())
        for row in rows:
            key = str(row.get("key") or "")
            text = f"{name}: {json.dumps(row, ensure_ascii=False, sort_keys=True)}"
            if folder == "regions":
                self.regions.setdefault(key, (str(row.get("parent") or ""), text))
            else:
                self.indicators.setdefault(key, text)

    def _below(self, region: str) -> set[str]:
        """Return the region and every region below it (safe against loops in parent links)."""
        out, todo = set(), [region]
        while todo:
            key = todo.pop()
            if key not in out:
                out.add(key)
                todo += self._children.get(key, [])
        return out

    def _above(self, keys: set[str]) -> set[str]:
        """Return the ancestors of `keys` (safe against loops)."""
        out, todo = set(), [self.regions[k][0] for k in keys if k in self.regions]
        while todo:
            key = todo.pop()
            if key and key not in out:
                out.add(key)
                todo.append(self.regions.get(key, ("", ""))[0])
        return out

    def selected_regions(self, report: Report) -> list[str] | None:
        """Return the region keys a report's parameters select, or None for every region (no
        `region`/`regions` parameter, `regions: all`, or a value of another shape)."""
        params = report.parameters
        if isinstance(params.get("region"), str):
            return [params["region"]]
        regions = params.get("regions")
        if isinstance(regions, str) and regions != "all":
            regions = [r.strip() for r in regions.split(",") if r.strip()]
        if isinstance(regions, list) and regions and all(isinstance(r, str) for r in regions):
            return regions
        return None

    def sources(self, report: Report) -> list[str]:
        """Return the source ids whose data the report reads (sorted)."""
        regions = self.selected_regions(report)
        if regions is None:
            return list(self.ids)
        subtree = set().union(*(self._below(r) for r in regions))
        found = {sid for sid in self.ids if self.tokens[sid] & subtree}
        if "regions" in report.parameters:   # report.incidence_points shows every region's thresholds
            found |= {sid for sid in self.ids if "threshold" in self.tokens[sid]}
        todo = list(found)
        while todo:   # a source naming a fact of a found one, or named by one (checks, anomalies)
            sid = todo.pop()
            for other in self.ids:
                if other not in found and (other in self.links[sid] or sid in self.links[other]):
                    found.add(other)
                    todo.append(other)
        return sorted(found)

    def key(self, report: Report) -> str:
        """Return a sha256 over the data the report reads (see the class)."""
        sids = self.sources(report)
        regions = self.selected_regions(report)
        named = set().union(set(), *(self.refs[sid] for sid in sids))
        if regions is not None:
            named |= set().union(*(self._below(r) for r in regions))
        named |= self._above(named & set(self.regions))
        digest = hashlib.sha256(self.common_digest.encode())
        for sid in sids:
            digest.update(f"{sid}:{self.digests[sid]}\0".encode())
        for key in sorted(named):
            for row in (self.regions.get(key, ("", ""))[1], self.indicators.get(key, "")):
                digest.update(row.encode() + b"\0")
        return digest.hexdigest()


def _files_digest(files: list[tuple[str, bytes]]) -> str:
    """Return the sha256 over the (name, bytes) of `files`, in their order."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def report_key(report: Report, data_hash: str, code: str, formats: tuple[str, ...]) -> str:
    """Return the hash that decides whether a report must be rebuilt: its notebook's bytes, its
    parameters, `data_hash` (the data it reads: `DataInputs.key`), povlib's code and the formats."""
    digest = hashlib.sha256(report.notebook.read_bytes())
    digest.update(json.dumps([report.parameters, data_hash, code, list(formats)], sort_keys=True).encode())
    return digest.hexdigest()


def inside(out_dir: Path, path: Path) -> Path:
    """Return `path` after checking that it lies inside `out_dir`; raises PovlibError otherwise.

    Every file a build writes or removes goes through here, so no report name can reach outside.
    """
    root, target = out_dir.resolve(), path.resolve()
    if target != root and root not in target.parents:
        raise PovlibError(f"refusing to touch {path}: it is outside the output folder {out_dir}")
    return path


def outputs(out_dir: Path, name: str, formats: tuple[str, ...]) -> list[Path]:
    """Return the files a report writes: executed notebook plus one file per format."""
    return [inside(out_dir, out_dir / f"{name}.{ext}") for ext in ("ipynb", *formats)]


def _stamp_path(out_dir: Path, name: str) -> Path:
    return inside(out_dir, out_dir / ".stamps" / f"{name}.json")


def is_current(out_dir: Path, report: Report, key: str, formats: tuple[str, ...]) -> bool:
    """Return True when the report's stamp matches `key` and all its outputs exist."""
    stamp = _stamp_path(out_dir, report.name)
    if not stamp.is_file() or not all(p.is_file() for p in outputs(out_dir, report.name, formats)):
        return False
    try:
        return json.loads(stamp.read_text(encoding="utf-8")).get("key") == key
    except (ValueError, OSError):  # a damaged stamp only means: rebuild
        return False


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
    return with_title(body, title)


def with_title(body: str, fallback: str) -> str:
    """Return the page with its <title> set to the report's first <h1> (the PDF's Title too)."""
    import re
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip() if heading else fallback
    return re.sub(r"<title>.*?</title>", lambda _: f"<title>{html.escape(text)}</title>", body, count=1, flags=re.S)


def page_title(html_path: Path) -> str:
    """Return the <title> of a built report."""
    import re
    found = re.search(r"<title>(.*?)</title>", html_path.read_text(encoding="utf-8"), re.S)
    return html.unescape(found.group(1)) if found else html_path.stem


def _tmp(out_dir: Path) -> Path:
    return out_dir / ".tmp"


def scratch() -> Path:
    """Return this build's short scratch folder in the system's temporary folder (for Chromium,
    whose socket paths must stay short; the output folder may be deep)."""
    return Path(tempfile.gettempdir()) / f"povlib-{os.getuid()}-{os.getpid()}"


def clean_stale_scratch() -> None:
    """Remove scratch folders of builds that are no longer running (killed ones); returns None."""
    for path in Path(tempfile.gettempdir()).glob(f"povlib-{os.getuid()}-*"):
        try:
            os.kill(int(path.name.rsplit("-", 1)[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except (ValueError, PermissionError):
            continue


def _work_dir(out_dir: Path, name: str) -> Path:
    return inside(out_dir, _tmp(out_dir) / name)


def execute_report(task: tuple[Report, Path]) -> Result:
    """Run in a worker: execute the notebook and write its HTML into the report's work folder.

    Returns status 'executed' or 'failed' (never raises: one report must not stop the others).
    """
    report, out_dir = task
    start = time.monotonic()
    try:
        from .execute import CellError, kernel

        work = _work_dir(out_dir, report.name)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        executed = work / f"{report.name}.ipynb"
        try:
            from .workers import reply_and_exit
            died = Result(report.name, "failed", 0.0, "", "KernelDied: the notebook's kernel died (killed, or out "
                          "of memory); build the report again", retire=True)
            kernel(PROJECT_DIR, _tmp(out_dir) / "kernels").run(report.notebook, report.parameters, executed,
                                                               on_death=lambda: reply_and_exit(died))
        except CellError as exc:
            return Result(report.name, "failed", time.monotonic() - start, exc.cell, f"{exc.ename}: {exc.evalue}",
                          retire=exc.ename == "KernelDied")
        (work / f"{report.name}.html").write_text(to_html(executed, report.name), encoding="utf-8")
        return Result(report.name, "executed", time.monotonic() - start)
    except Exception as exc:  # noqa: BLE001 - reported in the summary, not raised
        return Result(report.name, "failed", time.monotonic() - start, "", f"{type(exc).__name__}: {exc}")


def publish(result: Result, out_dir: Path, formats: tuple[str, ...], key: str, printer=None, stamp: str = "") -> Result:
    """Run in the main process: print the PDF (unless a Dask worker already sent it) with the
    footer `stamp`, then move every output into place with a rename and write the stamp last.
    Returns the final Result."""
    start = time.monotonic()
    try:
        work = _work_dir(out_dir, result.name)
        if result.status != "executed":
            return result
        if "pdf" in formats and not (work / f"{result.name}.pdf").is_file():
            page = work / f"{result.name}.html"
            printer.print_pdf(page, work / f"{result.name}.pdf", footer_template(page_title(page), stamp))
        for path in outputs(out_dir, result.name, formats):
            os.replace(work / path.name, path)
        stamp = _stamp_path(out_dir, result.name)
        stamp.parent.mkdir(exist_ok=True)
        _write_text_atomic(stamp, json.dumps({"key": key, "built": _now()}) + "\n")
        return Result(result.name, "built", result.seconds + time.monotonic() - start, worker=result.worker)
    except BrowserError as exc:
        return Result(result.name, "failed", result.seconds, "PDF", f"{exc}; the browser is restarted for the "
                      "next report", worker=result.worker)
    except Exception as exc:  # noqa: BLE001 - reported in the summary, not raised
        return Result(result.name, "failed", result.seconds, "PDF/publish", f"{type(exc).__name__}: {exc}",
                      worker=result.worker)
    finally:
        shutil.rmtree(_work_dir(out_dir, result.name), ignore_errors=True)


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
    return reports, [r for r in reports if not only or r.name in only]


def build(config: Path, out_dir: Path, only: list[str] | None = None, jobs: int | None = None,
          formats: tuple[str, ...] = FORMATS, force: bool = False, scheduler: str | None = None) -> list[Result]:
    """Build the configured reports; return one Result per selected report (index written last).

    One build at a time per output folder (`output_lock`); a report with an unknown parameter, a
    failing cell, a dead worker or a dead browser fails alone and keeps its previous version.
    With `scheduler` (a Dask scheduler's address) the reports are executed and printed on that
    cluster's workers (`povlib.cluster`) and `jobs` caps how many run at once; the files are
    still published here.
    """
    reports, selected = _select(config, only, jobs, formats, scheduler)
    with output_lock(out_dir), locks.sigterm_as_interrupt():
        _check_writable(out_dir)
        shutil.rmtree(_tmp(out_dir), ignore_errors=True)  # leftovers of a killed build
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
            shutil.rmtree(_tmp(out_dir), ignore_errors=True)
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
        stamp = _stamp_path(out_dir, report.name)
        digest.update(stamp.read_bytes() if stamp.is_file() else b"-")
    key, marker = digest.hexdigest(), out_dir / ".stamps" / ".index.json"  # no report name starts with "."
    fresh = all(r.status == "skipped" for r in results) and (out_dir / "index.html").is_file()
    if fresh and marker.is_file() and marker.read_text(encoding="utf-8").strip() == key:
        return
    write_index(out_dir, reports, results, data_hash, depends)
    marker.parent.mkdir(exist_ok=True)
    _write_text_atomic(marker, key + "\n")


def _bad_parameters(reports: list[Report]) -> list[Result]:
    failed = []
    for report in reports:
        try:
            check_parameters(report)
        except PovlibError as exc:
            failed.append(Result(report.name, "failed", 0.0, "parameters", str(exc)))
    return failed


def _run(todo, out_dir, formats, keys, jobs, inputs, force, scheduler) -> list[Result]:
    from . import __version__

    data_hash, code = inputs
    stamp = f"built {_now()[:10]} · povlib {__version__} · data {data_hash}"
    progress, results = Progress(len(todo)), []
    if not todo:
        _export_data(out_dir, data_hash, force)
        return results
    _tmp(out_dir).mkdir(exist_ok=True)
    try:
        with contextlib.ExitStack() as stack:
            start = _start_cluster if scheduler else _start_local
            executed, printer = start(stack, todo, out_dir, formats, jobs, scheduler, (data_hash, code, stamp))
            _export_data(out_dir, data_hash, force)  # while the workers execute notebooks
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


def _export_data(out_dir: Path, data_hash: str, force: bool) -> None:
    """Export the data tables to reports/data unless they already reflect `data_hash`."""
    target = out_dir / "data"
    package = target / "datapackage.json"
    if not force and package.is_file() and json.loads(package.read_text(encoding="utf-8")).get("data_hash") == data_hash:
        return
    from .export import export
    export(target)


def summary(results: list[Result]) -> str:
    """Return the closing summary: counts, then one line per failed report (name, cell, error)."""
    counts = {s: sum(r.status == s for r in results) for s in ("built", "skipped", "failed")}
    lines = [f"build: {counts['built']} built, {counts['skipped']} unchanged, {counts['failed']} failed"]
    lines += [f"  FAILED {r.name}: {r.cell} {r.error}".rstrip() for r in results if r.status == "failed"]
    return "\n".join(lines)
