"""Drafting a new source: number candidates in a document, suggested fields (indicator, measure,
period, scope), the manifest draft (date, title, regions, boilerplate), repeat detection, and the
all-or-nothing draft files with their lock and journal.

Modules: candidates, periods, suggest, repeats, manifest, files, pipeline (`povlib draft`).

May import: `povlib.catalog`, `povlib.base`, `povlib.exceptions`; never `povlib.build`, and nothing
of `povlib.analysis` or `povlib.present` (drafting works on the data model alone).
"""
