"""A small process pool for the build: one task per worker at a time, and a dead worker fails
only the task it held.

`concurrent.futures.ProcessPoolExecutor` breaks as a whole when one worker is killed (by the OOM
killer, say): every pending report then fails with `BrokenProcessPool`. Here each worker talks to
the main process over its own pipe, so the main process knows which report a dead worker held,
reports that one as failed, starts a replacement and goes on with the rest. Workers ignore
Ctrl-C (the main process decides) and die with the main process (`procs.die_with_parent`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait

from ..base.procs import die_with_parent

_CTX = multiprocessing.get_context("fork")
_CONN = None  # in a worker: its pipe to the main process


def reply_and_exit(result) -> None:
    """In a worker: send `result` for the task in hand and end the process at once (the pool starts
    a fresh worker). Used when the task's state is beyond repair, e.g. its kernel died. Outside a
    worker it returns and does nothing."""
    if _CONN is None:
        return
    _CONN.send(result)
    os._exit(0)


@dataclass
class WorkerDied:
    """The result of a task whose worker process died before answering."""

    exitcode: int | None

    def __str__(self) -> str:
        how = (f"killed by signal {-self.exitcode}" if self.exitcode and self.exitcode < 0
               else f"exit code {self.exitcode}")
        return (f"the build process running it died ({how}, e.g. out of memory); build it again with "
                f"--only")


def _serve(conn, func: Callable, parent: int) -> None:
    global _CONN
    _CONN = conn
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = func(task)
        conn.send(result)
        if getattr(result, "retire", False):  # e.g. its kernel died: start afresh in a new worker
            return


class _Worker:
    def __init__(self, func: Callable):
        self.conn, child = _CTX.Pipe()
        self.proc = _CTX.Process(target=_serve, args=(child, func, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.task = None


class Pool:
    """`size` worker processes running `func`; use as a context manager and call `imap`."""

    def __init__(self, func: Callable, size: int):
        self.func, self.size = func, size
        self.workers: list[_Worker] = []

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close(graceful=exc[0] is None)

    def imap(self, tasks) -> Iterator[tuple[object, object]]:
        """Start the tasks at once and return an iterator of (task, result) in order of completion;
        result is a WorkerDied when the task's worker died."""
        pending = deque(tasks)
        while len(self.workers) < min(self.size, len(pending)):
            self.workers.append(_Worker(self.func))
        self._dispatch(pending)
        return self._results(pending)

    def _dispatch(self, pending: deque) -> None:
        for i, w in enumerate(self.workers):
            if w.task is None and pending and not w.proc.is_alive():
                w.proc.join()
                w.conn.close()
                self.workers[i] = w = _Worker(self.func)
            if w.task is None and pending:
                w.task = pending.popleft()
                w.conn.send(w.task)

    def _results(self, pending: deque):
        while pending or any(w.task is not None for w in self.workers):
            self._dispatch(pending)
            busy = [w for w in self.workers if w.task is not None]
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy])
            done = [answer for w in busy for answer in self._collect(w)]
            # the freed workers start their next tasks before the caller handles these results (the
            # build prints a PDF per result meanwhile): a worker never idles while the caller works
            self._dispatch(pending)
            yield from done

    def _collect(self, w: _Worker) -> list[tuple[object, object]]:
        """Return [(task, result)] when worker `w` answered or died (replacing a worker that
        stopped), else []."""
        if w.conn.poll():
            try:
                result = w.conn.recv()
            except (EOFError, OSError):
                result = None
            else:
                task, w.task = w.task, None
                if getattr(result, "retire", False):  # the worker stops after this answer: replace it
                    w.proc.join(timeout=30)
                    self.workers[self.workers.index(w)] = _Worker(self.func)
                return [(task, result)]
        if not w.proc.is_alive():
            w.proc.join()
            task, w.task = w.task, None
            self.workers[self.workers.index(w)] = _Worker(self.func)
            return [(task, WorkerDied(w.proc.exitcode))]
        return []

    def close(self, graceful: bool = True) -> None:
        """Stop every worker (asking first when `graceful`, killing otherwise); returns None."""
        for w in self.workers:
            if graceful:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self.workers:
            w.proc.join(timeout=20 if graceful else 0)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self.workers = []
