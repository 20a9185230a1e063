"""The errors povlib raises. Every message names the problem and the fix."""

from __future__ import annotations

import errno


class PovlibError(Exception):
    """Base class of every error povlib raises on purpose."""


class DataError(PovlibError):
    """A curated table or manifest breaks a rule: names the file, the row, the problem, the fix."""

    def __init__(self, file, problem: str, fix: str, row: str | None = None):
        self.file = str(file)
        self.row = row
        self.problem = problem
        self.fix = fix
        where = self.file if row is None else f"{self.file}, {row}"
        super().__init__(f"{where}: {problem} (fix: {fix})")

    def __reduce__(self):
        """Pickle by the constructor's arguments (the catalog cache stores collected errors)."""
        return (type(self), (self.file, self.problem, self.fix, self.row))


class SeedError(PovlibError):
    """A seed document is missing or differs from the bytes its manifest hashed."""


class UnitError(PovlibError):
    """A `raw` number does not follow the number/unit grammar of `povlib.units`."""


class UnknownKeyError(PovlibError, KeyError):
    """An unknown region, indicator or source was asked for; the message lists the valid keys."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class ToolMissingError(PovlibError):
    """An external tool (browser, font, converter) is not installed; says how to install it."""


class DraftError(PovlibError):
    """`povlib draft` cannot run: a bad source id, an unreadable seed or a file it would overwrite."""


def os_error_message(exc: OSError, where: object = None) -> str:
    """Return one line for a failed file operation: the path (the error's own, else `where`), the
    cause and a fix that fits the cause (free space for a full disk, rights for a refusal)."""
    path = exc.filename or where
    place = f" {path}" if path else ""
    text = exc.strerror or str(exc) or type(exc).__name__
    code = exc.errno
    if code is None and "No space left on device" in str(exc):
        code = errno.ENOSPC
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (f"cannot write{place}: {text} (the disk or your quota is full): free some space there, "
                "or write to a folder on another disk")
    if code in (errno.EACCES, errno.EPERM):
        return f"cannot access{place}: {text}: give your user the right to it (chmod/chown), or use another path"
    if code == errno.EROFS:
        return f"cannot write{place}: {text}: choose a folder on a writable disk"
    if code == errno.ENOTDIR:
        return f"cannot access{place}: {text}: a part of the path is a file, not a folder; fix the path"
    if code == errno.ENOENT:
        return f"cannot access{place}: {text}: check the path"
    return f"cannot access{place}: {text} (check the path and its permissions)"
