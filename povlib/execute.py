"""Notebook execution on a warm kernel: one Jupyter kernel per build process, reused across reports.

Starting a kernel and importing pandas/matplotlib/povlib costs seconds per notebook; a batch
that reuses one kernel per worker pays it once. Between reports the kernel's namespace is reset
(`%reset -f`) and figures are closed, so a report sees no variable of the previous one; only
imported modules (and povlib's mtime-keyed data cache) are shared. Parameters are injected by
papermill's own `parameterize_notebook`, so executed notebooks look as papermill writes them.
"""

from __future__ import annotations

import multiprocessing.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

RESET = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"


@dataclass
class CellError(Exception):
    """A notebook cell raised: which cell, and the error's name and value."""

    cell: str
    ename: str
    evalue: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.ename}: {self.evalue}"


class WarmKernel:
    """A python3 kernel started on first use and shut down when the process exits."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.km = None

    def _manager(self):
        from jupyter_client.manager import KernelManager

        if self.km is None or not self.km.is_alive():
            self.km = KernelManager(kernel_name="python3")
            # the kernel process's own stderr (start-up chatter, crash traces) goes to a log file;
            # what cells print reaches the notebook through the kernel protocol as usual
            log = tempfile.NamedTemporaryFile("w", prefix="povlib-kernel-", suffix=".log", delete=False)
            self.km.start_kernel(cwd=str(self.cwd), stderr=log, stdout=log)
            multiprocessing.util.Finalize(self, _shutdown, args=(self.km, log.name), exitpriority=10)
        return self.km

    def run(self, notebook: Path, parameters: dict, output: Path, timeout: int = 600) -> None:
        """Execute `notebook` with `parameters` and write it to `output`; raise CellError on failure.

        The executed notebook (with the error, if any) is written in both cases.
        """
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
        from papermill.parameterize import parameterize_notebook

        nb = parameterize_notebook(nbformat.read(str(notebook), as_version=4), parameters)
        client = NotebookClient(nb, km=self._manager(), timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(self.cwd)}})
        index = -1
        try:
            with client.setup_kernel():
                client.kc.execute_interactive(RESET, timeout=60)
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
        except CellExecutionError as exc:
            raise CellError(f"cell {index} (execution {nb.cells[index].get('execution_count')})",
                            exc.ename, exc.evalue) from None
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            nbformat.write(nb, str(output))


def _shutdown(km, log: str) -> None:
    try:
        km.shutdown_kernel(now=True)
        os.remove(log)
    except Exception:  # the process is exiting; nothing else can be done
        pass


_KERNELS: dict[str, WarmKernel] = {}


def kernel(cwd: Path) -> WarmKernel:
    """Return this process's warm kernel for `cwd` (created on first call)."""
    key = str(cwd)
    if key not in _KERNELS:
        _KERNELS[key] = WarmKernel(cwd)
    return _KERNELS[key]
