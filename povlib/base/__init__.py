"""The foundation: povlib's version, atomic file writes, file locks and child-process helpers.

May import: the standard library only (and `povlib.exceptions`). Everything else may import it.
"""
