"""The errors povlib raises. Every message names the problem and the fix."""

from __future__ import annotations


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
