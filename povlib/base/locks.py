"""One writer at a time: an flock that names its holder, and SIGTERM stopping a writer as Ctrl-C does.

Used by `povlib build` (`<out>/.lock`) and `povlib draft` (`seeds/.draft.lock`). The kernel releases
an flock when its holder dies, so a killed process never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import threading


@contextlib.contextmanager
def hold(fd: int, waiting, say):
    """Hold an exclusive flock on the open file `fd` and write our pid into it; when another
    process holds it, call `say(waiting(holder_pid))` once and wait. Yields None."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        say(waiting(holder))
        fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    yield


@contextlib.contextmanager
def sigterm_as_interrupt():
    """Let SIGTERM raise KeyboardInterrupt in the main thread (so the caller's clean-up runs, as
    for Ctrl-C) while the block runs; elsewhere do nothing. Yields None."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
