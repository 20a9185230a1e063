"""The data model: seeds and their manifests, curated facts, the exclusion ledger, anomalies and
arithmetic checks, reference tables (regions, indicators), units, coverage, validation and its
cache, the DataFrame loaders, search and the exported tables' schema.

Modules: layout (where the files are), tables (YAML/CSV reading), units (the `raw` grammar),
sources (seeds and manifests), journal (an interrupted draft), facts, reference, checks, coverage,
schema, cache, loader (the validated catalog), frames (DataFrames), search.

May import: `povlib.base` and `povlib.exceptions`. Imported by every other job.
"""
