"""povlib's version (one place; `povlib.__version__` and every stamp read it)."""

__version__ = "0.1.0"
