"""The analysis: metrics computed in code from curated facts (declines, rates per year, relocation,
funding) and the data exports of facts and metrics with their schema.

Modules: metrics, export.

May import: `povlib.catalog`, `povlib.base`, `povlib.exceptions`.
"""
