"""`povlib build --scheduler ADDRESS`: the same build on a Dask distributed cluster.

`Runner` has the shape of `povlib.workers.Pool` (a context manager whose `imap` yields
`(task, result)` as tasks finish) but submits to `dask.distributed.Client(ADDRESS)`. It keeps
at most one report per worker thread in flight, so a worker that dies holds only the report it
was running: that report fails with one line (dask's `KilledWorker`, after the scheduler's
`allowed-failures` retries) and the rest build.

On a worker, `execute_remote` executes the notebook on that worker thread's warm kernel
(`povlib.execute`), renders the HTML and prints the PDF with the thread's own Chromium (a
`pdf.Printer` kept alive between tasks); every temporary file lives in a worker-local scratch
folder. It returns the files' bytes; on the client `receive` writes them into
`<out>/.tmp/<name>/`, and `build.publish` renames them into place and writes the stamp.

The notebook's bytes travel with the task, and the worker checks that its own povlib code and
data hash to the values the client stamped the report with: a worker with another checkout
fails the report with one line instead of publishing a report built from other data.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import itertools
import multiprocessing.util
import operator
import os
import pickle
import shutil
import socket
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..present.pages import page_title, to_html
from .outputs import PROJECT_DIR, Result, clean_stale_scratch, code_hash, work_dir
from ..catalog.loader import input_hash
from .config import Report
from .pdf import BrowserError, Printer, footer_template
from ..exceptions import PovlibError
from ..catalog.layout import resolve

#: seconds to wait for the scheduler to answer, and for a first worker to join it
CONNECT_TIMEOUT = 10.0
WORKER_TIMEOUT = 30.0

#: the povlib code this process runs: a long-lived worker keeps what it imported, even after
#: its checkout changes on disk
LOADED_CODE = code_hash()


@dataclass
class RemoteTask:
    """One report to build on a worker: the report, its notebook's bytes, the formats, and the
    code and data hashes the client stamps it with."""

    report: Report
    notebook: bytes
    formats: tuple[str, ...]
    code: str
    data_hash: str
    stamp: str = ""


@dataclass
class Shipped:
    """What a worker sends back: the Result ('executed' or 'failed') and the files' bytes by
    extension (ipynb, html, pdf)."""

    result: Result
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class WorkerLost:
    """The result of a task that did not come back: its worker died, or could not run it."""

    reason: str

    def __str__(self) -> str:
        return self.reason


# --- client -----------------------------------------------------------------------------------


def connect(address: str):
    """Return a `distributed.Client` connected to `address` with at least one worker; raise a
    one-line PovlibError when the scheduler cannot be reached or has no worker."""
    try:
        from distributed import Client
    except ImportError:
        raise PovlibError("--scheduler needs Dask distributed, which is not installed: run "
                          "`.venv/bin/pip install -e '.[cluster]'` (or bash scripts/setup.sh)") from None
    reason = _probe(address)
    if not reason:
        try:
            return _with_workers(Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False), address)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
        gc.collect()  # the half-made Client closes now, not with a traceback when Python exits
    raise PovlibError(f"cannot reach the Dask scheduler at {address} ({reason}): start one with "
                      f"`dask scheduler` and workers with `dask worker {address}`, check the address "
                      "(tcp://HOST:8786), or build locally without --scheduler")


def _probe(address: str) -> str:
    """Return why no Dask scheduler answers at `address` ('' when one does), within
    CONNECT_TIMEOUT (the Client itself can wait forever on a port that accepts and stays silent)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:  # a refused port or unknown host is told at once (the Client retries until its timeout)
        scheme, location = parse_address(address)
        if scheme == "tcp":
            socket.create_connection(parse_host_port(location), timeout=CONNECT_TIMEOUT).close()
    except (OSError, ValueError, TypeError) as exc:
        return " ".join(str(exc).split()) or type(exc).__name__
    answer: dict = {}

    async def identity():
        from distributed.core import rpc

        async with rpc(address, timeout=CONNECT_TIMEOUT) as scheduler:
            return await scheduler.identity()

    def ask():
        try:
            answer["info"] = asyncio.run(asyncio.wait_for(identity(), CONNECT_TIMEOUT))
        except (asyncio.TimeoutError, TimeoutError):
            answer["error"] = f"no answer within {CONNECT_TIMEOUT:g} s"
        except OSError as exc:  # refused, reset or closed: not reachable
            answer["error"] = " ".join(str(exc).split()) or type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - bytes that are no Dask message (e.g. an HTTP reply read as frames)
            answer["error"] = (f"something answers there, but not in the Dask protocol ({type(exc).__name__}); "
                               "is it a web server or proxy? A scheduler listens on tcp://HOST:8786, its "
                               "dashboard on :8787 is not it")

    thread = threading.Thread(target=ask, name="povlib-probe", daemon=True)  # safe under a running loop
    thread.start()
    thread.join(CONNECT_TIMEOUT + 5)
    if "info" in answer:
        kind = answer["info"].get("type") if isinstance(answer["info"], dict) else None
        return "" if kind == "Scheduler" else f"it is a {kind or 'service'}, not a scheduler"
    return answer.get("error", f"no answer within {CONNECT_TIMEOUT:g} s")


