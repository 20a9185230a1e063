"""The batch: `reports.yaml` configuration, keys and stamps of built reports, the local process pool,
the Dask runner, notebook execution on warm kernels, and PDF printing with Chromium.

Modules: config, outputs (results, keys, stamps, scratch), runner (`povlib build`), workers (local
pool), cluster (Dask), execute (kernels), pdf.

May import: `povlib.present`, `povlib.analysis`, `povlib.catalog`, `povlib.base`, `povlib.exceptions`;
never `povlib.draft` (the two are independent).
"""
