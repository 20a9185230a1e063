"""Notebook execution on a warm kernel: one Jupyter kernel per build process, reused across reports.

Starting a kernel and importing pandas/matplotlib/povlib costs seconds per notebook; a batch
that reuses one kernel per worker pays it once. Between reports the kernel's namespace is reset
(`%reset -f`) and figures are closed, so a report sees no variable of the previous one; only
imported modules (and povlib's mtime-keyed data cache) are shared. Parameters are injected by
papermill's own `parameterize_notebook`, so executed notebooks look as papermill writes them.
"""

from __future__ import annotations

import contextlib
import multiprocessing.util
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from ..base.procs import die_with_parent

#: run before each report: the namespace reset and figures closed; then what survives (imported modules,
#: the catalog's memo) is frozen out of the garbage collector's view (`gc.freeze`), so the full
#: collection of the next reset, and those while a report runs, scan only what that report made
#: (about 0.15 s each otherwise, twice per reset)
RESET = ("%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n"
         "import gc as _gc\n_gc.freeze()\ndel _gc")


@dataclass
class CellError(Exception):
    """A notebook cell raised: which cell, and the error's name and value."""

    cell: str
    ename: str
    evalue: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.ename}: {self.evalue}"


class KernelDied(Exception):
    """The kernel process died while a notebook was running (killed, out of memory)."""


def _raise_kernel_died(signum, frame):
    raise KernelDied


@contextlib.contextmanager
def watch_kernel(km, on_death=None, every: float = 0.5):
    """Watch the kernel process while the block runs; when it dies, call `on_death()` from the
    watchdog thread (a build worker answers and exits there), else raise KernelDied in the main
    thread with SIGUSR1.

    nbclient waits for the kernel's output on a blocking socket and would wait forever for a dead
    kernel, and a signal does not always interrupt that wait: a worker process therefore reports
    the failure itself and is replaced.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stop = threading.Event()
    main = threading.main_thread().ident

    def watch():
        # the kernel's Popen, polled directly: KernelManager.is_alive() runs an event loop of its own,
        # which from this thread keeps answering True for a dead kernel
        process = getattr(km.provisioner, "process", None)
        while not stop.wait(every):
            if process is not None and process.poll() is not None:
                if on_death is not None:
                    on_death()
                signal.pthread_kill(main, signal.SIGUSR1)  # to the main thread: it interrupts its wait
                return

    previous = signal.signal(signal.SIGUSR1, _raise_kernel_died)
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        signal.signal(signal.SIGUSR1, previous)


class WarmKernel:
    """A python3 kernel started on first use and shut down when the process exits.

    Its connection file and log live in `tmp` (the build's `.tmp/kernels/`), which the next build
    removes, so a killed build leaves nothing in the system's temporary folder.
    """

    def __init__(self, cwd: Path, tmp: Path):
        self.cwd, self.tmp = cwd, tmp
        self.km = None
        self._finalizer = None

    def _manager(self):
        from jupyter_client.manager import KernelManager

        if self.km is None or not self.km.is_alive():
            self.tmp.mkdir(parents=True, exist_ok=True)
            stem = self.tmp / f"kernel-{os.getpid()}"
            self.km = KernelManager(kernel_name="python3", connection_file=f"{stem}.json")
            # the kernel process's own stderr (start-up chatter, crash traces) goes to a log file;
            # what cells print reaches the notebook through the kernel protocol as usual
            log = open(f"{stem}.log", "w", encoding="utf-8")  # noqa: SIM115 - closed at shutdown
            self.km.start_kernel(cwd=str(self.cwd), stderr=log, stdout=log, preexec_fn=die_with_parent)
            self._finalizer = multiprocessing.util.Finalize(self, _shutdown, args=(self.km, log), exitpriority=10)
        return self.km

    def close(self) -> None:
        """Shut the kernel down now (as at the process's exit, which then has nothing left to do);
        returns None."""
        if self._finalizer is not None:
            self._finalizer()   # a Finalize runs once
            self._finalizer, self.km = None, None

    def run(self, notebook: Path, parameters: dict, output: Path, timeout: int = 600, on_death=None) -> None:
        """Execute `notebook` with `parameters` and write it to `output`; raise CellError on failure.

        The executed notebook (with the error, if any) is written in both cases. `on_death` is
        called if the kernel process dies meanwhile (see `watch_kernel`).
        """
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
        from papermill.parameterize import parameterize_notebook

        nb = nbformat.read(str(notebook), as_version=4)
        nb.metadata.setdefault("papermill", {})  # papermill expects it; a notebook never run by papermill lacks it
        for cell in nb.cells:
            cell.metadata.setdefault("tags", [])
        nb = parameterize_notebook(nb, parameters)
        _fix_injected_cell_id(nb)
        client = NotebookClient(nb, km=self._manager(), timeout=timeout, kernel_name="python3",
                                record_timing=False, resources={"metadata": {"path": str(self.cwd)}})
        index = -1
        try:
            with watch_kernel(client.km, on_death), client.setup_kernel():
                client.kc.execute_interactive(RESET, timeout=60)
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
        except CellExecutionError as exc:
            raise CellError(f"cell {index} (execution {nb.cells[index].get('execution_count')})",
                            exc.ename, exc.evalue) from None
        except KernelDied:
            raise CellError(f"cell {index}" if index >= 0 else "kernel start", "KernelDied", "the notebook's kernel died (killed, or out of "
                            "memory); build the report again") from None
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            renumber(nb)
            nbformat.write(nb, str(output))


def _fix_injected_cell_id(nb) -> None:
    """Give papermill's injected parameters cell a fixed id (papermill draws a random one)."""
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"


def renumber(nb) -> None:
    """Number executed code cells 1, 2, 3... as a fresh kernel would (a warm kernel's counts
    depend on what it ran before); returns None."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = count


def _shutdown(km, log) -> None:
    try:
        km.shutdown_kernel(now=True)
        log.close()
        os.remove(log.name)
    except Exception:  # the process is exiting; nothing else can be done
        pass


_KERNELS: dict[str, WarmKernel] = {}


def shutdown_kernels() -> None:
    """Shut down every warm kernel this process started (a Dask worker that stops does so before
    its scratch folder is removed); returns None."""
    for warm in list(_KERNELS.values()):
        warm.close()


def kernel(cwd: Path, tmp: Path) -> WarmKernel:
    """Return this process's warm kernel for `cwd` (created on first call; files kept in `tmp`)."""
    key = f"{cwd}\0{tmp}"
    if key not in _KERNELS:
        _KERNELS[key] = WarmKernel(cwd, tmp)
    return _KERNELS[key]