def _with_workers(client, address: str):
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except (TimeoutError, OSError):
        client.close()
        raise PovlibError(f"the Dask scheduler at {address} has no worker after {WORKER_TIMEOUT:g} s: start "
                          f"some with `dask worker {address}` on machines set up as docs/reports.md says") from None
    return client


class Runner:
    """Runs `func` (a module-level function) on the workers of the Dask scheduler at `address`;
    use as a context manager and call `imap`. At most `limit` tasks (default: the cluster's worker
    threads) are in flight."""

    def __init__(self, func: Callable, address: str, limit: int | None = None):
        self.func, self.address, self.limit = func, address, limit
        self.client = None
        self.running: dict = {}

    def __enter__(self) -> "Runner":
        self.client = connect(self.address)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _slots(self) -> int:
        threads = sum(self.client.nthreads().values())
        return max(1, min(threads, self.limit) if self.limit else threads)

    def imap(self, tasks) -> Iterator[tuple[object, object]]:
        """Submit the tasks and return an iterator of (task, result) in order of completion;
        result is a WorkerLost when the task's worker died or could not run it, or when no
        worker was left for WORKER_TIMEOUT seconds."""
        from distributed import as_completed

        pending, done = deque(tasks), as_completed(loop=self.client.loop)
        prefix, numbers = f"povlib-{os.getpid()}-{time.time_ns()}", itertools.count()

        def fill():
            slots = self._slots()
            while pending and len(self.running) < slots:
                task = pending.popleft()
                future = self.client.submit(pickle.loads, call_payload(self.func, task),
                                            key=f"{prefix}-{next(numbers)}", pure=False, retries=0)
                self.running[future] = task
                done.add(future)

        def results():
            fill()
            while self.running:
                if not self._wait_ready(done):
                    lost = WorkerLost(f"no Dask worker was left at {self.address} for {WORKER_TIMEOUT:g} s: start "
                                      f"workers with `dask worker {self.address}` and build again")
                    yield from ((task, lost) for task in [*self.running.values(), *pending])
                    pending.clear()
                    return
                for future in done.next_batch(block=False):
                    task = self.running.pop(future)
                    yield task, _outcome(future)
                    future.release()
                fill()

        return results()

    def _wait_ready(self, done) -> bool:
        """Wait until a task finished; return False when the cluster had no worker for WORKER_TIMEOUT s."""
        alone_since, checked = None, 0.0
        while not done.has_ready():
            time.sleep(0.05)
            now = time.monotonic()
            if now - checked >= 2:
                checked = now
                if self.client.nthreads():
                    alone_since = None
                elif alone_since is None:
                    alone_since = now
                elif now - alone_since >= WORKER_TIMEOUT:
                    return False
        return True

    def close(self) -> None:
        """Cancel what is still in flight and disconnect; returns None."""
        if self.client is None:
            return
        try:
            if self.running:
                self.client.cancel(list(self.running))
        finally:
            self.running = {}
            self.client.close()
            self.client = None


class _Call:
    """Pickles as "call func(*args)": loading it makes the call (pickle's REDUCE)."""

    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __reduce__(self):
        return self.func, self.args


def call_payload(func: Callable, task) -> bytes:
    """Return pickle bytes whose loading imports `func`'s module, calls `func(task)` and gives its
    result; submitted as `pickle.loads(payload)`.

    Dask unpickles a task's function and arguments in the worker's connection handler, and a
    worker that cannot (a missing or older povlib: `No module named 'povlib.cluster'`) closes
    itself, so the build would wait forever. Wrapped like this the worker's handler sees only
    `pickle.loads` and bytes; the import runs inside the task, and its error fails that report.
    """
    target = _Call(getattr, _Call(importlib.import_module, func.__module__), func.__qualname__)
    return pickle.dumps(_Call(operator.call, target, task))


def _outcome(future):
    if future.status == "finished":
        return future.result()
    if future.status == "cancelled":
        return WorkerLost("the Dask scheduler cancelled it (it restarted, or the connection to it was lost); "
                          "build again")
    exc = future.exception()
    if type(exc).__name__ == "KilledWorker":
        worker = getattr(getattr(exc, "last_worker", None), "address", "?")
        tries = getattr(exc, "allowed_failures", 0) + 1
        return WorkerLost(f"the Dask worker running it ({worker}) died (KilledWorker after {tries} attempt(s), "
                          "e.g. out of memory); build it again with --only")
    text = " ".join(str(exc).split())
    return WorkerLost(f"a Dask worker could not run it ({type(exc).__name__}: {text}): install the same "
                      "povlib checkout on every worker (see docs/reports.md)")


def remote_task(report: Report, formats: tuple[str, ...], code: str, data_hash: str, stamp: str = "") -> RemoteTask:
    """Return the task that builds `report` on a worker (the notebook's bytes read here; `stamp`
    goes in the PDF footer)."""
    return RemoteTask(report, report.notebook.read_bytes(), formats, code, data_hash, stamp)


