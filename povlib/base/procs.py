"""Child processes that die with the build, even when the build itself is killed with SIGKILL."""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask Linux to SIGKILL the calling process when its parent dies; returns None.

    Used as `preexec_fn` for Chromium and kernels, and first thing in each build worker. Where
    prctl is not available (not Linux) it does nothing. With `parent_pid`, a process whose parent
    already died before the call exits at once.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)