def receive(task: RemoteTask, done, out_dir: Path) -> Result:
    """On the client: write a worker's files into `<out>/.tmp/<name>/` for `build.publish`;
    return the Result ('executed', or 'failed' with one line)."""
    name = task.report.name
    if isinstance(done, WorkerLost):
        return Result(name, "failed", 0.0, "", str(done))
    result = done.result
    if result.status != "executed":
        return result
    missing = [ext for ext in ("ipynb", *task.formats) if ext not in done.files]
    if missing:
        return Result(name, "failed", result.seconds, "", f"the worker sent no {', '.join(missing)} file",
                      worker=result.worker)
    work = work_dir(out_dir, name)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for ext, data in done.files.items():
        (work / f"{name}.{ext}").write_bytes(data)
    return result


# --- worker -----------------------------------------------------------------------------------

_LOCAL = threading.local()
_SLOTS = itertools.count()
_PRINTERS: list = []
_SETUP = threading.Lock()
_STARTED: list[bool] = []


def worker_scratch() -> Path:
    """Return this worker process's scratch folder (kernels, Chromium, work files), removed when
    the process exits; a killed worker's folder is removed by the next build on that machine."""
    return Path(tempfile.gettempdir()) / f"povlib-{os.getuid()}-dask-{os.getpid()}"


def _cleanup() -> None:
    for printer in _PRINTERS:
        printer.close()
    shutil.rmtree(worker_scratch(), ignore_errors=True)


def _slot() -> Path:
    """Return this worker thread's own scratch folder (first call: set up the process's cleanup)."""
    if not hasattr(_LOCAL, "dir"):
        with _SETUP:
            if not _STARTED:
                _STARTED.append(True)
                clean_stale_scratch()
                # runs after the kernels' finalizers (priority 10) when the worker process exits
                multiprocessing.util.Finalize(None, _cleanup, exitpriority=5)
            _LOCAL.dir = worker_scratch() / f"s{next(_SLOTS)}"
            _LOCAL.dir.mkdir(parents=True, exist_ok=True)
    return _LOCAL.dir


def _printer():
    """Return this worker thread's Printer (started on first use, restarted if Chromium died)."""

    printer = getattr(_LOCAL, "printer", None)
    if printer is None:
        printer = _LOCAL.printer = Printer(tmp=_slot())
        _PRINTERS.append(printer)
    elif printer.browser is not None and printer.browser.proc.poll() is not None:
        printer.close()  # its Chromium died between reports: the next print starts a new one
    return printer


def where() -> str:
    """Return where this process runs: the Dask worker's address (or host name) and its pid."""
    try:
        from distributed import get_worker
        address = get_worker().address
    except (ImportError, ValueError):
        address = socket.gethostname()
    return f"{address} pid {os.getpid()}"


def _other_checkout(task: RemoteTask) -> str:
    """Return why this worker must not build the task ('' when its code and data are the client's)."""
    data = input_hash(resolve(None))
    if (LOADED_CODE, data) == (task.code, task.data_hash):
        return ""
    return (f"this worker's povlib differs from the client's (code {LOADED_CODE} vs {task.code}, data {data} "
            f"vs {task.data_hash}): give every worker the same checkout, then restart it")


def execute_remote(task: RemoteTask) -> Shipped:
    """Run on a Dask worker: execute the notebook on the thread's warm kernel, render the HTML,
    print the PDF; return a Shipped with the files' bytes (never raises: one report must not stop
    the others)."""

    report, start, here = task.report, time.monotonic(), where()

    def failed(cell: str, error: str) -> Shipped:
        return Shipped(Result(report.name, "failed", time.monotonic() - start, cell, error, worker=here))

    work = None
    try:
        from .execute import CellError, kernel

        problem = _other_checkout(task)
        if problem:
            return failed("", problem)
        work = _slot() / "work"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        source, executed = work / "source.ipynb", work / f"{report.name}.ipynb"
        source.write_bytes(task.notebook)
        html = work / f"{report.name}.html"
        try:
            kernel(PROJECT_DIR, _slot() / "kernels").run(source, report.parameters, executed)
        except CellError as exc:
            return failed(exc.cell, f"{exc.ename}: {exc.evalue}")
        html.write_text(to_html(executed, report.name), encoding="utf-8")
        if "pdf" in task.formats:
            try:
                _printer().print_pdf(html, work / f"{report.name}.pdf", footer_template(page_title(html), task.stamp))
            except BrowserError as exc:
                return failed("PDF", f"{exc}; the worker's browser is restarted for the next report")
        files = {ext: (work / f"{report.name}.{ext}").read_bytes() for ext in ("ipynb", *task.formats)}
        return Shipped(Result(report.name, "executed", time.monotonic() - start, worker=here), files)
    except Exception as exc:  # noqa: BLE001 - reported in the summary, not raised
        return failed("", f"{type(exc).__name__}: {exc}")
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
